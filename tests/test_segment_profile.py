"""The segment profile (BTEC HN Unit 16 LO1): figures from the guest data, every part of a profile required,
the learner's work kept when input is bad, exports escaped, a JSON round trip, and the static book form."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest

from widgets.activities.guest_profiles import (
    FIELDS,
    Profile,
    ProfileSet,
    load_profile_task,
    new_profile,
    profile_static_html,
)
from widgets.activities.segments import Rule

TASK = load_profile_task("hn-l4-u16", "millbrook-segments")
EVIL = "<img src=x onerror=alert(1)>"
FAMILY = [Rule(column="segment", values=["Family"])]
TEXTS = {f: f"My own {f} text." for f in FIELDS}


def test_figures_come_from_the_data():
    frame = TASK.frame()
    chosen = frame[frame.segment == "Family"]
    f = TASK.figures(FAMILY)
    assert f.size == len(chosen) and f.total == 3000
    assert f.share == pytest.approx(100 * len(chosen) / 3000)
    assert f.average_spend == pytest.approx(chosen.total_spend.mean())
    assert f.direct == pytest.approx(100 * (chosen.booking_channel != "Online travel agent").mean())
    assert f.consent == pytest.approx(100 * (chosen.marketing_consent == "yes").mean())
    assert f.repeat == pytest.approx(100 * (chosen.stays_24_months >= 2).mean())
    assert sum(f.channels.values()) == pytest.approx(100)
    narrow = TASK.figures(FAMILY + [Rule(column="stays_24_months", minimum=2)])
    assert narrow.size == int(((frame.segment == "Family") & (frame.stays_24_months >= 2)).sum())
    empty = TASK.figures([Rule(column="total_spend", minimum=999999)])
    assert empty.size == 0 and empty.average_spend is None


@pytest.mark.parametrize("missing", FIELDS)
def test_every_part_of_a_profile_is_required(missing):
    texts = {**TEXTS, missing: "   "}
    with pytest.raises(ValueError, match=re.escape(TASK.field(missing).label)):
        TASK.check_profile(new_profile("Families", FAMILY, texts))


@pytest.mark.parametrize(("rules", "words"), [
    ([], "has no rules yet"),
    ([Rule(column="segment", values=["Pirates"])], "is not a value in the data"),
    ([Rule(column="shoe_size", values=["9"])], "not one of the columns"),
    ([Rule(column="nights")], "give a lowest value"),
    ([Rule(column="nights", minimum=5, maximum=2)], "Swap them"),
])
def test_bad_rules_get_a_sentence(rules, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        TASK.check_profile(new_profile("Group", rules, TEXTS))


def test_names_are_required_and_unique():
    with pytest.raises(ValueError, match="Give the group a name"):
        new_profile("  ", FAMILY, TEXTS)
    p = new_profile("Families", FAMILY, TEXTS)
    with pytest.raises(ValueError, match="same name"):
        ProfileSet(profiles=[p, p.model_copy(update={"name": "FAMILIES"})])
    with pytest.raises(ValueError, match="not a number"):
        TASK.make_rule("nights", (), "lots", "")


def test_the_worked_example_and_the_static_page():
    ex = TASK.worked_example
    assert len(ex.profiles) == 1 and all(getattr(ex.profiles[0], f) for f in FIELDS)
    page = profile_static_html(TASK, "<p class='cx-live-link'>live</p>")
    for text in ("Business", "Leisure couple", "Family", "Group and events", "3,000", "Leisure couples at the Old Mill",
                 "Onboarding strategy", "Post-boarding strategy", "Chart description", "cx-live-link",
                 "Booked direct"):
        assert text in page, text


def _hostile() -> ProfileSet:
    p = Profile(name=EVIL, rules=FAMILY, **{f: f"=HYPERLINK(\"x\") {EVIL}" for f in FIELDS})
    return ProfileSet(organisation="<b>Org</b>", profiles=[p], comparison="@SUM(1+1) <script>alert(1)</script>")


def test_exports_escape_learner_text_and_json_round_trips():
    ps = _hostile()
    page = TASK.document_html(ps)
    assert EVIL not in page and "<script>alert" not in page and "<b>Org" not in page and "&lt;img" in page
    csv = TASK.to_csv(ps)
    assert "'=HYPERLINK" in csv and "'@SUM" in csv and re.search(r"(^|,)\"?=HYPERLINK", csv, re.M) is None
    assert TASK.from_json(TASK.to_json(ps).encode()) == ps
    assert TASK.from_json(TASK.to_json(TASK.worked_example)) == TASK.worked_example
    for bad in (b"{", b"", b"[" * 5000 + b"]" * 5000, bytes(range(256)), json.dumps({"kind": "x"}).encode(),
                b'{"kind": "hn-segment-profiles", "x": NaN}', b" " * 2_000_000):
        with pytest.raises(ValueError) as info:
            TASK.from_json(bad)
        assert "Error" not in str(info.value)
    tampered = json.loads(TASK.to_json(TASK.worked_example))
    tampered["profiles"][0]["onboarding"] = ""
    with pytest.raises(ValueError, match="Onboarding strategy"):
        TASK.from_json(json.dumps(tampered))


@pytest.mark.parametrize("hostile", __import__("tests.test_exports", fromlist=["HOSTILE"]).HOSTILE)
def test_every_field_of_every_export_is_neutral(hostile):
    from tests.test_exports import assert_csv_safe, assert_html_safe

    p = Profile(name=hostile[:80], rules=FAMILY, **{f: hostile for f in FIELDS})
    ps = ProfileSet(organisation=hostile[:120], profiles=[p], comparison=hostile)
    assert_csv_safe(TASK.to_csv(ps), hostile)
    assert_html_safe(TASK.document_html(ps), hostile)
    assert TASK.from_json(TASK.to_json(ps)) == ps


# -- the view -----------------------------------------------------------------------------------------------
def _view():
    from widgets.ui.activities.guest_profiles import SegmentProfileView

    return SegmentProfileView.example()


def test_view_starts_blank_and_keeps_work_when_input_is_bad():
    v = _view()
    assert v.profiles.profiles == [] and all(box.value == "" for box in v.texts.values())
    v.use_segment.click()
    assert "Choose a segment" in v.segment_message.value
    v.segment.value = "Family"
    v.use_segment.click()
    assert v.name.value == "Family" and "686" in v.figures.value
    v.name.value = "Families " + EVIL
    v.builder.column.value = "stays_24_months"
    v.builder.low.value = "abc"
    assert "not a number" in v.builder.message.value
    v.builder.add.click()
    assert "not a number" in v.builder.message.value and len(v.builder.rules) == 1
    v.texts["characteristics"].value = "Families on holiday."
    v.save.click()
    assert "Needs, wants and preferences" in v.error.value and v.profiles.profiles == []
    assert v.name.value.endswith(EVIL) and v.texts["characteristics"].value == "Families on holiday."
    for f in FIELDS:
        v.texts[f].value = v.texts[f].value or f"Mine: {f}."
    v.save.click()
    assert v.error.value == "" and len(v.profiles.profiles) == 1
    assert "Families" in v.comparison.value and EVIL not in v.comparison.value and v.chart.outputs


def test_view_downloads_and_reopens_its_json():
    v = _view()
    v.open_example()
    assert len(v.profiles.profiles) == 1 and v.evaluation.value
    v.prepare.click()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', v.downloads.value))
    assert set(links) == {"segment-profiles.csv", "segment-profiles.html", "segment-profiles.json"}
    saved = base64.b64decode(links["segment-profiles.json"])
    other = _view()
    when = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    other.upload.value = ({"name": "mine.json", "type": "application/json", "size": len(saved),
                           "content": memoryview(saved), "last_modified": when},)
    assert other.profiles == v.profiles and "Opened 1 group" in other.status.value
    other.upload.value = ({"name": "bad.json", "type": "application/json", "size": 1, "content": memoryview(b"{"),
                           "last_modified": when},)
    assert "unchanged" in other.upload_message.value and other.profiles == v.profiles
