"""The improvement form: what it is and where on the journey, its SMART objective (checked part by part as the
learner types), priority, owner, resources, channels and review date; reading the form into an
:class:`~widgets.activities.optimisation_plan.Improvement` and filling it from one."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.campaign import notes_html
from widgets.activities.optimisation_plan import (
    HIGH,
    LOW,
    METRIC_LABELS,
    OTHER,
    STAGES,
    AuditItem,
    Improvement,
    OptimisationPlan,
    make_improvement,
    smart_check,
)
from widgets.ui.activities.common import STYLE, WIDE, ActivityView, area, date_picker, dropdown, text
from widgets.ui.common import error_html

esc = html.escape
RATINGS = [(f"{n} {'(low)' if n == LOW else '(high)' if n == HIGH else ''}".strip(), n) for n in range(LOW, HIGH + 1)]
DIRECTIONS = [("Not said yet", None), ("Higher is better", True), ("Lower is better", False)]


def _combo(label: str, options: list[str], placeholder: str = "") -> w.Combobox:
    return w.Combobox(options=options, description=label, placeholder=placeholder, ensure_option=False,
                      continuous_update=False, style=STYLE, layout=WIDE)


class ImprovementForm(ActivityView):
    """Part of :class:`~widgets.ui.activities.optimisation_plan.OptimisationPlanView`: the form for one
    improvement (its calculator panel is :class:`~widgets.ui.optimisation_plan.calculator.MetricCalculator`)."""

    abstract = True
    plan: OptimisationPlan
    audit: tuple[AuditItem, ...]

    def build_improvement_form(self, worked: OptimisationPlan) -> None:
        self.imp_msg = w.HTML(layout=WIDE)
        self.description = text("Improvement")
        self.pain_point = _combo("Pain point it addresses", sorted({p for a in self.audit for p in a.pain_points}),
                                 "choose from the audit or type")
        self.stage = dropdown("ACPRA stage", [("Not chosen", None)] + [(s, s) for s in STAGES])
        self.imp_persona = text("Persona it serves", placeholder="blank: the plan's persona")
        self.change = area("Specific: what will change")
        self.who = text("Specific: for whom")
        self.metric = dropdown("Metric", [("Not chosen", None)] + [(v, k) for k, v in METRIC_LABELS.items()])
        self.metric_name = text("Name of the measure", placeholder="only for another measure")
        self.unit = text("Unit", placeholder="only for another measure, e.g. % or out of 5")
        self.direction = dropdown("Which way is better", DIRECTIONS)
        for box in (self.metric_name, self.unit, self.direction):  # shown only for another measure: own layouts
            box.layout = w.Layout(width="100%", max_width="46rem")
        self.baseline = text("Measurable: baseline", placeholder="where it starts, e.g. 58")
        self.baseline_source = text("Where the baseline comes from")
        self.target = text("Measurable: target", placeholder="e.g. 45")
        self.achievable = area("Achievable: why, against the baseline or a benchmark")
        self.serves = area("Relevant: the business objective it serves")
        self.start = date_picker("Start date")
        self.deadline = date_picker("Time-bound: deadline")
        self.impact = dropdown("Impact", RATINGS, 3)
        self.effort = dropdown("Effort", RATINGS, 3)
        self.owner = _combo("Owner", list(worked.owners), "choose a person or type a name and role")
        self.people = text("Resources: people")
        self.budget = text("Resources: budget (£)", placeholder="0 if staff time only")
        self.tools = text("Resources: tools")
        self.channel_boxes: list[w.Checkbox] = []
        self.channel_box = w.VBox(layout=WIDE)
        self.other_channels = text("Other channels (comma-separated)")
        self.review = date_picker("Review date")
        self.review_reason = text("Why the review is outside the plan period (if it is)")
        self.across = area("How this improves the journey across channels (3.2)", rows=3)
        self.smart = w.HTML(layout=WIDE)

    def watch_improvement_form(self) -> None:
        """Check the draft as the learner types; a new metric shows its calculator."""
        for box in (self.description, self.change, self.who, self.metric_name, self.unit, self.direction,
                    self.baseline, self.baseline_source, self.target, self.achievable, self.serves, self.start,
                    self.deadline, self.imp_persona, self.budget, self.review):
            self.on_change(box, self.draft_changed, self.imp_msg)
        self.on_change(self.metric, self.metric_changed, self.imp_msg)

    def fill_choices(self) -> None:
        """The plan's channels as tick boxes and its owners to choose from."""
        with self._silent():
            self.channel_boxes = [w.Checkbox(description=c, indent=False) for c in self.plan.channel_options]
            self.channel_box.children = self.channel_boxes
            self.owner.options = list(self.plan.owners)

    def form_values(self) -> dict[str, object]:
        chosen = [b.description for b in self.channel_boxes if b.value]
        typed = [c.strip() for c in self.other_channels.value.split(",") if c.strip()]
        return dict(description=self.description.value, pain_point=self.pain_point.value, stage=self.stage.value,
                    persona=self.imp_persona.value, change=self.change.value, who=self.who.value,
                    metric=self.metric.value, metric_name=self.metric_name.value if self.metric.value == OTHER else "",
                    unit=self.unit.value if self.metric.value == OTHER else "",
                    higher_is_better=self.direction.value if self.metric.value == OTHER else None,
                    baseline=self.baseline.value, baseline_source=self.baseline_source.value, target=self.target.value,
                    inputs={k: b.value for k, b in self.calc_inputs.items() if b.value.strip()},
                    achievable=self.achievable.value, serves=self.serves.value, start=self.start.value,
                    deadline=self.deadline.value, impact=self.impact.value, effort=self.effort.value,
                    owner=self.owner.value, people=self.people.value, budget=self.budget.value, tools=self.tools.value,
                    channels=chosen + typed, review=self.review.value, review_reason=self.review_reason.value,
                    across_channels=self.across.value)

    def draft(self) -> Improvement:
        values = self.form_values()
        if not str(values["description"]).strip():
            values["description"] = "(improvement not yet named)"
        return make_improvement(**values)

    def draft_changed(self, _change: dict) -> None:
        """The SMART check of the improvement in the form as it stands, part by part."""
        if self._quiet:
            return
        try:
            draft = self.draft()
        except ValueError as exc:
            self.smart.value = error_html(f"{exc} What you typed is kept.")
            return
        notes = smart_check(draft, self.plan)
        problems = len({n.part for n in notes if n.level == "problem"})
        verdict = ("Every part of SMART is met." if not problems
                   else f"{problems} part{'s' if problems != 1 else ''} of SMART still to fix.")
        self.smart.value = (f"<div class='cx-campaign-smart' role='status' aria-live='polite'><p><strong>SMART "
                            f"check of the improvement in the form:</strong> {esc(verdict)}</p>{notes_html(notes)}"
                            "</div>")

    def fill_form(self, imp: Improvement | None) -> None:
        with self._silent():
            self.description.value = imp.description if imp else ""
            self.pain_point.value = imp.pain_point if imp else ""
            self.stage.value = imp.stage if imp else None
            self.imp_persona.value = imp.persona if imp else ""
            self.change.value, self.who.value = (imp.change, imp.who) if imp else ("", "")
            self.metric.value = imp.metric if imp else None
            self.metric_name.value, self.unit.value = (imp.metric_name, imp.unit) if imp else ("", "")
            self.direction.value = imp.higher_is_better if imp else None
            self.baseline.value = "" if not imp or imp.baseline is None else f"{imp.baseline:g}"
            self.target.value = "" if not imp or imp.target is None else f"{imp.target:g}"
            self.baseline_source.value = imp.baseline_source if imp else ""
            self.achievable.value, self.serves.value = (imp.achievable, imp.serves) if imp else ("", "")
            self.start.value, self.deadline.value = (imp.start, imp.deadline) if imp else (None, None)
            self.impact.value, self.effort.value = (imp.impact, imp.effort) if imp else (3, 3)
            self.owner.value, self.people.value = (imp.owner, imp.people) if imp else ("", "")
            self.budget.value = "" if not imp or imp.budget is None else f"{imp.budget:g}"
            self.tools.value = imp.tools if imp else ""
            chosen = set(imp.channels) if imp else set()
            for box in self.channel_boxes:
                box.value = box.description in chosen
            known = {b.description for b in self.channel_boxes}
            self.other_channels.value = ", ".join(c for c in (imp.channels if imp else []) if c not in known)
            self.review.value = imp.review if imp else None
            self.review_reason.value = imp.review_reason if imp else ""
            self.across.value = imp.across_channels if imp else ""
            self.metric_changed({})
            for name, box in self.calc_inputs.items():
                box.value = imp.inputs.get(name, "") if imp else ""
        self.draft_changed({})
