"""The framework recommender in Chromium through Voila, by keyboard alone: the worked example opened, a bad
score answered beside the form with the text kept, hostile text shown as text, totals worked out, files
prepared, axe clean, no request leaving the machine.

The tool is served from a small notebook in the shared folder of throwaway apps (conftest's ``tool_apps``), so
the test does not depend on how the experience-design app arranges its tabs."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, GuardedPage, add_app, assert_clean, open_app, wait_for_text
from tests.test_activities_browser import button_is, keyboard_page, label_is, tab_to  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.voila]
APP = "framework-recommender"


@pytest.fixture(scope="module")
def tool_server(tool_apps):
    add_app(tool_apps, APP, "from widgets.ui.activities.framework_recommender import FrameworkRecommenderView\n"
                            "FrameworkRecommenderView.example().view")
    return tool_apps


def test_framework_recommender_by_keyboard(tool_server, keyboard_page):  # noqa: F811
    gp: GuardedPage = keyboard_page
    page = gp.page
    open_app(gp, tool_server, APP, "Recommend a customer experience management framework")
    tab_to(page, button_is("Open the worked example"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Worked example opened.")
    tab_to(page, label_is("Score (1 to 5)"), limit=200)
    page.keyboard.press("Control+a")
    page.keyboard.type("9")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("Fits the stores " + EVIL)
    tab_to(page, button_is("Save this score"))
    page.wait_for_timeout(1500)  # the values go to the kernel on blur; let them arrive before the click
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "outside the scale" in alert.inner_text()
    assert page.get_by_label("Score (1 to 5)", exact=True).input_value() == "9"
    assert page.get_by_label("Reason for the score", exact=True).input_value() == "Fits the stores " + EVIL
    tab_to(page, label_is("Score (1 to 5)"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type("3")
    tab_to(page, button_is("Save this score"))
    page.wait_for_timeout(1500)
    page.keyboard.press("Enter")
    wait_for_text(page, "Score saved for RATER.")
    assert "Fits the stores " + EVIL in page.inner_text("body")
    tab_to(page, button_is("Work out the totals"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Ranking:")
    tab_to(page, button_is("Prepare files to download"), limit=200)
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='framework-recommendation.html']", timeout=15000)
    assert_clean(gp)
