"""The attribution and SERVQUAL tools in Chromium through Voila (a throwaway app with both in tabs, as the
journey data lab shows them, in the shared folder of conftest's ``tool_apps``): used by keyboard alone, bad input
answered beside the field with the text kept, hostile text shown as text, charts named by their descriptions, axe
clean, no request leaves the machine."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, add_app, assert_clean, chart_accessible_name, open_app, wait_for_text
from tests.test_activities_browser import (  # noqa: F401 - keyboard_page is a fixture
    button_is,
    choose_by_keyboard,
    keyboard_page,
    label_is,
    open_tab,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.voila]
APP = "attribution-lab"
TABS = ".cx-toolkit-tabs"
APP_SOURCE = """from widgets.ui.activities.attribution import AttributionView
from widgets.ui.activities.servqual import ServqualView
from widgets.ui.activities.common import tools_app
tools_app([AttributionView.example(), ServqualView.example()], ("Attribution (1.3)", "SERVQUAL (2.1)"),
          "Journey data tools for CIM Level 6.")"""


@pytest.fixture(scope="module")
def lab_server(tool_apps):
    add_app(tool_apps, APP, APP_SOURCE, heading="# Journey data tools")
    return tool_apps


def test_attribution_by_keyboard(lab_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, lab_server, APP, "Compare attribution models")
    assert "Paid social: first touch 32.7%, last touch 4.5%" in chart_accessible_name(gp, TABS)
    tab_to(page, label_is("Time-decay half-life"))
    page.keyboard.press("Control+a")
    page.keyboard.type("0")
    page.keyboard.press("Tab")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "more than 0 touches" in alert.inner_text()
    assert page.get_by_label("Time-decay half-life", exact=False).input_value() == "0"  # kept to fix
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    wait_for_text(page, "half-life 2 touches", timeout=20000)
    assert page.locator("[role=alert]").count() == 0
    tab_to(page, label_is("Your answer to question 1"))
    page.keyboard.type("Paid social opens journeys " + EVIL)
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='attribution-comparison.csv']", timeout=20000)
    assert_clean(gp, TABS)


def test_servqual_by_keyboard(lab_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, lab_server, APP, "Compare attribution models")
    open_tab(page, "SERVQUAL (2.1)")
    wait_for_text(page, "Largest shortfall", timeout=20000)
    page.wait_for_function("() => [...document.querySelectorAll('[role=graphics-document]')].some(x => "
                           "(x.getAttribute('aria-label') || '').includes('Reliability: expectation 6.42'))",
                           timeout=30000)
    choose_by_keyboard(page, "Respondents", "Workplace")
    wait_for_text(page, "41 respondents", timeout=20000)
    choose_by_keyboard(page, "Items of", "Reliability")
    wait_for_text(page, "Item gaps: Reliability", timeout=20000)
    tab_to(page, label_is("Your answer to question 1"))
    page.keyboard.type("x" * 2100)
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "2000 characters" in alert.inner_text()
    tab_to(page, label_is("Your answer to question 1"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type("Delivery drives the gap " + EVIL)
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='servqual-gaps.csv']", timeout=20000)
    assert_clean(gp, TABS)
