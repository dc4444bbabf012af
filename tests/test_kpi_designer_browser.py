"""The KPI designer in Chromium through Voila, by keyboard alone: bad input answered beside the form with the
text kept, hostile text shown as text, files offered, axe clean, no request leaving the machine.

The tool is served from small notebooks (one per part) in the shared folder of throwaway apps (conftest's
``tool_apps``), so these tests do not depend on how the cx-measurement app arranges its tabs."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, add_app, assert_clean, open_app, wait_for_text
from tests.test_activities_browser import button_is, keyboard_page, label_is, tab_to  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.voila]


@pytest.fixture(scope="module")
def kpi_server(tool_apps):
    for part in ("kpis", "report"):
        add_app(tool_apps, f"kpi-designer-{part}",
                "from widgets.activities.kpi_designer import load_task\n"
                "from widgets.ui.activities.kpi_designer import KpiDesignerView\n"
                f"KpiDesignerView(load_task('cim-l4-cx', 'hartwell-kpis'), 'hartwell-kpis', {part!r}).view")
    return tool_apps


def test_kpis_by_keyboard(kpi_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, kpi_server, "kpi-designer-kpis", "Design KPIs, analyse the data")
    wait_for_text(page, "Checks on your set")
    tab_to(page, label_is("KPI name"))
    page.keyboard.type("Emails answered " + EVIL)
    tab_to(page, button_is("Add the KPI"))
    page.wait_for_timeout(1000)  # the value goes to the kernel on blur; let it arrive before the click
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "Definition: please fill this in" in alert.inner_text()
    assert page.get_by_label("KPI name", exact=True).input_value() == "Emails answered " + EVIL
    tab_to(page, button_is("Prepare files to download"), limit=200)
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='kpis.csv']", timeout=15000)
    page.wait_for_selector("a[download='insight-report.html']", timeout=15000)
    assert_clean(gp)


def test_report_by_keyboard(kpi_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, kpi_server, "kpi-designer-report", "Design KPIs, analyse the data")
    wait_for_text(page, "Checks on your report")
    tab_to(page, label_is("Report title"))
    page.keyboard.type("Email lags " + EVIL)
    tab_to(page, label_is("Key finding"))
    page.keyboard.type("Email replies are slow.")
    page.keyboard.press("Tab")
    wait_for_text(page, "should quote a number")
    tab_to(page, button_is("Add the recommendation"), limit=200)
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "please write what should change" in alert.inner_text()
    assert "Email lags " + EVIL in page.inner_text("body")
    assert_clean(gp)
