"""The campaign planner's model (CIM Level 3 Unit 3, 5.1 to 6.4): the SMART check part by part, the
message checks, the mix, schedule overlaps and gaps, the six budget methods with hand-computed values, JSON
save and reopen with hostile files, safe exports, and the worked Kettleby Pods plan against the case file."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from widgets import metrics as m
from widgets.activities.campaign import (
    PARTS,
    Activity,
    BudgetLine,
    CampaignPlan,
    Message,
    MixChoice,
    Objective,
    ValueLink,
    budget_methods,
    campaign_html,
    check_part,
    load_campaign_plan,
    load_tools,
    message_check,
    new_activity,
    new_objective,
    part_html,
    schedule_chart,
    smart_check,
    weeks_text,
)
from widgets.activities.common import build

ROOT = Path(__file__).resolve().parents[1]
CASE = yaml.safe_load((ROOT / "data" / "cases" / "cim-l3-cc" / "kettleby-coffee.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plan() -> CampaignPlan:
    return load_campaign_plan("cim-l3-cc", "kettleby-pods")


@pytest.fixture(scope="module")
def tools():
    return load_tools("cim-l3-cc", "kettleby-pods")


def _case(key: str):
    return CASE["campaign"][key]


def _levels(notes, part: str) -> str:
    return next(n.level for n in notes if n.part == part)


def _text(notes, part: str) -> str:
    return " ".join(n.text for n in notes if n.part == part)


# -- 5.1 SMART, part by part ---------------------------------------------------------------------------------
FULL = dict(change="Sign up new subscribers", measure="new subscribers", target=100, audience="office workers",
            start=dt.date(2027, 3, 1), deadline=dt.date(2027, 6, 30), achievable="last year 80 signed up",
            serves="grow subscriptions")


def test_a_full_objective_is_smart_and_reads_as_one_sentence():
    o = new_objective(**FULL)
    assert all(n.level == "ok" for n in smart_check(o))
    assert o.sentence() == ("Sign up new subscribers: reach 100 new subscribers, among office workers, between "
                            "1 March 2027 and 30 June 2027. It serves this marketing objective: grow subscriptions.")


@pytest.mark.parametrize("missing, part, words", [
    ("measure", "Specific", "what you will count"),
    ("audience", "Specific", "no audience"),
    ("target", "Measurable", "no number to reach, so you will not know whether the campaign worked"),
    ("achievable", "Achievable", "why it can be reached"),
    ("serves", "Relevant", "marketing objective"),
    ("deadline", "Time-bound", "no deadline"),
])
def test_smart_says_what_is_missing_and_why(missing, part, words):
    o = new_objective(**{**FULL, missing: None if missing in ("target", "deadline") else ""})
    notes = smart_check(o)
    assert _levels(notes, part) == "problem"
    assert words in _text(notes, part)
    assert sum(n.level == "problem" for n in notes) == 1  # only that part fails


def test_a_percentage_without_a_baseline_and_a_target_below_it():
    o = new_objective(**{**FULL, "unit": "%", "target": 15})
    assert _levels(smart_check(o), "Measurable") == "caution"
    o = new_objective(**{**FULL, "baseline": 120})
    assert "not above the baseline" in _text(smart_check(o), "Achievable")


def test_the_sentence_shows_the_gaps():
    assert Objective().sentence() == ("[what will change]: reach [a number] [what you will count], [among whom], "
                                      "[by when].")


@pytest.mark.parametrize("changes, words", [
    ({"deadline": dt.date(2027, 2, 1)}, "before the start date"),
    ({"target": -5}, "below zero"),
    ({"target": 1e13}, "too large"),
    ({"target": float("nan")}, "ordinary number"),
    ({"start": dt.date(1, 1, 1)}, "Check the year"),
    ({"change": "x" * 5000}, "under 2000 characters"),
])
def test_bad_objectives_get_a_sentence(changes, words):
    with pytest.raises(ValueError, match=words):
        new_objective(**{**FULL, **changes})


# -- 5.2 message ---------------------------------------------------------------------------------------------
def test_message_checks_values_audience_call_to_action_and_green_claims():
    msg = Message(proposition="Our pods are compostable and green", values=[ValueLink(value="low waste", how="")])
    text = " ".join(n.text for n in message_check(msg))
    assert "Say how the message expresses “low waste”" in text
    assert "Name the audience" in text and "call to action" in text
    assert "compostable, green" in text and "Green Claims Code" in text
    ok = msg.model_copy(update={"evidence": "certified OK compost HOME", "audience": "pod owners",
                                "call_to_action": "Try them", "values": [ValueLink(value="low waste", how="shown")]})
    assert [n.level for n in message_check(ok)] == ["ok"]


def test_green_words_are_found():
    notes = message_check(Message(proposition="Plastic-free and low carbon"))
    assert any("plastic-free" in n.text and "carbon" in n.text for n in notes)


# -- 5.3 mix -------------------------------------------------------------------------------------------------
def test_an_objective_with_no_tool_is_flagged(plan):
    lean = plan.with_(mix=[c for c in plan.mix if c.objective != 3])
    notes = lean.check("mix")
    assert [n.level for n in notes] == ["problem"] and "Objective 3" in notes[0].text
    assert plan.check("mix")[0].level == "ok"
    with pytest.raises(ValueError, match="choose one of the options"):
        build(MixChoice, tool="carrier pigeon", objective=1)


def test_the_tools_table_has_every_trade_off(tools):
    assert list(tools) == ["advertising", "sales promotion", "public relations", "personal selling",
                           "direct marketing", "online and social media"]
    html = part_html(load_campaign_plan("cim-l3-cc", "kettleby-pods"), "mix", tools)
    for heading in ("Reach", "Cost per contact", "Control", "Credibility", "Two-way dialogue", "Measurability"):
        assert f">{heading}<" in html


# -- 6.2 schedule --------------------------------------------------------------------------------------------
def _schedule(*weeks: tuple[str, str, int, int], **plan_fields) -> CampaignPlan:
    acts = [new_activity(activity=name, tool=tool, from_week=a, to_week=b) for name, tool, a, b in weeks]
    return CampaignPlan(starts=dt.date(2027, 3, 1), ends=dt.date(2027, 4, 30), schedule=acts, **plan_fields)


def test_gaps_busy_weeks_same_tool_and_weeks_outside_the_campaign():
    p = _schedule(("a", "advertising", 1, 2), ("b", "advertising", 2, 3), ("c", "public relations", 6, 10))
    text = " ".join(n.text for n in p.check("schedule"))
    assert p.weeks == 9
    assert "Nothing runs in weeks 4 to 5" in text
    assert "Advertising is used by more than one activity at once in week 2 (a; b)" in text
    assert "runs to week 10, but the campaign dates cover 9 weeks" in text
    busy = _schedule(*[(f"x{i}", "direct marketing" if i else "advertising", 1, 1) for i in range(5)])
    assert "Week 1 has 5 or more activities at once (up to 5)" in " ".join(n.text for n in busy.check("schedule"))


def test_dates_out_of_order():
    with pytest.raises(ValueError, match="ends in week 2, before it starts in week 5"):
        new_activity(activity="a", tool="advertising", from_week=5, to_week=2)
    with pytest.raises(ValueError, match="ends .* before it starts"):
        CampaignPlan(starts=dt.date(2027, 3, 1)).with_(ends=dt.date(2027, 2, 1))
    with pytest.raises(ValueError, match="say what the activity is"):
        new_activity(activity="  ", tool="advertising", from_week=1, to_week=2)


def test_weeks_text():
    assert weeks_text([3]) == "week 3"
    assert weeks_text([1, 2, 3, 7, 9, 10]) == "weeks 1 to 3, 7 and 9 to 10"


def test_schedule_chart_has_a_description_naming_every_activity(plan):
    chart = schedule_chart(plan)
    for a in plan.schedule:
        assert a.activity in chart.description
    assert "week 1 starting 1 March 2027" in chart.description


# -- 6.3 budget: the functions, by hand ------------------------------------------------------------------------
def test_budget_functions_by_hand():
    assert m.budget_percentage_of_sales(4_200_000, 1.5).value == 63_000  # 4,200,000 × 1.5 ÷ 100
    assert m.budget_incremental(48_000, 10).value == 52_800  # 48,000 × 1.10
    assert m.budget_incremental(50_000, -20).value == 40_000  # 50,000 × 0.80
    assert m.budget_competitive_parity([70_000]).value == 70_000
    assert m.budget_affordable(55_000).value == 55_000
    assert m.budget_affordable(55_000, 5_000).value == 50_000
    assert m.budget_objective_and_task([("a", 18_000), ("b", 42_000)]).value == 60_000
    r = m.budget_zero_based([("a", 18_000, "reaches new consumers"), ("b", 42_000, "needed for the launch")])
    assert r.value == 60_000 and "because reaches new consumers" in r.steps[0]
    assert "£52,800.00" in m.budget_incremental(48_000, 10).steps[0]


@pytest.mark.parametrize("call, words", [
    (lambda: m.budget_affordable(-1), "cannot be less than 0"),
    (lambda: m.budget_affordable(1e13), "too large"),
    (lambda: m.budget_affordable(100, 200), "cannot be more than what the business can afford"),
    (lambda: m.budget_incremental(-5, 10), "cannot be less than 0"),
    (lambda: m.budget_incremental(100, 5000), "cannot be more than 1,000"),
    (lambda: m.budget_incremental(100, -150), "cannot be less than -100"),
    (lambda: m.budget_incremental(float("nan"), 10), "actual number"),
    (lambda: m.budget_zero_based([("a", 10, "")]), "no justification"),
    (lambda: m.budget_zero_based([("a", -10, "x")]), "cannot be less than 0"),
    (lambda: m.budget_zero_based([]), "at least one"),
    (lambda: m.budget_zero_based("abc"), "List the budget lines"),
    (lambda: m.budget_zero_based([("a", 1)]), "needs an item, a cost and a justification"),
])
def test_budget_functions_refuse_bad_values(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_budget_lines_refuse_negative_and_absurd_costs():
    for cost, words in ((-1, "below zero"), (1e13, "too large"), ("lots", "please give a number"),
                        (None, "give the cost")):
        with pytest.raises(ValueError, match=words):
            build(BudgetLine, item="a", cost=cost)


def test_chosen_budget_against_the_tasks(plan):
    assert plan.check("budget")[0].level == "ok"
    low = plan.with_(budget=plan.budget.model_copy(update={"chosen": "incremental"}))
    text = " ".join(n.text for n in low.check("budget"))
    assert "£7,200 less than the tasks cost (£60,000)" in text  # 52,800 − 60,000
    high = plan.with_(budget=plan.budget.model_copy(update={"chosen": "competitive parity"}))
    assert "£10,000 more than the tasks cost" in " ".join(n.text for n in high.check("budget"))


# -- 6.4 evaluation ------------------------------------------------------------------------------------------
def test_objectives_with_no_measure_are_flagged(plan):
    assert plan.check("evaluation")[0].level == "ok"
    lean = plan.with_(evaluation=[e for e in plan.evaluation if e.objective != 2])
    assert "Objective 2" in lean.check("evaluation")[0].text


# -- JSON --------------------------------------------------------------------------------------------------
def test_json_round_trip(plan):
    text = plan.to_json()
    assert json.loads(text)["schema_version"] == 1 and json.loads(text)["kind"] == "cim-campaign-plan"
    assert CampaignPlan.from_json(text) == plan
    assert CampaignPlan.from_json(text.encode("utf-8")) == plan
    blank = CampaignPlan()
    assert CampaignPlan.from_json(blank.to_json()) == blank


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"a" * 2_000_000, "at most 1 MB"),
    (b"[" * 100_000 + b"]" * 100_000, "nested far more deeply"),
    ("{}".encode("utf-16"), "not a text"),
    (bytes(range(256)) * 4, "not a text"),
    (b"{not json", "not valid JSON"),
    (b'{"title": "a journey map", "schema_version": 1}', "not a campaign plan"),
    (b'{"kind": "cim-campaign-plan", "schema_version": 99}', "version"),
    (b'{"kind": "cim-campaign-plan", "schema_version": 1, "budget": {"sales": 1e400}}', "too large"),
    (b'{"kind": "cim-campaign-plan", "schema_version": 1, "budget": {"sales": NaN}}', "ordinary numbers"),
    (b'{"kind": "cim-campaign-plan", "schema_version": 1, "budget": {"sales": ' + b"9" * 5000 + b"}}", "at most 30"),
    (b'{"kind": "cim-campaign-plan", "schema_version": 1, "budget": {"sales": -5}}', "below zero"),
    (b'{"kind": "cim-campaign-plan", "schema_version": 1, "hacker": true}', "cannot use"),
    (b'{"kind": "cim-campaign-plan", "schema_version": 1, "starts": "2027-05-01", "ends": "2027-01-01"}',
     "before it starts"),
    (b'{"kind": "cim-campaign-plan", "schema_version": 1, "objectives": [{"change": "' + b"x" * 3000 + b'"}]}',
     "2000 characters"),
    (b'{"kind": "cim-campaign-plan", "schema_version": 1, "schedule": [{"activity": "a", "tool": "advertising", '
     b'"from_week": 9, "to_week": 2}]}', "before it starts in week 9"),
])
def test_hostile_and_foreign_files_are_refused_in_plain_words(content, words):
    with pytest.raises(ValueError, match=words) as info:
        CampaignPlan.from_json(content)
    assert not re.search(r"Traceback|\.py\b|[A-Z][a-z]+Error", str(info.value))


# -- exports -------------------------------------------------------------------------------------------------
EVIL = "<script>alert(1)</script>"


def test_html_document_escapes_every_learner_string(plan, tools):
    evil = plan.with_(organisation=EVIL, campaign=EVIL, audiences=[EVIL],
                      objectives=[new_objective(**{**FULL, "change": EVIL, "wording": EVIL})],
                      message=Message(proposition=EVIL, values=[ValueLink(value=EVIL, how=EVIL)]),
                      schedule=[new_activity(activity=EVIL, tool="advertising", from_week=1, to_week=2)],
                      evaluation=[])
    doc = evil.to_html_document(tools)
    assert "<script>" not in doc and "&lt;script&gt;" in doc
    for part in PARTS:
        assert "<script>" not in part_html(evil, part, tools)


def test_schedule_csv_neutralises_formulas(plan):
    evil = plan.with_(schedule=[new_activity(activity='=HYPERLINK("http://x","y")', tool="advertising", from_week=1,
                                             to_week=2),
                                new_activity(activity=" @SUM(1+1)", tool="advertising", from_week=2, to_week=3)])
    csv = evil.schedule_csv()
    assert "'=HYPERLINK" in csv and "'@SUM" in csv
    assert csv.splitlines()[0] == "Activity,Tool,Objective,From week,To week,First day,Last day"
    assert "2027-03-01,2027-03-14" in csv


def test_static_html_for_each_part_and_bad_part_names(plan, tools):
    for part in (*PARTS, None):
        html = campaign_html(plan, tools, part, "<p>live</p>")
        assert "Worked example: Kettleby Pods launch" in html and html.endswith("<p>live</p></div>")
    with pytest.raises(ValueError, match="not a part of the campaign plan"):
        check_part("everything")


# -- the worked example agrees with the case file -------------------------------------------------------------
def test_worked_plan_agrees_with_the_case_file(plan):
    assert plan.campaign == _case("name")
    assert plan.starts == _case("starts") and plan.ends == _case("ends")
    assert plan.audiences == _case("audiences")
    assert plan.brand_values == CASE["brand"]["values"]
    assert plan.organisation == CASE["name"]
    assert [o.wording for o in plan.objectives] == _case("objectives")
    for o in plan.objectives:  # the structured target is the number in the case's wording
        assert fmt(o.target) in o.wording
    assert plan.message.proposition == _case("message")
    budget = _case("budget")
    assert {x.item: x.cost for x in plan.budget.lines} == budget
    assert plan.budget.task_total == _case("budget_total") == 60_000
    assert [(a.activity, a.tool, a.from_week, a.to_week) for a in plan.schedule] == [
        (s["activity"], s["tool"], s["from_week"], s["to_week"]) for s in _case("schedule")]
    r = _case("resourcing")
    assert plan.resourcing.internal_comms == r["internal_briefing"]
    assert plan.resourcing.customer_facing == " ".join(r["customer_facing_staff"].split())
    assert plan.resourcing.stakeholders == r["stakeholders"]
    assert r["agency"].startswith(plan.resourcing.agency)
    for e, c in zip(plan.evaluation, _case("evaluation"), strict=True):
        assert e.objective == c["objective"] and c["measure"].startswith(e.measure)
        assert str(c["target"]).split(" ")[0] in e.target.replace(",", "")


def fmt(x: float | None) -> str:
    return f"{x:,.0f}"


def test_six_method_figures_recomputed_by_the_functions(plan):
    methods = _case("budget_methods")
    figures = {f.method: f.value for f in budget_methods(plan.budget)}
    assert figures == pytest.approx(methods)
    assert figures == pytest.approx({"objective and task": 60_000, "percentage of sales": 63_000,
                                     "competitive parity": 70_000, "affordable": 55_000, "incremental": 52_800,
                                     "zero-based": 60_000})
    assert plan.budget.sales == CASE["finances"]["turnover"]
    assert plan.budget.last_budget == CASE["finances"]["marketing_spend"]
    assert plan.budget.competitor_spend == CASE["competitor"]["estimated_marketing_spend"]
    assert plan.budget.chosen == "objective and task"


def test_every_part_of_the_worked_plan_passes_its_checks(plan):
    for part in PARTS:
        assert all(n.level != "problem" for n in plan.check(part)), part
    assert isinstance(plan.schedule[0], Activity)
