"""Journey audit (CIM L6 1.2, 2.1) on the journey-map model: the Fern & Field audit worked by hand, the 5 Whys
depth rule, gaps, changes and metrics, the learner's additions, saving and opening (a saved audit or a map from
the journey builder), safe exports, at least ten kinds of bad input answered in words, and the live view."""

from __future__ import annotations

import csv
import io
import json

import pytest

from widgets.activities.journey_audit import (
    Audit,
    AuditNotes,
    add_change,
    add_metric,
    add_pain_point,
    add_touchpoint,
    add_why,
    audit_html,
    audit_journey,
    audit_static_html,
    blank_acpra_audit,
    link_metric,
    load_audit_task,
    open_file,
    remove_last_why,
    set_channels,
    set_goal,
    to_csv,
    to_json,
    why_status,
)
from widgets.journey import MAX_UPLOAD_BYTES, PainPoint, load_template
from widgets.ui.activities.journey_audit import JourneyAuditView, journey_audit_static

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture()
def task():
    return load_audit_task("cim-l6-cjo", "fern-audit")


@pytest.fixture()
def fern(task):
    return Audit(task.journey(), task.notes())


def _ids(audit: Audit, words: str) -> tuple[str, str]:
    """(touchpoint id, first pain point id or "") of the touchpoint whose name contains ``words``."""
    for _, t in audit.journey.touchpoints():
        if words in t.name:
            return t.id, (t.pain_points[0].id if t.pain_points else "")
    raise KeyError(words)


# -- the Fern & Field audit, worked by hand from data/journeys/online-retailer.json -----------------------------
def test_stage_emotions_pains_and_channels_by_hand(fern):
    r = audit_journey(fern)
    assert [s.name for s in r.stages] == ["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"]
    # Awareness: reel +1, friend +1 → 1.0; Consideration: product page 0, reviews −1 → −0.5;
    # Purchase: checkout −2, confirmation 0, delivery −2 → −4/3; Retention: emails −1, chat +2 → 0.5;
    # Advocacy: review request −1, referral +1 → 0.
    assert [s.mean_emotion for s in r.stages] == pytest.approx([1.0, -0.5, -4 / 3, 0.5, 0.0])
    assert r.stages[2].channels == {"Website": 1, "Email": 1, "In person": 1}
    # pain points by severity × frequency: checkout 5×4 = 20, delivery 5×3 = 15, damage 4×3 = 12 (more severe
    # than the two 3×4 = 12, which keep journey order: care information, then emails)
    assert [w.pain.score for w in r.whys] == [20, 15, 12, 12, 12]
    assert [w.pain.description[:12] for w in r.whys] == ["Delivery cos", "Missed deliv", "Reviews abou",
                                                           "Care informa", "Post-purchas"]


def test_expectation_gaps_worst_first_and_unmeasured_touchpoints(fern):
    r = audit_journey(fern)
    # Delivery 1 − 5 = −4; checkout 1 − 4 = −3; the reel 4 − 3 = +1 and chat 5 − 3 = +2 come last
    assert [(g[1], g[2]) for g in r.expectation_gaps[:2]] == [("Delivery", -4), ("Mobile checkout", -3)]
    assert [g[2] for g in r.expectation_gaps[-2:]] == [1, 2]
    kinds = [(g.kind, g.where) for g in r.gaps]
    assert ("Gap not measured", "Awareness · Friend's recommendation") in kinds
    assert ("Gap with no pain point", "Purchase · Order confirmation") in kinds   # −2 and no pain point
    assert ("Channel with no touchpoint", "Advertising") in kinds                # paid search is not on the map
    assert sum(k == "No customer goal" for k, _ in kinds) == 5                   # the learner writes them


def test_five_whys_depth(fern):
    r = audit_journey(fern)
    status = {w.pain.description[:12]: w.status for w in r.whys}
    assert status["Delivery cos"] == "candidate root cause"    # five answers
    assert status["Care informa"] == "candidate root cause"    # three answers
    assert status["Missed deliv"] == status["Reviews abou"] == status["Post-purchas"] == "not analysed"
    assert why_status(PainPoint(description="x", whys=["a", "b"]))[0] == "stops early"
    assert why_status(PainPoint(description="x", whys=["a", "b", "The driver forgot to knock"]))[0] == "ends in blame"
    assert why_status(PainPoint(description="x", whys=["a", "b", "Human error at the depot"]))[0] == "ends in blame"
    assert why_status(PainPoint(description="x", whys=["a", "b", "No one owns the checkout"]))[0] == \
        "candidate root cause"


def test_changes_in_priority_order_with_their_metrics(fern):
    r = audit_journey(fern)
    first = r.changes[0]
    # quick wins first (impact ≥ 3, effort ≤ 2), by impact − effort: safe place 4 − 1 = 3 leads
    assert first.change.description.startswith("Let customers choose a neighbour") and first.quadrant == "Quick win"
    assert [m.describe() for m in first.metrics] == ["First-attempt delivery rate: now 71%, target 92% "
                                                     "(at this touchpoint)"]
    checkout = next(c for c in r.changes if c.change.description.startswith("Show delivery cost"))
    assert len(checkout.metrics) == 3
    assert any(g.kind == "Metric not chosen" and "Show delivery cost" in g.message for g in r.gaps)
    assert not any(g.kind == "Change with no metric" for g in r.gaps)


# -- the learner's additions ---------------------------------------------------------------------------------------
def test_adding_whys_changes_metrics_and_links(fern):
    tid, pid = _ids(fern, "Delivery")
    a = add_why(fern, pid, "The courier's one attempt is on a weekday")
    a = add_why(a, pid, "Slots are not offered at checkout")
    a = add_why(a, pid, "The courier contract has no timed slots")
    assert audit_journey(a).whys[1].status == "candidate root cause"
    assert not fern.journey.touchpoints()[6][1].pain_points[0].whys        # the original is untouched
    assert remove_last_why(a, pid).journey.touchpoints()[6][1].pain_points[0].whys[-1] == \
        "Slots are not offered at checkout"
    a = add_metric(a, tid, "Depot collections per 100 orders", "9", "3", "contacts", higher_is_better=False)
    kpi = a.journey.touchpoints()[6][1].kpis[-1]
    assert (kpi.value, kpi.target, kpi.higher_is_better) == (9.0, 3.0, False)
    a = add_change(a, tid, "Offer timed one-hour slots", 4, 3)
    change = a.journey.touchpoints()[6][1].opportunities[-1]
    a = link_metric(a, change.id, kpi.id)
    c = next(c for c in audit_journey(a).changes if c.change.id == change.id)
    assert c.quadrant == "Major project" and [m.describe() for m in c.metrics] == [
        "Depot collections per 100 orders: now 9 contacts, target 3 contacts (chosen)"]
    stage = a.journey.as_is[0]
    a = set_goal(a, stage.id, "Find plants that will survive in a small flat")
    assert audit_journey(a).stages[0].goal.startswith("Find plants")
    assert sum(g.kind == "No customer goal" for g in audit_journey(a).gaps) == 4


def test_a_blank_acpra_map_can_be_audited(task):
    a = blank_acpra_audit(task)
    r = audit_journey(a)
    assert sum(g.kind == "Stage with no touchpoint" for g in r.gaps) == 5
    a = add_touchpoint(a, a.journey.as_is[2].id, "Checkout", "Website", -2, 4, 1)
    tid = a.journey.as_is[2].touchpoints[0].id
    r = audit_journey(a)
    assert any(g.kind == "Gap with no pain point" for g in r.gaps)
    a = add_pain_point(a, tid, "Delivery cost shown late", 5, 4)
    r = audit_journey(a)
    assert r.whys[0].pain.score == 20 and r.whys[0].status == "not analysed"
    assert any(g.kind == "Pain point with no change" for g in r.gaps)


def test_missing_acpra_stages_are_gaps():
    m = load_template("hotel-stay")
    r = audit_journey(Audit(m))
    assert [g.where for g in r.gaps if g.kind == "Missing stage"] == ["Awareness", "Consideration", "Purchase",
                                                                      "Retention", "Advocacy"]


# -- bad input: each answered with a sentence ----------------------------------------------------------------------
def test_bad_additions_are_refused_in_words(fern):
    tid, pid = _ids(fern, "Mobile checkout")
    cases = [
        (lambda: add_why(fern, pid, "   "), "Write the answer"),                                 # 1 empty why
        (lambda: add_why(fern, pid, "six"), "already has five answers"),                         # 2 sixth why
        (lambda: add_why(fern, "nope", "x"), "Choose a pain point"),                             # 3 unknown pain
        (lambda: add_change(fern, tid, "", 3, 3), "Write the recommended change"),              # 4 empty change
        (lambda: add_change(fern, tid, "x", 0, 3), "Impact: choose a whole number from 1 to 5"),  # 5 impact 0
        (lambda: add_change(fern, tid, "x", 3, True), "Effort: choose a whole number"),          # 6 bool effort
        (lambda: add_metric(fern, tid, "Rate", "abc", "5"), "Current value: “abc” is not a number"),  # 7 non-numeric
        (lambda: add_metric(fern, tid, "Rate", "5", ""), "Give the metric a target"),            # 8 no target
        (lambda: add_metric(fern, tid, "Rate", "1e999", "5"), "too large"),                      # 9 huge
        (lambda: add_metric(fern, tid, "Rate", "5", "NaN"), "not a number"),                     # 10 NaN target
        (lambda: add_metric(fern, tid, "  ", "5", "6"), "Write the metric's name"),              # 11 no name
        (lambda: link_metric(fern, "nope", "nope"), "Choose a recommended change"),              # 12 bad link
        (lambda: set_goal(fern, fern.journey.as_is[0].id, "g" * 401), "under 400 characters"),  # 13 long goal
        (lambda: set_goal(fern, "nope", "x"), "Choose a stage"),                                 # 14 unknown stage
        (lambda: set_channels(fern, ["Carrier pigeon"]), "not one of the journey map's channels"),  # 15 channel
        (lambda: add_touchpoint(fern, fern.journey.as_is[0].id, "Instagram reel advert", "Social media"),
         "already has a touchpoint"),                                                           # 16 duplicate
        (lambda: add_touchpoint(fern, fern.journey.as_is[0].id, "Stall", "Billboard"), "Choose a channel"),  # 17
        (lambda: add_touchpoint(fern, fern.journey.as_is[0].id, "Stall", "Post", 3), "Emotion: choose"),  # 18
        (lambda: add_pain_point(fern, tid, "x", 6, 1), "Severity: choose"),                      # 19
    ]
    for make, expected in cases:
        with pytest.raises(ValueError, match=expected):
            make()
    with pytest.raises(ValueError, match="Choose a metric"):
        change_id = fern.journey.touchpoints()[2][1].opportunities[0].id
        link_metric(fern, change_id, "nope")


@pytest.mark.parametrize("content, expected", [
    (b"", "is empty"),                                                                           # 20 empty file
    (b"\xff\xfe\x00", "not a text"),                                                             # 21 not UTF-8
    (b"{oops", "not valid JSON"),                                                                # 22 not JSON
    (b"[" * 3000 + b"]" * 3000, "nested far more deeply"),                                       # 23 deep JSON
    (b"[1, 2]", "not a journey audit or map"),                                                   # 24 a list
    (json.dumps({"kind": "persona", "schema_version": 1}).encode(), "saved by another tool"),    # 25 wrong kind
    (json.dumps({"kind": "journey-audit", "schema_version": 2}).encode(), "different version"),  # 26 version
    (json.dumps({"schema_version": 7, "title": "x"}).encode(), "schema version 7"),              # 27 map version
    (json.dumps({"title": "x"}).encode(), "no schema_version"),                                  # 28 not a map
    (b" " * (MAX_UPLOAD_BYTES + 1), "at most 2 MB"),                                             # 29 oversized
    (b'{"schema_version": 1, "title": "x", "as_is": [], "notes": 1e999}', "too large"),          # 30 huge number
])
def test_bad_files_are_refused_in_words(content, expected):
    with pytest.raises(ValueError, match=expected):
        open_file(content)


def test_an_audit_with_bad_notes_is_refused(fern):
    data = json.loads(to_json(fern))
    data["expected_channels"] = ["Telepathy"]
    with pytest.raises(ValueError, match="cannot be opened"):
        open_file(json.dumps(data).encode())
    data = json.loads(to_json(fern))
    data["journey"]["as_is"][0]["touchpoints"][0]["emotion"] = 9
    with pytest.raises(ValueError, match="emotion"):
        open_file(json.dumps(data).encode())


# -- saving, opening a builder map, exports ----------------------------------------------------------------------
def test_save_and_reopen_and_open_a_builder_map(fern, task):
    tid, pid = _ids(fern, "Delivery")
    a = set_goal(add_why(fern, pid, "Weekday-only courier"), fern.journey.as_is[0].id, "Discover")
    back = open_file(to_json(a, task.id).encode())
    assert back.journey == a.journey and back.notes == a.notes
    from_builder = open_file(fern.journey.to_json().encode(), task)     # as the journey builder saves it
    assert from_builder.journey == fern.journey and from_builder.notes == task.notes()
    assert open_file(fern.journey.to_json()).notes == AuditNotes()


def test_exports_are_escaped_and_csv_safe(task):
    a = blank_acpra_audit(task)
    a = add_touchpoint(a, a.journey.as_is[0].id, EVIL, "Website", -1, 4, 2)
    tid = a.journey.as_is[0].touchpoints[0].id
    a = add_pain_point(a, tid, "=HYPERLINK(\"http://x\")", 3, 3)
    a = add_change(a, tid, "@SUM(1)", 3, 2)
    a = set_goal(a, a.journey.as_is[0].id, EVIL)
    page = audit_html(a)
    assert "<img" not in page and "&lt;img src=x" in page
    rows = list(csv.reader(io.StringIO(to_csv(a))))
    cells = [c for row in rows for c in row]
    assert not any(c.lstrip().startswith(("=", "@")) for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_static_form_is_the_fern_and_field_audit(task):
    html_text = audit_static_html(task, "<p>link</p>")
    assert "Let customers choose a neighbour" in html_text and "First-attempt delivery rate: now 71%, target 92%" \
        in html_text
    assert "Advertising" in html_text and "candidate root cause" in html_text
    assert "journey-optimiser.ipynb" in journey_audit_static("cim-l6-cjo", "fern-audit")


# -- the live view (no browser) -----------------------------------------------------------------------------------
def test_view_adds_a_why_and_keeps_text_on_refusal():
    v = JourneyAuditView.example()
    v.pain.value = next(value for label, value in v.pain.options if "Missed" in label)
    v.why.value = "x" * 401
    v.add_why_button.click()
    assert "under 400 characters" in v.why_msg.value and v.why.value == "x" * 401
    v.why.value = "Couriers deliver on weekdays only " + EVIL
    v.add_why_button.click()
    assert v.why_msg.value == "" and v.why.value == "" and "<img" not in v.chain.value
    assert "stops early" in v.chain.value


def test_view_metric_refusal_keeps_every_box_and_success_clears_them():
    v = JourneyAuditView.example()
    v.metric_name.value, v.metric_value.value, v.metric_target.value = "Depot trips", "lots", "3"
    v.add_metric_button.click()
    assert "not a number" in v.metric_msg.value
    assert (v.metric_name.value, v.metric_value.value, v.metric_target.value) == ("Depot trips", "lots", "3")
    v.metric_value.value = "9"
    v.add_metric_button.click()
    assert v.metric_msg.value == "" and v.metric_name.value == ""
    assert any("Depot trips" in label for label, _ in v.link_kpi.options)


def test_view_blank_map_touchpoint_goal_files_and_reopen():
    v = JourneyAuditView.example()
    v.open_blank.click()
    assert "5 stages, 0 touchpoints" in v.map_title.value
    v.add_change_button.click()
    assert "no touchpoints" in v.change_msg.value
    v.tp_name.value = "Checkout"
    v.tp_stage.value = v.tp_stage.options[2][1]
    v.add_tp_button.click()
    assert "1 touchpoints" in v.map_title.value or "1 touchpoint" in v.map_title.value
    v.goal.value = "Buy without surprises"
    v.stage.value = v.stage.options[2][1]
    v.goal.value = "Buy without surprises"
    v.save_goal.click()
    assert v.audit.notes.stage_goals == {v.stage.options[2][1]: "Buy without surprises"}
    v.prepare.click()
    for name in ("journey-audit.html", "journey-audit.csv", "journey-audit.json"):
        assert name in v.downloads.value
    saved = to_json(v.audit)
    v.open_case.click()
    v.uploaded({"new": ({"name": "a.json", "content": saved.encode()},)})
    assert "Opened “My ACPRA journey audit”" in v.status.value
    v.uploaded({"new": ({"name": "big.json", "size": MAX_UPLOAD_BYTES + 1, "content": b"{}"},)})
    assert "at most 2 MB" in v.upload_message.value and v.audit.journey.title == "My ACPRA journey audit"


def test_every_kind_of_gap_is_found_and_ordered(task):
    from widgets.activities.journey_audit import GAP_ORDER
    from widgets.journey import Kpi

    a = blank_acpra_audit(task)
    a = add_touchpoint(a, a.journey.as_is[1].id, "Reviews", "Website", -1, 4, 2)
    a = add_touchpoint(a, a.journey.as_is[2].id, "Checkout", "Website", -2, 4, 1)
    reviews, checkout = a.journey.as_is[1].touchpoints[0].id, a.journey.as_is[2].touchpoints[0].id
    a = add_pain_point(a, reviews, "Damage reviews", 4, 3)
    a = add_pain_point(a, checkout, "Late delivery cost", 5, 4)
    a = add_why(a, a.journey.as_is[2].touchpoints[0].pain_points[0].id, "The agent forgot to update the table")
    a = add_change(a, reviews, "Happy plant guarantee", 4, 2)
    a.journey.as_is[1].touchpoints[0].kpis = [Kpi(name="Rating", value=4.1), Kpi(name="Returns", value=3)]
    a = add_why(a, a.journey.as_is[1].touchpoints[0].pain_points[0].id, "Boxes are too thin")
    a = add_change(a, checkout, "Show cost early", 5, 3)
    a = add_touchpoint(a, a.journey.as_is[3].id, "Emails", "Email", -1)
    a = add_pain_point(a, a.journey.as_is[3].touchpoints[0].id, "Emails sell", 3, 4)
    r = audit_journey(a)
    kinds = [g.kind for g in r.gaps]
    for kind in ("Stage with no touchpoint", "Expectation gap", "Pain point with no change", "5 Whys ends in blame",
                 "5 Whys stops early", "Metric with no target", "Metric not chosen", "Change with no metric",
                 "Channel with no touchpoint", "No customer goal"):
        assert kind in kinds, kind
    assert kinds == sorted(kinds, key=GAP_ORDER.index)
