"""The plan's own form: organisation, persona, sources, review cadence and cycle, total budget; and
:meth:`PlanForm.change_plan`, the one way every part changes the plan (a refusal changes nothing)."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.optimisation_plan import CADENCES, SOURCES, OptimisationPlan, _money, with_changes
from widgets.ui.activities.common import WIDE, ActivityView, area, button, dropdown, text
from widgets.ui.common import error_html


class PlanForm(ActivityView):
    """Part of :class:`~widgets.ui.activities.optimisation_plan.OptimisationPlanView`: the plan-level fields."""

    abstract = True
    plan: OptimisationPlan

    def build_plan_form(self) -> None:
        self.organisation = text("Organisation")
        self.persona = area("Persona the plan serves", rows=3)
        self.sources = [w.Checkbox(description=label, indent=False) for label in SOURCES.values()]
        self.sources_note = area("What each source showed", rows=3)
        self.cadence = dropdown("Review cadence", [("Not chosen yet", None)] + [(v, k) for k, v in CADENCES.items()])
        self.cycle = area("Continuous-improvement cycle", rows=3,
                          placeholder="who reviews, what they look at, what happens when a metric does not move")
        self.budget_total = text("Total budget (£)", placeholder="e.g. 150000")
        self.plan_msg = w.HTML(layout=WIDE)
        self.on_change(self.budget_total, self.check_total, self.plan_msg)
        self.save_plan = button("Update the plan details")
        self.on_click(self.save_plan, self.update_plan, self.plan_msg)

    def plan_form_widgets(self) -> list[w.Widget]:
        return [self.organisation, self.persona, w.HTML("<p id='cx-plan-sources'>Sources used:</p>"),
                w.VBox(self.sources), self.sources_note, self.cadence, self.cycle, self.budget_total, self.plan_msg,
                self.save_plan]

    def fill_plan_form(self) -> None:
        p = self.plan
        with self._silent():
            self.organisation.value, self.persona.value = p.organisation, p.persona
            for box, key in zip(self.sources, SOURCES, strict=True):
                box.value = key in p.sources
            self.sources_note.value, self.cadence.value, self.cycle.value = p.sources_note, p.cadence, p.cycle
            self.budget_total.value = "" if p.budget_total is None else f"{p.budget_total:g}"

    def update_plan(self) -> None:
        sources = [key for box, key in zip(self.sources, SOURCES, strict=True) if box.value]
        self.change_plan(self.plan_msg, "Plan details updated.", organisation=self.organisation.value,
                         persona=self.persona.value, sources=sources, sources_note=self.sources_note.value,
                         cadence=self.cadence.value, cycle=self.cycle.value, budget_total=self.budget_total.value)

    def change_plan(self, where: w.HTML, done: str, **changes: object) -> bool:
        return self.apply_change(where, lambda: with_changes(self.plan, **changes), done, attr="plan")

    def check_total(self, _change: dict) -> None:
        """A total budget that is not a usable number is answered at once, beside the plan's form."""
        try:
            _money(self.budget_total.value, "Total budget (£)")
        except ValueError as exc:
            self.plan_msg.value = error_html(f"{exc} Your text is kept.")
            return
        self.plan_msg.value = ""
