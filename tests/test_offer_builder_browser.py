"""The offer and mix builder in Chromium through Voila, by keyboard alone: bad input answered beside the form with
the text kept, hostile text shown as text, axe clean (with the mix chart drawn), no request leaving the machine.

The tool is served from small notebooks (the messages part, all parts) in the shared folder of throwaway apps
(conftest's ``tool_apps``), so these tests do not depend on how the experience-design app arranges its tabs."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, add_app, assert_clean, open_app, wait_for_text
from tests.test_activities_browser import button_is, keyboard_page, label_is, open_tab, tab_to  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.voila]


@pytest.fixture(scope="module")
def tools_server(tool_apps):
    load = "from widgets.activities.offer_builder import load_offer_task\n" \
           "from widgets.ui.activities.offer_builder import OfferBuilderView\n"
    add_app(tool_apps, "offer-builder-messages",
            load + "OfferBuilderView(load_offer_task('cim-l4-cx', 'hartwell-offer'), part='messages').view")
    add_app(tool_apps, "offer-builder-all", load + "OfferBuilderView.example().view")
    return tool_apps


def test_messages_by_keyboard(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, tools_server, "offer-builder-messages", "Offer and mix builder: Promotion-mix messages (4.3)")
    tab_to(page, label_is("Message"), limit=200)
    page.keyboard.type("Grow with us " + EVIL)
    page.keyboard.press("Tab")
    page.keyboard.type("New customers need a reason to choose us over a supermarket")
    tab_to(page, button_is("Add the message"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "Choose at least one channel" in alert.inner_text()
    assert page.get_by_label("Message", exact=True).input_value() == "Grow with us " + EVIL
    tab_to(page, label_is("Social networks"), back=True)
    page.keyboard.press("Space")
    tab_to(page, button_is("Add the message"))
    page.wait_for_timeout(1500)  # the checkbox value reaches the kernel before the click
    page.keyboard.press("Enter")
    wait_for_text(page, "Message added for new customers.")
    assert "Grow with us " + EVIL in page.inner_text("body")
    tab_to(page, button_is("Prepare files to download"), limit=200)
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='offer-and-mix.csv']", timeout=15000)
    assert_clean(gp)


def test_all_parts_by_keyboard_with_the_chart(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, tools_server, "offer-builder-all", "Offer and mix builder")
    tab_to(page, button_is("Open the worked example"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Worked example opened")
    tab_to(page, label_is("Core benefit"), limit=200)
    page.keyboard.press("Control+a")
    page.keyboard.type("a" * 2001)
    page.keyboard.press("Tab")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "under 2000 characters" in alert.inner_text()
    open_tab(page, "Marketing mix (4.2)")
    page.wait_for_selector("text=Chart description", timeout=30000)
    page.wait_for_selector(".vega-embed", timeout=30000)
    assert_clean(gp)
