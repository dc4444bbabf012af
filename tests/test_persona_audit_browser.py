"""The persona builder and the journey audit in Chromium through Voila, by keyboard alone: bad input answered
beside the form with the text kept, hostile text shown as text, axe clean, no request leaving the machine.

The tools are served from a small notebook written to a temporary folder (one cell per tool), so these tests do
not depend on how the journey-optimiser app arranges its tabs."""

from __future__ import annotations

import json

import pytest

from tests.conftest import GuardedPage, VoilaServer, free_port, page_error_text, wait_for_app, wait_for_text
from tests.test_activities_browser import button_is, keyboard_page, label_is, tab_to  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.voila]
EVIL = "<img src=x onerror=alert(1)>"


def _notebook(source: str) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}},
            "cells": [{"cell_type": "code", "id": "tool", "metadata": {}, "execution_count": None, "outputs": [],
                       "source": source}]}


@pytest.fixture(scope="module")
def tools_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("l6-tools")
    (folder / "persona.ipynb").write_text(json.dumps(_notebook(
        "from widgets.ui.activities.persona import PersonaView\nPersonaView.example().view")), encoding="utf-8")
    (folder / "audit.ipynb").write_text(json.dumps(_notebook(
        "from widgets.ui.activities.journey_audit import JourneyAuditView\nJourneyAuditView.example().view")),
        encoding="utf-8")
    with VoilaServer(str(folder), free_port(), ["--VoilaConfiguration.default_pool_size=0"]) as server:
        yield server


def _open(gp: GuardedPage, server, name: str, text: str) -> None:
    gp.page.goto(f"{server.url}/voila/render/{name}.ipynb", wait_until="domcontentloaded")
    wait_for_app(gp, 120000)
    gp.page.wait_for_selector(f"text={text}", timeout=60000)


def _check_clean(gp: GuardedPage) -> None:
    page = gp.page
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    violations = gp.axe(".jupyter-widgets")
    assert violations == [], json.dumps(violations, indent=1)
    assert gp.dialogs == [] and gp.blocked == [] and page_error_text(gp) == []


def test_persona_builder_by_keyboard(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    _open(gp, tools_server, "persona", "Build a persona from data and research")
    tab_to(page, label_is("Statement"))
    page.keyboard.type("Wants plants that survive " + EVIL)
    tab_to(page, button_is("Add to the persona"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "has no evidence" in alert.inner_text()
    assert page.get_by_label("Statement", exact=True).input_value() == "Wants plants that survive " + EVIL
    tab_to(page, label_is("Evidence (source or figure)"), back=True)
    page.keyboard.type("Interview 4 of 14")
    wait_for_text(page, "Sources for Fern & Field")
    tab_to(page, button_is("Add to the persona"))
    page.keyboard.press("Enter")
    wait_for_text(page, "Added to goals.")
    assert "Wants plants that survive " + EVIL in page.inner_text("body")
    tab_to(page, button_is("Prepare files to download"))
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='persona-new-persona.html']", timeout=15000)
    _check_clean(gp)


def test_journey_audit_by_keyboard(tools_server, keyboard_page):  # noqa: F811
    gp = keyboard_page
    page = gp.page
    _open(gp, tools_server, "audit", "Audit Fern & Field's journey")
    wait_for_text(page, "candidate root cause")
    tab_to(page, label_is("Metric"), limit=200)
    page.keyboard.type("Depot trips " + EVIL)
    page.keyboard.press("Tab")
    page.keyboard.type("lots")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    tab_to(page, button_is("Add the metric"))
    page.keyboard.press("Enter")
    alert = page.wait_for_selector("[role=alert]", timeout=15000)
    assert "is not a number" in alert.inner_text()
    assert page.get_by_label("Current value", exact=True).input_value() == "lots"
    tab_to(page, label_is("Current value"), back=True)
    page.keyboard.press("Control+a")
    page.keyboard.type("9")
    tab_to(page, button_is("Add the metric"))
    page.wait_for_timeout(1500)  # the value goes to the kernel on blur; let it arrive before the click
    page.keyboard.press("Enter")
    wait_for_text(page, "Metric added.")
    tab_to(page, button_is("Prepare files to download"), limit=200)
    page.keyboard.press("Enter")
    page.wait_for_selector("a[download='journey-audit.csv']", timeout=15000)
    _check_clean(gp)
