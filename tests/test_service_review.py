"""Touchpoint analysis and service review (BTEC HN Unit 16, LO4): the importance–performance model, its
learner-readable refusals, the exports and the live view (no browser)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from widgets.activities.common import build
from widgets.activities.service_review import (
    CONCENTRATE,
    KEEP_UP,
    LOW_PRIORITY,
    OVERKILL,
    RatedTouchpoint,
    ServiceReview,
    document_html,
    from_json,
    importance_performance,
    load_service_review,
    measurable_problem,
    quadrant,
    service_review_html,
    to_csv,
    to_json,
    with_changes,
)

ROOT = Path(__file__).resolve().parents[1]
EVIL = "<img src=x onerror=alert(1)>"


def rated(name: str, importance: int, performance: int) -> RatedTouchpoint:
    return RatedTouchpoint(touchpoint=name, importance=importance, performance=performance, evidence="observed")


def test_quadrants_by_hand():
    # importance 5, 4, 2, 1 → mean 12 / 4 = 3.0; performance 2, 5, 1, 4 → mean 12 / 4 = 3.0
    tps = [rated("Check-in", 5, 2), rated("Welcome", 4, 5), rated("Parking", 2, 1), rated("Turn-down", 1, 4)]
    result = importance_performance(tps)
    assert (result.mean_importance, result.mean_performance) == (3.0, 3.0)
    assert [p.quadrant for p in result.placed] == [CONCENTRATE, KEEP_UP, LOW_PRIORITY, OVERKILL]


def test_a_rating_on_the_line_counts_as_high_and_the_lines_are_the_means():
    # importance 3, 5, 1 → mean 3; performance 3, 1, 2 → mean 2. "A" sits on both lines: high and high.
    result = importance_performance([rated("A", 3, 3), rated("B", 5, 1), rated("C", 1, 2)])
    assert (result.mean_importance, result.mean_performance) == (3.0, 2.0)
    assert [p.quadrant for p in result.placed] == [KEEP_UP, CONCENTRATE, OVERKILL]
    assert quadrant(4, 2, 3.5, 2.5) == CONCENTRATE and quadrant(3, 2, 3.5, 2.5) == LOW_PRIORITY


@pytest.mark.parametrize("importance, expected", [(0, "outside the scale"), (6, "outside the scale"),
                                                  ("4.5", "not a rating"),
                                                  ("", "not a rating"), (True, "whole number")])
def test_out_of_range_ratings_are_refused_in_words(importance, expected):
    with pytest.raises(ValueError, match=expected):
        build(RatedTouchpoint, touchpoint="Bar", importance=importance, performance=3, evidence="x")


def test_missing_evidence_and_duplicates_are_refused_in_words():
    with pytest.raises(ValueError, match="has no evidence"):
        build(RatedTouchpoint, touchpoint="Bar", importance=3, performance=3, evidence="  ")
    with pytest.raises(ValueError, match="rated twice"):
        build(ServiceReview, organisation="X", touchpoints=[rated("Bar", 3, 3).model_dump(),
                                                            rated(" bar ", 2, 2).model_dump()])
    with pytest.raises(ValueError, match="not a rated touchpoint"):
        build(ServiceReview, organisation="X", touchpoints=[rated("Bar", 3, 3).model_dump()],
              recommendations=[{"recommendation": "Do", "touchpoint": "Spa", "evidence": "x"}])
    with pytest.raises(ValueError, match="needs its evidence"):
        build(ServiceReview, organisation="X", touchpoints=[rated("Bar", 3, 3).model_dump()],
              recommendations=[{"recommendation": "Do", "touchpoint": "Bar", "evidence": ""}])
    with pytest.raises(ValueError, match="Rate at least one"):
        importance_performance([])


def test_standards_need_a_measurable_target_and_a_check():
    assert measurable_problem("within 2 hours") is None and measurable_problem("every guest") is None
    assert "no number, time or share" in measurable_problem("warmly and promptly")
    review = load_service_review("hn-l4-u16", "millbrook-service-review")
    with pytest.raises(ValueError, match="no number"):
        with_changes(review, standards=[{"standard": "Smile", "target": "warmly", "check": "observation"}])
    with pytest.raises(ValueError, match="is checked"):
        with_changes(review, standards=[{"standard": "Smile", "target": "every guest", "check": ""}])


def test_worked_example_quotes_the_case_file_standards_word_for_word():
    review = load_service_review("hn-l4-u16", "millbrook-service-review")
    case = yaml.safe_load((ROOT / "data/cases/hn-l4-u16/millbrook-hotels.yml").read_text(encoding="utf-8"))
    assert review.organisation == case["name"]
    assert review.case_standards == case["service_standards"]
    assert [s.standard for s in review.standards] == case["service_standards"]
    result = importance_performance(review.touchpoints)
    assert set(result.in_quadrant(CONCENTRATE)) >= {"Check-in", "Phone call to reception"}
    for r in review.recommendations:  # every recommendation is linked to a touchpoint in "Concentrate here"
        assert r.touchpoint in result.in_quadrant(CONCENTRATE)


def test_json_round_trip_and_bad_files():
    review = load_service_review("hn-l4-u16", "millbrook-service-review")
    assert from_json(to_json(review).encode("utf-8")) == review
    for bad, expected in [(b"", "empty"), (b"[" * 100 + b"]" * 100, "nested"), (b"\xff\xfe\x00", "UTF-8"),
                          (b"{nope", "valid JSON"), (b"[]", "not a review"),
                          (b'{"organisation": "X", "touchpoints": [{"touchpoint": "A", "importance": 9, '
                           b'"performance": 1, "evidence": "e"}]}', "outside the scale")]:
        with pytest.raises(ValueError, match=expected):
            from_json(bad)


def test_exports_escape_learner_text_and_neutralise_formulas():
    review = build(ServiceReview, organisation=EVIL, touchpoints=[
        {"touchpoint": EVIL, "importance": 5, "performance": 1, "evidence": "=HYPERLINK(\"x\")"}],
        standards=[{"standard": EVIL, "target": "within 2 hours", "check": "@SUM(1)"}],
        recommendations=[{"recommendation": EVIL, "touchpoint": EVIL, "evidence": "-2+3"}])
    for page in (document_html(review), service_review_html(review)):
        assert EVIL not in page and "&lt;img" in page
    rows = list(csv.reader(io.StringIO(to_csv(review))))
    cells = [c for row in rows for c in row]
    assert "'=HYPERLINK(\"x\")" in cells and "'@SUM(1)" in cells and "'-2+3" in cells


# -- the live view --------------------------------------------------------------------------------------------
@pytest.fixture
def view():
    from widgets.ui.activities.service_review import ServiceReviewView

    return ServiceReviewView.example()


def test_bad_input_gets_a_message_beside_the_form_and_keeps_the_work(view):
    before = view.review
    view.tp_name.value, view.tp_evidence.value = "Bar", "   "
    view.add_tp.click()
    assert "no evidence" in view.tp_msg.value and view.review == before
    assert view.tp_name.value == "Bar"  # the learner's text is kept
    view.tp_name.value = "Check-in"
    view.tp_evidence.value = "Queues seen on Friday"
    view.add_tp.click()
    assert "rated twice" in view.tp_msg.value and view.review == before
    view.std_text.value, view.std_target.value, view.std_check.value = "Smile", "warmly", "watching"
    view.add_std.click()
    assert "no number" in view.std_msg.value and view.std_target.value == "warmly"


def test_rate_link_and_remove(view):
    view.start_blank.click()
    assert view.review.touchpoints == [] and "Rate a touchpoint" in view.matrix.value
    for name, i, p in [("Check-in", 5, 2), ("Welcome", 4, 5), ("Parking", 2, 1), ("Turn-down", 1, 4)]:
        view.tp_name.value, view.importance.value, view.performance.value = name, i, p
        view.tp_evidence.value = f"Evidence for {name}"
        view.add_tp.click()
    assert "Concentrate here" in view.matrix.value and len(view.review.touchpoints) == 4
    view.rec_text.value, view.rec_tp.value, view.rec_evidence.value = "Second desk at peaks", "Check-in", "5 and 2"
    view.add_rec.click()
    assert view.review.recommendations[0].touchpoint == "Check-in"
    assert "(Concentrate here)" in view.recommendations.value
    view.rated.value = "Check-in"
    view.drop_tp.click()
    assert "remove them first" in view.tp_msg.value and len(view.review.touchpoints) == 4
    view.rated.value = "Parking"
    view.drop_tp.click()
    assert [t.touchpoint for t in view.review.touchpoints] == ["Check-in", "Welcome", "Turn-down"]
    view.prepare.click()
    assert view.downloads.value.count("download=") == 3


def test_reopen_a_saved_review(view):
    import datetime as dt

    view.start_blank.click()
    saved = to_json(load_service_review("hn-l4-u16", "millbrook-service-review")).encode("utf-8")
    view.upload.value = ({"name": "r.json", "type": "application/json", "size": len(saved),
                          "content": memoryview(saved), "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},)
    assert len(view.review.touchpoints) == 9 and "Reopened" in view.status.value
    view.upload.value = ({"name": "r.json", "type": "application/json", "size": 3, "content": memoryview(b"{x"),
                          "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},)
    assert "unchanged" in view.upload_message.value and len(view.review.touchpoints) == 9
