"""The KPI designer's live view (no browser): the learner designs KPIs with the calculator's working, analyses
the log (or an upload) and composes the report; bad input is answered beside the form with nothing typed lost;
files download, are safe and reopen; each part shows on its own; and the book's static form."""

from __future__ import annotations

import base64
import datetime as dt
import re
import urllib.parse

import pytest

from widgets.activities.kpi_designer import load_task, save_work, worked_work

TASK = load_task("cim-l4-cx", "hartwell-kpis")
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def view():
    from widgets.ui.activities.kpi_designer import KpiDesignerView

    return KpiDesignerView.example()


def upload(content: bytes, name: str) -> tuple[dict, ...]:
    return ({"name": name, "type": "text/plain", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2026, 11, 2, tzinfo=dt.UTC)},)


def downloads(html_text: str) -> dict[str, str]:
    out = {}
    for m in re.finditer(r"<a [^>]*>", html_text):
        tag = m.group(0)
        name = re.search(r"download=['\"]([^'\"]+)", tag)
        href = re.search(r"href=['\"]([^'\"]+)", tag)
        if name and href:
            head, data = href.group(1).split(",", 1)
            out[name.group(1)] = (base64.b64decode(data).decode() if ";base64" in head
                                  else urllib.parse.unquote(data))
    return out


def fill_kpi(v, **over) -> None:
    v.start_blank.click() if over.pop("blank", False) else None
    v.chosen.value = -1
    v.k_metric.value = "fcr"
    v.k_name.value = over.get("name", "Sorted first time " + EVIL)
    v.k_area.value = "service"
    v.k_definition.value = "Complaints resolved in the first contact."
    for box, value in zip(v.calc_inputs.values(), ("1037", "2500"), strict=True):
        box.value = value
    v.k_baseline.value, v.k_target.value = over.get("baseline", ""), over.get("target", "55")
    v.k_source.value, v.k_owner.value = "Complaints log", "Gareth Lewis, head of stores"
    v.k_plain.value, v.k_benchmark.value = "How often we fix it first time.", "UKCSI"


def test_worked_example_opens_with_checks_and_analysis(view):
    assert len(view.chosen.options) == len(TASK.kpis) + 1
    assert "vanity" in view.kpi_checks.value and "Dev Patel" in view.kpi_list.value
    assert "2,221 (88.8 %)" in view.a_results.value and view.a_chart.outputs
    assert "Write a title" in view.r_checks.value            # the report starts blank: the learner writes it
    assert view.r_finding.value == "" and view.i_shows.value == ""


def test_design_a_kpi_with_the_working(view):
    fill_kpi(view, blank=True)
    view.compute.click()
    assert "41.5%" in view.working.value and view.k_baseline.value == "41.48"
    view.add_k.click()
    assert view.kpi_msg.value == "" and len(view.work.kpis) == 1
    assert "&lt;img" in view.kpi_list.value and "<img src=x" not in view.kpi_list.value
    assert "No KPI yet for retention" in view.kpi_checks.value
    view.chosen.value = 0
    assert view.k_name.value.startswith("Sorted first time") and view.calc_inputs["contacts"].value == "2500"
    view.k_target.value = "60"
    view.update_k.click()
    assert view.work.kpis[0].target == 60
    view.remove_k.click()
    assert view.work.kpis == []


@pytest.mark.parametrize(("change", "words"), [
    (lambda v: setattr(v.k_name, "value", ""), "KPI name: please fill this in"),
    (lambda v: setattr(v.k_target, "value", "lots"), "Target"),
    (lambda v: setattr(v.k_baseline, "value", "70"), "below the baseline"),
    (lambda v: setattr(v.k_target, "value", "150"), "runs from 0 to 100"),
    (lambda v: setattr(v.calc_inputs["contacts"], "value", "0"), "at least 1"),
    (lambda v: setattr(v.k_owner, "value", " "), "Owner: please fill this in"),
    (lambda v: setattr(v.k_name, "value", "First-contact resolution"), "already has a KPI called"),
])
def test_bad_kpi_input_answered_beside_the_form(view, change, words):
    view.start_worked.click()
    fill_kpi(view)
    change(view)
    typed = view.k_definition.value
    before = len(view.work.kpis)
    view.add_k.click()
    assert words in view.kpi_msg.value and len(view.work.kpis) == before
    assert view.k_definition.value == typed and view.error.value == ""


def test_update_and_remove_need_a_chosen_kpi(view):
    view.start_worked.click()
    view.chosen.value = -1
    view.update_k.click()
    assert "Choose the KPI to update" in view.kpi_msg.value
    view.remove_k.click()
    assert "Choose the KPI to remove" in view.kpi_msg.value
    view.k_metric.value = "fcr"
    view.compute.click()
    assert "enter a number" in view.working.value


def test_analysis_bad_input_and_upload(view):
    view.a_hours.value = "soon"
    view.a_run.click()
    assert "Target hours" in view.a_msg.value
    view.a_hours.value, view.a_share.value = "24", "150"
    view.a_run.click()
    assert "Target %" in view.a_msg.value
    view.a_share.value = "95"
    view.a_source.value = "upload"
    view.a_run.click()
    assert "upload a CSV file first" in view.a_msg.value
    view.a_upload.value = upload(b"\x00\x01binary", "log.csv")
    assert view.a_upload_msg.value != "" and view.frame is None
    csv_text = ("opened,first reply,resolved,reason,channel\n2025-03-01 09:00,2025-03-02 12:00,,"
                + EVIL + ",Email\n2025-03-02 09:00,2025-03-02 10:00,2025-03-02 11:00,Delivery,Phone\n")
    view.a_upload.value = upload(csv_text.encode(), "mine.csv")
    assert view.a_cols["opened"].value == "opened" and view.a_cols["category"].value == "reason"
    view.a_cols["resolved"].value = "opened"
    view.a_run.click()
    assert "chosen twice" in view.a_msg.value
    view.a_cols["resolved"].value = "resolved"
    view.a_run.click()
    assert view.a_msg.value == "" and "1 (50 %)" in view.a_results.value
    assert "&lt;img" in view.a_results.value and "<img src=x" not in view.a_results.value
    view.a_source.value = TASK.dataset
    view.a_run.click()
    assert "2,221" in view.a_results.value


def test_interpretation_and_report(view):
    view.start_worked.click()
    view.a_source.value = TASK.dataset
    view.a_run.click()
    view.i_shows.value = "short"
    assert "Write what the analysis shows" in view.i_msg.value
    view.i_shows.value = "x" * 2001
    assert "under 2000" in view.i_msg.value and view.i_shows.value == "x" * 2001
    view.i_shows.value = TASK.interpretation.shows
    view.r_finding.value = "x" * 2001
    assert "2000" in view.r_msg.value
    view.r_title.value, view.r_audience.value = "Email replies lag " + EVIL, "Dev Patel"
    view.r_chart.value = "channel"
    view.r_finding.value = "Email replies are slow."   # the finding fixed: every box's text is read again
    assert "Email: 61.6 % of 724" in view.r_preview.value      # the chart's text description
    assert "quote a number" in view.r_checks.value
    view.r_finding.value = "Only 61.6 % of email complaints had a reply within 24 hours."
    view.r_insight.value = "Email waits in a queue."
    assert "quote a number" not in view.r_checks.value
    view.rec_add.click()
    assert "please write what should change" in view.rec_msg.value
    view.rec_text.value = "Give the email queue a daily owner."
    view.rec_add.click()
    assert "choose a KPI from your set" in view.rec_msg.value and view.rec_text.value
    view.rec_kpi.value = "Complaints answered within 24 hours"
    view.rec_effect.value, view.rec_owner.value = "Email from 61.6 % to 90 %", "Dev Patel"
    view.rec_due.value = dt.date(1800, 1, 1)
    view.rec_add.click()
    assert "outside the dates" in view.rec_msg.value
    view.rec_due.value = dt.date(2026, 3, 31)
    view.rec_add.click()
    assert view.rec_msg.value == "" and len(view.work.report.recommendations) == 1
    assert "The report is complete" in view.r_checks.value
    view.prepare.click()
    files = downloads(view.downloads.value)
    assert set(files) == {"insight-report.html", "kpis.csv", "kpi-work.json"}
    page = files["insight-report.html"]
    assert "&lt;img" in page and "<img src=x" not in page and "<svg" in page and "<script" not in page.lower()
    # reopen what was saved, after starting blank
    saved = files["kpi-work.json"]
    view.start_blank.click()
    view.upload.value = upload(saved.encode(), "kpi-work.json")
    assert view.r_finding.value.startswith("Only 61.6 %") and len(view.work.report.recommendations) == 1
    assert view.i_shows.value == TASK.interpretation.shows
    view.upload.value = upload(b'{"kind": "other"}', "x.json")
    assert "not a saved KPI set" in view.upload_message.value and view.r_finding.value.startswith("Only")
    view.rec_remove.click()
    view.rec_remove.click()
    assert "no recommendation to remove" in view.rec_msg.value


def test_parts_shown_alone_and_static_form():
    from widgets.ui.activities.kpi_designer import KpiDesignerView, kpi_designer_static, kpi_designer_tab

    for part in ("kpis", "analysis", "report"):
        v = KpiDesignerView(TASK, "hartwell-kpis", part)
        assert v.view.children and v.status.value
    with pytest.raises(ValueError):
        KpiDesignerView(TASK, "hartwell-kpis", "nope")
    assert kpi_designer_tab().task_name == "hartwell-kpis"
    page = kpi_designer_static("cim-l4-cx", "hartwell-kpis", "kpis")
    assert "cx-measurement" in page and "Vanity measure?" in page
    assert save_work(worked_work(TASK), "t")


def test_number_boxes_answered_as_typed(view):
    view.start_worked.click()
    view.chosen.value = -1
    view.k_baseline.value = "about forty"
    assert "Baseline" in view.kpi_msg.value
    view.k_target.value = "1e400"
    assert "Target" in view.kpi_msg.value
    view.k_target.value = "40"
    assert view.kpi_msg.value == ""
    view.k_metric.value = "response_time"
    view.calc_inputs["hours"].value = "2, soon, 30"
    assert "soon" in view.working.value
    view.a_share.value = "1e400"
    assert "Target %" in view.a_msg.value
    view.a_share.value = "95"
    assert view.a_msg.value == ""
