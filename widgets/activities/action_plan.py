"""Action plan to enhance the customer experience (OCR Unit 10 topic 4.1; P7, P8 and M3).

Each :class:`PlannedAction` answers a piece of customer feedback (3.1), has a named owner, a way of
implementing it (training, reading product or service information, asking questions, job shadowing
or another way), start and end dates and a success measure. M3 asks for a timetable, so
:meth:`ActionPlan.timeline` lists the actions in start order with their length in days
(end − start + 1, counting both the first and the last day) and the plan's overall span.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import MAX_ROWS, MAX_TEXT, ActivityModel, build, check_date, load_yaml, parse
from widgets.exports import csv_text, md_text


def days_inclusive(start: dt.date, end: dt.date) -> int:
    """Days from ``start`` to ``end``, counting the first and last day: (end − start) + 1."""
    return (end - start).days + 1


def end_before_start(start: dt.date, end: dt.date) -> str:
    """What to tell a learner whose end date comes before the start date."""
    return f"The end date ({end:%d %b %Y}) is before the start date ({start:%d %b %Y})"


How = Literal["training", "reading", "questions", "job-shadow", "other"]
HOW: dict[str, str] = {
    "training": "Training",
    "reading": "Read product or service information",
    "questions": "Ask questions",
    "job-shadow": "Job shadow",
    "other": "Other",
}


class PlannedAction(ActivityModel):
    action: str = Field(title="Action", max_length=MAX_TEXT)
    feedback: str = Field(title="Feedback it answers", max_length=MAX_TEXT)
    owner: str = Field(title="Owner", max_length=200)
    how: How = Field(title="How it will be implemented")
    how_detail: str = Field("", title="Details of how", max_length=MAX_TEXT)
    start: dt.date | None = Field(title="Start date")
    end: dt.date | None = Field(title="End date")
    success: str = Field("", title="How you will know it worked", max_length=MAX_TEXT)

    @field_validator("action", "feedback", "owner", mode="before")
    @classmethod
    def _filled(cls, value: object, info) -> object:
        if not str(value or "").strip():
            prompts = {"action": "Please write the action: what will be done.",
                       "feedback": "Please say which customer feedback this action answers.",
                       "owner": "Please name the owner: the person or role responsible for the action."}
            raise ValueError(prompts[info.field_name])
        return value

    @field_validator("start", "end")
    @classmethod
    def _in_range(cls, value: dt.date | None, info) -> dt.date | None:
        return check_date(value, f"{info.field_name} date")

    @model_validator(mode="after")
    def _dates(self) -> PlannedAction:
        if self.start is None:
            raise ValueError("Please choose a start date for the action.")
        if self.end is None:
            raise ValueError("Please choose an end date for the action.")
        if self.end < self.start:
            raise ValueError(f"{end_before_start(self.start, self.end)}: an action must end on or after the day it "
                             "starts.")
        if self.how == "other" and not self.how_detail:
            raise ValueError("You chose “Other” for how the action will be implemented: please describe how.")
        return self

    @property
    def days(self) -> int:
        """Length in days, counting the first and last day."""
        assert self.start and self.end
        return days_inclusive(self.start, self.end)

    @property
    def how_label(self) -> str:
        return HOW[self.how] + (f" ({self.how_detail})" if self.how_detail else "")


@dataclass(frozen=True)
class TimelineRow:
    number: int
    action: str
    owner: str
    how: str
    start: dt.date
    end: dt.date
    days: int


class ActionPlan(ActivityModel):
    organisation: str = Field(title="Organisation", max_length=200)
    actions: list[PlannedAction]

    @field_validator("organisation", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        if not str(value or "").strip():
            raise ValueError("Please name the organisation the plan is for.")
        return value

    @field_validator("actions")
    @classmethod
    def _at_least_one(cls, actions: list[PlannedAction]) -> list[PlannedAction]:
        if not actions:
            raise ValueError("A plan needs at least one action.")
        if len(actions) > MAX_ROWS:
            raise ValueError(f"A plan can have at most {MAX_ROWS} actions: combine small ones, or remove one you "
                             "no longer need.")
        return actions

    def add(self, action: PlannedAction) -> ActionPlan:
        return build(ActionPlan, organisation=self.organisation, actions=[*self.actions, action])

    def replace(self, index: int, action: PlannedAction) -> ActionPlan:
        self._check_index(index)
        actions = list(self.actions)
        actions[index] = action
        return build(ActionPlan, organisation=self.organisation, actions=actions)

    def remove(self, index: int) -> ActionPlan:
        self._check_index(index)
        if len(self.actions) == 1:
            raise ValueError("A plan needs at least one action: add another before you remove this one.")
        return build(ActionPlan, organisation=self.organisation,
                     actions=[a for i, a in enumerate(self.actions) if i != index])

    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self.actions):
            raise ValueError("Choose an action from the list first.")

    def timeline(self) -> list[TimelineRow]:
        """Actions in start order (then end order, then plan order), numbered as in the plan."""
        rows = [TimelineRow(n, a.action, a.owner, a.how_label, a.start, a.end, a.days)  # type: ignore[arg-type]
                for n, a in enumerate(self.actions, 1)]
        return sorted(rows, key=lambda r: (r.start, r.end, r.number))

    @property
    def first_day(self) -> dt.date:
        return min(a.start for a in self.actions)  # type: ignore[type-var]

    @property
    def last_day(self) -> dt.date:
        return max(a.end for a in self.actions)  # type: ignore[type-var]

    @property
    def span_days(self) -> int:
        return days_inclusive(self.first_day, self.last_day)

    def timeline_text(self) -> str:
        """The timetable in words (the chart's text description)."""
        parts = [f"{r.number}. {r.action.rstrip('.')} ({r.owner}): "
                 f"{r.start:%d %b %Y} to {r.end:%d %b %Y}, {r.days} days"
                 for r in self.timeline()]
        return (f"Timeline of {len(self.actions)} actions for {self.organisation}, from {self.first_day:%d %b %Y} "
                f"to {self.last_day:%d %b %Y} ({self.span_days} days). " + "; ".join(parts) + ".")

    # -- exports ---------------------------------------------------------------------------------
    def rows(self) -> list[list[str]]:
        return [[str(n), a.action, a.feedback, a.owner, a.how_label, a.start.isoformat(),  # type: ignore[union-attr]
                 a.end.isoformat(), str(a.days), a.success]  # type: ignore[union-attr]
                for n, a in enumerate(self.actions, 1)]

    def to_csv(self) -> str:
        """One row per action; formula cells neutralised by :func:`widgets.exports.csv_text`."""
        return csv_text(self.rows(), header=PLAN_COLUMNS)

    def to_markdown(self) -> str:
        """The plan as Markdown; learner text through :func:`widgets.exports.md_text` (no HTML, no links)."""
        lines = [f"# Action plan: {md_text(self.organisation)}", "", "| " + " | ".join(PLAN_COLUMNS) + " |",
                 "|" + " --- |" * len(PLAN_COLUMNS)]
        for row in self.rows():
            lines.append("| " + " | ".join(md_text(c) or "—" for c in row) + " |")
        return "\n".join(lines + ["", md_text(self.timeline_text())]) + "\n"

    def to_html_document(self) -> str:
        from widgets.activities.cx_model import html_document

        return html_document(f"Action plan: {self.organisation}",
                             self.to_html_table() + f"<p>{html.escape(self.timeline_text())}</p>")

    def to_html_table(self) -> str:
        esc = html.escape
        head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in PLAN_COLUMNS[1:])
        body = "".join(
            f"<tr><th scope='row'>{esc(r[1])}</th>" + "".join(f"<td>{esc(c)}</td>" for c in r[2:]) + "</tr>"
            for r in self.rows())
        return (f"<table class='cx-activity-table'><caption>Action plan: {esc(self.organisation)}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


PLAN_COLUMNS = ("No.", "Action", "Feedback it answers", "Owner", "How it will be implemented", "Start", "End",
                "Days", "How we will know it worked")


def new_action(**fields) -> PlannedAction:
    return build(PlannedAction, **fields)


def load_action_plan(spec_id: str, name: str) -> ActionPlan:
    data = load_yaml(spec_id, name)
    if not isinstance(data, dict) or "action_plan" not in data:
        raise ValueError(f"{spec_id}/{name}.yml has no action_plan section")
    return parse(ActionPlan, data["action_plan"], f"{spec_id}/{name}.yml action_plan")
