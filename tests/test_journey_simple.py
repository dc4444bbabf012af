"""The simple (Level 2) journey view: what OCR Unit 10 teaches for P3, none of the Level 6 analysis, and a
link to the study centre's journey builder instead of a command (issue 15, section 5)."""

from __future__ import annotations

import ipywidgets as w
import pytest

from widgets.journey import load_template
from widgets.journey_simple import simple_map_html, simple_steps, simple_table_html
from widgets.show import show_journey

TEMPLATE = "high-street-retailer"
LEVEL6 = ("5 Whys", "Why 1", "Root cause", "severity", "frequency", "impact", "effort", "Expectation gap",
          "Channel mix", "Pain points ranked", "<code>", "make dashboards", "terminal")


def test_simple_steps_keep_the_order_and_the_barriers_without_scores():
    journey = load_template(TEMPLATE)
    steps = simple_steps(journey)
    assert [s.step for s in steps] == [t.name for _, t in journey.touchpoints()]
    phone = next(s for s in steps if s.step == "Phone call about a return")
    assert phone.barriers == ("Returns policy for worn shoes is not written down",) and phone.moment_of_truth


def test_simple_static_view_has_no_level_6_analysis_and_no_command(monkeypatch):
    monkeypatch.setenv("CX_BOOK_BUILD", "1")
    html = show_journey(TEMPLATE, level="simple").data
    for word in LEVEL6:
        assert word not in html, word
    for heading in ("What the customer does", "What they think or ask", "How they feel", "Barriers"):
        assert f"<th scope='col'>{heading}</th>" in html
    assert 'class="cx-chart"' in html and "Chart description:" in html  # the emotion line, described
    assert "voila/render/journey-builder.ipynb" in html and "study centre" in html
    full = show_journey(TEMPLATE).data  # the default keeps the analysis for the levels that teach it
    assert "severity × frequency" in full


def test_simple_live_view_and_bad_level(monkeypatch):
    monkeypatch.delenv("CX_BOOK_BUILD", raising=False)
    view = show_journey(TEMPLATE, level="simple")
    assert isinstance(view, w.VBox)
    text = " ".join(c.value for c in view.children if isinstance(c, w.HTML))
    assert "Barriers" in text and not any(word in text for word in LEVEL6)
    with pytest.raises(ValueError, match="not a journey view"):
        show_journey(TEMPLATE, level="expert")


def test_simple_view_escapes_learner_text():
    journey = load_template(TEMPLATE)
    evil = "<img src=x onerror=alert(1)>"
    journey.as_is[0].touchpoints[0].doing = evil
    journey.as_is[0].touchpoints[0].feeling = "well-looked-after"
    out = simple_table_html(journey) + simple_map_html(journey)
    assert "<img" not in out and "&lt;img src=x" in out and "well-looked-after" in out
