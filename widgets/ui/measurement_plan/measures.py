"""Measures and research methods (5.1, 5.2): the context, a form to add a measure or method with its reason, what
it captures, sample and frequency and a limitation, the table and the coverage checks."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities import measurement_plan as mp
from widgets.ui.activities.common import WIDE, area, button, dropdown, heading

esc = html.escape


def hint(text_: str) -> w.HTML:
    return w.HTML(f"<p class='cx-hint'>{esc(text_)}</p>", layout=WIDE)


def _options(kind: str) -> list[tuple[str, str]]:
    if kind == "measure":
        return [(f"{label} — {group}", key) for key, (label, group, _) in mp.MEASURES.items()]
    return [(f"{label} — {group}", key) for key, (label, group) in mp.METHODS.items()]


def build(view) -> w.VBox:
    view.context = area("Context", rows=3)
    view.context_msg, view.choice_msg = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
    view.on_change(view.context, lambda _c: view.update(
        view.context_msg, "Context updated.", lambda: mp.with_changes(view.work, context=view.context.value)),
        view.context_msg)
    view.kind = dropdown("Add a", [("Measure (5.1)", "measure"), ("Research method (5.2)", "method")], "measure")
    view.item = dropdown("Measure or method", _options("measure"))
    view.on_change(view.kind, lambda _c: setattr(view.item, "options", _options(view.kind.value)), view.choice_msg)
    view.reason = area("Reason", rows=2)
    view.captures = area("What it captures", rows=2)
    view.sample = area("Sample and frequency", rows=1)
    view.limitation = area("Limitation", rows=2)
    view.add = button("Add to the plan")
    view.on_click(view.add, lambda: add(view), view.choice_msg)
    view.chosen = dropdown("Your measures and methods", [])
    view.remove = button("Remove the selected item")
    view.on_click(view.remove, lambda: view.update(view.choice_msg, "Removed from the plan.",
                                                   lambda: mp.remove_choice(view.work, view.chosen.value)),
                  view.choice_msg)
    view.choice_table, view.measure_checks = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
    return w.VBox([w.HTML(f"<p>{esc(view.task.instructions.get('measures', ''))}</p>", layout=WIDE),
                   view.context, hint("Which organisation, which customers, which experience you want to measure."),
                   view.context_msg, heading("Add a measure or a research method", 4), view.kind, view.item,
                   view.reason, hint("Why it suits this context."), view.captures, view.sample,
                   hint("Who is asked or counted, how many, how often (for a survey, panel, interviews …)."),
                   view.limitation, view.choice_msg, view.add, view.chosen, view.remove, view.choice_table,
                   heading("Checks on your coverage", 4), view.measure_checks])


def add(view) -> None:
    label = mp.ITEM_LABELS.get(view.item.value or "", "the item")
    if view.update(view.choice_msg, f"{label} added to the plan.",
                   lambda: mp.add_choice(view.work, view.kind.value, view.item.value, view.reason.value,
                                         view.captures.value, view.sample.value, view.limitation.value)):
        for box in (view.reason, view.captures, view.sample, view.limitation):
            box.value = ""


def fill(view, work: mp.MeasurementWork) -> None:
    view.context.value = work.context


def refresh(view, work: mp.MeasurementWork) -> None:
    view.chosen.options = [(f"{n}. {mp.ITEM_LABELS[c.key]}", n - 1) for n, c in enumerate(work.choices, 1)]
    view.chosen.value = None
    view.choice_table.value = mp.choices_html(work)
    view.measure_checks.value = mp.notes_html(mp.measure_notes(work))
