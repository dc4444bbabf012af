"""The guest-insight app (BTEC HN Unit 16, Millbrook Hotels): the segment profile (LO1) and the CRM explorer
(LO3) in tabs, and :class:`RuleBuilder`, the filter form both views share (muted updates and reopening a saved
file come from :class:`~widgets.ui.activities.common.ActivityView`)."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets.activities.common import Rule
from widgets.activities.guest_profiles import MAX_RULES, GuestRules
from widgets.ui.activities.common import STYLE, WIDE, button, dropdown, esc, show_rule_inputs, text, tools_app
from widgets.ui.view import View

TOOLS = ("Segment profile", "CRM explorer")


class RuleBuilder:
    """Rules on the guest data, built one at a time: a column, then values (a category) or a range (a number).
    Callbacks go through the owning view's guard; ``changed()`` runs after the rules change."""

    def __init__(self, view: View, task: GuestRules, changed: Callable[[], None], what: str = "Filter by"):
        self.view, self.task, self.changed, self.rules = view, task, changed, []
        self.column = dropdown(what, [(c.label, c.column) for c in task.columns], task.columns[0].column)
        self.values = w.SelectMultiple(description="Values (choose one or more)", rows=5, style=STYLE,
                                       layout=w.Layout(width="100%", max_width="46rem"))
        self.low, self.high = text("From (lowest)"), text("To (highest)")
        for box in (self.low, self.high):
            box.layout = w.Layout(width="100%", max_width="46rem")  # its own: hidden for category columns
        self.message, self.listing = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.add, self.drop = button("Add this rule"), button("Remove the last rule")
        view.on_change(self.column, lambda _c: self._column_changed(), self.message)
        for box in (self.low, self.high):
            view.on_change(box, lambda _c: self._read_range(), self.message)
        view.on_click(self.add, self.add_rule, self.message)
        view.on_click(self.drop, self.remove_last, self.message)
        self.box = w.VBox([self.column, self.values, self.low, self.high, w.HBox([self.add, self.drop]),
                           self.message, self.listing])
        self._column_changed()
        self.show()

    def _column_changed(self) -> None:
        show_rule_inputs(self.task, self.column.value, self.values, self.low, self.high)
        self.message.value = ""

    def _read_range(self) -> None:
        if self.task.column(self.column.value).kind != "number" or not (self.low.value.strip()
                                                                         or self.high.value.strip()):
            self.message.value = ""
            return
        try:
            self.task.make_rule(self.column.value, (), self.low.value, self.high.value)
        except ValueError as exc:
            self.view.fail(exc, self.message)
            return
        self.message.value = ""

    def add_rule(self) -> None:
        try:
            rule = self.task.make_rule(self.column.value, self.values.value, self.low.value, self.high.value)
            if len(self.rules) >= MAX_RULES:
                raise ValueError(f"There can be at most {MAX_RULES} rules: remove one first.")
        except ValueError as exc:
            self.view.fail(exc, self.message)
            return
        self.message.value = ""
        self.rules.append(rule)
        self.show()
        self.view.say(f"Rule added: {self.task.describe_rule(rule)}.")
        self.changed()

    def remove_last(self) -> None:
        if self.rules:
            gone = self.rules.pop()
            self.view.say(f"Rule removed: {self.task.describe_rule(gone)}.")
        self.show()
        self.changed()

    def set_rules(self, rules: list[Rule]) -> None:
        self.rules = list(rules)
        self.show()

    def show(self) -> None:
        if not self.rules:
            self.listing.value = "<p>No rules yet: choose a column and values, then press “Add this rule”.</p>"
            return
        items = "".join(f"<li>{esc(self.task.describe_rule(r))}</li>" for r in self.rules)
        self.listing.value = f"<p>Guests who meet every rule:</p><ul>{items}</ul>"


def guest_insight(spec_id: str = "hn-l4-u16", profiles: str = "millbrook-segments", crm: str = "millbrook-crm"):
    """Both tools in tabs, each starting blank (the worked example can be opened in each)."""
    from widgets.activities.crm_explorer import load_crm_task
    from widgets.activities.guest_profiles import load_profile_task
    from widgets.ui.activities.crm_explorer import CrmExplorerView
    from widgets.ui.activities.guest_profiles import SegmentProfileView

    views = [SegmentProfileView(load_profile_task(spec_id, profiles)), CrmExplorerView(load_crm_task(spec_id, crm))]
    return tools_app(views, TOOLS, "Guest insight tools for BTEC Higher National Unit 16, with the Millbrook Hotels "
                     "guest database (synthetic).", title="Guest insight")
