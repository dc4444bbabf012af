"""Progress files and the tutor's class view (widgets.progress): validation, grid, help rule, item analysis."""

from __future__ import annotations

import json
import math

import pytest

from widgets.exports import csv_text
from widgets.progress import (
    MAX_BYTES,
    criterion_grid,
    item_analysis,
    items_csv,
    load_class,
    needs_help,
    parse_progress,
    weakest_criteria,
)

SPEC = "cim-l6-cjo"


def progress_file(scores: dict[str, float], learner: str = "", criteria: dict[str, str] | None = None,
                  mocks: list | None = None) -> bytes:
    """A progress file (format cx-progress, version 1) with one practice attempt per question."""
    crit = criteria or {}
    questions = {q: {"criteria": [f"{SPEC}:{crit.get(q, '1.1')}"], "score": s, "correct": s == 1,
                     "at": "2026-12-01T10:00:00.000Z"} for q, s in scores.items()}
    d = {"format": "cx-progress", "version": 1, "exported": "2026-12-03T09:00:00.000Z",
         "specs": {SPEC: {"questions": questions, "mocks": mocks or []}}}
    if learner:
        d["learner"] = learner
    return json.dumps(d).encode()


def test_a_good_file_loads_with_its_learner_name_or_the_file_name():
    lp = parse_progress(progress_file({"q1": 1, "q2": 0.5}, learner="Asha"), "asha.json")
    assert lp.name == "Asha"
    assert lp.attempts["q2"].score == 0.5 and lp.attempts["q2"].criteria == (f"{SPEC}:1.1",)
    assert parse_progress(progress_file({"q1": 1}), "uploads/ben-smith.json").name == "ben-smith"


MOCK = {"key": f"cx-exam:{SPEC}:paper1", "paper": 1, "at": "2026-12-02T10:00:00.000Z", "how": "submitted",
        "score": 2, "questions": 3, "percent": 66.7, "band": "Pass", "criteria": {f"{SPEC}:1.1": {"score": 2, "n": 3}},
        "marks": {"e1": 1, "e2": 1, "e3": 0}}


@pytest.mark.parametrize(("raw", "reason"), [
    (b"{not json", "not valid JSON"),
    (json.dumps([1, 2]).encode(), "not a progress file"),
    (json.dumps({"format": "moodle", "version": 1, "specs": {}}).encode(), "not a progress file"),
    (json.dumps({"format": "cx-progress", "specs": {}}).encode(), "no version"),
    (json.dumps({"format": "cx-progress", "version": 2, "specs": {}}).encode(), "newer version"),
    (json.dumps({"format": "cx-progress", "version": 1,
                 "specs": {"aqa-gcse": {"questions": {}, "mocks": []}}}).encode(),
     "not a specification of this course"),
    (json.dumps({"format": "cx-progress", "version": 1, "learner": "x" * 101, "specs": {}}).encode(), "learner name"),
    (progress_file({"q1": 1.5}), "score must be a number from 0 to 1"),
    (progress_file({"q1": float("nan")}), "score must be a number from 0 to 1"),
    (progress_file({"Q 1": 1}), "not a question id"),
    (progress_file({"q1": 1}, criteria={"q1": "9.9"}).replace(f"{SPEC}:9.9".encode(), b"ocr-l2-u10:P1"),
     "criteria must be a list"),
    (progress_file({"q1": 1}).replace(b"2026-12-01T10:00:00.000Z", b"yesterday"), "at must be a date"),
    (progress_file({"q1": 1}).replace(b'"correct": true', b'"correct": "yes"'), "correct must be true or false"),
    (progress_file({}, mocks=[{**MOCK, "score": 5}]), "score no more than the questions"),
    (progress_file({}, mocks=[{**MOCK, "key": "cx-exam:ocr-l2-u10:paper1"}]), "not a mock exam"),
    (progress_file({}, mocks=[{**MOCK, "marks": {"e1": 2}}]), "question marks"),
    (b" " * (MAX_BYTES + 1), "larger than 2 MB"),
])
def test_a_bad_file_is_refused_with_its_reason(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_progress(raw, "bad.json")


def test_a_bad_file_is_named_and_skipped_while_the_rest_load():
    cls = load_class([("asha.json", progress_file({"q1": 1}, "Asha")), ("notes.json", b"hello"),
                      ("ben.json", progress_file({"q1": 0}, "Ben")), ("asha2.json", progress_file({"q1": 1}, "Asha"))])
    assert cls.names == ["Asha", "Ben", "Asha (2)"]
    assert cls.skipped == [("notes.json", "it is not valid JSON")]


def test_grid_help_and_weakest_follow_the_stated_rule():
    crit = {"a": "1.1", "b": "1.1", "c": "1.2"}
    cls = load_class([("1.json", progress_file({"a": 1, "b": 0, "c": 1}, "Asha", crit)),   # 1.1: 50 %, 1.2: 100 %
                      ("2.json", progress_file({"a": 1, "b": 1}, "Ben", crit)),            # 1.1: 100 %, 1.2 not tried
                      ("3.json", progress_file({"a": 0.6, "b": 0.6}, "Cai", crit))])       # 1.1: 60 % (not below)
    grid = {r["criterion"]: r for r in criterion_grid(cls, SPEC)}
    assert grid[f"{SPEC}:1.1"]["Asha"] == 0.5 and grid[f"{SPEC}:1.2"]["Ben"] is None
    assert math.isclose(grid[f"{SPEC}:1.1"]["Cai"], 0.6)
    helpers = needs_help(cls, SPEC)
    assert helpers[f"{SPEC}:1.1"] == ["Asha"]
    assert helpers[f"{SPEC}:1.2"] == ["Ben", "Cai"]
    assert set(helpers[f"{SPEC}:3.2"]) == {"Asha", "Ben", "Cai"}  # nobody tried it
    weakest = weakest_criteria(cls, SPEC, k=8)
    assert weakest[0]["need_help"] == 3 and weakest[0]["tried"] == 0
    assert [w["criterion"] for w in weakest][-2:] == [f"{SPEC}:1.2", f"{SPEC}:1.1"]


# Worked by hand. Five learners, three questions (1 = right):
#        q1 q2 q3        rest of test for q1 (mean of q2, q3)
#   L1   1  1  1         1
#   L2   1  1  0         0.5
#   L3   1  0  0         0
#   L4   0  1  0         0.5
#   L5   0  0  0         0
# Facility q1 = 3/5 = 0.6, q2 = 0.6, q3 = 1/5 = 0.2.
# q1: x - mean = (.4, .4, .4, -.6, -.6); rest - mean(0.4) = (.6, .1, -.4, .1, -.4)
#     Sxr = .24 + .04 - .16 - .06 + .24 = 0.30; Sxx = 1.20; Srr = 0.70; D = 0.30 / sqrt(0.84) = 0.3273
# q3: x - 0.2 = (.8, -.2, -.2, -.2, -.2); rest (1, 1, .5, .5, 0) - 0.6 = (.4, .4, -.1, -.1, -.6)
#     Sxr = .32 - .08 + .02 + .02 + .12 = 0.40; Sxx = 0.80; Srr = 0.70; D = 0.40 / sqrt(0.56) = 0.5345
# Moodle's rest-of-test is the sum (2, 1, 0, 1, 0) for q1: twice the mean for everyone, so the same D.
HAND = {"L1": (1, 1, 1), "L2": (1, 1, 0), "L3": (1, 0, 0), "L4": (0, 1, 0), "L5": (0, 0, 0)}


def _hand_class(extra: dict[str, float] | None = None):
    return load_class([(f"{name}.json", progress_file({"q1": a, "q2": b, "q3": c, **(extra or {})}, name))
                       for name, (a, b, c) in HAND.items()])


def test_item_analysis_matches_the_hand_worked_example():
    rows = {r["question"]: r for r in item_analysis(_hand_class())}
    assert rows["q1"]["facility"] == pytest.approx(0.6) and rows["q3"]["facility"] == pytest.approx(0.2)
    assert rows["q1"]["discrimination"] == pytest.approx(0.30 / math.sqrt(0.84))
    assert rows["q1"]["discrimination"] == pytest.approx(0.3273, abs=1e-4)
    assert rows["q2"]["discrimination"] == pytest.approx(0.3273, abs=1e-4)
    assert rows["q3"]["discrimination"] == pytest.approx(0.5345, abs=1e-4)
    assert all(r["flag"] == "" for r in rows.values())  # facility 0.2 is not below 0.2; every D is above 0.2


def test_a_question_everyone_gets_right_is_flagged_and_does_not_change_the_others():
    rows = {r["question"]: r for r in item_analysis(_hand_class({"q4": 1}))}
    assert rows["q4"]["facility"] == 1 and rows["q4"]["discrimination"] is None
    assert "very easy" in rows["q4"]["flag"]
    # the rest of the test gains 1 for everyone: a shift and a common scale, so D is unchanged
    assert rows["q1"]["discrimination"] == pytest.approx(0.3273, abs=1e-4)


def test_a_question_the_weaker_learners_get_right_is_flagged():
    cls = load_class([(f"{n}.json", progress_file({"q1": a, "q2": b, "q3": c, "q5": 1 - a}, n))
                      for n, (a, b, c) in HAND.items()])
    rows = {r["question"]: r for r in item_analysis(cls)}
    assert rows["q5"]["discrimination"] < 0 and "negative discrimination" in rows["q5"]["flag"]


def test_mock_marks_join_the_item_analysis_and_the_later_attempt_wins():
    cls = load_class([("a.json", progress_file({"e1": 0}, "Asha", mocks=[MOCK]))])
    rows = {r["question"]: r for r in item_analysis(cls)}
    assert set(rows) == {"e1", "e2", "e3"} and rows["e1"]["facility"] == 1  # the mock (2 Dec) is later than 1 Dec


def test_csv_downloads_neutralise_formulae():
    cls = load_class([("=cmd.json", progress_file({"q1": 1}, "=HYPERLINK(\"x\")"))])
    text = items_csv(cls)
    assert text.splitlines()[0] == "question,learners,facility index,discrimination index,flag"
    from widgets.progress import grid_csv
    grid = grid_csv(cls, SPEC)
    assert "'=HYPERLINK" in grid and ",=HYPERLINK" not in grid
    assert csv_text([["=1+1"]]).startswith("'=")


def test_the_class_view_names_the_bad_file_and_escapes_learner_names():
    from widgets.ui.class_progress import ClassProgressView

    view = ClassProgressView()
    view.load_files([("a.json", progress_file({"cjo-x": 1}, "<img src=x onerror=alert(1)>")),
                     ("b.json", progress_file({"cjo-x": 0}, "Ben")), ("evil<b>.json", b"[]")])
    assert "2 learners loaded" in view.status.value
    assert "evil&lt;b&gt;.json" in view.status.value and "<img" not in view.status.value + view.grid.value
    assert "&lt;img src=x" in view.grid.value
    assert "item-analysis.csv" in view.downloads.value


def test_the_progress_page_lists_every_criterion_with_links():
    from widgets.bookgen import toc
    from widgets.curriculum import load_all, load_spec
    from widgets.progress import progress_page_data

    data = progress_page_data("book")
    assert [s["id"] for s in data["specs"]] == [s.id for s in load_all()]
    for spec in data["specs"]:
        assert [c["id"] for c in spec["criteria"]] == [c.id for c in load_spec(spec["id"]).criteria()]
        assert all(c["teach"] for c in spec["criteria"])
    l6 = {c["id"]: c for c in data["specs"][-1]["criteria"]}
    assert any("91-practice-1-1.html#" in p["url"] for p in l6["1.1"]["practice"])
    start = toc(load_all())["parts"][0]["chapters"]
    assert {"file": "book/progress"} in start
