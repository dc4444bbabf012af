"""SERVQUAL analysis (CIM L6 Customer Journey Optimisation 2.1): the five gaps between what customers expect
and what they perceive, overall with and without importance weights, by segment and item by item.

The survey has one row per respondent: for each of the 22 items (Parasuraman, Zeithaml and Berry 1988;
Tangibles 4, Reliability 5, Responsiveness 4, Assurance 4, Empathy 5) an expectation score (column
``<code><n>_e``) and a perception score (``<code><n>_p``) from 1 to 7, where ``<code>`` is ``tan``, ``rel``,
``res``, ``ass`` or ``emp``; optionally the 100 importance points the respondent split across the five
dimensions (``importance_<dimension>``) and a ``segment``. :func:`analyse` hands every answered score of a
dimension to :func:`widgets.metrics.servqual_gaps` (so a dimension's mean is over all its items and
respondents) with the mean importance points as the weights.

Decision — blank answers. A respondent who skipped an item has a blank cell; the blank is left out of that
item's mean (and the count of blanks is reported), rather than the whole respondent being dropped, so one
skipped question does not discard 43 answers. A score outside 1–7 or that is not a whole number is refused:
it is a data error, not an answer.

The tool computes; the learner interprets: their notes, one per question, are saved as JSON (``kind``,
``schema_version``) and reopened through :func:`from_json`. Exports go through :mod:`widgets.exports` and
everything from data or a learner is escaped in HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

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
from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.exports import csv_text
from widgets.metrics import SERVQUAL_DIMENSIONS, ServqualResult, servqual_gaps
from widgets.sample_fern_journeys import SERVQUAL_ITEMS, importance_column, item_columns

esc = html.escape
KIND = "servqual-notes"
APP = "journey-data-lab"
LOW, HIGH = 1, 7
MAX_CSV_BYTES = 20_000_000
"""Largest survey file the tool reads (20 MB: about 130,000 respondents)."""
MAX_RESPONDENTS = 150_000
MAX_QUESTIONS = 12
MAX_SAVED_BYTES = 1_000_000
ITEMS = tuple(item_columns())
"""(dimension, item number, expectation column, perception column) for the 22 items."""
IMPORTANCE = {d: importance_column(d) for d in SERVQUAL_DIMENSIONS}


class ServqualTask(ActivityModel):
    id: str
    title: str = Field(max_length=200)
    criteria: list[str] = []
    organisation: str = Field(max_length=120)
    dataset: str = Field(pattern=r"^[a-z0-9_]+$")
    instructions: str = Field("", max_length=MAX_TEXT)
    questions: list[str] = Field([], max_length=MAX_QUESTIONS)
    sources: list[str] = []
    app: str = Field(APP, pattern=r"^[a-z0-9-]+$")
    """The Voila app the book's form links to."""
    items: dict[str, list[str]] = {}
    """The 22 statements as this organisation's survey words them (by dimension, 4, 5, 4, 4, 5); empty: the
    course's default wording (:data:`widgets.sample_fern_journeys.SERVQUAL_ITEMS`)."""

    @model_validator(mode="after")
    def _items_complete(self) -> ServqualTask:
        if self.items:
            for dimension, default in SERVQUAL_ITEMS.items():
                if len(self.items.get(dimension, [])) != len(default):
                    raise ValueError(f"items: {dimension} needs {len(default)} statements")
            if set(self.items) != set(SERVQUAL_ITEMS):
                raise ValueError("items: only the five SERVQUAL dimensions can have statements")
        return self

    def statements(self) -> dict[str, list[str]] | None:
        return self.items or None


class ServqualNotes(ActivityModel):
    """What a learner saves: the data and segment they looked at and their answer to each question."""

    organisation: str = Field("", title="Organisation", max_length=120)
    data: str = Field("", title="Data used", max_length=200)
    segment: str = Field("", title="Segment", max_length=80)
    answers: list[Annotated[str, Field(max_length=MAX_TEXT)]] = Field([], title="Answers", max_length=MAX_QUESTIONS)
    conclusion: str = Field("", title="Your conclusion", max_length=MAX_TEXT)


def load_servqual_task(spec_id: str, name: str) -> ServqualTask:
    return parse(ServqualTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def item_text(dimension: str, number: int, statements: dict[str, list[str]] | None = None) -> str:
    return (statements or SERVQUAL_ITEMS)[dimension][number - 1]


# -- reading a survey ---------------------------------------------------------------------------------------------
def _first_row(mask) -> int:
    """The spreadsheet row (heading = row 1) of the first ``True`` in ``mask``."""
    import numpy as np

    return int(np.argmax(np.asarray(mask))) + 2


def _scores_column(raw, name: str, column: str):
    """One item column as floats (blank = NaN), every answer a whole number from 1 to 7, or a ``ValueError``."""
    import numpy as np
    import pandas as pd

    if raw.dtype.kind in "iuf":  # read as numbers already: no text to look at
        array = raw.to_numpy(dtype=float, na_value=np.nan)
    else:
        values = pd.to_numeric(raw, errors="coerce")
        bad = values.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
        if bad.any():
            row = _first_row(bad)
            raise ValueError(f"{name}, column {column}, row {row:,}: “{str(raw.iloc[row - 2])[:20]}” is not a score. "
                             f"Scores are whole numbers from {LOW} to {HIGH}; leave a skipped answer blank.")
        array = values.to_numpy(dtype=float, na_value=np.nan)
    outside = ~np.isnan(array) & ((array < LOW) | (array > HIGH) | (array != np.round(array)) | ~np.isfinite(array))
    if outside.any():
        row = _first_row(outside)
        raise ValueError(f"{name}, column {column}, row {row:,}: {array[row - 2]:g} is not on the scale. "
                         f"Scores are whole numbers from {LOW} to {HIGH}.")
    return array


def check_survey(frame, name: str = "the survey"):
    """The survey with every item column a number from 1 to 7 (blanks allowed), importance columns (if any) 0
    or more, or a ``ValueError`` naming the column and row (rows counted as in a spreadsheet)."""
    import numpy as np
    import pandas as pd

    frame = frame.copy()
    frame.columns = [str(c).strip().lower().replace(" ", "_") for c in frame.columns]
    if len(set(frame.columns)) != len(frame.columns):
        raise ValueError(f"{name} has two columns with the same heading. Give each column its own name.")
    needed = [c for _d, _n, e, p in ITEMS for c in (e, p)]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
        raise ValueError(f"{name} is missing the item column{'s' if len(missing) > 1 else ''} {shown}. A SERVQUAL "
                         "survey needs an expectation and a perception column for each of the 22 items (tan1_e, "
                         "tan1_p … emp5_p), as in the course's survey files (fern_servqual.csv, "
                         "hartwell_service_survey.csv).")
    if frame.empty:
        raise ValueError(f"{name} has a heading but no respondents.")
    if len(frame) > MAX_RESPONDENTS:
        raise ValueError(f"{name} has {len(frame):,} respondents; the tool takes up to {MAX_RESPONDENTS:,}. Upload a "
                         "sample.")
    for column in needed:
        frame[column] = _scores_column(frame[column], name, column)
    answered = np.isfinite(frame[needed].to_numpy(dtype=float)).any(axis=1)
    if not answered.any():
        raise ValueError(f"{name} has no answers at all: every score is blank.")
    present = [c for c in IMPORTANCE.values() if c in frame.columns]
    if present and len(present) < len(IMPORTANCE):
        lacking = [c for c in IMPORTANCE.values() if c not in frame.columns]
        raise ValueError(f"{name} has some importance columns but not {', '.join(lacking)}. Give all five "
                         "importance columns, or none (then only the unweighted gap is shown).")
    for column in present:
        raw = frame[column]
        values = raw if raw.dtype.kind in "iuf" else pd.to_numeric(raw, errors="coerce")
        bad = (values < 0) | (values > 100)
        if raw.dtype.kind not in "iuf":
            bad |= values.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
        if bad.any():
            row = _first_row(bad)
            raise ValueError(f"{name}, column {column}, row {row:,}: “{str(raw.iloc[row - 2])[:20]}” is not a number "
                             "of importance points from 0 to 100.")
        frame[column] = values.to_numpy(dtype=float, na_value=np.nan)
    if "segment" in frame.columns:
        frame["segment"] = frame["segment"].fillna("").astype(str).str.strip()
    return frame


def read_survey_csv(content: bytes | str, name: str = "your file"):
    """An uploaded survey CSV, checked by :func:`check_survey`; ``ValueError`` for a file too big, not text or
    not CSV."""
    frame = read_uploaded_csv(content, name, max_bytes=MAX_CSV_BYTES, max_rows=MAX_RESPONDENTS,
                              what="a survey file", row="respondent", sample="Upload a sample of the respondents.")
    return check_survey(frame, f"“{name}”")


@cache
def course_survey(dataset: str):
    """``data/datasets/<dataset>.csv`` (read once and checked)."""
    import pandas as pd

    path = Path(__file__).resolve().parents[2] / "data" / "datasets" / f"{dataset}.csv"
    if not path.is_file():
        raise ValueError(f"The course's data set {dataset}.csv is missing: run scripts/make_datasets.py.")
    return check_survey(pd.read_csv(path, keep_default_na=False, na_values=[""]), f"{dataset}.csv")


def segments_in(frame) -> list[str]:
    if "segment" not in frame.columns:
        return []
    return sorted(s for s in frame["segment"].unique() if s)


def select_segment(frame, segment: str = ""):
    if not segment:
        return frame
    if "segment" not in frame.columns:
        raise ValueError("This survey has no `segment` column, so it cannot be narrowed to a segment.")
    chosen = frame[frame["segment"] == segment]
    if chosen.empty:
        raise ValueError(f"“{segment[:40]}” is not a segment in this survey. Choose one from the list.")
    return chosen


# -- the analysis -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemGap:
    dimension: str
    number: int
    text: str
    expectation: float
    perception: float
    answers: int

    @property
    def gap(self) -> float:
        return self.perception - self.expectation


@dataclass(frozen=True)
class Analysis:
    result: ServqualResult
    """Weighted by the mean importance points when the survey has them (``result.weighted``)."""
    unweighted: ServqualResult
    items: tuple[ItemGap, ...]
    respondents: int
    blanks: int
    weights: dict[str, float] | None
    selection: str

    def items_of(self, dimension: str) -> list[ItemGap]:
        return [i for i in self.items if i.dimension == dimension]


SCORE_COLUMNS = [c for _d, _n, e, p in ITEMS for c in (e, p)]
"""The 44 score columns: item 1's expectation and perception, then item 2's, and so on."""


def _arrays(frame):
    """The scores (respondents × 44, blank = NaN) and the importance points (respondents × 5, or ``None``)."""
    cells = frame[SCORE_COLUMNS].to_numpy(dtype=float)
    importance = None
    if all(c in frame.columns for c in IMPORTANCE.values()):
        importance = frame[[IMPORTANCE[d] for d in SERVQUAL_DIMENSIONS]].to_numpy(dtype=float)
    return cells, importance


def _analyse(cells, importance, selection: str, statements: dict[str, list[str]] | None = None) -> Analysis:
    import numpy as np

    if cells.shape[0] == 0:
        raise ValueError("There are no respondents to analyse. Choose another segment.")
    answered = np.isfinite(cells)
    expectations, perceptions = {}, {}
    for dimension in SERVQUAL_DIMENSIONS:
        at = [k for k, row in enumerate(ITEMS) if row[0] == dimension]
        for side, what, offset in ((expectations, "expectation", 0), (perceptions, "perception", 1)):
            columns = [2 * k + offset for k in at]
            block = cells[:, columns]
            side[dimension] = block[answered[:, columns]]
            if side[dimension].size == 0:
                raise ValueError(f"No {what} scores were given for {dimension} by these respondents ({selection}), "
                                 "so its gap cannot be worked out.")
    weights = None
    if importance is not None:
        given = np.isfinite(importance)
        counts = given.sum(axis=0)
        totals = np.where(given, importance, 0.0).sum(axis=0)
        means = {d: float(totals[j] / counts[j]) if counts[j] else 0.0 for j, d in enumerate(SERVQUAL_DIMENSIONS)}
        if sum(means.values()) > 0:
            weights = {d: round(v, 2) for d, v in means.items()}
    plain = servqual_gaps(expectations, perceptions)
    result = servqual_gaps(expectations, perceptions, weights) if weights else plain
    counts = answered.sum(axis=0)
    sums = np.where(answered, cells, 0.0).sum(axis=0)
    means = [float(sums[j] / counts[j]) if counts[j] else float("nan") for j in range(len(SCORE_COLUMNS))]
    items = tuple(ItemGap(d, n, item_text(d, n, statements), means[2 * k], means[2 * k + 1],
                          int(min(counts[2 * k], counts[2 * k + 1]))) for k, (d, n, _e, _p) in enumerate(ITEMS))
    return Analysis(result, plain, items, int(cells.shape[0]), int((~answered).sum()), weights, selection)


def analyse(frame, selection: str = "all respondents", statements: dict[str, list[str]] | None = None) -> Analysis:
    """SERVQUAL gaps of a checked survey (:func:`check_survey`): each dimension's gap from all its answered
    scores, weighted by the mean importance points when the survey has them, and every item's gap (its
    statement from ``statements``, a task's :meth:`ServqualTask.statements`, or the default wording)."""
    cells, importance = _arrays(frame)
    return _analyse(cells, importance, selection, statements)


def by_segment(frame, statements: dict[str, list[str]] | None = None) -> list[tuple[str, int, Analysis]]:
    """The analysis of each segment (segment, respondents, analysis), in the order of :func:`segments_in`."""
    segments = segments_in(frame)
    if not segments:
        return []
    cells, importance = _arrays(frame)
    labels = frame["segment"].to_numpy()
    out = []
    for segment in segments:
        mask = labels == segment
        out.append((segment, int(mask.sum()), _analyse(cells[mask], None if importance is None else importance[mask],
                                                        segment, statements)))
    return out


# -- tables, charts, files ----------------------------------------------------------------------------------------
def _g(x: float) -> str:
    return f"{x:+.2f}".replace("-", "−")


def _weights_text(analysis: Analysis) -> str:
    if not analysis.weights:
        return "This survey has no importance points, so only the unweighted gap is shown."
    return "Weights (mean importance points): " + ", ".join(f"{d} {analysis.weights[d]:.1f}"
                                                           for d in SERVQUAL_DIMENSIONS) + "."


def summary_html(analysis: Analysis) -> str:
    r = analysis.result
    weighted = (f"<li>Weighted overall gap (by the mean importance points): <strong>{_g(r.weighted)}</strong></li>"
                if r.weighted is not None else "")
    blanks = f" {analysis.blanks:,} blank answers were left out of the means." if analysis.blanks else ""
    return (f"<p>{esc(analysis.selection)}: {analysis.respondents:,} respondents.{blanks}</p><ul>"
            f"<li>Unweighted overall gap (mean of the five gaps): <strong>{_g(r.unweighted)}</strong></li>{weighted}"
            f"<li>Largest shortfall: <strong>{esc(r.largest_gap)}</strong></li></ul><p class='cx-hint'>"
            f"{esc(_weights_text(analysis))}</p>")


def dimension_table_html(analysis: Analysis) -> str:
    weights = analysis.weights or {}
    body = "".join(f"<tr><th scope='row'>{esc(d)}</th><td>{e:.2f}</td><td>{p:.2f}</td><td>{_g(gap)}</td>"
                   f"<td>{weights[d]:.1f}</td></tr>" if weights else
                   f"<tr><th scope='row'>{esc(d)}</th><td>{e:.2f}</td><td>{p:.2f}</td><td>{_g(gap)}</td></tr>"
                   for d, e, p, gap, _n in analysis.result.dimensions)
    extra = "<th scope='col'>Importance (mean points)</th>" if weights else ""
    return ("<table class='cx-activity-table cx-servqual-table'><caption>SERVQUAL gap by dimension (perception − "
            f"expectation, 1–7 scale): {esc(analysis.selection)}</caption><thead><tr><th scope='col'>Dimension</th>"
            "<th scope='col'>Mean expectation</th><th scope='col'>Mean perception</th><th scope='col'>Gap</th>"
            f"{extra}</tr></thead><tbody>{body}</tbody></table>")


def items_table_html(analysis: Analysis, dimension: str = "") -> str:
    items = analysis.items_of(dimension) if dimension else list(analysis.items)
    body = "".join(f"<tr><th scope='row'>{esc(i.dimension)} {i.number}</th><td>{esc(i.text)}</td>"
                   f"<td>{i.expectation:.2f}</td><td>{i.perception:.2f}</td><td>{_g(i.gap)}</td></tr>" for i in items)
    what = esc(dimension) if dimension else "all 22 items"
    return ("<table class='cx-activity-table cx-servqual-items'><caption>Item gaps: " + what + "</caption><thead><tr>"
            "<th scope='col'>Item</th><th scope='col'>Statement</th><th scope='col'>Mean E</th>"
            f"<th scope='col'>Mean P</th><th scope='col'>Gap</th></tr></thead><tbody>{body}</tbody></table>")


def _weighted(analysis: Analysis) -> str:
    return _g(analysis.result.weighted) if analysis.result.weighted is not None else "—"


def segments_table_html(rows: list[tuple[str, int, Analysis]]) -> str:
    if not rows:
        return "<p class='cx-hint'>This survey has no segment column.</p>"
    head = "".join(f"<th scope='col'>{esc(d)}</th>" for d in SERVQUAL_DIMENSIONS)
    body = "".join(f"<tr><th scope='row'>{esc(s)} ({n:,})</th>"
                   + "".join(f"<td>{_g(a.result.by_dimension[d])}</td>" for d in SERVQUAL_DIMENSIONS)
                   + f"<td>{_g(a.result.unweighted)}</td><td>{_weighted(a)}</td></tr>" for s, n, a in rows)
    return ("<table class='cx-activity-table cx-servqual-segments'><caption>SERVQUAL gap by segment</caption><thead>"
            f"<tr><th scope='col'>Segment (respondents)</th>{head}<th scope='col'>Overall, unweighted</th>"
            "<th scope='col'>Overall, weighted</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def gaps_chart(analysis: Analysis) -> AccessibleChart:
    """Horizontal bars of each dimension's gap from zero (negative: below expectations), labelled with the value,
    largest shortfall first."""
    alt = import_altair()
    dims = sorted(analysis.result.dimensions, key=lambda row: row[3])
    rows = [{"Dimension": d, "Gap": round(gap, 2), "Label": _g(gap), "Expectation": round(e, 2),
             "Perception": round(p, 2)} for d, e, p, gap, _n in dims]
    order = [row["Dimension"] for row in rows]
    low = min(-0.5, min(r["Gap"] for r in rows) - 0.5)
    high = max(0.5, max(r["Gap"] for r in rows) + 0.5)
    base = alt.Chart(alt.Data(values=rows))
    bars = base.mark_bar().encode(
        y=alt.Y("Dimension:N", sort=order, title=None),
        color=alt.condition("datum.Gap < 0", alt.value(PALETTE[1]), alt.value(PALETTE[2])),  # short / exceeds
        x=alt.X("Gap:Q", scale=alt.Scale(domain=[low, high]), title="Gap: mean perception − mean expectation"),
        tooltip=["Dimension:N", "Expectation:Q", "Perception:Q", "Gap:Q"])
    below = base.transform_filter("datum.Gap < 0").mark_text(align="right", dx=-4, color="#1a1a1a").encode(
        y=alt.Y("Dimension:N", sort=order), x="Gap:Q", text="Label:N")  # beyond the end of each bar
    above = base.transform_filter("datum.Gap >= 0").mark_text(align="left", dx=4, color="#1a1a1a").encode(
        y=alt.Y("Dimension:N", sort=order), x="Gap:Q", text="Label:N")
    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color="#1a1a1a").encode(x="x:Q")
    chart = (bars + zero + below + above).properties(width=420, height=alt.Step(30),
                                                     title="SERVQUAL gap by dimension")
    parts = "; ".join(f"{r['Dimension']}: expectation {r['Expectation']:.2f}, perception {r['Perception']:.2f}, gap "
                      f"{r['Label']}" for r in rows)
    weighted = (f" and {_g(analysis.result.weighted)} weighted by importance" if analysis.result.weighted is not None
                else "")
    description = (f"Bar chart of the SERVQUAL gap (perception minus expectation, 1 to 7 scale) for each dimension, "
                   f"{analysis.selection}, largest shortfall first. {parts}. The overall gap is "
                   f"{_g(analysis.result.unweighted)} unweighted{weighted}.")
    return AccessibleChart(chart, description)


def to_csv(analysis: Analysis, segments: list[tuple[str, int, Analysis]] | None = None) -> str:
    """Dimensions, then items, then (if given) segments: one row each, column "part" says which."""
    weights = analysis.weights or {}
    rows: list[list[object]] = [["dimension", d, "", round(e, 3), round(p, 3), round(gap, 3), weights.get(d, "")]
                                for d, e, p, gap, _n in analysis.result.dimensions]
    rows.append(["overall", "unweighted", "", "", "", round(analysis.result.unweighted, 3), ""])
    if analysis.result.weighted is not None:
        rows.append(["overall", "weighted", "", "", "", round(analysis.result.weighted, 3), ""])
    rows += [["item", f"{i.dimension} {i.number}", i.text, round(i.expectation, 3), round(i.perception, 3),
              round(i.gap, 3), ""] for i in analysis.items]
    for s, n, a in segments or []:
        rows += [["segment", s, d, n, "", round(a.result.by_dimension[d], 3), ""] for d in SERVQUAL_DIMENSIONS]
    return csv_text(rows, header=["part", "name", "statement or dimension", "mean expectation or respondents",
                                  "mean perception", "gap", "importance"])


def _answers(task: ServqualTask, notes: ServqualNotes) -> list[str]:
    return [*notes.answers, *[""] * len(task.questions)][:len(task.questions)]


def notes_html(task: ServqualTask, notes: ServqualNotes) -> str:
    items = "".join(f"<li><p><strong>{esc(q)}</strong></p><p>{esc(a) if a.strip() else '<em>Not answered yet.</em>'}"
                    "</p></li>" for q, a in zip(task.questions, _answers(task, notes), strict=True))
    conclusion = f"<h4>Conclusion</h4><p>{esc(notes.conclusion)}</p>" if notes.conclusion.strip() else ""
    return f"<ol class='cx-servqual-notes'>{items}</ol>{conclusion}"


def document_html(task: ServqualTask, analysis: Analysis, notes: ServqualNotes,
                  segments: list[tuple[str, int, Analysis]] | None = None) -> str:
    from widgets.activities.cx_model import html_document

    steps = "".join(f"<li>{esc(s)}</li>" for s in analysis.result.steps)
    body = (f"{summary_html(analysis)}<p>{esc(gaps_chart(analysis).description)}</p>{dimension_table_html(analysis)}"
            f"<h2>Working</h2><ol>{steps}</ol>{segments_table_html(segments or [])}{items_table_html(analysis)}"
            f"<h2>Interpretation</h2>{notes_html(task, notes)}")
    return html_document(f"SERVQUAL analysis: {notes.organisation or task.organisation}", body)


def make_notes(task: ServqualTask, **fields: object) -> ServqualNotes:
    return build(ServqualNotes, **{"organisation": task.organisation, **fields})


def to_json(notes: ServqualNotes, task: str = "") -> str:
    return saved_json(KIND, task, notes)


def from_json(content: bytes | str) -> ServqualNotes:
    return open_saved(ServqualNotes, content, KIND, "saved SERVQUAL notes")


def servqual_html(task: ServqualTask, live_link: str = "") -> str:
    """The book's form: the gaps of the course's survey (chart, table, working, segments, items) and the
    questions to answer live."""
    frame = course_survey(task.dataset)
    analysis = analyse(frame, f"{task.dataset}.csv, all respondents", task.statements())
    steps = "".join(f"<li>{esc(s)}</li>" for s in analysis.result.steps)
    questions = "".join(f"<li>{esc(q)}</li>" for q in task.questions)
    return (f"<div class='cx-activity cx-servqual'><h3 class='cx-activity-title'>{esc(task.title)}</h3>"
            f"<p>{esc(task.instructions)}</p>{summary_html(analysis)}{gaps_chart(analysis).to_html()}"
            f"{dimension_table_html(analysis)}<h4>Working</h4><ol>{steps}</ol>"
            f"{segments_table_html(by_segment(frame, task.statements()))}{items_table_html(analysis)}"
            f"<h4>Questions to answer</h4><ol>{questions}</ol>{live_link}</div>")
