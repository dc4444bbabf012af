"""The built book: every page offline-only, axe-clean, within size; charts and MathJax local."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BUILD, is_loopback_url

pytestmark = pytest.mark.book

MAX_PAGE_BYTES = 1_500_000


def built_pages() -> list[Path]:
    if not BUILD.exists():
        pytest.fail("the book is not built: run `make build-book`")
    skip = {"genindex.html", "search.html"}
    return sorted(p for p in BUILD.rglob("*.html") if "_static" not in p.parts and p.name not in skip)


def page_ids() -> list[str]:
    return [p.relative_to(BUILD).as_posix() for p in built_pages()] if BUILD.exists() else []


def test_every_expected_page_was_built():
    names = set(page_ids())
    for spec_id in ("ocr-l2-u10", "cim-l3-cc", "cim-l4-cx", "hn-l4-u16", "cim-l6-cjo"):
        assert f"book/specs/{spec_id}.html" in names
    assert {"book/intro.html", "book/how-to-use.html", "book/glossary.html", "book/coverage.html"} <= names


@pytest.mark.parametrize("rel", page_ids())
def test_page_references_only_local_resources(rel):
    """No <script>, <link>, <img>, <iframe> or <source> points at another host."""
    soup = BeautifulSoup((BUILD / rel).read_text(encoding="utf-8"), "html.parser")
    offending = []
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
        for node in soup.find_all(tag):
            url = node.get(attr)
            if url and re.match(r"^(https?:)?//", url):
                absolute = url if url.startswith("http") else "http:" + url
                if not is_loopback_url(absolute):
                    offending.append(f"<{tag} {attr}={url}>")
    assert not offending, offending


@pytest.mark.parametrize("rel", page_ids())
def test_page_size_is_within_budget(rel):
    assert (BUILD / rel).stat().st_size <= MAX_PAGE_BYTES


def test_vega_bundle_only_on_pages_with_charts():
    for path in built_pages():
        text = path.read_text(encoding="utf-8")
        has_chart = 'class="cx-chart"' in text
        assert ("vega-bundle.js" in text) == has_chart, path.relative_to(BUILD)
    assert 'class="cx-chart"' in (BUILD / "book/specs/cim-l4-cx.html").read_text(encoding="utf-8")


def test_criterion_references_link_to_overview_anchors():
    coverage = (BUILD / "book/coverage.html").read_text(encoding="utf-8")
    assert 'href="specs/ocr-l2-u10.html#ac-ocr-l2-u10-p1"' in coverage
    overview = (BUILD / "book/specs/ocr-l2-u10.html").read_text(encoding="utf-8")
    assert 'id="ac-ocr-l2-u10-p1"' in overview


def test_coverage_page_lists_all_82_criteria():
    soup = BeautifulSoup((BUILD / "book/coverage.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"].split("#")[1] for a in soup.find_all("a", href=True) if "#ac-" in a["href"]}
    assert len(links) == 82


def test_mathjax_is_served_locally():
    assert (BUILD / "_static/cx/mathjax/tex-chtml.js").exists()
    glossary = (BUILD / "book/glossary.html").read_text(encoding="utf-8")
    assert 'class="math' in glossary  # the NPS entry has a formula
    assert "_static/cx/mathjax/tex-chtml.js" in glossary
    intro = (BUILD / "book/intro.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*mathjax|window\.MathJax", intro, re.I)  # no maths, no MathJax
