"""Issue 21 in Voila: the tutor's class view loads two good progress files and names the bad one; the live
My progress page shows every specification's criteria and says whose attempts it reads. Network blocked, axe."""

from __future__ import annotations

import pytest

from tests.conftest import choose_file, page_error_text, wait_for_app, wait_for_text
from tests.test_progress import progress_file

pytestmark = [pytest.mark.voila, pytest.mark.browser]


def test_class_view_loads_good_files_and_names_the_bad_one(voila_dashboards, guarded, tmp_path):
    files = [tmp_path / "asha.json", tmp_path / "ben.json", tmp_path / "notes.json"]
    files[0].write_bytes(progress_file({"cjo-x1": 1, "cjo-x2": 0}, "Asha <script>"))
    files[1].write_bytes(progress_file({"cjo-x1": 0, "cjo-x2": 0}, "Ben"))
    files[2].write_text("these are my notes, not a progress file", encoding="utf-8")
    gp = guarded()
    page = gp.page
    page.goto(f"{voila_dashboards.url}/voila/render/class-progress.ipynb", wait_until="domcontentloaded",
              timeout=120000)
    wait_for_app(gp)
    wait_for_text(page, "Load at least one progress file", timeout=60000)
    page.locator(".widget-upload").focus()  # by keyboard: Enter on the upload button opens the chooser
    choose_file(page, files, lambda: page.keyboard.press("Enter"))
    wait_for_text(page, "2 learners loaded", timeout=60000)
    text = page.inner_text("body")
    assert "Asha <script>, Ben." in text  # escaped: shown as text
    assert "notes.json: it is not valid JSON." in text
    assert "Skipped 1 file" in text
    table = page.locator("table", has_text="share of practice questions right").first
    assert "50% (needs help)" in table.inner_text()  # 1.1 for Asha: one of two right
    page.wait_for_selector(".cx-downloads a[download='item-analysis.csv']")
    page.wait_for_selector("[role='graphics-document']", timeout=30000)
    assert page_error_text(gp) == []
    assert gp.blocked == []
    assert gp.axe() == []


def test_live_my_progress_lists_every_spec_and_says_where_its_attempts_come_from(voila_dashboards, guarded):
    gp = guarded()
    page = gp.page
    page.goto(f"{voila_dashboards.url}/voila/render/my-progress.ipynb", wait_until="domcontentloaded", timeout=120000)
    wait_for_app(gp)
    page.wait_for_selector(".cx-progress-table", timeout=60000)
    assert page.locator(".cx-progress-table").count() == 5
    assert "attempts made in the online book are not shown here" in page.inner_text(".cx-progress-where")
    assert page.locator(".cx-progress-table tr.cx-untried").count() > 0
    assert gp.blocked == []
    assert gp.axe() == []
