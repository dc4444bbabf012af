"""Calculator definitions and views, tested without a browser: set values, assert on what is shown."""

from __future__ import annotations

import re

import pytest

from tests.readable import assert_readable
from widgets import metrics
from widgets.calculators import (
    CALCULATORS,
    FieldError,
    calculate,
    example_inputs,
    parse_tasks,
    static_calculator_html,
)
from widgets.show import show_calculator
from widgets.ui.metrics import CalculatorsApp, CalculatorView


@pytest.mark.parametrize("key", list(CALCULATORS))
def test_every_worked_example_computes_and_renders(key, monkeypatch):
    monkeypatch.delenv("CX_BOOK_BUILD", raising=False)
    view = CalculatorView(key)
    assert all(box.value == "" for box in view.errors.values()) and view.message.value == ""
    assert "Working:" in view.result.value and "<li>" in view.result.value
    html = static_calculator_html(key)
    assert "Worked example" in html and "voila/render/calculators.ipynb" in html
    assert ("cx-chart" in html) == (CALCULATORS[key].chart is not None)


def test_nps_example_matches_the_formula_by_hand():
    # 120 / 50 / 30 of 200: NPS = 60 % - 15 % = 45; Var = (0.6 + 0.15 - 0.2025) / 200 = 0.0027375;
    # SE = 0.052321; 1.96 x 5.2321 = 10.255 -> 34.7 to 55.3.
    (r,) = calculate(CALCULATORS["nps"], example_inputs(CALCULATORS["nps"]))
    assert r.value == pytest.approx(45) and r.interval == pytest.approx((34.745, 55.255), abs=1e-3)


def test_typed_text_is_parsed_with_thousands_and_pounds():
    calc = CALCULATORS["romi"]
    (r,) = calculate(calc, {"revenue": "£50,000", "spend": "10,000", "margin": "30%"})
    assert r.value == pytest.approx(50.0)  # (50,000 x 0.3 - 10,000) / 10,000


def test_bad_text_goes_next_to_its_field_and_inputs_are_kept():
    view = CalculatorView("nps")
    view.inputs["passives"].value = "fifty"
    assert "“fifty” is not a number" in view.errors["passives"].value
    assert "role='alert'" in view.errors["passives"].value
    assert view.errors["promoters"].value == "" and view.chart.outputs == ()
    assert view.inputs["passives"].value == "fifty"  # nothing the learner typed is lost
    view.inputs["passives"].value = "50"
    assert view.errors["passives"].value == "" and "45.0 points" in view.result.value
    assert len(view.chart.outputs) == 1


def test_model_errors_are_attributed_to_the_field_they_name():
    view = CalculatorView("retention")
    view.inputs["new"].value = "500"
    assert "New customers (500) cannot be more" in view.errors["new"].value
    view.inputs["new"].value = "1.5"
    assert "whole number" in view.errors["new"].value
    view.inputs["new"].value = "-2"
    assert "cannot be negative" in view.errors["new"].value


def test_zero_total_is_a_message_not_a_crash():
    view = CalculatorView("nps")
    for key in ("promoters", "passives", "detractors"):
        view.inputs[key].value = "0"
    text = view.errors["promoters"].value + view.message.value
    assert "no answers" in text


def test_learner_text_is_escaped():
    view = CalculatorView("nps_scores")
    view.inputs["scores"].value = "<img src=x onerror=alert(1)>"
    shown = view.errors["scores"].value
    assert "<img" not in shown and "&lt;img" in shown
    view = CalculatorView("budget_task")
    view.inputs["tasks"].value = "<b>Posters</b>: 100"
    assert "<b>Posters" not in view.result.value and "&lt;b&gt;Posters" in view.result.value


def test_tasks_parser_messages():
    field = CALCULATORS["budget_task"].fields[0]
    assert parse_tasks("Radio: 3,000\nLeaflets: £1200", field) == [("Radio", 3000.0), ("Leaflets", 1200.0)]
    with pytest.raises(FieldError, match="line 2 needs a task, a colon and a cost"):
        parse_tasks("Radio: 3000\nLeaflets 1200", field)


# -- hostile input (issue 14): one parser, widgets.numeric, behind every numeric field ---------------------
TOO_LARGE = ["1e400", "9" * 400, "9" * 5000, "1" * 1_000_000, "1e13", "1,000,000,000,001"]
NOT_NUMBERS = ["NaN", "nan", "inf", "-Infinity", "١٢٣", "0x1F", "12abc"]


def _refused(key: str, field: str, typed: str, *must_say: str) -> str:
    calc = CALCULATORS[key]
    with pytest.raises(FieldError) as info:
        calculate(calc, {**example_inputs(calc), field: typed})
    assert info.value.key == field
    assert_readable(str(info.value), *must_say)
    return str(info.value)


@pytest.mark.parametrize("typed", TOO_LARGE)
def test_a_count_too_large_says_the_largest_count(typed):
    _refused("nps", "promoters", typed, "Promoters", "too large", "at most 1,000,000,000,000")


def test_a_count_far_below_zero_says_a_count_cannot_be():
    _refused("nps", "promoters", "-1e400", "Promoters", "below zero", "0 or more")


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_a_count_that_is_not_a_number_says_so(typed):
    _refused("nps", "promoters", typed, "Promoters", "is not a number", "like 120")


@pytest.mark.parametrize(("key", "field", "typed"), [
    ("romi", "revenue", "1e400"), ("romi", "revenue", "9" * 5000), ("romi", "margin", "inf%"),
    ("sample_size", "population", "9" * 400), ("times", "target", "1e309"),
    ("nps_scores", "scores", "10, 9, 1e400"), ("nps_scores", "scores", "9 " * 20_000),
    ("budget_task", "tasks", "Radio: 1e400"), ("budget_task", "tasks", "Radio: 3000\n" * 200),
    ("budget_task", "tasks", "x" * 300 + ": 5"), ("nps_scores", "scores", "5 " * 1_000_000),
])
def test_every_kind_of_numeric_field_refuses_absurd_input(key, field, typed):
    _refused(key, field, typed)


def test_a_megabyte_of_digits_is_refused_at_once():
    import time

    start = time.perf_counter()
    for _ in range(20):
        _refused("nps", "promoters", "7" * 1_000_000, "too large")
    assert (time.perf_counter() - start) / 20 < 0.05  # refused on its length, before float() or int()


def test_the_largest_count_and_amount_are_accepted():
    (r,) = calculate(CALCULATORS["nps"], {"promoters": "1,000,000,000,000", "passives": "0", "detractors": "0"})
    assert r.value == 100
    (cac, _) = calculate(CALCULATORS["cac"], {"spend": "£1,000,000,000,000", "new": "1", "ltv": "240"})
    assert cac.value == 1e12


def test_sample_size_choice_and_optional_population():
    view = CalculatorView("sample_size")
    assert "323 responses" in view.result.value  # Cochran with N = 2,000 (see test_metrics)
    view.inputs["population"].value = ""
    assert "385 responses" in view.result.value
    view.inputs["confidence"].value = "99%"
    # z = 2.5758; 2.5758^2 x 0.25 / 0.0025 = 663.5 -> 664
    assert "664 responses" in view.result.value


def test_app_switches_calculators_and_keeps_entries():
    app = CalculatorsApp()
    first = app.holder.children[0]
    app.views["nps"].inputs["promoters"].value = "7"
    app.picker.value = "csat"
    assert app.holder.children[0] is app.views["csat"].view
    app.picker.value = "nps"
    assert app.holder.children[0] is first and app.views["nps"].inputs["promoters"].value == "7"


def test_book_build_shows_a_static_example_with_a_live_link(monkeypatch):
    monkeypatch.setenv("CX_BOOK_BUILD", "1")
    shown = show_calculator("cac")
    html = shown.data
    assert "LTV:CAC ratio: 3.00:1" in html and "Skok" in html
    assert re.search(r'href="http://127\.0\.0\.1:8866/voila/render/calculators\.ipynb"', html)


def test_benchmarks_are_cited_not_invented():
    cited = [c for c in CALCULATORS.values() if c.benchmark]
    assert {c.key for c in cited} == {"cac", "ave"}
    assert metrics.LTV_CAC_BENCHMARK in CALCULATORS["cac"].benchmark and "(Skok 2013" in metrics.LTV_CAC_BENCHMARK


def test_the_book_page_shows_every_calculator():
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).resolve().parent.parent / "book" / "metrics.ipynb").read_text(encoding="utf-8"))
    calls = [c["source"] if isinstance(c["source"], str) else "".join(c["source"]) for c in nb["cells"]
             if c["cell_type"] == "code"]
    shown = {re.search(r'show_calculator\("([a-z_]+)"\)', s).group(1) for s in calls if "show_calculator(" in s}
    assert shown == set(CALCULATORS)
