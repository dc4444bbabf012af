"""The Delphi panel in Chromium through Voila: run by keyboard alone, a bad stopping rule answered beside its box
with the typed value kept, a round run with the chosen feedback, hostile judgement text shown as text, the dot
plot's description as the chart's accessible name, axe clean, and no request leaves the machine.

The test serves a notebook of its own, in the shared folder of throwaway apps (conftest's ``tool_apps``), holding
the Delphi tab exactly as the journey optimiser app (dashboards/journey-optimiser.ipynb) will."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EVIL, GuardedPage, add_app, assert_clean, chart_accessible_name, open_app, wait_for_text
from tests.test_activities_browser import (  # noqa: F401 - keyboard_page is a fixture
    button_is,
    keyboard_page,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.voila]
APP = "delphi-panel"
TABS = ".cx-toolkit-tabs"
CELL = ("from widgets.ui.activities.common import tools_app\n"
        "from widgets.ui.activities.delphi import delphi_tab\n"
        "tools_app([delphi_tab('cim-l6-cjo', 'fern-delphi')], ('Delphi panel (2.3)',),\n"
        "          'Run a Delphi panel on a Fern & Field forecast.')")


@pytest.fixture(scope="module")
def delphi_app(tool_apps):
    add_app(tool_apps, APP, CELL)
    return tool_apps


def exact_label(text):
    return lambda i: i["label"].strip() == text


def test_run_a_panel_by_keyboard(delphi_app, keyboard_page):  # noqa: F811
    gp: GuardedPage = keyboard_page
    page = gp.page
    open_app(gp, delphi_app, APP)
    wait_for_text(page, "Delphi panel on a Fern & Field forecast")
    assert "Dot plot of the 11 anonymous estimates" in chart_accessible_name(gp, TABS)
    # a bad stopping rule: the message beside the box, the typed value kept
    tab_to(page, exact_label("Most rounds (2 to 6)"))
    page.keyboard.press("Control+a")
    page.keyboard.type("9")
    page.keyboard.press("Tab")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "too many" in alert.inner_text()
    assert page.get_by_role("textbox", name="Most rounds (2 to 6)", exact=True).input_value() == "9"
    tab_to(page, exact_label("Most rounds (2 to 6)"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    wait_for_text(page, "Stopping rule set")
    # round 2 with the default feedback (reasons of the extremes)
    tab_to(page, button_is("Run the next round"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Round 2 done: median 84, IQR 2")
    # the judgement, with hostile text, then stop
    tab_to(page, exact_label("Your judgement of consensus, with reasons"))
    page.keyboard.type("Holdout at 80 " + EVIL)
    tab_to(page, exact_label("Why stop now"))
    page.keyboard.type("The IQR is 2, within my rule.")
    tab_to(page, button_is("Stop and show the summary"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "Choose your judgement" in alert.inner_text()
    tab_to(page, exact_label("Your judgement"), back=True)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    tab_to(page, button_is("Stop and show the summary"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Feedback on your choices")
    assert "Holdout at 80 " + EVIL in page.inner_text(TABS)
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='delphi-panel.csv']", timeout=15000)
    assert_clean(gp, TABS)


def test_static_form_for_the_book_is_axe_clean(keyboard_page):  # noqa: F811
    """The book's static form (the worked run), on a page of its own with the course stylesheet."""
    from importlib import resources

    from widgets.ui.activities.delphi import delphi_static

    css = resources.files("widgets").joinpath("assets", "cx-activities.css").read_text(encoding="utf-8")
    gp: GuardedPage = keyboard_page
    gp.page.set_content("<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>Delphi</title>"
                        f"<style>{css}</style></head><body><main>{delphi_static('cim-l6-cjo', 'fern-delphi')}"
                        "</main></body></html>")
    text = gp.page.inner_text("main")
    assert "Round 3: the anonymous estimates" in text and "Before round 2: the panel was shown" in text
    violations = gp.axe("main")
    assert violations == [], json.dumps(violations, indent=1)
    assert gp.blocked == []
