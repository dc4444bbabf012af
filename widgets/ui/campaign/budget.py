"""6.3 budget: the budget lines (objective and task, zero-based) and the six methods side by side, each
worked out by :mod:`widgets.metrics`; the learner chooses one, says why, and sees the difference between
the chosen budget and what the tasks cost."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.campaign import (
    METHODS,
    Budget,
    BudgetLine,
    CampaignPlan,
    _table,
    budget_methods,
    fmt_money,
)
from widgets.activities.common import build
from widgets.ui.activities.common import WIDE, heading
from widgets.ui.campaign.common import F, ListPart, PlanState, make_widget, read_value, shown_value

METHOD_FIELDS = (
    F("sales", "Sales (turnover), £", "amount", "e.g. 4200000"),
    F("percentage", "Percentage of sales", "amount", "e.g. 1.5"),
    F("competitor_spend", "Competitor's spend, £", "amount"),
    F("affordable", "What you can afford, £", "amount"),
    F("last_budget", "Last campaign's budget, £", "amount"),
    F("change_percent", "Change on last budget, %", "amount", "e.g. 10"),
    F("chosen", "Method you choose", "method"),
    F("why", "Why this method", "area"),
)


class BudgetView(ListPart):
    part, noun, model = "budget", "budget line", BudgetLine
    intro = ("List what the money is for, with a cost and a reason for each line. Then enter the figures the "
             "other methods need: the table works out all six side by side. Choose one and say why.")
    fields = (F("item", "Budget line"), F("cost", "Cost, £", "amount", "e.g. 18000"),
              F("justification", "Why it is needed", "area"))

    def __init__(self, state: PlanState):
        super().__init__(state)
        self.method_inputs = {f.name: make_widget(f) for f in METHOD_FIELDS}
        self.method_notes = {f.name: w.HTML(layout=WIDE) for f in METHOD_FIELDS}
        for f in METHOD_FIELDS:
            self.on_change(self.method_inputs[f.name], lambda _c, f=f: self.method_changed(f),
                           self.method_notes[f.name])
        self.methods = w.HTML(layout=WIDE)
        self.view = self.frame(*self.form(), heading("The six methods", 4),
                               *[self.field_box(self.method_inputs[f.name], self.method_notes[f.name])
                                 for f in METHOD_FIELDS], self.methods)
        self.refresh()
        self.render()

    def items(self) -> list:
        return list(self.plan.budget.lines)

    def put(self, items: list) -> CampaignPlan:
        return self.plan.with_(budget=build(Budget, **{**self.plan.budget.model_dump(), "lines": items}))

    def label(self, record: BudgetLine) -> str:
        return f"{record.item[:50]}: {fmt_money(record.cost)}"

    def refresh(self) -> None:
        super().refresh()
        for f in METHOD_FIELDS:
            self.method_inputs[f.name].value = shown_value(f, getattr(self.plan.budget, f.name))
            self.method_notes[f.name].value = ""

    def method_changed(self, f: F) -> None:
        if self._muted:
            return
        try:
            value = read_value(f, self.method_inputs[f.name])
            plan = self.plan.with_(budget=build(Budget, **{**self.plan.budget.model_dump(), f.name: value}))
        except ValueError as exc:
            self.fail(f"{exc} What you typed is kept; the plan still has the last value that worked.",
                      self.method_notes[f.name])
            return
        self.method_notes[f.name].value = ""
        self.state.set(plan, self.part)
        self.say(f"{f.label} saved; the six methods are worked out again.")

    def render(self) -> None:
        super().render()
        b = self.plan.budget
        rows = [[METHODS[m.method] + (" (your choice)" if m.method == b.chosen else ""), fmt_money(m.value) or "—",
                 fmt_money(m.value - b.task_total) if m.value is not None and b.lines else "—",
                 " ".join(m.working) or m.problem] for m in budget_methods(b)]
        self.methods.value = _table(f"The six methods side by side (the tasks cost {fmt_money(b.task_total)})",
                                    ("Method", "Budget", "Difference from the tasks' cost", "Working"), rows)
