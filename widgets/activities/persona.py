"""Persona builder (CIM L6 Customer Journey Optimisation 1.2 and 2.1): a persona built from **data** (one
segment's figures, computed from an orders data set or an upload) and **research** (quotes, goals, pain
points, behaviours, channels), where every statement carries its evidence.

Why evidence on every line. Cooper (*The Inmates Are Running the Asylum*, 1999) introduced personas as
archetypes *derived from research*; a persona written from the team's imagination (a "proto-persona")
describes the team's assumptions, not its customers. This model therefore keeps three kinds of statement:

==============  ============================================================  ==============================
kind            what backs it                                                 evidence must
==============  ============================================================  ==============================
``data``        a figure from a data set (share of revenue, device, AOV)      be given and contain a number
``research``    a source a reviewer could check ("interview 4 of 14",         be given
                "NPS verbatim, Q3 2026")
``assumption``  nothing yet: a belief to test                                 may be blank; always flagged
==============  ============================================================  ==============================

A data or research statement without evidence is refused when it is added (the learner either names the
source or marks it as an assumption), and :func:`persona_flags` lists what a reviewer would challenge:
assumptions, statements without evidence in a reopened file, data evidence without a figure, a figure for all
customers put on a segment's persona (the segment may differ: compute it for the segment), a persona
with no data or no research, empty sections, a single source behind every research statement.

The segment's figures come from :func:`segment_figures`, which takes any ``pandas.DataFrame`` with a
``segment`` column (and, when present, ``customer_id``, ``order_value``, ``device``, ``channel``,
``product_category``, ``content_engaged``), so it works on the course's orders data set and on an upload.
The tool never writes the learner's persona: it computes figures and checks evidence.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, field_validator

from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    build,
    load_yaml,
    open_saved,
    parse,
    read_uploaded_csv,
    saved_json,
)

esc = html.escape
KIND = "persona"
APP = "journey-optimiser"
SECTIONS: dict[str, str] = {
    "figures": "Figures from data",
    "goals": "Goals",
    "pain_points": "Pain points",
    "behaviours": "Behaviours",
    "channels": "Channels",
    "quotes": "In their own words",
}
"""The persona's parts, in card order, with the heading each has on the card."""
KINDS: dict[str, str] = {"data": "Data", "research": "Research", "assumption": "Assumption (to test)"}
MAX_STATEMENTS = 12
"""Most statements in one section: a persona a team can hold in mind has a handful per section."""
MAX_STATEMENT = 400
MAX_EVIDENCE = 300
MAX_CSV_BYTES = 20_000_000
"""Largest orders file the builder reads (20 MB, about 200,000 rows of the course's orders data)."""
MAX_ROWS = 250_000
MAX_SAVED_BYTES = 1_000_000
_DIGIT = re.compile(r"[0-9]")
_WHOLE_BASE = re.compile(r"\ball customers\b|\bwhole customer base\b|\bevery customer\b", re.I)


class Statement(ActivityModel):
    """One line on the persona and what backs it."""

    text: str = Field(title="Statement", min_length=1, max_length=MAX_STATEMENT)
    kind: Literal["data", "research", "assumption"] = Field("research", title="Kind of evidence")
    evidence: str = Field("", title="Evidence", max_length=MAX_EVIDENCE)


class Persona(ActivityModel):
    """A persona: who (name, segment, a one-line profile) and its sections of evidenced statements."""

    name: str = Field(title="Persona name", max_length=80)
    segment: str = Field("", title="Segment", max_length=120)
    profile: str = Field("", title="Profile", max_length=MAX_TEXT)
    figures: list[Statement] = Field([], max_length=MAX_STATEMENTS)
    goals: list[Statement] = Field([], max_length=MAX_STATEMENTS)
    pain_points: list[Statement] = Field([], max_length=MAX_STATEMENTS)
    behaviours: list[Statement] = Field([], max_length=MAX_STATEMENTS)
    channels: list[Statement] = Field([], max_length=MAX_STATEMENTS)
    quotes: list[Statement] = Field([], max_length=MAX_STATEMENTS)

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Give the persona a name (a first name and surname make it easier to talk about, "
                             "for example “Sam Okafor”).")
        return value

    def statements(self) -> list[tuple[str, Statement]]:
        return [(section, s) for section in SECTIONS for s in getattr(self, section)]


class PersonaTask(ActivityModel):
    """The activity data file: the instructions, where the figures come from and the worked persona."""

    id: str
    title: str
    criteria: list[str] = []
    instructions: str = Field("", max_length=MAX_TEXT)
    organisation: str
    dataset: str = Field("", pattern=r"^[a-z0-9_]*$")
    """An orders data set under data/datasets (without .csv); blank or missing → the case's figures only."""
    case: str = ""
    """``<spec>/<case>`` of the running case whose segment shares are shown as case figures."""
    sources: list[str] = Field([], max_length=20)
    """Research sources a learner may cite (shown as a hint; any source may be typed)."""
    worked: Persona

    def case_figures(self) -> list[Statement]:
        return case_segment_figures(self.case) if self.case else []


def load_persona_task(spec_id: str, name: str) -> PersonaTask:
    return parse(PersonaTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def blank_persona(name: str = "New persona") -> Persona:
    return build(Persona, name=name)


# -- adding and checking statements ------------------------------------------------------------------------------
def check_statement(section: str, text: str, kind: str, evidence: str) -> Statement:
    """A statement for ``section`` as typed; a ``ValueError`` a learner can act on when it cannot go on the card.

    Data needs its figure, research needs its source, a quote must come from research; an assumption may have
    no evidence (it is flagged on the card as something to test)."""
    if section not in SECTIONS:
        raise ValueError(f"“{str(section)[:30]}” is not a part of the persona: choose one of "
                         f"{', '.join(SECTIONS.values())}.")
    if kind not in KINDS:
        raise ValueError("Choose what backs the statement: data, research or an assumption to test.")
    text, evidence = (text or "").strip(), (evidence or "").strip()
    what = SECTIONS[section].lower()
    if not text:
        raise ValueError(f"Write the statement first (one line for {what}).")
    if len(text) > MAX_STATEMENT:
        raise ValueError(f"Keep a statement under {MAX_STATEMENT} characters (this one has {len(text)}): a "
                         "persona is read at a glance.")
    if len(evidence) > MAX_EVIDENCE:
        raise ValueError(f"Keep the evidence under {MAX_EVIDENCE} characters: name the source and the figure.")
    if kind != "assumption" and not evidence:
        raise ValueError(f"“{text[:40]}” has no evidence. Name where it comes from (for example “interview 4 of "
                         "14”, “NPS verbatim, Q3 2026” or a figure from the data), or mark it as an assumption "
                         "to test.")
    if kind == "data" and not _DIGIT.search(evidence):
        raise ValueError(f"The evidence for “{text[:40]}” is marked as data but gives no figure: add the number "
                         "and where it was measured (for example “62% of 2025 revenue, case file”).")
    if section == "figures" and kind != "data":
        raise ValueError("The figures section holds figures from data: choose “Data” and give the number, or "
                         "put the statement in another section.")
    if section == "quotes" and kind != "research":
        raise ValueError("A quote is something a customer said: choose “Research” and name the interview or "
                         "survey it comes from. A line nobody said is not a quote.")
    return Statement(text=text, kind=kind, evidence=evidence)


def with_statement(persona: Persona, section: str, statement: Statement) -> Persona:
    """A copy with ``statement`` added to ``section`` (``ValueError`` if that section is full or has it)."""
    items = list(getattr(persona, section))
    if len(items) >= MAX_STATEMENTS:
        raise ValueError(f"{SECTIONS[section]} already has {MAX_STATEMENTS} statements: a persona is read at a "
                         "glance, so remove or merge one first.")
    key = " ".join(statement.text.lower().split())
    if any(" ".join(s.text.lower().split()) == key for s in items):
        raise ValueError(f"“{statement.text[:40]}” is already in {SECTIONS[section].lower()}.")
    data = persona.model_dump()
    data[section] = [*data[section], statement.model_dump()]
    return build(Persona, **data)


def without_statement(persona: Persona, section: str, index: int) -> Persona:
    items = persona.model_dump()[section]
    if not 0 <= index < len(items):
        raise ValueError("Choose a statement to remove.")
    del items[index]
    return build(Persona, **{**persona.model_dump(), section: items})


def with_details(persona: Persona, name: str, segment: str, profile: str) -> Persona:
    return build(Persona, **{**persona.model_dump(), "name": name, "segment": segment, "profile": profile})


@dataclass(frozen=True)
class Flag:
    level: Literal["challenge", "test"]
    message: str


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def persona_flags(persona: Persona) -> list[Flag]:
    """What a reviewer would challenge on this persona, most serious first. ``test`` flags are assumptions the
    learner has declared (honest, but to be tested before the persona drives a decision)."""
    flags: list[Flag] = []
    rows = persona.statements()
    for section, s in rows:
        if s.kind != "assumption" and not s.evidence.strip():
            flags.append(Flag("challenge", f"{SECTIONS[section]}: “{_short(s.text)}” has no evidence."))
        elif s.kind == "data" and not _DIGIT.search(s.evidence):
            flags.append(Flag("challenge", f"{SECTIONS[section]}: “{_short(s.text)}” is marked as data but its "
                                           "evidence gives no figure."))
    for section, s in rows:
        if s.kind == "data" and _WHOLE_BASE.search(s.evidence):
            flags.append(Flag("challenge", f"{SECTIONS[section]}: “{_short(s.text)}” rests on a figure for all "
                                           "customers, not this segment: compute it for the segment (it may differ)."))
    if not any(s.kind == "data" for _, s in rows):
        flags.append(Flag("challenge", "No figures from data: the persona cannot show how big or valuable its "
                                       "segment is. Add the segment's share, order value or device figures."))
    research = [s for _, s in rows if s.kind == "research"]
    if not research:
        flags.append(Flag("challenge", "No research behind it: figures say what customers do, not why. Add goals, "
                                       "pain points or quotes from interviews or survey verbatims."))
    elif len(research) >= 3 and len({" ".join(s.evidence.lower().split()) for s in research}) == 1:
        flags.append(Flag("challenge", f"Every research statement cites the same source (“{research[0].evidence[:50]}”)"
                                       ": one interview or survey speaking for the whole segment. Check the others "
                                       "agree."))
    for section, missing in (("goals", "No goals yet"), ("pain_points", "No pain points yet"),
                             ("quotes", "No quotes in the customer's own words yet")):
        if not getattr(persona, section):
            flags.append(Flag("challenge", f"{missing}."))
    for section, s in rows:
        if s.kind == "assumption":
            flags.append(Flag("test", f"{SECTIONS[section]}: “{_short(s.text)}” is an assumption: test it (which data "
                                      "or research would confirm it?) before it drives a decision."))
    return flags


def evidence_summary(persona: Persona) -> dict[str, int]:
    """How many statements rest on data, on research and on assumption."""
    counts = {k: 0 for k in KINDS}
    for _, s in persona.statements():
        counts[s.kind] += 1
    return counts


# -- figures from data --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SegmentFigures:
    segment: str
    source: str
    orders: int
    total_orders: int
    customers: int | None
    revenue_share: float | None
    average_order_value: float | None
    orders_per_customer: float | None
    mix: dict[str, list[tuple[str, float]]]
    """column → (value, share of the segment's orders), largest first (top three)."""
    rates: dict[str, float]
    """yes/no column → share of the segment's answered orders that say yes."""

    def statements(self) -> list[Statement]:
        """The figures as data statements, each with its evidence (the learner chooses which to put on the card)."""
        where = f"{self.source}, {self.segment}: {self.orders:,} of {self.total_orders:,} orders"
        out = [Statement(text=f"{self.segment}: {self.orders / self.total_orders:.0%} of orders", kind="data",
                         evidence=where)]
        if self.revenue_share is not None:
            out.append(Statement(text=f"{self.revenue_share:.0%} of revenue", kind="data", evidence=where))
        if self.average_order_value is not None:
            out.append(Statement(text=f"Average order value £{self.average_order_value:,.2f}", kind="data",
                                 evidence=where))
        if self.orders_per_customer is not None and self.customers:
            out.append(Statement(text=f"{self.orders_per_customer:.2f} orders per customer "
                                      f"({self.customers:,} customers)", kind="data", evidence=where))
        for column, rows in self.mix.items():
            label = column.replace("_", " ")
            parts = ", ".join(f"{value} {share:.0%}" for value, share in rows)
            out.append(Statement(text=f"By {label}: {parts}", kind="data", evidence=where))
        for column, share in self.rates.items():
            out.append(Statement(text=f"{RATE_LABELS[column]}: {share:.0%} of orders", kind="data", evidence=where))
        return out


MIX_COLUMNS = ("device", "channel", "product_category", "content_engaged")
RATE_LABELS = {"delivered_first_attempt": "Delivered at the first attempt", "damaged": "Damaged in transit",
               "repeat_within_90_days": "Repeat order within 90 days"}
FIGURE_COLUMNS = ("order_value", "customer_id", *MIX_COLUMNS, *RATE_LABELS)
"""Columns an uploaded orders file must have at least one of (besides ``segment``)."""
USED_COLUMNS = frozenset({"segment", *FIGURE_COLUMNS})


def _column_name(name: object) -> str:
    """A column's name as the builder reads it: spaces trimmed, lower case, inner spaces as underscores."""
    return str(name).strip().lower().replace(" ", "_")


def segment_figures(frame, segment: str, *, source: str = "your data", segment_column: str = "segment",
                    value_column: str = "order_value") -> SegmentFigures:
    """One segment's figures from an orders frame (one row per order).

    * share of orders = segment rows ÷ all rows; revenue share = Σ ``order_value`` of the segment ÷ Σ of all;
    * average order value = mean ``order_value`` of the segment; orders per customer = segment rows ÷ distinct
      ``customer_id`` in the segment;
    * mix: for each of ``device``, ``channel``, ``product_category`` and ``content_engaged`` present, the three
      commonest values and their share of the segment's orders (blank cells left out of the share);
    * rates: for each yes/no column present (``delivered_first_attempt``, ``damaged``, ``repeat_within_90_days``),
      the share of the segment's orders answered "yes" among those answered "yes" or "no".

    ``ValueError`` in plain words for a frame without the segment column or rows, an unknown segment, or an
    ``order_value`` column that is not numeric or has a negative value."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise ValueError("The data has no rows: choose a CSV file of orders with a header row and one row per order.")
    if segment_column not in frame.columns:
        raise ValueError(f"The data has no “{segment_column}” column, so no segment can be chosen. Its columns are: "
                         f"{', '.join(map(str, list(frame.columns)[:12]))}.")
    series = frame[segment_column]
    wanted = str(segment).strip()
    matching = [u for u in series.dropna().unique() if str(u).strip() == wanted]
    keep = series.isin(matching).to_numpy(bool)
    rows = int(keep.sum())
    if rows == 0:
        known = segments_in(frame, segment_column)[:12]
        raise ValueError(f"No orders for the segment “{str(segment)[:40]}”. Segments in the data: {', '.join(known)}.")
    revenue_share = aov = None
    if value_column in frame.columns:
        values = pd.to_numeric(frame[value_column], errors="coerce")
        bad = values.isna() & frame[value_column].notna()
        if bad.any():
            first = frame.loc[bad, value_column].iloc[0]
            raise ValueError(f"The {value_column.replace('_', ' ')} column has “{str(first)[:20]}” in row "
                             f"{int(bad.to_numpy().argmax()) + 2}, which is not a number: fix that row or remove "
                             "the column.")
        if (values < 0).any():
            raise ValueError(f"The {value_column.replace('_', ' ')} column has a negative value: an order cannot be "
                             "worth less than nothing. Fix or remove those rows.")
        total = float(values.sum())
        seg_values = values[keep]
        revenue_share = float(seg_values.sum()) / total if total > 0 else None
        aov = float(seg_values.mean()) if seg_values.notna().any() else None
    customers = per_customer = None
    if "customer_id" in frame.columns:
        customers = int(frame.loc[keep, "customer_id"].nunique())
        per_customer = rows / customers if customers else None
    mix: dict[str, list[tuple[str, float]]] = {}
    for column in MIX_COLUMNS:
        if column in frame.columns:
            counts = _counts(frame.loc[keep, column])
            n = sum(counts.values())
            if n:
                top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
                mix[column] = [(v[:40], c / n) for v, c in top]
    rates: dict[str, float] = {}
    for column in RATE_LABELS:
        if column in frame.columns:
            answers = {k.lower(): 0 for k in ("yes", "no")}
            for value, n in _counts(frame.loc[keep, column]).items():
                if value.lower() in answers:
                    answers[value.lower()] += n
            if answers["yes"] + answers["no"]:
                rates[column] = answers["yes"] / (answers["yes"] + answers["no"])
    return SegmentFigures(str(segment).strip(), source, rows, len(frame), customers, revenue_share, aov,
                          per_customer, mix, rates)


def _counts(series) -> dict[str, int]:
    """value (as text, spaces stripped) → number of rows; missing and blank cells left out. Works on the distinct
    values, not on every row, so a 100,000-row column costs one ``value_counts``."""
    out: dict[str, int] = {}
    for value, n in series.value_counts(dropna=True).items():
        key = str(value).strip()
        if key:
            out[key] = out.get(key, 0) + int(n)
    return out


def segments_in(frame, segment_column: str = "segment") -> list[str]:
    """The segments in the data (spaces stripped, blanks left out), in order."""
    if segment_column not in frame.columns:
        return []
    return sorted({str(u).strip() for u in frame[segment_column].dropna().unique()} - {""})


def read_orders_csv(content: bytes | str, name: str = "your file"):
    """An uploaded orders CSV as a frame (column names lower-cased, spaces as underscores); ``ValueError`` for a file
    too big, not text, not CSV, without rows, without a ``segment`` column or without any column a figure uses."""
    # only the columns a figure uses are parsed (a fifth faster on the course's orders file)
    frame = read_uploaded_csv(content, name, max_bytes=MAX_CSV_BYTES, max_rows=MAX_ROWS, what="an orders file",
                              row="order", sample="Upload a sample or one year's orders.",
                              usecols=lambda c: _column_name(c) in USED_COLUMNS)
    frame.columns = [_column_name(c) for c in frame.columns]
    if "segment" not in frame.columns:
        raise ValueError(f"“{name}” has no “segment” column, so no segment can be chosen. Add a column called "
                         "segment (one value per order).")
    if not set(FIGURE_COLUMNS) & set(frame.columns):
        raise ValueError(f"“{name}” has a segment column but none of the columns the figures come from: give at "
                         f"least one of {', '.join(FIGURE_COLUMNS)}.")
    if frame.columns.duplicated().any():
        raise ValueError(f"“{name}” has two columns with the same name: rename one.")
    if len(frame) > MAX_ROWS:
        raise ValueError(f"“{name}” has more than {MAX_ROWS:,} rows: upload a sample or one year's orders.")
    if frame.empty:
        raise ValueError(f"“{name}” has a header but no rows.")
    return frame


@cache
def course_orders(dataset: str):
    """``data/datasets/<dataset>.csv`` (read once), or ``None`` while it does not exist."""
    import pandas as pd

    if not dataset:
        return None
    path = Path(__file__).resolve().parents[2] / "data" / "datasets" / f"{dataset}.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


@cache
def case_segment_figures(case: str) -> list[Statement]:
    """The running case's segment shares (``segments:`` in ``data/cases/<spec>/<case>.yml``) as data statements."""
    spec, _, case_id = case.partition("/")
    path = Path(__file__).resolve().parents[2] / "data" / "cases" / spec / f"{case_id}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    year = data.get("year", "")
    return [Statement(text=f"{s['name']}: {s['revenue_share']:.0%} of {year} revenue".strip(), kind="data",
                      evidence=f"{data['name']} case file, segments ({s['who']})")
            for s in data.get("segments", [])]


# -- saving, the card and the book's form ------------------------------------------------------------------------
def to_json(persona: Persona, task: str = "") -> str:
    return saved_json(KIND, task, persona)


def from_json(content: bytes | str) -> Persona:
    """A saved persona, checked; ``ValueError`` in plain words for any other file."""
    return open_saved(Persona, content, KIND, "a persona saved by the persona builder")


def _kind_badge(s: Statement) -> str:
    css = {"data": "cx-ev-data", "research": "cx-ev-research", "assumption": "cx-ev-assumption"}[s.kind]
    return f"<span class='cx-evidence-kind {css}'>{esc(KINDS[s.kind])}</span>"


def _evidence(s: Statement) -> str:
    if s.evidence.strip():
        return esc(s.evidence)
    return "<strong>no evidence: test this</strong>" if s.kind == "assumption" else "<strong>no evidence</strong>"


def card_body_html(persona: Persona, label: str = "") -> str:
    """The persona card: every statement with its kind of evidence (in words, not only colour) and the source;
    ``label`` goes before the name in the heading (e.g. "Worked persona: ")."""
    counts = evidence_summary(persona)
    head = (f"<h4 class='cx-persona-name'>{esc(label)}{esc(persona.name)}</h4>"
            + (f"<p><strong>Segment:</strong> {esc(persona.segment)}</p>" if persona.segment else "")
            + (f"<p>{esc(persona.profile)}</p>" if persona.profile else "")
            + f"<p>Statements resting on data: {counts['data']}; on research: {counts['research']}; "
              f"assumptions to test: {counts['assumption']}.</p>")
    parts = []
    for section, heading in SECTIONS.items():
        items = getattr(persona, section)
        if not items:
            parts.append(f"<h5>{esc(heading)}</h5><p class='cx-blank'>none yet</p>")
            continue
        rows = "".join(f"<tr><td>{'“' + esc(s.text) + '”' if section == 'quotes' else esc(s.text)}</td>"
                       f"<td>{_kind_badge(s)}</td><td>{_evidence(s)}</td></tr>" for s in items)
        parts.append(f"<table class='cx-activity-table'><caption>{esc(heading)}</caption><thead><tr>"
                     "<th scope='col'>Statement</th><th scope='col'>Backed by</th><th scope='col'>Evidence</th>"
                     f"</tr></thead><tbody>{rows}</tbody></table>")
    return head + "".join(parts)


def flags_html(persona: Persona) -> str:
    flags = persona_flags(persona)
    if not flags:
        return "<p>No flags: every statement has its evidence and nothing rests on an untested assumption.</p>"
    items = "".join(f"<li><strong>{'Challenge' if f.level == 'challenge' else 'Test'}:</strong> {esc(f.message)}</li>"
                    for f in flags)
    return f"<p>What a reviewer would question ({len(flags)}):</p><ul class='cx-persona-flags'>{items}</ul>"


def card_html(persona: Persona) -> str:
    """A standalone persona card (.html) to download: escaped, offline."""
    from widgets.activities.cx_model import html_document

    return html_document(f"Persona: {persona.name}", card_body_html(persona) + "<h2>Evidence check</h2>"
                         + flags_html(persona))


def figures_html(figures: list[Statement], caption: str) -> str:
    rows = "".join(f"<tr><td>{esc(s.text)}</td><td>{esc(s.evidence)}</td></tr>" for s in figures)
    return (f"<table class='cx-activity-table'><caption>{esc(caption)}</caption><thead><tr><th scope='col'>Figure"
            f"</th><th scope='col'>Source</th></tr></thead><tbody>{rows}</tbody></table>") if rows else ""


def persona_static_html(task: PersonaTask, live_link: str = "") -> str:
    """The book's worked example: the case's segment figures and the worked persona, evidence on every line,
    with the evidence check and the link to the live builder."""
    intro = f"<p>{esc(task.instructions)}</p>" if task.instructions else ""
    case = figures_html(task.case_figures(), f"{task.organisation}: segments and their share of revenue")
    return (f"<div class='cx-activity cx-persona'><h3 class='cx-activity-title'>{esc(task.title)}</h3>{intro}"
            f"{case}{card_body_html(task.worked, 'Worked persona: ')}<h4>Evidence check</h4>"
            f"{flags_html(task.worked)}{live_link}</div>")


def figures_json(figures: SegmentFigures) -> str:
    """The segment's figures as JSON (for tests and for a learner who wants the numbers)."""
    return json.dumps({"segment": figures.segment, "orders": figures.orders, "total_orders": figures.total_orders,
                       "customers": figures.customers, "revenue_share": figures.revenue_share,
                       "average_order_value": figures.average_order_value,
                       "orders_per_customer": figures.orders_per_customer, "mix": figures.mix,
                       "rates": figures.rates}, indent=1)

