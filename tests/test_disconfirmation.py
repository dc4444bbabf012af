"""Disconfirmation and satisfaction (CIM L4 CX 2.1, 2.4): Oliver's (1980) outcome per attribute with the course's
tolerance band, the weighted overall outcome, Festinger's (1957) dissonance check and the retention scenarios
with CLV, all against values worked by hand; at least ten kinds of bad input answered in words; save and reopen;
safe exports; the live view keeping the learner's text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from widgets.activities.disconfirmation import (
    CONFIRMATION,
    NEGATIVE,
    POSITIVE,
    DisconfirmationWork,
    DissonanceFactors,
    Scenario,
    add_attribute,
    analyse,
    classify,
    compare_scenarios,
    completeness,
    disconfirmation_html,
    dissonance_check,
    document_html,
    from_json,
    gap_chart,
    load_disconfirmation,
    remove_attribute,
    scenario_result,
    to_csv,
    to_json,
    with_changes,
)

EVIL = "<img src=x onerror=alert(1)>"
FORMULA = "=HYPERLINK(\"http://example.invalid\",\"x\")"


@pytest.fixture(scope="module")
def task():
    return load_disconfirmation("cim-l4-cx", "hartwell-disconfirmation")


def test_the_tolerance_band():
    assert classify(0) == classify(0.49) == classify(-0.49) == CONFIRMATION
    assert classify(0.5) == classify(3) == POSITIVE
    assert classify(-0.5) == classify(-6) == NEGATIVE


def test_the_worked_example_by_hand(task):
    """Gaps: plant 6−6 = 0, advice 6.5−5 = +1.5, queue 3−5 = −2, delivery 4−6 = −2, café 4.3−4 = +0.3.
    Weights 30/25/10/25/10 of 100. Weighted mean = (0 + 37.5 − 20 − 50 + 3) ÷ 100 = −0.295 → confirmation,
    but delivery (weight 0.25 ≥ the mean weight 0.2) is a negative disconfirmation to watch."""
    a = analyse(task.worked)
    assert [j.gap for j in a.judged] == [0.0, 1.5, -2.0, -2.0, 0.3]
    assert [j.outcome for j in a.judged] == [CONFIRMATION, POSITIVE, NEGATIVE, NEGATIVE, CONFIRMATION]
    assert a.weighted and a.overall_gap == pytest.approx(-0.295) and a.overall == CONFIRMATION
    assert a.watch == ("Delivery on the promised day",)
    assert "satisfied but not delighted" in a.satisfaction


def test_equal_weights_when_none_given(task):
    rows = [{**r.model_dump(), "importance": None} for r in task.worked.attributes]
    a = analyse(with_changes(task.worked, attributes=rows))
    assert not a.weighted and a.overall_gap == pytest.approx(-0.44)  # (0 + 1.5 − 2 − 2 + 0.3) ÷ 5
    assert set(a.watch) == {"Queue at the till", "Delivery on the promised day"}


def test_overall_positive_and_negative():
    work = add_attribute(add_attribute(DisconfirmationWork(), "Advice", "4", "6"), "Parking", "5", "5")
    assert analyse(work).overall == POSITIVE  # (2 + 0) ÷ 2 = 1
    work = add_attribute(work, "Refund", "6", "1")  # (2 + 0 − 5) ÷ 3 = −1
    assert analyse(work).overall == NEGATIVE and "dissatisfaction is likely" in analyse(work).satisfaction


def test_dissonance_risk(task):
    assert dissonance_check(DissonanceFactors(), task.dissonance_actions).risk == "low"
    assert dissonance_check(DissonanceFactors(), task.dissonance_actions).actions == ()
    assert dissonance_check(DissonanceFactors(high_price=True), task.dissonance_actions).risk == "moderate"
    high = dissonance_check(task.worked.dissonance, task.dissonance_actions)
    assert high.risk == "high" and len(high.factors) == 3 and any("two years" in x for x in high.actions)


def test_retention_scenarios_by_hand(task):
    """Case file: average transaction £40, 71 % of Rewards members still active after 12 months (710 of a cohort
    of 1,000). Suppose 5 purchases a year. Lifetime = 1 ÷ (1 − 0.71) = 3.4483 years; CLV = 40 × 5 × 3.4483 =
    £689.66; kept next year = 710 × 40 × 5 = £142,000. Suppose 50 %: 2 years, £400, £100,000."""
    satisfied, dissatisfied = compare_scenarios(task.worked)
    assert satisfied.retention.value == pytest.approx(71.0) and satisfied.years == pytest.approx(3.448276, rel=1e-5)
    assert satisfied.clv.value == pytest.approx(689.655, rel=1e-5) and satisfied.kept_value == 142_000
    assert dissatisfied.retention.value == 50 and dissatisfied.years == 2
    assert dissatisfied.clv.value == pytest.approx(400) and dissatisfied.kept_value == 100_000
    assert "Case file" in task.worked.scenarios[0].source and "Suppose" in task.worked.scenarios[1].source


def _scenario(**changes: str) -> Scenario:
    base = dict(label="S", customers_at_start="100", customers_at_end="80", new_customers="0",
                average_transaction_value="40", purchases_per_year="2", gross_margin="1")
    return Scenario(**{**base, **changes})


@pytest.mark.parametrize(("make", "words"), [
    (lambda: add_attribute(DisconfirmationWork(), "Queue", "9", "4"), "outside the scale"),          # 1
    (lambda: add_attribute(DisconfirmationWork(), "Queue", "0", "4"), "outside the scale"),          # 2
    (lambda: add_attribute(DisconfirmationWork(), "Queue", "abc", "4"), "is not a number"),          # 3
    (lambda: add_attribute(DisconfirmationWork(), "Queue", "NaN", "4"), "NaN"),                      # 4
    (lambda: add_attribute(DisconfirmationWork(), "  ", "5", "4"), "Name the attribute"),            # 5
    (lambda: add_attribute(add_attribute(DisconfirmationWork(), "Queue", "5", "4"), "queue", "5", "5"),
     "listed twice"),                                                                                # 6
    (lambda: add_attribute(add_attribute(DisconfirmationWork(), "Queue", "5", "4", "10"), "Café", "5", "5"),
     "every attribute or for none"),                                                                 # 7
    (lambda: add_attribute(DisconfirmationWork(), "Queue", "5", "4", "-3"), "0 or more"),            # 8
    (lambda: add_attribute(DisconfirmationWork(), "Queue", "5", "4", "0"), "add up to 0"),           # 9
    (lambda: _many(21), "at most 20"),                                                               # 10
    (lambda: scenario_result(_scenario(customers_at_end="120"), "S"), "cannot be more than"),        # 11
    (lambda: scenario_result(_scenario(new_customers="90"), "S"), "New customers"),                  # 12
    (lambda: scenario_result(_scenario(customers_at_end="100"), "S"), "almost never leave"),         # 13
    (lambda: scenario_result(_scenario(average_transaction_value="0"), "S"), "Average"),             # 14
    (lambda: scenario_result(_scenario(purchases_per_year="lots"), "S"), "is not a number"),         # 15
    (lambda: scenario_result(_scenario(customers_at_start="10.5"), "S"), "whole number"),            # 16
    (lambda: scenario_result(_scenario(gross_margin="1.5"), "S"), "Gross margin"),                   # 17
    (lambda: remove_attribute(DisconfirmationWork(), 3), "Choose an attribute"),                     # 18
    (lambda: from_json("{nope"), "not valid JSON"),                                                  # 19
    (lambda: from_json(json.dumps({"kind": "cx-context-explorer", "schema_version": 1})), "not a saved"),  # 20
    (lambda: from_json(json.dumps({"kind": "cx-disconfirmation", "schema_version": 1,
                                   "scenarios": [{}, {}, {}]})), "cannot be opened"),                # 21
    (lambda: from_json(json.dumps({"kind": "cx-disconfirmation", "schema_version": 1,
                                   "attributes": [{"name": "A", "expected": 8, "perceived": 2}]})), "outside"),  # 22
    (lambda: from_json(json.dumps({"kind": "cx-disconfirmation", "schema_version": 2})), "different version"),  # 23
])
def test_bad_input_is_answered_in_words(make, words):
    with pytest.raises(ValueError, match=words):
        make()


def _many(n: int) -> DisconfirmationWork:
    work = DisconfirmationWork()
    for i in range(n):
        work = add_attribute(work, f"Attribute {i}", "4", "4")
    return work


def test_completeness_and_round_trip(task):
    notes = completeness(DisconfirmationWork())
    assert any("Name your organisation" in n for n in notes) and any("at least 3 attributes" in n for n in notes)
    assert any("Retention scenarios" in n for n in notes) and sum("not written yet" in n for n in notes) == 2
    writing = " ".join(["Because our members renew yearly, a fall in retention cuts income."] * 8)
    done = with_changes(task.worked, organisation=EVIL, demonstration=writing, appraisal=writing)
    assert completeness(done) == []
    again = from_json(to_json(done).encode("utf-8"))
    assert again == done


def test_exports_escape_and_neutralise(task):
    work = with_changes(task.worked, organisation=EVIL, demonstration=FORMULA, appraisal=EVIL)
    work = add_attribute(work, EVIL, "5", "2", "5")
    page = document_html(task, work)
    assert EVIL not in page and "&lt;img" in page and "<caption>" in page
    rows = list(csv.reader(io.StringIO(to_csv(work))))
    assert rows[0][0] == "part" and any(r[-1].startswith("'=") for r in rows)
    assert EVIL in gap_chart(work, analyse(work)).description
    static = disconfirmation_html(task, "<a href='#'>live</a>")
    assert "Negative disconfirmation" in static and "£689.66" in static and "£142,000.00" in static


# -- the view ----------------------------------------------------------------------------------------------
def test_view_answers_beside_the_field_and_keeps_the_text():
    from widgets.ui.activities.disconfirmation import DisconfirmationView

    view = DisconfirmationView.example()
    assert "Delivery on the promised day" in view.analysis.value and "£689.66" in view.scenarios.value
    view.attr_name.value, view.expected.value, view.perceived.value = "Parking " + EVIL, "8", "5"
    assert "outside the scale" in view.attr_msg.value
    view.add.click()
    assert "outside the scale" in view.attr_msg.value and view.expected.value == "8"
    assert view.attr_name.value == "Parking " + EVIL
    view.expected.value, view.importance.value = "5", "10"
    view.add.click()
    assert view.attr_msg.value == "" and len(view.work.attributes) == 6 and EVIL not in view.analysis.value
    view.scenario_boxes[1]["customers_at_end"].value = "lots"
    assert "is not a number" in view.scen_msg.value
    view.compare.click()
    assert "is not a number" in view.scen_msg.value and view.scenario_boxes[1]["customers_at_end"].value == "lots"
    view.scenario_boxes[1]["customers_at_end"].value = "600"
    view.compare.click()
    assert view.scen_msg.value == "" and "60.0 %" in view.scenarios.value
    view.factors["high_price"].value = False
    assert "2 of the 3" in view.dissonance.value
    view.demonstration.value = "x" * 5000
    view.save_writing.click()
    assert "characters" in view.write_msg.value and view.demonstration.value == "x" * 5000
    view.check.click()
    assert "Still to do" in view.notes.value
    view.prepare.click()
    assert "disconfirmation.csv" in view.downloads.value


def test_view_reopens_and_refuses_a_bad_file(task):
    from widgets.ui.activities.disconfirmation import DisconfirmationView

    view = DisconfirmationView(task)
    when = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    view.upload.value = ({"name": "x.json", "content": b"[1]", "size": 3, "type": "application/json",
                          "last_modified": when},)
    assert "not a saved" in view.upload_message.value and view.work == DisconfirmationWork()
    saved = to_json(task.worked).encode("utf-8")
    view.upload.value = ({"name": "w.json", "content": saved, "size": len(saved), "type": "application/json",
                          "last_modified": when},)
    assert view.work == task.worked and view.scenario_boxes[0]["customers_at_end"].value == "710"


def test_the_app_has_both_tabs():
    from widgets.ui.customer_context import customer_context_app

    app = customer_context_app()
    tabs = app.children[-1]
    assert tabs.titles == ("Organisation contexts (1.1, 1.2)", "Disconfirmation and satisfaction (2.1, 2.4)")
