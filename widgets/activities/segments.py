"""Segment evaluator (CIM Level 3 Customer Communications, criterion 1.2).

A learner proposes up to :data:`MAX_SEGMENTS` segments of a sample customer data set (for Kettleby Coffee,
``data/datasets/kettleby_customers.csv``). A segment is a name, a market (consumers or business accounts)
and rules: a column is one of some values (``benefit_sought`` is ``Ethics``) or lies in a range
(``employees`` from 50). The columns a learner may use are labelled by segmentation base in the activity's
data file. For each segment the model counts the customers in the sample who meet every rule and their
annual spend (:meth:`SegmentTask.profile`): evidence for "measurable" and "substantial". The learner rates
each of the five effectiveness criteria (measurable, substantial, accessible, identifiable,
actionable) as met, partly met or not met, *with a reason* (a rating without one is refused), compares
the segments and chooses a targeting strategy (undifferentiated, differentiated, concentrated) with
reasons. The model never writes a reason: it only checks and counts.

Share of the market = customers in the segment ÷ customers of that market in the sample. For consumers
the sample is 1,000 of 6,400 subscribers, so the estimate for the whole base is the share × 6,400.
Average annual spend = total annual spend of the segment ÷ its customers.

An evaluation saves as JSON (``kind`` and ``schema_version``) and reopens through
:meth:`SegmentTask.evaluation_from_json`, with size and nesting limits checked before parsing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import Field, ValidationError, model_validator

from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    DataRules,
    Rule,
    RuleColumn,
    friendly,
    load_yaml,
    money,
    open_saved,
    parse,
    saved_json,
)
from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.exports import csv_text

MAX_SEGMENTS = 6
MAX_RULES = 8
KIND, SCHEMA_VERSION = "cim-segment-evaluation", 1
Market = Literal["consumer", "business"]
Rating = Literal["met", "partly", "not met"]
RATINGS = {"met": "Met", "partly": "Partly met", "not met": "Not met"}
Strategy = Literal["undifferentiated", "differentiated", "concentrated"]
esc = html.escape
APP = "customer-insight"


# -- the activity's data file --------------------------------------------------------------------------------
class MarketInfo(ActivityModel):
    label: str
    rows: str
    population: int = Field(ge=1)
    sample_note: str


class Base(ActivityModel):
    id: str
    market: Market
    label: str
    explanation: str


class Column(RuleColumn):
    base: str


class Criterion(ActivityModel):
    id: str
    label: str
    explanation: str


class StrategyInfo(ActivityModel):
    id: Strategy
    label: str
    explanation: str


# -- what a learner makes -------------------------------------------------------------------------------------
class CriterionRating(ActivityModel):
    rating: Rating | None = None
    reason: str = Field("", max_length=MAX_TEXT)


class Segment(ActivityModel):
    name: str = Field(title="Segment name", max_length=80)
    market: Market = "consumer"
    rules: list[Rule] = Field([], max_length=MAX_RULES)
    ratings: dict[str, CriterionRating] = {}

    @model_validator(mode="after")
    def _named(self) -> Segment:
        if not self.name:
            raise ValueError("Give the segment a name, for example “Pod-owning ethical subscribers”.")
        return self


class Evaluation(ActivityModel):
    organisation: str = Field("", max_length=120)
    segments: list[Segment] = Field([], max_length=MAX_SEGMENTS)
    strategy: Strategy | None = None
    targets: list[str] = Field([], max_length=MAX_SEGMENTS)
    strategy_reasons: str = Field("", max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _unique(self) -> Evaluation:
        names = [s.name.casefold() for s in self.segments]
        if len(set(names)) != len(names):
            raise ValueError("Two segments have the same name: give each segment its own name.")
        return self


@dataclass(frozen=True)
class SegmentProfile:
    """What the data say about one segment (evidence for measurable and substantial)."""

    size: int
    market_size: int
    population: int
    total_spend: float
    average_spend: float | None

    @property
    def share(self) -> float:
        return 100 * self.size / self.market_size if self.market_size else 0.0

    @property
    def estimated_customers(self) -> int:
        """The share applied to the whole customer base (the same as ``size`` when the sample is everyone)."""
        return round(self.share / 100 * self.population)


@dataclass(frozen=True)
class Note:
    level: Literal["problem", "caution", "ok"]
    text: str


class SegmentTask(DataRules):
    """Rules on the data set (:class:`~widgets.activities.common.DataRules`), each for one market."""

    column_verb: ClassVar[str] = "segment by"
    range_example: ClassVar[str] = "50"

    id: str
    title: str
    criteria: list[str] = []
    organisation: str
    instructions: str
    markets: dict[Market, MarketInfo]
    bases: list[Base]
    columns: list[Column]
    criteria_list: list[Criterion] = Field(min_length=1)
    strategies: list[StrategyInfo]
    worked_example: Evaluation

    @model_validator(mode="after")
    def _consistent(self) -> SegmentTask:
        bases = {b.id for b in self.bases}
        for col in self.columns:
            if col.base not in bases:
                raise ValueError(f"column {col.column!r} has base {col.base!r}, which is not listed under bases")
        self.check_columns()
        for segment in self.worked_example.segments:
            self.check_segment(segment, complete=True)
        return self

    # -- looking things up --------------------------------------------------------------------------------
    def base(self, col: Column) -> Base:
        return next(b for b in self.bases if b.id == col.base)

    def columns_for(self, market: str) -> list[Column]:
        return [c for c in self.columns if self.base(c).market == market]

    def column_label(self, col: Column) -> str:
        label = self.base(col).label
        return f"{col.label} ({label[0].lower() + label[1:]})"

    def criterion_label(self, cid: str) -> str:
        return next((c.label for c in self.criteria_list if c.id == cid), cid)

    def strategy(self, sid: str | None) -> StrategyInfo | None:
        return next((s for s in self.strategies if s.id == sid), None)

    # -- checking ----------------------------------------------------------------------------------------
    def check_rule(self, rule: Rule, market: str) -> Rule:  # a rule here is for one market
        col = self.column(rule.column)
        if self.base(col).market != market:
            raise ValueError(f"{col.label} describes {self.markets[self.base(col).market].label.lower()}, not "
                             f"{self.markets[market].label.lower()}: choose a column for this market.")
        return super().check_rule(rule)

    def make_rule(self, market: str, column: str, values: tuple[str, ...] | list[str], low: str = "",
                  high: str = "") -> Rule:
        """A checked rule from a form: the chosen values of a category column, or typed bounds of a number one."""
        return self.check_rule(self.rule_from_form(column, values, low, high), market)

    def check_segment(self, segment: Segment, *, complete: bool = False) -> Segment:
        """Rules valid for the segment's market; every rating has a reason. ``complete``: all five rated."""
        if not segment.rules:
            raise ValueError(f"“{segment.name}” has no rules yet: add at least one rule, for example a benefit sought.")
        for rule in segment.rules:
            self.check_rule(rule, segment.market)
        known = {c.id for c in self.criteria_list}
        for cid, rated in segment.ratings.items():
            if cid not in known:
                raise ValueError(f"“{cid[:40]}” is not one of the criteria.")
            if rated.rating and not rated.reason:
                raise ValueError(f"{self.criterion_label(cid)}: you rated “{segment.name}” as "
                                 f"{RATINGS[rated.rating].lower()}. Give your reason: what in the data or in what "
                                 f"you know about the customers shows it?")
            if rated.reason and not rated.rating:
                raise ValueError(f"{self.criterion_label(cid)}: you gave a reason but no rating. Choose met, partly "
                                 "met or not met.")
        if complete:
            unrated = [c.label for c in self.criteria_list
                       if not (segment.ratings.get(c.id) or CriterionRating()).rating]
            if unrated:
                raise ValueError(f"“{segment.name}” is not rated for: {', '.join(unrated)}.")
        return segment

    def check_evaluation(self, evaluation: Evaluation) -> Evaluation:
        for segment in evaluation.segments:
            self.check_segment(segment)
        return evaluation

    def strategy_notes(self, evaluation: Evaluation) -> list[Note]:
        """What is missing or inconsistent in the targeting choice (never a reason written for the learner)."""
        notes: list[Note] = []
        names = {s.name for s in evaluation.segments}
        info = self.strategy(evaluation.strategy)
        if info is None:
            return [Note("problem", "Choose a targeting strategy: undifferentiated, differentiated or concentrated.")]
        unknown = [t for t in evaluation.targets if t not in names]
        if unknown:
            notes.append(Note("problem", f"“{unknown[0][:40]}” is not one of your segments."))
        n = len(evaluation.targets)
        if info.id == "concentrated" and n != 1:
            notes.append(Note("problem", f"A concentrated strategy targets exactly one segment; you chose {n}."))
        if info.id == "differentiated" and n < 2:
            notes.append(Note("problem", f"A differentiated strategy targets two or more segments; you chose {n}."))
        if info.id == "undifferentiated" and n:
            notes.append(Note("caution", "An undifferentiated strategy treats the market as one: say in your reasons "
                                         "why the segments' differences do not matter for this offer."))
        for segment in evaluation.segments:
            if segment.name in evaluation.targets:
                weak = [self.criterion_label(c) for c, r in segment.ratings.items() if r.rating == "not met"]
                if weak:
                    notes.append(Note("caution", f"You target “{segment.name}” although you rated it not met for "
                                                 f"{', '.join(weak)}: explain why in your reasons."))
        if not evaluation.strategy_reasons:
            notes.append(Note("problem", "Give your reasons for the strategy: why these segments, and why this way."))
        if not any(n.level == "problem" for n in notes):
            plural = "s" if n != 1 else ""
            notes.append(Note("ok", f"{info.label} targeting of {n or 'no'} segment{plural}, with reasons."))
        return notes

    # -- the evidence -----------------------------------------------------------------------------------
    def mask(self, segment: Segment):
        frame = self.frame()
        return self.rows_where(segment.rules, frame["customer_type"] == self.markets[segment.market].rows)

    def profile(self, segment: Segment) -> SegmentProfile:
        self.check_segment(segment)
        frame = self.frame()
        market = self.markets[segment.market]
        chosen = frame.loc[self.mask(segment), "annual_spend"]
        size = int(len(chosen))
        total = float(chosen.sum())
        return SegmentProfile(size, int((frame["customer_type"] == market.rows).sum()), market.population, total,
                              total / size if size else None)

    def describe(self, segment: Segment) -> str:
        rules = "; ".join(self.describe_rule(r) for r in segment.rules) or "no rules yet"
        return f"{self.markets[segment.market].label}: {rules}"

    # -- saving and reopening --------------------------------------------------------------------------------
    def to_json(self, evaluation: Evaluation) -> str:
        return saved_json(KIND, self.id, evaluation, SCHEMA_VERSION)

    def evaluation_from_json(self, text: str | bytes) -> Evaluation:
        """A saved evaluation, checked; a ``ValueError`` in plain words otherwise (nothing else changes)."""
        evaluation = open_saved(Evaluation, text, KIND, "a saved evaluation", schema_version=SCHEMA_VERSION,
                                wording=SAVED_WORDING)
        return self.check_evaluation(evaluation)

    def to_csv(self, evaluation: Evaluation) -> str:
        crit = [c for c in self.criteria_list]
        header = ["Segment", "Market", "Rules", "Customers in sample", "Share of market (%)",
                  "Estimated customers in whole base", "Average annual spend", "Total annual spend in sample"]
        header += [h for c in crit for h in (f"{c.label}: rating", f"{c.label}: reason")]
        rows = []
        for s in evaluation.segments:
            p = self.profile(s)
            row = [s.name, self.markets[s.market].label, self.describe(s).split(": ", 1)[1], p.size, f"{p.share:.1f}",
                   p.estimated_customers, "" if p.average_spend is None else f"{p.average_spend:.2f}",
                   f"{p.total_spend:.2f}"]
            for c in crit:
                r = s.ratings.get(c.id) or CriterionRating()
                row += [RATINGS.get(r.rating or "", ""), r.reason]
            rows.append(row)
        info = self.strategy(evaluation.strategy)
        extra = [["Targeting strategy", info.label if info else ""],
                 ["Segments targeted", "; ".join(evaluation.targets)],
                 ["Reasons for the strategy", evaluation.strategy_reasons]]
        rows += [row + [""] * (len(header) - len(row)) for row in extra]  # every row as wide as the header
        return csv_text(rows, header=header)

    def document_html(self, evaluation: Evaluation) -> str:
        from widgets.activities.cx_model import html_document

        title = f"Segment evaluation: {evaluation.organisation or self.organisation}"
        return html_document(title, evaluation_html(self, evaluation, chart=False))


SAVED_WORDING = {  # what the evaluator says about a file that is not a saved evaluation
    "too_big": "This file is {mb:.1f} MB; a saved evaluation is at most 1 MB.",
    "too_long": "A saved evaluation is at most 1 MB.",
    "empty": "This file is empty: choose a .json file saved by the segment evaluator.",
    "not_kind": "This file is not a segment evaluation saved by this tool.",
    "other_version": "This evaluation was saved by a different version of the tool, so it cannot be opened.",
}


def load_segment_task(spec_id: str, name: str) -> SegmentTask:
    return parse(SegmentTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def new_segment(name: str, market: str, rules: list[Rule], ratings: dict[str, tuple[str | None, str]]) -> Segment:
    """A segment from form values (ratings: criterion id → (rating or None, reason)); plain-words errors."""
    try:
        return Segment(name=" ".join(str(name or "").split()), market=market, rules=rules,
                       ratings={c: CriterionRating(rating=r or None, reason=str(why or "").strip())
                                for c, (r, why) in ratings.items()})
    except ValidationError as exc:
        raise ValueError(friendly(exc, Segment)) from None


# -- HTML and chart -----------------------------------------------------------------------------------------------
def dataset_summary_html(task: SegmentTask) -> str:
    frame = task.frame()
    rows = []
    for key, market in task.markets.items():
        part = frame[frame["customer_type"] == market.rows]["annual_spend"]
        cols = ", ".join(task.column_label(c) for c in task.columns_for(key))
        rows.append(f"<tr><th scope='row'>{esc(market.label)}</th><td>{len(part):,}</td><td>{esc(market.sample_note)}"
                    f"</td><td>{money(part.mean())}</td><td>{esc(cols)}</td></tr>")
    return ("<table class='cx-activity-table'><caption>The data set: a sample of Kettleby's customers (synthetic)"
            "</caption><thead><tr><th scope='col'>Market</th><th scope='col'>Customers</th><th scope='col'>What they "
            "are</th><th scope='col'>Average annual spend</th><th scope='col'>Columns to segment by (base)</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def comparison_html(task: SegmentTask, evaluation: Evaluation) -> str:
    """Two tables side by side in the reading order: the evidence from the data, then the ratings."""
    if not evaluation.segments:
        return "<p>No segments yet.</p>"
    crit = task.criteria_list
    evidence, ratings = [], []
    for s in evaluation.segments:
        p = task.profile(s)
        name = f"<th scope='row'>{esc(s.name)}<br><small>{esc(task.describe(s))}</small></th>"
        evidence.append(f"<tr>{name}<td>{p.size:,}</td><td>{p.share:.1f}%</td><td>{p.estimated_customers:,}</td>"
                        f"<td>{money(p.average_spend)}</td><td>{money(p.total_spend)}</td></tr>")
        marks = "".join(f"<td>{esc(RATINGS.get((s.ratings.get(c.id) or CriterionRating()).rating or '', 'not rated'))}"
                        "</td>" for c in crit)
        ratings.append(f"<tr><th scope='row'>{esc(s.name)}</th>{marks}</tr>")
    head = ("<th scope='col'>Segment</th><th scope='col'>Customers in sample</th><th scope='col'>Share of market</th>"
            "<th scope='col'>Estimated in whole base</th><th scope='col'>Average annual spend</th>"
            "<th scope='col'>Total annual spend (sample)</th>")
    rated = "<th scope='col'>Segment</th>" + "".join(f"<th scope='col'>{esc(c.label)}</th>" for c in crit)
    return ("<table class='cx-activity-table'><caption>Segments side by side: the evidence from the data</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(evidence)}</tbody></table>"
            "<table class='cx-activity-table'><caption>Segments side by side: the ratings</caption>"
            f"<thead><tr>{rated}</tr></thead><tbody>{''.join(ratings)}</tbody></table>")


def segment_html(task: SegmentTask, segment: Segment) -> str:
    p = task.profile(segment)
    market = task.markets[segment.market]
    rows = "".join(
        f"<tr><th scope='row'>{esc(c.label)}</th><td>{esc(RATINGS.get(r.rating or '', 'not rated'))}</td>"
        f"<td>{esc(r.reason)}</td></tr>"
        for c in task.criteria_list for r in [segment.ratings.get(c.id) or CriterionRating()])
    est = "" if p.population == p.market_size else f", about {p.estimated_customers:,} of the {p.population:,} in all"
    return (f"<h4>{esc(segment.name)}</h4><p>{esc(task.describe(segment))}.</p>"
            f"<p><strong>Evidence from the data:</strong> {p.size:,} of the {p.market_size:,} "
            f"{esc(market.label.lower())} in the sample ({p.share:.1f}%{esc(est)}); average annual spend "
            f"{money(p.average_spend)}; total annual spend in the sample {money(p.total_spend)}.</p>"
            f"<table class='cx-activity-table'><caption>{esc(segment.name)} against the criteria</caption><thead><tr>"
            "<th scope='col'>Criterion</th><th scope='col'>Rating</th><th scope='col'>Reason</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def notes_html(notes: list[Note]) -> str:
    marks = {"problem": "To fix", "caution": "Think again", "ok": "Done"}
    return "<ul>" + "".join(f"<li><strong>{marks[n.level]}:</strong> {esc(n.text)}</li>" for n in notes) + "</ul>"


def strategy_html(task: SegmentTask, evaluation: Evaluation) -> str:
    info = task.strategy(evaluation.strategy)
    if info is None:
        return "<p>No targeting strategy chosen yet.</p>"
    targets = ", ".join(evaluation.targets) or "none"
    return (f"<p><strong>Targeting strategy:</strong> {esc(info.label)} ({esc(info.explanation)}) "
            f"<strong>Segments targeted:</strong> {esc(targets)}.</p><p><strong>Reasons:</strong> "
            f"{esc(evaluation.strategy_reasons)}</p>")


def evaluation_html(task: SegmentTask, evaluation: Evaluation, *, chart: bool = True) -> str:
    """Every segment, the comparison, the chart (in a downloaded file: its text description) and the strategy."""
    segments = "".join(segment_html(task, s) for s in evaluation.segments)
    drawn = segments_chart(task, evaluation) if evaluation.segments else None
    chart_html = "" if drawn is None else drawn.to_html() if chart else f"<p>{esc(drawn.description)}</p>"
    return segments + comparison_html(task, evaluation) + chart_html + strategy_html(task, evaluation)


def segments_chart(task: SegmentTask, evaluation: Evaluation) -> AccessibleChart:
    """Bar chart of each segment's share of its market, with the spend in the description."""
    if not evaluation.segments:
        raise ValueError("Add a segment to see the chart.")
    alt = import_altair()
    rows, parts = [], []
    for s in evaluation.segments:
        p = task.profile(s)
        rows.append({"Segment": s.name[:50], "Share of its market (%)": round(p.share, 1),
                     "Average annual spend": money(p.average_spend)})
        parts.append(f"{s.name}: {p.size:,} customers, {p.share:.1f}% of {task.markets[s.market].label.lower()}, "
                     f"average annual spend {money(p.average_spend)}, total {money(p.total_spend)}")
    order = [r["Segment"] for r in rows]
    base = alt.Chart(alt.Data(values=rows), title="Size of each segment (share of its market in the sample)")
    bars = base.mark_bar(color=PALETTE[0]).encode(
        y=alt.Y("Segment:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("Share of its market (%):Q", scale=alt.Scale(domain=[0, 100])),
        tooltip=["Segment:N", "Share of its market (%):Q", "Average annual spend:N"])
    text = base.mark_text(align="left", dx=4, color="#1a1a1a").encode(
        y=alt.Y("Segment:N", sort=order), x="Share of its market (%):Q", text="Share of its market (%):Q")
    return AccessibleChart((bars + text).properties(width=360, height=alt.Step(28)),
                           "Bar chart of each segment's share of its market in the sample: " + "; ".join(parts) + ".")


def segments_static_html(task: SegmentTask, live_link: str = "") -> str:
    """The book: the data set's summary and the worked evaluation, readable without a kernel."""
    crit = "".join(f"<li><strong>{esc(c.label)}</strong>: {esc(c.explanation)}</li>" for c in task.criteria_list)
    bases = "".join(f"<li><strong>{esc(b.label)}</strong> ({'consumers' if b.market == 'consumer' else 'businesses'}): "
                    f"{esc(b.explanation)} Columns: "
                    f"{esc(', '.join(c.label for c in task.columns if c.base == b.id))}.</li>"
                    for b in task.bases)
    return (f"<div class='cx-activity cx-segments'><h3 class='cx-activity-title'>{esc(task.title)}</h3>"
            f"<p>{esc(task.instructions)}</p>{dataset_summary_html(task)}"
            f"<p><strong>Bases you can segment by:</strong></p><ul>{bases}</ul>"
            f"<p><strong>The five criteria:</strong></p><ul>{crit}</ul>"
            f"<h4>Worked example: {esc(task.organisation)}</h4>{evaluation_html(task, task.worked_example)}"
            f"{live_link}</div>")
