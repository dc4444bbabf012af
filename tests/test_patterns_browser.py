"""The patterns, trends and prediction view in Chromium through Voila (a one-cell notebook in the shared folder
of throwaway apps, conftest's ``tool_apps``, so the test does not depend on the journey data lab's app being
wired): keyboard alone runs a part and switches tabs, a bad typed value is answered beside the part with the text
kept, the chart has an accessible name from its description, axe finds no violation, and no request leaves the
machine."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, GuardedPage, add_app, assert_clean, chart_accessible_name, open_app
from tests.test_activities_browser import (  # noqa: F401 - keyboard_page is a fixture
    button_is,
    keyboard_page,
    label_is,
    open_tab,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.voila]
APP = "patterns"


@pytest.fixture(scope="module")
def patterns_server(tool_apps):
    add_app(tool_apps, APP, 'from widgets.ui.activities.patterns import patterns_view\n'
                            'patterns_view("cim-l6-cjo", "fern-patterns")')
    return tool_apps


def test_patterns_by_keyboard_with_axe(patterns_server, keyboard_page):  # noqa: F811
    gp: GuardedPage = keyboard_page
    page = gp.page
    open_app(gp, patterns_server, APP, "Trend and seasonality in monthly orders")
    tab_to(page, button_is("Show the trend"))
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Seasonality caution", timeout=60000)
    name = chart_accessible_name(gp, ".cx-toolkit-tabs", 60000)
    assert "Line chart of orders by month" in name
    tab_to(page, label_is("Your interpretation"))
    page.keyboard.type("December peak " + EVIL)
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='fern-trend.html']", timeout=30000)
    open_tab(page, "Predicting repeat purchase")
    tab_to(page, label_is("Cut-off probability"))
    page.keyboard.press("Control+a")
    page.keyboard.type("lots")
    page.keyboard.press("Tab")
    alert = page.wait_for_selector("[role=alert]", timeout=20000)
    assert "not a number" in alert.inner_text()
    assert page.get_by_label("Cut-off probability", exact=False).input_value() == "lots"  # kept to fix
    assert_clean(gp, ".cx-toolkit-tabs")
