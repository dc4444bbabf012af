"""The campaign planner app in Voila, in Chromium, by keyboard alone: fill an objective, hear the SMART
feedback (a polite live region), axe finds nothing, and no request leaves the machine."""

from __future__ import annotations

import json

import pytest

from tests.conftest import GuardedPage, page_error_text, wait_for_app, wait_for_text
from tests.test_activities_browser import keyboard_page, label_is, tab_to  # noqa: F401 - the fixture is used

pytestmark = [pytest.mark.browser]
APP = "/voila/render/campaign-planner.ipynb"
EVIL = "<img src=x onerror=alert(1)>"


def _load(gp: GuardedPage, server) -> None:
    gp.page.goto(f"{server.url}{APP}", wait_until="domcontentloaded")
    wait_for_app(gp)
    gp.page.wait_for_selector("text=Open the worked example (Kettleby Pods)", timeout=30000)


def _type(page, label: str, text: str) -> None:
    tab_to(page, label_is(label))
    page.keyboard.press("Control+a")
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # the box sends its value when it loses focus


@pytest.mark.voila
def test_fill_an_objective_by_keyboard_and_hear_the_smart_check(voila_dashboards, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    _type(page, "What will change", "Sign up new subscribers " + EVIL)
    _type(page, "What you will count", "new pod subscribers")
    live = "[role=status][aria-live=polite]:has-text('there is no number to reach')"
    page.wait_for_selector(live, timeout=15000)
    _type(page, "Target number", "lots")
    alert = page.wait_for_selector("[role=alert]:has-text('is not a number')", timeout=15000)
    assert "Target number" in alert.inner_text()
    _type(page, "Target number", "1500")
    wait_for_text(page, "Measurable: the target is 1,500", timeout=15000)
    assert page.locator("[role=alert]:has-text('is not a number')").count() == 0
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert EVIL in page.inner_text("body")
    violations = gp.axe(".cx-campaign-planner")
    assert violations == [], json.dumps(violations, indent=1)
    assert gp.blocked == [] and gp.dialogs == [] and page_error_text(gp) == []


@pytest.mark.voila
def test_open_the_worked_example_by_keyboard_and_axe_every_part(voila_dashboards, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    tab_to(page, lambda i: i["tag"] == "BUTTON" and i["text"].startswith("Open the worked example"))
    page.keyboard.press("Enter")
    wait_for_text(page, "The worked example (Kettleby Pods) is open", timeout=15000)
    for name in ("Objectives (5.1)", "Message (5.2)", "Communications mix (5.3)", "Resourcing (6.1)",
                 "Schedule (6.2)", "Budget (6.3)", "Evaluation (6.4)"):
        page.get_by_role("tab", name=name).click()
        page.wait_for_timeout(700)
        if name.startswith("Schedule"):
            page.wait_for_function("() => [...document.querySelectorAll('[role=graphics-document]')].some(e => "
                                   "(e.getAttribute('aria-label') || '').includes('search advertising (advertising): "
                                   "weeks 2 to 18'))", timeout=20000)
        if name.startswith("Budget"):
            assert "£52,800" in page.inner_text("body")  # incremental: 48,000 × 1.10
        violations = gp.axe(".cx-campaign-planner")
        assert violations == [], (name, json.dumps(violations, indent=1))
    assert gp.blocked == [] and page_error_text(gp) == []
