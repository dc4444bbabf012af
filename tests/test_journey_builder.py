"""The journey builder without a browser: set widget values, assert on the model and what is shown."""

from __future__ import annotations

import base64
import csv
import datetime
import io
import json
import re

import pytest

from widgets.journey import MAX_UPLOAD_BYTES, JourneyMap, load_template
from widgets.ui.journey import JourneyBuilder

EVIL = "<img src=x onerror=alert(1)>"


def field(editor, attr):
    return next(f.widget for f in editor.binder.fields if f.attr == attr)


def upload(app: JourneyBuilder, content: bytes, name: str = "map.json", size: int | None = None) -> None:
    app.upload.value = ({"name": name, "type": "application/json", "size": size if size is not None else len(content),
                         "content": memoryview(content),
                         "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)},)


@pytest.fixture
def app() -> JourneyBuilder:
    return JourneyBuilder(load_template("hotel-stay"))


def test_opens_with_the_template_and_draws_everything(app):
    assert len(app.stages.select.options) == 5
    assert app.touchpoints.select.options[1][0] == "2. Hotel website booking ◆"  # ◆ marks a moment of truth
    assert len(app.chart.outputs) == 1 and "application/vnd.vegalite.v5+json" in app.chart.outputs[0]["data"]
    assert "Reception check-in" in app.table.value and "Pain points ranked" in app.analysis.value


def test_emotion_edit_updates_model_and_chart_data_only_where_needed(app):
    before = dict(app.renders)
    field(app.touchpoints, "emotion").value = -2
    tp = app.journey.as_is[0].touchpoints[0]
    assert tp.emotion == -2
    spec = app.chart.outputs[0]["data"]["application/vnd.vegalite.v5+json"]
    rows = next(iter(spec["datasets"].values()))
    assert rows[0]["Emotion"] == -2 and rows[0]["Touchpoint"] == "Comparison site listing"
    assert app.renders[CHART_KEY] == before[CHART_KEY] + 1
    # a text edit that the chart does not show leaves the chart alone
    field(app.touchpoints, "doing").value = "Reads reviews on a phone"
    assert tp.doing == "Reads reviews on a phone"
    assert app.renders[CHART_KEY] == before[CHART_KEY] + 1 and app.renders["table"] == before["table"] + 2
    assert "Reads reviews on a phone" in app.table.value


CHART_KEY = "chart"


def test_bad_value_shows_a_message_and_keeps_the_model_and_the_text(app):
    app.stages.select.index = 0
    app.touchpoints.select.index = 1
    kpi = app.journey.as_is[0].touchpoints[1].kpis[0]
    app.kpis.select.index = 0
    value = field(app.kpis, "value")
    value.value = "sixty-eight"
    assert kpi.value == 68  # unchanged
    assert value.value == "sixty-eight"  # what the learner typed stays
    assert "role='alert'" in app.kpis.binder.error.value and "not a number" in app.kpis.binder.error.value
    value.value = "55.5"
    assert kpi.value == 55.5 and app.kpis.binder.error.value == ""


def test_add_move_remove_and_undo_touchpoints(app):
    app.stages.select.index = 2  # During: arrival and check-in
    stage = app.journey.as_is[2]
    names = [t.name for t in stage.touchpoints]
    app.touchpoints.select.index = 0
    app.touchpoints.add_item()
    assert [t.name for t in stage.touchpoints] == [names[0], "New touchpoint", *names[1:]]
    assert app.touchpoints.select.index == 1
    field(app.touchpoints, "name").value = "Valet parking"
    assert app.touchpoints.select.options[1][0] == "2. Valet parking"
    app.touchpoints.move(-1)
    assert [t.name for t in stage.touchpoints][:2] == ["Valet parking", names[0]]
    app.touchpoints.select.index = 2  # Reception check-in
    app.touchpoints.remove_item()
    assert "Reception check-in" not in [t.name for t in stage.touchpoints]
    assert "Reception check-in" not in app.table.value
    assert "Undo" in app.status.value and not app.undo_button.disabled
    app.undo()
    assert [t.name for t in stage.touchpoints] == ["Valet parking", names[0], "Reception check-in", *names[2:]]
    assert "Reception check-in" in app.table.value and app.undo_button.disabled


def test_stages_add_rename_remove_and_undo(app):
    app.stages.select.index = 4
    app.stages.add_item()
    field(app.stages, "name").value = "Loyalty"
    assert [s.name for s in app.journey.as_is][-1] == "Loyalty"
    assert app.touchpoints.select.options == ()  # a new stage has no touchpoints yet
    app.touchpoints.add_item()
    assert app.journey.as_is[-1].touchpoints[0].name == "New touchpoint"
    app.stages.select.index = 0
    removed = app.journey.as_is[0]
    app.stages.remove_item()
    assert removed not in app.journey.as_is
    app.undo()
    assert app.journey.as_is[0] is removed


def test_persona_and_lists_from_lines(app):
    field_w = next(f.widget for f in app.persona_binder.fields if f.attr == "goals")
    field_w.value = "Rest\n\n  Celebrate  \n"
    assert app.journey.persona.goals == ["Rest", "Celebrate"]


def test_learner_text_is_escaped_everywhere_it_is_shown(app):
    next(f.widget for f in app.map_binder.fields if f.attr == "title").value = EVIL
    field(app.touchpoints, "name").value = EVIL
    field(app.touchpoints, "feeling").value = EVIL
    app.pains.select.index = 0
    field(app.pains, "description").value = EVIL
    for shown in (app.table.value, app.analysis.value, app.status.value):
        assert EVIL not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in app.table.value
    assert "&lt;img" in app.analysis.value


@pytest.mark.parametrize("content, message", [
    (b"{not json", "not valid JSON"),
    (json.dumps({"schema_version": 99, "title": "x"}).encode(), "schema version 99"),
    (json.dumps({"schema_version": 1, "title": "x", "as_is": [{"name": "S", "touchpoints": [
        {"name": "T", "emotion": 3}]}]}).encode(), "between −2 and +2"),
])
def test_bad_uploads_leave_the_map_and_say_why(app, content, message):
    current = app.journey
    table = app.table.value
    upload(app, content)
    assert app.journey is current and app.table.value == table
    assert message in app.upload_message.value and "unchanged" in app.upload_message.value
    assert "role='alert'" in app.upload_message.value


def test_oversized_upload_is_refused_without_parsing(app):
    current = app.journey
    upload(app, b"{}", size=MAX_UPLOAD_BYTES + 1)
    assert app.journey is current
    assert "at most 2 MB" in app.upload_message.value


def test_good_upload_replaces_the_map_and_can_be_undone(app):
    other = load_template("charity-donor")
    upload(app, other.to_json().encode())
    assert app.journey == other and "Riverside Hospice" not in app.upload_message.value
    assert "Opened" in app.status.value
    assert app.stages.select.options[0][0].startswith("1. Pre-experience: discovering")
    app.undo()
    assert app.journey.title.startswith("A weekend break")


def test_start_from_a_blank_stage_set(app):
    app.start_choice.value = "blank:acpra"
    app.start_button.click()
    assert [s.name for s in app.journey.as_is] == ["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"]
    assert "Started" in app.status.value


def test_to_be_version(app):
    app.start_from("template:high-street-retailer")  # no to-be journey in this template
    app.version_picker.value = "to_be"
    assert app.stages.add.disabled and "no to-be journey yet" in app.status.value
    app.make_to_be.click()
    assert app.journey.to_be is not None and not app.stages.add.disabled
    field(app.touchpoints, "emotion").value = 2
    assert app.journey.to_be[0].touchpoints[0].emotion == 2
    assert app.journey.as_is[0].touchpoints[0].emotion == 1  # the as-is journey is untouched
    spec = app.chart.outputs[0]["data"]["application/vnd.vegalite.v5+json"]
    assert {r["Version"] for r in next(iter(spec["datasets"].values()))} == {"As-is", "To-be"}
    assert "As-is compared with to-be" in app.analysis.value


def test_downloads_are_data_links_that_hold_the_map(app):
    app.prepare_downloads()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', app.downloads.value))
    assert set(n.rsplit(".", 1)[1] for n in links) == {"json", "csv", "html", "md", "svg", "png"}
    as_json = next(v for k, v in links.items() if k.endswith(".json"))
    assert JourneyMap.from_json(base64.b64decode(as_json)) == app.journey
    as_csv = base64.b64decode(next(v for k, v in links.items() if k.endswith(".csv"))).decode()
    rows = list(csv.DictReader(io.StringIO(as_csv, newline="")))
    assert len(rows) == len(app.journey.touchpoints("as_is")) + len(app.journey.touchpoints("to_be"))
    # an edit makes the prepared files stale, so they are withdrawn
    field(app.touchpoints, "emotion").value = 0
    assert app.downloads.value == ""
