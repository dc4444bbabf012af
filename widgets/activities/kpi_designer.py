"""KPI designer and insight report (CIM L4 Customer Experience, LO6: 6.1–6.4). Pure logic, no widgets.

* **KPIs (6.1)**: each KPI has a name, a spec area (customer service, satisfaction, complaints, retention,
  reach), a definition, a formula linked to its function in :mod:`widgets.metrics` where one exists (the
  calculator's inputs and working kept with it), a target with its direction, data source, frequency, owner,
  a plain-words description and a benchmark source. :func:`kpi_notes` checks the set: every area covered,
  no duplicates, the target on the right side of the baseline, and vanity measures flagged with a reason.
* **Analysis (6.2)**: a complaints log analysed with the metrics workbench's own functions
  (:func:`widgets.workbench.complaint_times`, :func:`~widgets.workbench.date_column`,
  :func:`~widgets.workbench.wilson_columns`, :func:`~widgets.workbench.read_csv_bytes`): complaints and the share
  answered within the KPI's target by month, category and channel. The learner writes the interpretation.
* **Report (6.3, 6.4)**: a one-page insight report the learner composes; :func:`report_notes` checks that the
  finding quotes a number from the analysis, that each recommendation names a KPI and that the text is short.
  :func:`report_html` is a self-contained page (learner text escaped, the chart as inline SVG with its text
  description, nothing fetched from elsewhere); :func:`kpis_csv` the KPI set with cells made safe.

The tool never writes a finding, an insight or a recommendation: the worked Hartwell report in the data file is
shown only in the book.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field, field_validator

from widgets import metrics
from widgets import workbench as wb
from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    build,
    check_date,
    load_yaml,
    open_saved,
    parse,
)
from widgets.activities.optimisation_plan import Input, MetricDef, parse_values
from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.exports import csv_text
from widgets.numeric import parse_number

esc = html.escape
KIND = "cx-kpi-designer"
MAX_KPIS = 20
MAX_RECS = 6
MAX_SHORT = 300

AREAS = {"service": "Customer service", "satisfaction": "Customer satisfaction", "complaints": "Complaints",
         "retention": "Retention", "reach": "Reach"}
Area = Literal["service", "satisfaction", "complaints", "retention", "reach"]
FREQUENCIES = ("Daily", "Weekly", "Monthly", "Quarterly", "Twice a year", "Yearly")
LEVERS = {"mix": "Extended marketing mix (7Ps)", "culture": "Culture and leadership", "processes": "Processes",
          "channels": "Channels", "soft_data": "Soft data and informal communications"}
Lever = Literal["mix", "culture", "processes", "channels", "soft_data"]
CHARTS = {"month": "Complaints and share answered within target, by month",
          "category": "Share answered within target, by category",
          "channel": "Share answered within target, by channel"}
ChartKey = Literal["month", "category", "channel"]
LIMITS = {"title": 15, "finding": 50, "insight": 100, "recommendation": 60, "report": 600}
"""Plain-English limits in words: a one-page report a busy manager reads in two minutes."""
LONG_SENTENCE = 30


def _i(name: str, label: str, kind: str = "count", example: str = "1200") -> Input:
    return Input(name, label, kind, example)


METRICS: dict[str, MetricDef] = {m.key: m for m in (
    MetricDef("csat", "Customer satisfaction (CSAT, top-two-box %)", "%", True, "csat_from_counts",
              (_i("satisfied", "Satisfied answers (4 or 5 out of 5)", example="3900"),
               _i("total", "All answers", example="4800")), low=0, high=100),
    MetricDef("nps", "Net Promoter Score (NPS)", "points", True, "net_promoter_score_from_counts",
              (_i("promoters", "Promoters (9–10)"), _i("passives", "Passives (7–8)"),
               _i("detractors", "Detractors (0–6)")), low=-100, high=100),
    MetricDef("retention", "Customer retention rate", "%", True, "retention_rate",
              (_i("customers_at_start", "Customers at the start"), _i("customers_at_end", "Customers at the end"),
               _i("new_customers", "New customers in the period")), low=0, high=100),
    MetricDef("complaint_rate", "Complaints per 1,000 transactions", "per 1,000", False, "complaint_rate",
              (_i("complaints", "Complaints", example="2500"),
               _i("customers", "Transactions (or customers)", example="2400000")), low=0, fixed=(("per", 1000),)),
    MetricDef("response_time", "Complaint first-response time (median hours)", "hours", False,
              "complaint_response_time",
              (_i("hours", "Hours to first reply, one per complaint", "list", "2, 5, 30"),), low=0),
    MetricDef("fcr", "First-contact resolution", "%", True, "first_contact_resolution",
              (_i("resolved_first_time", "Resolved at the first contact", example="1037"),
               _i("contacts", "Contacts (complaints)", example="2500")), low=0, high=100),
    MetricDef("repeat", "Repeat-purchase rate", "%", True, "repeat_purchase_rate",
              (_i("repeat_customers", "Customers who bought again"), _i("customers", "Customers")), low=0, high=100),
    MetricDef("reach", "Reach (share of the audience who saw or used it)", "%", True, "response_rate",
              (_i("responses", "People reached", example="42000"),
               _i("contacts", "People in the audience", example="210000")), low=0, high=100),
)}
OTHER = "other"
MetricKey = Literal["csat", "nps", "retention", "complaint_rate", "response_time", "fcr", "repeat", "reach", "other"]
METRIC_LABELS = {**{k: m.label for k, m in METRICS.items()}, OTHER: "Another measure (no calculator: describe it)"}


def compute_metric(key: str, inputs: dict[str, Any]) -> metrics.MetricResult | metrics.NPSResult:
    """The metric through its function in :mod:`widgets.metrics`, with the working in ``.steps``."""
    if key not in METRICS:
        raise ValueError("This KPI has no calculator: type its formula and baseline yourself.")
    m = METRICS[key]
    args: dict[str, Any] = dict(m.fixed)
    for inp in m.inputs:
        raw = inputs.get(inp.name, "")
        if isinstance(raw, str) and not raw.strip():
            raise ValueError(f"{inp.label}: enter a number, like {inp.example}.")
        if inp.kind == "list":
            args[inp.name] = parse_values(raw, inp.label)
        else:
            args[inp.name] = parse_number(raw, inp.label, example=inp.example, whole=inp.kind == "count",
                                          allow_negative=False)
    return getattr(metrics, m.calculator)(**args)


def formula_of(key: str) -> str:
    """The formula as the metric function's docstring states it (its first line)."""
    if key not in METRICS:
        return ""
    if key == "complaint_rate":  # the function's base is an argument; the KPI fixes it at 1,000
        return "Complaint rate = complaints ÷ transactions (or customers) × 1,000"
    doc = getattr(metrics, METRICS[key].calculator).__doc__ or ""
    return doc.strip().splitlines()[0].rstrip(".") if doc.strip() else ""


# -- KPIs ------------------------------------------------------------------------------------------------------------
class Vanity(ActivityModel):
    pattern: str = Field(max_length=200)
    reason: str = Field(max_length=MAX_TEXT)


class Kpi(ActivityModel):
    name: str = Field(title="KPI name", min_length=1, max_length=120)
    area: Area = Field(title="Area")
    definition: str = Field(title="Definition", min_length=1, max_length=MAX_TEXT)
    metric: MetricKey = Field(OTHER, title="Metric")
    formula: str = Field(title="Formula", min_length=1, max_length=MAX_SHORT)
    inputs: dict[str, str] = Field({}, max_length=6)
    baseline: float | None = Field(None, title="Baseline")
    target: float = Field(title="Target")
    unit: str = Field(title="Unit", min_length=1, max_length=30)
    higher_is_better: bool = True
    source: str = Field(title="Data source", min_length=1, max_length=MAX_SHORT)
    frequency: str = Field(title="Frequency", min_length=1, max_length=40)
    owner: str = Field(title="Owner", min_length=1, max_length=120)
    plain_words: str = Field(title="In plain words", min_length=1, max_length=MAX_TEXT)
    benchmark: str = Field(title="Best-practice benchmark", min_length=1, max_length=MAX_SHORT)

    @field_validator("baseline", "target")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError("Baseline and target: give ordinary numbers.")
        return v

    @field_validator("inputs")
    @classmethod
    def _short_inputs(cls, v: dict[str, str]) -> dict[str, str]:
        if any(len(k) > 40 or len(x) > 20_000 for k, x in v.items()):
            raise ValueError("Calculator inputs: these are too long to be a KPI's inputs.")
        return v


def _number(raw: str, label: str, example: str, required: bool = True) -> float | None:
    if not str(raw or "").strip():
        if required:
            raise ValueError(f"{label}: enter a number, like {example}.")
        return None
    return parse_number(raw, label, example=example, limit=1e9)


def kpi_from_form(*, name: str, area: str, definition: str, metric: str, formula: str, inputs: dict[str, str],
                  baseline: str, target: str, unit: str, direction: str, source: str, frequency: str, owner: str,
                  plain_words: str, benchmark: str) -> Kpi:
    """A KPI from the form's text; a ``ValueError`` naming the field otherwise."""
    for label, value in (("KPI name", name), ("Definition", definition), ("Data source", source),
                         ("Owner", owner), ("In plain words", plain_words), ("Best-practice benchmark", benchmark)):
        if not (value or "").strip():
            raise ValueError(f"{label}: please fill this in.")
    if area not in AREAS:
        raise ValueError("Area: choose the area of customer experience this KPI measures.")
    if metric not in METRIC_LABELS:
        raise ValueError("Metric: choose one from the list.")
    if frequency not in FREQUENCIES:
        raise ValueError("Frequency: choose how often the KPI is reported.")
    if direction not in ("higher", "lower"):
        raise ValueError("Direction: say whether higher or lower is better.")
    m = METRICS.get(metric)
    if m is not None:
        formula = formula.strip() or formula_of(metric)
        unit = m.unit
        if (direction == "higher") != m.higher_is_better:
            better = "higher" if m.higher_is_better else "lower"
            raise ValueError(f"Direction: for {m.label} {better} is better; change the direction.")
    if not (formula or "").strip():
        raise ValueError("Formula: write how the KPI is calculated, for example complaints ÷ orders × 1,000.")
    if not (unit or "").strip():
        raise ValueError("Unit: say what the KPI is counted in, for example % or hours.")
    base = _number(baseline, "Baseline", "31", required=False)
    goal = _number(target, "Target", "35")
    assert goal is not None
    for label, v in (("Baseline", base), ("Target", goal)):
        if m is not None and v is not None:
            if (m.low is not None and v < m.low) or (m.high is not None and v > m.high):
                raise ValueError(f"{label}: {m.label} runs from {m.low:g} to {m.high:g}" if m.high is not None
                                 else f"{label}: {m.label} cannot be below {m.low:g}.")
    higher = direction == "higher"
    if base is not None and (goal < base if higher else goal > base):
        raise ValueError(f"Target: you say {direction} is better, but the target ({goal:g}) is "
                         f"{'below' if higher else 'above'} the baseline ({base:g}). Check the direction or target.")
    if m is not None and any(v.strip() for v in inputs.values()):
        compute_metric(metric, inputs)  # a bad calculator input is refused here, beside the form
    return build(Kpi, name=name, area=area, definition=definition, metric=metric, formula=formula,
                 inputs={k: v for k, v in inputs.items() if v.strip()} if m is not None else {},
                 baseline=base, target=goal, unit=unit, higher_is_better=higher, source=source,
                 frequency=frequency, owner=owner, plain_words=plain_words, benchmark=benchmark)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def add_kpi(kpis: list[Kpi], kpi: Kpi, replace: int | None = None) -> list[Kpi]:
    """The set with ``kpi`` added (or put in place of number ``replace``); duplicates refused."""
    others = [k for n, k in enumerate(kpis) if n != replace]
    if any(_norm(k.name) == _norm(kpi.name) for k in others):
        raise ValueError(f"KPI name: the set already has a KPI called “{kpi.name}”. Change the name or edit that one.")
    if kpi.metric != OTHER and any(k.metric == kpi.metric and k.area == kpi.area for k in others):
        raise ValueError(f"Metric: the set already measures {METRIC_LABELS[kpi.metric]} for "
                         f"{AREAS[kpi.area].lower()}; a second KPI would duplicate it.")
    if replace is None and len(kpis) >= MAX_KPIS:
        raise ValueError(f"A KPI set has at most {MAX_KPIS} KPIs: a dashboard of more is not read.")
    out = list(kpis)
    if replace is None:
        out.append(kpi)
    else:
        out[replace] = kpi
    return out


def vanity_reason(kpi: Kpi, vanity: list[Vanity]) -> str | None:
    """The reason a KPI looks like a vanity measure (counts activity, not the customer's experience)."""
    text = f"{kpi.name} {kpi.definition}".lower()
    for v in vanity:
        if re.search(v.pattern, text):
            return v.reason
    return None


def kpi_notes(kpis: list[Kpi], vanity: list[Vanity]) -> list[str]:
    """What the set still lacks or gets wrong, in sentences (empty when it is sound)."""
    notes = [f"No KPI yet for {AREAS[a].lower()}: the specification expects KPIs in each of its areas."
             for a in AREAS if not any(k.area == a for k in kpis)]
    for k in kpis:
        reason = vanity_reason(k, vanity)
        if reason:
            notes.append(f"“{k.name}” looks like a vanity measure: {reason}")
        if k.baseline is not None and (k.target < k.baseline if k.higher_is_better else k.target > k.baseline):
            notes.append(f"“{k.name}”: the target is on the wrong side of the baseline for "
                         f"“{'higher' if k.higher_is_better else 'lower'} is better”.")
        if k.metric in METRICS and METRICS[k.metric].higher_is_better != k.higher_is_better:
            notes.append(f"“{k.name}”: for {METRICS[k.metric].label} the better direction is the other way.")
        if k.baseline is not None and k.baseline == k.target:
            notes.append(f"“{k.name}”: the target equals the baseline, so it asks for no improvement.")
    return notes


# -- data file and saved work -------------------------------------------------------------------------------------
class Recommendation(ActivityModel):
    text: str = Field(title="Recommendation", min_length=1, max_length=MAX_TEXT)
    lever: Lever = Field(title="Lever")
    kpi: str = Field(title="KPI it moves", min_length=1, max_length=120)
    effect: str = Field(title="Expected effect", min_length=1, max_length=MAX_SHORT)
    owner: str = Field(title="Owner", min_length=1, max_length=120)
    due: dt.date | None = Field(None, title="Date")

    @field_validator("due")
    @classmethod
    def _due(cls, v: dt.date | None) -> dt.date | None:
        return check_date(v, "date")


class Report(ActivityModel):
    title: str = Field("", max_length=MAX_SHORT)
    audience: str = Field("", max_length=MAX_SHORT)
    chart: ChartKey = "month"
    finding: str = Field("", max_length=MAX_TEXT)
    insight: str = Field("", max_length=MAX_TEXT)
    recommendations: list[Recommendation] = Field([], max_length=MAX_RECS)


class Interpretation(ActivityModel):
    shows: str = Field("", max_length=MAX_TEXT)
    cannot: str = Field("", max_length=MAX_TEXT)
    improvement: str = Field("", max_length=MAX_TEXT)


class Work(ActivityModel):
    kpis: list[Kpi] = Field([], max_length=MAX_KPIS)
    target_hours: float = Field(24, gt=0, le=24 * 90)
    target_share: float = Field(90, gt=0, le=100)
    interpretation: Interpretation = Interpretation()
    report: Report = Report()


class KpiTask(ActivityModel):
    title: str
    instructions: str
    case: str
    owners: list[str] = Field(min_length=1)
    benchmarks: list[str] = Field(min_length=1)
    vanity: list[Vanity] = Field(min_length=1)
    kpis: list[Kpi] = Field(min_length=1)
    dataset: str = Field(pattern=r"^[a-z0-9_]+$")
    target_hours: float = Field(gt=0)
    target_share: float = Field(gt=0, le=100)
    hypothetical: str
    interpretation: Interpretation
    report: Report


def load_task(spec_id: str, name: str) -> KpiTask:
    return parse(KpiTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def worked_work(task: KpiTask) -> Work:
    """The worked KPI set to start from (interpretation and report stay blank: the learner writes them)."""
    return Work(kpis=task.kpis, target_hours=task.target_hours, target_share=task.target_share)


def save_work(work: Work, task: str) -> str:
    """The work as the JSON :func:`open_work` reads (the layout of :func:`widgets.activities.common.saved_json`,
    with dates written as ISO text)."""
    return json.dumps({"kind": KIND, "schema_version": 1, "task": task, **work.model_dump(mode="json")},
                      ensure_ascii=False, indent=1)


def open_work(text: str | bytes) -> Work:
    return open_saved(Work, text, KIND, "a saved KPI set and insight report")


# -- analysis (6.2) with the workbench -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Analysis:
    total: int
    within: int
    share: float
    median_hours: float
    target_hours: float
    target_share: float
    by_month: pd.DataFrame
    by_category: pd.DataFrame
    by_channel: pd.DataFrame
    notes: tuple[str, ...]

    def figures(self) -> list[float]:
        """Every number the analysis shows, which a finding may quote."""
        out = [self.total, self.within, self.share, self.median_hours]  # not the targets: they are inputs
        for t in (self.by_month, self.by_category, self.by_channel):
            out += [float(v) for c in ("complaints", "within_target", "share_within", "median_response_hours")
                    if c in t
                    for v in t[c] if pd.notna(v)]
        return out


def guess_columns(columns: list[str]) -> dict[str, str | None]:
    """The workbench's guess for the complaints roles, plus a category and a channel column."""
    guess = wb.guess_mapping(columns, "complaints")
    lowered = {c: c.lower() for c in columns}
    pick = lambda word: next((c for c in columns if word in lowered[c]), None)  # noqa: E731
    return {"opened": guess.get("opened"), "first_response": guess.get("first_response"),
            "resolved": guess.get("resolved"), "category": pick("categor") or pick("reason"),
            "channel": pick("channel")}


def _dates(frame: pd.DataFrame, col: str, label: str, *, allow_blank: bool = False) -> pd.Series:
    """:func:`widgets.workbench.date_column`, with one fast path: a column that is all ``2025-01-01 10:12`` (as
    the course's logs are written) is read in one vectorised pass. Anything else, or any cell that pass cannot
    read, goes to the workbench's reader, which gives its own message naming the cell."""
    raw = frame[col]
    blank = (raw.isna() | (raw == "")).to_numpy()
    if (~blank).any() and (allow_blank or not blank.any()):
        parsed = pd.to_datetime(raw.where(~blank), format="%Y-%m-%d %H:%M", errors="coerce")
        if not (parsed.isna().to_numpy() & ~blank).any():
            return parsed
    return wb.date_column(frame, col, label, allow_blank=allow_blank)


def _grouped(codes: np.ndarray, labels: list[str], response_hours: np.ndarray, target: float) -> pd.DataFrame:
    """Complaints, replies within ``target`` hours (Wilson interval, as the workbench computes it) and the median
    hours to a first reply, for each group."""
    ok = (response_hours <= target) & ~np.isnan(response_hours)
    n = np.bincount(codes, minlength=len(labels))
    k = np.bincount(codes, weights=ok, minlength=len(labels)).astype(int)
    share = wb.wilson_columns(k, n, "share")
    medians = pd.Series(response_hours).groupby(codes).median().reindex(range(len(labels)))
    return pd.DataFrame({"group": [str(x) for x in labels], "complaints": n, "within_target": k,
                         "share_within": np.round(100 * k / np.maximum(n, 1), 1),
                         "share_low": np.round(share["share_low"], 1), "share_high": np.round(share["share_high"], 1),
                         "median_response_hours": medians.round(1).to_numpy()})


def analyse(frame: pd.DataFrame, mapping: dict[str, str | None], target_hours: float,
            target_share: float) -> Analysis:
    """Complaints and the share answered within ``target_hours`` by month, category and channel, with the
    workbench's readers (:func:`_dates`), codes (:func:`widgets.workbench.category_codes`) and intervals; a reply or
    resolution before the complaint is refused, naming the row."""
    if not (0 < target_hours <= 24 * 90) or not (0 < target_share <= 100):
        raise ValueError("Target: give hours from 1 to 2,160 and a share from 1 to 100 %.")
    roles = {"opened": "Opened", "first_response": "First response", "resolved": "Resolved"}
    for role, label in roles.items():
        col = mapping.get(role)
        if not col or col not in frame.columns:
            raise ValueError(f"{label}: choose the column that holds it.")
    opened, first, resolved = mapping["opened"], mapping["first_response"], mapping["resolved"]
    if len({opened, first, resolved}) < 3:
        raise ValueError("The same column is chosen twice: choose a different column for each date.")
    for role in ("category", "channel"):
        if mapping.get(role) and mapping[role] not in frame.columns:
            raise ValueError(f"There is no column called “{mapping[role]}” in this file; choose one from the list.")
    if len(frame) == 0:
        raise ValueError("This file has no rows of data.")
    start = _dates(frame, opened, "opened")
    reply = _dates(frame, first, "first response", allow_blank=True)
    done = _dates(frame, resolved, "resolved", allow_blank=True)
    hours = ((reply - start).dt.total_seconds() / 3600).to_numpy()
    fix = ((done - start).dt.total_seconds() / 3600).to_numpy()
    for late, what in ((hours, "the first reply"), (fix, "the resolution")):
        if (late < 0).any():
            pos = int(np.flatnonzero(late < 0)[0])
            raise ValueError(f"In row {pos + 2} {what} is before the complaint was opened; check the dates in that "
                             "row.")
    month = (start.dt.year * 12 + start.dt.month - 1).to_numpy()
    m_codes, m_uniques = pd.factorize(month, sort=True)
    m_labels = [f"{int(c) // 12:04d}-{int(c) % 12 + 1:02d}" for c in m_uniques]
    by_month = _grouped(m_codes, m_labels, hours, target_hours)
    tables = []
    for role in ("category", "channel"):
        if mapping.get(role):
            codes, labels = wb.category_codes(frame, mapping[role], role)
            t = _grouped(codes, labels, hours, target_hours)
            if role == "category":
                t["median_resolution_hours"] = pd.Series(fix).groupby(codes).median().reindex(
                    range(len(labels))).round(1).to_numpy()
            tables.append(t.sort_values("share_within").reset_index(drop=True))
        else:
            tables.append(by_month.iloc[0:0])
    ok = (hours <= target_hours) & ~np.isnan(hours)
    total, within = len(frame), int(ok.sum())
    notes = [f"{int(np.isnan(hours).sum()):,} complaint(s) had no first reply yet: they count as missing the target."]
    small = by_month[by_month["complaints"] < 30]["group"].tolist()
    if small:
        notes.append(f"Few complaints in {', '.join(small[:4])}: the log may not cover the whole month, so compare "
                     "it with care.")
    return Analysis(total, within, round(100 * within / total, 1),
                    round(float(np.nanmedian(hours)), 1) if (~np.isnan(hours)).any() else math.nan,
                    target_hours, target_share, by_month, tables[0], tables[1], tuple(notes))


@cache
def _hartwell(dataset: str, target_hours: float, target_share: float) -> Analysis:
    frame = wb.load_sample(dataset)
    return analyse(frame, guess_columns(list(frame.columns)), target_hours, target_share)


def hartwell_analysis(task: KpiTask, target_hours: float | None = None, target_share: float | None = None) -> Analysis:
    """The case's complaints log analysed (cached: the book and every view share it)."""
    return _hartwell(task.dataset, float(target_hours or task.target_hours), float(target_share or task.target_share))


def read_upload(content: bytes, filename: str) -> pd.DataFrame:
    """An uploaded CSV read by the workbench's reader (size, encoding and separator checks there)."""
    if len(content) > wb.MAX_UPLOAD_BYTES:
        raise ValueError(f"This file is {len(content) / 1e6:.1f} MB; the limit is {wb.MAX_UPLOAD_BYTES / 1e6:g} MB.")
    return wb.read_csv_bytes(content, filename).frame


def summary_sentences(a: Analysis) -> list[str]:
    worst = a.by_category.iloc[0] if len(a.by_category) else None
    out = [f"{a.total:,} complaints; {a.within:,} ({a.share:g} %) had a first reply within {a.target_hours:g} "
           f"hours, against a target of {a.target_share:g} %. Median time to first reply {a.median_hours:g} hours."]
    if worst is not None:
        out.append(f"Lowest category: {worst['group']}, {worst['share_within']:g} % within target "
                   f"({int(worst['within_target']):,} of {int(worst['complaints']):,}).")
    return out + list(a.notes)


def chart(a: Analysis, key: str) -> AccessibleChart:
    """One of :data:`CHARTS`, with a text description giving its numbers."""
    if key not in CHARTS:
        raise ValueError("Chart: choose one of the charts from the analysis.")
    alt = import_altair()
    if key == "month":
        data = a.by_month[["group", "complaints", "share_within"]]
        base = alt.Chart(data).encode(x=alt.X("group:O", title="Month"))
        bars = base.mark_bar(color=PALETTE[0], opacity=0.6).encode(
            y=alt.Y("complaints:Q", title="Complaints"), tooltip=["group", "complaints", "share_within"])
        line = base.mark_line(point=True, color=PALETTE[1]).encode(
            y=alt.Y("share_within:Q", title="% answered within target", scale=alt.Scale(domain=[0, 100])))
        rule = alt.Chart(pd.DataFrame({"t": [a.target_share]})).mark_rule(strokeDash=[4, 4]).encode(y="t:Q")
        spec = alt.layer(bars, line + rule).resolve_scale(y="independent").properties(
            width=520, height=260, title=CHARTS[key])
        parts = "; ".join(f"{g}: {c:,} complaints, {s:g} %" for g, c, s in data.itertuples(index=False))
    else:
        data = (a.by_category if key == "category" else a.by_channel)[["group", "complaints", "share_within"]]
        if not len(data):
            raise ValueError(f"Chart: the analysis has no {key} column; choose another chart.")
        bars = alt.Chart(data).mark_bar(color=PALETTE[0]).encode(
            y=alt.Y("group:N", sort="x", title=None), x=alt.X("share_within:Q", title="% answered within target",
                                                               scale=alt.Scale(domain=[0, 100])),
            tooltip=["group", "complaints", "share_within"])
        rule = alt.Chart(pd.DataFrame({"t": [a.target_share]})).mark_rule(strokeDash=[4, 4]).encode(x="t:Q")
        spec = (bars + rule).properties(width=420, height=alt.Step(28), title=CHARTS[key])
        parts = "; ".join(f"{g}: {s:g} % of {c:,}" for g, c, s in data.itertuples(index=False))
    desc = (f"{CHARTS[key]} (first reply within {a.target_hours:g} hours; dashed line = target of "
            f"{a.target_share:g} %). {parts}.")
    return AccessibleChart(spec, desc)


def table_html(t: pd.DataFrame, heading: str) -> str:
    if not len(t):
        return ""
    rows = "".join(f"<tr><th scope='row'>{esc(str(r.group))}</th><td>{r.complaints:,}</td><td>{r.within_target:,}</td>"
                   f"<td>{r.share_within:g} % ({r.share_low:g}–{r.share_high:g})</td>"
                   f"<td>{r.median_response_hours:g}</td></tr>" for r in t.itertuples(index=False))
    return (f"<table class='cx-table'><caption>{esc(heading)}</caption><thead><tr><th scope='col'></th>"
            "<th scope='col'>Complaints</th><th scope='col'>Within target</th>"
            "<th scope='col'>% within (95 % interval)</th><th scope='col'>Median hours to reply</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def analysis_html(a: Analysis) -> str:
    return ("".join(f"<p>{esc(s)}</p>" for s in summary_sentences(a)) + table_html(a.by_month, "By month")
            + table_html(a.by_category, "By category") + table_html(a.by_channel, "By channel"))


def interpretation_notes(i: Interpretation) -> list[str]:
    words = {"shows": "what the analysis shows", "cannot": "what it cannot show",
             "improvement": "the improvement it points to"}
    return [f"Write {w}." for k, w in words.items() if len(getattr(i, k).split()) < 8]


# -- report (6.3, 6.4) ---------------------------------------------------------------------------------------------
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _words(text: str) -> int:
    return len(text.split())


def quoted_numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in _NUM.findall(text) if n.replace(",", "").replace(".", "").isdigit()]


def report_notes(r: Report, kpis: list[Kpi], a: Analysis) -> list[str]:
    """What a reader would find missing or too long; empty when the report is complete."""
    notes = []
    for field, label in (("title", "a title"), ("audience", "who the report is for"), ("finding", "the key finding"),
                         ("insight", "the insight (why it happens)")):
        if not getattr(r, field).strip():
            notes.append(f"Write {label}.")
    figs = a.figures()
    nums = quoted_numbers(r.finding)
    if r.finding.strip() and not any(abs(n - f) <= max(0.05, abs(f) * 0.005) for n in nums for f in figs):
        notes.append("The finding should quote a number from the analysis (for example a count or a %).")
    for field in ("title", "finding", "insight"):
        if _words(getattr(r, field)) > LIMITS[field]:
            notes.append(f"The {field} has {_words(getattr(r, field))} words; keep it to {LIMITS[field]}.")
    if not r.recommendations:
        notes.append("Add at least one recommendation.")
    names = {_norm(k.name) for k in kpis}
    for n, rec in enumerate(r.recommendations, 1):
        if _norm(rec.kpi) not in names:
            notes.append(f"Recommendation {n} names “{rec.kpi}”, which is not a KPI in your set.")
        if _words(rec.text) > LIMITS["recommendation"]:
            notes.append(f"Recommendation {n} has {_words(rec.text)} words; keep it to {LIMITS['recommendation']}.")
    body = " ".join(t.strip().rstrip(".") + "." for t in [r.title, r.finding, r.insight]
                    + [x.text for x in r.recommendations] if t.strip())
    if _words(body) > LIMITS["report"]:
        notes.append(f"The report has {_words(body)} words; a one-page report has at most {LIMITS['report']}.")
    long = [s for s in re.split(r"(?<=[.!?])\s+", body) if _words(s) > LONG_SENTENCE]
    if long:
        notes.append(f"{len(long)} sentence(s) have more than {LONG_SENTENCE} words: split them for plain English.")
    return notes


def recommendation_from_form(*, text: str, lever: str, kpi: str, effect: str, owner: str,
                             due: dt.date | None, kpis: list[Kpi]) -> Recommendation:
    if not (text or "").strip():
        raise ValueError("Recommendation: please write what should change.")
    if _words(text) > LIMITS["recommendation"]:
        raise ValueError(f"Recommendation: keep it to {LIMITS['recommendation']} words (it has {_words(text)}).")
    if lever not in LEVERS:
        raise ValueError("Lever: choose the area of the business the change works through.")
    if not kpis:
        raise ValueError("KPI it moves: add KPIs to your set first (part 1).")
    if _norm(kpi or "") not in {_norm(k.name) for k in kpis}:
        raise ValueError("KPI it moves: choose a KPI from your set.")
    if not (effect or "").strip():
        raise ValueError("Expected effect: say how much the KPI should move, and by when.")
    if not (owner or "").strip():
        raise ValueError("Owner: name who will make the change happen.")
    return build(Recommendation, text=text, lever=lever, kpi=kpi, effect=effect, owner=owner, due=due)


def add_recommendation(r: Report, rec: Recommendation) -> Report:
    if len(r.recommendations) >= MAX_RECS:
        raise ValueError(f"A one-page report has at most {MAX_RECS} recommendations.")
    return r.model_copy(update={"recommendations": [*r.recommendations, rec]})


def _para(label: str, text: str) -> str:
    return f"<h3>{esc(label)}</h3><p>{esc(text) if text.strip() else '<em>(not written yet)</em>'}</p>"


def recommendations_html(r: Report) -> str:
    if not r.recommendations:
        return "<p><em>(no recommendations yet)</em></p>"
    items = "".join(f"<li><p>{esc(x.text)}</p><p><strong>Lever:</strong> {esc(LEVERS[x.lever])}. "
                    f"<strong>KPI:</strong> {esc(x.kpi)}; <strong>expected effect:</strong> {esc(x.effect)}. "
                    f"<strong>Owner:</strong> {esc(x.owner)}"
                    + (f"; <strong>by</strong> {x.due:%d %B %Y}" if x.due else "") + ".</p></li>"
                    for x in r.recommendations)
    return f"<ol>{items}</ol>"


def report_body_html(r: Report, a: Analysis, svg: str | None = None) -> str:
    c = chart(a, r.chart)
    figure = svg if svg is not None else ""
    return (f"<h2>{esc(r.title) or '<em>(title)</em>'}</h2><p><strong>For:</strong> {esc(r.audience)}</p>"
            f"<figure role='group' aria-label='{esc(CHARTS[r.chart], quote=True)}'>{figure}"
            f"<figcaption>{esc(c.description)}</figcaption></figure>"
            + _para("Key finding", r.finding) + _para("Insight: why", r.insight)
            + "<h3>Recommendations</h3>" + recommendations_html(r))


def report_html(r: Report, a: Analysis) -> str:
    """The report as a standalone page: text escaped, the chart as inline SVG (no script, no request)."""
    svg = chart(a, r.chart).to_svg()
    svg = re.sub(r"<script.*?</script>", "", svg, flags=re.S | re.I)
    return ("<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\">"
            f"<title>{esc(r.title or 'Insight report')}</title><style>body{{font-family:sans-serif;max-width:46rem;"
            "margin:2rem auto;line-height:1.5;color:#1a1a1a}} figure{{margin:1rem 0}} svg{{max-width:100%;height:auto}}"
            f"</style></head><body><main>{report_body_html(r, a, svg)}</main></body></html>")


KPI_HEADER = ("KPI", "Area", "Definition", "Formula", "Baseline", "Target", "Unit", "Better", "Data source",
              "Frequency", "Owner", "In plain words", "Benchmark")


def kpis_csv(kpis: list[Kpi]) -> str:
    return csv_text(([k.name, AREAS[k.area], k.definition, k.formula, "" if k.baseline is None else f"{k.baseline:g}",
                      f"{k.target:g}", k.unit, "higher" if k.higher_is_better else "lower", k.source, k.frequency,
                      k.owner, k.plain_words, k.benchmark] for k in kpis), header=KPI_HEADER)


# -- static HTML for the book ----------------------------------------------------------------------------------------
def kpi_card_html(k: Kpi, vanity: list[Vanity]) -> str:
    working = ""
    if k.metric in METRICS and k.inputs:
        try:
            res = compute_metric(k.metric, k.inputs)
            working = "<ul>" + "".join(f"<li>{esc(s)}</li>" for s in res.steps) + "</ul>"
        except ValueError as exc:
            working = f"<p>{esc(str(exc))}</p>"
    reason = vanity_reason(k, vanity)
    flag = f"<p class='cx-warning'><strong>Vanity measure?</strong> {esc(reason)}</p>" if reason else ""
    base = "—" if k.baseline is None else f"{k.baseline:g} {k.unit}"
    rows = [("Area", AREAS[k.area]), ("Definition", k.definition), ("Formula", k.formula),
            ("Baseline", base), ("Target", f"{k.target:g} {k.unit} ({'higher' if k.higher_is_better else 'lower'} "
                                           "is better)"),
            ("Data source", k.source), ("Frequency", k.frequency), ("Owner", k.owner),
            ("In plain words", k.plain_words), ("Benchmark", k.benchmark)]
    cells = "".join(f"<tr><th scope='row'>{esc(a)}</th><td>{esc(b)}</td></tr>" for a, b in rows)
    return (f"<section class='cx-card'><h4>{esc(k.name)}</h4><table class='cx-table'>{cells}</table>"
            + (f"<p><strong>Working from {esc(METRIC_LABELS[k.metric])}:</strong></p>{working}" if working else "")
            + flag + "</section>")


def kpis_static_html(task: KpiTask) -> str:
    notes = kpi_notes(task.kpis, task.vanity)
    checks = "".join(f"<li>{esc(n)}</li>" for n in notes) or "<li>Every area has a KPI; no duplicates.</li>"
    return (f"<p>{esc(task.hypothetical)}</p>" + "".join(kpi_card_html(k, task.vanity) for k in task.kpis)
            + f"<h4>Checks on the set</h4><ul>{checks}</ul>")


def analysis_static_html(task: KpiTask) -> str:
    a = hartwell_analysis(task)
    i = task.interpretation
    described = esc(chart(a, "channel").description)
    return (analysis_html(a) + f"<p><strong>Chart (text description):</strong> {described}</p>"
            + _para("What it shows (worked example)", i.shows)
            + _para("What it cannot show", i.cannot) + _para("The improvement it points to", i.improvement))


def report_static_html(task: KpiTask) -> str:
    a = hartwell_analysis(task)
    return report_body_html(task.report, a, chart(a, task.report.chart).to_svg())


def kpi_designer_html(task: KpiTask, link: str, part: str | None = None) -> str:
    parts = {"kpis": ("1. KPIs (6.1)", kpis_static_html), "analysis": ("2. Analysis (6.2)", analysis_static_html),
             "report": ("3. Insight report (6.3, 6.4)", report_static_html)}
    if part is not None and part not in parts:
        raise ValueError(f"part must be one of {', '.join(parts)} or None")
    chosen = [part] if part else list(parts)
    body = "".join(f"<h3>{esc(parts[p][0])}</h3>{parts[p][1](task)}" for p in chosen)
    return (f"<div class='cx-activity'><h3>{esc(task.title)}</h3><p>{esc(task.instructions)}</p>"
            f"<p><em>{esc(task.case)}</em></p>{body}{link}</div>")
