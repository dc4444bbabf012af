"""Touchpoint analysis and service strategy review (BTEC HN Unit 16, LO4: P6, P7, M4, D4).

A learner rates each touchpoint of a business twice, 1 to 5: how **important** it is to customers and how
well the business **performs** it, with the evidence for each rating. Importance–performance analysis
(J. A. Martilla and J. C. James, "Importance-performance analysis", *Journal of Marketing* 41(1), 1977,
pp. 77–79) then places every touchpoint in one of four quadrants:

=====================  =====================  ===========================
quadrant               importance             performance
=====================  =====================  ===========================
Concentrate here       at or above the line   below the line
Keep up the good work  at or above the line   at or above the line
Low priority           below the line         below the line
Possible overkill      below the line         at or above the line
=====================  =====================  ===========================

Decision — where the lines go. Martilla and James leave the position of the cross-hairs to judgement;
this course uses the **mean importance and the mean performance of the touchpoints rated** (the
"data-centred" approach; D. R. Bacon, "A comparison of approaches to importance-performance analysis",
*International Journal of Market Research* 45(1), 2003, compares it with the scale midpoint). With 1–5
ratings most services score above the midpoint 3 on importance, so the midpoint would put almost every
touchpoint in the top half; the means separate this business's own priorities. A rating exactly on a
line counts as at or above it. The learner reads the quadrant as a starting point for judgement, not a
verdict: the evidence beside each rating is what a tutor assesses.

The review also holds service standards (each with a measurable target and the way it is checked) and
recommendations (each linked to a rated touchpoint and to evidence). Everything from data or a learner is
escaped in HTML; CSV goes through :mod:`widgets.exports`.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from pydantic import Field, ValidationError, field_validator, model_validator

from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    build,
    friendly,
    load_yaml,
    parse,
    rebuild,
)
from widgets.charts import AccessibleChart, import_altair
from widgets.exports import csv_text

esc = html.escape
APP = "service-review"
LOW, HIGH = 1, 5
MAX_TOUCHPOINTS = 30
"""Most touchpoints in one review: a hotel's journey has 10 to 20; a matrix of more cannot be read."""
MAX_ITEMS = 20
"""Most service standards and most recommendations in one review."""
MAX_FILE_BYTES = 500_000
"""Largest saved review the app reopens (a full review is under 100 kB)."""

CONCENTRATE, KEEP_UP, LOW_PRIORITY, OVERKILL = ("Concentrate here", "Keep up the good work", "Low priority",
                                                "Possible overkill")
QUADRANTS = (CONCENTRATE, KEEP_UP, LOW_PRIORITY, OVERKILL)
QUADRANT_ADVICE = {
    CONCENTRATE: "important to customers and performed below this business's average: improve first",
    KEEP_UP: "important and performed well: protect it (standards, training, checks)",
    LOW_PRIORITY: "less important and performed below average: watch, do not spend much",
    OVERKILL: "performed well but matters less to customers: could resources move to a priority?",
}
_NUMBER_WORDS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                           r"forty|fifty|hundred|half|every|all|each|daily|weekly|monthly|hourly)\b", re.I)


def check_rating(value: object, label: str) -> int:
    """A rating as a whole number from 1 to 5, or a ``ValueError`` naming ``label``."""
    if isinstance(value, bool):
        raise ValueError(f"{label}: give a whole number from {LOW} to {HIGH}.")
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[0-9]{1,3}", text):
            raise ValueError(f"{label}: “{text[:20]}” is not a rating. Give a whole number from {LOW} to {HIGH}.")
        value = int(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise ValueError(f"{label}: give a whole number from {LOW} to {HIGH}.")
    if not LOW <= value <= HIGH:
        raise ValueError(f"{label}: {value} is outside the scale. Use a whole number from {LOW} (low) to "
                         f"{HIGH} (high).")
    return value


def measurable_problem(target: str) -> str | None:
    """Why a target cannot be measured, or ``None``. A measurable target names a number, a time or a share
    (digits, or words such as "two", "every", "daily"): "greet guests warmly" cannot be checked, "greet every
    guest within 30 seconds" can."""
    text = target.strip()
    if not text:
        return "Give a target for this standard."
    if re.search(r"[0-9]", text) or _NUMBER_WORDS.search(text):
        return None
    return (f"The target “{text[:60]}” has no number, time or share in it, so nobody could check whether it was "
            "met. Add one, for example “within 2 hours” or “95% of guests”.")


class RatedTouchpoint(ActivityModel):
    touchpoint: str = Field(title="Touchpoint", min_length=1, max_length=80)
    importance: int = Field(title="Importance")
    performance: int = Field(title="Performance")
    evidence: str = Field("", title="Evidence", max_length=MAX_TEXT)

    @field_validator("importance", "performance", mode="before")
    @classmethod
    def _rating(cls, value: object, info) -> int:
        return check_rating(value, info.field_name.capitalize())

    @model_validator(mode="after")
    def _has_evidence(self) -> RatedTouchpoint:
        if not self.evidence.strip():
            raise ValueError(f"“{self.touchpoint[:40]}” has no evidence: say what the ratings are based on (survey "
                             "results, comments, observation, mystery visits, complaints).")
        return self


class ServiceStandard(ActivityModel):
    standard: str = Field(title="Standard", min_length=1, max_length=400)
    target: str = Field(title="Measurable target", max_length=200)
    check: str = Field("", title="How it is checked", max_length=400)

    @model_validator(mode="after")
    def _measurable(self) -> ServiceStandard:
        problem = measurable_problem(self.target)
        if problem:
            raise ValueError(problem)
        if not self.check.strip():
            raise ValueError(f"Say how the standard “{self.standard[:40]}” is checked (for example mystery calls, "
                             "the booking system's report, a weekly audit).")
        return self


class Recommendation(ActivityModel):
    recommendation: str = Field(title="Recommendation", min_length=1, max_length=MAX_TEXT)
    touchpoint: str = Field(title="Touchpoint", min_length=1, max_length=80)
    evidence: str = Field("", title="Evidence", max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _has_evidence(self) -> Recommendation:
        if not self.evidence.strip():
            raise ValueError("Every recommendation needs its evidence: say which rating, comment or result shows "
                             "it is needed.")
        return self


class ServiceReview(ActivityModel):
    id: str = "my-service-review"
    title: str = Field("Touchpoint analysis and service review", max_length=200)
    criteria: list[str] = []
    organisation: str = Field(title="Business", min_length=1, max_length=120)
    instructions: str = Field("", max_length=MAX_TEXT)
    case_standards: list[str] = Field([], max_length=MAX_ITEMS)
    touchpoints: list[RatedTouchpoint] = Field([], max_length=MAX_TOUCHPOINTS)
    standards: list[ServiceStandard] = Field([], max_length=MAX_ITEMS)
    recommendations: list[Recommendation] = Field([], max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _consistent(self) -> ServiceReview:
        seen: set[str] = set()
        for t in self.touchpoints:
            key = " ".join(t.touchpoint.lower().split())
            if key in seen:
                raise ValueError(f"The touchpoint “{t.touchpoint[:40]}” is rated twice: rate each touchpoint once "
                                 "(change or remove one of them).")
            seen.add(key)
        for r in self.recommendations:
            if " ".join(r.touchpoint.lower().split()) not in seen:
                raise ValueError(f"The recommendation “{r.recommendation[:40]}” is linked to “{r.touchpoint[:40]}”, "
                                 "which is not a rated touchpoint: link it to one of the touchpoints you rated.")
        return self


# -- importance–performance analysis -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Placed:
    touchpoint: RatedTouchpoint
    quadrant: str


@dataclass(frozen=True)
class IPAResult:
    mean_importance: float
    mean_performance: float
    placed: tuple[Placed, ...]

    def in_quadrant(self, quadrant: str) -> list[str]:
        return [p.touchpoint.touchpoint for p in self.placed if p.quadrant == quadrant]


def quadrant(importance: float, performance: float, importance_line: float, performance_line: float) -> str:
    """Martilla and James (1977): high importance and low performance → "Concentrate here"; high and high →
    "Keep up the good work"; low and low → "Low priority"; low importance and high performance → "Possible
    overkill". A value on a line counts as high."""
    high_i, high_p = importance >= importance_line, performance >= performance_line
    if high_i:
        return KEEP_UP if high_p else CONCENTRATE
    return OVERKILL if high_p else LOW_PRIORITY


def importance_performance(touchpoints: list[RatedTouchpoint]) -> IPAResult:
    """Place each touchpoint by the mean importance and mean performance of all the touchpoints rated
    (module docstring: the data-centred lines, Bacon 2003). ``ValueError`` if nothing is rated."""
    if not touchpoints:
        raise ValueError("Rate at least one touchpoint to see the matrix.")
    mi = sum(t.importance for t in touchpoints) / len(touchpoints)
    mp = sum(t.performance for t in touchpoints) / len(touchpoints)
    return IPAResult(mi, mp, tuple(Placed(t, quadrant(t.importance, t.performance, mi, mp)) for t in touchpoints))


# -- building and reading ------------------------------------------------------------------------------------------
def load_service_review(spec_id: str, name: str) -> ServiceReview:
    return parse(ServiceReview, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def blank_review(worked: ServiceReview, organisation: str = "My business") -> ServiceReview:
    """A review with nothing rated, keeping the case's quoted standards and the instructions."""
    return build(ServiceReview, organisation=organisation, instructions=worked.instructions,
                 case_standards=list(worked.case_standards), criteria=list(worked.criteria))


with_changes = rebuild  # a copy with changes applied and checked again


def to_json(review: ServiceReview) -> str:
    return review.model_dump_json(indent=2)


def from_json(content: bytes | str) -> ServiceReview:
    """A saved review, checked; every problem a sentence a learner can act on."""
    from widgets.journey import json_depth

    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise ValueError(f"This file is {len(content) / 1e6:.1f} MB; a saved review is at most "
                             f"{MAX_FILE_BYTES / 1e6:.1f} MB. Choose a .json file saved by this app.")
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("This file is not UTF-8 text, so it is not a review saved by this app.") from None
    if not content.strip():
        raise ValueError("This file is empty. Choose a .json file saved by this app.")
    if json_depth(content, stop=10) > 10:
        raise ValueError("This file is nested far more deeply than a saved review, so it is not one.")
    try:
        data = json.loads(content)
    except (json.JSONDecodeError, RecursionError):
        raise ValueError("This file is not a review saved by this app (it is not valid JSON).") from None
    if not isinstance(data, dict):
        raise ValueError("This file is not a review saved by this app.")
    try:
        return ServiceReview.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"This file could not be reopened: {friendly(exc, ServiceReview)}") from None


# -- HTML, chart, CSV ----------------------------------------------------------------------------------------------
def _line(x: float) -> str:
    return f"{x:.2f}"


def matrix_chart(review: ServiceReview, result: IPAResult) -> AccessibleChart:
    """Scatter of performance (x) against importance (y), 1–5, with the mean lines; each point labelled with
    its touchpoint, and its quadrant shown by shape as well as colour. The description lists every point."""
    alt = import_altair()
    rows = [{"Touchpoint": p.touchpoint.touchpoint[:40], "Importance": p.touchpoint.importance,
             "Performance": p.touchpoint.performance, "Quadrant": p.quadrant} for p in result.placed]
    scale = alt.Scale(domain=[0.5, 5.5])
    points = alt.Chart(alt.Data(values=rows)).mark_point(size=120, filled=True).encode(
        x=alt.X("Performance:Q", scale=scale, title="Performance (1 low to 5 high)"),
        y=alt.Y("Importance:Q", scale=scale, title="Importance (1 low to 5 high)"),
        shape=alt.Shape("Quadrant:N", scale=alt.Scale(domain=list(QUADRANTS)), legend=alt.Legend(orient="bottom")),
        color=alt.Color("Quadrant:N", scale=alt.Scale(domain=list(QUADRANTS),
                                                      range=["#b34700", "#1a7a4c", "#5c5c5c", "#0b5cad"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["Touchpoint:N", "Importance:Q", "Performance:Q", "Quadrant:N"])
    labels = alt.Chart(alt.Data(values=rows)).mark_text(align="left", dx=8, dy=-6, fontSize=10).encode(
        x="Performance:Q", y="Importance:Q", text="Touchpoint:N")
    vline = alt.Chart(alt.Data(values=[{"x": result.mean_performance}])).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    hline = alt.Chart(alt.Data(values=[{"y": result.mean_importance}])).mark_rule(strokeDash=[4, 4]).encode(y="y:Q")
    chart = (points + labels + vline + hline).properties(width=380, height=320,
                                                         title="Importance–performance matrix")
    parts = "; ".join(f"{p.touchpoint.touchpoint}: importance {p.touchpoint.importance}, performance "
                      f"{p.touchpoint.performance}, {p.quadrant}" for p in result.placed)
    description = (f"Importance–performance matrix for {review.organisation}. The lines are the mean importance "
                   f"{_line(result.mean_importance)} and the mean performance {_line(result.mean_performance)}. "
                   f"{parts}.")
    return AccessibleChart(chart, description)


def matrix_table_html(result: IPAResult) -> str:
    rows = "".join(f"<tr><th scope='row'>{esc(p.touchpoint.touchpoint)}</th><td>{p.touchpoint.importance}</td>"
                   f"<td>{p.touchpoint.performance}</td><td><strong>{esc(p.quadrant)}</strong></td>"
                   f"<td>{esc(p.touchpoint.evidence)}</td></tr>" for p in result.placed)
    summary = "".join(f"<li><strong>{esc(q)}</strong> ({esc(QUADRANT_ADVICE[q])}): "
                      f"{esc(', '.join(result.in_quadrant(q)) or 'none')}</li>" for q in QUADRANTS)
    return (f"<p>Lines at the mean importance {_line(result.mean_importance)} and the mean performance "
            f"{_line(result.mean_performance)} (a rating on a line counts as high).</p><ul>{summary}</ul>"
            "<table class='cx-activity-table'><caption>Touchpoints rated for importance and performance (1 to 5)"
            "</caption><thead><tr><th scope='col'>Touchpoint</th><th scope='col'>Importance</th>"
            "<th scope='col'>Performance</th><th scope='col'>Quadrant</th><th scope='col'>Evidence</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def standards_html(review: ServiceReview) -> str:
    quoted = "".join(f"<li>“{esc(s)}”</li>" for s in review.case_standards)
    out = f"<h4>The written standards quoted</h4><ol>{quoted}</ol>" if quoted else ""
    rows = "".join(f"<tr><th scope='row'>{esc(s.standard)}</th><td>{esc(s.target)}</td><td>{esc(s.check)}</td></tr>"
                   for s in review.standards)
    return out + ("<table class='cx-activity-table'><caption>Service standards</caption><thead><tr>"
                  "<th scope='col'>Standard</th><th scope='col'>Measurable target</th><th scope='col'>How it is "
                  f"checked</th></tr></thead><tbody>{rows}</tbody></table>" if rows else "<p>No standards set yet.</p>")


def recommendations_html(review: ServiceReview, result: IPAResult | None) -> str:
    where = {p.touchpoint.touchpoint.lower(): p.quadrant for p in result.placed} if result else {}
    items = "".join(f"<li><strong>{esc(r.recommendation)}</strong> — touchpoint: {esc(r.touchpoint)}"
                    f"{' (' + esc(where[r.touchpoint.lower()]) + ')' if r.touchpoint.lower() in where else ''}"
                    f"<br>Evidence: {esc(r.evidence)}</li>" for r in review.recommendations)
    return f"<ol>{items}</ol>" if items else "<p>No recommendations written yet.</p>"


def review_body_html(review: ServiceReview, chart_html: str = "") -> str:
    result = importance_performance(review.touchpoints) if review.touchpoints else None
    matrix = matrix_table_html(result) if result else "<p>No touchpoints rated yet.</p>"
    return (f"<h3>Touchpoint analysis</h3>{chart_html}{matrix}<h3>Service standards</h3>{standards_html(review)}"
            f"<h3>Recommendations</h3>{recommendations_html(review, result)}")


def document_html(review: ServiceReview) -> str:
    from widgets.activities.cx_model import html_document

    result = importance_performance(review.touchpoints) if review.touchpoints else None
    description = f"<p>{esc(matrix_chart(review, result).description)}</p>" if result else ""
    return html_document(f"Service review: {review.organisation}", description + review_body_html(review))


def to_csv(review: ServiceReview) -> str:
    """One row per touchpoint, standard and recommendation (column "part" says which)."""
    rows: list[list[object]] = []
    if review.touchpoints:
        result = importance_performance(review.touchpoints)
        rows += [["touchpoint", p.touchpoint.touchpoint, p.touchpoint.importance, p.touchpoint.performance,
                  p.quadrant, p.touchpoint.evidence, ""] for p in result.placed]
    rows += [["standard", s.standard, "", "", s.target, s.check, ""] for s in review.standards]
    rows += [["recommendation", r.touchpoint, "", "", "", r.evidence, r.recommendation] for r in review.recommendations]
    return csv_text(rows, header=["part", "touchpoint or standard", "importance", "performance",
                                  "quadrant or target", "evidence or how checked", "recommendation"])


def service_review_html(review: ServiceReview, live_link: str = "") -> str:
    """The book's worked example: the matrix, the table, the standards and the recommendations."""
    result = importance_performance(review.touchpoints) if review.touchpoints else None
    chart = matrix_chart(review, result).to_html() if result else ""
    intro = f"<p>{esc(review.instructions)}</p>" if review.instructions else ""
    return (f"<div class='cx-activity cx-service-review'><h3 class='cx-activity-title'>{esc(review.title)}: "
            f"{esc(review.organisation)}</h3>{intro}{review_body_html(review, chart)}{live_link}</div>")
