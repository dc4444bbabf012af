"""The persona builder and the journey audit in Chromium through Voila, by keyboard alone: bad input answered
beside the form with the text kept, hostile text shown as text, axe clean, no request leaving the machine.

The tools are served from small notebooks (one per tool) in the shared folder of throwaway apps (conftest's
``tool_apps``), so these tests do not depend on how the journey-optimiser app arranges its tabs."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, add_app, assert_clean, open_app, wait_for_text
from tests.test_activities_browser import button_is, keyboard_page, label_is, tab_to  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.voila]


@pytest.fixture(scope="module")
def tools_server(tool_apps):
    add_app(tool_apps, "persona-audit-persona",
            "from widgets.ui.activities.persona import PersonaView\nPersonaView.example().view")
    add_app(tool_apps, "persona-audit-audit",
            "from widgets.ui.activities.journey_audit import JourneyAuditView\nJourneyAuditView.example().view")
    return tool_apps


def test_persona_builder_by_keyboard(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, tools_server, "persona-audit-persona", "Build a persona from data and research")
    tab_to(page, label_is("Statement"))
    page.keyboard.type("Wants plants that survive " + EVIL)
    tab_to(page, button_is("Add to the persona"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "has no evidence" in alert.inner_text()
    assert page.get_by_label("Statement", exact=True).input_value() == "Wants plants that survive " + EVIL
    tab_to(page, label_is("Evidence (source or figure)"), back=True)
    page.keyboard.type("Interview 4 of 14")
    wait_for_text(page, "Sources for Fern & Field")
    tab_to(page, button_is("Add to the persona"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Added to goals.")
    assert "Wants plants that survive " + EVIL in page.inner_text("body")
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='persona-new-persona.html']", timeout=15000)
    assert_clean(gp)


def test_journey_audit_by_keyboard(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, tools_server, "persona-audit-audit", "Audit Fern & Field's journey")
    wait_for_text(page, "candidate root cause")
    tab_to(page, label_is("Metric"), limit=200)
    page.keyboard.type("Depot trips " + EVIL)
    page.keyboard.press("Tab")
    page.keyboard.type("lots")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    tab_to(page, button_is("Add the metric"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "is not a number" in alert.inner_text()
    assert page.get_by_label("Current value", exact=True).input_value() == "lots"
    tab_to(page, label_is("Current value"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type("9")
    tab_to(page, button_is("Add the metric"))
    page.wait_for_timeout(1500)  # the value goes to the kernel on blur; let it arrive before the click
    page.keyboard.press("Enter")
    wait_for_text(page, "Metric added.")
    tab_to(page, button_is("Prepare files to download"), limit=200)
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='journey-audit.csv']", timeout=15000)
    assert_clean(gp)
