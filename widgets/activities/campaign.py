"""Campaign planner (CIM Level 3 Customer Communications, Unit 3: criteria 5.1 to 6.4).

A :class:`CampaignPlan` holds an organisation, its brand values, its audiences and seven parts, one per
criterion:

* ``objectives`` (5.1): structured fields per objective, checked part by part against SMART
  (:func:`smart_check`; Doran 1981) and written back as one sentence from the learner's own fields;
* ``message`` (5.2): proposition, tone, audience and the brand values it expresses, with a caution when
  environmental words appear without evidence (CMA Green Claims Code, 2021);
* ``mix`` (5.3): tools chosen per objective and audience, with each tool's trade-offs from the data table;
* ``resourcing`` (6.1), ``schedule`` (6.2, week by week, with overlaps and gaps), ``budget`` (6.3, the
  six methods side by side, from :mod:`widgets.metrics`) and ``evaluation`` (6.4).

Everything here is pure: checks return :class:`Note` lists (``level`` "problem", "caution" or "ok"), and
bad input raises ``ValueError`` with a sentence a learner can act on. A plan saves as JSON with a
``schema_version`` and reopens through :meth:`CampaignPlan.from_json`, with the journey builder's size
and depth limits (:func:`widgets.journey.json_depth`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from widgets.activities.common import (
    MAX_ROWS,
    MAX_TEXT,
    ActivityModel,
    build,
    check_date,
    friendly,
    load_yaml,
    parse,
)
from widgets.exports import csv_text
from widgets.numeric import MAX_AMOUNT, MAX_NUMBER_CHARS

SCHEMA_VERSION = 1
KIND = "cim-campaign-plan"
MAX_UPLOAD_BYTES = 1_000_000
"""A saved plan is a few kilobytes; anything over 1 MB is not one."""
MAX_JSON_DEPTH = 20
"""A plan nests at most five levels deep."""
MAX_WEEKS = 104
BUSY_WEEK = 5
"""A week with this many activities running at once is flagged as busy."""
PARTS = ("objectives", "message", "mix", "resourcing", "schedule", "budget", "evaluation")
PART_TITLES = {"objectives": "Objectives (5.1)", "message": "Message (5.2)", "mix": "Communications mix (5.3)",
               "resourcing": "Resourcing (6.1)", "schedule": "Schedule (6.2)", "budget": "Budget (6.3)",
               "evaluation": "Evaluation (6.4)"}
TOOLS = {"advertising": "Advertising", "sales promotion": "Sales promotion", "public relations": "Public relations",
         "personal selling": "Personal selling", "direct marketing": "Direct marketing",
         "online and social media": "Online and social media"}
Tool = Literal["advertising", "sales promotion", "public relations", "personal selling", "direct marketing",
               "online and social media"]
METHODS = {"objective and task": "Objective and task", "competitive parity": "Competitive parity",
           "percentage of sales": "Percentage of sales", "affordable": "Affordable", "incremental": "Incremental",
           "zero-based": "Zero-based"}
Method = Literal["objective and task", "competitive parity", "percentage of sales", "affordable", "incremental",
                 "zero-based"]
GREEN_WORDS = ("compostable", "recyclable", "eco", "green", "sustainable", "carbon", "plastic-free")
_GREEN = re.compile(r"\b(" + "|".join(re.escape(w) for w in GREEN_WORDS) + r")", re.I)
esc = html.escape


def _text(max_length: int = MAX_TEXT, title: str = "") -> Any:
    return Field("", title=title, max_length=max_length)


def _amount(value: object, label: str) -> float | None:
    """An optional money amount or count from a file or a form: finite, 0 or more, at most MAX_AMOUNT."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{label}: please give a number.")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{label}: please give an ordinary number.")
    if x < 0:
        raise ValueError(f"{label}: it cannot be below zero.")
    if x > MAX_AMOUNT:
        raise ValueError(f"{label}: that number is too large to be realistic.")
    return x


def fmt_number(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}".rstrip("0").rstrip(".")


def fmt_money(x: float | None) -> str:
    return "" if x is None else ("£" + fmt_number(x))


def fmt_date(d: dt.date | None) -> str:
    return "" if d is None else f"{d.day} {d:%B %Y}"


@dataclass(frozen=True)
class Note:
    """One line of feedback: ``level`` is "problem" (must fix), "caution" (think again) or "ok"."""

    part: str
    level: str
    text: str


# -- 5.1 objectives -----------------------------------------------------------------------------------------
class Objective(ActivityModel):
    change: str = _text(title="What will change")
    measure: str = _text(title="What you will count (the measure)")
    target: float | None = Field(None, title="Target number")
    unit: str = Field("", title="Unit of the target", max_length=20)
    baseline: float | None = Field(None, title="Baseline (where it starts)")
    audience: str = _text(title="Audience")
    start: dt.date | None = Field(None, title="Start date")
    deadline: dt.date | None = Field(None, title="Deadline")
    achievable: str = _text(title="Why it is achievable")
    serves: str = _text(title="Marketing objective it serves")
    wording: str = _text(title="The objective as you would write it")

    @field_validator("target", "baseline", mode="before")
    @classmethod
    def _number(cls, value: object, info) -> float | None:
        return _amount(value, "The target" if info.field_name == "target" else "The baseline")

    @field_validator("start", "deadline")
    @classmethod
    def _in_range(cls, value: dt.date | None, info) -> dt.date | None:
        return check_date(value, "start date" if info.field_name == "start" else "deadline")

    @model_validator(mode="after")
    def _order(self) -> Objective:
        if self.start and self.deadline and self.deadline < self.start:
            raise ValueError(f"The deadline ({fmt_date(self.deadline)}) is before the start date "
                             f"({fmt_date(self.start)}): choose a deadline on or after the start.")
        return self

    @property
    def label(self) -> str:
        return self.change or self.measure or "(objective not yet described)"

    def sentence(self) -> str:
        """The objective as one sentence, built only from the learner's fields ([brackets] show a gap)."""
        unit = self.unit.strip()

        def amount(x: float) -> str:
            return fmt_number(x) + (unit if unit == "%" else (" " + unit if unit else ""))

        number = amount(self.target) if self.target is not None else "[a number]"
        base = f" (from {amount(self.baseline)})" if self.baseline is not None else ""
        who = f", among {self.audience}" if self.audience else ", [among whom]"
        if self.start and self.deadline:
            when = f", between {fmt_date(self.start)} and {fmt_date(self.deadline)}"
        elif self.deadline:
            when = f", by {fmt_date(self.deadline)}"
        else:
            when = ", [by when]"
        serves = f" It serves this marketing objective: {self.serves.rstrip('.')}." if self.serves else ""
        return (f"{(self.change or '[what will change]').rstrip('.')}: reach {number}{base} "
                f"{self.measure or '[what you will count]'}{who}{when}.{serves}")


def smart_notes(*, change: str, measure: str, who: str, target: float | None, baseline: float | None,
                unit: str, achievable: str, serves: str, start: dt.date | None, deadline: dt.date | None,
                subject: str = "campaign", serves_what: str = "marketing objective",
                higher_is_better: bool = True, baseline_required: bool = False) -> list[Note]:
    """SMART (Doran 1981), part by part, from plain fields: what is missing and why it matters. Shared by the
    campaign planner (:func:`smart_check`) and the CIM Level 6 optimisation plan
    (:mod:`widgets.activities.optimisation_plan`): ``subject`` names what the objective is for ("campaign",
    "improvement"), ``serves_what`` what it must serve, ``higher_is_better`` which way the target must move
    from the baseline, and ``baseline_required`` makes a missing baseline a problem for any unit."""
    notes: list[Note] = []
    if not change or not measure:
        notes.append(Note("Specific", "problem", "Specific: say what will change and what you will count, or "
                          f"nobody can tell exactly what the {subject} is for."))
    elif not who:
        notes.append(Note("Specific", "problem", f"Specific: no audience is named, so the {subject} could be aimed "
                          "at everyone and reach nobody in particular."))
    else:
        notes.append(Note("Specific", "ok", f"Specific: {measure} among {who}."))
    if target is None:
        notes.append(Note("Measurable", "problem", "Measurable: there is no number to reach, so you will not know "
                          f"whether the {subject} worked."))
    elif baseline is None and baseline_required:
        notes.append(Note("Measurable", "problem", "Measurable: there is no baseline (where the measure starts), "
                          "so nobody can tell how far the target moves it or whether it moved at all."))
    elif baseline is None and unit.strip() == "%":
        notes.append(Note("Measurable", "caution", "Measurable: a percentage target needs a baseline (where it "
                          "starts), or you cannot show how much it changed."))
    else:
        notes.append(Note("Measurable", "ok", f"Measurable: the target is {fmt_number(target)} {unit}".rstrip()
                          + "."))
    wrong_way = (target is not None and baseline is not None
                 and (target <= baseline if higher_is_better else target >= baseline))
    if wrong_way:
        way = "above" if higher_is_better else "below"
        better = "" if higher_is_better else " (for this measure lower is better)"
        notes.append(Note("Achievable", "problem", f"Achievable: the target is not {way} the baseline{better}, so "
                          f"the {subject} would change nothing. Check the two numbers."))
    elif not achievable:
        notes.append(Note("Achievable", "problem", "Achievable: say why it can be reached (past results, the size of "
                          "the audience, the budget), or the target is only a wish."))
    else:
        notes.append(Note("Achievable", "ok", "Achievable: you have given a reason."))
    if not serves:
        notes.append(Note("Relevant", "problem", f"Relevant: name the {serves_what} it serves, or it may not "
                          "help the organisation at all."))
    else:
        notes.append(Note("Relevant", "ok", f"Relevant: it serves this {serves_what}: {serves.rstrip('.')}."))
    if deadline is None:
        notes.append(Note("Time-bound", "problem", "Time-bound: there is no deadline, so the objective can never be "
                          "late and nobody knows when to measure it."))
    elif start is None:
        notes.append(Note("Time-bound", "caution", "Time-bound: add a start date too, so you know the period the "
                          "result covers."))
    else:
        notes.append(Note("Time-bound", "ok", f"Time-bound: {fmt_date(start)} to {fmt_date(deadline)}."))
    return notes


def smart_check(o: Objective) -> list[Note]:
    """SMART (Doran 1981), part by part: what is missing and why it matters (:func:`smart_notes`)."""
    return smart_notes(change=o.change, measure=o.measure, who=o.audience, target=o.target, baseline=o.baseline,
                       unit=o.unit, achievable=o.achievable, serves=o.serves, start=o.start, deadline=o.deadline)


def is_smart(o: Objective) -> bool:
    return all(n.level != "problem" for n in smart_check(o))


# -- 5.2 message --------------------------------------------------------------------------------------------
class ValueLink(ActivityModel):
    value: str = _text(300, "Brand value")
    how: str = _text(title="How the message expresses it")


class Message(ActivityModel):
    proposition: str = _text(title="Proposition (the main message)")
    tone: str = _text(300, "Tone of voice")
    audience: str = _text(title="Audience")
    values: list[ValueLink] = Field(default_factory=list, max_length=MAX_ROWS)
    call_to_action: str = _text(title="Call to action")
    evidence: str = _text(title="Evidence for any environmental claim")


def message_check(m: Message) -> list[Note]:
    notes: list[Note] = []
    if not m.proposition:
        notes.append(Note("message", "problem", "Write the proposition: the one thing the audience should remember."))
    if not m.audience:
        notes.append(Note("message", "problem", "Name the audience: a message is written for someone in particular."))
    if not m.call_to_action:
        notes.append(Note("message", "problem", "Add a call to action: what should the audience do next?"))
    if not m.values:
        notes.append(Note("message", "problem", "Choose at least one brand value the message expresses."))
    for v in m.values:
        if not v.how:
            notes.append(Note("message", "problem", f"Say how the message expresses “{v.value}”: a value named but "
                              "not shown is only a claim."))
    words = sorted({w.lower() for part in (m.proposition, m.call_to_action, m.tone, *(v.how for v in m.values))
                    for w in _GREEN.findall(part)})
    if words and not m.evidence:
        notes.append(Note("message", "caution", f"Caution: the message uses environmental words ({', '.join(words)}) "
                          "but no evidence is entered. The CMA's Green Claims Code says green claims must be truthful, "
                          "clear and backed by evidence: add the certificate or test that supports the claim."))
    if not notes:
        notes.append(Note("message", "ok", "Every value is explained, the audience is named and there is a call to "
                          "action."))
    return notes


# -- 5.3 mix ------------------------------------------------------------------------------------------------
class MixChoice(ActivityModel):
    tool: Tool = Field(title="Tool")
    objective: int = Field(title="Objective number", ge=1, le=MAX_ROWS)
    audience: str = _text(title="Audience")
    why: str = _text(title="Why this tool")


class ToolProfile(ActivityModel):
    id: Tool
    reach: str = _text(300)
    cost_per_contact: str = _text(300)
    control: str = _text(300)
    credibility: str = _text(300)
    dialogue: str = _text(300)
    measurability: str = _text(300)


TRADE_OFFS = {"reach": "Reach", "cost_per_contact": "Cost per contact", "control": "Control",
              "credibility": "Credibility", "dialogue": "Two-way dialogue", "measurability": "Measurability"}


# -- 6.1 resourcing -----------------------------------------------------------------------------------------
class Resourcing(ActivityModel):
    internal_comms: str = _text(title="Internal communications")
    stakeholders: str = _text(title="Stakeholders to align")
    customer_facing: str = _text(title="Briefing customer-facing staff")
    agency: str = _text(300, "Agency")
    agency_does: str = _text(title="What the agency will do")
    agency_deadline: str = _text(300, "When the agency is briefed or delivers")


def resourcing_check(r: Resourcing) -> list[Note]:
    missing = [(r.internal_comms, "Internal communications: how will your own staff hear about the campaign before "
                "customers do?"),
               (r.stakeholders, "Stakeholders: who must agree or prepare (production, finance, partners)?"),
               (r.customer_facing, "Customer-facing staff: how will the people who answer customers be briefed?")]
    notes = [Note("resourcing", "problem", text) for value, text in missing if not value]
    if r.agency and not (r.agency_does and r.agency_deadline):
        notes.append(Note("resourcing", "problem", "Agency brief: say what the agency will do and by when."))
    if not r.agency:
        notes.append(Note("resourcing", "caution", "No agency is named: fine if the work is done in house, but say "
                          "who does the creative and media work."))
    return notes or [Note("resourcing", "ok", "Staff, stakeholders, customer-facing teams and the agency are covered.")]


# -- 6.2 schedule -------------------------------------------------------------------------------------------
class Activity(ActivityModel):
    activity: str = _text(title="Activity")
    tool: Tool = Field(title="Tool")
    objective: int | None = Field(None, title="Objective number", ge=1, le=MAX_ROWS)
    from_week: int = Field(title="From week", ge=1, le=MAX_WEEKS)
    to_week: int = Field(title="To week", ge=1, le=MAX_WEEKS)

    @field_validator("activity", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        if not str(value or "").strip():
            raise ValueError("Activity: please say what the activity is.")
        return value

    @model_validator(mode="after")
    def _order(self) -> Activity:
        if self.to_week < self.from_week:
            raise ValueError(f"“{self.activity[:40]}” ends in week {self.to_week}, before it starts in week "
                             f"{self.from_week}: the end week must be the same as the start week or later.")
        return self


# -- 6.3 budget ---------------------------------------------------------------------------------------------
class BudgetLine(ActivityModel):
    item: str = _text(300, "Budget line")
    cost: float = Field(title="Cost")
    justification: str = _text(title="Justification")

    @field_validator("cost", mode="before")
    @classmethod
    def _cost(cls, value: object) -> float:
        x = _amount(value, "Cost")
        if x is None:
            raise ValueError("Cost: please give the cost of this line.")
        return x

    @field_validator("item", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        if not str(value or "").strip():
            raise ValueError("Budget line: please name what the money is for.")
        return value


class Budget(ActivityModel):
    lines: list[BudgetLine] = Field(default_factory=list, max_length=MAX_ROWS)
    sales: float | None = Field(None, title="Sales (turnover)")
    percentage: float | None = Field(None, title="Percentage of sales")
    competitor_spend: float | None = Field(None, title="Competitor's spend")
    affordable: float | None = Field(None, title="What the business can afford")
    last_budget: float | None = Field(None, title="Last campaign's budget")
    change_percent: float | None = Field(None, title="Change on last budget (%)")
    chosen: Method | None = Field(None, title="Chosen method")
    why: str = _text(title="Why this method")

    @field_validator("sales", "percentage", "competitor_spend", "affordable", "last_budget", mode="before")
    @classmethod
    def _amounts(cls, value: object, info) -> float | None:
        return _amount(value, cls.model_fields[info.field_name].title or info.field_name)

    @field_validator("change_percent", mode="before")
    @classmethod
    def _change(cls, value: object) -> float | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(float(value)):
            raise ValueError("Change on last budget: please give a number.")
        if not -100 <= float(value) <= 1000:
            raise ValueError("Change on last budget: give a change between −100 % and 1,000 %.")
        return float(value)

    @field_validator("percentage")
    @classmethod
    def _pct(cls, value: float | None) -> float | None:
        if value is not None and value > 100:
            raise ValueError("Percentage of sales: it cannot be more than 100 %.")
        return value

    @property
    def task_total(self) -> float:
        return sum(line.cost for line in self.lines)


@dataclass(frozen=True)
class MethodFigure:
    method: str
    value: float | None
    working: tuple[str, ...]
    problem: str = ""


def budget_methods(b: Budget) -> list[MethodFigure]:
    """The six methods side by side (each from :mod:`widgets.metrics`); a missing input is said, not guessed."""
    from widgets import metrics as m

    def one(method: str, needs: list[tuple[object, str]], compute) -> MethodFigure:
        missing = [label for value, label in needs if value is None]
        if missing:
            return MethodFigure(method, None, (), "Enter " + " and ".join(missing) + " to work this out.")
        try:
            r = compute()
        except ValueError as exc:
            return MethodFigure(method, None, (), str(exc))
        return MethodFigure(method, r.value, r.steps)

    lines = [(line.item, line.cost) for line in b.lines]
    return [
        one("objective and task", [(lines or None, "at least one budget line")],
            lambda: m.budget_objective_and_task(lines)),
        one("competitive parity", [(b.competitor_spend, "the competitor's spend")],
            lambda: m.budget_competitive_parity([b.competitor_spend])),
        one("percentage of sales", [(b.sales, "the sales"), (b.percentage, "the percentage")],
            lambda: m.budget_percentage_of_sales(b.sales, b.percentage)),
        one("affordable", [(b.affordable, "what the business can afford")], lambda: m.budget_affordable(b.affordable)),
        one("incremental", [(b.last_budget, "last campaign's budget"), (b.change_percent, "the change")],
            lambda: m.budget_incremental(b.last_budget, b.change_percent)),
        one("zero-based", [(lines or None, "at least one budget line")],
            lambda: m.budget_zero_based([(x.item, x.cost, x.justification) for x in b.lines])),
    ]


def budget_check(b: Budget) -> list[Note]:
    notes: list[Note] = []
    if not b.lines:
        notes.append(Note("budget", "problem", "Add the budget lines: what the money is for and what each costs."))
    if b.chosen is None:
        notes.append(Note("budget", "problem", "Choose one method and say why it suits this campaign."))
    else:
        figure = next(f for f in budget_methods(b) if f.method == b.chosen)
        if not b.why:
            notes.append(Note("budget", "problem", f"Say why you chose {METHODS[b.chosen].lower()}."))
        if figure.value is not None and b.lines:
            gap = figure.value - b.task_total
            if abs(gap) < 0.005:
                notes.append(Note("budget", "ok", f"The {METHODS[b.chosen].lower()} budget "
                                  f"({fmt_money(figure.value)}) pays for every task ({fmt_money(b.task_total)})."))
            elif gap > 0:
                notes.append(Note("budget", "caution", f"The {METHODS[b.chosen].lower()} budget "
                                  f"({fmt_money(figure.value)}) is {fmt_money(gap)} more than the tasks cost "
                                  f"({fmt_money(b.task_total)}): say what the rest is for, or spend less."))
            else:
                notes.append(Note("budget", "problem", f"The {METHODS[b.chosen].lower()} budget "
                                  f"({fmt_money(figure.value)}) is {fmt_money(-gap)} less than the tasks cost "
                                  f"({fmt_money(b.task_total)}): cut tasks or change the objectives."))
        elif figure.problem:
            notes.append(Note("budget", "problem", figure.problem))
    missing = [x.item for x in b.lines if not x.justification]
    if missing:
        notes.append(Note("budget", "caution", "Zero-based budgeting needs every line justified; not yet: "
                          + "; ".join(missing) + "."))
    return notes


# -- 6.4 evaluation -----------------------------------------------------------------------------------------
class Evaluation(ActivityModel):
    objective: int = Field(title="Objective number", ge=1, le=MAX_ROWS)
    measure: str = _text(title="Measure")
    target: str = _text(300, "Target")
    method: str = _text(title="How it will be measured")
    when: str = _text(300, "When")


# -- the plan -----------------------------------------------------------------------------------------------
class CampaignPlan(ActivityModel):
    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["cim-campaign-plan"] = KIND
    organisation: str = _text(300, "Organisation")
    campaign: str = _text(300, "Campaign name")
    starts: dt.date | None = Field(None, title="Campaign start")
    ends: dt.date | None = Field(None, title="Campaign end")
    brand_values: list[str] = Field(default_factory=list, max_length=MAX_ROWS)
    audiences: list[str] = Field(default_factory=list, max_length=MAX_ROWS)
    objectives: list[Objective] = Field(default_factory=list, max_length=MAX_ROWS)
    message: Message = Field(default_factory=Message)
    mix: list[MixChoice] = Field(default_factory=list, max_length=MAX_ROWS)
    resourcing: Resourcing = Field(default_factory=Resourcing)
    schedule: list[Activity] = Field(default_factory=list, max_length=MAX_ROWS)
    budget: Budget = Field(default_factory=Budget)
    evaluation: list[Evaluation] = Field(default_factory=list, max_length=MAX_ROWS)

    @field_validator("brand_values", "audiences")
    @classmethod
    def _short_items(cls, items: list[str]) -> list[str]:
        items = [" ".join(str(i).split()) for i in items]
        if any(len(i) > 300 for i in items):
            raise ValueError("Keep each brand value and audience under 300 characters.")
        return [i for i in items if i]

    @field_validator("starts", "ends")
    @classmethod
    def _in_range(cls, value: dt.date | None, info) -> dt.date | None:
        return check_date(value, "campaign start" if info.field_name == "starts" else "campaign end")

    @model_validator(mode="after")
    def _order(self) -> CampaignPlan:
        if self.starts and self.ends and self.ends < self.starts:
            raise ValueError(f"The campaign ends ({fmt_date(self.ends)}) before it starts ({fmt_date(self.starts)}): "
                             "choose an end date on or after the start.")
        return self

    def with_(self, **changes: Any) -> CampaignPlan:
        """A copy with ``changes``, validated; a ``ValueError`` in plain words if they do not fit."""
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return build(CampaignPlan, **data)

    # -- the campaign's weeks
    @property
    def weeks(self) -> int | None:
        """How many weeks the campaign dates cover (week 1 starts on the start date)."""
        if self.starts and self.ends:
            return (self.ends - self.starts).days // 7 + 1
        return None

    def week_start(self, week: int) -> dt.date | None:
        return self.starts + dt.timedelta(weeks=week - 1) if self.starts else None

    # -- checks
    def objective_label(self, number: int | None) -> str:
        if number is None:
            return "—"
        if 1 <= number <= len(self.objectives):
            return f"{number}. {self.objectives[number - 1].label}"
        return f"{number} (no such objective)"

    def mix_check(self) -> list[Note]:
        notes = []
        for n, o in enumerate(self.objectives, 1):
            if not any(c.objective == n for c in self.mix):
                notes.append(Note("mix", "problem", f"Objective {n} ({o.label[:60]}) has no tool: choose at least "
                                  "one tool that will reach its audience."))
        for c in self.mix:
            if c.objective > len(self.objectives):
                notes.append(Note("mix", "problem", f"{TOOLS[c.tool]} is linked to objective {c.objective}, which "
                                  "does not exist."))
        used = {c.tool for c in self.mix}
        if len(used) == 1 and len(self.mix) > 1:
            notes.append(Note("mix", "caution", "Every choice uses the same tool: an integrated mix usually combines "
                              "tools that do different jobs."))
        return notes or [Note("mix", "ok", f"Every objective has at least one tool ({len(used)} tools in all).")]

    def schedule_check(self) -> list[Note]:
        notes: list[Note] = []
        if not self.schedule:
            return [Note("schedule", "problem", "Add the activities: what runs, with which tool, from which week.")]
        weeks = self.weeks
        last = max(a.to_week for a in self.schedule)
        span = weeks or last
        for a in self.schedule:
            if weeks is not None and a.to_week > weeks:
                notes.append(Note("schedule", "problem", f"“{a.activity}” runs to week {a.to_week}, but the campaign "
                                  f"dates cover {weeks} weeks: move it or change the campaign dates."))
            if a.objective is not None and a.objective > len(self.objectives):
                notes.append(Note("schedule", "problem", f"“{a.activity}” is linked to objective {a.objective}, "
                                  "which does not exist."))
        counts = {wk: [a for a in self.schedule if a.from_week <= wk <= a.to_week] for wk in range(1, span + 1)}
        gaps = [wk for wk, running in counts.items() if not running]
        if gaps:
            notes.append(Note("schedule", "caution", f"Nothing runs in {weeks_text(gaps)}: a gap can make the audience "
                              "forget; say why it is there or fill it."))
        busy = [wk for wk, running in counts.items() if len(running) >= BUSY_WEEK]
        if busy:
            most = max(len(counts[wk]) for wk in busy)
            verb = "has" if len(busy) == 1 else "have"
            notes.append(Note("schedule", "caution", f"{weeks_text(busy).capitalize()} {verb} "
                              f"{BUSY_WEEK} or more activities at once (up to {most}): check the team and the budget "
                              "can carry them."))
        for tool in TOOLS:
            clash = [wk for wk, running in counts.items() if sum(a.tool == tool for a in running) >= 2]
            if clash:
                names = sorted({a.activity for wk in clash for a in counts[wk] if a.tool == tool})
                notes.append(Note("schedule", "caution", f"{TOOLS[tool]} is used by more than one activity at once in "
                                  f"{weeks_text(clash)} ({'; '.join(names)}): fine if they do different jobs, but "
                                  "check they do not compete for the same people."))
        return notes or [Note("schedule", "ok", "No gaps, no crowded weeks and no tool used twice at once.")]

    def budget_check(self) -> list[Note]:
        return budget_check(self.budget)

    def evaluation_check(self) -> list[Note]:
        notes = []
        for n, o in enumerate(self.objectives, 1):
            rows = [e for e in self.evaluation if e.objective == n]
            if not rows or not any(e.measure for e in rows):
                notes.append(Note("evaluation", "problem", f"Objective {n} ({o.label[:60]}) has no measure: say what "
                                  "you will count, the target, how and when."))
            elif not all(e.target and e.method and e.when for e in rows):
                notes.append(Note("evaluation", "caution", f"Objective {n}: give the target, the method and the date "
                                  "for its measure."))
        for e in self.evaluation:
            if e.objective > len(self.objectives):
                notes.append(Note("evaluation", "problem", f"A measure is linked to objective {e.objective}, which "
                                  "does not exist."))
        return notes or [Note("evaluation", "ok", "Every objective has a measure, a target, a method and a date.")]

    def check(self, part: str) -> list[Note]:
        if part == "objectives":
            if not self.objectives:
                return [Note("objectives", "problem", "Add at least one objective.")]
            return [Note(f"Objective {n}", x.level, f"Objective {n}, {x.text}")
                    for n, o in enumerate(self.objectives, 1)
                    for x in smart_check(o)]
        return {"message": lambda: message_check(self.message), "mix": self.mix_check,
                "resourcing": lambda: resourcing_check(self.resourcing), "schedule": self.schedule_check,
                "budget": self.budget_check, "evaluation": self.evaluation_check}[check_part(part)]()

    # -- JSON
    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> CampaignPlan:
        """A saved plan, validated; a problem raises ``ValueError`` in plain words (nothing else is changed)."""
        from widgets.journey import json_depth

        if isinstance(text, bytes | bytearray | memoryview):
            raw = bytes(text)
            if len(raw) > MAX_UPLOAD_BYTES:
                raise ValueError(f"This file is {len(raw) / 1e6:.1f} MB; a saved campaign plan is at most "
                                 f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB.")
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValueError("This file is not a text (UTF-8) file, so it cannot be a saved campaign "
                                 "plan.") from None
        if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
            raise ValueError(f"A saved campaign plan is at most {MAX_UPLOAD_BYTES / 1e6:.0f} MB.")
        if not text.strip():
            raise ValueError("This file is empty: choose a .json file saved by the campaign planner.")
        if json_depth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            raise ValueError("This file is nested far more deeply than a campaign plan, so it is not one saved by "
                             "the planner.")
        try:
            data = json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)
        except json.JSONDecodeError as exc:
            raise ValueError(f"This file is not valid JSON ({exc.msg} at line {exc.lineno}), so it is not a saved "
                             "campaign plan.") from None
        except RecursionError:
            raise ValueError("This file is nested too deeply to be a campaign plan.") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> CampaignPlan:
        if not isinstance(data, dict) or data.get("kind") != KIND:
            raise ValueError("This file is not a campaign plan saved by the planner (it has no “kind”: "
                             f"“{KIND}”).")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"This plan was saved in format version {str(data.get('schema_version'))[:20]!r}, but "
                             f"the planner reads version {SCHEMA_VERSION}.")
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = " → ".join(str(p) for p in err.get("loc", ()))[:120]
            raise ValueError(f"This plan has a value the planner cannot use ({where}): {friendly(exc, cls)}") from None

    # -- exports
    def schedule_rows(self) -> list[list[object]]:
        rows = []
        for a in sorted(self.schedule, key=lambda a: (a.from_week, a.to_week)):
            first, last = self.week_start(a.from_week), self.week_start(a.to_week)
            rows.append([a.activity, TOOLS[a.tool], self.objective_label(a.objective), a.from_week, a.to_week,
                         first.isoformat() if first else "",
                         (last + dt.timedelta(days=6)).isoformat() if last else ""])
        return rows

    def schedule_csv(self) -> str:
        """The schedule as CSV: cells that a spreadsheet would run are neutralised by ``csv_text``."""
        return csv_text(self.schedule_rows(), header=SCHEDULE_COLUMNS)

    def to_html_document(self, tools: dict[str, ToolProfile] | None = None) -> str:
        from widgets.activities.cx_model import html_document

        title = f"Campaign plan: {self.campaign or 'untitled'} ({self.organisation or 'organisation not named'})"
        return html_document(title, "".join(part_html(self, p, tools, level=2) for p in PARTS))


SCHEDULE_COLUMNS = ("Activity", "Tool", "Objective", "From week", "To week", "First day", "Last day")


def check_part(part: str | None) -> str:
    if part not in PARTS:
        raise ValueError(f"{str(part)[:40]!r} is not a part of the campaign plan: choose one of {', '.join(PARTS)}.")
    return part  # type: ignore[return-value]


def weeks_text(weeks: list[int]) -> str:
    """``[1, 2, 3, 7]`` → "weeks 1 to 3 and 7"."""
    runs: list[tuple[int, int]] = []
    for wk in sorted(weeks):
        if runs and wk == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], wk)
        else:
            runs.append((wk, wk))
    parts = [f"{a}" if a == b else f"{a} to {b}" for a, b in runs]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return ("week " if len(weeks) == 1 else "weeks ") + joined


def _number_too_long(text: str) -> ValueError:
    return ValueError(f"This file has a number with {len(text):,} characters; a campaign plan's numbers have at most "
                      f"{MAX_NUMBER_CHARS}.")


def _json_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _number_too_long(text)
    return int(text)


def _json_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _number_too_long(text)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"This file has the number {text[:20]}, which is too large to use.")
    return value


def _json_constant(name: str) -> float:
    raise ValueError(f"This file has “{name}” where a number should be; a campaign plan holds ordinary numbers only.")


# -- HTML (static book and the downloaded document) ---------------------------------------------------------
def notes_html(notes: list[Note]) -> str:
    marks = {"problem": "To fix", "caution": "Think again", "ok": "Done"}
    items = "".join(f"<li class='cx-note cx-note-{n.level}'><strong>{marks.get(n.level, '')}:</strong> "
                    f"{esc(n.text)}</li>" for n in notes)
    return f"<ul class='cx-campaign-notes'>{items}</ul>"


def _table(caption: str, header: tuple[str, ...], rows: list[list[object]]) -> str:
    head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return (f"<table class='cx-activity-table'><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def tools_table(tools: dict[str, ToolProfile], chosen: set[str] | None = None) -> str:
    rows = [[TOOLS[t.id], *(getattr(t, k) for k in TRADE_OFFS)] for t in tools.values()
            if chosen is None or t.id in chosen]
    return _table("The trade-offs of each tool", ("Tool", *TRADE_OFFS.values()), rows)


def part_html(plan: CampaignPlan, part: str, tools: dict[str, ToolProfile] | None = None, level: int = 4) -> str:
    """One part of the plan as HTML (every learner string escaped), with its checks."""
    h = f"h{level}"
    out = [f"<{h}>{esc(PART_TITLES[check_part(part)])}</{h}>"]
    if part == "objectives":
        for n, o in enumerate(plan.objectives, 1):
            wording = f"<p><em>As written:</em> {esc(o.wording)}</p>" if o.wording else ""
            out.append(f"<p><strong>Objective {n}.</strong> {esc(o.sentence())}</p>{wording}"
                       f"<p><em>Why it is achievable:</em> {esc(o.achievable or '—')}</p>")
    elif part == "message":
        m = plan.message
        vals = "".join(f"<li><strong>{esc(v.value)}</strong>: {esc(v.how)}</li>" for v in m.values)
        out.append(_table("The message", ("Part", "What the plan says"),
                          [["Proposition", m.proposition], ["Tone of voice", m.tone], ["Audience", m.audience],
                           ["Call to action", m.call_to_action], ["Evidence for green claims", m.evidence or "—"]]))
        out.append(f"<p><strong>Brand values it expresses:</strong></p><ul>{vals}</ul>")
    elif part == "mix":
        out.append(_table("Tools chosen per objective and audience", ("Objective", "Tool", "Audience", "Why"),
                          [[plan.objective_label(c.objective), TOOLS[c.tool], c.audience, c.why] for c in plan.mix]))
        if tools:
            out.append(tools_table(tools, {c.tool for c in plan.mix} or None))
    elif part == "resourcing":
        r = plan.resourcing
        out.append(_table("Resourcing", ("Area", "The plan"),
                          [["Internal communications", r.internal_comms], ["Stakeholders to align", r.stakeholders],
                           ["Briefing customer-facing staff", r.customer_facing],
                           ["Agency", r.agency], ["What the agency does", r.agency_does],
                           ["Agency deadline", r.agency_deadline]]))
    elif part == "schedule":
        if plan.schedule:
            out.append(schedule_chart(plan).to_html())
        out.append(_table("Media schedule", SCHEDULE_COLUMNS, plan.schedule_rows()))
    elif part == "budget":
        b = plan.budget
        out.append(_table("Budget lines (objective and task)", ("Line", "Cost", "Justification"),
                          [[x.item, fmt_money(x.cost), x.justification] for x in b.lines]
                          + [["Total", fmt_money(b.task_total), ""]]))
        out.append(_table("The six budgeting methods side by side", ("Method", "Budget", "Working"),
                          [[METHODS[f.method] + (" (chosen)" if f.method == b.chosen else ""),
                            fmt_money(f.value) or "—",
                            " ".join(f.working) or f.problem] for f in budget_methods(b)]))
        if b.chosen:
            out.append(f"<p><strong>Chosen: {esc(METHODS[b.chosen])}.</strong> {esc(b.why)}</p>")
    elif part == "evaluation":
        out.append(_table("Evaluation", ("Objective", "Measure", "Target", "Method", "When"),
                          [[plan.objective_label(e.objective), e.measure, e.target, e.method, e.when]
                           for e in plan.evaluation]))
    out.append(notes_html(plan.check(part)))
    return "".join(out)


def schedule_chart(plan: CampaignPlan):
    """Week-by-week timeline (one bar per activity, coloured by tool) with a text description."""
    from widgets.charts import PALETTE, AccessibleChart, import_altair

    if not plan.schedule:
        raise ValueError("Add at least one activity to see the timeline.")
    alt = import_altair()
    ordered = sorted(enumerate(plan.schedule, 1), key=lambda x: (x[1].from_week, x[1].to_week, x[0]))
    rows = [{"Activity": f"{n}. {a.activity[:48]}", "From": a.from_week - 0.5, "To": a.to_week + 0.5,
             "Tool": TOOLS[a.tool], "Weeks": f"week {a.from_week} to week {a.to_week}"} for n, a in ordered]
    order = [r["Activity"] for r in rows]
    colours = [*PALETTE, "#8a6d00"]
    chart = alt.Chart(alt.Data(values=rows), title=f"Media schedule: {plan.campaign or 'campaign'}").mark_bar(
        cornerRadius=2).encode(
        y=alt.Y("Activity:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("From:Q", title="Week of the campaign", axis=alt.Axis(tickMinStep=1, format="d")),
        x2="To:Q",
        color=alt.Color("Tool:N", scale=alt.Scale(domain=list(TOOLS.values()), range=colours),
                        legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=["Activity:N", "Tool:N", "Weeks:N"],
    ).properties(width=420, height=alt.Step(28))
    return AccessibleChart(chart, schedule_text(plan))


def schedule_text(plan: CampaignPlan) -> str:
    """The schedule in words (the chart's description)."""
    start = f", week 1 starting {fmt_date(plan.starts)}" if plan.starts else ""
    parts = [f"{a.activity} ({TOOLS[a.tool].lower()}): " + (f"week {a.from_week}" if a.from_week == a.to_week
             else f"weeks {a.from_week} to {a.to_week}")
             for a in sorted(plan.schedule, key=lambda a: (a.from_week, a.to_week))]
    return (f"Timeline of {len(plan.schedule)} activities by week{start}. " + "; ".join(parts) + ".")


# -- loading ------------------------------------------------------------------------------------------------
def blank_plan() -> CampaignPlan:
    return CampaignPlan()


def load_campaign_plan(spec_id: str, name: str) -> CampaignPlan:
    data = load_yaml(spec_id, name)
    if not isinstance(data, dict) or "campaign_plan" not in data:
        raise ValueError(f"{spec_id}/{name}.yml has no campaign_plan section")
    return parse(CampaignPlan, data["campaign_plan"], f"{spec_id}/{name}.yml campaign_plan")


def load_tools(spec_id: str, name: str) -> dict[str, ToolProfile]:
    data = load_yaml(spec_id, name)
    if not isinstance(data, dict) or not isinstance(data.get("tools"), list):
        raise ValueError(f"{spec_id}/{name}.yml has no tools table")
    tools = [parse(ToolProfile, t, f"{spec_id}/{name}.yml tools") for t in data["tools"]]
    found = {t.id: t for t in tools}
    if set(found) != set(TOOLS):
        raise ValueError(f"{spec_id}/{name}.yml tools: give one row for each of {', '.join(TOOLS)}")
    return {k: found[k] for k in TOOLS}


def campaign_html(plan: CampaignPlan, tools: dict[str, ToolProfile], part: str | None, live: str) -> str:
    """The static book form: the worked plan (one part, or all), clearly marked, with the live link HTML."""
    parts = PARTS if part is None else (check_part(part),)
    body = "".join(part_html(plan, p, tools) for p in parts)
    title = f"Worked example: {plan.campaign} ({plan.organisation})"
    return (f"<div class='cx-activity cx-campaign'><h3 class='cx-activity-title'>{esc(title)}</h3>"
            f"{body}{live}</div>")


def new_objective(**fields: Any) -> Objective:
    return build(Objective, **fields)


def new_activity(**fields: Any) -> Activity:
    return build(Activity, **fields)
