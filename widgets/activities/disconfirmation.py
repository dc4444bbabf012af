"""Disconfirmation and satisfaction (CIM L4 Customer Experience, 2.1 and 2.4).

Expectancy–disconfirmation (R. L. Oliver, "A cognitive model of the antecedents and consequences of
satisfaction decisions", *Journal of Marketing Research* 17(4), 1980, pp. 460–469): a customer compares the
performance they perceived with the performance they expected. For each attribute of an experience the learner
gives both on a 1–7 scale (1 very poor, 7 excellent) and, if they have them, importance weights.

Decision — the tolerance rule the course uses. With d = perceived − expected:

* |d| < :data:`TOLERANCE` (0.5 of a scale point) is **confirmation** (expectations met);
* d ≥ 0.5 is **positive disconfirmation** (better than expected);
* d ≤ −0.5 is **negative disconfirmation** (worse than expected).

The band stands for the idea of a *zone of tolerance* (V. A. Zeithaml, L. L. Berry and A. Parasuraman, "The
nature and determinants of customer expectations of service", *Journal of the Academy of Marketing Science*
21(1), 1993, pp. 1–12): customers accept some variation around what they expect before they notice it. The
width 0.5 is this course's convention, not a figure from the paper. The overall outcome applies the same rule
to the mean d, weighted by importance when weights are given (every attribute or none).

Post-purchase cognitive dissonance (L. Festinger, *A Theory of Cognitive Dissonance*, 1957): doubt after a
purchase is more likely when the price is high, the decision is hard to reverse and the alternatives were
close. The risk is low with none of the three, moderate with one and high with two or three.

The financial effect of retention uses :func:`widgets.metrics.retention_rate` (kept = end − new customers;
rate = kept ÷ start) and :func:`widgets.metrics.customer_lifetime_value`. With a constant yearly retention r,
a customer's expected relationship lasts 1 ÷ (1 − r) years (the geometric lifetime; see P. W. Farris et al.,
*Marketing Metrics*, 2010); CLV = yearly value × that lifetime (undiscounted). The revenue (or margin) kept in
the next year from the cohort = kept × average transaction value × purchases a year × margin.

The learner's own demonstration (2.1) and appraisal (2.4) are checked for presence and length only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    load_yaml,
    open_saved,
    parse,
    rebuild,
    saved_json,
)
from widgets.charts import AccessibleChart, import_altair
from widgets.exports import csv_text
from widgets.metrics import MetricResult, customer_lifetime_value, retention_rate
from widgets.numeric import parse_number

esc = html.escape
APP = "customer-context"
KIND = "cx-disconfirmation"
LOW, HIGH = 1.0, 7.0
TOLERANCE = 0.5
MAX_ATTRIBUTES = 20
MIN_ATTRIBUTES = 3
MIN_WRITING_WORDS = 60
"""Fewest words in the demonstration and in the appraisal: a paragraph with a claim, evidence and a judgement."""
MAX_FILE_BYTES = 500_000
MAX_YEARS = 100.0
CONFIRMATION, POSITIVE, NEGATIVE = "Confirmation", "Positive disconfirmation", "Negative disconfirmation"
OUTCOME_WORDS = {
    POSITIVE: ("Performance beat expectations, so satisfaction (even delight) is likely; repeat purchase and "
               "recommendation become more likely."),
    CONFIRMATION: ("Expectations were met, so the customer is likely to be satisfied but not delighted: satisfied, "
                   "not loyal, and easily won by a competitor offering a little more."),
    NEGATIVE: ("Performance fell short of expectations, so dissatisfaction is likely, with a risk of complaints, "
               "negative word of mouth and switching to a competitor."),
}
DISSONANCE_FACTORS = (("high_price", "The price was high for this customer"),
                      ("hard_to_reverse", "The decision is hard to reverse (hard to return, cancel or swap)"),
                      ("close_alternatives", "The alternatives were close (another option was nearly as good)"))
SCENARIO_FIELDS = (("customers_at_start", "Customers at the start"),
                   ("customers_at_end", "Customers still active at the end"),
                   ("new_customers", "New customers in the period"),
                   ("average_transaction_value", "Average transaction value (£)"),
                   ("purchases_per_year", "Purchases a year"), ("gross_margin", "Gross margin (1 = revenue)"))


def check_score(value: object, label: str) -> float:
    """A score from 1 to 7 (halves and decimals allowed), read from text or a number."""
    x = parse_number(value, label, example="5", limit=1e6)
    if not LOW <= x <= HIGH:
        raise ValueError(f"{label}: {x:g} is outside the scale. Use a score from 1 (very poor) to 7 (excellent).")
    return round(x, 2)


class Attribute(ActivityModel):
    name: str = Field(title="Attribute", min_length=1, max_length=80)
    expected: float = Field(title="Expected performance")
    perceived: float = Field(title="Perceived performance")
    importance: float | None = Field(None, title="Importance weight")

    @field_validator("expected", "perceived", mode="before")
    @classmethod
    def _score(cls, value: object, info) -> float:
        return check_score(value, cls.model_fields[info.field_name].title)

    @field_validator("importance", mode="before")
    @classmethod
    def _weight(cls, value: object) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return parse_number(value, "Importance weight", example="25", limit=1e6, allow_negative=False)


class DissonanceFactors(ActivityModel):
    high_price: bool = False
    hard_to_reverse: bool = False
    close_alternatives: bool = False


class Scenario(ActivityModel):
    """A retention scenario as the learner typed it (text, so a draft with a slip can be saved and fixed)."""

    label: str = Field("", title="Scenario name", max_length=80)
    customers_at_start: str = Field("", max_length=40)
    customers_at_end: str = Field("", max_length=40)
    new_customers: str = Field("0", max_length=40)
    average_transaction_value: str = Field("", max_length=40)
    purchases_per_year: str = Field("", max_length=40)
    gross_margin: str = Field("1", max_length=40)
    source: str = Field("", title="Source of the figures", max_length=MAX_TEXT)


class DisconfirmationWork(ActivityModel):
    organisation: str = Field("", title="Organisation", max_length=120)
    experience: str = Field("", title="The experience", max_length=MAX_TEXT)
    attributes: list[Attribute] = Field([], max_length=MAX_ATTRIBUTES)
    dissonance: DissonanceFactors = DissonanceFactors()
    scenarios: list[Scenario] = Field([Scenario(), Scenario()], min_length=2, max_length=2)
    demonstration: str = Field("", title="Demonstration", max_length=MAX_TEXT * 2)
    appraisal: str = Field("", title="Appraisal", max_length=MAX_TEXT * 2)

    @model_validator(mode="after")
    def _consistent(self) -> DisconfirmationWork:
        seen: set[str] = set()
        for a in self.attributes:
            key = " ".join(a.name.lower().split())
            if key in seen:
                raise ValueError(f"“{a.name[:40]}” is listed twice: give each attribute once.")
            seen.add(key)
        weighted = [a.importance is not None for a in self.attributes]
        if any(weighted) and not all(weighted):
            raise ValueError("Give an importance weight for every attribute or for none (leave them all blank to "
                             "weight the attributes equally).")
        if any(weighted) and sum(a.importance or 0 for a in self.attributes) <= 0:
            raise ValueError("The importance weights add up to 0: give at least one attribute a weight above 0.")
        return self


class DisconfirmationTask(ActivityModel):
    id: str
    title: str = Field(max_length=200)
    criteria: list[str] = []
    instructions: str = Field(max_length=MAX_TEXT)
    dissonance_actions: list[str] = Field(min_length=1, max_length=20)
    worked: DisconfirmationWork


def load_disconfirmation(spec_id: str, name: str) -> DisconfirmationTask:
    return parse(DisconfirmationTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def blank_work() -> DisconfirmationWork:
    return DisconfirmationWork()


with_changes = rebuild  # a copy with changes applied and checked again


def add_attribute(work: DisconfirmationWork, name: str, expected: object, perceived: object,
                  importance: object = "") -> DisconfirmationWork:
    """The work with one more attribute (checked), or a ``ValueError`` saying what to change."""
    name = (name or "").strip()
    if not name:
        raise ValueError("Name the attribute (for example “Delivery on the promised day”).")
    if len(name) > 80:
        raise ValueError("Attribute: please keep the name under 80 characters.")
    if len(work.attributes) >= MAX_ATTRIBUTES:
        raise ValueError(f"There can be at most {MAX_ATTRIBUTES} attributes: remove one first.")
    row = {"name": name, "expected": check_score(expected, "Expected performance"),
           "perceived": check_score(perceived, "Perceived performance"),
           "importance": Attribute._weight(importance)}
    return with_changes(work, attributes=[*work.model_dump()["attributes"], row])


def remove_attribute(work: DisconfirmationWork, index: int) -> DisconfirmationWork:
    if not isinstance(index, int) or not 0 <= index < len(work.attributes):
        raise ValueError("Choose an attribute to remove.")
    rows = work.model_dump()["attributes"]
    del rows[index]
    return with_changes(work, attributes=rows)


# -- the analysis --------------------------------------------------------------------------------------------------
def classify(d: float) -> str:
    """Oliver (1980) with the course's tolerance band (module docstring)."""
    if abs(d) < TOLERANCE:
        return CONFIRMATION
    return POSITIVE if d > 0 else NEGATIVE


@dataclass(frozen=True)
class Judged:
    attribute: Attribute
    gap: float
    outcome: str
    weight: float


@dataclass(frozen=True)
class Analysis:
    judged: tuple[Judged, ...]
    overall_gap: float
    overall: str
    weighted: bool
    watch: tuple[str, ...]

    @property
    def satisfaction(self) -> str:
        return OUTCOME_WORDS[self.overall]


def analyse(work: DisconfirmationWork) -> Analysis:
    """Each attribute's gap and outcome, the (weighted) mean gap and the overall outcome, and the negative
    disconfirmations on attributes weighted at or above the mean weight ("watch")."""
    if not work.attributes:
        raise ValueError("Add at least one attribute with its expected and perceived performance.")
    weighted = work.attributes[0].importance is not None
    total = sum(a.importance or 0 for a in work.attributes) if weighted else float(len(work.attributes))
    judged = []
    for a in work.attributes:
        gap = round(a.perceived - a.expected, 2) + 0.0  # + 0.0 turns −0.0 into 0.0
        weight = (a.importance or 0) / total if weighted else 1 / total
        judged.append(Judged(a, gap, classify(gap), weight))
    overall_gap = round(sum(j.gap * j.weight for j in judged), 3)
    mean_weight = 1 / len(judged)
    watch = tuple(j.attribute.name for j in judged if j.outcome == NEGATIVE and j.weight >= mean_weight - 1e-9)
    return Analysis(tuple(judged), overall_gap, classify(overall_gap), weighted, watch)


@dataclass(frozen=True)
class DissonanceCheck:
    factors: tuple[str, ...]
    risk: str
    explanation: str
    actions: tuple[str, ...]


def dissonance_check(factors: DissonanceFactors, actions: list[str]) -> DissonanceCheck:
    """Festinger (1957): the risk of post-purchase dissonance from the three conditions (module docstring)."""
    present = tuple(label for key, label in DISSONANCE_FACTORS if getattr(factors, key))
    n = len(present)
    risk = "low" if n == 0 else "moderate" if n == 1 else "high"
    explanation = (f"{n} of the 3 conditions that make doubt after purchase more likely "
                   f"{'is' if n == 1 else 'are'} present, so the risk of post-purchase dissonance is {risk}.")
    return DissonanceCheck(present, risk, explanation, tuple(actions) if n else ())


@dataclass(frozen=True)
class ScenarioResult:
    label: str
    retention: MetricResult
    years: float
    clv: MetricResult
    kept_customers: int
    kept_value: float


def scenario_result(s: Scenario, name: str) -> ScenarioResult:
    """One retention scenario worked out, or a ``ValueError`` naming the scenario and the field."""
    label = s.label.strip() or name

    def num(key: str, title: str, whole: bool = False) -> float:
        return parse_number(getattr(s, key), f"{label}, {title.lower()}", example="40" if not whole else "1000",
                            whole=whole, limit=1e9, allow_negative=False)

    start = num("customers_at_start", "Customers at the start", True)
    end = num("customers_at_end", "Customers still active at the end", True)
    new = num("new_customers", "New customers", True)
    atv = num("average_transaction_value", "Average transaction value")
    freq = num("purchases_per_year", "Purchases a year")
    margin = num("gross_margin", "Gross margin")
    try:
        rate = retention_rate(start, end, new)
    except ValueError as exc:
        raise ValueError(f"{label}: {exc}") from None
    r = rate.value / 100
    if r >= 1 - 1 / MAX_YEARS:
        raise ValueError(f"{label}: a retention rate of {rate.value:.1f} % means customers almost never leave, so "
                         "the expected lifetime (1 ÷ (1 − retention)) is over 100 years. Check the counts.")
    years = 1 / (1 - r)
    try:
        clv = customer_lifetime_value(atv, freq, years, margin)
    except ValueError as exc:
        raise ValueError(f"{label}: {exc}") from None
    kept = int(end - new)
    return ScenarioResult(label, rate, years, clv, kept, kept * atv * freq * margin)


def compare_scenarios(work: DisconfirmationWork) -> tuple[ScenarioResult, ScenarioResult]:
    first, second = work.scenarios
    return scenario_result(first, "Scenario 1"), scenario_result(second, "Scenario 2")


def completeness(work: DisconfirmationWork) -> list[str]:
    out = []
    if not work.organisation.strip():
        out.append("Name your organisation.")
    if len(work.attributes) < MIN_ATTRIBUTES:
        out.append(f"Add at least {MIN_ATTRIBUTES} attributes of the experience (you have {len(work.attributes)}).")
    try:
        compare_scenarios(work)
    except ValueError as exc:
        out.append(f"Retention scenarios: {exc}")
    for key, what in (("demonstration", "Demonstration (2.1): how the model applies to your organisation's "
                                        "context"),
                      ("appraisal", "Appraisal (2.4): the effect of satisfaction and retention on your "
                                    "organisation's financial performance")):
        n = len(getattr(work, key).split())
        if n == 0:
            out.append(f"{what}: not written yet.")
        elif n < MIN_WRITING_WORDS:
            out.append(f"{what}: {n} words; develop it to at least {MIN_WRITING_WORDS}.")
    return out


# -- saving --------------------------------------------------------------------------------------------------------
def to_json(work: DisconfirmationWork) -> str:
    return saved_json(KIND, "disconfirmation", work)


def from_json(content: bytes | str) -> DisconfirmationWork:
    return open_saved(DisconfirmationWork, content, KIND, "a saved disconfirmation analysis")


# -- chart, HTML, CSV ----------------------------------------------------------------------------------------------
def _n(x: float) -> str:
    return f"{x:g}"


def gap_chart(work: DisconfirmationWork, analysis: Analysis) -> AccessibleChart:
    """Expected and perceived performance per attribute, side by side; the description lists every pair."""
    alt = import_altair()
    rows = []
    for j in analysis.judged:
        rows += [{"Attribute": j.attribute.name[:40], "Measure": "Expected", "Score": j.attribute.expected},
                 {"Attribute": j.attribute.name[:40], "Measure": "Perceived", "Score": j.attribute.perceived}]
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("Attribute:N", title=None, sort=None),
        yOffset="Measure:N",
        x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 7]), title="Score (1 very poor to 7 excellent)"),
        color=alt.Color("Measure:N", scale=alt.Scale(domain=["Expected", "Perceived"], range=["#5c5c5c", "#0b5cad"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["Attribute:N", "Measure:N", "Score:Q"]).properties(width=380, title="Expected and perceived "
                                                                                    "performance")
    parts = "; ".join(f"{j.attribute.name}: expected {_n(j.attribute.expected)}, perceived {_n(j.attribute.perceived)}"
                      f", gap {j.gap:+g}, {j.outcome.lower()}" for j in analysis.judged)
    org = work.organisation.strip() or "your organisation"
    return AccessibleChart(chart, f"Bar chart of expected and perceived performance for {org}. {parts}.")


def analysis_html(analysis: Analysis) -> str:
    rows = "".join(f"<tr><th scope='row'>{esc(j.attribute.name)}</th><td>{_n(j.attribute.expected)}</td>"
                   f"<td>{_n(j.attribute.perceived)}</td><td>{j.gap:+g}</td><td>{j.weight * 100:.0f} %</td>"
                   f"<td><strong>{esc(j.outcome)}</strong></td></tr>" for j in analysis.judged)
    basis = "importance-weighted" if analysis.weighted else "equally weighted"
    watch = (f"<p><strong>Watch:</strong> negative disconfirmation on important attribute(s): "
             f"{esc(', '.join(analysis.watch))}. An overall result can hide a failure customers care about.</p>"
             if analysis.watch else "")
    return ("<table class='cx-activity-table'><caption>Expected and perceived performance (1 to 7); gap = perceived − "
            f"expected; |gap| below {TOLERANCE:g} is confirmation</caption><thead><tr><th scope='col'>Attribute</th>"
            "<th scope='col'>Expected</th><th scope='col'>Perceived</th><th scope='col'>Gap</th>"
            "<th scope='col'>Weight</th><th scope='col'>Outcome</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><p><strong>Overall ({basis} mean gap {analysis.overall_gap:+.2f}): "
            f"{esc(analysis.overall)}.</strong> {esc(analysis.satisfaction)}</p>{watch}")


def dissonance_html(check: DissonanceCheck) -> str:
    present = "".join(f"<li>{esc(f)}</li>" for f in check.factors)
    actions = "".join(f"<li>{esc(a)}</li>" for a in check.actions)
    return (f"<p>{esc(check.explanation)}</p>" + (f"<ul>{present}</ul>" if present else "")
            + (f"<p>Dissonance-reducing actions the organisation can take:</p><ul>{actions}</ul>" if actions else ""))


def _money(x: float) -> str:
    return f"£{x:,.2f}"


def scenarios_html(results: tuple[ScenarioResult, ScenarioResult]) -> str:
    a, b = results
    rows = "".join(
        f"<tr><th scope='row'>{esc(label)}</th><td>{x}</td><td>{y}</td></tr>" for label, x, y in (
            ("Retention rate", f"{a.retention.value:.1f} %", f"{b.retention.value:.1f} %"),
            ("Expected relationship (years) = 1 ÷ (1 − retention)", f"{a.years:.2f}", f"{b.years:.2f}"),
            ("Customer lifetime value", _money(a.clv.value), _money(b.clv.value)),
            ("Customers kept after the period", f"{a.kept_customers:,}", f"{b.kept_customers:,}"),
            ("Value kept in the next year from the cohort", _money(a.kept_value), _money(b.kept_value))))
    steps = "".join(f"<li><strong>{esc(r.label)}:</strong> {esc(' '.join(r.retention.steps + r.clv.steps))}</li>"
                    for r in results)
    return ("<table class='cx-activity-table'><caption>The value of keeping customers under two scenarios</caption>"
            f"<thead><tr><th scope='col'>Measure</th><th scope='col'>{esc(a.label)}</th><th scope='col'>{esc(b.label)}"
            f"</th></tr></thead><tbody>{rows}</tbody></table><p>Difference in CLV: "
            f"{_money(abs(a.clv.value - b.clv.value))} a customer; in value kept next year: "
            f"{_money(abs(a.kept_value - b.kept_value))} for the cohort.</p><details><summary>Working</summary>"
            f"<ul>{steps}</ul></details>")


def notes_html(notes: list[str]) -> str:
    if not notes:
        return "<p class='cx-ok'>Complete: every part is there. Your tutor judges how good it is.</p>"
    return "<p>Still to do:</p><ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>"


def body_html(task: DisconfirmationTask, work: DisconfirmationWork, chart_html: str = "") -> str:
    out = f"<p><strong>The experience:</strong> {esc(work.experience)}</p>" if work.experience else ""
    if work.attributes:
        analysis = analyse(work)
        out += chart_html + analysis_html(analysis)
    else:
        out += "<p>No attributes yet.</p>"
    out += "<h4>Post-purchase dissonance</h4>" + dissonance_html(dissonance_check(work.dissonance,
                                                                                   task.dissonance_actions))
    try:
        results = compare_scenarios(work)
        sources = "".join(f"<li>{esc(s.label or 'Scenario')}: {esc(s.source)}</li>" for s in work.scenarios
                          if s.source)
        out += "<h4>The financial effect of retention</h4>" + scenarios_html(results) + (
            f"<ul>{sources}</ul>" if sources else "")
    except ValueError as exc:
        out += f"<h4>The financial effect of retention</h4><p>{esc(str(exc))}</p>"
    for key, title in (("demonstration", "Demonstration for my organisation (2.1)"),
                       ("appraisal", "Appraisal of the financial effect (2.4)")):
        text = getattr(work, key)
        if text:
            out += f"<h4>{title}</h4><p>{esc(text)}</p>"
    return out


def document_html(task: DisconfirmationTask, work: DisconfirmationWork) -> str:
    from widgets.activities.cx_model import html_document

    description = f"<p>{esc(gap_chart(work, analyse(work)).description)}</p>" if work.attributes else ""
    return html_document(f"Disconfirmation and satisfaction: {work.organisation or 'my organisation'}",
                         body_html(task, work, description) + "<h2>Completeness check</h2>"
                         + notes_html(completeness(work)))


def to_csv(work: DisconfirmationWork) -> str:
    rows: list[list[object]] = []
    if work.attributes:
        for j in analyse(work).judged:
            rows.append(["attribute", j.attribute.name, _n(j.attribute.expected), _n(j.attribute.perceived),
                         f"{j.gap:g}", f"{j.weight:.4f}", j.outcome])
    for s in work.scenarios:
        rows.append(["scenario", s.label, s.customers_at_start, s.customers_at_end, s.new_customers,
                     f"ATV {s.average_transaction_value}; purchases {s.purchases_per_year}; margin {s.gross_margin}",
                     s.source])
    rows.append(["demonstration", work.organisation, "", "", "", "", work.demonstration])
    rows.append(["appraisal", work.organisation, "", "", "", "", work.appraisal])
    return csv_text(rows, header=["part", "name", "expected or start", "perceived or end", "gap or new",
                                  "weight or inputs", "outcome or text"])


def disconfirmation_html(task: DisconfirmationTask, live_link: str = "") -> str:
    """The book's static form: the instructions and the worked Hartwell analysis, with its chart."""
    work = task.worked
    chart = gap_chart(work, analyse(work)).to_html() if work.attributes else ""
    return (f"<div class='cx-activity cx-disconfirmation'><h3 class='cx-activity-title'>{esc(task.title)}</h3>"
            f"<p>{esc(task.instructions)}</p><h4>Worked example: {esc(work.organisation)}</h4>"
            f"{body_html(task, work, chart)}<p>In the live tool you replace these figures with an experience of your "
            "own organisation and write the demonstration (2.1) and the appraisal (2.4) yourself: the tool checks "
            f"they are there, it does not write them.</p>{live_link}</div>")
