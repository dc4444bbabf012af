"""The CIM Level 3 tools live in JupyterLab (the tutors' surface): the campaign planner opens its worked
example and the satisfaction index computes, in a real JupyterLab in Chromium, with no request leaving
the machine. (Voila: tests/test_campaign_browser.py, tests/test_customer_insight_browser.py; the book:
tests/test_browser_book.py.)"""

from __future__ import annotations

import pytest

from tests.conftest import code_notebook, wait_for_text

pytestmark = [pytest.mark.browser]


@pytest.fixture
def lab_with_l3_tools(tmp_path):
    import nbformat

    from tests.conftest import jupyterlab

    token = "cx-l3-token"
    nb = code_notebook("from widgets.show import show_campaign_planner, show_satisfaction_index\n"
                       "display(show_campaign_planner('cim-l3-cc', 'kettleby-pods', part='budget'))\n"
                       "display(show_satisfaction_index('cim-l3-cc', 'kettleby-csi'))")
    nbformat.write(nb, tmp_path / "l3.ipynb")
    with jupyterlab(tmp_path, token) as url:
        yield f"{url}/lab/tree/l3.ipynb?token={token}"


def test_planner_and_index_are_live_in_jupyterlab(lab_with_l3_tools, guarded):
    gp = guarded()
    page = gp.page
    page.goto(lab_with_l3_tools, wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
    wait_for_text(page, "| Idle", timeout=90000)  # kernel ready
    page.locator(".jp-Cell").first.click()
    page.keyboard.press("Shift+Enter")
    worked = page.get_by_role("button", name="Open the worked example (Kettleby Pods)")
    worked.wait_for(timeout=90000)
    worked.focus()
    page.keyboard.press("Enter")
    wait_for_text(page, "The worked example (Kettleby Pods) is open", timeout=30000)
    wait_for_text(page, "£52,800", timeout=30000)  # incremental: 48,000 × 1.10, computed in the kernel
    wait_for_text(page, "77.87", timeout=30000)  # Kettleby's index, computed in the kernel
    assert gp.blocked == [], f"requests to other hosts: {gp.blocked}"
