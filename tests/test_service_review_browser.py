"""The service-review app (dashboards/service-review.ipynb) in Chromium through Voila: the experience map and
the service review used by keyboard alone, bad input answered beside the form with the work kept, hostile
text shown as text, axe clean on both tabs, and no request leaves the machine."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, GuardedPage, assert_clean, chart_accessible_name, wait_for_app, wait_for_text
from tests.test_activities_browser import (  # noqa: F401 - keyboard_page is a fixture
    button_is,
    choose_by_keyboard,
    keyboard_page,
    label_is,
    open_tab,
    tab_to,
)

pytestmark = [pytest.mark.browser]
APP = "/voila/render/service-review.ipynb"
TABS = ".cx-toolkit-tabs"


def _load(gp: GuardedPage, server) -> None:
    gp.page.goto(f"{server.url}{APP}", wait_until="domcontentloaded")
    wait_for_app(gp)
    gp.page.wait_for_selector("text=A detailed customer experience map", timeout=30000)


@pytest.mark.voila
def test_experience_map_by_keyboard(voila_dashboards, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    tab_to(page, label_is("Front stage"))
    page.keyboard.press("Control+a")
    page.keyboard.insert_text("x" * 2100)
    tab_to(page, button_is("Save this touchpoint"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=10000)
    assert "under 2000 characters" in alert.inner_text()
    assert page.get_by_label("Front stage", exact=False).input_value() == "x" * 2100  # kept to fix
    tab_to(page, label_is("Front stage"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type("Menu page shows " + EVIL)
    tab_to(page, button_is("Save this touchpoint"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Saved “Search and reviews”")
    assert page.locator("[role=alert]").count() == 0
    assert "Menu page shows " + EVIL in page.inner_text(TABS)
    tab_to(page, button_is("Prepare the evidence files"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='experience-map-evidence.html']", timeout=15000)
    assert_clean(gp, TABS)


@pytest.mark.voila
def test_service_review_by_keyboard(voila_dashboards, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    open_tab(page, "Service review (LO4)")
    wait_for_text(page, "Importance–performance matrix")
    assert "Concentrate here" in chart_accessible_name(gp, TABS)
    tab_to(page, label_is("Touchpoint"))
    page.keyboard.type("Spa " + EVIL)
    choose_by_keyboard(page, "Importance to customers", "5 (high)", limit=10)
    tab_to(page, button_is("Add touchpoint"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=10000)
    assert "has no evidence" in alert.inner_text()
    assert page.get_by_role("textbox", name="Touchpoint", exact=True).input_value() == "Spa " + EVIL  # kept
    tab_to(page, label_is("Evidence for both ratings"), back=True)
    page.keyboard.type("Mystery visit, March")
    tab_to(page, button_is("Add touchpoint"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Touchpoint added: 10 rated")
    page.wait_for_function("(e) => [...document.querySelectorAll('[role=graphics-document]')].some(x => "
                           "(x.getAttribute('aria-label') || '').includes(e))", arg="Spa " + EVIL, timeout=20000)
    tab_to(page, label_is("Standard"))
    page.keyboard.type("Smile at every guest")
    page.keyboard.press("Tab")
    page.keyboard.type("warmly")
    page.keyboard.press("Tab")
    page.keyboard.type("Observation")
    tab_to(page, button_is("Add standard"))
    page.keyboard.press("Enter")
    wait_for_text(page, "no number, time or share")
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='service-review.csv']", timeout=15000)
    assert_clean(gp, TABS)
