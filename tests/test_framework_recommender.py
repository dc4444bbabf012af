"""Framework recommender (CIM L4 3.2): weighted totals worked by hand, the sensitivity check, the completeness
checks, bad input answered in words (model and view), save and reopen, exports and the book's static form."""

from __future__ import annotations

import csv
import io
import json

import pytest

from widgets.activities.common import build
from widgets.activities.framework_recommender import (
    RecommenderWork,
    blank_work,
    checks,
    document_html,
    from_json,
    load_recommender_task,
    sensitivity,
    sensitivity_summary,
    to_csv,
    to_json,
    totals,
    totals_chart,
    with_context,
    with_criteria,
    with_recommendation,
    with_score,
)

TASK = load_recommender_task("cim-l4-cx", "cx-frameworks")
EVIL = "<img src=x onerror=alert(1)>"
FWS = ("rater", "idic", "three-pillars")


def scored(weights=(60, 40), scores=((4, 2), (3, 5), (2, 2)), reason="a reason with enough words") -> RecommenderWork:
    """Two criteria; ``scores[f]`` are framework f's scores on c1 and c2."""
    work, _ = with_criteria(blank_work(TASK), [("Cost", str(weights[0])), ("Fit", str(weights[1]))])
    for fid, pair in zip(FWS, scores, strict=True):
        for cid, value in zip(("c1", "c2"), pair, strict=True):
            work = with_score(TASK, work, fid, cid, str(value), reason)
    return work


def test_weighted_totals_by_hand():
    # RATER (60 × 4 + 40 × 2) ÷ 100 = 320 ÷ 100 = 3.20; IDIC (60 × 3 + 40 × 5) ÷ 100 = 3.80;
    # pillars (60 × 2 + 40 × 2) ÷ 100 = 2.00. Ranking IDIC, RATER, pillars.
    result = totals(TASK, scored())
    assert [round(t.total, 6) for t in result.totals] == [3.2, 3.8, 2.0]
    assert [t.framework for t in result.ranking] == ["idic", "rater", "three-pillars"]
    assert result.totals[0].working == "RATER: (60 × 4 + 40 × 2) ÷ 100 = 320 ÷ 100 = 3.20"
    assert not result.tie


def test_worked_example_by_hand():
    # RATER (20×4 + 25×5 + 25×3 + 15×4 + 15×4) = 400 → 4.00; IDIC 290 → 2.90; pillars 315 → 3.15.
    result = totals(TASK, TASK.worked)
    assert [round(t.total, 6) for t in result.totals] == [4.0, 2.9, 3.15]
    assert result.winner.name == "RATER" and result.runner_up.name == "The three pillars"
    assert checks(TASK, TASK.worked) == []


def test_sensitivity_break_even_by_hand():
    # Criterion c1 (weight 60): IDIC total(x) = (3x + 5(100 − x)) ÷ 100, RATER (4x + 2(100 − x)) ÷ 100:
    # equal when 500 − 2x = 200 + 2x, x = 75. 15 points away: not sensitive (> 10).
    rows = sensitivity(TASK, scored())
    assert rows[0].change_at == pytest.approx(75.0) and rows[0].new_winner == "RATER" and not rows[0].sensitive
    # c2 (weight 40) is the same line seen from the other side: x = 100 − 75 = 25.
    assert rows[1].change_at == pytest.approx(25.0)
    result = totals(TASK, scored(weights=(65, 35)))  # IDIC 3.7, RATER 3.3; break-even still 75: 10 points away
    rows = sensitivity(TASK, scored(weights=(65, 35)), result)
    assert rows[0].sensitive and "Sensitive" in sensitivity_summary(rows, result)


def test_worked_example_sensitivity():
    rows = sensitivity(TASK, TASK.worked)
    touch = next(r for r in rows if r.criterion.startswith("Guides action"))
    assert touch.new_winner == "The three pillars" and touch.change_at == pytest.approx(47.37, abs=0.01)
    assert next(r for r in rows if r.criterion.startswith("Measures")).change_at is None
    assert sensitivity_summary(rows, totals(TASK, TASK.worked)).startswith("Robust")


def test_a_tie_is_said():
    from widgets.activities.framework_recommender import working_html

    work = scored(scores=((3, 3), (3, 3), (1, 1)))
    result = totals(TASK, work)
    assert result.tie and "Two frameworks are level" in working_html(TASK, work, result)
    assert "level" not in working_html(TASK, TASK.worked, totals(TASK, TASK.worked)).split("Sensitivity")[0]


def test_checks_list_what_is_missing():
    work = blank_work(TASK)
    notes = " ".join(checks(TASK, work))
    assert "add up to 0, not 100" in notes and "score(s) still to give" in notes and "Choose the framework" in notes
    work = scored(reason="ok")
    assert any("needs a reason of at least 4 words" in n for n in checks(TASK, work))
    work = with_recommendation(TASK, scored(), "idic", "word " * 45 + "because", "word " * 30)
    notes = " ".join(checks(TASK, work))
    assert "does not name IDIC" in notes
    work = with_recommendation(TASK, scored(), "idic", "IDIC fits because " + "word " * 45, "word " * 30)
    assert "Address the runner-up, RATER" in " ".join(checks(TASK, work))
    work = with_recommendation(TASK, scored(), "idic", "IDIC fits because " + "word " * 45,
                               "RATER measures quality better " + "word " * 30)
    assert checks(TASK, work) == []
    work = with_recommendation(TASK, scored(), "rater", "RATER fits because " + "word " * 45,
                               "It is cheaper " + "word " * 30)
    notes = " ".join(checks(TASK, work))
    assert "Address the framework that scored highest, IDIC" in notes and "Your scores put IDIC first" in notes
    own = with_context(scored(), "own", "", "small")
    assert any("Name your organisation" in n for n in checks(TASK, own))
    assert any("Profile your organisation" in n for n in checks(TASK, own))
    zero, _ = with_criteria(blank_work(TASK), [("A", "100"), ("B", "0")])
    assert any("weight of 0" in n for n in checks(TASK, zero))


BAD_SCORES = [("", "Give a score"), ("abc", "is not a score"), ("0", "outside the scale"), ("6", "outside the scale"),
              ("2.5", "not a whole number"), ("-1", "outside the scale"), ("1e400", "is not a score")]


@pytest.mark.parametrize(("typed", "message"), BAD_SCORES)
def test_bad_scores_are_refused_in_words(typed, message):
    work = scored()
    with pytest.raises(ValueError, match=message):
        with_score(TASK, work, "rater", "c1", typed, "a good reason here")


BAD_WEIGHTS = [
    ([("A", "lots"), ("B", "50")], "is not a number"),
    ([("A", "-5"), ("B", "50")], "is negative"),
    ([("A", "150"), ("B", "50")], "more than all 100 points"),
    ([("A", "50")], "at least 2 criteria"),
    ([("A", "50"), ("a", "50")], "same name"),
    ([("", "50"), ("B", "50")], "has a weight but no criterion"),
    ([("A" * 81, "50"), ("B", "50")], "under 80 characters"),
    ([("A", "10")] * 7, "at most 6 criteria"),
]


@pytest.mark.parametrize(("rows", "message"), BAD_WEIGHTS)
def test_bad_criteria_and_weights_are_refused_in_words(rows, message):
    with pytest.raises(ValueError, match=message):
        with_criteria(blank_work(TASK), rows)


def test_other_bad_input_is_refused_in_words():
    work = scored()
    with pytest.raises(ValueError, match="Give a reason"):
        with_score(TASK, work, "rater", "c1", "3", "  ")
    with pytest.raises(ValueError, match="under 2000 characters"):
        with_score(TASK, work, "rater", "c1", "3", "x" * 2001)
    with pytest.raises(ValueError, match="not one of the frameworks"):
        with_score(TASK, work, "nps", "c1", "3", "a good reason")
    with pytest.raises(ValueError, match="Choose one of your criteria"):
        with_score(TASK, work, "rater", "c9", "3", "a good reason")
    with pytest.raises(ValueError, match="not one of the frameworks"):
        with_recommendation(TASK, work, "balanced-scorecard", "", "")
    with pytest.raises(ValueError, match="Choose the context"):
        with_context(work, "elsewhere")
    with pytest.raises(ValueError, match="under 2000 characters"):
        with_recommendation(TASK, work, "rater", "x" * 2001, "")
    with pytest.raises(ValueError, match="under 120 characters"):
        with_context(work, "own", "x" * 121, "")
    uneven, _ = with_criteria(work, [("Cost", "60"), ("Fit", "30")])
    with pytest.raises(ValueError, match="add up to 90, not 100"):
        totals(TASK, uneven)
    more, _ = with_criteria(work, [("Cost", "60"), ("Fit", "30"), ("New", "10")])
    with pytest.raises(ValueError, match="still to score RATER on “New”"):
        totals(TASK, more)


def test_renaming_keeps_scores_and_removing_drops_them():
    work = scored()
    renamed, dropped = with_criteria(work, [("Cost to run", "60"), ("Fit", "40")])
    assert dropped == 0 and len(renamed.scores) == 6
    fewer, dropped = with_criteria(work, [("Cost", "50"), ("", ""), ("New", "50")])
    assert dropped == 3 and {s.criterion for s in fewer.scores} == {"c1"}


def test_save_and_reopen_and_bad_files():
    work = with_recommendation(TASK, with_context(scored(reason=EVIL + " four words"), "own", "Acme", "p"),
                               "idic", "IDIC", "")
    assert from_json(to_json(work), TASK) == work
    assert from_json(to_json(TASK.worked).encode("utf-8"), TASK) == TASK.worked
    data = json.loads(to_json(work))
    for bad, message in [("", "empty"), ("{", "not valid JSON"), (json.dumps({**data, "kind": "x"}), "not"),
                         (json.dumps({**data, "schema_version": 9}), "different version"),
                         (json.dumps({**data, "recommendation": "nps"}), "not one of the frameworks"),
                         (json.dumps({**data, "scores": [{**data["scores"][0], "score": 9}]}), "cannot be opened"),
                         (b"\xff\xfe" * 10, "not a text"), ("x" * 2_000_001, "at most 1 MB")]:
        with pytest.raises(ValueError, match=message):
            from_json(bad, TASK)


def test_exports_escape_text_and_neutralise_formulas():
    work = with_score(TASK, scored(), "rater", "c1", "4", "=HYPERLINK(\"http://x\") " + EVIL)
    work = with_recommendation(TASK, work, "rater", "@SUM(A1) " + EVIL, "")
    rows = list(csv.reader(io.StringIO(to_csv(TASK, work))))
    assert rows[0] == ["Criterion", "Weight", "Framework", "Score", "Reason"]
    assert all(not cell.startswith(("=", "@", "+")) for row in rows for cell in row)
    assert any(r[0] == "Weighted total" and r[2] == "IDIC" and r[3] == "3.8" for r in rows)
    page = document_html(TASK, work)
    assert EVIL not in page and "&lt;img" in page and "Sensitivity check" in page
    assert "Weighted totals" in document_html(TASK, work) and "<!DOCTYPE html>" in page
    assert "add up to 0, not 100" in document_html(TASK, blank_work(TASK))


def test_chart_has_a_description():
    chart = totals_chart(totals(TASK, TASK.worked))
    assert chart.description.startswith("Bar chart") and "RATER 4.00; The three pillars 3.15; IDIC 2.90" in \
        chart.description


def test_static_form_describes_the_frameworks_with_sources():
    from widgets.ui.activities.framework_recommender import framework_recommender_static

    page = framework_recommender_static("cim-l4-cx", "cx-frameworks")
    for needed in ("Zeithaml, A. Parasuraman and L. L. Berry (1990)", "Peppers and M. Rogers", "Soudagar, V. Iyer and "
                   "V. Hildebrand (2012)", "Identify:", "Differentiate:", "Interact:", "Customise:",
                   "Operational excellence", "Customer interaction excellence", "Decision-making excellence",
                   "Reliability:", "Assurance:", "Tangibles:", "Empathy:", "Responsiveness:",
                   "= 400 ÷ 100 = 4.00", "experience-design", "Sensitivity check"):
        assert needed in page, needed


def test_case_profile_matches_the_case_file():
    import yaml

    from tests.test_hartwell_survey import CASE

    profile = TASK.case_profile
    assert f"{CASE['stores']['garden_centres']} garden centres" in profile
    assert f"{CASE['stores']['town_centre_home_stores']} town-centre home stores" in profile
    assert f"{CASE['employees']:,} people" in profile and f"{CASE['trade_accounts']:,} trade accounts" in profile
    assert f"{CASE['loyalty_scheme']['active_members']:,} active members" in profile
    assert f"{round(CASE['loyalty_scheme']['members_share_of_sales'] * 100)} % of sales" in profile
    assert f"NPS was {CASE['measures_2025']['nps']}" in profile and "2,500" in profile
    assert yaml  # the case file is read by the import above


# -- the live view (no browser) -------------------------------------------------------------------------------------
@pytest.fixture
def view():
    from widgets.ui.activities.framework_recommender import FrameworkRecommenderView

    return FrameworkRecommenderView.example()


def test_view_bad_input_keeps_the_text(view):
    view.weights[0].value = "lots"
    view.labels[0].value = "Cost " + EVIL
    view.save_criteria.click()
    assert "is not a number" in view.criteria_msg.value and EVIL not in view.criteria_msg.value
    assert view.weights[0].value == "lots" and view.labels[0].value == "Cost " + EVIL
    for box, value in zip(view.weights, ("30", "20", "20", "15", "15"), strict=False):
        box.value = value
    view.save_criteria.click()
    assert view.criteria_msg.value == "" and "add up to 100" in view.weight_sum.value
    view.score.value, view.reason.value = "7", "Because it is great"
    view.save_score.click()
    assert "outside the scale" in view.score_msg.value and view.reason.value == "Because it is great"
    view.work_out.click()
    assert "still to score" in view.totals_msg.value
    view.check.click()
    assert "Still to do" in view.notes.value


def test_view_worked_example_totals_downloads_and_reopen(view):
    view.start_worked.click()
    assert view.criterion.options[0][0] == "Fits our data and CRM maturity" and view.score.value == "4"
    view.work_out.click()
    assert "= 4.00" in view.working.value and view.chart.outputs
    view.check.click()
    assert "Complete" in view.notes.value
    view.prepare.click()
    assert "framework-recommendation.json" in view.downloads.value
    saved = to_json(TASK.worked)
    view.start_blank.click()
    assert view.work.scores == []
    view._opened(from_json(saved, TASK), "mine.json")
    assert view.work == TASK.worked and view.case_for.value.startswith("I recommend RATER")
    view.uploaded({"new": [{"name": "bad.json", "content": b"{"}]})
    assert "not valid JSON" in view.upload_message.value and view.work == TASK.worked


def test_view_hides_only_its_own_context_boxes(view):
    from widgets.ui.activities.common import WIDE

    view.context.value = "own"
    assert view.organisation.layout.display is None and view.case_profile.layout.display == "none"
    view.context.value = "case"
    assert view.organisation.layout.display == "none" and WIDE.display is None


def test_view_switching_keeps_unsaved_reason(view):
    view.start_worked.click()
    view.reason.value = "my new unsaved reason"
    view.framework.value = "idic"
    assert "unsaved" in view.score_msg.value and view.reason.value == "my new unsaved reason"
    view.score.value = "2"
    view.save_score.click()
    assert view.work.score_for("idic", "c1").reason == "my new unsaved reason"
    view.framework.value = "rater"
    assert view.reason.value == TASK.worked.score_for("rater", "c1").reason


def test_build_refuses_inconsistent_work():
    with pytest.raises(ValueError, match="not in the list"):
        build(RecommenderWork, criteria=[{"id": "c1", "label": "A", "weight": 100}],
              scores=[{"framework": "rater", "criterion": "c2", "score": 3, "reason": "r"}])
