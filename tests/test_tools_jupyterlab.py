"""The tools added for CIM Level 3 and BTEC HN Unit 16 live in JupyterLab (the tutors' surface), in a real
JupyterLab in Chromium, with no request leaving the machine: the campaign planner opens its worked example
by keyboard and shows the six budgets computed in the kernel, the satisfaction index computes, and the HN
service review and CRM explorer render. (Voila: tests/test_campaign_browser.py,
tests/test_customer_insight_browser.py, tests/test_service_review_browser.py,
tests/test_guest_insight_browser.py; the book: tests/test_browser_book.py.)"""

from __future__ import annotations

import pytest

from tests.conftest import code_notebook, wait_for_text

pytestmark = [pytest.mark.browser]

CELL = """from widgets.show import (show_campaign_planner, show_crm_explorer, show_satisfaction_index,
                          show_service_review)
display(show_campaign_planner('cim-l3-cc', 'kettleby-pods', part='budget'))
display(show_satisfaction_index('cim-l3-cc', 'kettleby-csi'))
display(show_service_review('hn-l4-u16', 'millbrook-service-review'))
display(show_crm_explorer('hn-l4-u16', 'millbrook-crm'))"""


@pytest.fixture
def lab_with_tools(tmp_path):
    import nbformat

    from tests.conftest import jupyterlab

    token = "cx-tools-token"
    nbformat.write(code_notebook(CELL), tmp_path / "tools.ipynb")
    with jupyterlab(tmp_path, token) as url:
        yield f"{url}/lab/tree/tools.ipynb?token={token}"


def test_new_tools_are_live_in_jupyterlab(lab_with_tools, guarded):
    gp = guarded()
    page = gp.page
    page.goto(lab_with_tools, wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
    wait_for_text(page, "| Idle", timeout=90000)  # kernel ready
    page.locator(".jp-Cell").first.click()
    page.keyboard.press("Shift+Enter")
    worked = page.get_by_role("button", name="Open the worked example (Kettleby Pods)")
    worked.wait_for(timeout=120000)
    worked.focus()
    page.keyboard.press("Enter")
    wait_for_text(page, "The worked example (Kettleby Pods) is open", timeout=30000)
    wait_for_text(page, "£52,800", timeout=30000)  # incremental: 48,000 × 1.10, computed in the kernel
    wait_for_text(page, "77.87", timeout=30000)  # Kettleby's satisfaction index, computed in the kernel
    wait_for_text(page, "Importance–performance matrix", timeout=30000)  # the HN service review
    wait_for_text(page, "1. Segment the guest database", timeout=30000)  # the HN CRM explorer
    wait_for_text(page, "3. Evaluate a CRM system", timeout=30000)
    assert gp.blocked == [], f"requests to other hosts: {gp.blocked}"
