"""The built book: every page offline-only, axe-clean, within size; charts and MathJax local."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BUILD, ROOT, is_loopback_url

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


def test_quiz_listing_is_rewritten_only_when_a_source_is_added_or_removed(tmp_path):
    """Sphinx re-reads a page whose dependency is newer than the last build. A listing rewritten on
    every build would re-execute every quiz page each time; one never rewritten would miss a new bank."""
    from types import SimpleNamespace

    from widgets import sphinx_ext

    (tmp_path / "src" / "chapters" / "x").mkdir(parents=True)
    app = SimpleNamespace(doctreedir=str(tmp_path / "doctrees"), srcdir=str(tmp_path / "src"))
    listing = sphinx_ext._write_quiz_listing(app)
    first = listing.stat().st_mtime_ns
    os.utime(listing, ns=(first - 10**9, first - 10**9))
    sphinx_ext._write_quiz_listing(app)
    assert listing.stat().st_mtime_ns == first - 10**9, "unchanged sources must leave the listing alone"
    (tmp_path / "src" / "chapters" / "x" / "new.ipynb").write_text("{}", encoding="utf-8")
    sphinx_ext._write_quiz_listing(app)
    assert "new.ipynb" in listing.read_text(encoding="utf-8")
    assert listing.stat().st_mtime_ns > first - 10**9


def test_only_exam_pages_depend_on_the_chapters(tmp_path):
    """A practice quiz needs only the banks; the mock exam links each criterion to the chapter sections
    that teach it, so it is re-read when a chapter changes. Editing one chapter must not re-execute
    every quiz page."""
    from types import SimpleNamespace

    from docutils import nodes

    from widgets import sphinx_ext

    def deps_of(mode: str | None) -> set[Path]:
        noted: list[str] = []
        app = SimpleNamespace(doctreedir=str(tmp_path), srcdir=str(ROOT),
                              env=SimpleNamespace(note_dependency=noted.append))
        sphinx_ext._write_quiz_listing(app)  # finds the sources once per build
        doctree = nodes.section()
        if mode:
            doctree += nodes.raw("", f'<div class="cx-quiz" data-cx-mode="{mode}"></div>', format="html")
        sphinx_ext._on_doctree_read(app, doctree)
        return {Path(d) for d in noted}

    chapters = {p.resolve() for p in (ROOT / "chapters").glob("*/*.ipynb")}
    banks = {p.resolve() for p in (ROOT / "data" / "quizzes").glob("*/*.yml")}
    listing = (tmp_path / sphinx_ext.QUIZ_LISTING).resolve()
    assert chapters and banks
    assert deps_of(None) == set()
    assert deps_of("practice") == banks | {listing}
    assert deps_of("exam") == banks | chapters | {listing}
