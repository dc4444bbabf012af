"""The activities in a browser: the service toolkit in Voila by keyboard alone, hostile text, axe; the
static scenario in a built book page, played by keyboard with no JavaScript of ours and no kernel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, GuardedPage, code_notebook, page_error_text, wait_for_app, wait_for_text  # noqa: F401

pytestmark = [pytest.mark.browser]
EVIL = "<img src=x onerror=alert(1)>"
APP = "/voila/render/service-toolkit.ipynb"


@pytest.fixture
def keyboard_page(guarded):
    return guarded()


def _focus_info(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement;
        const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
        return {tag: el.tagName, type: el.type || '', label, text: (el.innerText || '').trim(),
                role: el.getAttribute('role') || ''}; }""")


def tab_to(page, match, limit: int = 120, back: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until ``match(focus_info)``; fail if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        info = _focus_info(page)
        if match(info):
            return info
    pytest.fail("could not reach the control with the keyboard")


def label_is(text):
    return lambda i: i["label"].strip().startswith(text)


def selected_text(page) -> str:
    """The chosen option's text in the focused list (or '')."""
    return page.evaluate("() => { const s = document.activeElement; return s.selectedOptions && "
                         "s.selectedOptions.length ? s.selectedOptions[0].text : ''; }").replace("\xa0", " ")


def choose_by_keyboard(page, label: str, option: str, limit: int = 20) -> None:
    """Reach the list labelled ``label`` with Tab and move through it with the arrow keys to ``option``,
    waiting after each key for the kernel to answer (an answer racing a second key press could move it back)."""
    tab_to(page, label_is(label))
    for _ in range(limit):
        if selected_text(page) == option:
            page.wait_for_timeout(600)
            if selected_text(page) == option:
                return
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(400)
    pytest.fail(f"could not choose {option!r} in {label!r} with the keyboard (at {selected_text(page)!r})")


def button_is(text):
    return lambda i: i["tag"] == "BUTTON" and i["text"].startswith(text)


def open_tab(page, name: str) -> None:
    """Reach the tab bar with Tab, move with the arrow keys and activate with Enter."""
    info = tab_to(page, lambda i: i["role"] == "tab")
    for _ in range(5):
        if info["text"] == name:
            break
        page.keyboard.press("ArrowRight")
        info = _focus_info(page)
    assert info["text"] == name
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus on the tab
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => [...document.querySelectorAll('[role=tab]')].some(t => t.innerText.trim() === n && "
        "t.getAttribute('aria-selected') === 'true')", arg=name, timeout=10000)


def type_date(page, when: str) -> None:
    """Type an ISO date into the focused date input (on its first part) in the browser's own order.

    Chromium orders the parts by its locale (month first for en-US); Tab moves between the parts. Try
    month-day-year, and if the input's value is not the date, go back to the first part and try day first.
    """
    year, month, day = when.split("-")
    page.keyboard.type(month + day + year)
    if page.evaluate("() => document.activeElement.value") != when:
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(day + month + year)
    assert page.evaluate("() => document.activeElement.value") == when


def type_into(page, label: str, text: str) -> None:
    tab_to(page, label_is(label))
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def _load(gp: GuardedPage, server) -> None:
    gp.page.goto(f"{server.url}{APP}", wait_until="domcontentloaded")
    wait_for_app(gp)
    gp.page.wait_for_selector("text=Customer experience model", timeout=30000)


@pytest.mark.voila
def test_action_plan_by_keyboard_bad_date_then_fixed_updates_the_timeline(voila_dashboards, keyboard_page):
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    open_tab(page, "Action plan")
    tab_to(page, button_is("Clear the form"))
    page.keyboard.press("Enter")
    wait_for_text(page, "The form is clear", timeout=10000)
    tab_to(page, label_is("Action"), back=True)  # back up to the first field of the form
    page.keyboard.type("Add a booking form for gait checks " + EVIL)
    type_into(page, "Feedback it answers", "Website does not say whether gait checks need booking")
    type_into(page, "Owner", "Shop owner")
    tab_to(page, label_is("Start date"))
    type_date(page, "2026-09-10")
    tab_to(page, label_is("End date"))
    type_date(page, "2026-09-01")
    wait_for_text(page, "The end date (01 Sep 2026) is before the start date (10 Sep 2026)")
    tab_to(page, button_is("Add as a new action"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=10000)
    assert "before the start date" in alert.inner_text()
    # Nothing was lost: the action text is still in its box.
    assert EVIL in page.locator("textarea").nth(0).input_value() or any(
        EVIL in page.locator("textarea").nth(i).input_value() for i in range(page.locator("textarea").count()))
    # Shift+Tab would land on the last part of the date; go back to the start date and Tab forward onto
    # the first part of the end date.
    tab_to(page, label_is("Start date"), back=True)
    page.keyboard.press("Tab")
    assert _focus_info(page)["label"].startswith("End date")
    type_date(page, "2026-09-30")
    wait_for_text(page, "Runs 10 Sep 2026 to 30 Sep 2026: 21 days")
    tab_to(page, button_is("Add as a new action"))
    page.keyboard.press("Enter")
    try:
        wait_for_text(page, "The plan now has 7 actions", timeout=15000)
    except Exception:
        page.screenshot(path=str(ROOT / "_build" / "action-plan-debug.png"), full_page=True)
        raise
    assert page.locator("[role=alert]").count() == 0
    assert "10 Sep 2026 to 30 Sep 2026, 21 days" in page.inner_text("body")
    page.wait_for_function("() => [...document.querySelectorAll('[role=graphics-document]')].some(e => "
                           "(e.getAttribute('aria-label') || '').includes('10 Sep 2026 to 30 Sep 2026'))",
                           timeout=15000)
    # The hostile text shows as text, never as markup.
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert EVIL in page.inner_text("body")
    assert gp.dialogs == [] and gp.blocked == [] and page_error_text(gp) == []


@pytest.mark.voila
def test_scenario_by_keyboard_to_a_happy_ending(voila_dashboards, keyboard_page):
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    open_tab(page, "Scenario")
    tab_to(page, button_is("1. Let her finish"))
    expected = ["She gives her details", "You find what went wrong", "She still wants tonight's class",
                "The instructor agrees", "Happy ending"]
    for step in expected:
        page.keyboard.press("Enter")  # focus stays on the first choice, which now offers the next step
        wait_for_text(page, step)
    page.wait_for_selector("[role=status]:has-text('Happy ending')", timeout=15000)
    page.wait_for_function("() => [...document.querySelectorAll('[role=graphics-document]')].some(e => "
                           "(e.getAttribute('aria-label') || '').includes('step 6 Ending: a happy member: +2'))",
                           timeout=15000)
    assert gp.blocked == [] and page_error_text(gp) == []


@pytest.mark.voila
def test_hostile_text_in_every_tool_and_axe_on_every_tab(voila_dashboards, keyboard_page):
    gp = keyboard_page
    page = gp.page
    _load(gp, voila_dashboards)
    # Customer experience model: type into the organisation and a 'what' box.
    page.get_by_label("Organisation", exact=True).first.fill(EVIL)
    page.keyboard.press("Tab")
    wait_for_text(page, "Customer experience model: " + EVIL, timeout=10000)
    tabs = ["Customer experience model", "Reaction log", "Action plan", "Skills review", "Scenario", "Skills evidence"]
    for name in tabs:
        page.get_by_role("tab", name=name).click()
        page.wait_for_timeout(700)
        violations = gp.axe(".cx-toolkit-tabs")
        assert violations == [], (name, json.dumps(violations, indent=1))
    page.get_by_role("tab", name="Reaction log").click()
    page.get_by_label("Occasion", exact=True).fill(EVIL)
    page.get_by_label("Occasion", exact=True).press("Tab")
    page.get_by_role("button", name="Save changes to the chosen occasion").click()
    wait_for_text(page, "Changes saved", timeout=10000)
    page.get_by_role("tab", name="Skills review").click()
    page.get_by_role("button", name="Fill in the worked example").click()
    wait_for_text(page, "The worked example's self-review is filled in", timeout=10000)
    page.get_by_label("1. Patience: evidence").fill(EVIL)
    page.get_by_label("1. Patience: evidence").press("Tab")
    page.get_by_role("button", name="Make my guidance document").click()
    wait_for_text(page, "needs every entry for at least 3 skills", timeout=15000)  # D1: the learner's own entries
    for n, skill in enumerate(("1. Patience", "2. Attentiveness", "3. Adaptability")):
        page.get_by_label("Skill to write about").select_option(label=skill)
        # one panel per skill, in 4.2 order; only the chosen one is shown
        page.get_by_label("Activity you did").nth(n).select_option(index=1)
        for box in ("What you did", "What happened", "What you recommend"):
            page.get_by_label(box, exact=True).nth(n).fill(f"{skill}: {box} {EVIL}")
        page.get_by_label("What you recommend", exact=True).nth(n).press("Tab")
    page.get_by_role("button", name="Make my guidance document").click()
    wait_for_text(page, "Your guidance document is ready", timeout=15000)
    assert page.locator("a[download='guidance-document.html']").count() == 1
    href = page.get_attribute("a[download='guidance-document.html']", "href")
    assert href.startswith("data:text/html;charset=utf-8;base64,")
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert "1. Patience: What happened " + EVIL in page.inner_text(".cx-guidance")
    page.get_by_role("tab", name="Skills evidence").click()
    page.get_by_label("Learner's name").fill(EVIL)
    page.get_by_label("Learner's name").press("Tab")
    page.get_by_role("button", name="Check and prepare downloads").click()
    wait_for_text(page, "P9: 0 of the 10 skills recorded in full", timeout=15000)
    assert page.locator("a[download='skills-evidence.csv']").count() == 1
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert gp.dialogs == [] and gp.blocked == [] and page_error_text(gp) == []


# -- the static scenario in a built page ------------------------------------------------------------
FIXTURE_NOTEBOOK_CELLS = [
    "from widgets.show import show_scenario, show_sorting, show_reaction_log, show_action_plan",
    "show_scenario('ocr-l2-u10', 'unhappy-customer')",
    "show_sorting('ocr-l2-u10', 'expectation-sources')",
    "show_reaction_log('ocr-l2-u10', 'stride-sports')",
    "show_action_plan('ocr-l2-u10', 'stride-sports')",
]


@pytest.fixture(scope="module")
def activity_book(tmp_path_factory):
    """A test-only book with one page of static activities, built with the project's configuration."""
    import nbformat
    import yaml

    src = tmp_path_factory.mktemp("activity-book")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["exclude_patterns"] = ["_build", "node_modules"]
    config["execute"]["execute_notebooks"] = "force"
    (src / "_config.yml").write_text(yaml.safe_dump(config))
    (src / "_toc.yml").write_text("format: jb-book\nroot: activities\n")
    nb = code_notebook(*FIXTURE_NOTEBOOK_CELLS, heading="# Activities (test page)")
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nbformat.write(nb, src / "activities.ipynb")
    (src / "node_modules").symlink_to(ROOT / "node_modules")
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jb), "build", str(src), "--warningiserror", "--keep-going"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    yield src / "_build" / "html"
    shutil.rmtree(src, ignore_errors=True)


@pytest.fixture(scope="module")
def activity_book_url(activity_book):
    import functools
    import http.server
    import threading

    from tests.conftest import _QuietHandler, free_port

    handler = functools.partial(_QuietHandler, directory=str(activity_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _visible_steps(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.cx-scn-step')]"
                         ".filter(s => getComputedStyle(s).display !== 'none').map(s => s.id)")


@pytest.mark.book
def test_static_scenario_is_playable_by_keyboard(activity_book_url, guarded):
    gp = guarded()
    page = gp.page
    page.goto(f"{activity_book_url}/activities.html", wait_until="load")
    assert page.locator("link[href*='cx-activities.css']").count() == 1
    assert _visible_steps(page) == ["cx-scn-unhappy-customer-arrival"]  # the start shows with no target
    info = tab_to(page, lambda i: i["tag"] == "A" and i["text"].startswith("Let her finish"), limit=200)
    assert info["text"].startswith("Let her finish")
    for expected in ("She gives her details", "You find what went wrong", "She still wants tonight's class",
                     "The instructor agrees", "Ending: a happy member"):
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.hash.length > 1")
        visible = _visible_steps(page)
        assert len(visible) == 1
        heading = page.inner_text(f"#{visible[0]} h4")
        assert heading == expected
        # Focus moved to the step that is now shown (it has tabindex=-1), so a screen reader reads it
        # and the next Tab reaches its first choice.
        assert page.evaluate("() => document.activeElement.id") == visible[0]
        if expected.startswith("Ending"):
            break
        tab_to(page, lambda i: i["tag"] == "A", limit=3)
    assert "Happy ending" in page.inner_text(f"#{visible[0]}")
    assert "Good choice" in page.inner_text(f"#{visible[0]}")
    tab_to(page, lambda i: i["tag"] == "A" and "Start the scenario again" in i["text"], limit=5)
    page.keyboard.press("Enter")
    assert _visible_steps(page) == ["cx-scn-unhappy-customer-arrival"]
    assert gp.blocked == [] and gp.dialogs == []


@pytest.mark.book
def test_static_activities_page_is_offline_and_axe_clean(activity_book_url, guarded):
    gp = guarded()
    page = gp.page
    page.goto(f"{activity_book_url}/activities.html", wait_until="load")
    page.wait_for_selector("figure.cx-chart[data-cx-rendered] svg", timeout=15000)
    assert page.locator("details").count() >= 10
    page.locator("details summary").first.click()
    assert page.locator("details[open]").count() == 1
    violations = gp.axe()
    assert violations == [], json.dumps(violations, indent=1)
    page.goto(f"{activity_book_url}/activities.html#cx-scn-unhappy-customer-found-cause-0", wait_until="load")
    assert _visible_steps(page) == ["cx-scn-unhappy-customer-found-cause-0"]
    assert gp.axe() == []  # a later step, shown by :target
    assert gp.blocked == []


# -- JupyterLab ------------------------------------------------------------------------------------
@pytest.fixture
def lab_with_activity(tmp_path):
    import nbformat

    from tests.conftest import jupyterlab

    token = "cx-activities-token"
    nb = code_notebook("from widgets.show import show_scenario\nshow_scenario('ocr-l2-u10', 'unhappy-customer')")
    nbformat.write(nb, tmp_path / "scenario.ipynb")
    with jupyterlab(tmp_path, token) as url:
        yield f"{url}/lab/tree/scenario.ipynb?token={token}"


def test_scenario_is_live_in_jupyterlab(lab_with_activity, guarded):
    gp = guarded()
    page = gp.page
    page.goto(lab_with_activity, wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
    wait_for_text(page, "| Idle", timeout=90000)  # kernel ready
    page.locator(".jp-Cell").first.click()
    page.keyboard.press("Shift+Enter")
    first = page.get_by_role("button", name="1. Let her finish")
    first.wait_for(timeout=90000)
    first.focus()
    page.keyboard.press("Enter")
    wait_for_text(page, "She gives her details", timeout=30000)
    page.wait_for_function("() => [...document.querySelectorAll('[role=graphics-document]')].some(e => "
                           "(e.getAttribute('aria-label') || '').includes('step 2 She gives her details'))",
                           timeout=30000)
    assert gp.blocked == [], f"requests to other hosts: {gp.blocked}"
