"""The course-map app, tested without a browser: set a value, assert on what is shown."""

from __future__ import annotations

from widgets.course_map import outcome_choices, summarise
from widgets.curriculum import load_spec
from widgets.ui.course_map import CourseMap, summary_html


def test_choosing_a_spec_updates_the_outcomes_and_details():
    app = CourseMap()
    app.spec_picker.value = "cim-l4-cx"
    assert [v for _, v in app.outcome_picker.options] == ["LO1", "LO2", "LO3", "LO4", "LO5", "LO6"]
    app.outcome_picker.value = "LO3"
    html = app.details.value
    assert "3.1" in html and "3.3" in html and "20% of the module" in html
    assert "150 guided learning hours" in html and "About 30 guided hours" in html  # 150 h x 20 %
    assert len(app.chart.outputs) == 1  # weighting chart for a weighted spec


def test_unweighted_spec_says_so_and_lists_graded_criteria():
    app = CourseMap()
    app.spec_picker.value = "ocr-l2-u10"
    app.outcome_picker.value = "LO4"
    html = app.details.value
    assert "does not weight" in html and "(Distinction)" in html and "D2" in html
    assert "60 guided learning hours" in html
    assert app.chart.outputs == ()


def test_spec_text_is_escaped():
    summary = summarise("ocr-l2-u10", "LO1")
    evil = summary.outcome.model_copy(update={"title": "<img src=x onerror=alert(1)>"})
    html = summary_html(type(summary)(summary.spec, evil))
    assert "<img" not in html and "&lt;img src=x" in html


def test_outcome_choices_cover_every_outcome():
    for spec_id in ("cim-l3-cc", "cim-l6-cjo", "hn-l4-u16"):
        assert len(outcome_choices(spec_id)) == len(load_spec(spec_id).outcomes())
