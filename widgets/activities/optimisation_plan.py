"""Optimisation plan builder (CIM Level 6 Customer Journey Optimisation, LO3: criteria 3.1 and 3.2).

A learner turns a journey audit into a plan for one period (Fern & Field: January to December 2027). The
plan names the persona it serves, the sources of evidence used (journey audit, customer feedback,
satisfaction scores, data analytics) and its continuous-improvement cycle (how often it is reviewed). Each
:class:`Improvement` holds

* what it is, the pain point and the ACPRA stage it addresses, and the persona it serves;
* a SMART objective (Doran 1981), checked part by part by the helper the CIM Level 3 campaign planner uses
  (:func:`widgets.activities.campaign.smart_notes`) plus the checks a plan needs (the target within what the
  measure can take, the deadline within the plan period, the justification compared with the baseline);
  each part says what is missing and why, and the objective is never rewritten for the learner;
* the metric and target, chosen from :data:`METRICS`, each wired to its calculator in :mod:`widgets.metrics`
  so the learner can compute the baseline inside the plan and see the working, and told whether the target
  moves the right way (higher or lower is better);
* impact and effort (1–5), which place it in a priority matrix (:func:`quadrant`), an owner, resources
  (people, budget in pounds, tools), channels, a review date and the learner's own justification of how it
  improves the journey across channels (3.2).

Decision — the priority matrix. The impact–effort (or "action priority") matrix has no single source; this
course splits each 1–5 scale at 3 and counts a rating of 3 as **high** (as a rating on a line counts as high
in :mod:`widgets.activities.service_review`): high impact and low effort is a *quick win*, high and high a
*major project*, low and low a *fill-in*, low impact and high effort a *thankless task*. The rank orders the
quadrants in that sequence and, within one, by impact minus effort, then impact.

Decision — an overloaded owner. One person leading improvements whose effort ratings add up to more than
:data:`OWNER_EFFORT_LIMIT` (for example a major project and two quick wins) is flagged as a caution: the
learner decides whether to share the work out or phase it.

:func:`plan_gaps` returns the gaps (an improvement with no metric, an overloaded owner, a review date before
the start, a budget over the stated total, an audit pain point nobody addresses…) as :class:`Note` lines.
Learner text is escaped in every HTML; CSV cells go through :func:`widgets.exports.csv_text`; a saved plan
reopens through :func:`widgets.activities.common.open_saved` (size, depth and number limits).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from widgets import metrics
from widgets.activities.campaign import Note, fmt_date, fmt_number, notes_html, smart_notes
from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    build,
    check_date,
    load_yaml,
    open_saved,
    parse,
    rebuild,
)
from widgets.charts import AccessibleChart, import_altair
from widgets.exports import csv_text
from widgets.numeric import MAX_AMOUNT, parse_number

esc = html.escape
APP = "journey-optimiser"
KIND = "cim-l6-optimisation-plan"
SCHEMA_VERSION = 1
WHAT = "a saved optimisation plan"
STAGES = ("Awareness", "Consideration", "Purchase", "Retention", "Advocacy")
Stage = Literal["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"]
SOURCES = {"journey audit": "Journey audit", "customer feedback": "Customer feedback",
           "satisfaction scores": "Satisfaction scores", "data analytics": "Data analytics"}
Source = Literal["journey audit", "customer feedback", "satisfaction scores", "data analytics"]
CADENCES = {"weekly": "Weekly", "fortnightly": "Every two weeks", "monthly": "Monthly", "quarterly": "Quarterly"}
Cadence = Literal["weekly", "fortnightly", "monthly", "quarterly"]
LOW, HIGH, SPLIT = 1, 5, 3
"""Impact and effort are rated 1 (low) to 5 (high); 3 and above counts as high (module docstring)."""
QUICK_WIN, MAJOR_PROJECT, FILL_IN, THANKLESS = "Quick win", "Major project", "Fill-in", "Thankless task"
QUADRANTS = (QUICK_WIN, MAJOR_PROJECT, FILL_IN, THANKLESS)
QUADRANT_ADVICE = {
    QUICK_WIN: "high impact for low effort: do first, to show early progress",
    MAJOR_PROJECT: "high impact but high effort: plan, fund and phase it, with a named owner",
    FILL_IN: "low impact and low effort: do when people have time, never instead of a quick win",
    THANKLESS: "low impact for high effort: drop it or find a cheaper way",
}
MAX_IMPROVEMENTS = 20
"""Most improvements in one plan: a year's plan has five to ten; a matrix of more cannot be read."""
MAX_CHANNELS = 10
OWNER_EFFORT_LIMIT = 6
"""An owner whose improvements' effort ratings add up to more than this is flagged as overloaded."""
MAX_LIST_CHARS = 20_000
"""Longest typed list of values (time to conversion in days) kept in a plan: about 3,000 values."""
MAX_LIST_VALUES = 100_000
"""Most values the time-to-conversion calculator takes at once (a year of a retailer's conversions)."""
MAX_SHORT = 300


# -- metrics and their calculators ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Input:
    """One input of a metric's calculator: ``kind`` is "count" (whole number), "amount" (money or a
    number), "fraction" (0 to 1, e.g. margin 0.48) or "list" (values separated by commas or spaces)."""

    name: str
    label: str
    kind: str
    example: str
    default: str | None = None


@dataclass(frozen=True)
class MetricDef:
    key: str
    label: str
    unit: str
    higher_is_better: bool
    calculator: str
    """The function's name in :mod:`widgets.metrics`."""
    inputs: tuple[Input, ...]
    low: float | None = None
    high: float | None = None
    fixed: tuple[tuple[str, Any], ...] = ()


def _i(name: str, label: str, kind: str = "count", example: str = "1200", default: str | None = None) -> Input:
    return Input(name, label, kind, example, default)


METRICS: dict[str, MetricDef] = {m.key: m for m in (
    MetricDef("ltv", "Customer lifetime value (LTV)", "£", True, "customer_lifetime_value",
              (_i("average_order_value", "Average order value (£)", "amount", "71"),
               _i("purchases_per_year", "Purchases per year", "amount", "1.6"),
               _i("years", "Years as a customer", "amount", "2"),
               _i("gross_margin", "Gross margin (0 to 1)", "fraction", "0.48", "1"),
               _i("discount_rate", "Yearly discount rate (0 to 1)", "fraction", "0", "0")), low=0),
    MetricDef("cac", "Customer acquisition cost (CAC)", "£", False, "customer_acquisition_cost",
              (_i("marketing_spend", "Marketing spend (£)", "amount", "984000"),
               _i("new_customers", "New customers won", "count", "41000")), low=0),
    MetricDef("nps", "Net Promoter Score (NPS)", "points", True, "net_promoter_score_from_counts",
              (_i("promoters", "Promoters (9–10)"), _i("passives", "Passives (7–8)"),
               _i("detractors", "Detractors (0–6)")), low=-100, high=100),
    MetricDef("romi", "Return on marketing investment (ROMI)", "%", True, "return_on_marketing_investment",
              (_i("attributable_revenue", "Revenue the activity brought in (£)", "amount", "50000"),
               _i("marketing_spend", "Marketing spend (£)", "amount", "10000"),
               _i("gross_margin", "Gross margin (0 to 1)", "fraction", "0.48", "1")), low=-100),
    MetricDef("csat", "Customer satisfaction (CSAT)", "%", True, "csat_from_counts",
              (_i("satisfied", "Satisfied answers (top two boxes)"), _i("total", "All answers")),
              low=0, high=100),
    MetricDef("aov", "Average order value (AOV)", "£", True, "average_order_value",
              (_i("revenue", "Revenue (£)", "amount", "8400000"), _i("orders", "Orders", "count", "118300")), low=0),
    MetricDef("retention", "Customer retention rate", "%", True, "retention_rate",
              (_i("customers_at_start", "Customers at the start"), _i("customers_at_end", "Customers at the end"),
               _i("new_customers", "New customers in the period")), low=0, high=100),
    MetricDef("time_to_conversion", "Time to conversion (median days)", "days", False, "time_to_conversion",
              (_i("days", "Days from first visit to purchase, one per customer", "list", "3, 7, 12"),), low=0),
    MetricDef("bounce", "Bounce rate", "%", False, "bounce_rate",
              (_i("single_page_sessions", "Single-page sessions"), _i("sessions", "All sessions")), low=0, high=100),
    MetricDef("abandonment", "Abandonment rate (basket, checkout or form)", "%", False, "abandonment_rate",
              (_i("started", "Started"), _i("completed", "Completed")), low=0, high=100),
    MetricDef("conversion", "Conversion rate (channel metric)", "%", True, "conversion_rate",
              (_i("conversions", "Conversions"), _i("visitors", "Visitors or sessions")), low=0, high=100),
    MetricDef("repeat", "Repeat-purchase rate (channel metric)", "%", True, "repeat_purchase_rate",
              (_i("repeat_customers", "Customers who bought again"), _i("customers", "Customers")), low=0, high=100),
    MetricDef("response", "Response, click-through or review rate (channel metric)", "%", True, "response_rate",
              (_i("responses", "Responses (clicks, reviews, replies)"), _i("contacts", "People contacted")),
              low=0, high=100),
    MetricDef("cost_per_response", "Cost per response or per click (channel metric)", "£", False,
              "cost_per_response", (_i("campaign_cost", "Cost (£)", "amount", "620"),
                                    _i("responses", "Responses or clicks", "count", "1000")), low=0),
    MetricDef("contacts_per_100", "Contacts or complaints per 100 orders (channel metric)", "per 100", False,
              "complaint_rate", (_i("complaints", "Contacts or complaints"), _i("customers", "Orders")),
              low=0, fixed=(("per", 100),)),
)}
OTHER = "other"
"""A measure with no calculator here: the learner names it and says which way is better."""
MetricKey = Literal["ltv", "cac", "nps", "romi", "csat", "aov", "retention", "time_to_conversion", "bounce",
                    "abandonment", "conversion", "repeat", "response", "cost_per_response", "contacts_per_100",
                    "other"]
METRIC_LABELS = {**{k: m.label for k, m in METRICS.items()}, OTHER: "Another measure (no calculator: name it)"}


_PLAIN_VALUE = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")


def parse_values(text: str | list | tuple, label: str) -> list[float]:
    """A list of numbers, 0 or more, from text separated by commas, semicolons, spaces or new lines (or a list).
    Plain values are read in one pass; anything else goes through :func:`widgets.numeric.parse_number`, whose
    message names the value."""
    if isinstance(text, list | tuple):
        values = list(text)
    else:
        raw = str(text)
        if len(raw) > MAX_LIST_VALUES * 12:
            raise ValueError(f"{label}: that list is too long; give at most {MAX_LIST_VALUES:,} values.")
        values = [v for v in re.split(r"[,;\s]+", raw.strip()) if v]
    if not values:
        raise ValueError(f"{label}: give at least one value, for example 3, 7, 12.")
    if len(values) > MAX_LIST_VALUES:
        raise ValueError(f"{label}: give at most {MAX_LIST_VALUES:,} values.")
    if all(type(v) is str and _PLAIN_VALUE.match(v) and len(v) <= 20 for v in values):
        out = [float(v) for v in values]
    elif all(type(v) in (int, float) for v in values):
        out = [float(v) for v in values]
    else:
        return [parse_number(v, label, example="7", allow_negative=False) for v in values]
    if not all(0 <= v <= MAX_AMOUNT for v in out):  # also false for NaN
        return [parse_number(v, label, example="7", allow_negative=False) for v in values]
    return out


def compute_metric(key: str, inputs: dict[str, Any]) -> metrics.MetricResult | metrics.NPSResult:
    """The metric ``key`` from the typed ``inputs`` through its calculator in :mod:`widgets.metrics`, with
    the working (``.steps``); a ``ValueError`` naming the input otherwise. A blank input with a default
    takes the default (a gross margin of 1 treats all revenue as return)."""
    if key not in METRICS:
        raise ValueError("This measure has no calculator: choose one from the list, or type the baseline "
                         "and say where it comes from.")
    m = METRICS[key]
    args: dict[str, Any] = dict(m.fixed)
    for inp in m.inputs:
        raw = inputs.get(inp.name, "")
        if isinstance(raw, str) and not raw.strip():
            if inp.default is None:
                raise ValueError(f"{inp.label}: enter a number, like {inp.example}.")
            raw = inp.default
        if inp.kind == "list":
            args[inp.name] = parse_values(raw, inp.label)
        else:
            whole = inp.kind == "count"
            limit = 1 if inp.kind == "fraction" else None
            args[inp.name] = parse_number(raw, inp.label, example=inp.example, whole=whole, limit=limit,
                                          allow_negative=False)
    return getattr(metrics, m.calculator)(**args)


# -- the plan ------------------------------------------------------------------------------------------------------
def _money(value: object, label: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_number(value, label, example="12000", allow_negative=False)


def _number(value: object, label: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_number(value, label, example="45")


def _rating(value: object, label: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not LOW <= value <= HIGH:
        raise ValueError(f"{label}: give a whole number from {LOW} (low) to {HIGH} (high).")
    return value


def _key(text: str) -> str:
    return " ".join(text.lower().split())


class Improvement(ActivityModel):
    description: str = Field(title="Improvement", max_length=MAX_SHORT)
    pain_point: str = Field("", title="Pain point it addresses", max_length=MAX_TEXT)
    stage: Stage | None = Field(None, title="ACPRA stage")
    persona: str = Field("", title="Persona it serves", max_length=MAX_SHORT)
    # SMART
    change: str = Field("", title="Specific: what will change", max_length=MAX_TEXT)
    who: str = Field("", title="Specific: for whom", max_length=MAX_SHORT)
    metric: MetricKey | None = Field(None, title="Metric")
    metric_name: str = Field("", title="Name of the measure", max_length=MAX_SHORT)
    unit: str = Field("", title="Unit", max_length=20)
    higher_is_better: bool | None = Field(None, title="Which way is better")
    baseline: float | None = Field(None, title="Baseline")
    baseline_source: str = Field("", title="Where the baseline comes from", max_length=MAX_TEXT)
    target: float | None = Field(None, title="Target")
    inputs: dict[str, str] = Field(default_factory=dict, title="Calculator inputs", max_length=8)
    achievable: str = Field("", title="Achievable: why (against the baseline or a benchmark)", max_length=MAX_TEXT)
    serves: str = Field("", title="Relevant: the business objective it serves", max_length=MAX_TEXT)
    start: dt.date | None = Field(None, title="Start date")
    deadline: dt.date | None = Field(None, title="Deadline")
    # plan
    impact: int = Field(3, title="Impact")
    effort: int = Field(3, title="Effort")
    owner: str = Field("", title="Owner", max_length=MAX_SHORT)
    people: str = Field("", title="People", max_length=MAX_TEXT)
    budget: float | None = Field(None, title="Budget (£)")
    tools: str = Field("", title="Tools", max_length=MAX_TEXT)
    channels: list[str] = Field(default_factory=list, title="Channels", max_length=MAX_CHANNELS)
    review: dt.date | None = Field(None, title="Review date")
    review_reason: str = Field("", title="Why the review date is outside the plan period", max_length=MAX_TEXT)
    across_channels: str = Field("", title="How this improves the journey across channels", max_length=MAX_TEXT)

    @field_validator("description", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        if not str(value or "").strip():
            raise ValueError("Improvement: please say what the improvement is.")
        return value

    @field_validator("baseline", "target", mode="before")
    @classmethod
    def _numbers(cls, value: object, info) -> float | None:
        return _number(value, "The baseline" if info.field_name == "baseline" else "The target")

    @field_validator("budget", mode="before")
    @classmethod
    def _budget(cls, value: object) -> float | None:
        return _money(value, "Budget (£)")

    @field_validator("impact", "effort", mode="before")
    @classmethod
    def _ratings(cls, value: object, info) -> int:
        return _rating(value, info.field_name.capitalize())

    @field_validator("start", "deadline", "review")
    @classmethod
    def _in_range(cls, value: dt.date | None, info) -> dt.date | None:
        return check_date(value, {"start": "start date", "deadline": "deadline",
                                  "review": "review date"}[info.field_name])

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: list[str]) -> list[str]:
        cleaned = [" ".join(str(c).split())[:80] for c in value if str(c).strip()]
        if len({c.lower() for c in cleaned}) != len(cleaned):
            raise ValueError("Channels: each channel is listed once.")
        return cleaned

    @field_validator("inputs")
    @classmethod
    def _inputs(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not re.fullmatch(r"[a-z_]{1,40}", name):
                raise ValueError("Calculator inputs: this plan has an input the calculators do not know.")
            if len(str(text)) > MAX_LIST_CHARS:
                raise ValueError(f"Calculator inputs: keep each input under {MAX_LIST_CHARS:,} characters.")
        return {k: str(v) for k, v in value.items()}

    @model_validator(mode="after")
    def _consistent(self) -> Improvement:
        if self.start and self.deadline and self.deadline < self.start:
            raise ValueError(f"The deadline ({fmt_date(self.deadline)}) is before the start date "
                             f"({fmt_date(self.start)}): choose a deadline on or after the start.")
        if self.metric in METRICS:
            known = {i.name for i in METRICS[self.metric].inputs}
            odd = sorted(set(self.inputs) - known)
            if odd:
                raise ValueError(f"Calculator inputs: “{odd[0]}” is not an input of "
                                 f"{METRICS[self.metric].label}.")
        for x, what in ((self.baseline, "baseline"), (self.target, "target")):
            problem = value_problem(self, x, what)
            if problem:
                raise ValueError(problem)
        return self

    # what the metric is
    @property
    def measure(self) -> str:
        if self.metric in METRICS:
            return METRICS[self.metric].label
        return self.metric_name if self.metric == OTHER else ""

    @property
    def measure_unit(self) -> str:
        return METRICS[self.metric].unit if self.metric in METRICS else self.unit

    @property
    def direction(self) -> bool | None:
        """True when higher is better, False when lower is, None when not yet said."""
        return METRICS[self.metric].higher_is_better if self.metric in METRICS else self.higher_is_better


def value_problem(imp: Improvement, x: float | None, what: str) -> str | None:
    """Why a baseline or target is impossible for the metric (a rate over 100 %, an NPS under −100), or None."""
    if x is None or imp.metric not in METRICS:
        if x is not None and imp.metric == OTHER and imp.unit.strip() == "%" and not 0 <= x <= 100:
            return f"The {what} ({fmt_number(x)}%) is a percentage, so it must be from 0 to 100."
        return None
    m = METRICS[imp.metric]
    if m.low is not None and x < m.low or m.high is not None and x > m.high:
        span = (f"from {fmt_number(m.low)} to {fmt_number(m.high)}" if m.high is not None
                else f"at least {fmt_number(m.low)}")
        return f"The {what} ({fmt_number(x)}) is impossible for {m.label}: it must be {span} {m.unit}.".replace(
            "  ", " ")
    return None


class AuditItem(ActivityModel):
    """An opportunity found by the journey audit, with the touchpoint it belongs to."""

    stage: str
    touchpoint: str
    channel: str
    owner: str
    pain_points: list[str]
    description: str
    impact: int
    effort: int


class OptimisationPlan(ActivityModel):
    id: str = "my-optimisation-plan"
    title: str = Field("Journey optimisation plan", max_length=200)
    criteria: list[str] = []
    instructions: str = Field("", max_length=MAX_TEXT)
    journey: str = Field("", max_length=80, pattern=r"^[a-z0-9-]*$")
    organisation: str = Field("My organisation", title="Organisation", min_length=1, max_length=120)
    persona: str = Field("", title="Persona", max_length=MAX_TEXT)
    period_start: dt.date = Field(title="Plan starts")
    period_end: dt.date = Field(title="Plan ends")
    sources: list[Source] = Field(default_factory=list, title="Sources used", max_length=4)
    sources_note: str = Field("", title="What each source showed", max_length=MAX_TEXT)
    cadence: Cadence | None = Field(None, title="Review cadence")
    cycle: str = Field("", title="Continuous-improvement cycle", max_length=MAX_TEXT)
    budget_total: float | None = Field(None, title="Total budget (£)")
    owners: list[str] = Field(default_factory=list, max_length=40)
    channel_options: list[str] = Field(default_factory=list, max_length=40)
    improvements: list[Improvement] = Field(default_factory=list, max_length=MAX_IMPROVEMENTS)

    @field_validator("budget_total", mode="before")
    @classmethod
    def _budget(cls, value: object) -> float | None:
        return _money(value, "Total budget (£)")

    @field_validator("period_start", "period_end")
    @classmethod
    def _in_range(cls, value: dt.date, info) -> dt.date:
        return check_date(value, "start of the plan" if info.field_name == "period_start" else "end of the plan")

    @field_validator("sources")
    @classmethod
    def _once(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _consistent(self) -> OptimisationPlan:
        if self.period_end <= self.period_start:
            raise ValueError(f"The plan ends ({fmt_date(self.period_end)}) on or before it starts "
                             f"({fmt_date(self.period_start)}): choose an end after the start.")
        seen: set[str] = set()
        for imp in self.improvements:
            key = _key(imp.description)
            if key in seen:
                raise ValueError(f"The improvement “{imp.description[:40]}” is in the plan twice: change or remove "
                                 "one of them.")
            seen.add(key)
        return self

    @property
    def period(self) -> str:
        return f"{fmt_date(self.period_start)} to {fmt_date(self.period_end)}"


# -- reading the audit ---------------------------------------------------------------------------------------------
def journeys_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "data" / "journeys"


@cache
def audit_items(journey: str) -> tuple[AuditItem, ...]:
    """The opportunities of ``data/journeys/<journey>.json`` (as-is journey), each with its stage,
    touchpoint, channel, owner and the pain points found at that touchpoint."""
    if not journey or not re.fullmatch(r"[a-z0-9-]+", journey):
        return ()
    data = json.loads((journeys_dir() / f"{journey}.json").read_text(encoding="utf-8"))
    items = []
    for stage in data.get("as_is", []):
        for tp in stage.get("touchpoints", []):
            pains = [p["description"] for p in tp.get("pain_points", [])]
            for o in tp.get("opportunities", []):
                items.append(AuditItem(stage=stage["name"], touchpoint=tp["name"], channel=tp.get("channel", ""),
                                       owner=tp.get("backstage_owner", ""), pain_points=pains,
                                       description=o["description"], impact=o["impact"], effort=o["effort"]))
    return tuple(items)


@cache
def audit_pain_points(journey: str) -> tuple[tuple[str, str], ...]:
    """(stage, pain point) pairs found by the audit, in journey order."""
    if not journey or not re.fullmatch(r"[a-z0-9-]+", journey):
        return ()
    data = json.loads((journeys_dir() / f"{journey}.json").read_text(encoding="utf-8"))
    return tuple((s["name"], p["description"]) for s in data.get("as_is", []) for tp in s.get("touchpoints", [])
                 for p in tp.get("pain_points", []))


# -- SMART, part by part -------------------------------------------------------------------------------------------
def baseline_working(imp: Improvement) -> tuple[Any | None, str]:
    """(calculator result, "") when the inputs compute, (None, message) when they are refused, (None, "")
    when there is nothing to compute."""
    if imp.metric not in METRICS or not any(v.strip() for v in imp.inputs.values()):
        return None, ""
    try:
        return compute_metric(imp.metric, imp.inputs), ""
    except ValueError as exc:
        return None, str(exc)


def _change_words(imp: Improvement) -> str:
    b, t, unit = imp.baseline, imp.target, imp.measure_unit
    if b is None or t is None:
        return ""
    diff = abs(t - b)
    pts = " percentage points" if unit == "%" else (f" {unit}" if unit and unit != "£" else "")
    money = "£" if unit == "£" else ""
    rel = f", {abs(t - b) / abs(b) * 100:.0f}% {'higher' if t > b else 'lower'}" if b else ""
    return f"from {money}{fmt_number(b)} to {money}{fmt_number(t)} ({money}{fmt_number(diff)}{pts}{rel})"


def smart_check(imp: Improvement, plan: OptimisationPlan | None = None) -> list[Note]:
    """SMART (Doran 1981) part by part through the campaign planner's shared helper
    (:func:`widgets.activities.campaign.smart_notes`), then what a plan adds: a measure whose direction is
    known, a baseline that agrees with the calculator, a justification that compares the target with the
    baseline or a benchmark in numbers, a persona, and a deadline within the plan period."""
    direction = imp.direction
    notes = smart_notes(change=imp.change, measure=imp.measure, who=imp.who, target=imp.target,
                        baseline=imp.baseline, unit=imp.measure_unit, achievable=imp.achievable, serves=imp.serves,
                        start=imp.start, deadline=imp.deadline, subject="improvement",
                        serves_what="business objective", higher_is_better=direction is not False,
                        baseline_required=True)
    by_part: dict[str, list[Note]] = defaultdict(list)
    for n in notes:
        by_part[n.part].append(n)
    # Measurable: which way is better, and the calculator's answer
    if imp.metric == OTHER and direction is None:
        by_part["Measurable"].append(Note("Measurable", "problem", "Measurable: say whether a higher or a lower "
                                          "value of this measure is better, or nobody can tell whether the target "
                                          "is an improvement."))
    if imp.metric == OTHER and imp.baseline is not None and not imp.baseline_source:
        by_part["Measurable"].append(Note("Measurable", "caution", "Measurable: this measure has no calculator "
                                          "here, so say where the baseline comes from (report, survey, date)."))
    result, refused = baseline_working(imp)
    if refused:
        by_part["Measurable"].append(Note("Measurable", "problem", f"Measurable: the calculator cannot use your "
                                          f"inputs yet: {refused}"))
    elif result is not None and imp.baseline is not None and abs(result.value - imp.baseline) > max(
            0.05 * abs(imp.baseline), 0.01):
        by_part["Measurable"].append(Note("Measurable", "caution", f"Measurable: the calculator gives "
                                          f"{result.display} from your inputs but the baseline says "
                                          f"{fmt_number(imp.baseline)}: check which is right."))
    if direction is not None and imp.target is not None and imp.baseline is not None and not any(
            n.level == "problem" for n in by_part["Achievable"]):
        way = "higher" if direction else "lower"
        reason = " You have given a reason." if imp.achievable else ""
        by_part["Achievable"] = [n for n in by_part["Achievable"] if n.level != "ok"]
        by_part["Achievable"].insert(0, Note("Achievable", "ok", f"Achievable: for {imp.measure} {way} is better, "
                                             f"and the target moves it the right way, {_change_words(imp)}.{reason}"))
    if imp.achievable and not re.search(r"[0-9]", imp.achievable):
        by_part["Achievable"].append(Note("Achievable", "caution", "Achievable: the reason has no numbers. Compare "
                                          "the target with the baseline, a past result or a benchmark, so a reader "
                                          "can judge whether the step is realistic."))
    persona = imp.persona or (plan.persona if plan else "")
    if not persona:
        by_part["Relevant"].append(Note("Relevant", "problem", "Relevant: name the persona this improvement serves, "
                                        "or it may fix a problem your customers do not have."))
    if plan and imp.deadline and not plan.period_start <= imp.deadline <= plan.period_end:
        by_part["Time-bound"].append(Note("Time-bound", "problem", f"Time-bound: the deadline "
                                          f"({fmt_date(imp.deadline)}) is outside the plan period ({plan.period}), "
                                          "so the plan cannot show the result."))
    if plan and imp.start and imp.start < plan.period_start:
        by_part["Time-bound"].append(Note("Time-bound", "caution", f"Time-bound: the start "
                                          f"({fmt_date(imp.start)}) is before the plan begins "
                                          f"({fmt_date(plan.period_start)}): is the work already under way?"))
    return [n for part in ("Specific", "Measurable", "Achievable", "Relevant", "Time-bound") for n in by_part[part]]


def smart_summary(notes: list[Note]) -> dict[str, str]:
    """Each SMART part's worst level: "problem", "caution" or "ok"."""
    order = {"ok": 0, "caution": 1, "problem": 2}
    out: dict[str, str] = {}
    for n in notes:
        if order[n.level] >= order.get(out.get(n.part, "ok"), 0):
            out[n.part] = n.level
    return out


def is_smart(imp: Improvement, plan: OptimisationPlan | None = None) -> bool:
    return all(n.level != "problem" for n in smart_check(imp, plan))


# -- priority ------------------------------------------------------------------------------------------------------
def quadrant(impact: int, effort: int) -> str:
    """Impact and effort 1–5, 3 and above high: quick win, major project, fill-in or thankless task."""
    high_i, high_e = impact >= SPLIT, effort >= SPLIT
    if high_i:
        return MAJOR_PROJECT if high_e else QUICK_WIN
    return THANKLESS if high_e else FILL_IN


@dataclass(frozen=True)
class Ranked:
    rank: int
    number: int
    """The improvement's number in the plan (1-based)."""
    improvement: Improvement
    quadrant: str


def ranked(plan: OptimisationPlan) -> list[Ranked]:
    """Quick wins, then major projects, fill-ins and thankless tasks; within one, impact − effort, then impact,
    then the plan's order."""
    rows = sorted(enumerate(plan.improvements, 1),
                  key=lambda p: (QUADRANTS.index(quadrant(p[1].impact, p[1].effort)),
                                 -(p[1].impact - p[1].effort), -p[1].impact, p[0]))
    return [Ranked(r, n, imp, quadrant(imp.impact, imp.effort)) for r, (n, imp) in enumerate(rows, 1)]


def matrix_description(plan: OptimisationPlan) -> str:
    """The priority matrix in words: every improvement with its ratings and quadrant (no Altair needed)."""
    parts = "; ".join(f"{n}. {imp.description}: impact {imp.impact}, effort {imp.effort}, "
                      f"{quadrant(imp.impact, imp.effort)}" for n, imp in enumerate(plan.improvements, 1))
    return (f"Priority matrix of {len(plan.improvements)} improvements, effort across and impact up, both 1 to 5, "
            f"split at {SPLIT} (3 and above is high). Numbers label the improvements. {parts}.")


def matrix_chart(plan: OptimisationPlan) -> AccessibleChart:
    """Effort (x) against impact (y), 1–5, with the split lines; improvements at the same point share one label
    of their numbers. The description lists every improvement and its quadrant."""
    if not plan.improvements:
        raise ValueError("Add an improvement to see the priority matrix.")
    alt = import_altair()
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for n, imp in enumerate(plan.improvements, 1):
        groups[(imp.impact, imp.effort)].append(n)
    rows = [{"Impact": i, "Effort": e, "Improvements": ", ".join(map(str, ns)), "Quadrant": quadrant(i, e),
             "Count": len(ns)} for (i, e), ns in groups.items()]
    scale = alt.Scale(domain=[0.5, 5.5])
    colours = alt.Scale(domain=list(QUADRANTS), range=["#1a7a4c", "#0b5cad", "#5c5c5c", "#b34700"])
    points = alt.Chart(alt.Data(values=rows)).mark_point(size=140, filled=True).encode(
        x=alt.X("Effort:Q", scale=scale, title="Effort (1 low to 5 high)"),
        y=alt.Y("Impact:Q", scale=scale, title="Impact (1 low to 5 high)"),
        shape=alt.Shape("Quadrant:N", scale=alt.Scale(domain=list(QUADRANTS)), legend=alt.Legend(orient="bottom")),
        color=alt.Color("Quadrant:N", scale=colours, legend=alt.Legend(orient="bottom")),
        tooltip=["Improvements:N", "Impact:Q", "Effort:Q", "Quadrant:N"])
    labels = alt.Chart(alt.Data(values=rows)).mark_text(align="left", dx=9, dy=-7, fontSize=11).encode(
        x="Effort:Q", y="Impact:Q", text="Improvements:N")
    line = SPLIT - 0.5
    vline = alt.Chart(alt.Data(values=[{"x": line}])).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    hline = alt.Chart(alt.Data(values=[{"y": line}])).mark_rule(strokeDash=[4, 4]).encode(y="y:Q")
    chart = (points + labels + vline + hline).properties(width=380, height=320, title="Priority matrix")
    return AccessibleChart(chart, matrix_description(plan))


# -- gaps ----------------------------------------------------------------------------------------------------------
def plan_gaps(plan: OptimisationPlan) -> list[Note]:
    """What the plan still lacks, as "problem" and "caution" notes (part = "Plan" or the improvement), or one
    "ok" note."""
    notes: list[Note] = []

    def add(part: str, level: str, text: str) -> None:
        notes.append(Note(part, level, text))

    if not plan.persona:
        add("Plan", "problem", "Name the persona the plan serves: the improvements should answer that customer's "
            "pain points.")
    if not plan.sources:
        add("Plan", "problem", "Say which sources the plan uses (journey audit, customer feedback, satisfaction "
            "scores, data analytics): a plan from no evidence is a guess.")
    elif len(plan.sources) == 1:
        add("Plan", "caution", "Only one source is used: check the audit against a second source (feedback, "
            "scores or analytics) before spending money on it.")
    if plan.cadence is None:
        add("Plan", "problem", "Choose how often the plan is reviewed: without a review cycle it is a one-off "
            "project, not continuous improvement.")
    if not plan.cycle:
        add("Plan", "caution", "Describe the continuous-improvement cycle: who meets, what they look at, and what "
            "happens to an improvement that is not working.")
    if not plan.improvements:
        add("Plan", "problem", "Add at least one improvement.")
    effort: dict[str, list[Improvement]] = defaultdict(list)
    total = 0.0
    for n, imp in enumerate(plan.improvements, 1):
        name = f"{n}. {imp.description[:50]}"
        if not imp.metric or (imp.metric == OTHER and not imp.metric_name):
            add(name, "problem", "No metric: choose the measure that will show whether it worked.")
        problems = [x.part for x in smart_check(imp, plan) if x.level == "problem"]
        if problems:
            add(name, "problem", f"The SMART objective still has gaps: {', '.join(dict.fromkeys(problems))}.")
        if not imp.pain_point:
            add(name, "caution", "Say which pain point it addresses, so the plan is traceable to the audit.")
        if imp.stage is None:
            add(name, "caution", "Choose the ACPRA stage it addresses.")
        if not imp.owner:
            add(name, "problem", "No owner: name the one person accountable for it.")
        else:
            effort[_key(imp.owner)].append(imp)
        if not imp.channels:
            add(name, "problem", "Choose at least one channel it changes.")
        if not imp.across_channels:
            add(name, "problem", "Explain how it improves the journey across channels (3.2), in your own words.")
        elif len(imp.channels) == 1:
            add(name, "caution", "Only one channel is chosen: say what the customer meets before and after it in "
                "other channels, or the journey may break at the hand-over.")
        if imp.budget is None:
            add(name, "caution", "No budget is given: write 0 if it needs staff time only.")
        else:
            total += imp.budget
        if not imp.people and not imp.tools:
            add(name, "caution", "No resources are named: who works on it, and with which tools?")
        if imp.review is None:
            add(name, "problem", "No review date: set the date you will check the metric.")
        else:
            if imp.start and imp.review <= imp.start:
                add(name, "problem", f"The review date ({fmt_date(imp.review)}) is not after the start "
                    f"({fmt_date(imp.start)}): there is nothing to review yet.")
            if not plan.period_start <= imp.review <= plan.period_end and not imp.review_reason:
                add(name, "problem", f"The review date ({fmt_date(imp.review)}) is outside the plan period "
                    f"({plan.period}): move it, or say why it must be later.")
    for imps in effort.values():
        load = sum(i.effort for i in imps)
        if len(imps) > 1 and load > OWNER_EFFORT_LIMIT:
            add(imps[0].owner, "caution", f"{imps[0].owner} owns {len(imps)} improvements with effort "
                f"{' + '.join(str(i.effort) for i in imps)} = {load} (more than {OWNER_EFFORT_LIMIT}): share the "
                "work out, or phase it across the year.")
    if plan.budget_total is not None and total > plan.budget_total:
        add("Plan", "problem", f"The improvements' budgets add up to £{fmt_number(total)}, more than the total of "
            f"£{fmt_number(plan.budget_total)}: cut, phase or find the money.")
    if plan.improvements and not any(quadrant(i.impact, i.effort) == QUICK_WIN for i in plan.improvements):
        add("Plan", "caution", "There is no quick win: one early, visible success helps keep support for the plan.")
    addressed = " ".join(_key(i.pain_point) for i in plan.improvements)
    missed = [p for _s, p in audit_pain_points(plan.journey) if _key(p) not in addressed]
    if plan.improvements and missed:
        add("Plan", "caution", f"No improvement addresses the audit's pain point “{missed[0]}”"
            f"{f' (and {len(missed) - 1} more)' if len(missed) > 1 else ''}: add one or say why it waits.")
    return notes or [Note("Plan", "ok", "No gaps found: every improvement has a SMART objective, an owner, "
                                        "resources, channels and a review date.")]


# -- building, reading and saving ----------------------------------------------------------------------------------
def load_plan(spec_id: str, name: str) -> OptimisationPlan:
    return parse(OptimisationPlan, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def blank_plan(worked: OptimisationPlan) -> OptimisationPlan:
    """A plan with nothing written, keeping the task: organisation, period, owners, channels, the audit."""
    return build(OptimisationPlan, id="my-optimisation-plan", title=worked.title, criteria=list(worked.criteria),
                 instructions=worked.instructions, journey=worked.journey, organisation=worked.organisation,
                 period_start=worked.period_start, period_end=worked.period_end, owners=list(worked.owners),
                 channel_options=list(worked.channel_options))


with_changes = rebuild  # a copy with changes applied and checked again


def make_improvement(**fields: object) -> Improvement:
    return build(Improvement, **fields)


def to_json(plan: OptimisationPlan) -> str:
    """The plan as the JSON :func:`from_json` reads back (the shape of :func:`widgets.activities.common.saved_json`,
    with dates as ISO text)."""
    return json.dumps({"kind": KIND, "schema_version": SCHEMA_VERSION, "task": plan.id,
                       **plan.model_dump(mode="json")}, ensure_ascii=False, indent=1)


def from_json(content: bytes | str) -> OptimisationPlan:
    """A saved plan: size, nesting and numbers checked before parsing, then validated."""
    return open_saved(OptimisationPlan, content, KIND, WHAT, schema_version=SCHEMA_VERSION)


# -- HTML and CSV --------------------------------------------------------------------------------------------------
def _p(text: str) -> str:
    return esc(text).replace("\n", "<br>") if text else "<span class='cx-blank'>not written yet</span>"


def _target_words(imp: Improvement) -> str:
    unit = imp.measure_unit

    def amount(x: float | None) -> str:
        if x is None:
            return "—"
        if unit == "£":
            return "£" + fmt_number(x)
        return fmt_number(x) + ("%" if unit == "%" else f" {unit}" if unit else "")

    return f"{amount(imp.baseline)} → {amount(imp.target)}"


def ranked_table_html(plan: OptimisationPlan) -> str:
    if not plan.improvements:
        return "<p class='cx-hint'>No improvements yet.</p>"
    rows = "".join(f"<tr><td>{r.rank}</td><th scope='row'>{r.number}. {esc(r.improvement.description)}</th>"
                   f"<td>{r.improvement.impact}</td><td>{r.improvement.effort}</td><td><strong>{esc(r.quadrant)}"
                   f"</strong></td><td>{esc(r.improvement.owner) or '—'}</td></tr>" for r in ranked(plan))
    advice = "".join(f"<li><strong>{esc(q)}</strong>: {esc(QUADRANT_ADVICE[q])}</li>" for q in QUADRANTS)
    return (f"<ul>{advice}</ul><table class='cx-activity-table'><caption>Improvements ranked by priority (impact "
            "and effort 1 to 5; 3 and above is high)</caption><thead><tr><th scope='col'>Rank</th>"
            "<th scope='col'>Improvement</th><th scope='col'>Impact</th><th scope='col'>Effort</th>"
            "<th scope='col'>Quadrant</th><th scope='col'>Owner</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def improvement_html(n: int, imp: Improvement, plan: OptimisationPlan) -> str:
    result, refused = baseline_working(imp)
    working = ""
    if result is not None:
        steps = "".join(f"<li>{esc(s)}</li>" for s in result.steps)
        working = (f"<p>Baseline from the calculator ({esc(result.metric)}): <strong>{esc(result.display)}"
                   f"</strong></p><ol class='cx-working'>{steps}</ol>")
    elif refused:
        working = f"<p>The calculator cannot use these inputs: {esc(refused)}</p>"
    direction = {True: "higher is better", False: "lower is better", None: "direction not given"}[imp.direction]
    res = "; ".join(x for x in (f"people: {imp.people}" if imp.people else "",
                                f"budget: £{fmt_number(imp.budget)}" if imp.budget is not None else "",
                                f"tools: {imp.tools}" if imp.tools else "") if x)
    review = fmt_date(imp.review) or "—"
    if imp.review_reason:
        review += f" (outside the period because: {imp.review_reason})"
    rows = [("Pain point", imp.pain_point), ("ACPRA stage", imp.stage or ""), ("Persona", imp.persona or plan.persona),
            ("What will change", imp.change), ("For whom", imp.who),
            ("Metric", f"{imp.measure} ({direction})" if imp.measure else ""),
            ("Baseline → target", _target_words(imp) if imp.measure else ""),
            ("Where the baseline comes from", imp.baseline_source),
            ("Why it is achievable", imp.achievable), ("Business objective", imp.serves),
            ("Dates", f"{fmt_date(imp.start) or '—'} to {fmt_date(imp.deadline) or '—'}"),
            ("Priority", f"impact {imp.impact}, effort {imp.effort}: {quadrant(imp.impact, imp.effort)}"),
            ("Owner", imp.owner), ("Resources", res), ("Channels", ", ".join(imp.channels)), ("Review date", review),
            ("How it improves the journey across channels", imp.across_channels)]
    body = "".join(f"<tr><th scope='row'>{esc(k)}</th><td>{_p(v)}</td></tr>" for k, v in rows)
    return (f"<h4>{n}. {esc(imp.description)}</h4><table class='cx-activity-table'><caption>Improvement {n}"
            f"</caption><tbody>{body}</tbody></table>{working}<p><strong>SMART check, part by part</strong></p>"
            f"{notes_html(smart_check(imp, plan))}")


def plan_header_html(plan: OptimisationPlan) -> str:
    sources = ", ".join(SOURCES[s] for s in plan.sources) or "none chosen yet"
    cadence = CADENCES[plan.cadence] if plan.cadence else "not chosen yet"
    total = f"£{fmt_number(plan.budget_total)}" if plan.budget_total is not None else "not given"
    spent = sum(i.budget or 0 for i in plan.improvements)
    rows = [("Organisation", plan.organisation), ("Plan period", plan.period), ("Persona", plan.persona),
            ("Sources used", sources), ("What the sources showed", plan.sources_note),
            ("Review cadence", cadence), ("Continuous-improvement cycle", plan.cycle),
            ("Budget", f"{total} in total; £{fmt_number(spent)} allocated to improvements")]
    body = "".join(f"<tr><th scope='row'>{esc(k)}</th><td>{_p(v)}</td></tr>" for k, v in rows)
    return f"<table class='cx-activity-table'><caption>The plan</caption><tbody>{body}</tbody></table>"


def gaps_html(plan: OptimisationPlan) -> str:
    notes = plan_gaps(plan)
    return notes_html([Note(n.part, n.level, f"{n.part}: {n.text}" if n.part != "Plan" else n.text) for n in notes])


def plan_body_html(plan: OptimisationPlan, chart_html: str = "") -> str:
    improvements = "".join(improvement_html(n, imp, plan) for n, imp in enumerate(plan.improvements, 1))
    return (f"{plan_header_html(plan)}<h3>Priority</h3>{chart_html}{ranked_table_html(plan)}"
            f"<h3>Improvements</h3>{improvements or '<p>No improvements yet.</p>'}"
            f"<h3>Gaps to close</h3>{gaps_html(plan)}")


def document_html(plan: OptimisationPlan) -> str:
    from widgets.activities.cx_model import html_document

    description = f"<p>{esc(matrix_description(plan))}</p>" if plan.improvements else ""
    return html_document(f"Optimisation plan: {plan.organisation}", plan_body_html(plan, description))


CSV_HEADER = ["rank", "number", "improvement", "pain point", "ACPRA stage", "persona", "what will change", "for whom",
              "metric", "unit", "higher is better", "baseline", "target", "baseline source", "achievable", "relevant",
              "start", "deadline", "impact", "effort", "quadrant", "owner", "people", "budget (£)", "tools",
              "channels", "review date", "review reason", "across channels", "SMART to fix"]


def to_csv(plan: OptimisationPlan) -> str:
    """One row per improvement in rank order; learner text neutralised by :func:`widgets.exports.csv_text`."""
    rows = []
    for r in ranked(plan):
        i = r.improvement
        fix = "; ".join(dict.fromkeys(n.part for n in smart_check(i, plan) if n.level == "problem"))
        rows.append([r.rank, r.number, i.description, i.pain_point, i.stage or "", i.persona or plan.persona,
                     i.change, i.who, i.measure, i.measure_unit, {True: "yes", False: "no", None: ""}[i.direction],
                     fmt_number(i.baseline), fmt_number(i.target), i.baseline_source, i.achievable, i.serves,
                     i.start.isoformat() if i.start else "", i.deadline.isoformat() if i.deadline else "",
                     i.impact, i.effort, r.quadrant, i.owner, i.people,
                     "" if i.budget is None else fmt_number(i.budget).replace(",", ""), i.tools,
                     "; ".join(i.channels), i.review.isoformat() if i.review else "", i.review_reason,
                     i.across_channels, fix])
    return csv_text(rows, header=CSV_HEADER)


def optimisation_plan_html(plan: OptimisationPlan, live_link: str = "") -> str:
    """The book's worked example: the plan, the priority matrix and table, each improvement with its SMART
    check results, and the gaps."""
    chart = matrix_chart(plan).to_html() if plan.improvements else ""
    intro = f"<p>{esc(plan.instructions)}</p>" if plan.instructions else ""
    return (f"<div class='cx-activity cx-optimisation-plan'><h3 class='cx-activity-title'>{esc(plan.title)}</h3>"
            f"{intro}{plan_body_html(plan, chart)}{live_link}</div>")

