"""The book's journey-map page: maps render statically (no kernel), drawn offline, escaped, with live links."""

from __future__ import annotations

import pytest

from tests.conftest import BUILD, chart_accessible_name

pytestmark = [pytest.mark.book]

PAGE = "book/journey-maps.html"


def test_page_holds_every_template_rendered_statically():
    html = (BUILD / PAGE).read_text(encoding="utf-8")
    assert html.count('class="cx-chart"') == 7  # one emotion curve per template
    for org in ("Harbourside Hotel", "Stride Sports", "Fern &amp; Field", "Riverside Hospice", "Clearwell Services",
                "The Mill Kitchen", "Brackenmoor Wildlife Park"):
        assert org in html
    assert html.count("voila/render/journey-builder.ipynb") >= 7
    assert "vega-bundle.js" in html  # the extension added the local Vega bundle to this page
    assert "jupyter-widgets" not in html  # nothing that needs a kernel


@pytest.mark.browser
def test_charts_draw_offline_and_tables_read_as_text(book_url, guarded):
    gp = guarded()
    gp.page.goto(f"{book_url}/{PAGE}", wait_until="load")
    gp.page.wait_for_function("() => document.querySelectorAll('figure.cx-chart[data-cx-rendered]').length === 7",
                              timeout=20000)
    assert "Moments of truth (diamonds)" in chart_accessible_name(gp, "figure.cx-chart")
    assert "Reception check-in" in gp.page.inner_text("table.cx-swimlane >> nth=0")
    # the swimlane scrolls sideways and can be reached by keyboard
    assert gp.page.locator(".cx-journey-scroll[tabindex='0'][role='region']").count() >= 7
    assert gp.blocked == [] and gp.dialogs == []
