"""The activity models (widgets.activities): validation messages, arithmetic worked by hand, graph checks."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.readable import assert_readable
from widgets.activities import common
from widgets.activities.action_plan import ActionPlan, load_action_plan, new_action
from widgets.activities.common import build, parse
from widgets.activities.cx_model import ELEMENT_KEYS, CXModel, blank_model, load_cx_model
from widgets.activities.reaction_log import ReactionLog, load_reaction_log, new_occasion
from widgets.activities.scenario import Scenario, ScenarioPlay, load_scenario
from widgets.activities.skills import (
    DEVELOPMENT_TYPES,
    SKILL_KEYS,
    SKILLS,
    DevelopmentEntry,
    DevelopmentLog,
    SkillsReview,
    guidance_document,
    load_development_activities,
    load_development_log,
    load_example_review,
    stock_texts,
)
from widgets.activities.skills_evidence import FORMS, SkillsEvidence, check_form, load_evidence_forms
from widgets.activities.sorting import SortingTask, load_sorting
from widgets.curriculum import load_spec

SPEC = "ocr-l2-u10"
EVIL = "<img src=x onerror=alert(1)>"


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


# -- hostile input: dates and lengths the toolkit cannot use (issue 14) --------------------------------
FAR_DATES = [(dt.date(1, 1, 1), dt.date(9999, 12, 31)), (dt.date(2026, 1, 1), dt.date(9999, 12, 31)),
             (dt.date(1999, 12, 31), dt.date(2026, 1, 1)), (dt.date(2026, 1, 1), dt.date(2100, 1, 1))]


@pytest.mark.parametrize(("start", "end"), FAR_DATES)
def test_an_action_with_dates_far_away_gets_a_message_and_never_reaches_the_chart(start, end):
    from widgets.activities.charts import timeline_chart

    with pytest.raises(ValueError) as info:
        _action(start=start, end=end)
    assert_readable(str(info.value), "1 January 2000 to 31 December 2099", "check the year")
    plan = build(ActionPlan, organisation="Stride Sports", actions=[_action()])
    with pytest.raises(ValueError):
        plan.add(_action(start=start, end=end))
    timeline_chart(plan).to_html()  # what the plan holds can always be drawn
    edge = _action(start=dt.date(2000, 1, 1), end=dt.date(2099, 12, 31))  # the whole range is fine
    assert edge.days == 36525
    timeline_chart(build(ActionPlan, organisation="Stride Sports", actions=[edge])).to_html()


@pytest.mark.parametrize("when", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1999, 12, 31)])
def test_an_occasion_dated_far_away_gets_a_message(when):
    with pytest.raises(ValueError) as info:
        _occasion(date=when)
    assert_readable(str(info.value), "date of the occasion", "2000", "2099")


def test_a_plan_and_a_log_have_at_most_max_rows():
    plan = build(ActionPlan, organisation="Stride Sports", actions=[_action()] * common.MAX_ROWS)
    with pytest.raises(ValueError) as info:
        plan.add(_action())
    assert_readable(str(info.value), f"at most {common.MAX_ROWS} actions")
    log = build(ReactionLog, organisation="Oakfield", occasions=[_occasion()] * common.MAX_ROWS)
    with pytest.raises(ValueError) as info:
        log.add(_occasion())
    assert_readable(str(info.value), f"at most {common.MAX_ROWS} occasions")
    assert len(log.occasions) == common.MAX_ROWS


def test_a_too_long_short_field_says_its_own_limit():
    with pytest.raises(ValueError) as info:
        _action(owner="x" * 201)
    assert_readable(str(info.value), "Owner", "under 200 characters")


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


def test_the_lowest_three_are_suggested_and_ties_keep_the_4_2_order():
    review = load_example_review(SPEC, "stride-sports")
    # Ratings: clear communication 2, product knowledge 2; then three skills on 3 (adaptability,
    # reading customers, self-review): adaptability is listed first in 4.2, so it is the third.
    assert [r.skill for r in review.lowest()] == ["clear-communication", "product-knowledge", "adaptability"]
    assert [r.skill for r in _review(dict.fromkeys(SKILL_KEYS, 3)).lowest()] == list(SKILL_KEYS[:3])
    # 5,4,3,2,1,5,4,3,2,1 in 4.2 order: the 1s are work ethic (5th) and self-review (10th); the first 2 is
    # clear communication (4th), ahead of following up (9th).
    ordered = _review({k: 5 - i % 5 for i, k in enumerate(SKILL_KEYS)})
    assert [r.skill for r in ordered.lowest()] == ["work-ethic", "self-review", "clear-communication"]
    with pytest.raises(ValueError, match="Rate all ten skills first. Still to rate: Patience"):
        _review({"attentiveness": 3}).lowest()
    with pytest.raises(ValueError, match="Rate each skill from 1"):
        review.with_rating("patience", 7, "")


OWN = {"activity": "Watched the duty manager on the desk", "type": "job-shadow", "what_i_did": "I watched her",
       "what_happened": "I learnt to pause", "recommendation": "Ask to shadow early on"}


def _log(*keys: str, **fields: str) -> DevelopmentLog:
    log = DevelopmentLog(organisation="Oakfield Leisure Centre", audience="new reception staff")
    for key in keys:
        log = log.with_entry(key, **{**OWN, **fields})
    return log


def test_d1_cannot_produce_a_document_without_the_learners_own_entries():
    """Issue 15: the guide comes only from the learner's experience, for at least three skills."""
    # No entries at all (the old tool made a finished document from ratings alone).
    with pytest.raises(ValueError) as info:
        guidance_document(DevelopmentLog(), "Stride Sports", "new staff")
    assert_readable(str(info.value), "your own experience", "at least 3 skills", "Complete: none yet")
    # Two complete skills are not enough.
    with pytest.raises(ValueError, match="at least 3 skills"):
        guidance_document(_log("patience", "attentiveness"))
    # Three skills, but one lacks what happened and the recommendation: still refused, saying what is missing.
    partial = _log("patience", "attentiveness").with_entry("adaptability", activity="Worked on the till",
                                                           type="other-area", what_i_did="I did")
    with pytest.raises(ValueError) as info:
        guidance_document(partial)
    assert_readable(str(info.value), "Adaptability still needs what happened, what you would recommend to others")
    # Ratings play no part: a complete self-review gives no document.
    assert not hasattr(load_example_review(SPEC, "stride-sports"), "entries")
    # Three complete skills: a document built from those entries and nothing else.
    doc = guidance_document(_log("patience", "attentiveness", "adaptability"))
    assert [e.skill for e in doc.sections] == ["patience", "attentiveness", "adaptability"]
    md = doc.to_markdown()
    assert "I learnt to pause" in md and "Job shadowing" in md
    acts = load_development_activities(SPEC)
    for stock in (acts.for_skill("patience").why_it_matters, acts.for_skill("patience").activities[0].evidence):
        assert stock not in md and stock not in doc.to_html_document()


def test_d1_stock_text_may_prompt_but_never_fill():
    acts = load_development_activities(SPEC)
    example = load_development_log(SPEC, "development-log-example")
    stock = stock_texts(acts, example)
    # The worked example's own words, copied in unchanged, are refused ...
    with pytest.raises(ValueError) as info:
        guidance_document(example, stock=stock)
    assert_readable(str(info.value), "in your own words", "Clear communication (what you did")
    # ... and so is a catalogue sentence typed in as "what happened" (spacing and case do not hide it).
    evidence = acts.for_skill("patience").activities[0].evidence
    copied = _log("patience", "attentiveness", "adaptability", what_happened="  " + evidence.upper())
    with pytest.raises(ValueError, match="own words"):
        guidance_document(copied, stock=stock)
    # The chosen catalogue activity may name the activity: that is the learner's choice, not filler.
    chosen = acts.for_skill("patience").activities[0]
    ok = _log("patience", "attentiveness", "adaptability", activity=chosen.activity, type=chosen.type)
    assert guidance_document(ok, stock=stock).sections[0].activity == chosen.activity
    # The book's worked example is one learner's own entries, so it lays out without the stock check.
    assert len(guidance_document(example).sections) == 3


def test_development_activities_are_labelled_with_known_types():
    acts = load_development_activities(SPEC)
    by_text = {a.activity: a.type for s in acts.skills for a in s.activities}
    assert set(by_text.values()) <= set(DEVELOPMENT_TYPES)
    # Working in another area yourself is not job shadowing; peer role-play is practice, not training.
    assert all(t == "other-area" for a, t in by_text.items() if "different area" in a)
    assert all(t == "practice" for a, t in by_text.items() if a.lower().startswith("role-play"))
    assert all(t != "job-shadow" or a.lower().startswith(("watch", "shadow")) for a, t in by_text.items())
    assert all(t != "training" or "course" in a or "training" in a for a, t in by_text.items())
    with pytest.raises(ValueError, match="type of activity"):
        build(DevelopmentEntry, skill="patience", type="job shadowing")


def test_guidance_messages_and_escaping():
    with pytest.raises(ValueError, match="who the guide is for"):
        guidance_document(_log("patience", "attentiveness", "adaptability"), "Stride Sports", " ")
    hostile = _log("patience", "attentiveness", "adaptability", what_happened="<img src=x onerror=alert(1)>")
    body = guidance_document(hostile, "<b>Shop</b>", "staff").to_html_document()
    assert "<img" not in body and "&lt;img src=x" in body and "<b>Shop" not in body
    with pytest.raises(ValueError) as info:
        _log("patience", what_i_did="x" * 2001)
    assert_readable(str(info.value), "What you did", "2000 characters")
    with pytest.raises(ValueError, match="only one entry"):
        build(DevelopmentLog, entries=[{"skill": "patience"}, {"skill": "patience"}])


# -- observation checklist and witness testimony (P9, D2) ---------------------------------------------
def test_evidence_forms_cover_the_ten_skills_and_say_what_each_row_needs():
    forms = load_evidence_forms(SPEC, "skills-evidence")
    assert forms.example.skill in SKILL_KEYS and not forms.example.missing
    for form in FORMS:
        blank = SkillsEvidence(form=form)
        assert [o.skill for o in blank.observations] == list(SKILL_KEYS)
        assert "0 of the 10 skills" in blank.summary() and blank.problems() == []
        md = blank.to_markdown()
        assert all(f". {s.label}" in md for s in SKILLS) and "D2" in md and "Date:" in md
    record = (SkillsEvidence(form="witness", learner="Sam")
              .with_observation("patience", when="Tue 10 March 2026, 11 am", where="Till", saw="A long queue",
                                action="Sam apologised for the wait", effect="The customer smiled")
              .with_observation("procedures", when="Wed 11 March 2026", saw="A refund without a receipt"))
    assert [o.skill for o in record.recorded()] == ["patience"]
    assert record.problems() == ["Following the organisation's procedures: add where; what the learner did; how "
                                 "it enhanced the customer's experience."]
    assert "P9: 1 of the 10 skills recorded in full (Patience)" in record.summary()
    record = record.with_turnaround(before="Arms folded, raised voice")
    assert "D2, an unhappy customer turned into a happy one: started, not complete" in record.summary()
    rows = list(csv.reader(io.StringIO(record.to_csv())))
    assert rows[0][5:] == ["criterion", "skill", "when", "where", "what_seen", "learner_action",
                           "effect_or_outcome"]
    assert len(rows) == 1 + 10 + 1 and rows[1][5:8] == ["P9", "Patience", "Tue 10 March 2026, 11 am"]
    assert rows[-1][5] == "D2" and rows[-1][9] == "Arms folded, raised voice"


def test_evidence_messages_and_escaping():
    with pytest.raises(ValueError) as info:
        SkillsEvidence().with_observation("patience", action="x" * 2001)
    assert_readable(str(info.value), "What the learner did", "2000 characters")
    with pytest.raises(ValueError, match="not one of the ten customer service skills"):
        SkillsEvidence().with_observation("juggling")
    with pytest.raises(ValueError, match="not a form"):
        check_form("essay")
    html_doc = SkillsEvidence(learner="<b>x</b>").with_observation("patience", saw=EVIL).to_html_document()
    assert "<img" not in html_doc and "&lt;img" in html_doc and "<b>x" not in html_doc


# -- branching scenario ----------------------------------------------------------------------------
def test_worked_scenario_is_sound_with_good_and_poor_paths():
    sc = load_scenario(SPEC, "unhappy-customer")
    assert len(sc.nodes) >= 8 and sc.problems() == []
    assert {n.ending for n in sc.endings()} >= {"happy", "unhappy"}
    choices = [c for n in sc.nodes for c in n.choices]
    assert any(c.good for c in choices) and any(not c.good for c in choices)


def test_following_the_procedure_is_never_the_fault_in_the_scenario():
    """Issue 15: poor choices are about attitude, communication or not taking ownership; following the
    organisation's procedure, applied with care, is shown as right."""
    sc = load_scenario(SPEC, "unhappy-customer")
    choices = [c for n in sc.nodes for c in n.choices]
    assert not [c.text for c in choices if c.skill == "procedures" and not c.good]
    right = [c for c in choices if c.skill == "procedures" and c.good]
    assert len(right) >= 2 and all("procedure" in c.text.lower() for c in right)


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
