"""5.1 objectives: structured fields per objective, a SMART check part by part as the learner types, and
the objective written back as one sentence from the learner's own fields."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.campaign import Objective, esc, notes_html, smart_check
from widgets.activities.common import build
from widgets.ui.activities.common import WIDE
from widgets.ui.campaign.common import F, ListPart, PlanState, read_value


class ObjectivesView(ListPart):
    part, noun, attr, model = "objectives", "objective", "objectives", Objective
    required = ("change", "measure")
    intro = ("Fill in each part of the objective. The SMART check under the form says, part by part, what is "
             "missing and why it matters, and writes your objective as one sentence.")
    fields = (
        F("change", "What will change", placeholder="e.g. Sign up new subscribers"),
        F("measure", "What you will count", placeholder="the measure, e.g. new subscribers"),
        F("target", "Target number", "amount", "e.g. 1500"),
        F("unit", "Unit (optional)", placeholder="e.g. % for a share"),
        F("baseline", "Baseline (optional)", "amount", "where it starts, e.g. 8"),
        F("audience", "Audience"),
        F("start", "Start date", "date"),
        F("deadline", "Deadline", "date"),
        F("achievable", "Why it is achievable", "area"),
        F("serves", "Marketing objective it serves"),
        F("wording", "Your own wording (optional)", "area"),
    )

    def __init__(self, state: PlanState):
        super().__init__(state)
        self.smart = w.HTML(layout=WIDE)
        self.view = self.frame(*self.form(), self.smart)
        self.refresh()
        self.render()

    def label(self, record: Objective) -> str:
        return record.label[:70]

    def draft_changed(self) -> None:
        """Check the objective in the form, as it stands, and say what is missing."""
        values = {}
        for f in self.fields:
            try:
                values[f.name] = read_value(f, self.inputs[f.name])
            except ValueError:
                values[f.name] = None
        try:
            draft = build(Objective, **values)
        except ValueError as exc:
            where = self.notes["deadline"] if "deadline" in str(exc).lower() else None
            self.fail(f"{exc} What you typed is kept.", where)
            self.smart.value = ""
            return
        self.notes["deadline"].value = ""
        problems = sum(n.level == "problem" for n in smart_check(draft))
        verdict = ("This objective is SMART." if not problems
                   else f"{problems} part{'s' if problems != 1 else ''} of SMART still to fix.")
        self.smart.value = (f"<div class='cx-campaign-smart' role='status' aria-live='polite'>"
                            f"<p><strong>SMART check of the objective in the form:</strong> {esc(verdict)}</p>"
                            f"{notes_html(smart_check(draft))}"
                            f"<p><strong>Your objective in one sentence:</strong> {esc(draft.sentence())}</p></div>")
