"""Stakeholder perspectives (5.4): why, what, how and a justification for the customer, the organisation, employees
and competitors, with the checks."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities import measurement_plan as mp
from widgets.ui.activities.common import WIDE, area, heading

esc = html.escape


def build(view) -> w.VBox:
    view.persp_boxes: dict[tuple[str, str], w.Textarea] = {}
    view.persp_msgs: dict[str, w.HTML] = {}
    rows: list[w.Widget] = [w.HTML(f"<p>{esc(view.task.instructions.get('stakeholders', ''))}</p>", layout=WIDE)]
    for s in mp.PERSPECTIVES:
        label = mp.PERSPECTIVE_LABELS[s]
        msg = w.HTML(layout=WIDE)
        view.persp_msgs[s] = msg
        rows.append(heading(f"{label} perspective", 5))
        for f, flabel in mp.PERSPECTIVE_FIELDS.items():
            box = area(f"{label}: {flabel.lower()}", rows=2)
            view.persp_boxes[(s, f)] = box
            view.on_change(box, lambda _c, s=s, f=f: view.update(
                view.persp_msgs[s], f"{mp.PERSPECTIVE_LABELS[s]} perspective updated.",
                lambda: mp.with_perspective(view.work, s, f, view.persp_boxes[(s, f)].value)), msg)
            rows.append(box)
        rows.append(msg)
    view.persp_checks = w.HTML(layout=WIDE)
    return w.VBox([*rows, heading("Checks on your perspectives", 4), view.persp_checks])


def fill(view, work: mp.MeasurementWork) -> None:
    for p in work.stakeholders:
        for f in mp.PERSPECTIVE_FIELDS:
            view.persp_boxes[(p.stakeholder, f)].value = getattr(p, f)


def refresh(view, work: mp.MeasurementWork) -> None:
    view.persp_checks.value = mp.notes_html(mp.perspective_notes(work))
