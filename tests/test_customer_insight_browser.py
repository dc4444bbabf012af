"""The customer-insight app (dashboards/customer-insight.ipynb) in Chromium through Voila: the segment
evaluator and the satisfaction index used by keyboard alone, bad input answered beside the field with the
work kept, hostile text shown as text, axe clean on both tabs, and no request leaves the machine."""

from __future__ import annotations

import json

import pytest

from tests.conftest import GuardedPage, chart_accessible_name, page_error_text, wait_for_app, wait_for_text
from tests.test_activities_browser import (  # noqa: F401 - keyboard_page is a fixture
    button_is,
    choose_by_keyboard,
    keyboard_page,
    label_is,
    open_tab,
    tab_to,
)

pytestmark = [pytest.mark.browser]
EVIL = "<img src=x onerror=alert(1)>"
APP = "/voila/render/customer-insight.ipynb"


def _load(gp: GuardedPage, server) -> None:
    gp.page.goto(f"{server.url}{APP}", wait_until="domcontentloaded")
    wait_for_app(gp)
    gp.page.wait_for_selector("text=Segment Kettleby Coffee", timeout=30000)


@pytest.mark.voila
def test_segment_evaluator_by_keyboard(voila_dashboards, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    tab_to(page, label_is("Segment name"))
    page.keyboard.type("Ethical pod owners " + EVIL)
    choose_by_keyboard(page, "Segment by", "Benefit sought (benefit sought)")
    wait_for_text(page, "Convenience")
    choose_by_keyboard(page, "Values (choose one or more)", "Ethics")
    tab_to(page, button_is("Add this rule"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Rule added: Benefit sought is Ethics")
    wait_for_text(page, "216 of the 1,000")
    choose_by_keyboard(page, "Accessible", "Met")
    tab_to(page, button_is("Save this segment"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=10000)
    assert "Give your reason" in alert.inner_text()
    # Nothing was lost: the name and the rating are still there.
    assert page.get_by_label("Segment name").input_value().endswith(EVIL)
    tab_to(page, label_is("Accessible: your reason"), back=True)
    page.keyboard.type("They are subscribers, so our emails reach them.")
    page.keyboard.press("Tab")
    tab_to(page, button_is("Save this segment"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Saved “Ethical pod owners")
    assert page.locator("[role=alert]").count() == 0
    page.wait_for_function("() => [...document.querySelectorAll('[role=graphics-document]')].some(e => "
                           "(e.getAttribute('aria-label') || '').includes('216 customers'))", timeout=20000)
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert EVIL in page.inner_text("body")
    violations = gp.axe(".cx-toolkit-tabs")
    assert violations == [], json.dumps(violations, indent=1)
    assert gp.dialogs == [] and gp.blocked == [] and page_error_text(gp) == []


@pytest.mark.voila
def test_satisfaction_index_by_keyboard(voila_dashboards, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    open_tab(page, "Satisfaction index")
    wait_for_text(page, "Kettleby Coffee 77.87, Pennine Roast 73.08")
    tab_to(page, label_is("Importance 3"))
    page.keyboard.press("Control+a")
    page.keyboard.type("lots")
    page.keyboard.press("Tab")
    alert = page.wait_for_selector("[role=alert]", timeout=10000)
    assert "Importance 3" in alert.inner_text() and "not a number" in alert.inner_text()
    assert page.get_by_label("Importance 3").input_value() == "lots"  # kept for the learner to fix
    tab_to(page, label_is("Importance 3"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type("8.9")
    page.keyboard.press("Tab")
    wait_for_text(page, "Kettleby Coffee 77.87, Pennine Roast 73.08")
    tab_to(page, label_is("Your organisation"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type(EVIL)
    page.keyboard.press("Tab")
    wait_for_text(page, f"{EVIL} 77.87")
    assert "Index: " in chart_accessible_name(gp, ".cx-toolkit-tabs")
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='satisfaction-index.csv']", timeout=15000)
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    violations = gp.axe(".cx-toolkit-tabs")
    assert violations == [], json.dumps(violations, indent=1)
    assert gp.dialogs == [] and gp.blocked == [] and page_error_text(gp) == []
