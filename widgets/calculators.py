"""Calculator definitions: which fields each metric calculator has, how typed text becomes numbers,
which ``widgets.metrics`` function it calls, its worked example and chart.

Pure (no ipywidgets): the live view is ``widgets.ui.metrics`` and the static book form is
:func:`static_calculator_html`. Parsing is strict: text that is not a number raises ``ValueError``
naming the field, so the view can show the message next to that field.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from widgets import metrics as m
from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.numeric import parse_number as parse

MAX_LIST_ITEMS = 10_000
"""Most numbers in a list field (answers from 0 to 10, hours …): a survey's worth, typed or pasted."""
MAX_LIST_CHARS = 200_000
"""Most characters in a list or tasks field, checked before it is split (20 a number is plenty)."""
MAX_TASKS = 100
MAX_TASK_NAME = 200

Result = m.MetricResult | m.NPSResult | m.NPSComparison


class FieldError(ValueError):
    """A value that could not be read, with the key of the field it belongs to."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str  # "count", "amount", "percent", "list", "tasks", "choice", "optional_amount", "optional_count"
    example: str
    help: str = ""
    options: tuple[str, ...] = ()
    model_labels: tuple[str, ...] = ()  # phrases the model's messages use for this field


@dataclass(frozen=True)
class Calculator:
    key: str
    group: str
    title: str
    formula: str
    source: str
    fields: tuple[Field, ...]
    compute: Callable[[dict], list[Result]]
    chart: Callable[[list[Result]], AccessibleChart | None] | None = None
    benchmark: str = ""
    intro: str = ""
    tags: tuple[str, ...] = field(default=())


# -- parsing typed text -----------------------------------------------------------------------------
# One parser for every numeric field in the package: ``widgets.numeric.parse_number`` (it refuses NaN,
# infinity, more than 30 characters of digits and values beyond the field's bound, with a message).


def parse_number(text: object, f: Field) -> float:
    """An amount or a percentage: a finite number of at most ``numeric.MAX_AMOUNT`` in size."""
    try:
        return parse(text, f.label, example=f.example)
    except ValueError as exc:
        raise FieldError(f.key, str(exc)) from None


def parse_count(text: object, f: Field) -> int:
    """A whole number of things, at most ``numeric.MAX_COUNT`` (negative counts are left to the metric)."""
    try:
        return int(parse(text, f.label, example=f.example, whole=True))
    except ValueError as exc:
        raise FieldError(f.key, str(exc)) from None


def parse_list(text: object, f: Field) -> list[float]:
    raw = "" if text is None else str(text)
    if len(raw) > MAX_LIST_CHARS:  # before splitting: a megabyte of text stops here
        raise FieldError(f.key, f"{f.label}: that list is too long. Enter at most {MAX_LIST_ITEMS:,} numbers.")
    tokens = [t for t in re.split(r"[\s,;]+", raw) if t]
    if not tokens:
        raise FieldError(f.key, f"{f.label}: enter at least one number, separated by commas or spaces.")
    if len(tokens) > MAX_LIST_ITEMS:
        raise FieldError(f.key, f"{f.label}: that list has {len(tokens):,} numbers. Enter at most "
                                f"{MAX_LIST_ITEMS:,}.")
    values = []
    for i, tok in enumerate(tokens, start=1):
        try:
            values.append(parse(tok, f"{f.label}: item {i}", example=f.example.split(",")[0].strip()))
        except ValueError as exc:
            raise FieldError(f.key, str(exc)) from None
    return values


def parse_tasks(text: object, f: Field) -> list[tuple[str, float]]:
    """Lines of ``task name: cost``."""
    raw = "" if text is None else str(text)
    if len(raw) > MAX_LIST_CHARS:
        raise FieldError(f.key, f"{f.label}: that is too much text. Enter at most {MAX_TASKS} tasks, one a line.")
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    if not lines:
        raise FieldError(f.key, f"{f.label}: enter one task a line, like “Local radio advert: 3000”.")
    if len(lines) > MAX_TASKS:
        raise FieldError(f.key, f"{f.label}: that is {len(lines):,} lines. Enter at most {MAX_TASKS} tasks, one a "
                                "line.")
    tasks = []
    for i, line in enumerate(lines, start=1):
        name, sep, cost = line.rpartition(":")
        if not sep or not name.strip():
            raise FieldError(f.key, f"{f.label}: line {i} needs a task, a colon and a cost, like “Leaflets: 1200”.")
        if len(name.strip()) > MAX_TASK_NAME:
            raise FieldError(f.key, f"{f.label}: line {i}, the task name is too long. Keep it under "
                                    f"{MAX_TASK_NAME} characters.")
        try:
            tasks.append((name.strip(), parse(cost, f"{f.label}: line {i}, the cost", example="1200")))
        except ValueError as exc:
            raise FieldError(f.key, str(exc)) from None
    return tasks


def parse_inputs(calc: Calculator, raw: dict[str, object]) -> dict[str, object]:
    """Typed text → values; raises :class:`FieldError` for the first field that cannot be read."""
    out: dict[str, object] = {}
    for f in calc.fields:
        text = raw.get(f.key, "")
        if f.kind.startswith("optional_") and not str(text or "").strip():
            out[f.key] = None
        elif f.kind in ("count", "optional_count"):
            out[f.key] = parse_count(text, f)
        elif f.kind in ("amount", "optional_amount", "percent"):
            out[f.key] = parse_number(text, f)
        elif f.kind in ("list", "optional_list"):
            out[f.key] = parse_list(text, f)
        elif f.kind == "tasks":
            out[f.key] = parse_tasks(text, f)
        elif f.kind == "choice":
            if text not in f.options:
                raise FieldError(f.key, f"{f.label}: choose one of {', '.join(f.options)}.")
            out[f.key] = text
        else:  # pragma: no cover - a definition error, caught by the tests
            raise AssertionError(f"unknown field kind {f.kind}")
    return out


def field_for_message(calc: Calculator, message: str) -> str | None:
    """The field a model's error message is about: the one whose phrase appears first in it."""
    lower = message.lower()
    best: tuple[int, str] | None = None
    for f in calc.fields:
        for phrase in (f.label, *f.model_labels):
            at = lower.find(phrase.lower())
            if at >= 0 and (best is None or at < best[0]):
                best = (at, f.key)
    return best[1] if best else None


def calculate(calc: Calculator, raw: dict[str, object]) -> list[Result]:
    """Parse and compute; raises FieldError (a field) or ValueError (the whole calculation)."""
    values = parse_inputs(calc, raw)
    try:
        return calc.compute(values)
    except FieldError:
        raise
    except ValueError as exc:
        key = field_for_message(calc, str(exc))
        if key:
            raise FieldError(key, str(exc)) from None
        raise


# -- charts -----------------------------------------------------------------------------------------

def nps_chart(results: list[Result]) -> AccessibleChart:
    """Promoter/passive/detractor split (labelled bars) and the NPS with its 95 % interval."""
    r = results[0]
    assert isinstance(r, m.NPSResult)
    alt = import_altair()
    import pandas as pd

    split = pd.DataFrame({
        "group": ["Promoters (9–10)", "Passives (7–8)", "Detractors (0–6)"],
        "share": [round(100 * s, 1) for s in r.shares], "count": [r.promoters, r.passives, r.detractors]})
    split["label"] = [f"{s:g}% ({c})" for s, c in zip(split["share"], split["count"], strict=True)]
    order = list(split["group"])
    bars = alt.Chart(split).mark_bar().encode(
        y=alt.Y("group:N", sort=order, title=None), x=alt.X("share:Q", title="% of answers",
                                                             scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("group:N", sort=order, scale=alt.Scale(domain=order, range=[PALETTE[2], PALETTE[4],
                                                                                     PALETTE[1]]), legend=None),
        tooltip=["group", "share", "count"])
    text = bars.mark_text(align="left", dx=4, color="#1a1a1a").encode(text="label:N", color=alt.value("#1a1a1a"))
    point = pd.DataFrame({"measure": ["NPS"], "nps": [round(r.value, 1)], "low": [round(r.interval[0], 1)],
                          "high": [round(r.interval[1], 1)]})
    scale = alt.Scale(domain=[-100, 100])
    rule = alt.Chart(point).mark_rule(color=PALETTE[0], strokeWidth=3).encode(
        x=alt.X("low:Q", title="NPS with 95% interval", scale=scale), x2="high:Q", y=alt.Y("measure:N", title=None))
    dot = alt.Chart(point).mark_point(filled=True, size=120, color=PALETTE[0], shape="diamond").encode(
        x=alt.X("nps:Q", scale=scale), y="measure:N", tooltip=["nps", "low", "high"])
    chart = alt.vconcat((bars + text).properties(width=360, height=alt.Step(26), title="Answers by group"),
                        (rule + dot).properties(width=360, height=40))
    desc = (f"Bar chart: promoters {split['share'][0]:g}%, passives {split['share'][1]:g}%, detractors "
            f"{split['share'][2]:g}% of {r.n} answers. Below it, the NPS of {r.value:.1f} as a diamond on a "
            f"scale from −100 to 100, with a line for its 95% interval from {r.interval[0]:.1f} to "
            f"{r.interval[1]:.1f}.")
    return AccessibleChart(chart, desc)


def compare_chart(results: list[Result]) -> AccessibleChart:
    c = results[0]
    assert isinstance(c, m.NPSComparison)
    alt = import_altair()
    import pandas as pd

    data = pd.DataFrame({"wave": ["First wave", "Second wave"],
                         "nps": [round(c.first.value, 1), round(c.second.value, 1)],
                         "low": [round(c.first.interval[0], 1), round(c.second.interval[0], 1)],
                         "high": [round(c.first.interval[1], 1), round(c.second.interval[1], 1)]})
    scale = alt.Scale(domain=[-100, 100])
    rule = alt.Chart(data).mark_rule(color=PALETTE[0], strokeWidth=3).encode(
        x=alt.X("low:Q", title="NPS with 95% interval", scale=scale), x2="high:Q", y=alt.Y("wave:N", title=None))
    dot = alt.Chart(data).mark_point(filled=True, size=120, color=PALETTE[0], shape="diamond").encode(
        x=alt.X("nps:Q", scale=scale), y="wave:N", tooltip=["wave", "nps", "low", "high"])
    chart = (rule + dot).properties(width=360, height=alt.Step(36), title="NPS in each wave")
    desc = (f"NPS in the first wave {data['nps'][0]:g} (interval {data['low'][0]:g} to {data['high'][0]:g}) and in "
            f"the second wave {data['nps'][1]:g} (interval {data['low'][1]:g} to {data['high'][1]:g}), shown as "
            f"diamonds with interval lines. {c.reading}")
    return AccessibleChart(chart, desc)


# -- the calculators --------------------------------------------------------------------------------

F = Field
REICHHELD = "Reichheld (2003) “The one number you need to grow”, Harvard Business Review 81(12)."
FARRIS = "Farris, Bendle, Pfeifer & Reibstein (2010) Marketing Metrics, 2nd edn, Pearson."
SMITH_ZOOK = "Smith & Zook (2020) Marketing Communications, 7th edn, Kogan Page."
WILSON = "Wilson interval: Wilson (1927), Journal of the American Statistical Association 22."

_PROMOTERS = F("promoters", "Promoters (answered 9 or 10)", "count", "120", model_labels=("promoters",))
_PASSIVES = F("passives", "Passives (answered 7 or 8)", "count", "50", model_labels=("passives",))
_DETRACTORS = F("detractors", "Detractors (answered 0 to 6)", "count", "30", model_labels=("detractors",))


def _pct(v: object) -> float:
    return float(v) / 100  # type: ignore[arg-type]


def _cac_and_ratio(spend: float, new: int, ltv: float) -> list[Result]:
    cac = m.customer_acquisition_cost(spend, new)
    return [cac, m.ltv_to_cac_ratio(ltv, cac.value)]


CALCULATORS: dict[str, Calculator] = {c.key: c for c in (
    Calculator("nps", "Loyalty and satisfaction", "Net Promoter Score (from counts)",
               "NPS = % promoters − % detractors; 95% interval = NPS ± 1.96 × 100 × √((p + d − (p − d)²) ÷ n)",
               REICHHELD, (_PROMOTERS, _PASSIVES, _DETRACTORS),
               lambda v: [m.net_promoter_score_from_counts(v["promoters"], v["passives"], v["detractors"])],
               nps_chart,
               intro="A seaside hotel asked 200 guests how likely they were to recommend it, from 0 to 10."),
    Calculator("nps_scores", "Loyalty and satisfaction", "Net Promoter Score (from 0–10 answers)",
               "Sort answers into promoters (9–10), passives (7–8), detractors (0–6); NPS = % promoters − "
               "% detractors", REICHHELD,
               (F("scores", "Answers from 0 to 10", "list", "10, 9, 8, 7, 6, 0, 10, 9, 3, 8",
                  help="Separate answers with commas or spaces.", model_labels=("scores",)),),
               lambda v: [m.net_promoter_score(v["scores"])], nps_chart,
               intro="Ten customers of a garden centre answered the recommend question."),
    Calculator("compare_nps", "Loyalty and satisfaction", "Compare NPS between two survey waves",
               "Change = NPS₂ − NPS₁; 95% interval = change ± 1.96 × 100 × √(Var₁ + Var₂)", REICHHELD,
               (F("p1", "First wave: promoters", "count", "120"), F("a1", "First wave: passives", "count", "160"),
                F("d1", "First wave: detractors", "count", "120"),
                F("p2", "Second wave: promoters", "count", "200"), F("a2", "Second wave: passives", "count", "120"),
                F("d2", "Second wave: detractors", "count", "80")),
               lambda v: [m.compare_nps(m.net_promoter_score_from_counts(v["p1"], v["a1"], v["d1"]),
                                        m.net_promoter_score_from_counts(v["p2"], v["a2"], v["d2"]))],
               compare_chart,
               intro="A council's housing repairs service surveyed 400 tenants before and after a change."),
    Calculator("csat", "Loyalty and satisfaction", "Customer satisfaction (CSAT)",
               "CSAT = satisfied answers (top two boxes) ÷ all answers × 100, with a Wilson 95% interval",
               f"{FARRIS} {WILSON}",
               (F("satisfied", "Satisfied answers (4 or 5 out of 5)", "count", "172", model_labels=("satisfied",)),
                F("total", "All answers", "count", "200", model_labels=("number of answers", "all answers"))),
               lambda v: [m.csat_from_counts(v["satisfied"], v["total"])],
               intro="An online shop asked 200 customers how satisfied they were with their delivery."),
    Calculator("ces", "Loyalty and satisfaction", "Customer Effort Score (CES)",
               "CES = mean agreement (1–7) that “the organisation made it easy to handle my issue”; also % "
               "agreeing (5–7)",
               "Dixon, Freeman & Toman (2010) “Stop trying to delight your customers”, Harvard Business Review; "
               "Dixon, Toman & DeLisi (2013) The Effortless Experience.",
               (F("scores", "Answers from 1 to 7", "list", "7, 6, 5, 3, 2", help="1 = strongly disagree it was easy, "
                  "7 = strongly agree.", model_labels=("scores",)),),
               lambda v: [m.customer_effort_score(v["scores"])],
               intro="Five callers to an energy supplier's helpline rated how easy it was to sort their issue."),
    Calculator("retention", "Retention and value", "Retention and churn",
               "Retention = (E − N) ÷ S × 100; churn = (S − (E − N)) ÷ S × 100", FARRIS,
               (F("start", "Customers at the start", "count", "400", model_labels=("customers at the start",)),
                F("end", "Customers at the end", "count", "420", model_labels=("customers at the end",)),
                F("new", "New customers during the period", "count", "60", model_labels=("new customers",))),
               lambda v: [m.retention_rate(v["start"], v["end"], v["new"]),
                          m.churn_rate(v["start"], v["end"], v["new"])],
               intro="A B2B office-supplies firm had 400 business accounts in January and 420 in December; "
                     "60 were new that year."),
    Calculator("clv", "Retention and value", "Customer lifetime value (CLV)",
               "CLV = AOV × purchases a year × margin × years (or × (1 − (1 + r)^−years) ÷ r with discounting)",
               "Berger & Nasr (1998) “Customer lifetime value: marketing models and applications”, Journal of "
               "Interactive Marketing 12(1).",
               (F("aov", "Average order value (£)", "amount", "50", model_labels=("average order value",)),
                F("freq", "Purchases per year", "amount", "4", model_labels=("purchases per year",)),
                F("years", "Years as a customer", "amount", "3", model_labels=("years",)),
                F("margin", "Gross margin (%)", "percent", "40", model_labels=("gross margin",)),
                F("discount", "Discount rate a year (%)", "percent", "10", help="0 for no discounting.",
                  model_labels=("discount rate",))),
               lambda v: [m.customer_lifetime_value(v["aov"], v["freq"], v["years"], _pct(v["margin"]),
                                                    _pct(v["discount"]))],
               intro="A pet-food subscription: customers spend £50 an order, four times a year, for about three "
                     "years."),
    Calculator("cac", "Retention and value", "Acquisition cost and LTV:CAC",
               "CAC = marketing spend ÷ new customers; LTV:CAC = lifetime value ÷ CAC", f"{FARRIS} Skok (2013).",
               (F("spend", "Marketing spend (£)", "amount", "12000", model_labels=("marketing spend",)),
                F("new", "New customers won", "count", "150", model_labels=("new customers",)),
                F("ltv", "Customer lifetime value (£)", "amount", "240", model_labels=("lifetime value",))),
               lambda v: _cac_and_ratio(v["spend"], v["new"], v["ltv"]),
               benchmark=m.LTV_CAC_BENCHMARK,
               intro="A software supplier spent £12,000 on a quarter's campaigns and won 150 customers."),
    Calculator("romi", "Retention and value", "Return on marketing investment (ROMI)",
               "ROMI = (revenue × margin − spend) ÷ spend × 100", FARRIS,
               (F("revenue", "Revenue from the campaign (£)", "amount", "50000", model_labels=("revenue",)),
                F("spend", "Marketing spend (£)", "amount", "10000", model_labels=("marketing spend",)),
                F("margin", "Gross margin (%)", "percent", "30", model_labels=("gross margin",))),
               lambda v: [m.return_on_marketing_investment(v["revenue"], v["spend"], _pct(v["margin"]))],
               intro="A furniture retailer's spring email campaign cost £10,000 and brought in £50,000 of sales."),
    Calculator("online", "Online and service", "Web shop: AOV, conversion, bounce and abandonment",
               "AOV = revenue ÷ orders; conversion = orders ÷ sessions × 100; bounce = single-page sessions ÷ "
               "sessions × 100; abandonment = (baskets − orders) ÷ baskets × 100", FARRIS,
               (F("sessions", "Sessions", "count", "20000", model_labels=("sessions", "visitors")),
                F("bounces", "Single-page sessions", "count", "8200", model_labels=("single-page",)),
                F("baskets", "Baskets started", "count", "2700", model_labels=("started",)),
                F("orders", "Orders completed", "count", "1000", model_labels=("orders", "completed", "conversions")),
                F("revenue", "Revenue (£)", "amount", "55000", model_labels=("revenue",))),
               lambda v: [m.average_order_value(v["revenue"], v["orders"]),
                          m.conversion_rate(v["orders"], v["sessions"]),
                          m.bounce_rate(v["bounces"], v["sessions"]), m.abandonment_rate(v["baskets"], v["orders"])],
               intro="An outdoor-clothing web shop's month."),
    Calculator("repeat", "Online and service", "Repeat-purchase rate",
               "Repeat-purchase rate = customers who bought more than once ÷ all customers × 100", FARRIS,
               (F("repeat", "Customers who bought again", "count", "120", model_labels=("bought again",)),
                F("customers", "All customers", "count", "400", model_labels=("customers",))),
               lambda v: [m.repeat_purchase_rate(v["repeat"], v["customers"])],
               intro="A bakery's loyalty app: 400 customers bought this year, 120 of them more than once."),
    Calculator("service", "Online and service", "Complaints and first-contact resolution",
               "Complaint rate = complaints ÷ orders × 1,000; FCR = resolved at first contact ÷ contacts × 100",
               FARRIS,
               (F("complaints", "Complaints", "count", "18", model_labels=("complaints",)),
                F("orders", "Orders (or customers)", "count", "12000", model_labels=("customers or orders",)),
                F("fcr", "Contacts resolved at first contact", "count", "340", model_labels=("resolved at first",)),
                F("contacts", "All contacts", "count", "400", model_labels=("contacts",))),
               lambda v: [m.complaint_rate(v["complaints"], v["orders"]),
                          m.first_contact_resolution(v["fcr"], v["contacts"])],
               intro="A retailer's customer service team over one month."),
    Calculator("times", "Online and service", "Complaint response and resolution times",
               "Median hours (the middle value once sorted); % within a target", FARRIS,
               (F("response", "Hours to first response", "list", "0.5, 2, 1, 26, 4, 0.2"),
                F("resolution", "Hours to resolution", "list", "2, 4, 1, 30, 3, 120"),
                F("target", "Target for resolution (hours)", "optional_amount", "48", model_labels=("the target",))),
               lambda v: [m.complaint_response_time(v["response"]),
                          m.complaint_resolution_time(v["resolution"], v["target"])],
               intro="Six complaints to a home-and-garden retailer."),
    Calculator("conversion_time", "Online and service", "Time to conversion",
               "Median days from first visit to purchase; % converting within a target",
               f"{FARRIS} The median is the headline because a few slow buyers stretch the mean.",
               (F("days", "Days from first visit to purchase", "list", "0, 1, 1, 3, 7, 14, 30",
                  model_labels=("the days",)),
                F("target", "Target (days, optional)", "optional_amount", "7", model_labels=("the target",))),
               lambda v: [m.time_to_conversion(v["days"], v["target"])],
               intro="Seven buyers from a furniture web shop."),
    Calculator("budget_sales", "Campaigns", "Budget: percentage of sales",
               "Budget = sales × percentage", SMITH_ZOOK,
               (F("sales", "Sales (£, last year or forecast)", "amount", "2000000", model_labels=("sales",)),
                F("percent", "Percentage of sales (%)", "amount", "5", model_labels=("percentage",))),
               lambda v: [m.budget_percentage_of_sales(v["sales"], v["percent"])],
               intro="A regional garden-centre chain with £2 million of sales."),
    Calculator("budget_parity", "Campaigns", "Budget: competitive parity",
               "Budget = average competitor spend, or your sales × (competitors' spend ÷ competitors' sales)",
               SMITH_ZOOK,
               (F("spends", "Competitors' spend (£ each)", "list", "40000, 60000, 50000",
                  model_labels=("competitors' spend",)),
                F("own_sales", "Your sales (£, optional)", "optional_amount", "600000", model_labels=("your sales",)),
                F("comp_sales", "Competitors' sales (£ each, optional)", "optional_list", "800000, 1200000, 1000000",
                  model_labels=("competitors' sales", "sales figure"))),
               lambda v: [m.budget_competitive_parity(v["spends"], v["own_sales"], v["comp_sales"])],
               intro="An independent gym chain compares itself with three rivals."),
    Calculator("budget_task", "Campaigns", "Budget: objective and task",
               "Budget = sum of the costs of the tasks needed to meet the objectives × (1 + contingency)",
               SMITH_ZOOK,
               (F("tasks", "Tasks and costs (one a line, “task: cost”)", "tasks",
                  "Local radio advert: 3000\nLeaflet print run: 1200\nSocial media ads: 800",
                  model_labels=("task",)),
                F("contingency", "Contingency (%)", "amount", "10", model_labels=("contingency",))),
               lambda v: [m.budget_objective_and_task(v["tasks"], v["contingency"])],
               intro="A charity's campaign to recruit 200 new volunteers."),
    Calculator("response", "Campaigns", "Response rate and cost per response",
               "Response rate = responses ÷ people contacted × 100; cost per response = cost ÷ responses", FARRIS,
               (F("contacts", "People contacted", "count", "5000", model_labels=("people contacted",)),
                F("responses", "Responses", "count", "150", model_labels=("responses",)),
                F("cost", "Campaign cost (£)", "amount", "2500", model_labels=("campaign cost",))),
               lambda v: [m.response_rate(v["responses"], v["contacts"]),
                          m.cost_per_response(v["cost"], v["responses"])],
               intro="A direct-mail appeal from a wildlife charity."),
    Calculator("ave", "Campaigns", "Advertising value equivalent (AVE)",
               "AVE = coverage size × advertising rate per unit", "AMEC (2020) Barcelona Principles 3.0.",
               (F("size", "Coverage size (column cm or seconds)", "amount", "20", model_labels=("coverage size",)),
                F("rate", "Advertising rate per unit (£)", "amount", "45", model_labels=("advertising rate",))),
               lambda v: [m.advertising_value_equivalent(v["size"], v["rate"])],
               benchmark=m.AVE_CAUTION,
               intro="A local newspaper ran a 20 column-centimetre story about a hotel's charity ball."),
    Calculator("sample_size", "Surveys", "Sample size for a margin of error",
               "n₀ = z² × p(1 − p) ÷ e²; for a population N, n = n₀ ÷ (1 + (n₀ − 1) ÷ N); round up",
               "Cochran (1977) Sampling Techniques, 3rd edn, Wiley.",
               (F("margin", "Margin of error (± percentage points)", "percent", "5", model_labels=("margin of error",)),
                F("confidence", "Confidence level", "choice", "95%", options=("90%", "95%", "99%")),
                F("population", "Population size (optional)", "optional_count", "2000",
                  model_labels=("population",))),
               lambda v: [m.sample_size_for_margin(_pct(v["margin"]), _pct(str(v["confidence"]).rstrip("%")),
                                                   population=v["population"])],
               intro="A college with 2,000 students wants its satisfaction survey to be within ±5 points."),
)}


def calculator_choices() -> list[tuple[str, str]]:
    """(label, key) pairs grouped by topic, for a dropdown."""
    return [(f"{c.group}: {c.title}", c.key) for c in CALCULATORS.values()]


def example_inputs(calc: Calculator) -> dict[str, str]:
    return {f.key: f.example for f in calc.fields}


# -- static HTML (the book) -------------------------------------------------------------------------

def result_html(results: list[Result]) -> str:
    """The results and their working as escaped HTML (used live and in the book)."""
    e = html.escape
    parts = []
    for r in results:
        value = r.display if hasattr(r, "display") else m.format_value(r.value, r.unit)
        extra = ""
        if getattr(r, "interval", None):
            lo, hi = r.interval  # type: ignore[misc]
            extra = f" <span class='cx-interval'>(95% interval {e(m.format_value(lo, r.unit))} to " \
                    f"{e(m.format_value(hi, r.unit))})</span>"
        steps = "".join(f"<li>{e(s)}</li>" for s in r.steps)
        note = f"<p class='cx-note'>{e(r.note)}</p>" if getattr(r, "note", "") else ""
        parts.append(f"<div class='cx-result'><p><strong>{e(r.metric)}: {e(value)}</strong>{extra}</p>"
                     f"<p>Working:</p><ol class='cx-working'>{steps}</ol>{note}</div>")
    return "".join(parts)


def static_calculator_html(key: str) -> str:
    """A worked example for the static book: inputs, working, result, chart and the live link."""
    from widgets.live import live_link_html

    calc = CALCULATORS[key]
    e = html.escape
    inputs = example_inputs(calc)
    results = calculate(calc, inputs)
    rows = "".join(f"<tr><th scope='row'>{e(f.label)}</th><td>{e(inputs[f.key]).replace(chr(10), '<br>')}</td></tr>"
                   for f in calc.fields)
    chart = calc.chart(results).to_html() if calc.chart else ""
    bench = f"<p class='cx-benchmark'><strong>Reference point:</strong> {e(calc.benchmark)}</p>" if calc.benchmark \
        else ""
    return (f"<section class='cx-calculator-static' aria-label='{e(calc.title)}: worked example'>"
            f"<p>{e(calc.intro)}</p>"
            f"<p><strong>Formula:</strong> {e(calc.formula)}</p>"
            f"<table class='cx-inputs'><caption>Worked example: the inputs</caption><tbody>{rows}</tbody></table>"
            f"{result_html(results)}{chart}{bench}"
            f"<p class='cx-source'><strong>Source:</strong> {e(calc.source)}</p>"
            f"{live_link_html('calculators', 'Open the live calculators to try your own numbers')}"
            f"</section>")
