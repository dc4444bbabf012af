"""The optimisation plan builder in Chromium through Voila: used by keyboard alone, bad input answered beside
the form with the work kept, hostile text shown as text, the priority matrix's description as the chart's
accessible name, axe clean, and no request leaves the machine.

The test serves a notebook of its own, in the shared folder of throwaway apps (conftest's ``tool_apps``),
holding the plan builder's tab exactly as the journey optimiser app (dashboards/journey-optimiser.ipynb) does: a
server for dashboards/ would preheat a kernel for every app, and tests/test_voila.py already opens the app
itself."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, GuardedPage, add_app, assert_clean, chart_accessible_name, open_app, wait_for_text
from tests.test_activities_browser import (  # noqa: F401 - keyboard_page is a fixture
    button_is,
    keyboard_page,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.voila]
APP = "optimisation-plan"
TABS = ".cx-toolkit-tabs"
CELL = ("from widgets.ui.activities.common import tools_app\n"
        "from widgets.ui.activities.optimisation_plan import optimisation_plan_tab\n"
        "tools_app([optimisation_plan_tab('cim-l6-cjo', 'fern-plan')], ('Optimisation plan (LO3)',),\n"
        "          'Plan the improvements to the Fern & Field journey for 2027.')")


@pytest.fixture(scope="module")
def plan_app(tool_apps):
    add_app(tool_apps, APP, CELL)
    return tool_apps


def exact_label(text):
    return lambda i: i["label"].strip() == text


def open_plan_tab(page) -> None:
    """In the full app the plan builder is one tab of several: reach it by keyboard."""
    tabs = page.locator("[role=tab]")
    if tabs.count() > 1:
        info = tab_to(page, lambda i: i["role"] == "tab")
        for _ in range(8):
            if info["text"].startswith("Optimisation plan"):
                break
            page.keyboard.press("ArrowRight")
            info = page.evaluate("() => ({text: (document.activeElement.innerText || '').trim()})")
        page.keyboard.press("Enter")


def test_write_an_improvement_by_keyboard(plan_app, keyboard_page):  # noqa: F811
    gp: GuardedPage = keyboard_page
    page = gp.page
    open_app(gp, plan_app, APP)
    open_plan_tab(page)
    wait_for_text(page, "Optimisation plan for the Fern & Field journey, 2027")
    assert "Priority matrix of 8 improvements" in chart_accessible_name(gp, TABS)
    tab_to(page, button_is("Start a blank plan"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Blank plan started.")
    tab_to(page, exact_label("Improvement"))
    page.keyboard.type("Photo story " + EVIL)
    tab_to(page, exact_label("Resources: budget (£)"))
    page.keyboard.type("-40")
    tab_to(page, button_is("Add as a new improvement"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "Budget" in alert.inner_text()
    assert page.get_by_role("textbox", name="Improvement", exact=True).input_value() == "Photo story " + EVIL
    tab_to(page, exact_label("Resources: budget (£)"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type("4000")
    tab_to(page, button_is("Add as a new improvement"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Improvement added: 1 in the plan")
    assert "Photo story " + EVIL in page.inner_text(TABS)
    page.wait_for_function("(e) => [...document.querySelectorAll('[role=graphics-document]')].some(x => "
                           "(x.getAttribute('aria-label') || '').includes(e))", arg="Photo story " + EVIL,
                           timeout=20000)
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='optimisation-plan.csv']", timeout=15000)
    assert_clean(gp, TABS)
