"""The data-cleaning lab in Chromium through Voila (a one-cell notebook showing the lab, served from the shared
folder of throwaway apps, conftest's ``tool_apps``, so the test does not depend on which app the lab is a tab
of): steps chosen and run by keyboard alone, a bad channel mapping answered beside it with the text kept, hostile
notes shown as text, the chart named by its description, downloads offered, axe clean and no request leaving the
machine."""

from __future__ import annotations

import pytest

from tests.conftest import EVIL, add_app, assert_clean, chart_accessible_name, open_app, wait_for_text
from tests.test_activities_browser import button_is, keyboard_page, label_is, tab_to  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser]
APP = "cleaning-lab"
ROOT_CLASS = ".cx-cleaning-lab"


@pytest.fixture(scope="module")
def lab_server(tool_apps):
    add_app(tool_apps, APP, "from widgets.ui.activities.cleaning import CleaningLabView\n"
                            "CleaningLabView.example().view")
    return tool_apps


@pytest.mark.voila
def test_cleaning_lab_by_keyboard(lab_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    open_app(gp, lab_server, APP, "2. Choose the cleaning steps")
    # one step by Space on its checkbox, then all of them by the button
    tab_to(page, label_is("Trim spaces"), limit=200)
    page.keyboard.press("Space")
    wait_for_text(page, "The steps will run in this order")
    tab_to(page, button_is("Choose every step"), back=True, limit=200)
    page.keyboard.press("Enter")
    wait_for_text(page, "Every step chosen")
    # a bad mapping line: the message beside the box, the text kept
    tab_to(page, label_is("Channel mapping"), limit=200)
    page.keyboard.press("Control+End")
    page.keyboard.type("\nTikTok = ")
    page.keyboard.press("Tab")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "empty label" in alert.inner_text()
    assert page.get_by_label("Channel mapping", exact=False).input_value().endswith("TikTok = ")
    tab_to(page, label_is("Channel mapping"), back=True, limit=20)
    page.keyboard.type("Paid social")
    page.keyboard.press("Tab")
    page.wait_for_selector("[role=alert]", state="detached", timeout=15000)
    # run
    tab_to(page, button_is("Run the cleaning"), limit=50)
    page.keyboard.press("Enter")
    wait_for_text(page, "The cleaning changed the answer", timeout=60000)
    assert "Repeat-purchase rate by acquisition channel" in chart_accessible_name(gp, ROOT_CLASS) or \
        "repeat-purchase rate" in chart_accessible_name(gp, ROOT_CLASS)
    assert "Cleaning log" in page.inner_text(ROOT_CLASS)
    # notes with hostile text, then the downloads
    tab_to(page, label_is("Your decisions and why"), limit=200)
    page.keyboard.type("Mapped TikTok to paid social " + EVIL)
    tab_to(page, button_is("Prepare files to download"), limit=20)
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='clean-customers.csv']", timeout=30000)
    page.wait_for_selector("a[download='cleaning-log.html']", timeout=5000)
    assert_clean(gp, ROOT_CLASS)
