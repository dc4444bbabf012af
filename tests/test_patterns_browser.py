"""The patterns, trends and prediction view in Chromium through Voila (a one-cell notebook in a temporary folder,
so the test does not depend on the journey data lab's app being wired): keyboard alone runs a part and
switches tabs, a bad typed value is answered beside the part with the text kept, the chart has an accessible
name from its description, axe finds no violation, and no request leaves the machine."""

from __future__ import annotations

import json

import nbformat
import pytest

from tests.conftest import GuardedPage, VoilaServer, chart_accessible_name, free_port, page_error_text, wait_for_app
from tests.test_activities_browser import (  # noqa: F401 - keyboard_page is a fixture
    button_is,
    keyboard_page,
    label_is,
    open_tab,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.voila]
APP = "/voila/render/patterns.ipynb"
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def patterns_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("patterns-app")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('from widgets.ui.activities.patterns import patterns_view\n'
                                          'patterns_view("cim-l6-cjo", "fern-patterns")')]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, folder / "patterns.ipynb")
    with VoilaServer(str(folder), free_port(), ["--VoilaConfiguration.default_pool_size=0"]) as server:
        yield server


def test_patterns_by_keyboard_with_axe(patterns_server, keyboard_page):  # noqa: F811
    gp: GuardedPage = keyboard_page
    page = gp.page
    page.goto(f"{patterns_server.url}{APP}", wait_until="domcontentloaded")
    wait_for_app(gp, 120000)
    page.wait_for_selector("text=Trend and seasonality in monthly orders", timeout=60000)
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
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    violations = gp.axe(".cx-toolkit-tabs")
    assert violations == [], json.dumps(violations, indent=1)
    assert gp.dialogs == [] and gp.blocked == [] and page_error_text(gp) == []
