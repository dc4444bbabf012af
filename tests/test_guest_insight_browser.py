"""The guest-insight app (dashboards/guest-insight.ipynb) in Chromium through Voila: the segment profile and
the CRM explorer used by keyboard alone, bad input answered beside the field with the work kept, consent
enforced on screen, hostile text shown as text, axe clean on both tabs, and no request leaves the machine."""

from __future__ import annotations

import json

import pytest

from tests.conftest import GuardedPage, chart_accessible_name, page_error_text, wait_for_app, wait_for_text
from tests.test_activities_browser import button_is, choose_by_keyboard, label_is, open_tab, tab_to, type_into

pytestmark = [pytest.mark.browser]
EVIL = "<img src=x onerror=alert(1)>"
APP = "/voila/render/guest-insight.ipynb"


@pytest.fixture
def keyboard_page(guarded):
    return guarded()


def _load(gp: GuardedPage, server) -> None:
    gp.page.goto(f"{server.url}{APP}", wait_until="domcontentloaded", timeout=180000)  # a busy 2-core machine
    wait_for_app(gp, 180000)
    gp.page.wait_for_selector("text=Profile Millbrook Hotels", timeout=60000)


def _press(page, label: str) -> None:
    tab_to(page, button_is(label))
    page.keyboard.press("Enter")


def _clean(gp: GuardedPage) -> None:
    page = gp.page
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    violations = gp.axe(".cx-toolkit-tabs")
    assert violations == [], json.dumps(violations, indent=1)
    assert gp.dialogs == [] and gp.blocked == [] and page_error_text(gp) == []


@pytest.mark.voila
def test_segment_profile_by_keyboard(voila_dashboards, keyboard_page):
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    choose_by_keyboard(page, "Start from a segment", "Family")
    _press(page, "Use this segment")
    wait_for_text(page, "The group is now every guest in the Family segment")
    wait_for_text(page, "686 (22.9% of 3,000)")
    type_into(page, "Group name", "Families " + EVIL)
    page.keyboard.press("Tab")
    type_into(page, "Characteristics", "Families on holiday by the sea.")
    page.keyboard.press("Tab")
    _press(page, "Save this group")
    alert = page.wait_for_selector("[role=alert]", timeout=10000)
    assert "Needs, wants and preferences" in alert.inner_text()
    assert page.get_by_label("Group name").input_value().endswith(EVIL)  # nothing lost
    assert page.get_by_label("Characteristics").input_value() == "Families on holiday by the sea."
    tab_to(page, label_is("Needs, wants and preferences"), back=True)
    page.keyboard.type("My own words: needs.")
    for label in ("Engagement factors", "Onboarding strategy", "Post-boarding strategy"):
        tab_to(page, label_is(label))
        page.keyboard.type(f"My own words: {label}.")
    page.keyboard.press("Tab")
    _press(page, "Save this group")
    wait_for_text(page, "Saved “Families")
    assert page.locator("[role=alert]").count() == 0
    assert "Families" in chart_accessible_name(gp, ".cx-toolkit-tabs")
    assert EVIL in page.inner_text("body")
    _clean(gp)


@pytest.mark.voila
def test_crm_explorer_by_keyboard(voila_dashboards, keyboard_page):
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    open_tab(page, "CRM explorer")
    wait_for_text(page, "Explore Millbrook Hotels")
    choose_by_keyboard(page, "Filter by", "Recency band")
    choose_by_keyboard(page, "Values (choose one or more)", "Lapsed (more than 180 days)")
    _press(page, "Add this rule")
    wait_for_text(page, "Rule added: Recency band is Lapsed")
    choose_by_keyboard(page, "Filter by", "Agreed to marketing", limit=30)
    choose_by_keyboard(page, "Values (choose one or more)", "no")
    _press(page, "Add this rule")
    wait_for_text(page, "Rule added: Agreed to marketing is no")
    choose_by_keyboard(page, "Channel", "E-mail from the CRM")
    alert = page.wait_for_selector("[role=alert]", timeout=10000)
    assert "None of the guests in this audience agreed to marketing" in alert.inner_text()
    _press(page, "Remove the last rule")
    wait_for_text(page, "left out")
    type_into(page, "Campaign name", "Win back " + EVIL)
    for label in ("Objective", "Offer", "Measure"):
        type_into(page, label, f"My own {label.lower()}.")
    page.keyboard.press("Tab")
    _press(page, "Save this campaign")
    wait_for_text(page, "Saved the retention campaign")
    assert "Operational CRM" in page.inner_text(".cx-toolkit-tabs")
    type_into(page, "Segmenting, scoring and reporting: weight", "lots")
    page.keyboard.press("Tab")
    alert = page.wait_for_selector("[role=alert]", timeout=10000)
    assert "not a number" in alert.inner_text()
    assert page.get_by_label("Segmenting, scoring and reporting: weight").input_value() == "lots"
    assert EVIL in page.inner_text("body")
    _clean(gp)
