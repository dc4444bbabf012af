"""The organisation context explorer and the disconfirmation tool in Chromium through Voila, by keyboard alone: bad
input answered beside the form with the text kept, hostile text shown as text, axe clean, no request leaving the
machine.

The tools are served from small notebooks (one per tool) in the shared folder of throwaway apps (conftest's
``tool_apps``), so these tests do not depend on how the customer-context app arranges its tabs."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, add_app, assert_clean, open_app, wait_for_text
from tests.test_activities_browser import button_is, keyboard_page, label_is, tab_to  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.voila]
CONTEXTS = "customer-context-contexts"
DISCONFIRMATION = "customer-context-disconfirmation"


@pytest.fixture(scope="module")
def tools_server(tool_apps):
    add_app(tool_apps, CONTEXTS, "from widgets.ui.activities.context_explorer import ContextExplorerView\n"
                                 "ContextExplorerView.example().view")
    add_app(tool_apps, DISCONFIRMATION, "from widgets.ui.activities.disconfirmation import DisconfirmationView\n"
                                        "DisconfirmationView.example().view")
    return tool_apps


def test_context_explorer_by_keyboard(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, tools_server, CONTEXTS, "Organisation context explorer")
    tab_to(page, label_is("Organisation forms"))
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(800)
    tab_to(page, button_is("Compare the chosen forms"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "at least 2" in alert.inner_text()
    tab_to(page, label_is("Organisation forms"), back=True)
    page.keyboard.press("Shift+ArrowDown")
    page.wait_for_timeout(800)
    tab_to(page, button_is("Compare the chosen forms"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Organisation forms compared with Your organisation")
    tab_to(page, label_is("Your organisation"))
    page.keyboard.type("Riverside " + EVIL)
    tab_to(page, button_is("Save my profile"))
    page.wait_for_timeout(1500)  # the value goes to the kernel on blur; let it arrive before the click
    page.keyboard.press("Enter")
    wait_for_text(page, "Your profile is saved in the table.")
    assert "Riverside " + EVIL in page.inner_text("body")
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='organisation-contexts.html']", timeout=15000)
    assert_clean(gp)


def test_disconfirmation_by_keyboard(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, tools_server, DISCONFIRMATION,
             "Disconfirmation, satisfaction and the value of keeping customers")
    wait_for_text(page, "Negative disconfirmation")
    tab_to(page, label_is("Attribute"))
    page.keyboard.type("Parking " + EVIL)
    page.keyboard.press("Tab")
    page.keyboard.type("9")
    page.keyboard.press("Tab")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "outside the scale" in alert.inner_text()
    assert page.get_by_label("Expected performance (1–7)", exact=True).input_value() == "9"
    tab_to(page, label_is("Expected performance"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    tab_to(page, button_is("Add the attribute"))
    page.wait_for_timeout(1500)
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "every attribute or for none" in alert.inner_text()
    tab_to(page, label_is("Importance weight"), back=True)
    page.keyboard.type("10")
    tab_to(page, button_is("Add the attribute"))
    page.wait_for_timeout(1500)
    page.keyboard.press("Enter")
    wait_for_text(page, "Attribute added: 6 in the analysis.")
    assert "Parking " + EVIL in page.inner_text("body")
    tab_to(page, button_is("Prepare files to download"), limit=200)
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='disconfirmation.csv']", timeout=15000)
    assert_clean(gp)
