"""The Delphi panel's model (CIM L6, criterion 2.3): quartiles by the course's one method, checked against
medians and IQRs computed by hand; the scripted revision rule, reproducible and dependent on the feedback the
learner chooses; the stopping rule; the feedback on the learner's choices; bad input answered in words; saved
runs that reopen; and exports that are escaped and safe."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from widgets.activities.common import activities_dir
from widgets.activities.delphi import (
    DelphiRun,
    DelphiTask,
    RoundChoice,
    choice_feedback,
    delphi_html,
    document_html,
    evidence_point,
    from_json,
    half_up,
    linear_iqr,
    load_delphi,
    make_rule,
    new_run,
    next_round,
    read_max_rounds,
    read_threshold,
    run_rounds,
    stop,
    summarise,
    to_csv,
    to_json,
    with_rule,
)

TASK = load_delphi("cim-l6-cjo", "fern-delphi")
CASE = yaml.safe_load((activities_dir().parent / "cases" / "cim-l6-cjo" / "fern-and-field.yml").read_text())
EVIL = "<img src=x onerror=alert(1)>"


def run_with(*feedback: str, questions: tuple[str, ...] = (), **rule) -> DelphiRun:
    run = new_run(TASK, make_rule(**{"max_iqr": 3, "max_median_change": 1, "combine": "both", "max_rounds": 6,
                                     **rule}))
    for k, fb in enumerate(feedback):
        run = next_round(TASK, run, fb, questions[k] if k < len(questions) else "")
    return run


# -- quartiles: the course's method, by hand ----------------------------------------------------------------------
def test_round_one_by_hand():
    # 80 82 83 84 85 | 86 | 87 88 90 92 95: median 86; lower half 80..85 → Q1 83; upper 87..95 → Q3 90; IQR 7.
    s = summarise(e.estimate for e in TASK.experts)
    assert (s.n, s.median, s.q1, s.q3, s.iqr, s.low, s.high) == (11, 86, 83, 90, 7, 80, 95)
    # Linear interpolation: position 2.5 → 83.5, position 7.5 → 89: IQR 5.5, not 7 (the chapter's warning).
    assert linear_iqr(e.estimate for e in TASK.experts) == pytest.approx(5.5)


def test_the_chapter_example_by_hand():
    # chapters/cim-l6-cjo/02b…: 78 80 82 84 | 85 | 86 88 90 95 → median 85, Q1 81, Q3 89, IQR 8; linear gives 6.
    r1 = [78, 80, 82, 84, 85, 86, 88, 90, 95]
    s = summarise(r1)
    assert (s.median, s.q1, s.q3, s.iqr) == (85, 81, 89, 8)
    assert linear_iqr(r1) == 6
    s3 = summarise([82, 83, 84, 84, 85, 85, 86, 86, 88])
    assert (s3.median, s3.q1, s3.q3, s3.iqr) == (85, 83.5, 86, 2.5)


def test_even_count_and_edge_cases():
    s = summarise([10, 1, 4, 7, 3, 9])  # 1 3 4 | 7 9 10: median 5.5, Q1 3, Q3 9
    assert (s.median, s.q1, s.q3, s.iqr) == (5.5, 3, 9, 6)
    one = summarise([42])
    assert (one.median, one.iqr) == (42, 0)
    with pytest.raises(ValueError, match="no estimates"):
        summarise([])
    for odd in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="ordinary number"):
            summarise([1, odd, 3])


def test_half_up():
    assert [half_up(x) for x in (84.5, 85.5, 83.6, 84.4999999999, 86.8)] == [85, 86, 84, 85, 87]


# -- the revision rule ----------------------------------------------------------------------------------------------
def test_median_feedback_by_hand():
    """Median only: each expert moves `conform` of the way to 86, rounded halves up (the YAML's weights)."""
    r2 = run_rounds(TASK, run_with("median"))[1]
    # A 80 (holds out); B 88−0.6×2=86.8→87; C 84+0.3×2=84.6→85; D 90−0.2×4=89.2→89; E 85+0.5=85.5→86; F 86;
    # G 87−0.6=86.4→86; H 92−0.8×6=87.2→87; I 82+0.4×4=83.6→84; J 83+0.5×3=84.5→85; K 95−0.7×9=88.7→89
    assert r2.estimates == (80, 87, 85, 89, 86, 86, 86, 87, 84, 85, 89)
    assert (r2.summary.median, r2.summary.q1, r2.summary.q3, r2.summary.iqr) == (86, 85, 87, 2)
    assert r2.shown_point == 86


def test_reasons_feedback_by_hand():
    """Reasons of the extremes: below Q1 83 are 80 (strong) and 82 (strong); above Q3 90 are 92 and 95 (weak).
    Evidence point (86 + 80 + 82) / 3 = 82⅔; each expert moves `evidence` of the way there."""
    rounds = run_rounds(TASK, run_with("reasons"))
    assert rounds[1].shown_point == pytest.approx(248 / 3)
    # B 88+0.5×(−5⅓)=85.33→85; K 95+0.8×(−12⅓)=85.13→85; D 90+0.2×(−7⅓)=88.53→89; I 82+0.3×⅔=82.2→82
    assert rounds[1].estimates == (80, 85, 84, 89, 84, 84, 84, 85, 82, 83, 85)
    s = rounds[1].summary
    assert (s.median, s.q1, s.q3, s.iqr) == (84, 83, 85, 2)


def test_full_feedback_uses_every_strong_reason():
    s = summarise(e.estimate for e in TASK.experts)
    est = tuple(e.estimate for e in TASK.experts)
    # strong: 80, 84, 90, 82 → (86 + 80 + 84 + 90 + 82) / 5 = 84.4
    assert evidence_point(TASK, est, s, "full") == pytest.approx(84.4)
    assert evidence_point(TASK, est, s, "median") == 86


def test_feedback_changes_the_outcome_and_is_reproducible():
    medians = {fb: run_rounds(TASK, run_with(fb, fb))[-1].summary.median for fb in ("median", "reasons", "full")}
    assert medians == {"median": 86, "reasons": 84, "full": 85}  # conformity keeps 86; reasons move it
    assert run_rounds(TASK, run_with("reasons", "full")) == run_rounds(TASK, run_with("reasons", "full"))


def test_holdout_never_moves_and_questions_nudge():
    for fb in ("median", "reasons", "full"):
        assert {r.estimates[0] for r in run_rounds(TASK, run_with(fb, fb, fb))} == {80}
    asked = run_rounds(TASK, run_with("reasons", questions=("cause",)))[1]
    plain = run_rounds(TASK, run_with("reasons"))[1]
    assert asked.estimates[0] == plain.estimates[0] + 2        # the holdout updates on evidence, +2
    assert asked.estimates[-1] == plain.estimates[-1] - 2      # the designer, −2
    leading = run_rounds(TASK, run_with("median", questions=("target-check",)))[1]
    assert leading.summary.median > run_rounds(TASK, run_with("median"))[1].summary.median  # anchoring


# -- the stopping rule -----------------------------------------------------------------------------------------------
def test_stopping_rule_both_and_either():
    both = run_rounds(TASK, run_with("reasons", "reasons"))
    assert [r.stop_met for r in both] == [False, False, True]   # round 2: IQR 2 but the median moved 2
    assert "median moved 2 > 1" in both[1].stop_why
    either = run_rounds(TASK, run_with("reasons", combine="either"))
    assert either[1].stop_met and "IQR 2 ≤ 3" in either[1].stop_why
    limit = run_rounds(TASK, run_with("reasons", max_iqr=0, max_median_change=0, max_rounds=2))
    assert limit[1].stop_met and "Round limit reached" in limit[1].stop_why


def test_worked_run_matches_the_yaml_judgement():
    rounds = run_rounds(TASK, TASK.worked)
    assert len(rounds) == 3 and all(c.feedback == TASK.default_feedback for c in TASK.worked.choices)
    last = rounds[-1].summary
    assert (last.median, last.iqr) == (84, 1) and rounds[-1].stop_met and not rounds[1].stop_met
    assert "IQR 1 point in round 3, median 84%" in " ".join(TASK.worked.judgement.split())


def test_case_facts_match_the_case_file():
    kpi = CASE["journey_kpis"]["first_attempt_delivery_rate"]
    assert (TASK.baseline, TASK.target) == (kpi["value"], kpi["target"]) == (71, 92)
    assert CASE["pain_points"][3] in TASK.context
    assert 9 <= len(TASK.experts) <= 12
    damage = next(q for q in TASK.questions if q.id == "damage")
    assert f"{CASE['delivery']['damage_claim_share'] * 100:.1f}%" in damage.answer


# -- feedback on choices ---------------------------------------------------------------------------------------------
def texts(run: DelphiRun) -> str:
    return " ".join(n.text for n in choice_feedback(TASK, run))


def test_feedback_stopping_at_round_one():
    run = stop(new_run(TASK), "consensus", "they agree", "enough")
    assert "stopped at round 1" in texts(run)


def test_feedback_conformity_treated_as_truth_and_ignored_outlier():
    run = stop(run_with("median", "median"), "consensus", "Everyone agrees on 86.", "rule met")
    words = texts(run)
    assert "treating conformity as truth" in words
    assert "does not mention them" in words and "Expert A" in words


def test_feedback_rewards_reasons_and_naming_the_outlier():
    run = stop(run_with("reasons", "reasons"), "stable disagreement", "The holdout at 80 has a strong reason.",
               "rule met in round 3")
    levels = {n.level for n in choice_feedback(TASK, run)}
    assert levels == {"good"}


def test_feedback_running_past_the_rule_and_leading_question():
    run = stop(run_with("median", "median", questions=("", "target-check")), "conformity", "outlier at 80", "why not")
    words = texts(run)
    assert "met in round 2 but you ran to round 3" in words and "leading question" in words.lower()


# -- bad input: a sentence, nothing changed ---------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "words"), [
    ("abc", "not a number"), ("", "enter a number"), ("-1", "below zero"), ("101", "more than 100"),
    ("9" * 400, "not a number"), ("nan", "not a number"), ("1e400", "too large"),
])
def test_bad_thresholds(value, words):
    with pytest.raises(ValueError, match=words):
        read_threshold(value, "IQR at most (points)")


@pytest.mark.parametrize(("value", "words"), [
    ("1", "too few"), ("7", "too many"), ("2.5", "whole number"), ("four", "not a number"), ("0", "too few"),
])
def test_bad_max_rounds(value, words):
    with pytest.raises(ValueError, match=words):
        read_max_rounds(value)


def test_bad_run_steps():
    run = run_with(max_rounds=2)
    with pytest.raises(ValueError, match="choose one of the options"):
        next_round(TASK, run, "everything")
    with pytest.raises(ValueError, match="not one of the clarifying questions"):
        next_round(TASK, run, "reasons", "what-is-love")
    once = next_round(TASK, run_with(), "reasons", "cause")
    with pytest.raises(ValueError, match="already been answered"):
        next_round(TASK, once, "reasons", "cause")
    two = next_round(TASK, run, "reasons")
    with pytest.raises(ValueError, match="at most 2 rounds"):
        next_round(TASK, two, "reasons")
    with pytest.raises(ValueError, match="fixed once round 2"):
        with_rule(two, make_rule(3, 1, "both", 4))
    with pytest.raises(ValueError, match="Choose your judgement|choose consensus"):
        stop(two, "", "x", "y")
    with pytest.raises(ValueError, match="Write your judgement"):
        stop(two, "consensus", "   ", "y")
    with pytest.raises(ValueError, match="Write why you stop"):
        stop(two, "consensus", "x", "")
    with pytest.raises(ValueError, match="under 2000 characters"):
        stop(two, "consensus", "x" * 2001, "y")
    done = stop(two, "consensus", "x", "y")
    with pytest.raises(ValueError, match="stopped the panel"):
        next_round(TASK, done, "reasons")
    with pytest.raises(ValueError, match="already stopped"):
        stop(done, "consensus", "x", "y")


# -- save and reopen -----------------------------------------------------------------------------------------------
def test_save_and_reopen_round_trip():
    run = stop(run_with("reasons", "full", questions=("scope",)), "stable disagreement", EVIL, "rule met")
    again = from_json(TASK, to_json(TASK, run).encode())
    assert again == run and run_rounds(TASK, again) == run_rounds(TASK, run)


@pytest.mark.parametrize(("content", "words"), [
    (b"", "empty"),
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00", "not a text"),
    (json.dumps({"kind": "cx-service-review", "schema_version": 1}).encode(), "not a Delphi run"),
    (json.dumps({"kind": "cx-delphi-run", "schema_version": 9}).encode(), "different version"),
    (b"[" * 50 + b"]" * 50, "nested"),
    (b"x" * 300_000, "at most 200 kB"),
])
def test_reopen_refuses_bad_files(content, words):
    with pytest.raises(ValueError, match=words):
        from_json(TASK, content)


def test_reopen_refuses_damaged_runs():
    good = json.loads(to_json(TASK, run_with("reasons")))
    for change, words in ((dict(choices=[{"feedback": "shout", "question": ""}]), "choose one of the options"),
                          (dict(choices=[{"feedback": "median", "question": "nope"}]), "not one of the clarifying"),
                          (dict(rule={"max_iqr": -3, "max_median_change": 1, "combine": "both", "max_rounds": 4}),
                           "below zero"),
                          (dict(choices=[{"feedback": "median", "question": ""}] * 6), "at most"),
                          (dict(stopped=True), "Choose your judgement"),
                          (dict(extra=1), "cannot be opened")):
        with pytest.raises(ValueError, match=words):
            from_json(TASK, json.dumps({**good, **change}))


# -- exports --------------------------------------------------------------------------------------------------------
def test_exports_escape_and_neutralise():
    run = stop(run_with("reasons"), "conformity", EVIL, "=HYPERLINK(\"http://x\")")
    page = document_html(TASK, run)
    assert EVIL not in page and "&lt;img" in page
    rows = list(csv.reader(io.StringIO(to_csv(TASK, run))))
    assert rows[0][0] == "row" and len([r for r in rows if r[0] == "estimate"]) == 2 * len(TASK.experts)
    why = next(r for r in rows if r[0] == "why stop")
    assert not why[-1].startswith("=")
    summary = [r for r in rows if r[0] == "summary"]
    assert [r[4:7] for r in summary] == [["86", "83", "90"], ["84", "83", "85"]]


def test_static_html_for_the_book():
    page = delphi_html(TASK, TASK.worked, "<p>link</p>")
    assert "Round 3" in page and "Median <strong>84</strong>" in page and "<p>link</p>" in page
    assert "linear interpolation" in page and "Dot plot" in page


def test_task_file_checks():
    data = yaml.safe_load((activities_dir() / "cim-l6-cjo" / "fern-delphi.yml").read_text())
    bad = {**data, "experts": data["experts"][:3]}
    with pytest.raises(ValueError):
        DelphiTask.model_validate(bad)
    assert RoundChoice().feedback == "reasons"
