"""Every built page in Chromium with the network blocked: no third-party request, no axe violation,
charts drawn from the local bundle."""

from __future__ import annotations

import pytest

from tests.conftest import chart_accessible_name
from tests.test_book import page_ids

pytestmark = [pytest.mark.browser, pytest.mark.book]


def settle(page) -> None:
    """Wait until the page has done its work: its requests (network idle) and, on a page with maths, MathJax's
    typesetting. A page with both maths and charts on a loaded machine can take longer than Playwright's
    network-idle wait, so that wait is bounded and the MathJax promise is awaited instead; a request to another
    host is still caught, because the guard records every request the page makes."""
    try:
        page.wait_for_load_state("networkidle", timeout=10000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError; the page is checked below either way
        pass
    page.evaluate("() => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null")


@pytest.mark.parametrize("rel", page_ids())
def test_page_is_offline_and_accessible(rel, book_url, guarded):
    gp = guarded()
    gp.page.goto(f"{book_url}/{rel}", wait_until="load")
    settle(gp.page)
    if gp.page.locator("figure.cx-chart").count():
        gp.page.wait_for_selector("figure.cx-chart[data-cx-rendered]", timeout=15000)
    assert gp.blocked == [], f"requests to other hosts: {gp.blocked}"
    violations = gp.axe()
    assert violations == [], violations
    assert gp.dialogs == []


def test_charts_draw_offline_with_a_description(book_url, guarded):
    gp = guarded()
    gp.page.goto(f"{book_url}/book/specs/cim-l4-cx.html", wait_until="load")
    gp.page.wait_for_selector("figure.cx-chart[data-cx-rendered='1'] svg", timeout=15000)
    assert "LO3 20%" in chart_accessible_name(gp, "figure.cx-chart")
    caption = gp.page.inner_text("figure.cx-chart figcaption")
    assert caption.startswith("Chart description:") and "LO6 15%" in caption
    assert gp.blocked == []


def test_keyboard_reaches_the_content_with_visible_focus(book_url, guarded):
    gp = guarded()
    gp.page.goto(f"{book_url}/book/intro.html", wait_until="load")
    outlines = []
    for _ in range(6):
        gp.page.keyboard.press("Tab")
        outlines.append(gp.page.evaluate(
            "() => { const el = document.activeElement; const s = getComputedStyle(el);"
            " return [el.tagName, s.outlineStyle, s.outlineWidth, s.boxShadow]; }"))
    focused = [o for o in outlines if o[0] in {"A", "BUTTON", "INPUT"}]
    assert focused, outlines
    assert all(o[1] != "none" or o[3] != "none" for o in focused), outlines


def test_maths_renders_from_the_local_mathjax(book_url, guarded):
    gp = guarded()
    gp.page.goto(f"{book_url}/book/glossary.html", wait_until="load")
    gp.page.wait_for_selector("mjx-container", timeout=20000)
    assert gp.blocked == []
