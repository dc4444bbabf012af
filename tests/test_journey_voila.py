"""The journey builder in Voila (Chromium): hostile text stays text, keyboard-only editing works, uploads
are checked, downloads are offered without touching the server. Rendering, offline use and axe for every
app are covered by tests/test_voila.py."""

from __future__ import annotations

import json

import pytest

from tests.conftest import chart_accessible_name, choose_file, page_error_text, wait_for_app

pytestmark = [pytest.mark.voila, pytest.mark.browser]

EVIL = "<img src=x onerror=alert(1)>"
APP = "/voila/render/journey-builder.ipynb"


def open_app(voila_dashboards, guarded):
    gp = guarded()
    gp.page.goto(voila_dashboards.url + APP, wait_until="domcontentloaded")
    wait_for_app(gp)
    gp.page.wait_for_selector("table.cx-swimlane", timeout=60000)
    chart_accessible_name(gp)
    return gp


def test_hostile_text_in_every_field_is_shown_as_text(voila_dashboards, guarded):
    gp = open_app(voila_dashboards, guarded)
    page = gp.page
    fields = page.locator(".jupyter-widgets input[type='text']:enabled, .jupyter-widgets textarea:enabled")
    count = fields.count()
    assert count >= 25, f"expected every text field of the map, persona, stage, touchpoint and lists; got {count}"
    for i in range(count):
        box = fields.nth(i)
        box.fill(EVIL)
        box.press("Tab")  # commit (fields save on leaving them)
    page.wait_for_timeout(1500)
    swimlane = page.inner_text("table.cx-swimlane")
    assert EVIL in swimlane  # the learner's text, shown literally
    assert EVIL in page.inner_text(".cx-journey-analysis")
    # the value fields of a KPI are numbers: the message quotes the text, escaped
    assert any(EVIL in t for t in page.locator(".cx-error").all_inner_texts())
    assert page.locator("img[src='x']").count() == 0
    assert gp.dialogs == []
    assert page_error_text(gp) == []
    assert gp.blocked == []


def _tab_to(page, predicate_js: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate_js}); }}"):
            return
    pytest.fail(f"could not reach the control by Tab: {predicate_js}")


def test_keyboard_only_editing(voila_dashboards, guarded):
    gp = open_app(voila_dashboards, guarded)
    page = gp.page
    page.locator("body").click(position={"x": 1, "y": 1})
    # Add a touchpoint to the first stage with the keyboard alone.
    _tab_to(page, "el.tagName === 'BUTTON' && el.innerText.trim() === 'Add touchpoint'")
    focus = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                          " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    assert focus[0] != "none" or focus[2] != "none", f"no visible focus on the button: {focus}"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.innerText.includes('Added a touchpoint')", timeout=15000)
    # Tab on to the new touchpoint's name field (label "Touchpoint name") and type a name.
    _tab_to(page, "el.tagName === 'INPUT' && el.closest('.widget-text') && "
                  "el.closest('.widget-text').innerText.includes('Touchpoint name')")
    page.keyboard.press("Control+A")
    page.keyboard.type("Price comparison app")
    page.keyboard.press("Tab")  # commits, and moves to Channel
    page.wait_for_function("() => document.querySelector('table.cx-swimlane').innerText"
                           ".includes('Price comparison app')", timeout=15000)
    # Move on to the emotion score and choose "−2 very negative" with the arrow keys.
    _tab_to(page, "el.tagName === 'SELECT' && el.closest('.widget-dropdown') && "
                  "el.closest('.widget-dropdown').innerText.includes('Emotion score')", limit=12)
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    page.wait_for_function("() => { const el = document.querySelector('[role=graphics-document]');"
                           " return el && (el.getAttribute('aria-label') || '').includes("
                           "'lowest −2.0 at “Price comparison app”'); }", timeout=15000)
    assert "Price comparison app" in page.inner_text("table.cx-swimlane")
    assert gp.blocked == [] and page_error_text(gp) == []


def test_uploads_are_checked_and_the_map_stays(voila_dashboards, guarded, tmp_path):
    gp = open_app(voila_dashboards, guarded)
    page = gp.page
    before = page.inner_text("table.cx-swimlane caption")
    cases = [
        ("broken.json", b"{ this is not json", "not valid JSON"),
        ("old.json", json.dumps({"schema_version": 0, "title": "Old"}).encode(), "schema version 0"),
        ("huge.json", b" " * 2_100_000, "at most 2 MB"),
    ]
    for name, content, message in cases:
        path = tmp_path / name
        path.write_bytes(content)
        choose_file(page, path, page.locator(".widget-upload").click)
        page.wait_for_function(f"() => [...document.querySelectorAll('.cx-error')]"
                               f".some(e => e.innerText.includes({json.dumps(message)}))", timeout=30000)
        assert page.inner_text("table.cx-swimlane caption") == before
    # a good file replaces the map
    good = tmp_path / "good.json"
    from widgets.journey import load_template

    good.write_text(load_template("b2b-service").to_json(), encoding="utf-8")
    choose_file(page, good, page.locator(".widget-upload").click)
    page.wait_for_function("() => document.querySelector('table.cx-swimlane caption').innerText"
                           ".includes('Clearwell')", timeout=30000)
    assert gp.blocked == []


def test_downloads_are_links_not_server_files(voila_dashboards, guarded):
    gp = open_app(voila_dashboards, guarded)
    page = gp.page
    page.get_by_role("button", name="Prepare files to download").click()
    page.wait_for_selector("ul.cx-downloads a[download]", timeout=60000)
    hrefs = page.eval_on_selector_all("ul.cx-downloads a[download]", "els => els.map(e => e.href.slice(0, 40))")
    assert len(hrefs) == 6 and all(h.startswith("data:") for h in hrefs)
    with page.expect_download() as info:
        page.locator("ul.cx-downloads a[download$='.json']").click()
    path = info.value.path()
    from widgets.journey import JourneyMap

    assert JourneyMap.from_json(open(path, "rb").read()).title.startswith("A weekend break")
    assert gp.blocked == []
