"""Optimisation plan builder view (CIM Level 6, LO3: 3.1 and 3.2): the plan's persona, sources and review
cycle; improvements from the audit or typed, each with a SMART objective checked part by part as the learner
types, the metric's calculator with its working, priority by impact and effort, owner, resources, channels and
review date; the priority matrix, the ranked table, the gaps; download, save and reopen. Every rule is in
:mod:`widgets.activities.optimisation_plan`; a refused entry gets its message beside its form and every box
keeps what the learner typed. The parts are in :mod:`widgets.ui.optimisation_plan`, one module each."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.optimisation_plan import (
    OptimisationPlan,
    audit_items,
    blank_plan,
    gaps_html,
    improvement_html,
    load_plan,
    matrix_chart,
    ranked_table_html,
)
from widgets.charts import show_in
from widgets.ui.activities.common import WIDE, button, heading, style_tag, tools_app
from widgets.ui.optimisation_plan.calculator import MetricCalculator
from widgets.ui.optimisation_plan.files import PlanFiles
from widgets.ui.optimisation_plan.improvement_form import ImprovementForm
from widgets.ui.optimisation_plan.improvements import ImprovementList
from widgets.ui.optimisation_plan.plan_form import PlanForm

esc = html.escape


class OptimisationPlanView(PlanForm, ImprovementList, ImprovementForm, MetricCalculator, PlanFiles):
    @classmethod
    def example(cls) -> OptimisationPlanView:
        return cls(load_plan("cim-l6-cjo", "fern-plan"))

    def __init__(self, worked: OptimisationPlan):
        super().__init__()
        self.worked = worked
        self.plan = worked
        self.audit = audit_items(worked.journey)
        self.start_blank, self.start_worked = button("Start a blank plan"), button("Open the worked example")
        self.on_click(self.start_blank, lambda: self.replace(blank_plan(self.worked), "Blank plan started."))
        self.on_click(self.start_worked, lambda: self.replace(self.worked, "Worked plan opened."))
        self.build_plan_form()
        self.build_improvement_form(worked)
        self.build_choosers()
        self.build_calculator()
        self.build_list_buttons()
        self.watch_improvement_form()
        self.chart, self.table = w.Output(layout=WIDE), w.HTML(layout=WIDE)
        self.details, self.gaps = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.build_files()
        self.view = w.VBox([
            style_tag(), heading(worked.title), w.HTML(f"<p>{esc(worked.instructions)}</p>", layout=WIDE),
            w.HBox([self.start_blank, self.start_worked]),
            heading("1. The plan", 4), *self.plan_form_widgets(),
            heading("2. Improvements", 4), self.chosen, self.from_audit, self.use_audit,
            self.description, self.pain_point, self.stage, self.imp_persona,
            heading("SMART objective", 5), self.change, self.who, self.metric, self.metric_name, self.unit,
            self.direction, self.baseline, self.baseline_source, self.target, self.achievable, self.serves,
            self.start, self.deadline,
            heading("Compute the baseline with the metric's calculator", 5), self.calc_box, self.compute,
            self.working, self.use_result,
            heading("Priority, owner and resources", 5), self.impact, self.effort, self.owner, self.people,
            self.budget, self.tools, w.HTML("<p>Channels it changes:</p>"), self.channel_box, self.other_channels,
            self.review, self.review_reason, self.across,
            self.smart, self.imp_msg, w.HBox([self.add, self.update]), w.HBox([self.remove, self.clear]),
            heading("3. Priority matrix and ranking", 4), self.chart, self.table,
            heading("4. The plan in full, and its gaps", 4), self.gaps, self.details,
            heading("Save, reopen and download", 4), self.error, self.status, self.prepare, self.downloads,
            self.upload, self.upload_message])
        self.fill_plan_form()
        self.metric_changed({})
        self.refresh()

    def fill_plan_form(self) -> None:
        """The plan's own fields, and its channels and owners offered in the improvement form."""
        super().fill_plan_form()
        self.fill_choices()

    def replace(self, plan: OptimisationPlan, done: str) -> None:
        self.plan = plan
        self.fill_plan_form()
        for message in (self.plan_msg, self.imp_msg, self.upload_message, self.working):
            message.value = ""
        self.refresh()
        self.fill_form(None)
        self.say(done)

    def refresh(self) -> None:
        p = self.plan
        self.show_choices()
        self.downloads.value = ""
        if p.improvements:
            show_in(self.chart, matrix_chart(p))
        else:
            show_in(self.chart)
        self.table.value = ranked_table_html(p)
        self.gaps.value = gaps_html(p)
        self.details.value = "".join(improvement_html(n, i, p) for n, i in enumerate(p.improvements, 1))


def optimisation_plan_static(spec_id: str, name: str) -> str:
    """The book's static form: the worked plan with its SMART check results and a link to the live app."""
    from widgets.activities.optimisation_plan import optimisation_plan_html
    from widgets.live import live_link_html

    plan = load_plan(spec_id, name)
    link = live_link_html("journey-optimiser", "Open the live optimisation plan builder to write your own plan")
    return optimisation_plan_html(plan, link)


def optimisation_plan_tab(spec_id: str = "cim-l6-cjo", name: str = "fern-plan") -> OptimisationPlanView:
    """The view for a tab of the journey optimiser app (``tools_app([... , view], titles, intro)``)."""
    return OptimisationPlanView(load_plan(spec_id, name))


__all__ = ["OptimisationPlanView", "optimisation_plan_static", "optimisation_plan_tab", "tools_app"]
