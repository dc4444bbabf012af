"""The segment evaluator (CIM Level 3 Customer Communications 1.2) and its data set: the model counts and
checks, the view keeps the learner's work and answers bad input with a message, exports are escaped, an
evaluation survives a JSON round trip, and the Kettleby data set agrees with the case file."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from widgets.activities.segments import (
    Evaluation,
    Rule,
    Segment,
    load_segment_task,
    new_segment,
    segments_static_html,
)
from widgets.sample_data import kettleby_customers

ROOT = Path(__file__).resolve().parents[1]
CASE = yaml.safe_load((ROOT / "data/cases/cim-l3-cc/kettleby-coffee.yml").read_text(encoding="utf-8"))
TASK = load_segment_task("cim-l3-cc", "kettleby-segments")
EVIL = "<img src=x onerror=alert(1)>"
CRITERIA = ["measurable", "substantial", "accessible", "identifiable", "actionable"]


# -- the data set ---------------------------------------------------------------------------------------------
def test_the_committed_data_set_is_the_seeded_one():
    committed = pd.read_csv(ROOT / "data/datasets/kettleby_customers.csv", keep_default_na=False, na_values=[""])
    made = kettleby_customers()
    assert list(committed.columns) == list(made.columns)
    assert committed["customer_id"].tolist() == made["customer_id"].tolist()
    assert committed["annual_spend"].round(2).tolist() == made["annual_spend"].round(2).tolist()


def test_the_data_set_agrees_with_the_case_file():
    frame = TASK.frame()
    consumers = frame[frame["customer_type"] == "Consumer"]
    business = frame[frame["customer_type"] == "Business"]
    assert len(consumers) == 1000 and TASK.markets["consumer"].population == CASE["consumers"]["subscribers"]
    assert len(business) == CASE["businesses"]["accounts"] == TASK.markets["business"].population
    counts = business["business_type"].value_counts().to_dict()
    assert counts == {"Café or restaurant": CASE["businesses"]["cafes_and_restaurants"],
                      "Office": CASE["businesses"]["offices"]}
    assert business["annual_spend"].mean() == CASE["businesses"]["average_annual_spend"]
    assert business["annual_spend"].sum() == CASE["finances"]["wholesale_turnover"]
    assert (consumers["monthly_spend"] >= CASE["consumers"]["bag_price"]).all()
    assert consumers["annual_spend"].round(2).equals((consumers["monthly_spend"] * 12).round(2))
    assert set(consumers["benefit_sought"]) == {"Taste", "Convenience", "Ethics", "Price"}
    assert set(consumers["owns_pod_machine"]) == {"yes", "no"}
    assert abs(consumers["months_subscribed"].mean() - CASE["consumers"]["average_lifetime_months"]) < 3


def test_the_data_file_labels_every_base_the_brief_names():
    bases = {b.label for b in TASK.bases}
    assert {"Geographic", "Demographic", "Geodemographic", "Psychographic", "Behavioural", "Benefit sought",
            "Industry (SIC section)", "Location", "Size"} <= bases
    assert [c.id for c in TASK.criteria_list] == CRITERIA
    assert all(c.explanation for c in TASK.criteria_list)
    assert {s.id for s in TASK.strategies} == {"concentrated", "differentiated", "undifferentiated"}


# -- the model ------------------------------------------------------------------------------------------------
def test_profile_counts_the_customers_who_meet_every_rule():
    frame = TASK.frame()
    segment = Segment(name="Pod ethics", rules=[Rule(column="owns_pod_machine", values=["yes"]),
                                                Rule(column="benefit_sought", values=["Ethics"])])
    p = TASK.profile(segment)
    chosen = frame[(frame.owns_pod_machine == "yes") & (frame.benefit_sought == "Ethics")]
    assert p.size == len(chosen) and p.market_size == 1000
    assert p.total_spend == pytest.approx(chosen.annual_spend.sum())
    assert p.average_spend == pytest.approx(chosen.annual_spend.mean())
    assert p.estimated_customers == round(len(chosen) / 1000 * 6400)
    big = Segment(name="Big offices", market="business", rules=[Rule(column="employees", minimum=50)])
    q = TASK.profile(big)
    assert q.size == int((frame.employees >= 50).sum()) and q.estimated_customers == q.size


@pytest.mark.parametrize(("segment", "words"), [
    (dict(name="x", rules=[]), "has no rules yet"),
    (dict(name="x", rules=[{"column": "employees", "minimum": 5}]), "describes business accounts, not consumers"),
    (dict(name="x", rules=[{"column": "region", "values": []}]), "choose at least one value"),
    (dict(name="x", rules=[{"column": "region", "values": ["Mars"]}]), "is not a value in the data"),
    (dict(name="x", rules=[{"column": "months_subscribed"}]), "give a lowest value, a highest value or both"),
    (dict(name="x", rules=[{"column": "months_subscribed", "minimum": 9, "maximum": 3}]), "Swap them"),
    (dict(name="x", rules=[{"column": "shoe_size", "values": ["9"]}]), "not one of the columns"),
    (dict(name="x", rules=[{"column": "region", "values": ["London"]}],
          ratings={"measurable": {"rating": "met"}}), "Give your reason"),
    (dict(name="x", rules=[{"column": "region", "values": ["London"]}],
          ratings={"measurable": {"reason": "because"}}), "no rating"),
])
def test_bad_segments_get_a_sentence(segment, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        TASK.check_segment(Segment(**segment))


def test_a_rating_without_a_reason_is_refused_through_the_form_helper():
    with pytest.raises(ValueError, match="Give your reason"):
        TASK.check_segment(new_segment("Londoners", "consumer", [Rule(column="region", values=["London"])],
                                       {"accessible": ("met", "   ")}))
    with pytest.raises(ValueError, match="Give the segment a name"):
        new_segment("   ", "consumer", [], {})


def test_targeting_notes_check_the_strategy_but_write_no_reasons():
    ev = TASK.worked_example
    assert [n.level for n in TASK.strategy_notes(ev)] == ["ok"]
    notes = TASK.strategy_notes(ev.model_copy(update={"strategy": "concentrated", "strategy_reasons": ""}))
    texts = " ".join(n.text for n in notes)
    assert "exactly one segment; you chose 2" in texts and "Give your reasons" in texts
    targeted = ev.model_copy(update={"targets": ["Price-seeking subscribers", "Office accounts"]})
    assert any("not met for Actionable" in n.text for n in TASK.strategy_notes(targeted))
    assert TASK.strategy_notes(ev.model_copy(update={"strategy": None}))[0].level == "problem"


def test_the_worked_example_is_complete_and_meets_the_chapter_advice():
    ev = TASK.worked_example
    for segment in ev.segments:
        TASK.check_segment(segment, complete=True)
        assert all(len(r.reason) > 30 for r in segment.ratings.values())
    targets = [s for s in ev.segments if s.name in ev.targets]
    # a segment the worked example targets meets or partly meets every criterion
    assert all(r.rating in ("met", "partly") for s in targets for r in s.ratings.values())
    p = TASK.profile(ev.segments[0])
    price = TASK.profile(ev.segments[2])
    assert price.average_spend < p.average_spend  # "the lowest average spend in the comparison"
    offices = TASK.frame().query("business_type == 'Office'")
    assert offices.annual_spend.min() >= 1000  # "each spend thousands of pounds a year"


# -- exports and JSON -------------------------------------------------------------------------------------------
def _hostile_evaluation() -> Evaluation:
    seg = Segment(name=EVIL, rules=[Rule(column="region", values=["London"])],
                  ratings={"measurable": {"rating": "met", "reason": "=HYPERLINK(\"http://example.invalid\")"},
                           "accessible": {"rating": "partly", "reason": "<script>alert(1)</script>"}})
    return Evaluation(organisation="<b>Org</b>", segments=[seg], strategy="concentrated", targets=[EVIL],
                      strategy_reasons="@SUM(1+1) " + EVIL)


def test_exports_escape_learner_text():
    ev = _hostile_evaluation()
    page = TASK.document_html(ev)
    assert EVIL not in page and "<script>alert" not in page and "<b>Org" not in page
    assert "&lt;img src=x" in page
    csv = TASK.to_csv(ev)
    assert "'=HYPERLINK" in csv and "'@SUM" in csv
    assert re.search(r"(^|,)\"?=HYPERLINK", csv, re.M) is None


def test_json_round_trip_and_bad_files():
    ev = _hostile_evaluation()
    again = TASK.evaluation_from_json(TASK.to_json(ev).encode("utf-8"))
    assert again == ev
    assert TASK.evaluation_from_json(TASK.to_json(TASK.worked_example)) == TASK.worked_example
    bad = {"not json": b"{", "empty": b"", "deep": b"[" * 5000 + b"]" * 5000, "binary": bytes(range(256)),
           "other kind": json.dumps({"kind": "journey"}).encode(),
           "NaN": b'{"kind": "cim-segment-evaluation", "x": NaN}',
           "huge number": ('{"kind": "cim-segment-evaluation", "x": ' + "9" * 500 + "}").encode(),
           "too large": b" " * 2_000_000}
    for name, content in bad.items():
        with pytest.raises(ValueError) as info:
            TASK.evaluation_from_json(content)
        assert "Error" not in str(info.value), name
    tampered = json.loads(TASK.to_json(TASK.worked_example))
    tampered["segments"][0]["ratings"]["measurable"]["reason"] = ""
    with pytest.raises(ValueError, match="Give your reason"):
        TASK.evaluation_from_json(json.dumps(tampered))


def test_static_html_shows_the_data_set_and_the_worked_example():
    page = segments_static_html(TASK, "<p class='cx-live-link'>live</p>")
    for text in ("Pod-owning ethical subscribers", "1,000", "210", "£11,000.00", "Differentiated",
                 "Segments side by side",
                 "Chart description", "cx-live-link", "Geodemographic"):
        assert text in page, text


# -- the view -------------------------------------------------------------------------------------------------
def _view():
    from widgets.ui.activities.segments import SegmentEvaluatorView

    return SegmentEvaluatorView.example()


def _add_rule(v, column, values=(), low="", high=""):
    v.column.value = column
    if values:
        v.values.value = tuple(values)
    v.low.value, v.high.value = low, high
    v.add_rule.click()


def test_view_starts_blank_and_never_writes_a_reason():
    v = _view()
    assert v.evaluation.segments == [] and v.name.value == ""
    assert all(why.value == "" and pick.value == "" for pick, why in v.ratings.values())
    assert v.reasons.value == ""


def test_view_bad_input_gets_a_message_and_the_work_is_kept():
    v = _view()
    v.name.value = "Ethical pod owners " + EVIL
    _add_rule(v, "owns_pod_machine", ["yes"])
    _add_rule(v, "benefit_sought", ["Ethics"])
    assert "75 of the 1,000" in v.evidence.value
    _add_rule(v, "months_subscribed", low="abc")
    assert "not a number" in v.rule_message.value and len(v.rules) == 2
    _add_rule(v, "months_subscribed", low="24", high="6")
    assert "Swap them" in v.rule_message.value and len(v.rules) == 2
    pick, why = v.ratings["accessible"]
    pick.value = "met"
    v.save.click()
    assert "Give your reason" in v.error.value and v.evaluation.segments == []
    assert v.name.value.endswith(EVIL) and pick.value == "met" and len(v.rules) == 2
    why.value = "Subscribers get our emails."
    v.save.click()
    assert v.error.value == "" and len(v.evaluation.segments) == 1
    assert "Ethical pod owners" in v.comparison.value and EVIL not in v.comparison.value
    assert v.chart.outputs  # the comparison chart
    # targeting: concentrated needs one target; reasons are the learner's own
    v.strategy.value = "concentrated"
    v.check.click()
    assert "exactly one segment" in v.notes.value and "Give your reasons" in v.notes.value
    v.targets.value = (v.evaluation.segments[0].name,)
    v.reasons.value = "My own reasons."
    v.check.click()
    assert "Done" in v.notes.value


def test_view_downloads_and_reopens_its_json():
    v = _view()
    v.name.value = "Offices"
    v.market.value = "business"
    _add_rule(v, "business_type", ["Office"])
    v.save.click()
    v.prepare.click()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', v.downloads.value))
    assert set(links) == {"segment-evaluation.csv", "segment-evaluation.html", "segment-evaluation.json"}
    saved = base64.b64decode(links["segment-evaluation.json"])
    other = _view()
    import datetime as dt

    other.upload.value = ({"name": "mine.json", "type": "application/json", "size": len(saved),
                           "content": memoryview(saved), "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},)
    assert other.evaluation == v.evaluation and "Opened 1 segment" in other.status.value
    other.upload.value = ({"name": "bad.json", "type": "application/json", "size": 1, "content": memoryview(b"{"),
                           "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},)
    assert "unchanged" in other.upload_message.value and other.evaluation == v.evaluation


@pytest.mark.parametrize("hostile", __import__("tests.test_exports", fromlist=["HOSTILE"]).HOSTILE)
def test_every_field_of_every_export_is_neutral(hostile):
    from tests.test_exports import assert_csv_safe, assert_html_safe

    seg = Segment(name=hostile[:80], rules=[Rule(column="region", values=["London"])],
                  ratings={c: {"rating": "partly", "reason": hostile} for c in CRITERIA})
    ev = Evaluation(organisation=hostile[:120], segments=[seg], strategy="concentrated", targets=[hostile[:80]],
                    strategy_reasons=hostile)
    assert_csv_safe(TASK.to_csv(ev), hostile)
    assert_html_safe(TASK.document_html(ev), hostile)
    assert TASK.evaluation_from_json(TASK.to_json(ev)) == ev
