"""The importance-weighted customer satisfaction index (CIM Level 3 Customer Communications 2.5), against
the case worked by hand, and the activity's data file against the case file.

Worked by hand from data/cases/cim-l3-cc/kettleby-coffee.yml (satisfaction_index; both scales 1 to 10):

    importance:  9.4 + 8.7 + 8.9 + 7.8 + 6.9 + 7.5 = 49.2
    Kettleby:    9.4×8.6 = 80.84; 8.7×8.9 = 77.43; 8.9×7.1 = 63.19; 7.8×7.0 = 54.60; 6.9×8.4 = 57.96;
                 7.5×8.0 = 60.00; sum 394.02; weighted mean 394.02 ÷ 49.2 = 8.0085;
                 index (8.0085 − 1) ÷ 9 × 100 = 77.87
    Pennine:     9.4×8.1 = 76.14; 8.7×7.6 = 66.12; 8.9×8.2 = 72.98; 7.8×7.4 = 57.72; 6.9×6.1 = 42.09;
                 7.5×7.7 = 57.75; sum 372.80; weighted mean 372.80 ÷ 49.2 = 7.5772;
                 index (7.5772 − 1) ÷ 9 × 100 = 73.08
    difference:  77.87 − 73.08 = 4.79 points; sustainable packaging adds 6.9 × (8.4 − 6.1) ÷ 49.2 ÷ 9 × 100
                 = +3.58, delivery reliability takes away 8.9 × (7.1 − 8.2) ÷ 49.2 ÷ 9 × 100 = −2.21.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from widgets.activities.satisfaction import build_task, load_satisfaction, read_score, satisfaction_html, to_csv
from widgets.metrics import compare_satisfaction_index, customer_satisfaction_index

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Taste and quality", "Freshness", "Delivery reliability", "Value for money", "Sustainable packaging",
         "Customer service"]
IMPORTANCE = dict(zip(NAMES, [9.4, 8.7, 8.9, 7.8, 6.9, 7.5], strict=True))
KETTLEBY = dict(zip(NAMES, [8.6, 8.9, 7.1, 7.0, 8.4, 8.0], strict=True))
PENNINE = dict(zip(NAMES, [8.1, 7.6, 8.2, 7.4, 6.1, 7.7], strict=True))


def test_kettleby_index_matches_the_hand_working():
    r = customer_satisfaction_index(IMPORTANCE, KETTLEBY)
    assert r.part("sum_of_weights") == pytest.approx(49.2)
    assert r.part("sum_of_products") == pytest.approx(394.02)
    assert r.part("weighted_mean") == pytest.approx(8.0085, abs=5e-5)
    assert round(r.value, 2) == 77.87
    assert r.unit == "out of 100" and len(r.steps) == 5
    text = " ".join(r.steps)
    for figure in ("9.4 × 8.6 = 80.84", "= 394.02", "= 49.2", "394.02 ÷ 49.2 = 8.0085", "= 77.87 out of 100"):
        assert figure in text


def test_pennine_index_matches_the_hand_working():
    r = customer_satisfaction_index(IMPORTANCE, PENNINE)
    assert r.part("sum_of_products") == pytest.approx(372.80)
    assert r.part("weighted_mean") == pytest.approx(7.5772, abs=5e-5)
    assert round(r.value, 2) == 73.08


def test_comparison_gaps_and_contributions_add_up_to_the_difference():
    c = compare_satisfaction_index(IMPORTANCE, KETTLEBY, PENNINE, own_name="Kettleby Coffee",
                                   competitor_name="Pennine Roast")
    assert round(c.difference, 2) == 4.79
    assert sum(g[5] for g in c.gaps) == pytest.approx(c.difference)
    gaps = {g[0]: g for g in c.gaps}
    assert gaps["Sustainable packaging"][4] == pytest.approx(2.3)
    assert round(gaps["Sustainable packaging"][5], 2) == 3.58
    assert round(gaps["Delivery reliability"][5], 2) == -2.21
    assert any("Delivery reliability costs Kettleby Coffee most" in s for s in c.steps)


def test_the_ends_of_the_scale_give_0_and_100_on_any_scale():
    w = {"a": 1, "b": 3}
    assert customer_satisfaction_index(w, {"a": 1, "b": 1}).value == 0
    assert customer_satisfaction_index(w, {"a": 10, "b": 10}).value == 100
    assert customer_satisfaction_index(w, {"a": 5, "b": 5}, low=1, high=5).value == 100
    assert customer_satisfaction_index(w, {"a": 0, "b": 10}, low=0, high=10).value == 75


@pytest.mark.parametrize(("importance", "satisfaction", "kwargs", "words"), [
    ({"a": 5}, {"a": 11}, {}, "outside the scale: scores must be from 1 to 10"),
    ({"a": 5}, {"a": 0.5}, {}, "outside the scale"),
    ({"a": 5, "b": 4}, {"a": 7}, {}, "do not match: there is no satisfaction score for “b”"),
    ({"a": 5}, {"a": 7, "c": 4}, {}, "no importance for “c”"),
    ({}, {}, {}, "there are no attributes"),
    ({"a": -1, "b": 3}, {"a": 7, "b": 4}, {}, "importance cannot be negative"),
    ({"a": 0, "b": 0}, {"a": 7, "b": 4}, {}, "Every importance is 0"),
    ({"a": "high"}, {"a": 7}, {}, "not a number"),
    ({"a": 5}, {"a": float("nan")}, {}, "not a number"),
    ({"a": 5}, {"a": True}, {}, "not a number"),
    ({"a": 5}, {"a": 7}, {"low": 10, "high": 1}, "must be more than the bottom"),
    ([5, 6], {"a": 7}, {}, "give a score for each attribute"),
    ({" ": 5}, {" ": 7}, {}, "has no name"),
])
def test_bad_input_gets_a_sentence_a_learner_can_act_on(importance, satisfaction, kwargs, words):
    with pytest.raises(ValueError) as info:
        customer_satisfaction_index(importance, satisfaction, **kwargs)
    assert words in str(info.value)
    assert "Error" not in str(info.value) and "Traceback" not in str(info.value)


def test_the_docstring_states_the_formula_source_and_convention():
    doc = customer_satisfaction_index.__doc__
    assert "Hill and J. Alexander (2006)" in doc and "Gower" in doc and "3rd edn" in doc
    assert "course's convention" in doc and "Σ(wᵢ × sᵢ) ÷ Σwᵢ" in doc


def test_the_activity_file_agrees_with_the_case_file():
    case = yaml.safe_load((ROOT / "data/cases/cim-l3-cc/kettleby-coffee.yml").read_text(encoding="utf-8"))
    task = load_satisfaction("cim-l3-cc", "kettleby-csi")
    rows = [(a.attribute, a.importance, a.own, a.competitor) for a in task.attributes]
    assert rows == [(r["attribute"], r["importance"], r["kettleby"], r["pennine"]) for r in case["satisfaction_index"]]
    assert task.competitor == case["competitor"]["name"] and task.organisation == case["short_name"]
    assert str(case["consumers"]["survey"]["respondents"]) in task.survey
    assert case["consumers"]["survey"]["month"] in task.survey


def test_static_html_shows_the_working_escaped_and_typed_numbers_go_through_one_parser():
    task = load_satisfaction("cim-l3-cc", "kettleby-csi")
    page = satisfaction_html(task, "<p class='cx-live-link'>live</p>")
    for figure in ("394.02", "372.80", "8.0085", "7.5772", "77.87", "73.08", "+4.79", "Chart description"):
        assert figure in page
    evil = build_task("<script>x</script>", "=HYPERLINK(1)", [("<img src=x onerror=alert(1)>", 5, 7, 6)])
    html = satisfaction_html(evil)
    assert "<script>x" not in html and "<img src=x" not in html
    assert "\n'=HYPERLINK(1)" in "\n" + to_csv(evil, evil.compare()).split(",")[3] or "'=HYPERLINK" in to_csv(
        evil, evil.compare())
    assert read_score("8.5", "Importance") == 8.5
    for bad in ("NaN", "1e400", "12abc", "9" * 400):
        with pytest.raises(ValueError):
            read_score(bad, "Importance")


@pytest.mark.parametrize("hostile", __import__("tests.test_exports", fromlist=["HOSTILE"]).HOSTILE)
def test_every_field_of_every_export_is_neutral(hostile):
    from tests.test_exports import assert_csv_safe, assert_html_safe
    from widgets.activities.satisfaction import document_html

    task = build_task(hostile[:120], hostile[:120] + " 2", [(hostile[:80], 5, 7, 6), ("Freshness", 3, 8, 9)])
    result = task.compare()
    assert_csv_safe(to_csv(task, result), hostile)
    assert_html_safe(document_html(task, result), hostile)


def test_view_bad_input_gets_a_message_beside_the_row_and_nothing_is_lost():
    import re

    from widgets.ui.activities.satisfaction import SatisfactionIndexView

    v = SatisfactionIndexView.example()
    assert "Kettleby Coffee 77.87, Pennine Roast 73.08" in v.status.value
    assert "394.02" in v.working.value and "+4.79" in v.table.value and v.chart.outputs
    for bad, words in (("lots", "not a number"), ("12", "outside the scale"), ("-1", "0 or more")):
        v.rows[1].own.value = bad
        assert words in v.rows[1].message.value and v.rows[1].own.value == bad
        assert v.rows[0].message.value == "" and v.current is None and v.chart.outputs == ()
    v.rows[1].own.value = "8.9"
    assert v.rows[1].message.value == "" and "77.87" in v.status.value
    for row in v.rows:  # importance all 0: the whole index cannot be worked out, so the message is under the form
        row.importance.value = "0"
    assert "Every importance is 0" in v.error.value
    v.rows[0].importance.value = "9.4"
    assert v.error.value == "" and v.current is not None
    v.add.click()
    assert "Attribute 7" in v.rows[6].message.value or "Attribute 7: please give a name" in v.rows[6].message.value
    v.drop.click()
    v.organisation.value = "<img src=x onerror=alert(1)>"
    v.prepare.click()
    names = re.findall(r'download="([^"]+)"', v.downloads.value)
    assert names == ["satisfaction-index.csv", "satisfaction-index.html"]
    assert "<img src=x" not in v.table.value + v.working.value + v.status.value
