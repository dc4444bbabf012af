"""The CRM explorer (BTEC HN Unit 16 LO3): bands worked out in the open, consent enforced for channels that
need it, the CRM type of each step, the weighted evaluation with reasons required, the learner's work kept
when input is bad, exports escaped, a JSON round trip, and the static book form."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest

from widgets.activities.crm_explorer import Campaign, CrmPlan, Score, crm_static_html, load_crm_task, new_campaign
from widgets.activities.segments import Rule

TASK = load_crm_task("hn-l4-u16", "millbrook-crm")
EVIL = "<img src=x onerror=alert(1)>"
LAPSED = Rule(column="recency_band", values=["Lapsed (more than 180 days)"])
TEXTS = {"objective": "Win them back.", "offer": "Dinner at The Mill Kitchen.", "measure": "Direct bookings."}


def test_bands_are_worked_out_from_the_thresholds():
    frame = TASK.frame()
    days = (dt.date(2025, 12, 31) - frame["last_stay_date"].map(dt.date.fromisoformat)).map(lambda d: d.days)
    assert frame["recency_days"].tolist() == days.tolist()
    assert ((frame.recency_band == "Lapsed (more than 180 days)") == (days > 180)).all()
    assert ((frame.frequency_band == "One stay") == (frame.stays_24_months == 1)).all()
    assert ((frame.spend_band == "Higher spend (over £800)") == (frame.total_spend > 800)).all()
    assert TASK.values("frequency_band") == ["One stay", "Two or three stays", "Four or more stays"]


def test_consent_is_enforced_for_channels_that_need_it():
    frame = TASK.frame()
    lapsed = frame.recency_band == "Lapsed (more than 180 days)"
    a = TASK.audience([LAPSED], "email")
    assert a.figures.size == int(lapsed.sum())
    assert a.reachable == int((lapsed & (frame.marketing_consent == "yes")).sum()) < a.figures.size
    assert "left out" in a.note and "PECR" in a.note
    assert TASK.audience([LAPSED], "in-stay").reachable == a.figures.size
    with pytest.raises(ValueError, match="None of the guests in this audience agreed to marketing"):
        TASK.audience([LAPSED, Rule(column="marketing_consent", values=["no"])], "email")
    TASK.audience([LAPSED, Rule(column="marketing_consent", values=["no"])], "in-stay")  # no message is sent


@pytest.mark.parametrize(("change", "words"), [
    ({"name": ""}, "Give the retention campaign a name"),
    ({"rules": []}, "has no audience yet"),
    ({"objective": ""}, "needs its objective"),
    ({"channel": ""}, "needs a channel"),
    ({"offer": ""}, "needs its offer"),
    ({"measure": ""}, "needs its measure"),
    ({"channel": "lookalike"}, "not a channel for a retention campaign"),
    ({"channel": "carrier-pigeon"}, "Choose a channel"),
])
def test_campaigns_need_every_part(change, words):
    base = dict(kind="retention", name="Come back", rules=[LAPSED], channel="email", **TEXTS)
    with pytest.raises(ValueError, match=re.escape(words)):
        TASK.check_campaign(Campaign(**{**base, **change}))


def test_each_step_names_its_type_of_crm():
    plain = new_campaign("retention", "x", [Rule(column="segment", values=["Family"])], "email", TEXTS)
    steps = {s: k for s, k, _ in TASK.steps(plain)}
    assert steps["Keep guest records up to date"] == "Operational CRM"
    assert steps["Segment the database with the filter"] == "Analytical CRM"
    assert steps["Share the audience and the offer across the group"] == "Collaborative CRM"
    assert steps["Reach the audience: E-mail from the CRM"] == "Operational CRM"
    assert "Score guests by recency, frequency and spend" not in steps
    banded = new_campaign("acquisition", "x", [LAPSED], "lookalike", TEXTS)
    steps = {s: k for s, k, _ in TASK.steps(banded)}
    assert steps["Score guests by recency, frequency and spend"] == "Analytical CRM"
    assert steps["Reach the audience: Lookalike audience on social media"] == "Collaborative CRM"
    assert list(steps)[-1] == "Measure the result against the objective"


def test_weighted_score_and_reasons():
    ex = TASK.worked_example
    expected = sum(s.weight * s.score for s in ex.scores.values()) / sum(s.weight for s in ex.scores.values())
    assert TASK.weighted_score(ex) == pytest.approx(expected) == pytest.approx(3.6)
    half = CrmPlan(scores={"analytics": Score(weight=10, score=5, reason="a"), "cost-ease": Score(weight=30, score=1,
                                                                                                 reason="b")})
    assert TASK.weighted_score(half) == pytest.approx((50 + 30) / 40)
    assert TASK.weighted_score(CrmPlan()) is None
    with pytest.raises(ValueError, match="Give your reason"):
        TASK.check_scores(CrmPlan(scores={"analytics": Score(weight=10, score=4)}))
    with pytest.raises(ValueError, match="no score"):
        TASK.check_scores(CrmPlan(scores={"analytics": Score(weight=10, reason="because")}))
    with pytest.raises(ValueError, match="Not scored yet"):
        TASK.check_scores(CrmPlan(scores={"analytics": Score(weight=10, score=4, reason="ok")}), complete=True)
    for bad in ("lots", "-5", "101", "1e400"):
        with pytest.raises(ValueError):
            TASK.read_weight(bad, "Cost")


def test_static_page_shows_the_worked_example():
    page = crm_static_html(TASK, "<p class='cx-live-link'>live</p>")
    for text in ("Operational CRM", "Analytical CRM", "Collaborative CRM", "Lapsed (more than 180 days)", "PECR",
                 "Come back to the Old Mill", "Families like ours at Harbour View", "Weighted score 3.60 out of 5",
                 "Salesforce (Sales Cloud and Marketing Cloud)", "cx-live-link", "needs consent"):
        assert text in page, text


def _hostile(text: str = EVIL) -> CrmPlan:
    c = Campaign(kind="retention", name=text[:80], rules=[LAPSED], channel="email",
                 objective="=HYPERLINK(\"x\") " + text, offer=text, measure="@SUM(1+1)")
    return CrmPlan(organisation=text[:120], campaigns={"retention": c}, system=text[:120],
                   scores={"analytics": Score(weight=20, score=3, reason=text)}, conclusion=text)


def test_exports_escape_learner_text_and_json_round_trips():
    plan = _hostile()
    page = TASK.document_html(plan)
    assert EVIL not in page and "&lt;img" in page
    csv = TASK.to_csv(plan)
    assert "'=HYPERLINK" in csv and "'@SUM" in csv and re.search(r"(^|,)\"?=HYPERLINK", csv, re.M) is None
    assert TASK.from_json(TASK.to_json(plan).encode()) == plan
    assert TASK.from_json(TASK.to_json(TASK.worked_example)) == TASK.worked_example
    for bad in (b"{", b"", b"[" * 5000 + b"]" * 5000, bytes(range(256)), json.dumps({"kind": "x"}).encode()):
        with pytest.raises(ValueError) as info:
            TASK.from_json(bad)
        assert "Error" not in str(info.value)
    tampered = json.loads(TASK.to_json(TASK.worked_example))
    tampered["campaigns"]["retention"]["rules"][-1]["values"] = ["no"]  # e-mail guests who did not agree
    with pytest.raises(ValueError, match="agreed to marketing"):
        TASK.from_json(json.dumps(tampered))


@pytest.mark.parametrize("hostile", __import__("tests.test_exports", fromlist=["HOSTILE"]).HOSTILE)
def test_every_field_of_every_export_is_neutral(hostile):
    from tests.test_exports import assert_csv_safe, assert_html_safe

    plan = _hostile(hostile)
    assert_csv_safe(TASK.to_csv(plan), hostile)
    assert_html_safe(TASK.document_html(plan), hostile)
    assert TASK.from_json(TASK.to_json(plan)) == plan


# -- the view -----------------------------------------------------------------------------------------------
def _view():
    from widgets.ui.activities.crm_explorer import CrmExplorerView

    return CrmExplorerView.example()


def test_view_plans_a_campaign_and_keeps_work_when_input_is_bad():
    v = _view()
    assert v.plan.campaigns == {} and v.name.value == "" and all(why.value == "" for _w, _p, why, _m in
                                                                 v.scores.values())
    b = v.builder
    b.column.value = "recency_band"
    b.values.value = ("Lapsed (more than 180 days)",)
    b.add.click()
    b.column.value = "marketing_consent"
    b.values.value = ("no",)
    b.add.click()
    v.channel.value = "email"
    assert "None of the guests" in v.audience.value and "PECR" in v.audience.value
    v.name.value = "Win back " + EVIL
    v.texts["objective"].value = "Bring them back."
    v.save.click()
    assert "agreed to marketing" in v.error.value or "needs its offer" in v.error.value
    assert v.plan.campaigns == {} and v.name.value.endswith(EVIL) and v.texts["objective"].value
    b.remove_last()
    assert "can be reached" in v.audience.value and "left out" in v.audience.value
    v.texts["offer"].value, v.texts["measure"].value = "A dinner.", "Bookings."
    v.save.click()
    assert v.error.value == "" and "retention" in v.plan.campaigns
    assert "Operational CRM" in v.campaigns.value and EVIL not in v.campaigns.value
    # the evaluation: a bad weight gets a message beside it; a score needs a reason
    weight, pick, why, msg = v.scores["analytics"]
    weight.value = "lots"
    assert "not a number" in msg.value
    v.score_button.click()
    assert "weight" in v.result.value
    weight.value = "15"
    assert msg.value == ""
    pick.value = 4
    v.score_button.click()
    assert "Give your reason" in v.result.value and pick.value == 4
    why.value = "Managers build segments themselves."
    v.score_button.click()
    assert "Weighted score 4.00 out of 5" in v.result.value


def test_switching_campaign_keeps_the_unsaved_form():
    v = _view()
    v.name.value = "Half-written " + EVIL
    v.builder.column.value = "segment"
    v.builder.values.value = ("Family",)
    v.builder.add.click()
    v.channel.value = "sms"
    v.texts["offer"].value = "My offer."
    v.kind.value = "acquisition"
    assert v.name.value == "" and v.builder.rules == [] and v.channel.value == ""
    v.kind.value = "retention"
    assert v.name.value == "Half-written " + EVIL and v.channel.value == "sms" and v.texts["offer"].value == "My offer."
    assert [r.values for r in v.builder.rules] == [["Family"]]


def test_view_downloads_and_reopens_its_json():
    v = _view()
    v.open_example()
    assert v.name.value == "Come back to the Old Mill" and v.system.value.startswith("Salesforce")
    v.kind.value = "acquisition"
    assert v.name.value == "Families like ours at Harbour View" and v.channel.value == "lookalike"
    v.prepare.click()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', v.downloads.value))
    assert set(links) == {"crm-plan.csv", "crm-plan.html", "crm-plan.json"}
    saved = base64.b64decode(links["crm-plan.json"])
    other = _view()
    when = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    other.upload.value = ({"name": "mine.json", "type": "application/json", "size": len(saved),
                           "content": memoryview(saved), "last_modified": when},)
    assert other.plan == v.plan and "Opened the plan" in other.status.value
    other.upload.value = ({"name": "bad.json", "type": "application/json", "size": 1, "content": memoryview(b"{"),
                           "last_modified": when},)
    assert "unchanged" in other.upload_message.value and other.plan == v.plan
