"""Marketing attribution (CIM L6 Customer Journey Optimisation 1.3): five rule-based models side by side on a
set of converting paths, with the learner's own interpretation.

A converting path is the ordered list of marketing channels one customer met before ordering, and the number
of conversions it ended in. :func:`widgets.metrics.attribute_conversions` shares each path's conversions out
between its touches by a model's rule (first touch, last touch, linear, position-based 40/20/40 and time
decay with a half-life in touches). This module reads the paths (the course's ``fern_paths.csv`` or an
upload), narrows them to a segment or a range of first-touch dates, runs all five models on the same paths
(:func:`compare_models`) and shows the credit by channel as a table and a chart with a text description.

Decision — credit as a share. The table shows both the credited conversions and each channel's share of all
conversions (%), and the chart shows the share, so a learner compares models on one scale however many paths
are selected. The spread (the largest share minus the smallest across the five models) is the column that
shows where the models disagree.

Speed. Identical paths are added together before any model runs (8,000 paths of Fern & Field hold about
2,000 different ones), so the five models on 100,000 paths take well under a second
(``benchmarks/l6_attribution_servqual.py``).

The tool never writes the interpretation: the learner's notes, one per question, are saved as JSON
(``kind``, ``schema_version``) and reopened through :func:`from_json`; exports go through
:mod:`widgets.exports` and everything from data or a learner is escaped in HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field

from widgets.activities.common import MAX_TEXT, ActivityModel, build, load_yaml, open_saved, parse, read_uploaded_csv
from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.exports import csv_text
from widgets.metrics import ATTRIBUTION_MODELS, AttributionResult, compare_attribution_models
from widgets.numeric import parse_number

esc = html.escape
KIND = "attribution-notes"
APP = "journey-data-lab"
SEPARATOR = ">"
"""Touchpoints in one cell are joined by ``>`` (the course writes `` > ``; spaces around it are ignored)."""
MAX_CSV_BYTES = 20_000_000
"""Largest paths file the tool reads (20 MB: about 250,000 paths like Fern & Field's)."""
MAX_PATHS = 250_000
MAX_CHANNEL_CHARS = 60
MAX_CHANNELS = 40
"""More different channel names than this is almost certainly a column of something else (page URLs)."""
MAX_QUESTIONS = 12
MAX_HALF_LIFE = 50
"""Beyond about 50 touches, time decay is linear for any realistic path."""
MAX_SAVED_BYTES = 1_000_000
REQUIRED = ("touchpoints", "conversions")
OPTIONAL = ("path_id", "segment", "first_touch_date", "days_to_convert", "touches", "revenue")
MODELS = tuple(ATTRIBUTION_MODELS)


class AttributionTask(ActivityModel):
    id: str
    title: str = Field(max_length=200)
    criteria: list[str] = []
    organisation: str = Field(max_length=120)
    dataset: str = Field(pattern=r"^[a-z0-9_]+$")
    half_life: float = Field(1.0, gt=0, le=50)
    instructions: str = Field("", max_length=MAX_TEXT)
    questions: list[str] = Field([], max_length=MAX_QUESTIONS)
    sources: list[str] = []


class AttributionNotes(ActivityModel):
    """What a learner saves: the settings they used and their answer to each question."""

    organisation: str = Field("", title="Organisation", max_length=120)
    data: str = Field("", title="Data used", max_length=200)
    half_life: float = Field(1.0, title="Half-life", gt=0, le=50)
    segment: str = Field("", title="Segment", max_length=80)
    start: dt.date | None = Field(None, title="First touch from")
    end: dt.date | None = Field(None, title="First touch to")
    answers: list[Annotated[str, Field(max_length=MAX_TEXT)]] = Field([], title="Answers", max_length=MAX_QUESTIONS)
    conclusion: str = Field("", title="Your conclusion", max_length=MAX_TEXT)


def read_half_life(text: object) -> float:
    """The time-decay half-life typed by a learner (in touches): a number above 0 and at most 50."""
    value = parse_number(text, "Half-life", example="2", limit=MAX_HALF_LIFE)
    if value <= 0:
        raise ValueError("Half-life: it must be more than 0 touches (1 halves the weight at each step back).")
    return float(value)


def load_attribution_task(spec_id: str, name: str) -> AttributionTask:
    return parse(AttributionTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


# -- reading paths ------------------------------------------------------------------------------------------------
def split_touchpoints(cell: str) -> tuple[str, ...]:
    """``"Paid social > Email > Paid search"`` → ``("Paid social", "Email", "Paid search")``."""
    return tuple(part.strip() for part in str(cell).split(SEPARATOR))


def check_paths(frame, name: str = "the paths"):
    """The paths with a clean ``touchpoints`` (text) and ``conversions`` (number) column, or a ``ValueError``
    naming the first bad row (rows counted as in a spreadsheet, the heading being row 1)."""
    import numpy as np
    import pandas as pd

    frame = frame.copy()
    frame.columns = [str(c).strip().lower().replace(" ", "_") for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} has no {' or '.join(f'`{c}`' for c in missing)} column. A paths file needs a "
                         "`touchpoints` column (channels in order, joined by “ > ”) and a `conversions` column.")
    if len(set(frame.columns)) != len(frame.columns):
        raise ValueError(f"{name} has two columns with the same heading. Give each column its own name.")
    if frame.empty:
        raise ValueError(f"{name} has a heading but no paths.")
    if len(frame) > MAX_PATHS:
        raise ValueError(f"{name} has {len(frame):,} paths; the tool takes up to {MAX_PATHS:,}. Upload a sample.")
    # Checked and tidied once per different cell (8,000 paths hold about 2,000), then mapped back to the rows.
    codes, uniques = pd.factorize(frame["touchpoints"], use_na_sentinel=True)
    cells = [" > ".join(split_touchpoints(u)) if isinstance(u, str) else str(u).strip() for u in uniques]
    blank = {i for i, u in enumerate(uniques) if not isinstance(u, str) and pd.isna(u) or not str(u).strip()}
    if (codes < 0).any() or blank:
        row = int(np.flatnonzero((codes < 0) | np.isin(codes, list(blank)))[0]) + 2
        raise ValueError(f"{name}, row {row:,}: the path has no touchpoints. Every converting path needs at least "
                         "one channel; remove the row or fill it in.")
    gaps = [i for i, cell in enumerate(cells) if "" in split_touchpoints(cell)]
    if gaps:
        row = int(np.flatnonzero(np.isin(codes, gaps))[0]) + 2
        raise ValueError(f"{name}, row {row:,}: “{str(uniques[codes[row - 2]])[:60]}” has an empty step (two “>” "
                         "together, or one at the start or end). Name a channel between every pair of “>”.")
    conv = pd.to_numeric(frame["conversions"], errors="coerce")
    bad = conv.isna() | ~np.isfinite(conv.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        row = int(np.argmax(bad.to_numpy())) + 2
        shown = str(frame["conversions"].iloc[row - 2])[:20]
        raise ValueError(f"{name}, row {row:,}: the conversions “{shown}” is not a number. Give the number of "
                         "conversions each path ended in (usually 1).")
    negative = conv < 0
    if negative.any():
        row = int(np.argmax(negative.to_numpy())) + 2
        raise ValueError(f"{name}, row {row:,}: {conv.iloc[row - 2]:g} conversions. Conversions cannot be negative.")
    if (conv > 1_000_000).any():
        row = int(np.argmax((conv > 1_000_000).to_numpy())) + 2
        raise ValueError(f"{name}, row {row:,}: {conv.iloc[row - 2]:,.0f} conversions on one path is not realistic. "
                         "Check the column.")
    if float(conv.sum()) == 0:
        raise ValueError(f"{name}: every path has 0 conversions, so there is nothing to credit.")
    frame["touchpoints"] = np.array(cells, dtype=object)[codes]
    frame["conversions"] = conv.astype(float)
    channels = {c for cell in set(cells) for c in split_touchpoints(cell)}
    long = sorted(c for c in channels if len(c) > MAX_CHANNEL_CHARS)
    if long:
        raise ValueError(f"{name}: the channel name “{long[0][:40]}…” is longer than {MAX_CHANNEL_CHARS} characters. "
                         "Is `touchpoints` the right column?")
    if len(channels) > MAX_CHANNELS:
        raise ValueError(f"{name} has {len(channels):,} different channel names; the tool compares up to "
                         f"{MAX_CHANNELS}. Group them into channels (for example “Paid social”) first.")
    if "first_touch_date" in frame.columns:
        day_codes, days = pd.factorize(frame["first_touch_date"].astype(str).str.strip().replace("nan", ""))
        parsed = pd.to_datetime(pd.Series(days), errors="coerce", format="%Y-%m-%d")
        unreadable = np.flatnonzero(parsed.isna().to_numpy() & (pd.Series(days) != "").to_numpy())
        if unreadable.size:
            row = int(np.flatnonzero(np.isin(day_codes, unreadable))[0]) + 2
            shown = str(frame["first_touch_date"].iloc[row - 2])[:20]
            raise ValueError(f"{name}, row {row:,}: the first touch date “{shown}” is not a date like 2026-03-14. Use "
                             "that form, or remove the column.")
        frame["first_touch_date"] = parsed.to_numpy()[day_codes]
    if "segment" in frame.columns:
        seg_codes, names = pd.factorize(frame["segment"], use_na_sentinel=True)
        tidy = np.array([str(v).strip() for v in names] + [""], dtype=object)
        frame["segment"] = tidy[seg_codes]  # a blank (code −1) takes the last entry, ""
    return frame


def read_paths_csv(content: bytes | str, name: str = "your file"):
    """An uploaded paths CSV, checked by :func:`check_paths`; ``ValueError`` for a file too big, not text or not
    CSV."""
    frame = read_uploaded_csv(content, name, max_bytes=MAX_CSV_BYTES, max_rows=MAX_PATHS, what="a paths file",
                              row="path", sample="Upload a sample of the paths.")
    return check_paths(frame, f"“{name}”")


@cache
def course_paths(dataset: str):
    """``data/datasets/<dataset>.csv`` (read once and checked)."""
    import pandas as pd

    path = Path(__file__).resolve().parents[2] / "data" / "datasets" / f"{dataset}.csv"
    if not path.is_file():
        raise ValueError(f"The course's data set {dataset}.csv is missing: run scripts/make_datasets.py.")
    return check_paths(pd.read_csv(path, keep_default_na=False, na_values=[""]), f"{dataset}.csv")


def segments_in(frame) -> list[str]:
    if "segment" not in frame.columns:
        return []
    return sorted(s for s in frame["segment"].unique() if s)


def date_range(frame) -> tuple[dt.date, dt.date] | None:
    if "first_touch_date" not in frame.columns or frame["first_touch_date"].isna().all():
        return None
    dates = frame["first_touch_date"].dropna()
    return dates.min().date(), dates.max().date()


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def select_paths(frame, segment: str = "", start: dt.date | None = None, end: dt.date | None = None):
    """The paths of one ``segment`` (blank: all) whose first touch is from ``start`` to ``end`` (inclusive)."""
    import pandas as pd

    keep = frame["touchpoints"].notna()
    if segment:
        if "segment" not in frame.columns:
            raise ValueError("These paths have no `segment` column, so they cannot be narrowed to a segment.")
        if segment not in set(frame["segment"]):
            raise ValueError(f"“{segment[:40]}” is not a segment in these paths. Choose one from the list.")
        keep &= frame["segment"] == segment
    if start is not None or end is not None:
        if "first_touch_date" not in frame.columns:
            raise ValueError("These paths have no `first_touch_date` column, so they cannot be narrowed by date.")
        for day, what in ((start, "from"), (end, "to")):
            if day is not None and not isinstance(day, dt.date):
                raise ValueError(f"The “{what}” date is not a date. Choose one with the date picker.")
        if start is not None and end is not None and start > end:
            raise ValueError(f"The start date ({_day(start)}) is after the end date ({_day(end)}). Swap them.")
        dates = frame["first_touch_date"]
        if start is not None:
            keep &= dates >= pd.Timestamp(start)
        if end is not None:
            keep &= dates <= pd.Timestamp(end)
    chosen = frame[keep.astype(bool)]
    if chosen.empty or float(chosen["conversions"].sum()) == 0:
        raise ValueError("No converting paths match that segment and those dates. Widen the dates or choose "
                         "another segment.")
    return chosen


# -- comparing the models ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """The five models on the same paths: ``results[model]``, the channels (most first-touch credit first)."""

    results: dict[str, AttributionResult]
    channels: tuple[str, ...]
    paths: int
    conversions: float
    half_life: float
    selection: str

    def credit(self, model: str, channel: str) -> float:
        return self.results[model].by_channel.get(channel, 0.0)

    def share(self, model: str, channel: str) -> float:
        return self.results[model].share(channel)

    def spread(self, channel: str) -> float:
        """The largest minus the smallest share (percentage points) the five models give ``channel``."""
        shares = [self.share(m, channel) for m in MODELS]
        return max(shares) - min(shares)

    def rows(self) -> list[list[object]]:
        """One row per channel: channel, then each model's credit and share, then the spread."""
        return [[c, *[x for m in MODELS for x in (round(self.credit(m, c), 2), round(self.share(m, c), 1))],
                 round(self.spread(c), 1)] for c in self.channels]


def grouped_paths(frame) -> list[tuple[tuple[str, ...], float]]:
    """Identical paths added together: (touchpoints, conversions) for each different path."""
    sums = frame.groupby("touchpoints", sort=False)["conversions"].sum()
    return [(cell.split(" > "), float(total)) for cell, total in sums.items()]  # tidied by check_paths


def compare_models(frame, half_life: float = 1.0, selection: str = "all paths") -> Comparison:
    results = compare_attribution_models(grouped_paths(frame), half_life=half_life, models=MODELS)
    first = results["first_touch"]
    names = set().union(*(r.by_channel for r in results.values()))
    order = sorted(names, key=lambda c: (-first.by_channel.get(c, 0.0), -results["last_touch"].by_channel.get(c, 0.0),
                                         c))
    return Comparison(results, tuple(order), len(frame), first.total_conversions,
                      float(results["time_decay"].half_life or half_life), selection)


def describe_selection(segment: str, start: dt.date | None, end: dt.date | None, source: str) -> str:
    parts = [source, f"segment {segment}" if segment else "all segments"]
    if start and end:
        parts.append(f"first touch {_day(start)} to {_day(end)}")
    elif start:
        parts.append(f"first touch from {_day(start)}")
    elif end:
        parts.append(f"first touch up to {_day(end)}")
    return ", ".join(parts)


# -- table, chart, files ----------------------------------------------------------------------------------------
def _num(x: float) -> str:
    return f"{x:,.1f}"


def comparison_table_html(comparison: Comparison) -> str:
    head = "".join(f"<th scope='col'>{esc(ATTRIBUTION_MODELS[m])}</th>" for m in MODELS)
    body = "".join(
        f"<tr><th scope='row'>{esc(c)}</th>"
        + "".join(f"<td>{_num(comparison.credit(m, c))} ({comparison.share(m, c):.1f}%)</td>" for m in MODELS)
        + f"<td>{comparison.spread(c):.1f}</td></tr>" for c in comparison.channels)
    total = "".join(f"<td>{_num(comparison.results[m].total_conversions)} (100%)</td>" for m in MODELS)
    return ("<table class='cx-activity-table cx-attribution-table'><caption>Conversions credited to each channel "
            f"(share of all conversions) by five models: {esc(comparison.selection)}, {comparison.paths:,} paths, "
            f"time-decay half-life {comparison.half_life:g} touch{'es' if comparison.half_life != 1 else ''}"
            f"</caption><thead><tr><th scope='col'>Channel</th>{head}<th scope='col'>Spread (percentage points)</th>"
            f"</tr></thead><tbody>{body}<tr><th scope='row'>Total</th>{total}<td></td></tr></tbody></table>")


def comparison_chart(comparison: Comparison) -> AccessibleChart:
    """Grouped horizontal bars: each channel's share of conversions under each model. Models are told apart by
    colour and by their order within the group (the legend and the description name them)."""
    alt = import_altair()
    names = [ATTRIBUTION_MODELS[m] for m in MODELS]
    rows = [{"Channel": c, "Model": ATTRIBUTION_MODELS[m], "Share (%)": round(comparison.share(m, c), 1)}
            for c in comparison.channels for m in MODELS]
    colours = [*PALETTE, "#1a1a1a"][:len(MODELS)]
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("Channel:N", sort=list(comparison.channels), title=None),
        yOffset=alt.YOffset("Model:N", sort=names),
        x=alt.X("Share (%):Q", title="Share of conversions credited (%)"),
        color=alt.Color("Model:N", sort=names, scale=alt.Scale(domain=names, range=colours),
                        legend=alt.Legend(orient="bottom", columns=3, title="Model")),
        tooltip=["Channel:N", "Model:N", "Share (%):Q"],
    ).properties(width=420, height=alt.Step(9), title="Credit by channel under five attribution models")
    parts = "; ".join(f"{c}: " + ", ".join(f"{ATTRIBUTION_MODELS[m].split(' (')[0].lower()} "
                                           f"{comparison.share(m, c):.1f}%" for m in MODELS)
                      for c in comparison.channels)
    widest = max(comparison.channels, key=comparison.spread)
    description = (f"Grouped bar chart of each channel's share of {comparison.conversions:,.0f} conversions under "
                   f"five attribution models ({comparison.selection}). {parts}. The models disagree most about "
                   f"{widest} ({comparison.spread(widest):.1f} percentage points between its highest and lowest "
                   "share).")
    return AccessibleChart(chart, description)


def to_csv(comparison: Comparison) -> str:
    header = ["channel", *[f"{m} {what}" for m in MODELS for what in ("conversions", "share %")], "spread (points)"]
    return csv_text(comparison.rows(), header=header)


def notes_html(task: AttributionTask, notes: AttributionNotes) -> str:
    items = "".join(f"<li><p><strong>{esc(q)}</strong></p><p>{esc(a) if a.strip() else '<em>Not answered yet.</em>'}"
                    "</p></li>" for q, a in zip(task.questions, _answers(task, notes), strict=True))
    conclusion = f"<h4>Conclusion</h4><p>{esc(notes.conclusion)}</p>" if notes.conclusion.strip() else ""
    return f"<ol class='cx-attribution-notes'>{items}</ol>{conclusion}"


def _answers(task: AttributionTask, notes: AttributionNotes) -> list[str]:
    return [*notes.answers, *[""] * len(task.questions)][:len(task.questions)]


def document_html(task: AttributionTask, comparison: Comparison, notes: AttributionNotes) -> str:
    from widgets.activities.cx_model import html_document

    chart = comparison_chart(comparison)
    steps = "".join(f"<li>{esc(s)}</li>" for m in MODELS for s in comparison.results[m].steps[:1])
    body = (f"<p>{esc(chart.description)}</p>{comparison_table_html(comparison)}<h2>The rules</h2><ul>{steps}</ul>"
            f"<h2>Interpretation</h2>{notes_html(task, notes)}")
    return html_document(f"Attribution comparison: {notes.organisation or task.organisation}", body)


def make_notes(task: AttributionTask, **fields: object) -> AttributionNotes:
    return build(AttributionNotes, **{"organisation": task.organisation, **fields})


def to_json(notes: AttributionNotes, task: str = "") -> str:
    """The notes as the JSON file :func:`from_json` reads (as :func:`~widgets.activities.common.saved_json`, with
    the dates written as ISO text)."""
    return json.dumps({"kind": KIND, "schema_version": 1, "task": task, **notes.model_dump(mode="json")},
                      ensure_ascii=False, indent=1)


def from_json(content: bytes | str) -> AttributionNotes:
    return open_saved(AttributionNotes, content, KIND, "saved attribution notes")


def attribution_html(task: AttributionTask, live_link: str = "") -> str:
    """The book's form: the five models on the course's paths (half-life from the task), the rules and the
    questions to answer live."""
    comparison = compare_models(course_paths(task.dataset), task.half_life,
                                describe_selection("", None, None, f"{task.dataset}.csv"))
    chart = comparison_chart(comparison)
    rules = "".join(f"<li>{esc(comparison.results[m].steps[0])}</li>" for m in MODELS)
    questions = "".join(f"<li>{esc(q)}</li>" for q in task.questions)
    return (f"<div class='cx-activity cx-attribution'><h3 class='cx-activity-title'>{esc(task.title)}</h3>"
            f"<p>{esc(task.instructions)}</p>{chart.to_html()}{comparison_table_html(comparison)}"
            f"<h4>The rules</h4><ul>{rules}</ul><h4>Questions to answer</h4><ol>{questions}</ol>{live_link}</div>")
