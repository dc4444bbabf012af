"""The static forms issue 15 added, in a browser: one learner's D1 example, the printable observation
checklist and witness testimony, and the simple (Level 2) journey view, on one plain page with the
activities stylesheet: axe finds no WCAG A/AA violation, nothing is requested from another host, the
scroll region is reachable by keyboard, and the page prints the blanks with room to write."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from importlib import resources

import pytest

from tests.conftest import _QuietHandler, free_port

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def forms_page_url(tmp_path_factory, monkeypatch_module):
    from widgets import show

    monkeypatch_module.setenv("CX_BOOK_BUILD", "1")
    css = resources.files("widgets").joinpath("assets", "cx-activities.css").read_text(encoding="utf-8")
    parts = [show.show_skills_review("ocr-l2-u10").data, show.show_skills_evidence("ocr-l2-u10", "checklist").data,
             show.show_skills_evidence("ocr-l2-u10", "witness").data,
             show.show_journey("high-street-retailer", level="simple").data]
    page = ("<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>Evidence forms (test page)</title>"
            f"<style>{css}</style></head><body><main><h1>Evidence forms (test page)</h1>{''.join(parts)}</main>"
            "</body></html>")
    folder = tmp_path_factory.mktemp("forms")
    (folder / "forms.html").write_text(page, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/forms.html"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_static_forms_are_axe_clean_offline_and_readable(forms_page_url, guarded):
    gp = guarded()
    page = gp.page
    page.goto(forms_page_url, wait_until="load")
    violations = gp.axe()
    assert violations == [], json.dumps(violations, indent=1)
    assert page.locator("th[scope=row]", has_text="Example: Attentiveness").count() == 2  # one per blank form
    assert page.get_by_text("One learner's example.").count() == 1
    region = page.locator(".cx-journey-simple [role=region]")
    region.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "region"
    page.emulate_media(media="print")
    height = page.evaluate("() => document.querySelector('.cx-evidence-blank .cx-evidence-form tbody tr:last-child td')"
                           ".getBoundingClientRect().height")
    assert height >= 30  # room to write by hand
    assert gp.blocked == [] and gp.dialogs == []
