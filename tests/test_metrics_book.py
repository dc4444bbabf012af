"""The built metrics reference page: a static worked example for every calculator, with its live link."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BUILD
from widgets.calculators import CALCULATORS

pytestmark = pytest.mark.book


def test_metrics_page_has_every_worked_example_and_live_link():
    page = BUILD / "book" / "metrics.html"
    if not page.exists():
        pytest.fail("the book is not built: run `make build-book`")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    sections = soup.select("section.cx-calculator-static")
    assert len(sections) == len(CALCULATORS)
    for section in sections:
        link = section.select_one("p.cx-live-link a")
        assert link is not None and link["href"].endswith("/voila/render/calculators.ipynb")
        assert section.select("ol.cx-working li")
    assert "Net Promoter Score: 45.0 points" in soup.get_text()
    assert len(soup.select("figure.cx-chart")) == sum(1 for c in CALCULATORS.values() if c.chart)
    assert "show_calculator" not in soup.get_text()  # code cells are hidden
