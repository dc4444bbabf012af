"""Persona builder (CIM L6 1.2, 2.1): segment figures worked by hand, evidence rules and flags, the worked persona
against the Fern & Field case file, safe exports, saving and reopening, at least ten kinds of bad input answered
in words, and the live view (no browser)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from widgets.activities.persona import (
    MAX_CSV_BYTES,
    MAX_STATEMENTS,
    Persona,
    Statement,
    blank_persona,
    card_html,
    case_segment_figures,
    check_statement,
    course_orders,
    evidence_summary,
    from_json,
    load_persona_task,
    persona_flags,
    persona_static_html,
    read_orders_csv,
    segment_figures,
    to_json,
    with_details,
    with_statement,
    without_statement,
)
from widgets.ui.activities.persona import PersonaView, persona_static

ROOT = Path(__file__).resolve().parents[1]
EVIL = "<img src=x onerror=alert(1)>"
CASE = yaml.safe_load((ROOT / "data/cases/cim-l6-cjo/fern-and-field.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def task():
    return load_persona_task("cim-l6-cjo", "fern-persona")


def small_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": ["c1", "c1", "c2", "c3", "c4"],
        "segment": ["A", "A", "A", "B", "B"],
        "order_value": [10, 20, 30, 40, 100],
        "device": ["mobile", "mobile", "app", "desktop", "mobile"],
        "delivered_first_attempt": ["yes", "no", "yes", "yes", "yes"],
    })


# -- figures worked by hand ----------------------------------------------------------------------------------------
def test_segment_figures_by_hand():
    # Segment A: 3 of 5 orders; revenue 10 + 20 + 30 = 60 of 200 = 30 %; AOV 60 / 3 = £20;
    # customers c1, c2 → 2, so 3 / 2 = 1.5 orders each; devices mobile 2, app 1 → 2/3 and 1/3;
    # first attempt yes, no, yes → 2/3.
    f = segment_figures(small_frame(), "A", source="test.csv")
    assert (f.orders, f.total_orders, f.customers) == (3, 5, 2)
    assert f.revenue_share == pytest.approx(0.30)
    assert f.average_order_value == pytest.approx(20.0)
    assert f.orders_per_customer == pytest.approx(1.5)
    assert f.mix["device"] == [("mobile", pytest.approx(2 / 3)), ("app", pytest.approx(1 / 3))]
    assert f.rates["delivered_first_attempt"] == pytest.approx(2 / 3)
    texts = [s.text for s in f.statements()]
    assert "A: 60% of orders" in texts and "30% of revenue" in texts and "Average order value £20.00" in texts
    assert all(s.kind == "data" and "test.csv, A: 3 of 5 orders" == s.evidence for s in f.statements())


def test_figures_work_on_the_course_orders_when_present():
    frame = course_orders("fern_orders")
    if frame is None:
        pytest.skip("data/datasets/fern_orders.csv is not generated yet")
    f = segment_figures(frame, "Urban renters", source="fern_orders.csv")
    by_hand = frame.loc[frame["segment"] == "Urban renters", "order_value"]
    assert f.orders == len(by_hand)
    assert f.revenue_share == pytest.approx(by_hand.sum() / frame["order_value"].sum())
    assert f.average_order_value == pytest.approx(by_hand.mean())


def test_case_segment_shares_match_the_case_file():
    figures = case_segment_figures("cim-l6-cjo/fern-and-field")
    assert [s.text for s in figures] == [f"{s['name']}: {round(s['revenue_share'] * 100)}% of 2025 revenue"
                                         for s in CASE["segments"]]
    assert sum(s["revenue_share"] for s in CASE["segments"]) == pytest.approx(1.0)


# -- the worked persona agrees with the case -----------------------------------------------------------------------
def test_worked_persona_is_sam_okafor_with_the_case_facts(task):
    p = task.worked
    assert p.name == CASE["persona"]["name"] and p.segment == CASE["persona"]["segment"]
    assert str(CASE["persona"]["age"]) in p.profile and "Manchester" in p.profile
    text = json.dumps(p.model_dump(), ensure_ascii=False)
    # the segment's own figures, computed from the committed orders sample (not the all-customer case figures)
    import pandas as pd

    from widgets.activities.persona import segment_figures

    seg = segment_figures(pd.read_csv(ROOT / "data/datasets/fern_orders.csv"), "Urban renters")
    mix = dict(seg.mix["device"])
    assert f"{round(mix['mobile'] * 100)}% of Urban renters' orders placed on mobile, {round(mix['app'] * 100)}% in " \
           f"the app, {round(mix['desktop'] * 100)}% on desktop" in text
    aov = f"Average order value £{round(seg.average_order_value)}, below the business's £{CASE['average_order_value']}"
    assert aov in text and f"{seg.orders:,} Urban renters' orders" in text
    channels = dict(seg.mix["channel"])
    assert f"Paid social is the channel of {round(channels['Paid social'] * 100)}% of Urban renters' orders, email " \
           f"{round(channels['Email'] * 100)}%" in text
    assert f"{round(seg.rates['delivered_first_attempt'] * 100)}% of Urban renters' orders delivered at the first " \
           f"attempt" in text
    assert f"{round(CASE['segments'][0]['revenue_share'] * 100)}% of 2025 revenue" in text
    assert f"£{CASE['revenue_2025']:,} revenue from {CASE['orders_2025']:,} orders" in text
    assert f"{CASE['delivery']['damage_claim_share'] * 100:.1f}% of plant orders" in text
    kpi = CASE["journey_kpis"]
    assert f"first-attempt delivery rate {kpi['first_attempt_delivery_rate']['value']}%, target " \
           f"{kpi['first_attempt_delivery_rate']['target']}%" in text
    assert f"Unsubscribe rate {kpi['unsubscribe_rate_per_email']['value']}% per email (target " \
           f"{kpi['unsubscribe_rate_per_email']['target']}%)" in text
    assert f"interviews ({CASE['research']['interviews']}, 2026)" in text.replace("Customer interviews", "interviews")
    journey = json.loads((ROOT / "data/journeys/online-retailer.json").read_text(encoding="utf-8"))
    assert [g.text for g in p.goals] == journey["persona"]["goals"]


def test_every_worked_statement_has_evidence_and_the_flags_teach(task):
    flags = persona_flags(task.worked)
    # the worked persona meets its own advice: every figure is the segment's, every statement has its
    # evidence; only the one assumption is left, flagged to be tested
    assert [f.level for f in flags] == ["test"] and "Plant Club" in flags[-1].message
    for _, s in task.worked.statements():
        assert s.kind == "assumption" or s.evidence.strip()
    assert evidence_summary(task.worked)["assumption"] == 1


def test_flags_a_persona_without_data_or_research():
    p = with_statement(blank_persona("Pat"), "goals", Statement(text="Save time", kind="assumption"))
    messages = " ".join(f.message for f in persona_flags(p))
    assert "No figures from data" in messages and "No research behind it" in messages
    assert "No pain points yet" in messages and "is an assumption" in messages


def test_flags_one_source_speaking_for_everyone():
    p = blank_persona("Pat")
    for goal in ("A", "B", "C"):
        p = with_statement(p, "goals", Statement(text=goal, kind="research", evidence="Interview 1 of 14"))
    assert any("same source" in f.message for f in persona_flags(p))


def test_a_reopened_statement_without_evidence_is_challenged():
    p = Persona(name="Pat", goals=[Statement(text="Save time", kind="research", evidence="")])
    assert any("has no evidence" in f.message and f.level == "challenge" for f in persona_flags(p))


# -- bad input: each answered with a sentence ----------------------------------------------------------------------
@pytest.mark.parametrize("section, text, kind, evidence, expected", [
    ("goals", "Save time", "research", "", "has no evidence"),                           # 1 no evidence
    ("goals", "   ", "research", "interview 2", "Write the statement first"),             # 2 empty statement
    ("goals", "x" * 401, "research", "interview 2", "under 400 characters"),              # 3 too long
    ("goals", "Save time", "research", "e" * 301, "under 300 characters"),                # 4 evidence too long
    ("behaviours", "Uses phone", "data", "the analytics", "gives no figure"),             # 5 data without a number
    ("quotes", "I love plants", "assumption", "", "A quote is something a customer said"),  # 6 invented quote
    ("figures", "Big segment", "research", "interview 2", "holds figures from data"),     # 7 figure not from data
    ("feelings", "Happy", "research", "interview 2", "is not a part of the persona"),     # 8 unknown section
    ("goals", "Save time", "hunch", "interview 2", "Choose what backs"),                  # 9 unknown kind
])
def test_statements_are_refused_in_words(section, text, kind, evidence, expected):
    with pytest.raises(ValueError, match=expected):
        check_statement(section, text, kind, evidence)


def test_an_assumption_may_have_no_evidence():
    assert check_statement("behaviours", "Would join Plant Club", "assumption", "").kind == "assumption"


def test_empty_name_duplicate_and_full_section_are_refused():
    with pytest.raises(ValueError, match="Give the persona a name"):                      # 10 empty name
        with_details(blank_persona(), "  ", "", "")
    p = with_statement(blank_persona(), "goals", Statement(text="Save time", kind="research", evidence="i1"))
    with pytest.raises(ValueError, match="already in goals"):                              # 11 duplicate
        with_statement(p, "goals", Statement(text="save  TIME", kind="research", evidence="i2"))
    for n in range(MAX_STATEMENTS - 1):
        p = with_statement(p, "goals", Statement(text=f"Goal {n}", kind="research", evidence="i1"))
    with pytest.raises(ValueError, match="already has 12 statements"):                     # 12 section full
        with_statement(p, "goals", Statement(text="One more", kind="research", evidence="i1"))
    with pytest.raises(ValueError, match="Choose a statement"):
        without_statement(p, "goals", 99)
    assert len(without_statement(p, "goals", 0).goals) == MAX_STATEMENTS - 1


@pytest.mark.parametrize("content, expected", [
    (b"", "is empty"),                                                                      # 13 empty file
    (b"\xff\xfe\x00bad", "not a UTF-8 text file"),                                          # 14 not text
    (b"segment,order_value\n", "has a header but no rows"),                                 # 15 header only
    (b"date,nps_score,segment\n2026-01-05,9,a\n", "none of the columns the figures come from"),  # not orders
    (b"a,b\n\"unclosed,1\n", "could not be read as CSV|no “segment” column"),          # 16 broken CSV
])
def test_bad_uploads_are_refused(content, expected):
    with pytest.raises(ValueError, match=expected):
        read_orders_csv(content, "orders.csv")


def test_an_oversized_upload_is_refused_before_reading():                                  # 17 oversized
    with pytest.raises(ValueError, match="at most 20 MB"):
        read_orders_csv(b"x" * (MAX_CSV_BYTES + 1), "huge.csv")


@pytest.mark.parametrize("frame, segment, expected", [
    (pd.DataFrame({"seg": ["A"]}), "A", "no “segment” column"),                            # 18 no segment column
    (pd.DataFrame({"segment": ["A"], "order_value": ["ten"]}), "A", "not a number"),       # 19 non-numeric figure
    (pd.DataFrame({"segment": ["A"], "order_value": [-5]}), "A", "negative value"),        # 20 negative value
    (pd.DataFrame({"segment": ["A"]}), "Z", "No orders for the segment"),                  # 21 unknown segment
    (pd.DataFrame(), "A", "has no rows"),                                                   # 22 empty frame
])
def test_bad_data_is_refused_in_words(frame, segment, expected):
    with pytest.raises(ValueError, match=expected):
        segment_figures(frame, segment)


def test_an_uploaded_csv_gives_figures():
    text = small_frame().to_csv(index=False).encode()
    f = segment_figures(read_orders_csv(text, "mine.csv"), "B", source="mine.csv")
    assert f.revenue_share == pytest.approx(140 / 200) and f.average_order_value == pytest.approx(70)
    frame = read_orders_csv(b"Order ID, Segment ,Order Value\n1,A,10\n2, A,30\n3,B,60\n", "mine.csv")
    assert list(frame.columns) == ["segment", "order_value"]            # names read loosely; order_id unused
    assert segment_figures(frame, "A").average_order_value == pytest.approx(20)
    with pytest.raises(ValueError, match="two columns with the same name"):
        read_orders_csv(b"segment,Segment,order_value\nA,A,1\n", "twice.csv")


# -- saving, reopening and the card --------------------------------------------------------------------------------
def test_save_and_reopen_round_trip(task):
    text = to_json(task.worked, task.id)
    data = json.loads(text)
    assert data["kind"] == "persona" and data["schema_version"] == 1 and data["task"] == "fern-persona"
    assert from_json(text.encode()) == task.worked


@pytest.mark.parametrize("content, expected", [
    (json.dumps({"kind": "journey-audit", "schema_version": 1}), "not a persona saved"),  # 23 wrong kind
    ("[" * 5000 + "]" * 5000, "nested far more deeply"),                                  # 24 deep JSON
    ("{not json", "not valid JSON"),                                                      # 25 not JSON
    (json.dumps({"kind": "persona", "schema_version": 1, "name": ""}), "Give the persona a name"),
    (json.dumps({"kind": "persona", "schema_version": 1, "name": "A", "goals": [{"text": "x", "kind": "guess"}]}),
     "cannot be opened"),
    (json.dumps({"kind": "persona", "schema_version": 9, "name": "A"}), "different version"),
    (b"x" * 1_000_001, "at most 1 MB"),
])
def test_bad_saved_files_are_refused(content, expected):
    with pytest.raises(ValueError, match=expected):
        from_json(content)


def test_card_and_static_form_escape_learner_text(task):
    p = with_statement(with_details(blank_persona(), EVIL, EVIL, EVIL), "quotes",
                       Statement(text=EVIL, kind="research", evidence=EVIL))
    page = card_html(p)
    assert "<img" not in page and "&lt;img src=x" in page and page.startswith("<!DOCTYPE html>")
    static = persona_static_html(task, "<p>link</p>")
    assert "Sam Okafor" in static and "Customer interviews (14, 2026)" in static and static.endswith("</div>")
    assert "Urban renters: 62% of 2025 revenue" in static
    assert "journey-optimiser.ipynb" in persona_static("cim-l6-cjo", "fern-persona")


# -- the live view (no browser) -----------------------------------------------------------------------------------
def test_view_starts_blank_and_builds_a_persona_keeping_text_on_refusal():
    v = PersonaView.example()
    assert v.persona.name == "New persona" and not v.persona.statements()      # never pre-filled with the answer
    v.statement.value = "Wants plants that survive " + EVIL
    v.evidence.value = ""
    v.add_statement.click()
    assert "has no evidence" in v.research_msg.value and "&lt;img" in v.research_msg.value
    assert v.statement.value == "Wants plants that survive " + EVIL               # kept to fix
    v.evidence.value = "Interview 4 of 14"
    v.add_statement.click()
    assert v.research_msg.value == "" and v.persona.goals[0].evidence == "Interview 4 of 14"
    assert "<img" not in v.card.value
    v.name.value = ""
    v.save_details.click()
    assert "Give the persona a name" in v.details_msg.value and v.persona.name == "New persona"


def test_view_computes_figures_and_adds_one():
    v = PersonaView.example()
    if v.frame is None:
        pytest.skip("data/datasets/fern_orders.csv is not generated yet")
    v.segment.value = "Urban renters"
    v.compute.click()
    assert "figures computed for Urban renters" in v.status.value
    v.figure_choice.value = 1
    v.add_figure.click()
    assert v.persona.figures and v.persona.figures[0].kind == "data"


def test_view_refuses_a_bad_upload_and_keeps_the_data():
    v = PersonaView.example()
    before = v.frame
    v.csv_uploaded({"new": ({"name": "x.csv", "size": MAX_CSV_BYTES + 1, "content": b"x"},)})
    assert "at most 20 MB" in v.data_msg.value and v.frame is before
    v.csv_uploaded({"new": ({"name": "x.csv", "content": b"a,b\n1,2\n"},)})
    assert "no “segment” column" in v.data_msg.value and v.frame is before
    v.csv_uploaded({"new": ({"name": "mine.csv", "content": small_frame().to_csv(index=False).encode()},)})
    assert v.data_msg.value == "" and v.segment.options == ("A", "B")


def test_view_opens_the_example_prepares_files_and_reopens(task):
    v = PersonaView.example()
    v.start_worked.click()
    assert v.persona == task.worked and "Plant Club" in v.flags.value
    v.prepare.click()
    assert "persona-sam-okafor.html" in v.downloads.value and "persona-sam-okafor.json" in v.downloads.value
    v.start_blank.click()
    v.uploaded({"new": ({"name": "p.json", "content": to_json(task.worked).encode()},)})
    assert v.persona == task.worked and v.name.value == "Sam Okafor"
    v.uploaded({"new": ({"name": "p.json", "content": b"{"},)})
    assert "not valid JSON" in v.upload_message.value and v.persona == task.worked
