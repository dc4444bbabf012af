"""The measurement plan's live view (no browser): each part written, checks answering as the learner types, bad
input answered beside the field with everything typed kept, uploads analysed or refused, files downloaded and
reopened, parts shown alone, the static book form, and the app tab."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import urllib.parse

import pytest

from tests.test_measurement_plan import SMALL_FEEDBACK, SMALL_LOG
from widgets.activities import measurement_plan as mp

TASK = mp.load_task("cim-l4-cx", "hartwell-measurement")
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def view():
    from widgets.ui.activities.measurement_plan import MeasurementPlanView

    return MeasurementPlanView.example()


def upload(content: bytes, name: str) -> tuple[dict, ...]:
    return ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2026, 11, 2, tzinfo=dt.UTC)},)


def links(v) -> dict[str, str]:
    out = {}
    for name, uri in re.findall(r"download=['\"]([^'\"]+)['\"][^>]*href=['\"]([^'\"]+)['\"]", v.downloads.value):
        out[name] = uri
    for uri, name in re.findall(r"href=['\"]([^'\"]+)['\"][^>]*download=['\"]([^'\"]+)['\"]", v.downloads.value):
        out[name] = uri
    decoded = {}
    for name, uri in out.items():
        head, _, body = uri.partition(",")
        decoded[name] = (base64.b64decode(body).decode("utf-8") if head.endswith(";base64")
                         else urllib.parse.unquote(body))
    return decoded


def test_blank_then_worked_example(view):
    view.start_blank.click()
    assert view.work.choices == [] and "No measures chosen yet" in view.measure_checks.value
    assert "not written yet" in view.persp_checks.value
    view.start_worked.click()
    assert view.context.value == TASK.worked.context and len(view.chosen.options) == len(TASK.worked.choices)
    assert view.persp_boxes[("employee", "what")].value == TASK.worked.perspective("employee").what
    assert view.eval_boxes["conclusion"].value == TASK.worked.evaluation.conclusion
    for checks in (view.measure_checks, view.persp_checks, view.eval_checks):
        assert "nothing flagged" in checks.value


def test_hartwell_analysis_shown_with_chart_descriptions(view):
    use = view.use_hartwell
    use.click()
    assert "2,221 of 2,500 (88.8 %)" in view.findings.value and "Advice from staff 235" in view.findings.value
    assert len(view.charts.outputs) == 3 and view.chart_texts.value.count("Chart description") == 3
    assert "76.1 %" in view.chart_texts.value


def test_adding_measures_and_refusals_keep_the_text(view):
    view.start_blank.click()
    view.kind.value = "method"
    assert ("Surveys — primary", "surveys") in view.item.options
    view.item.value = "surveys"
    view.captures.value = "Feelings " + EVIL
    view.add.click()
    assert "Give your reason" in view.choice_msg.value and view.captures.value == "Feelings " + EVIL
    assert view.work.choices == []
    view.reason.value = "Because it reaches online customers after delivery"
    view.add.click()
    assert view.choice_msg.value == "" and view.reason.value == "" and len(view.work.choices) == 1
    assert "Surveys: state the sample" in view.measure_checks.value
    assert EVIL not in view.choice_table.value and "&lt;img" in view.choice_table.value
    view.item.value = "surveys"
    view.reason.value = "Again because"
    view.add.click()
    assert "already in your plan" in view.choice_msg.value and view.reason.value == "Again because"
    view.chosen.value = None
    view.remove.click()
    assert "Choose a measure or method to remove" in view.choice_msg.value
    view.chosen.value = 0
    view.remove.click()
    assert view.work.choices == []


def test_text_too_long_and_perspectives(view):
    view.start_blank.click()
    view.organisation.value = ""
    assert "name of your organisation" in view.org_msg.value and view.work.organisation == "My organisation"
    view.organisation.value = "Leicester Libraries"
    box = view.persp_boxes[("customer", "justification")]
    box.value = "x" * 2500
    assert "2000" in view.persp_msgs["customer"].value and box.value == "x" * 2500
    box.value = "Customers matter."
    assert "gives no reason" in view.persp_checks.value
    box.value = "Because loyal customers spend more."
    assert "Customer: the justification" not in view.persp_checks.value
    view.eval_boxes["cannot_show"].value = "y" * 2500
    assert "2000" in view.eval_msgs["cannot_show"].value


@pytest.mark.parametrize(("content", "words"), [
    (b"", "is empty"),
    (b"%PDF-1.4", "not a CSV file"),
    (b"a,b\n1,2\n", "neither a complaints log"),
    (SMALL_LOG.replace("2025-01-05 09:00", "31/31/2025").encode(), "is not a date"),
    (SMALL_FEEDBACK.replace(",2,,", ",six,,").encode(), "rating must be"),
])
def test_bad_uploads_answered_beside_the_upload(view, content, words):
    view.use_hartwell.click()
    before = view.findings.value
    view.data_upload.value = upload(content, "mine.csv")
    assert words in view.data_msg.value and "unchanged" in view.data_msg.value
    assert view.findings.value == before


def test_uploads_are_analysed(view):
    view.data_upload.value = upload(SMALL_LOG.encode(), "log.csv")
    assert view.data_msg.value == "" and "5 complaints" in view.findings.value and "log.csv" in view.source_line.value
    view.data_upload.value = upload(SMALL_FEEDBACK.encode(), "fb.csv")
    assert "9 pieces of feedback" in view.findings.value and "75.0 %" in view.findings.value
    view.use_hartwell.click()
    assert "2,500 complaints" in view.findings.value


def test_downloads_and_reopen(view):
    view.start_worked.click()
    view.organisation.value = "Hartwell " + EVIL
    view.prepare.click()
    files = links(view)
    assert set(files) == {"measurement-plan.html", "measurement-plan.csv", "measurement-plan.json"}
    assert EVIL not in files["measurement-plan.html"] and "&lt;img" in files["measurement-plan.html"]
    saved = files["measurement-plan.json"].encode()
    view.start_blank.click()
    view.upload.value = upload(saved, "plan.json")
    assert view.work.organisation == "Hartwell " + EVIL and view.context.value == TASK.worked.context
    view.upload.value = upload(b"{\"kind\": \"other\"}", "x.json")
    assert "not a saved measurement plan" in view.upload_message.value
    assert view.work.organisation == "Hartwell " + EVIL
    bad = json.loads(saved)
    bad["stakeholders"] = [{"stakeholder": "customer"}, {"stakeholder": "customer"}]
    view.upload.value = upload(json.dumps(bad).encode(), "y.json")
    assert "appears twice" in view.upload_message.value


def test_parts_alone_static_and_tab():
    from widgets.ui.activities.measurement_plan import (
        MeasurementPlanView,
        measurement_plan_static,
        measurement_plan_tab,
    )

    alone = MeasurementPlanView(TASK, "stakeholders")
    assert not hasattr(alone, "context") and hasattr(alone, "persp_boxes")
    alone.start_worked.click()
    assert "nothing flagged" in alone.persp_checks.value
    with pytest.raises(ValueError, match="not a part"):
        MeasurementPlanView(TASK, "kpis")
    for part in (None, *mp.PARTS):
        page = measurement_plan_static("cim-l4-cx", "hartwell-measurement", part)
        assert "cx-measurement" in page and "Worked example" in page
    assert "Chart description" in measurement_plan_static("cim-l4-cx", "hartwell-measurement", "feedback")
    assert isinstance(measurement_plan_tab("cim-l4-cx", "hartwell-measurement"), MeasurementPlanView)
