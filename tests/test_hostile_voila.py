"""The hostile inputs that once sent a Python traceback over the websocket, replayed in Voila in a real
browser: each now gets a message beside the field, keeps what the learner entered, and no websocket
frame carries a traceback, an exception name or a server file path. ``test_hostile_input.py`` covers
every view and every input without a browser; this file proves the frames on the wire."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, choose_file, wait_for_text
from tests.test_metrics_voila import LEAK_MARKERS, _open, _upload

pytestmark = [pytest.mark.voila, pytest.mark.browser]

# Paths and exception names; ".py" alone would match the kernel's own info reply ("file_extension": ".py").
PATH_MARKERS = (str(ROOT), "site-packages", "/widgets/", "OverflowError", "RecursionError", "sys.set_int",
                "Warning:")


def _assert_no_leak(frames: list[str]) -> None:
    leaks = sorted({f[max(0, f.find(m) - 150):f.find(m) + 150] for f in frames for m in (*LEAK_MARKERS, *PATH_MARKERS)
                    if m in f})
    assert leaks == [], leaks


def _type_into(page, index: int, value: str) -> None:
    box = page.locator("input[type='text']").nth(index)
    box.fill(value)
    box.press("Enter")


def test_calculator_numbers_too_large_to_use(voila_dashboards, guarded):
    gp, frames = _open(voila_dashboards, guarded, "calculators.ipynb", "45.0 points", 30000)
    page = gp.page
    for value in ("1e400", "9" * 5000):
        _type_into(page, 0, value)
        alert = page.locator(".cx-error[role='alert']").first
        alert.wait_for(state="visible", timeout=20000)
        text = alert.inner_text()
        assert "sys." not in text and "Error" not in text, text
        assert page.locator("input[type='text']").first.input_value() == value  # kept
        assert "45.0 points" not in page.inner_text("body")  # the old result is not left standing
    page.wait_for_timeout(500)
    _assert_no_leak(frames)


def test_journey_file_nested_too_deep_and_a_blank_title(voila_dashboards, guarded, tmp_path):
    gp, frames = _open(voila_dashboards, guarded, "journey-builder.ipynb", "Emotion curve", 60000)
    page = gp.page
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    page.locator(".widget-upload").focus()
    choose_file(page, deep, lambda: page.keyboard.press("Enter"))
    alert = page.locator(".cx-error[role='alert']").first
    alert.wait_for(state="visible", timeout=30000)
    assert "unchanged" in alert.inner_text()
    title = page.get_by_label("Map title")
    title.fill("   ")
    title.press("Enter")
    wait_for_text(page, "title", timeout=20000)
    assert title.input_value() == "   "
    assert page.locator(".cx-error[role='alert']").count() >= 1
    page.wait_for_timeout(500)
    _assert_no_leak(frames)


def test_workbench_csv_with_mixed_time_zones(voila_dashboards, guarded, tmp_path):
    gp, frames = _open(voila_dashboards, guarded, "metrics-workbench.ipynb", "6,000 answers", 120000)
    page = gp.page
    mixed = tmp_path / "zones.csv"
    mixed.write_text("date,nps_score,segment\n2026-01-05T10:00:00+00:00,9,a\n2026-01-06T10:00:00+05:00,3,b\n"
                     "2026-01-07,7,a\n", encoding="utf-8")
    _upload(page, mixed)
    wait_for_text(page, "zones.csv", timeout=30000)
    page.wait_for_timeout(1000)
    _assert_no_leak(frames)
