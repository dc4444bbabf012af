"""The calculators and workbench apps in Voila: bad input shows a message next to the field, no
traceback reaches the page or its websocket frames, keyboard use works, axe finds nothing."""

from __future__ import annotations

import json

import pytest

from tests.conftest import chart_accessible_name, choose_file, page_error_text, wait_for_app, wait_for_text

pytestmark = [pytest.mark.voila, pytest.mark.browser]

LEAK_MARKERS = ("Traceback", "ValueError", "\"ename\"", "\"msg_type\":\"error\"", "\"msg_type\": \"error\"",
                "Exception")


def _record_frames(gp) -> list[str]:
    frames: list[str] = []

    def on_ws(ws):
        ws.on("framereceived", lambda payload: frames.append(
            payload if isinstance(payload, str) else bytes(payload).decode("utf-8", errors="replace")))

    gp.page.on("websocket", on_ws)
    return frames


def _tab_to(page, predicate_js: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return
    pytest.fail(f"could not reach the element with Tab: {predicate_js}")


def _upload(page, path) -> None:
    """Open the upload button's file chooser from the keyboard and choose ``path``."""
    page.locator(".widget-upload").focus()
    choose_file(page, path, lambda: page.keyboard.press("Enter"))


def _open(voila, guarded, app: str, ready_text: str, timeout: int):
    """Open ``app`` in a guarded page recording its websocket frames; wait until it shows ``ready_text``."""
    gp = guarded()
    frames = _record_frames(gp)
    gp.page.goto(f"{voila.url}/voila/render/{app}", wait_until="domcontentloaded")
    wait_for_app(gp)
    wait_for_text(gp.page, ready_text, timeout=timeout)
    return gp, frames


def _assert_clean(gp, frames: list[str]) -> None:
    """No error text on the page, nothing leaked into the websocket frames, no request to another host,
    and axe finds nothing."""
    assert page_error_text(gp) == []
    leaks = [m for m in LEAK_MARKERS for f in frames if m in f]
    assert leaks == [], leaks[:5]
    assert gp.blocked == []
    violations = gp.axe()
    assert violations == [], json.dumps(violations, indent=1)


def test_calculator_bad_input_by_keyboard(voila_dashboards, guarded):
    gp, frames = _open(voila_dashboards, guarded, "calculators.ipynb", "45.0 points", 30000)
    page = gp.page
    assert "promoters 60%" in chart_accessible_name(gp)  # drawn by Voila's own Vega-Lite renderer
    violations = gp.axe()  # with the chart on the page
    assert violations == [], json.dumps(violations, indent=1)
    # Keyboard only: Tab to the promoters box, replace its text, leave it with Tab.
    _tab_to(page, "() => document.activeElement && document.activeElement.tagName === 'INPUT' && "
                  "document.activeElement.type === 'text'")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Control+A")
    page.keyboard.type("lots")
    page.keyboard.press("Tab")
    alert = page.locator(".cx-error[role='alert']")
    alert.wait_for(state="visible", timeout=20000)
    assert "“lots” is not a number" in alert.inner_text()
    # The message sits right after the field it is about (same widget box order as the form).
    assert page.evaluate("""() => {
        const input = document.querySelectorAll("input[type='text']")[0];
        const err = document.querySelector('.cx-error');
        return !!(input.compareDocumentPosition(err) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert page.locator("input[type='text']").first.input_value() == "lots"  # nothing typed is lost
    # A model-level error (no answers at all) is a message too.
    inputs = page.locator("input[type='text']")
    for i in range(3):
        inputs.nth(i).fill("0")
        inputs.nth(i).press("Enter")
    wait_for_text(page, "There are no answers", timeout=20000)
    page.wait_for_timeout(500)
    _assert_clean(gp, frames)


def test_workbench_bad_upload_keeps_the_results(voila_dashboards, guarded, tmp_path):
    gp, frames = _open(voila_dashboards, guarded, "metrics-workbench.ipynb", "6,000 answers", 120000)
    page = gp.page
    assert "NPS by month" in chart_accessible_name(gp)
    bad = tmp_path / "scores.csv"
    bad.write_bytes(b"")
    _upload(page, bad)
    alert = page.locator(".cx-error[role='alert']")
    alert.wait_for(state="visible", timeout=20000)
    assert "scores.csv is empty" in alert.inner_text()
    assert "6,000 answers" in page.inner_text("body")  # the previous results stay
    # Over the 5 MB limit and over tornado's default 10 MiB websocket message size (raised in
    # config/voila/voila.json so that the kernel receives the file and can say why it is refused).
    big = tmp_path / "big.csv"
    big.write_bytes(b"a\n" + b"1\n" * 6_500_000)
    _upload(page, big)
    wait_for_text(page, "big.csv is 13.0 MB; the limit is 5 MB", timeout=60000)
    assert "6,000 answers" in page.inner_text("body")
    good = tmp_path / "stores.csv"
    good.write_text("\ufeffnps;month;store\n10;2025-01;Leeds\n3;2025-01;York\nten;2025-02;Leeds\n", encoding="utf-8")
    _upload(page, good)
    wait_for_text(page, "“ten” in row 4", timeout=20000)
    assert "semicolons" in page.inner_text("body")
    link = page.locator("a.cx-download")
    assert link.get_attribute("href").startswith("data:text/csv")
    _assert_clean(gp, frames)
