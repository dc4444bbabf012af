"""The patterns, trends and prediction view (no browser): one part or all five in tabs, every part run on the
sample, labelled inputs, bad options and bad uploads answered beside the field with the learner's choices and
the data in use kept, learner notes escaped in the download, and the book's static form."""

from __future__ import annotations

import base64

import ipywidgets as w
import pytest

from widgets.activities.patterns import PARTS, load_patterns_task
from widgets.sample_fern_orders import fern_orders
from widgets.ui.activities.patterns import PatternsView, patterns_static, patterns_view


@pytest.fixture(scope="module")
def task():
    return load_patterns_task("cim-l6-cjo", "fern-patterns")


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def upload(view: PatternsView, content: bytes, name: str = "orders.csv") -> None:
    view._uploaded({"new": ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content)},)})


def test_all_parts_in_tabs_and_one_part_alone(task):
    view = PatternsView(task)
    tabs = [x for x in walk(view.view) if isinstance(x, w.Tab)]
    assert len(tabs) == 1 and len(tabs[0].children) == 5
    assert list(tabs[0].titles) == ["Trend and seasonality", "Preferences by segment", "Correlation is not cause",
                                   "RFM segments", "Predicting repeat purchase"]
    one = PatternsView(task, "rfm")
    assert list(one.parts) == ["rfm"] and not [x for x in walk(one.view) if isinstance(x, w.Tab)]
    with pytest.raises(ValueError, match="not a part"):
        PatternsView(task, "forecast")
    assert isinstance(patterns_view("cim-l6-cjo", "fern-patterns", "trend"), w.VBox)


def test_every_input_is_labelled(task):
    view = PatternsView(task)
    for x in walk(view.view):
        if isinstance(x, (w.Text, w.Textarea, w.Dropdown, w.FileUpload)):
            assert x.description.strip(), type(x).__name__
        if isinstance(x, w.Button):
            assert x.description.strip()


@pytest.mark.parametrize("part", PARTS)
def test_each_part_runs_on_the_sample_and_downloads(task, part):
    view = PatternsView(task, part)
    p = view.parts[part]
    view.prepare(part)
    assert "first" in p.notes_message.value  # nothing to download before running
    p.run.click()
    assert p.message.value == "" and p.result.value and p.chart.outputs
    assert "role='status'" in view.status.value
    p.notes.value = "Peak in <b>December</b> & growth"
    p.prepare.click()
    links = p.downloads.value
    assert f"fern-{part}.csv" in links and f"fern-{part}.html" in links
    page = base64.b64decode(links.split("data:text/html;charset=utf-8;base64,")[1].split('"')[0]).decode()
    assert "Peak in &lt;b&gt;December&lt;/b&gt; &amp; growth" in page and "<b>December" not in page


def test_bad_options_get_a_message_beside_the_part_and_are_kept(task):
    view = PatternsView(task)
    pred = view.parts["prediction"]
    for field, value, words in (("holdout_from", "01/13/2026", "not a date"), ("holdout_from", "2030-01-01",
                                                                                "inside the orders"),
                                ("threshold", "1.5", "between 0.05 and 0.95"), ("threshold", "most", "not a number")):
        pred.options[field].value = value
        pred.run.click()
        assert "role='alert'" in pred.message.value and words in pred.message.value
        assert pred.options[field].value == value  # kept to fix
        pred.options["holdout_from"].value, pred.options["threshold"].value = "2026-01-01", "0.5"
    prefs = view.parts["preferences"]
    prefs.options["min_group"].value = "-3"
    prefs.run.click()
    assert "whole number" in prefs.message.value and prefs.options["min_group"].value == "-3"
    trend = view.parts["trend"]
    trend.notes.value = "x" * 2100
    trend.run.click()
    trend.prepare.click()
    assert "under 2,000 characters" in trend.notes_message.value and trend.notes.value == "x" * 2100


def test_uploads_good_and_bad(task):
    view = PatternsView(task)
    before = view.orders
    for content, name, words in ((b"", "empty.csv", "empty"), (b"PK\x03\x04zip", "x.xlsx", "not a CSV"),
                                 (b"order_date,order_value\n2025-02-30,4\n", "d.csv", "not a date"),
                                 (b"a,b\n1,2\n", "other.csv", "none of the columns"),
                                 (b"x" * 5_000_001, "big.csv", "at most 5 MB")):
        upload(view, content, name)
        assert "role='alert'" in view.upload_message.value and words in view.upload_message.value
        assert "unchanged" in view.upload_message.value and view.orders is before
    small = fern_orders(seed=5, customers=600).to_csv(index=False).encode()
    upload(view, small, "mine.csv")
    assert "your file mine.csv" in view.source_line.value and len(view.orders) < len(before)
    assert "Every part can run" in view.upload_message.value
    view.parts["rfm"].run.click()
    assert view.parts["rfm"].message.value == "" and "RFM segments" in view.parts["rfm"].result.value
    only_dates = b"order_date,order_value\n" + b"".join(f"2025-{m:02d}-10,{m}\n".encode() for m in range(1, 13))
    upload(view, only_dates, "dates.csv")
    assert "cannot run" in view.upload_message.value and "Preferences by segment: needs segment" in \
        view.upload_message.value
    view.parts["preferences"].run.click()
    assert "needs the column" in view.parts["preferences"].message.value
    view.parts["trend"].run.click()
    assert view.parts["trend"].message.value == ""
    view.sample_button.click()
    assert "sample data" in view.source_line.value and len(view.orders) == len(before)


def test_static_form_has_every_part_and_the_live_link():
    html = patterns_static("cim-l6-cjo", "fern-patterns")
    for title in ("Trend and seasonality in monthly orders", "RFM segments", "Predicting repeat purchase within 90"):
        assert title in html
    assert html.count("cx-chart-description") >= 6 and "journey-data-lab.ipynb" in html
    one = patterns_static("cim-l6-cjo", "fern-patterns", "correlation")
    assert "Correlation is not cause" in one and "journey-data-lab.ipynb" in one and "RFM segments" not in one
