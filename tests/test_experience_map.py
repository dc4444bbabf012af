"""Detailed customer experience map (BTEC HN Unit 16, LO2): the new journey templates, the actions layer over a
journey map, the completeness checklist, the evidence exports and the live view (no browser)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
import yaml

from widgets.activities.experience_map import (
    BLANK,
    CSV_COLUMNS,
    ExperienceMap,
    checklist,
    emotions_by_cluster,
    evidence_document_html,
    experience_map_html,
    from_json,
    load_experience_map_task,
    start_map,
    to_csv,
    to_json,
    worked_map,
)
from widgets.journey import SHAW_WORDS, TEMPLATES, load_template

ROOT = Path(__file__).resolve().parents[1]
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def task():
    return load_experience_map_task("hn-l4-u16", "experience-map")


# -- the templates ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["restaurant-visit", "attraction-day"])
def test_new_templates_have_pre_during_post_and_every_lane(key):
    m = load_template(key)
    assert key in TEMPLATES and m.stage_set == "experience"
    assert {s.name.split(":")[0].split()[0] for s in m.as_is} == {"Pre-experience", "During", "Post-experience"}
    tps = [t for _, t in m.touchpoints()]
    assert len(tps) >= 10
    assert all(t.doing and t.thinking and t.feeling and t.emotion_words for t in tps)
    assert {SHAW_WORDS[w] for t in tps for w in t.emotion_words} == {"Destroying", "Attention", "Recommendation",
                                                                      "Advocacy"}
    assert any(t.pain_points for t in tps) and any(t.opportunities for t in tps) and any(t.kpis for t in tps)


def test_restaurant_template_agrees_with_the_case_file():
    case = yaml.safe_load((ROOT / "data/cases/hn-l4-u16/millbrook-hotels.yml").read_text(encoding="utf-8"))
    old_mill = next(h for h in case["hotels"] if h["name"] == "Old Mill Hotel")
    m = load_template("restaurant-visit")
    assert "The Mill Kitchen" in m.organisation and "Old Mill Hotel" in m.organisation
    assert old_mill["place"] in m.organisation
    assert "90-cover" in m.scenario and "90 covers" in old_mill["features"]
    assert "non-residents" in m.scenario and "non-residents" in old_mill["features"]
    assert case["systems"]["restaurant_bookings"] in m.scenario
    assert "fictional" in m.organisation


def test_attraction_is_said_to_be_made_up():
    assert "made-up" in load_template("attraction-day").organisation


def test_the_readme_lists_every_template():
    readme = (ROOT / "data/journeys/README.md").read_text(encoding="utf-8")
    for key in TEMPLATES:
        assert f"`{key}.json`" in readme


# -- the model ---------------------------------------------------------------------------------------------------
def test_the_task_offers_the_three_templates_and_blank(task):
    assert task.templates == ["hotel-stay", "restaurant-visit", "attraction-day", BLANK]
    assert {c.criterion for c in task.checklist} == {"hn-l4-u16:P3", "hn-l4-u16:P4", "hn-l4-u16:M2", "hn-l4-u16:D2"}


def test_checklist_checks_completeness_and_never_writes(task):
    emap = worked_map(task)
    before = emap.model_dump()
    results = {r.label: r for r in checklist(emap, task)}
    assert emap.model_dump() == before  # the checklist changed nothing
    assert results["Every touchpoint says what the customer is doing, thinking and feeling"].met
    influence = next(r for r in results.values() if "influences" in r.label)
    assert not influence.met and "7 of 12" in influence.detail
    for _, t in emap.journey.touchpoints():
        emap.set_actions(t.id, "Greets by name", "Orders more")
        t.backstage_owner = t.backstage_owner or "Manager"
        if not t.opportunities:
            from widgets.journey import Improvement

            t.opportunities = [Improvement(description="Something")]
    assert all(r.met for r in checklist(emap, task))
    blank = start_map(task, BLANK)
    assert not any(r.met for r in checklist(blank, task))
    assert "no touchpoints" in checklist(blank, task)[1].detail


def test_emotions_grouped_by_shaw_cluster(task):
    groups = emotions_by_cluster(worked_map(task).journey)
    assert list(groups) == ["Destroying", "Attention", "Recommendation", "Advocacy"]
    assert ("Waiting for the main course", "neglected") in groups["Destroying"]


def test_unknown_start_and_actions_for_unknown_touchpoints_are_refused(task):
    with pytest.raises(ValueError, match="starting points"):
        start_map(task, "online-retailer")
    with pytest.raises(ValueError, match="Choose a touchpoint"):
        worked_map(task).set_actions("nope", "a", "b")


def test_json_round_trip_and_journey_builder_files(task):
    emap = worked_map(task)
    assert from_json(to_json(emap).encode("utf-8")) == emap
    opened = from_json(load_template("attraction-day").to_json())
    assert opened.journey == load_template("attraction-day") and opened.actions == {}
    for bad, expected in [(b"", "empty"), (b"[" * 100 + b"]" * 100, "nested"), (b"\xff\xfe", "UTF-8"),
                          (b"{x", "valid JSON"), (b'{"format": "other"}', "not an experience map")]:
        with pytest.raises(ValueError, match=expected):
            from_json(bad)


def test_exports_escape_learner_text_and_neutralise_formulas(task):
    emap = start_map(task, "attraction-day")
    first = emap.journey.as_is[0].touchpoints[0]
    first.name = EVIL
    emap.set_actions(first.id, EVIL, "=HYPERLINK(\"http://example.invalid\")")
    for page in (evidence_document_html(emap, task), experience_map_html(emap, task)):
        assert EVIL not in page and "&lt;img" in page
    rows = list(csv.reader(io.StringIO(to_csv(emap))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1][CSV_COLUMNS.index("influence on behaviour")].startswith("'=")


# -- the live view -----------------------------------------------------------------------------------------------
@pytest.fixture
def view():
    from widgets.ui.activities.experience_map import ExperienceMapView

    return ExperienceMapView.example()


def test_save_a_touchpoint_and_see_the_checklist_move(view):
    view.touchpoint.value = "3273c02c"  # Booking confirmation and reminder: not worked in the example
    view.front.value, view.influence.value = "Manager replies to allergy notes", "She stops worrying"
    view.save.click()
    assert "Saved" in view.status.value and view.tp_msg.value == ""
    assert view.map.actions["3273c02c"].influence == "She stops worrying"
    assert "She stops worrying" in view.table.value


def test_bad_input_gets_a_message_beside_the_form_and_keeps_the_work(view):
    before = view.map.model_dump()
    view.front.value = "x" * 3000
    view.back.value = "Kitchen reads notes"
    view.save.click()
    assert "under 2000 characters" in view.tp_msg.value
    assert view.front.value == "x" * 3000 and view.map.model_dump() == before


def test_start_blank_and_reopen_a_builder_file(view):
    view.start_choice.value = BLANK
    view.start.click()
    assert view.map.journey.touchpoints() == [] and "no touchpoints" in view.summary.value
    content = load_template("hotel-stay").to_json().encode("utf-8")
    view.upload.value = ({"name": "m.json", "type": "application/json", "size": len(content),
                          "content": memoryview(content), "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},)
    assert "Harbourside" in view.map.journey.title or view.map.journey.touchpoints()
    assert "Opened" in view.status.value
    view.prepare.click()
    assert view.downloads.value.count("download=") == 3


def test_the_book_shows_the_static_map_and_the_checklist(task):
    page = experience_map_html(worked_map(task), task)
    assert "cx-swimlane" in page and "Evidence checklist" in page and "✗ Not yet" in page and "✓ Done" in page


def test_experience_map_is_a_journey_map_underneath(task):
    assert isinstance(worked_map(task), ExperienceMap)
    assert worked_map(task).journey == load_template("restaurant-visit")
