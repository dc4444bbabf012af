"""The plan's list of improvements: choosing one to edit, starting one from an audit opportunity, and adding,
saving, removing and clearing through the improvement form."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.optimisation_plan import STAGES, AuditItem, OptimisationPlan, make_improvement
from widgets.ui.activities.common import ActivityView, button, dropdown
from widgets.ui.common import error_html


class ImprovementList(ActivityView):
    """Part of :class:`~widgets.ui.activities.optimisation_plan.OptimisationPlanView`: the choosers and the
    buttons that move the improvement form's contents into the plan and back."""

    abstract = True
    plan: OptimisationPlan
    audit: tuple[AuditItem, ...]
    imp_msg: w.HTML

    def build_choosers(self) -> None:
        self.chosen = dropdown("Improvement to edit", [])
        self.on_change(self.chosen, self.load_selected, self.imp_msg)
        self.from_audit = dropdown("Opportunity from the audit",
                                   [(f"{a.stage}: {a.description}", n) for n, a in enumerate(self.audit)])
        self.use_audit = button("Start from this opportunity")
        self.on_click(self.use_audit, self.start_from_audit, self.imp_msg)

    def build_list_buttons(self) -> None:
        self.add, self.update = button("Add as a new improvement"), button("Save changes to the selected improvement")
        self.remove, self.clear = button("Remove the selected improvement"), button("Clear the form")
        self.on_click(self.add, self.add_improvement, self.imp_msg)
        self.on_click(self.update, self.update_improvement, self.imp_msg)
        self.on_click(self.remove, self.remove_improvement, self.imp_msg)
        self.on_click(self.clear, self.clear_form, self.imp_msg)

    def show_choices(self) -> None:
        """The plan's improvements in "Improvement to edit", keeping the one chosen while it exists."""
        p = self.plan
        with self._silent():
            keep = self.chosen.value
            self.chosen.options = [(f"{n}. {i.description[:60]}", n - 1) for n, i in enumerate(p.improvements, 1)]
            self.chosen.value = keep if keep is not None and keep < len(p.improvements) else None

    def load_selected(self, change: dict) -> None:
        if self._quiet or change.get("new") is None:
            return
        self.fill_form(self.plan.improvements[change["new"]])
        self.imp_msg.value = ""
        self.say(f"Improvement {change['new'] + 1} is in the form: change it and press “Save changes”.")

    def start_from_audit(self) -> None:
        if self.from_audit.value is None:
            self.imp_msg.value = error_html("Choose an opportunity from the audit first.")
            return
        a = self.audit[self.from_audit.value]
        with self._silent():
            self.chosen.value = None
        self.fill_form(None)
        with self._silent():
            self.description.value = a.description
            self.pain_point.value = a.pain_points[0] if a.pain_points else ""
            self.stage.value = a.stage if a.stage in STAGES else None
            for box in self.channel_boxes:
                box.value = box.description == a.channel
            self.other_channels.value = "" if a.channel in {b.description for b in self.channel_boxes} else a.channel
        self.draft_changed({})
        self.imp_msg.value = ""
        self.say(f"Started from the audit: {a.description}. The touchpoint is “{a.touchpoint}”, owned in the audit "
                 f"by the {a.owner or 'nobody'}; write the SMART objective and the rest yourself.")

    def _with_improvements(self, rows: list[dict], done: str) -> bool:
        return self.change_plan(self.imp_msg, done, improvements=rows)

    def add_improvement(self) -> None:
        try:
            imp = make_improvement(**self.form_values())
        except ValueError as exc:
            self.imp_msg.value = error_html(f"{exc} Nothing was added; your text is kept.")
            self.say("Please check the message beside the improvement form.")
            return
        rows = [*self.plan.model_dump()["improvements"], imp.model_dump()]
        if self._with_improvements(rows, f"Improvement added: {len(rows)} in the plan. The matrix is updated."):
            with self._silent():
                self.chosen.value = len(rows) - 1

    def update_improvement(self) -> None:
        n = self.chosen.value
        if n is None:
            self.imp_msg.value = error_html("Choose the improvement to change in “Improvement to edit”, or add this "
                                            "one as a new improvement.")
            return
        try:
            imp = make_improvement(**self.form_values())
        except ValueError as exc:
            self.imp_msg.value = error_html(f"{exc} Nothing was changed; your text is kept.")
            self.say("Please check the message beside the improvement form.")
            return
        rows = self.plan.model_dump()["improvements"]
        rows[n] = imp.model_dump()
        if self._with_improvements(rows, f"Improvement {n + 1} saved."):
            with self._silent():
                self.chosen.value = n

    def remove_improvement(self) -> None:
        n = self.chosen.value
        if n is None:
            self.imp_msg.value = error_html("Choose the improvement to remove in “Improvement to edit”.")
            return
        rows = self.plan.model_dump()["improvements"]
        del rows[n]
        self._with_improvements(rows, f"Improvement {n + 1} removed.")

    def clear_form(self) -> None:
        with self._silent():
            self.chosen.value = None
        self.fill_form(None)
        self.imp_msg.value = ""
        self.say("The form is clear: nothing in the plan has changed.")
