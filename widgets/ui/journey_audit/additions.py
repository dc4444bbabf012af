"""The learner's additions to the audit: each stage's goal, touchpoints and pain points (for a blank map), the
5 Whys, recommended changes, metrics and the metric chosen for each change, and the channels expected on the
journey. Every addition goes through :mod:`widgets.activities.journey_audit`, so a refusal changes nothing."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.journey_audit import (
    Audit,
    add_change,
    add_metric,
    add_pain_point,
    add_touchpoint,
    add_why,
    link_metric,
    remove_last_why,
    set_channels,
    set_goal,
    why_status,
)
from widgets.journey import CHANNELS
from widgets.ui.activities.common import STYLE, WIDE, ActivityView, area, button, dropdown, text
from widgets.ui.common import error_html

esc = html.escape
SCALE = [("1 (low)", 1), ("2", 2), ("3", 3), ("4", 4), ("5 (high)", 5)]


class AuditAdditions(ActivityView):
    """Part of :class:`~widgets.ui.activities.journey_audit.JourneyAuditView`: the forms for the learner's
    additions and what their buttons do."""

    abstract = True
    audit: Audit

    def build_additions(self) -> None:
        # goals
        self.stage = dropdown("Stage", [])
        self.goal = area("Customer's goal at this stage", rows=2)
        self.goal_msg = w.HTML(layout=WIDE)
        self.save_goal = button("Save the goal")
        self.on_click(self.save_goal, self.write_goal, self.goal_msg)
        self.on_change(self.stage, self.show_goal, self.goal_msg)
        # touchpoints and pain points (for a blank map; the journey builder records every lane)
        self.tp_stage = dropdown("Stage of the touchpoint", [])
        self.tp_name = text("Touchpoint")
        self.tp_channel = dropdown("Channel", list(CHANNELS), CHANNELS[0])
        self.tp_emotion = dropdown("Emotion", [("−2 (very negative)", -2), ("−1", -1), ("0 (neutral)", 0),
                                              ("+1", 1), ("+2 (very positive)", 2)], 0)
        self.tp_expect = dropdown("Expectation (1–5)", [("not measured", None), *SCALE], None)
        self.tp_experience = dropdown("Experience (1–5)", [("not measured", None), *SCALE], None)
        self.tp_msg = w.HTML(layout=WIDE)
        self.add_tp_button = button("Add the touchpoint")
        self.on_click(self.add_tp_button, self.add_new_touchpoint, self.tp_msg)
        self.pain_tp = dropdown("Touchpoint of the pain point", [])
        self.pain_text = text("Pain point")
        self.severity = dropdown("Severity", SCALE, 3)
        self.frequency = dropdown("Frequency", SCALE, 3)
        self.pain_msg = w.HTML(layout=WIDE)
        self.add_pain_button = button("Add the pain point")
        self.on_click(self.add_pain_button, self.add_new_pain, self.pain_msg)
        # 5 whys
        self.pain = dropdown("Pain point", [])
        self.chain = w.HTML(layout=WIDE)
        self.why = text("Why? (the next answer)")
        self.why_msg = w.HTML(layout=WIDE)
        self.add_why_button, self.drop_why = button("Add this answer"), button("Remove the last answer")
        self.on_click(self.add_why_button, self.add_answer, self.why_msg)
        self.on_click(self.drop_why, self.remove_answer, self.why_msg)
        self.on_change(self.pain, lambda _c: self.show_chain(), self.why_msg)
        # changes
        self.change_tp = dropdown("Touchpoint for the change", [])
        self.change_text = area("Recommended change", rows=2)
        self.impact = dropdown("Impact", SCALE, 3)
        self.effort = dropdown("Effort", SCALE, 3)
        self.change_msg = w.HTML(layout=WIDE)
        self.add_change_button = button("Add the change")
        self.on_click(self.add_change_button, self.add_recommended_change, self.change_msg)
        # metrics
        self.metric_tp = dropdown("Touchpoint for the metric", [])
        self.metric_name = text("Metric", placeholder="e.g. First-attempt delivery rate")
        self.metric_value = text("Current value", placeholder="e.g. 71")
        self.metric_target = text("Target", placeholder="e.g. 92")
        self.metric_unit = text("Unit", placeholder="e.g. %, £, minutes")
        self.direction = dropdown("Better when it is", [("higher", True), ("lower", False)], True)
        self.metric_msg = w.HTML(layout=WIDE)
        self.add_metric_button = button("Add the metric")
        self.on_click(self.add_metric_button, self.add_new_metric, self.metric_msg)
        self.link_change = dropdown("Change", [])
        self.link_kpi = dropdown("Metric that would show it worked", [])
        self.link_msg = w.HTML(layout=WIDE)
        self.link_button = button("Use this metric for the change")
        self.on_click(self.link_button, self.choose_metric, self.link_msg)
        # channels
        self.channels = w.SelectMultiple(options=list(CHANNELS), description="Channels the organisation uses",
                                         rows=6, style=STYLE, layout=WIDE)
        self.channels_msg = w.HTML(layout=WIDE)
        self.save_channels = button("Save the channels")
        self.on_click(self.save_channels, self.choose_channels, self.channels_msg)

    # -- changing the audit: every change goes through the model, so a refusal leaves everything as it was
    def change(self, where: w.HTML, done: str, make) -> bool:
        return self.apply_change(where, make, done, attr="audit")

    def write_goal(self) -> None:
        if self.stage.value is None:
            self.goal_msg.value = error_html("The map has no stages: open a map first.")
            return
        self.change(self.goal_msg, "Goal saved.", lambda: set_goal(self.audit, self.stage.value, self.goal.value))

    def show_goal(self, change: dict) -> None:
        if self._quiet:
            return
        self.goal.value = self.audit.notes.stage_goals.get(change["new"] or "", "")

    def add_new_touchpoint(self) -> None:
        if self.tp_stage.value is None:
            self.tp_msg.value = error_html("The map has no stages: open a map first.")
            return
        if self.change(self.tp_msg, "Touchpoint added.",
                       lambda: add_touchpoint(self.audit, self.tp_stage.value, self.tp_name.value,
                                              self.tp_channel.value, self.tp_emotion.value, self.tp_expect.value,
                                              self.tp_experience.value)):
            self.tp_name.value = ""

    def add_new_pain(self) -> None:
        if self.pain_tp.value is None:
            self.pain_msg.value = error_html("Add a touchpoint first, then the pain point at it.")
            return
        if self.change(self.pain_msg, "Pain point added: now ask “why?”.",
                       lambda: add_pain_point(self.audit, self.pain_tp.value, self.pain_text.value,
                                              self.severity.value, self.frequency.value)):
            self.pain_text.value = ""

    def add_answer(self) -> None:
        if self.pain.value is None:
            self.why_msg.value = error_html("There is no pain point on the map to analyse.")
            return
        if self.change(self.why_msg, "Answer added to the chain.",
                       lambda: add_why(self.audit, self.pain.value, self.why.value)):
            self.why.value = ""

    def remove_answer(self) -> None:
        if self.pain.value is None:
            self.why_msg.value = error_html("There is no pain point on the map to analyse.")
            return
        self.change(self.why_msg, "Last answer removed.", lambda: remove_last_why(self.audit, self.pain.value))

    def add_recommended_change(self) -> None:
        if self.change_tp.value is None:
            self.change_msg.value = error_html("The map has no touchpoints: add one first.")
            return
        if self.change(self.change_msg, "Change added: choose the metric that would show it worked.",
                       lambda: add_change(self.audit, self.change_tp.value, self.change_text.value,
                                          self.impact.value, self.effort.value)):
            self.change_text.value = ""

    def add_new_metric(self) -> None:
        if self.metric_tp.value is None:
            self.metric_msg.value = error_html("The map has no touchpoints: add one first.")
            return
        if self.change(self.metric_msg, "Metric added.",
                       lambda: add_metric(self.audit, self.metric_tp.value, self.metric_name.value,
                                          self.metric_value.value, self.metric_target.value, self.metric_unit.value,
                                          self.direction.value)):
            for box in (self.metric_name, self.metric_value, self.metric_target, self.metric_unit):
                box.value = ""

    def choose_metric(self) -> None:
        if self.link_change.value is None or self.link_kpi.value is None:
            self.link_msg.value = error_html("Choose a change and a metric (add them first if the lists are empty).")
            return
        self.change(self.link_msg, "Metric chosen for the change.",
                    lambda: link_metric(self.audit, self.link_change.value, self.link_kpi.value))

    def choose_channels(self) -> None:
        self.change(self.channels_msg, "Channels saved.", lambda: set_channels(self.audit, self.channels.value))

    def show_chain(self) -> None:
        pid = self.pain.value
        pain = next((p for _, t in self.audit.journey.touchpoints() for p in t.pain_points if p.id == pid), None)
        if pain is None:
            self.chain.value = "<p class='cx-blank'>No pain point chosen.</p>"
            return
        status, advice = why_status(pain)
        answers = "".join(f"<li>{esc(a)}</li>" for a in pain.whys)
        self.chain.value = (f"<p><strong>Problem:</strong> {esc(pain.description)}</p>"
                            + (f"<ol>{answers}</ol>" if answers else "")
                            + f"<p><strong>{esc(status)}</strong> ({len(pain.whys)} of 5): {esc(advice)}</p>")
