"""Customer satisfaction index (CIM Level 3 Customer Communications, criterion 2.5).

An importance-weighted satisfaction index for one organisation, benchmarked against a competitor on the
same attributes and weights. The arithmetic is :func:`widgets.metrics.customer_satisfaction_index` and
:func:`widgets.metrics.compare_satisfaction_index` (Hill and Alexander 2006; the 0–100 rescaling is the
course's convention); this module holds the table a learner edits, reads typed numbers through
:mod:`widgets.numeric`, and renders the working, the benchmark table, the chart and the downloads.
Everything from data or a learner is escaped; CSV goes through :mod:`widgets.exports`.
"""

from __future__ import annotations

import html

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import ActivityModel, build, load_yaml, parse
from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.exports import csv_text
from widgets.metrics import SatisfactionComparison, compare_satisfaction_index
from widgets.numeric import parse_number

MAX_ATTRIBUTES = 12
"""Most attributes in one index: surveys of this kind ask about five to ten."""
esc = html.escape
APP = "customer-insight"


class Attribute(ActivityModel):
    attribute: str = Field(title="Attribute", min_length=1, max_length=80)
    importance: float = Field(title="Importance")
    own: float = Field(title="Your organisation's score")
    competitor: float = Field(title="Competitor's score")


class SatisfactionTask(ActivityModel):
    id: str = "my-index"
    title: str = "Customer satisfaction index"
    criteria: list[str] = []
    organisation: str = Field(title="Organisation", min_length=1, max_length=120)
    competitor: str = Field(title="Competitor", min_length=1, max_length=120)
    survey: str = Field("", max_length=400)
    instructions: str = Field("", max_length=2000)
    low: float = 1
    high: float = 10
    attributes: list[Attribute] = Field(min_length=1)

    @field_validator("attributes")
    @classmethod
    def _not_too_many(cls, rows: list[Attribute]) -> list[Attribute]:
        if len(rows) > MAX_ATTRIBUTES:
            raise ValueError(f"An index can have at most {MAX_ATTRIBUTES} attributes (this one has {len(rows)}).")
        return rows

    @model_validator(mode="after")
    def _computable(self) -> SatisfactionTask:
        self.compare()  # a ValueError in plain words if the numbers cannot make an index
        return self

    def compare(self) -> SatisfactionComparison:
        names = [a.attribute for a in self.attributes]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise ValueError(f"“{dup[:40]}” appears twice: give each attribute once.")
        return compare_satisfaction_index(
            {a.attribute: a.importance for a in self.attributes}, {a.attribute: a.own for a in self.attributes},
            {a.attribute: a.competitor for a in self.attributes}, low=self.low, high=self.high,
            own_name=self.organisation, competitor_name=self.competitor)


def load_satisfaction(spec_id: str, name: str) -> SatisfactionTask:
    return parse(SatisfactionTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def read_score(text: object, label: str, low: float | None = None, high: float | None = None) -> float:
    """A typed importance or score: one number (the course's one parser), 0 or more, and within ``low`` to
    ``high`` when they are given; or a ``ValueError`` naming ``label``."""
    value = parse_number(text, label, example="8.5", limit=1e6, allow_negative=False)
    if low is not None and high is not None and not low <= value <= high:
        raise ValueError(f"{label}: {_n(value)} is outside the scale. Use a score from {_n(low)} to {_n(high)}.")
    return value


def read_name(text: object, label: str) -> str:
    value = " ".join(str(text or "").split())
    if not value:
        raise ValueError(f"{label}: please give a name.")
    if len(value) > 80:
        raise ValueError(f"{label}: please keep the name under 80 characters.")
    return value


def build_task(organisation: str, competitor: str, rows: list[tuple[str, float, float, float]],
               low: float = 1, high: float = 10) -> SatisfactionTask:
    """A task from a form's values (already read as numbers); a ``ValueError`` in plain words otherwise."""
    return build(SatisfactionTask, organisation=" ".join(str(organisation or "").split()) or "Your organisation",
                 competitor=" ".join(str(competitor or "").split()) or "Competitor", low=low, high=high,
                 attributes=[dict(attribute=a, importance=i, own=o, competitor=c) for a, i, o, c in rows])


def _n(x: float) -> str:
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# -- HTML ---------------------------------------------------------------------------------------------------
def steps_html(task: SatisfactionTask, result: SatisfactionComparison) -> str:
    """The working for both indices, step by step, as ordered lists (escaped)."""
    parts = []
    for name, metric in ((task.organisation, result.own), (task.competitor, result.competitor)):
        items = "".join(f"<li>{esc(step)}</li>" for step in metric.steps)
        parts.append(f"<h4>{esc(name)}: index {metric.value:.2f} out of 100</h4><ol class='cx-steps'>{items}</ol>")
    compare = "".join(f"<li>{esc(step)}</li>" for step in result.steps)
    return "".join(parts) + f"<h4>Benchmark</h4><ol class='cx-steps'>{compare}</ol>"


def benchmark_table_html(task: SatisfactionTask, result: SatisfactionComparison) -> str:
    head = ("<th scope='col'>Attribute</th><th scope='col'>Importance</th>"
            f"<th scope='col'>{esc(task.organisation)}</th><th scope='col'>{esc(task.competitor)}</th>"
            "<th scope='col'>Gap (score points)</th><th scope='col'>Share of the index difference (points)</th>")
    body = "".join(f"<tr><th scope='row'>{esc(a)}</th><td>{_n(w)}</td><td>{_n(o)}</td><td>{_n(c)}</td>"
                   f"<td>{g:+.1f}</td><td>{share:+.2f}</td></tr>" for a, w, o, c, g, share in result.gaps)
    total = sum(g[1] for g in result.gaps)
    foot = (f"<tr><th scope='row'>Index (0 to 100)</th><td>{_n(total)}</td><td>{result.own.value:.2f}</td>"
            f"<td>{result.competitor.value:.2f}</td><td></td><td>{result.difference:+.2f}</td></tr>")
    return (f"<table class='cx-activity-table'><caption>Importance-weighted satisfaction: {esc(task.organisation)} "
            f"and {esc(task.competitor)} (scores from {_n(task.low)} to {_n(task.high)})</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}{foot}</tbody></table>")


def satisfaction_chart(task: SatisfactionTask, result: SatisfactionComparison) -> AccessibleChart:
    """Grouped bars: each attribute's satisfaction score for both organisations, importance in the labels."""
    alt = import_altair()
    rows = []
    for a, w, o, c, _g, _s in result.gaps:
        label = f"{a[:40]} (importance {_n(w)})"
        rows += [{"Attribute": label, "Organisation": task.organisation[:40], "Score": o},
                 {"Attribute": label, "Organisation": task.competitor[:40], "Score": c}]
    order = [r["Attribute"] for r in rows[::2]]
    names = [task.organisation[:40], task.competitor[:40]]
    if names[0] == names[1]:
        names[1] += " (competitor)"
        for r in rows[1::2]:
            r["Organisation"] = names[1]
    chart = alt.Chart(alt.Data(values=rows), title="Satisfaction by attribute").mark_bar().encode(
        y=alt.Y("Attribute:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("Organisation:N", sort=names),
        x=alt.X("Score:Q", scale=alt.Scale(domain=[min(0, task.low), task.high]),
                title=f"Satisfaction ({_n(task.low)} to {_n(task.high)})"),
        color=alt.Color("Organisation:N", sort=names, scale=alt.Scale(domain=names, range=list(PALETTE[:2])),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["Attribute:N", "Organisation:N", "Score:Q"],
    ).properties(width=380, height=alt.Step(14))
    parts = "; ".join(f"{a}, importance {_n(w)}: {task.organisation} {_n(o)}, {task.competitor} {_n(c)}"
                      for a, w, o, c, _g, _s in result.gaps)
    description = (f"Bar chart of satisfaction scores from {_n(task.low)} to {_n(task.high)} for each attribute: "
                   f"{parts}. Index: {task.organisation} {result.own.value:.2f}, {task.competitor} "
                   f"{result.competitor.value:.2f} out of 100.")
    return AccessibleChart(chart, description)


def to_csv(task: SatisfactionTask, result: SatisfactionComparison) -> str:
    header = ["Attribute", "Importance", task.organisation, task.competitor, "Gap", "Share of index difference",
              f"Weighted score: {task.organisation}", f"Weighted score: {task.competitor}"]
    rows = [[a, _n(w), _n(o), _n(c), f"{g:.2f}", f"{s:.4f}", f"{w * o:.2f}", f"{w * c:.2f}"]
            for a, w, o, c, g, s in result.gaps]
    rows.append(["Index (0 to 100)", "", f"{result.own.value:.2f}", f"{result.competitor.value:.2f}", "",
                 f"{result.difference:.4f}", "", ""])
    return csv_text(rows, header=header)


def document_html(task: SatisfactionTask, result: SatisfactionComparison) -> str:
    from widgets.activities.cx_model import html_document

    body = (f"<p>{esc(task.survey)}</p>" if task.survey else "") + benchmark_table_html(task, result) \
        + steps_html(task, result) + f"<p>{esc(satisfaction_chart(task, result).description)}</p>"
    return html_document(f"Customer satisfaction index: {task.organisation} and {task.competitor}", body)


def satisfaction_html(task: SatisfactionTask, live_link: str = "") -> str:
    """The book's worked example: the data, the working step by step, the benchmark table and chart."""
    result = task.compare()
    intro = "".join(f"<p>{esc(t)}</p>" for t in (task.instructions, task.survey) if t)
    return (f"<div class='cx-activity cx-satisfaction'><h3 class='cx-activity-title'>{esc(task.title)}</h3>{intro}"
            f"{benchmark_table_html(task, result)}<h4>The working, step by step</h4>{steps_html(task, result)}"
            f"{satisfaction_chart(task, result).to_html()}{live_link}</div>")
