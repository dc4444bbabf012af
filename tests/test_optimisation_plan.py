"""Optimisation plan builder (CIM Level 6, LO3: 3.1 and 3.2): SMART part by part, priority quadrants, the
metric calculators wired to the plan with hand-checked values, the gaps, bad input answered in words, the
worked Fern & Field plan against the case and the journey map, save and reopen, and safe exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml

from widgets.activities.campaign import Objective
from widgets.activities.campaign import smart_check as campaign_smart_check
from widgets.activities.optimisation_plan import (
    FILL_IN,
    MAJOR_PROJECT,
    MAX_IMPROVEMENTS,
    METRICS,
    QUICK_WIN,
    THANKLESS,
    Improvement,
    OptimisationPlan,
    audit_items,
    blank_plan,
    compute_metric,
    document_html,
    from_json,
    is_smart,
    load_plan,
    make_improvement,
    matrix_chart,
    optimisation_plan_html,
    plan_gaps,
    quadrant,
    ranked,
    smart_check,
    smart_summary,
    to_csv,
    to_json,
    with_changes,
)

ROOT = Path(__file__).resolve().parents[1]
EVIL = "<img src=x onerror=alert(1)>"
PLAN = load_plan("cim-l6-cjo", "fern-plan")
CASE = yaml.safe_load((ROOT / "data/cases/cim-l6-cjo/fern-and-field.yml").read_text(encoding="utf-8"))
JOURNEY = json.loads((ROOT / "data/journeys/online-retailer.json").read_text(encoding="utf-8"))


def full(**changes) -> Improvement:
    """A complete improvement (the worked plan's first) with ``changes``."""
    data = PLAN.improvements[0].model_dump()
    data.update(changes)
    return make_improvement(**data)


def levels(notes, part):
    return [n.level for n in notes if n.part == part]


def texts(notes, part):
    return " ".join(n.text for n in notes if n.part == part)


# -- SMART, part by part ---------------------------------------------------------------------------------------
def test_a_full_improvement_meets_every_part_and_says_which_way_is_better():
    notes = smart_check(PLAN.improvements[0], PLAN)
    assert smart_summary(notes) == dict.fromkeys(("Specific", "Measurable", "Achievable", "Relevant", "Time-bound"),
                                                 "ok")
    # bounce rate: lower is better; 58 → 45 is 13 points and 13 / 58 = 22 % lower
    assert "lower is better" in texts(notes, "Achievable")
    assert "from 58 to 45 (13 percentage points, 22% lower)" in texts(notes, "Achievable")
    assert is_smart(PLAN.improvements[0], PLAN)


@pytest.mark.parametrize("blank, part, words", [
    ("change", "Specific", "say what will change"),
    ("who", "Specific", "no audience is named"),
    ("metric", "Specific", "what you will count"),
    ("target", "Measurable", "no number to reach"),
    ("baseline", "Measurable", "no baseline"),
    ("achievable", "Achievable", "why it can be reached"),
    ("serves", "Relevant", "business objective"),
    ("deadline", "Time-bound", "no deadline"),
])
def test_each_part_says_what_is_missing_and_why(blank, part, words):
    imp = full(**{blank: None if blank in ("metric", "target", "baseline", "deadline") else ""})
    notes = smart_check(imp, PLAN)
    assert "problem" in levels(notes, part)
    assert words in texts(notes, part)
    # the objective is never rewritten for the learner: the notes name the gap, the fields stay as typed
    assert imp.change == ("" if blank == "change" else PLAN.improvements[0].change)


def test_the_persona_is_part_of_relevant():
    plan = with_changes(PLAN, persona="")
    notes = smart_check(full(persona=""), plan)
    assert "name the persona" in texts(notes, "Relevant")


def test_a_target_the_wrong_way_is_refused_for_lower_and_higher_is_better_measures():
    bounce = smart_check(full(baseline=58, target=60), PLAN)  # bounce rate: lower is better
    assert "not below the baseline (for this measure lower is better)" in texts(bounce, "Achievable")
    repeat = smart_check(full(metric="repeat", inputs={}, baseline=14, target=10), PLAN)
    assert "not above the baseline" in texts(repeat, "Achievable")


def test_another_measure_needs_a_direction_and_a_source():
    imp = full(metric="other", metric_name="First-attempt delivery rate", unit="%", inputs={},
               higher_is_better=None, baseline_source="")
    notes = smart_check(imp, PLAN)
    assert "higher or a lower" in texts(notes, "Measurable")
    assert "where the baseline comes from" in texts(notes, "Measurable")


def test_a_reason_with_no_numbers_is_a_caution():
    notes = smart_check(full(achievable="The team is keen and the idea is good."), PLAN)
    assert levels(notes, "Achievable")[-1] == "caution"


def test_a_deadline_outside_the_plan_period_is_a_time_bound_problem():
    notes = smart_check(full(deadline=dt.date(2028, 3, 31)), PLAN)
    assert "outside the plan period" in texts(notes, "Time-bound")
    early = smart_check(full(start=dt.date(2026, 11, 2)), PLAN)
    assert "caution" in levels(early, "Time-bound")


def test_the_plan_reuses_the_campaign_planners_smart_helper():
    # the Level 3 check is unchanged by the extraction
    o = Objective(change="Sign up subscribers", measure="new subscribers", target=100, audience="office workers",
                  achievable="last year 80", serves="grow revenue", deadline=dt.date(2026, 6, 30),
                  start=dt.date(2026, 1, 5))
    assert all(n.level == "ok" for n in campaign_smart_check(o))
    assert "campaign worked" in texts(campaign_smart_check(o.model_copy(update={"target": None})), "Measurable")
    assert "improvement worked" in texts(smart_check(full(target=None), PLAN), "Measurable")


# -- priority --------------------------------------------------------------------------------------------------
def test_quadrants_by_hand_with_three_counted_as_high():
    assert quadrant(5, 1) == QUICK_WIN and quadrant(3, 2) == QUICK_WIN
    assert quadrant(3, 3) == MAJOR_PROJECT and quadrant(5, 5) == MAJOR_PROJECT
    assert quadrant(2, 2) == FILL_IN and quadrant(1, 1) == FILL_IN
    assert quadrant(2, 3) == THANKLESS and quadrant(1, 5) == THANKLESS


def test_the_worked_plan_ranks_quick_wins_first_by_impact_minus_effort():
    order = [(r.number, r.quadrant) for r in ranked(PLAN)]
    # neighbour/safe place is 4 − 1 = 3; then the 4 − 2 = 2 improvements in plan order; review requests
    # 3 − 1 = 2 but impact 3; then delivery cost (5 − 3 = 2) before Saturday delivery (4 − 4 = 0)
    assert order == [(3, QUICK_WIN), (1, QUICK_WIN), (4, QUICK_WIN), (5, QUICK_WIN), (6, QUICK_WIN),
                     (7, QUICK_WIN), (2, MAJOR_PROJECT), (8, MAJOR_PROJECT)]


def test_the_matrix_has_a_text_description_listing_every_improvement():
    chart = matrix_chart(PLAN)
    for n, imp in enumerate(PLAN.improvements, 1):
        assert f"{n}. {imp.description}" in chart.description
    assert "split at 3" in chart.description
    with pytest.raises(ValueError, match="Add an improvement"):
        matrix_chart(blank_plan(PLAN))


# -- metrics wired to their calculators (values checked by hand) --------------------------------------------------
@pytest.mark.parametrize("key, inputs, value", [
    ("bounce", {"single_page_sessions": "580", "sessions": "1,000"}, 58.0),          # 580 / 1000
    ("abandonment", {"started": "1000", "completed": "260"}, 74.0),                 # (1000 − 260) / 1000
    ("aov", {"revenue": "£8,400,000", "orders": "118300"}, 8_400_000 / 118_300),    # £71.01, the case's AOV
    ("cac", {"marketing_spend": "984000", "new_customers": "41000"}, 24.0),         # the case's CAC
    ("ltv", {"average_order_value": "71", "purchases_per_year": "1.6", "years": "2", "gross_margin": "0.48"},
     109.056),                                                                      # 71 × 1.6 × 0.48 × 2
    ("nps", {"promoters": "50", "passives": "30", "detractors": "20"}, 30.0),       # (50 − 20) / 100
    ("romi", {"attributable_revenue": "50000", "marketing_spend": "10000", "gross_margin": "0.48"}, 140.0),
    ("csat", {"satisfied": "90", "total": "100"}, 90.0),
    ("retention", {"customers_at_start": "1000", "customers_at_end": "950", "new_customers": "100"}, 85.0),
    ("time_to_conversion", {"days": "3, 7, 12, 1, 30"}, 7.0),                        # median of 1 3 7 12 30
    ("conversion", {"conversions": "16", "visitors": "1000"}, 1.6),
    ("repeat", {"repeat_customers": "14", "customers": "100"}, 14.0),
    ("response", {"responses": "7", "contacts": "100"}, 7.0),
    ("cost_per_response", {"campaign_cost": "620", "responses": "1000"}, 0.62),     # the map's cost per click
    ("contacts_per_100", {"complaints": "110", "customers": "1000"}, 11.0),        # 110 / 1000 × 100
])
def test_each_metric_computes_through_its_calculator_with_working(key, inputs, value):
    result = compute_metric(key, inputs)
    assert result.value == pytest.approx(value)
    assert result.steps


def test_every_metric_on_the_spec_list_has_a_calculator_and_a_direction():
    spec = {"ltv", "cac", "nps", "romi", "csat", "aov", "retention", "time_to_conversion", "bounce", "abandonment",
            "conversion"}
    assert spec <= set(METRICS)
    assert [k for k, m in METRICS.items() if not m.higher_is_better] == [
        "cac", "time_to_conversion", "bounce", "abandonment", "cost_per_response", "contacts_per_100"]


def test_the_calculator_baseline_is_compared_with_the_typed_baseline():
    agree = smart_check(full(inputs={"single_page_sessions": "580", "sessions": "1000"}), PLAN)
    assert "calculator gives" not in texts(agree, "Measurable")
    differ = smart_check(full(inputs={"single_page_sessions": "400", "sessions": "1000"}), PLAN)
    assert "the calculator gives 40.0%" in texts(differ, "Measurable")
    refused = smart_check(full(inputs={"single_page_sessions": "1200", "sessions": "1000"}), PLAN)
    assert "cannot use your inputs" in texts(refused, "Measurable")


def test_time_to_conversion_over_100000_values():
    result = compute_metric("time_to_conversion", {"days": [float(i % 31) for i in range(100_000)]})
    assert result.n == 100_000 and result.value == 15.0


# -- the worked Fern & Field plan against the case and the journey map -------------------------------------------
def test_every_worked_improvement_is_an_audit_opportunity_with_the_maps_baseline_and_target():
    opportunities = {a.description: a for a in audit_items("online-retailer")}
    kpis = {k["name"]: k for s in JOURNEY["as_is"] for t in s["touchpoints"] for k in t["kpis"]}
    names = {"bounce": "Product page bounce rate", "abandonment": "Checkout abandonment rate",
             "repeat": "Repeat purchase within 90 days",
             "contacts_per_100": "'Where is my order' contacts per 100 orders",
             "response": "Review rate", "conversion": "Conversion rate"}
    for imp in PLAN.improvements:
        audit = opportunities[imp.description]
        assert imp.pain_point in audit.pain_points or imp.pain_point in {p for a in opportunities.values()
                                                                           for p in a.pain_points}
        assert imp.stage == audit.stage or audit.stage == "Purchase"
        assert (imp.impact, imp.effort) == (audit.impact, audit.effort)
        kpi = kpis[imp.metric_name if imp.metric == "other" else names[imp.metric]]
        assert (imp.baseline, imp.target) == (kpi["value"], kpi["target"]), imp.description
        assert imp.direction is kpi["higher_is_better"]
        assert dt.date(2027, 1, 1) <= imp.start <= imp.deadline <= dt.date(2027, 12, 31)
        assert imp.review and imp.start < imp.review <= dt.date(2027, 12, 31)
        assert imp.owner in PLAN.owners


def test_the_worked_plans_owners_are_the_case_people_and_its_facts_match_the_case():
    people = {v for v in CASE["people"].values()}
    assert {o.split(" (")[0] for o in PLAN.owners} == people
    assert PLAN.period_start == dt.date(2027, 1, 1) and PLAN.period_end == dt.date(2027, 12, 31)
    assert "Sam Okafor" in PLAN.persona and "62%" in PLAN.persona and "14 customer interviews" in PLAN.persona
    assert "1,240 responses, NPS 18" in PLAN.sources_note and "(64%)" in PLAN.sources_note
    assert sum(i.budget for i in PLAN.improvements) <= PLAN.budget_total


def test_the_worked_plan_has_no_gaps_and_every_audit_pain_point_is_addressed():
    assert [n.level for n in plan_gaps(PLAN)] == ["ok"]
    assert {i.pain_point for i in PLAN.improvements} == set(CASE["pain_points"])


# -- gaps ------------------------------------------------------------------------------------------------------
def gaps(plan):
    return " ".join(f"[{n.level}] {n.part}: {n.text}" for n in plan_gaps(plan))


def with_improvement(n: int, **changes) -> OptimisationPlan:
    rows = PLAN.model_dump()["improvements"]
    rows[n].update(changes)
    return with_changes(PLAN, improvements=rows)


def test_gap_an_improvement_with_no_metric():
    assert "No metric" in gaps(with_improvement(0, metric=None, inputs={}))


def test_gap_an_overloaded_owner():
    # Bea Adeyemi already owns effort 1 + 2; adding the Saturday delivery (effort 4) makes 7 > 6
    text = gaps(with_improvement(7, owner="Bea Adeyemi (Operations manager)"))
    assert "Bea Adeyemi (Operations manager) owns 3 improvements with effort 1 + 2 + 4 = 7" in text


def test_gap_a_review_date_before_the_start_and_one_outside_the_period():
    assert "is not after the start" in gaps(with_improvement(0, review=dt.date(2027, 1, 4)))
    late = with_improvement(0, review=dt.date(2028, 1, 14))
    assert "outside the plan period" in gaps(late)
    excused = with_improvement(0, review=dt.date(2028, 1, 14), review_reason="Seasonal peak: wait for January")
    assert "outside the plan period" not in gaps(excused)


def test_gap_budget_over_the_stated_total():
    # the worked budgets add up to £146,000
    assert "add up to £146,000, more than the total of £100,000" in gaps(with_changes(PLAN, budget_total=100000))


def test_gaps_on_the_plan_level_and_missing_parts():
    text = gaps(blank_plan(PLAN))
    for words in ("Name the persona", "which sources", "how often the plan is reviewed", "at least one improvement"):
        assert words in text
    one = gaps(with_changes(PLAN, sources=["journey audit"]))
    assert "Only one source" in one
    assert "no quick win" in gaps(with_changes(PLAN, improvements=[PLAN.improvements[1].model_dump()]))
    assert "No improvement addresses the audit's pain point" in gaps(
        with_changes(PLAN, improvements=[PLAN.improvements[0].model_dump()]))
    lone = gaps(with_improvement(0, channels=["Website"], owner="", across_channels=""))
    assert "No owner" in lone and "across channels (3.2)" in lone


# -- bad input, answered in words ------------------------------------------------------------------------------
@pytest.mark.parametrize("changes, words", [
    ({"impact": 6}, "Impact: give a whole number from 1"),
    ({"effort": "high"}, "Effort: give a whole number"),
    ({"budget": "-500"}, "Budget"),
    ({"budget": "lots"}, "not a number"),
    ({"baseline": "fifty"}, "The baseline"),
    ({"target": 120}, "impossible for Bounce rate"),
    ({"metric": "nps", "inputs": {}, "baseline": 18, "target": 150}, "from -100 to 100"),
    ({"metric": "other", "unit": "%", "inputs": {}, "target": 150}, "must be from 0 to 100"),
    ({"deadline": dt.date(2027, 1, 1)}, "before the start date"),
    ({"review": dt.date(2300, 1, 1)}, "outside the dates the toolkit works with"),
    ({"description": "   "}, "say what the improvement is"),
    ({"stage": "Delight"}, "ACPRA stage"),
    ({"metric": "happiness"}, "Metric"),
    ({"inputs": {"visitors": "100"}}, "is not an input of Bounce rate"),
    ({"channels": ["Email", "email"]}, "each channel is listed once"),
    ({"achievable": "x" * 2001}, "under 2000 characters"),
])
def test_bad_improvements_are_refused_in_words(changes, words):
    data = PLAN.improvements[0].model_dump()
    data.update(changes)
    with pytest.raises(ValueError, match=None) as exc:
        make_improvement(**data)
    assert words in str(exc.value)


@pytest.mark.parametrize("key, inputs, words", [
    ("conversion", {"conversions": "50", "visitors": "20"}, "cannot be more than"),
    ("bounce", {"single_page_sessions": "", "sessions": "10"}, "Single-page sessions: enter a number"),
    ("ltv", {"average_order_value": "71", "purchases_per_year": "1.6", "years": "2", "gross_margin": "48"},
     "Gross margin"),
    ("time_to_conversion", {"days": "3, seven, 12"}, "not a number"),
    ("time_to_conversion", {"days": "3, -2"}, "Days"),
    ("other", {}, "no calculator"),
])
def test_bad_calculator_inputs_are_refused_in_words(key, inputs, words):
    with pytest.raises(ValueError) as exc:
        compute_metric(key, inputs)
    assert words in str(exc.value)


def test_bad_plans_are_refused_in_words():
    rows = PLAN.model_dump()["improvements"]
    with pytest.raises(ValueError, match="in the plan twice"):
        with_changes(PLAN, improvements=[rows[0], rows[0]])
    many = [dict(rows[0], description=f"Improvement {n}") for n in range(MAX_IMPROVEMENTS + 1)]
    with pytest.raises(ValueError, match="at most 20"):
        with_changes(PLAN, improvements=many)
    with pytest.raises(ValueError, match="on or before it starts"):
        with_changes(PLAN, period_end=dt.date(2026, 12, 31))
    with pytest.raises(ValueError, match="Total budget"):
        with_changes(PLAN, budget_total="-1")
    with pytest.raises(ValueError, match="choose one of the options"):
        with_changes(PLAN, cadence="yearly")


# -- save, reopen, export --------------------------------------------------------------------------------------
def test_save_and_reopen_round_trip():
    assert from_json(to_json(PLAN).encode()) == PLAN
    edited = with_improvement(0, inputs={"single_page_sessions": "580", "sessions": "1000"})
    assert from_json(to_json(edited)) == edited


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"not json", "not valid JSON"),
    (b"[1, 2]", "not a saved optimisation plan saved by this tool"),
    (json.dumps({"kind": "cim-campaign-plan", "schema_version": 1}).encode(), "not a saved optimisation plan"),
    (json.dumps({"kind": "cim-l6-optimisation-plan", "schema_version": 9}).encode(), "different version"),
    (b"[" * 50 + b"]" * 50, "nested far more deeply"),
    (b"x" * 1_000_001, "1 MB"),
    (b'{"kind": "cim-l6-optimisation-plan", "schema_version": 1, "budget_total": NaN}', "where a number should be"),
    (b"\xff\xfe\x00", "not a text"),
])
def test_bad_saved_files_are_refused_in_words(content, words):
    with pytest.raises(ValueError) as exc:
        from_json(content)
    assert words in str(exc.value)


def test_a_saved_file_with_a_bad_improvement_is_refused():
    data = json.loads(to_json(PLAN))
    data["improvements"][0]["impact"] = 9
    with pytest.raises(ValueError, match="Impact: give a whole number"):
        from_json(json.dumps(data))


def test_exports_escape_html_and_neutralise_formulas():
    evil = with_improvement(0, description=EVIL, across_channels="=HYPERLINK(\"http://x\")", people="@SUM(A1)")
    page = document_html(evil)
    assert EVIL not in page and "&lt;img" in page
    book = optimisation_plan_html(evil, "")
    assert EVIL not in book
    rows = list(csv.reader(io.StringIO(to_csv(evil))))
    cells = [c for row in rows for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'@SUM(A1)" in cells
    assert not any(c.startswith(("=", "@", "+")) for c in cells)
    assert len(rows) == 1 + len(PLAN.improvements)


def test_the_static_form_shows_every_smart_result_and_the_ranking():
    page = optimisation_plan_html(PLAN, "<p>live</p>")
    assert page.count("SMART check, part by part") == len(PLAN.improvements)
    assert "Quick win" in page and "Major project" in page and "No gaps found" in page
    assert page.endswith("<p>live</p></div>")
