"""The measurement plan in Chromium through Voila, by keyboard alone: a refused entry answered beside the form
with the text kept, hostile text shown as text, the feedback analysis with its chart descriptions, axe clean, no
request leaving the machine.

The tool is served from a small notebook in the shared folder of throwaway apps (conftest's ``tool_apps``), so
these tests do not depend on how the cx-measurement app arranges its tabs."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, add_app, assert_clean, open_app, wait_for_text
from tests.test_activities_browser import button_is, keyboard_page, label_is, open_tab, tab_to  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.voila]
APP = "measurement-plan"


@pytest.fixture(scope="module")
def tools_server(tool_apps):
    add_app(tool_apps, APP, "from widgets.ui.activities.measurement_plan import MeasurementPlanView\n"
                            "MeasurementPlanView.example().view")
    return tool_apps


def test_measures_by_keyboard(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, tools_server, APP, "Measurement plan")
    tab_to(page, label_is("What it captures"), limit=200)
    page.keyboard.type("How satisfied members are " + EVIL)
    tab_to(page, button_is("Add to the plan"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "Give your reason" in alert.inner_text()
    assert page.get_by_label("What it captures", exact=True).input_value() == "How satisfied members are " + EVIL
    tab_to(page, label_is("Reason"), back=True)
    page.keyboard.type("Because members are already asked after each purchase")
    tab_to(page, button_is("Add to the plan"))
    page.wait_for_timeout(1500)  # the value goes to the kernel on blur; let it arrive before the click
    page.keyboard.press("Enter")
    wait_for_text(page, "added to the plan")
    assert "How satisfied members are " + EVIL in page.inner_text("body")
    tab_to(page, button_is("Prepare files to download"), limit=300)
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='measurement-plan.csv']", timeout=15000)
    assert_clean(gp)


def test_feedback_tab_by_keyboard(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, tools_server, APP, "Measurement plan")
    open_tab(page, "Complaints, compliments and other feedback (5.3)")
    wait_for_text(page, "2,221 of 2,500")
    assert page.locator("text=Chart description").count() >= 3
    tab_to(page, label_is("What the numbers cannot show"), limit=300)
    page.keyboard.type("y" * 10)
    page.keyboard.press("Tab")
    wait_for_text(page, "Evaluation updated.")
    assert_clean(gp)
