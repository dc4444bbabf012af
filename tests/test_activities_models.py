"""The activity models (widgets.activities): validation messages, arithmetic worked by hand, graph checks."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.activities import common
from widgets.activities.action_plan import ActionPlan, load_action_plan, new_action
from widgets.activities.common import build, parse
from widgets.activities.cx_model import ELEMENT_KEYS, CXModel, blank_model, load_cx_model
from widgets.activities.reaction_log import ReactionLog, load_reaction_log, new_occasion
from widgets.activities.scenario import Scenario, ScenarioPlay, load_scenario
from widgets.activities.skills import (
    SKILL_KEYS,
    SKILLS,
    SkillsReview,
    guidance_document,
    load_development_activities,
    load_example_review,
)
from widgets.activities.sorting import SortingTask, load_sorting
from widgets.curriculum import load_spec

SPEC = "ocr-l2-u10"


# -- sorting --------------------------------------------------------------------------------------
def test_expectation_sources_has_ten_plus_items_over_the_five_sources():
    task = load_sorting(SPEC, "expectation-sources")
    assert len(task.items) >= 10
    assert len(task.categories) == 5
    assert {i.answer for i in task.items} == {c.id for c in task.categories}  # every source is used
    # The five category labels are the five bullets of topic 1.1 (reworded only in capitalisation).
    topic = next(t for o in load_spec(SPEC).outcomes() for t in o.topics if t.id == "1.1")
    for cat, bullet in zip(task.categories, topic.content, strict=True):
        assert bullet.text.lower().startswith(cat.label.lower())


def test_sorting_check_marks_each_item_and_counts_the_score():
    task = load_sorting(SPEC, "expectation-sources")
    answers = {i.id: i.answer for i in task.items}
    assert task.check(answers).score == len(task.items)
    first, second = task.items[0], task.items[1]
    wrong = next(c.id for c in task.categories if c.id != first.answer)
    answers[first.id] = wrong
    answers[second.id] = None  # not answered
    result = task.check(answers)
    assert result.score == len(task.items) - 2
    assert result.answered == len(task.items) - 1
    r0 = result.items[0]
    assert not r0.correct and r0.chosen == wrong and r0.answer_label == task.category(first.answer).label
    assert "1 not answered yet" in result.summary


def test_sorting_rejects_unknown_items_and_categories_with_sentences():
    task = load_sorting(SPEC, "expectation-sources")
    with pytest.raises(ValueError, match="no example 'nope'"):
        task.check({"nope": "read"})
    with pytest.raises(ValueError, match="not one of the categories"):
        task.check({task.items[0].id: "made-up"})


def test_sorting_file_with_an_answer_that_is_not_a_category_fails_with_the_file_name():
    data = {"id": "x", "title": "X", "instructions": "Sort", "categories": [{"id": "a", "label": "A"},
                                                                           {"id": "b", "label": "B"}],
            "items": [{"id": "one", "text": "T", "answer": "c", "feedback": "F"}]}
    with pytest.raises(ValueError, match=r"broken.yml: .*'c', which is not a category"):
        parse(SortingTask, data, "broken.yml")


# -- customer experience model --------------------------------------------------------------------
def test_worked_cx_model_covers_every_part_of_2_1_with_what_and_why():
    model = load_cx_model(SPEC, "stride-sports")
    assert [e.key for e in model.elements] == list(ELEMENT_KEYS)
    assert model.missing() == []
    model.check_complete()
    assert "gait" in model.element("steps-to-buy").what  # consistent with the journey template


def test_cx_model_messages_and_blanks():
    with pytest.raises(ValueError, match="Please name the organisation"):
        blank_model("   ")
    model = blank_model("Oakfield Leisure Centre")
    assert len(model.elements) == 8 and len(model.missing()) == 8
    model = model.with_element("vision", "A centre everyone in Oakfield is proud of", "")
    assert "Customer experience vision (why)" in model.missing()
    with pytest.raises(ValueError, match="Still to write"):
        model.check_complete()
    with pytest.raises(ValueError, match="under 2000 characters"):
        model.with_element("vision", "x" * 2001, "")
    with pytest.raises(ValueError, match="not part of the customer experience model"):
        model.element("prices")


def test_cx_model_exports_escape_learner_text():
    model = blank_model("Stride <b>Sports</b>").with_element("vision", "<img src=x onerror=alert(1)>", "a | b")
    table = model.to_html_table()
    assert "<img" not in table and "&lt;img src=x onerror=alert(1)&gt;" in table and "&lt;b&gt;" in table
    assert "a \\| b" in model.to_markdown()  # a pipe cannot break the Markdown table
    assert model.to_csv().splitlines()[0] == "organisation,part,what,why"


# -- reaction log ---------------------------------------------------------------------------------
def _occasion(title="Refund", situation="complaint", feeling=4, acceptable=None, **extra):
    fields = dict(title=title, situation=situation, staff_action="Listened and refunded", reaction_words="Thanks",
                  feeling=feeling, feeling_words="pleased", expectations="met", why="Quick refund",
                  acceptable=acceptable, justification="They smiled" if acceptable is not None else "")
    fields.update(extra)
    return new_occasion(**fields)


def test_worked_log_summary_matches_a_hand_count():
    log = load_reaction_log(SPEC, "stride-sports")
    # By hand from stride-sports.yml: complaints felt 5 and 3, support requests 2 and 4, other 3.
    s = log.summary()
    by = {row.situation: row for row in s.by_situation}
    assert (by["complaint"].count, by["complaint"].average_feeling) == (2, (5 + 3) / 2)
    assert (by["support"].count, by["support"].average_feeling) == (2, (2 + 4) / 2)
    assert (by["other"].count, by["other"].average_feeling) == (1, 3.0)
    assert s.average_feeling == pytest.approx((5 + 2 + 4 + 3 + 3) / 5)  # 3.4
    # Judged: heel rub yes, phone call no, click and collect yes, queue no; newsletter not judged.
    assert (s.judged, s.acceptable, s.share_acceptable) == (4, 2, 0.5)
    assert s.by_expectations == {"not met": 3, "met": 1, "exceeded": 1}
    assert log.missing_situations() == []
    assert "2 of the 4 occasions" in log.overall_judgement()


def test_m2_needs_at_least_two_judged_occasions():
    log = build(ReactionLog, organisation="Oakfield").add(_occasion(acceptable=True))
    log = log.add(_occasion(title="Help with the app", situation="support"))
    with pytest.raises(ValueError, match="at least 2 occasions.*judged 1"):
        log.overall_judgement()
    log = log.add(_occasion(title="Locker broken", acceptable=False))
    assert "1 of the 2 occasions" in log.overall_judgement() and "(50%)" in log.overall_judgement()


def test_p5_asks_for_a_complaint_and_a_support_request():
    log = build(ReactionLog, organisation="Oakfield").add(_occasion())
    assert log.missing_situations() == ["Request for support"]


@pytest.mark.parametrize(("change", "message"), [
    ({"title": " "}, "short name for the occasion"),
    ({"feeling": 6}, "from 1 \\(very unhappy\\) to 5"),
    ({"feeling": None}, "from 1 \\(very unhappy\\) to 5"),
    ({"reaction_words": "", "reaction_tone": "", "reaction_body": ""}, "Record how the customer reacted"),
    ({"acceptable": True, "justification": ""}, "add your justification"),
    ({"why": ""}, "why the customer's expectations"),
    ({"situation": "party"}, "Type of situation: please choose one of the options"),
])
def test_occasion_validation_messages(change, message):
    with pytest.raises(ValueError, match=message):
        _occasion(**change)


def test_log_edits_keep_order_and_check_the_index():
    log = build(ReactionLog, organisation="Oakfield").add(_occasion(title="A")).add(_occasion(title="B"))
    log = log.replace(0, _occasion(title="A2"))
    assert [o.title for o in log.occasions] == ["A2", "B"]
    assert [o.title for o in log.remove(0).occasions] == ["B"]
    with pytest.raises(ValueError, match="Choose an occasion"):
        log.remove(5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["complaint", "support", "other"]), st.integers(1, 5),
                          st.sampled_from([None, True, False])), max_size=12))
def test_summary_arithmetic_property(rows):
    log = build(ReactionLog, organisation="Oakfield")
    for n, (situation, feeling, acceptable) in enumerate(rows):
        log = log.add(_occasion(title=f"O{n}", situation=situation, feeling=feeling, acceptable=acceptable))
    s = log.summary()
    assert s.total == len(rows) == sum(r.count for r in s.by_situation)
    for r in s.by_situation:
        scores = [f for sit, f, _ in rows if sit == r.situation]
        assert r.average_feeling == (pytest.approx(sum(scores) / len(scores)) if scores else None)
    judged = [a for _, _, a in rows if a is not None]
    assert s.judged == len(judged) and s.acceptable == sum(judged)
    if judged:
        assert 0 <= s.share_acceptable <= 1
    assert s.m2_ready == (len(judged) >= 2)


# -- action plan ----------------------------------------------------------------------------------
def _action(**change):
    fields = dict(action="Train staff", feedback="Queue complaint", owner="Owner", how="training",
                  start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 30))
    fields.update(change)
    return new_action(**fields)


def test_worked_plan_has_four_plus_actions_over_three_to_six_months():
    plan = load_action_plan(SPEC, "stride-sports")
    assert len(plan.actions) >= 4
    # 6 Apr to 28 Aug 2026 counted by hand: April 25 days + May 31 + June 30 + July 31 + August 28 = 145.
    assert (plan.first_day, plan.last_day, plan.span_days) == (dt.date(2026, 4, 6), dt.date(2026, 8, 28), 145)
    assert 90 <= plan.span_days <= 184
    assert {a.how for a in plan.actions} >= {"training", "reading", "questions", "job-shadow"}
    starts = [r.start for r in plan.timeline()]
    assert starts == sorted(starts)
    first = plan.timeline()[0]
    assert (first.number, first.days) == (1, 25)  # 6 to 30 April inclusive


@pytest.mark.parametrize(("change", "message"), [
    ({"end": dt.date(2026, 3, 31)}, "is before the start date"),
    ({"owner": ""}, "name the owner"),
    ({"action": "  "}, "Please write the action"),
    ({"feedback": ""}, "which customer feedback"),
    ({"start": None}, "choose a start date"),
    ({"end": None}, "choose an end date"),
    ({"how": "other"}, "please describe how"),
])
def test_action_validation_messages(change, message):
    with pytest.raises(ValueError, match=message):
        _action(**change)


def test_one_day_action_and_plan_rules():
    assert _action(end=dt.date(2026, 4, 1)).days == 1  # starts and ends the same day
    with pytest.raises(ValueError, match="at least one action"):
        build(ActionPlan, organisation="Stride Sports", actions=[])
    plan = build(ActionPlan, organisation="Stride Sports", actions=[_action()])
    with pytest.raises(ValueError, match="add another before you remove"):
        plan.remove(0)
    plan = plan.add(_action(action="Read guides", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 2)))
    assert [r.number for r in plan.timeline()] == [2, 1]  # start order, numbered as in the plan
    assert "Read guides (Owner): 01 Mar 2026 to 02 Mar 2026, 2 days" in plan.timeline_text()


# -- skills review and guidance ------------------------------------------------------------------
def test_the_ten_skills_are_those_of_4_2_in_order():
    topic = next(t for o in load_spec(SPEC).outcomes() for t in o.topics if t.id == "4.2")
    assert [s.curriculum for s in SKILLS] == [b.text for b in topic.content]
    assert len(SKILL_KEYS) == 10


def _review(ratings: dict[str, int]) -> SkillsReview:
    review = SkillsReview()
    for key, value in ratings.items():
        review = review.with_rating(key, value, f"evidence for {key}")
    return review


def test_guidance_picks_the_three_lowest_and_breaks_ties_by_the_4_2_order():
    review = load_example_review(SPEC, "stride-sports")
    doc = guidance_document(review, "Stride Sports", "new Saturday staff")
    # Ratings: clear communication 2, product knowledge 2; then three skills on 3 (adaptability,
    # reading customers, self-review): adaptability is listed first in 4.2, so it is the third.
    assert [s.rating.skill for s in doc.sections] == ["clear-communication", "product-knowledge", "adaptability"]
    equal = _review(dict.fromkeys(SKILL_KEYS, 3))
    assert [s.rating.skill for s in guidance_document(equal, "X", "Y").sections] == list(SKILL_KEYS[:3])
    # 5,4,3,2,1,5,4,3,2,1 in 4.2 order: the 1s are work ethic (5th) and self-review (10th); the first 2 is
    # clear communication (4th), ahead of following up (9th).
    ordered = _review({k: 5 - i % 5 for i, k in enumerate(SKILL_KEYS)})
    assert [s.rating.skill for s in guidance_document(ordered, "X", "Y").sections] == [
        "work-ethic", "self-review", "clear-communication"]


def test_guidance_extra_skills_activities_and_exports():
    review = load_example_review(SPEC, "stride-sports")
    doc = guidance_document(review, "Stride Sports", "new staff", extra=("patience",))
    assert [s.rating.skill for s in doc.sections][-1] == "patience" and len(doc.sections) == 4
    acts = load_development_activities(SPEC)
    for s in doc.sections:
        assert len(s.activities) >= 2 and all(a.timescale for a in s.activities)
        assert s.activities == tuple(acts.for_skill(s.rating.skill).activities)
    md = doc.to_markdown()
    assert md.startswith("# Developing customer service skills at Stride Sports")
    assert doc.sections[0].activities[0].timescale in md
    with pytest.raises(ValueError, match="ten customer service skills"):
        guidance_document(review, "Stride Sports", "new staff", extra=("juggling",))


def test_guidance_messages_and_escaping():
    with pytest.raises(ValueError, match="Rate all ten skills first. Still to rate: Patience"):
        guidance_document(_review({"attentiveness": 3}), "X", "Y")
    review = load_example_review(SPEC, "stride-sports")
    with pytest.raises(ValueError, match="who the guide is for"):
        guidance_document(review, "Stride Sports", " ")
    with pytest.raises(ValueError, match="Rate each skill from 1"):
        review.with_rating("patience", 7, "")
    hostile = review.with_rating("patience", 1, "<img src=x onerror=alert(1)>")
    body = guidance_document(hostile, "<b>Shop</b>", "staff").to_html_document()
    assert "<img" not in body and "&lt;img src=x" in body and "<b>Shop" not in body


# -- branching scenario ----------------------------------------------------------------------------
def test_worked_scenario_is_sound_with_good_and_poor_paths():
    sc = load_scenario(SPEC, "unhappy-customer")
    assert len(sc.nodes) >= 8 and sc.problems() == []
    assert {n.ending for n in sc.endings()} >= {"happy", "unhappy"}
    choices = [c for n in sc.nodes for c in n.choices]
    assert any(c.good for c in choices) and any(not c.good for c in choices)


def test_playing_the_happy_path_records_path_and_mood():
    play = ScenarioPlay(load_scenario(SPEC, "unhappy-customer"))
    for _ in range(5):
        play.choose(0)
    assert play.path() == ["arrival", "listening", "found-cause", "options", "place-offered", "happy-ending"]
    assert play.moods() == [-2, -1, -1, 0, 1, 2]
    assert play.finished and play.current.ending == "happy"
    assert play.skills_used()[0] == ("Attentiveness", True)
    with pytest.raises(ValueError, match="Start again"):
        play.choose(0)
    play.restart()
    assert play.path() == ["arrival"]
    with pytest.raises(ValueError, match="Choose one of the 3 options"):
        play.choose(3)


def _graph(nodes, start="a"):
    return {"id": "t", "title": "T", "setting": "S", "role": "R", "start": start, "nodes": nodes}


def _node(node_id, nexts=(), ending=None, mood=0):
    return {"id": node_id, "title": node_id, "customer": "says", "mood": mood, "ending": ending,
            "choices": [{"text": f"to {n}", "next": n, "feedback": "f", "skill": "patience", "good": True}
                        for n in nexts]}


@pytest.mark.parametrize(("nodes", "start", "message"), [
    ([_node("a", ["b"]), _node("z", ending="happy")], "a", "leading to 'b', which does not exist"),
    ([_node("a", ["z"]), _node("z", ending="happy"), _node("lost", ["z"])], "a", "never be reached.*lost"),
    ([_node("a", ["b", "z"]), _node("b"), _node("z", ending="happy")], "a", "'b' is a dead end"),
    ([_node("a", ["b", "z"]), _node("b", ["c"]), _node("c", ["b"]), _node("z", ending="happy")], "a",
     "no ending can be reached.*b, c"),
    ([_node("a", ["z"]), _node("z", ending="unhappy")], "a", "no happy ending"),
    ([_node("a", ["z"]), _node("z", ending="happy")], "q", "start step 'q' does not exist"),
    ([_node("a", ["z"]), _node("z", ["a"], ending="happy")], "a", "is an ending but still offers choices"),
])
def test_broken_scenarios_are_refused_with_the_reason(nodes, start, message):
    with pytest.raises(ValueError, match=message):
        parse(Scenario, _graph(nodes, start), "broken.yml")


def test_a_broken_scenario_file_names_the_file(tmp_path, monkeypatch):
    folder = tmp_path / SPEC
    folder.mkdir()
    (folder / "broken.yml").write_text(yaml.safe_dump(_graph([_node("a", ["gone"]), _node("z", ending="happy")])))
    (folder / "bad-skill.yml").write_text(yaml.safe_dump(_graph([
        {**_node("a", ["z"]), "choices": [{"text": "t", "next": "z", "feedback": "f", "skill": "juggling",
                                           "good": True}]}, _node("z", ending="happy")])))
    monkeypatch.setattr(common, "activities_dir", lambda: tmp_path)
    common.load_yaml.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"ocr-l2-u10/broken.yml: .*'gone', which does not exist"):
            load_scenario(SPEC, "broken")
        with pytest.raises(ValueError, match="juggling.*not one of the ten 4.2 skills"):
            load_scenario(SPEC, "bad-skill")
        with pytest.raises(ValueError, match="no activity data"):
            load_scenario(SPEC, "missing")
    finally:
        common.load_yaml.cache_clear()


def test_data_names_cannot_escape_the_data_folder():
    with pytest.raises(ValueError, match="not a data file name"):
        load_scenario(SPEC, "../../etc/passwd")


def test_cx_model_is_built_from_yaml_in_curriculum_order():
    model = build(CXModel, organisation="Oakfield", elements=[{"key": "retention", "what": "r", "why": "w"}])
    assert model.elements[-1].what == "r" and model.elements[0].key == "definition"
