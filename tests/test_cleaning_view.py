"""Data-cleaning lab, the live view (no browser): choosing steps, running, uploads, column choices, bad input
answered beside its field with nothing lost, and downloads that are escaped and formula-safe."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from widgets.activities.cleaning import LabChoices, load_cleaning_task, to_json

ROOT = Path(__file__).resolve().parents[1]
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def view():
    from widgets.ui.activities.cleaning import CleaningLabView

    return CleaningLabView.example()


def upload(content: bytes, name: str = "mine.csv") -> tuple[dict, ...]:
    return ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2026, 10, 31, tzinfo=dt.UTC)},)


def files(view) -> dict[str, str]:
    """The prepared downloads: file name → text."""
    out = {}
    for name, data in re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
                                 view.downloads.value):
        out[name] = base64.b64decode(data).decode("utf-8")
    return out


def test_every_step_has_a_labelled_checkbox_and_help(view):
    task = view.task
    assert [b.description for b in view.checks.values()] == [s.label for s in task.steps]
    assert all(not b.value for b in view.checks.values())
    assert "No steps chosen" in view.order.value
    view.checks["exact_duplicates"].value = True
    view.checks["trim_text"].value = True
    order = view.order.value
    assert order.index("Trim") < order.index("exact duplicates")  # shown in the order they run
    text = view.view.children
    assert any("Risk:" in str(getattr(c, "value", "")) for c in text)


def test_run_all_steps_shows_log_figures_and_the_flip(view):
    view.all_steps.click()
    view.run.click()
    assert view.run_message.value == ""
    assert "Cleaning log" in view.log.value and "Before and after" in view.log.value
    assert "changed the answer" in view.log.value and "Paid social" in view.status.value
    assert view.result.after.rows == 4535
    assert view.chart.outputs  # the chart, with its description in the bundle
    assert "Chart" in view.chart.outputs[0]["data"]["text/plain"]


def test_no_steps_runs_and_shows_the_raw_figures(view):
    view.run.click()
    assert "No cleaning steps were chosen" in view.log.value and view.result.after.rows == 5000


def test_bad_mapping_is_answered_beside_it_and_kept(view):
    view.all_steps.click()
    view.mapping.value = "FB = \nSEO = Organic search"
    assert "empty label" in view.mapping_message.value
    view.run.click()
    assert "nothing was run" in view.run_message.value and view.result is None
    assert view.mapping.value == "FB = \nSEO = Organic search"  # kept as typed
    view.mapping.value = "FB Paid social"
    assert "no “=”" in view.mapping_message.value
    view.mapping.value = "FB = Paid social\nTikTok = Paid social"
    assert view.mapping_message.value == ""
    view.run.click()
    assert "TikTok" not in set(view.result.frame["acquisition_channel"])


def test_all_rows_removed_keeps_the_last_result(view):
    view.all_steps.click()
    view.run.click()
    good = view.result
    data = b"acquisition_channel,orders,total_spend\nFB,0,10\nSEO,1,-5\n"
    view.csv_upload.value = upload(data)
    view.set_steps(False)
    view.checks["impossible_values"].value = True
    view.run.click()
    assert "removed every row" in view.run_message.value
    assert view.checks["impossible_values"].value  # the choice is kept
    assert good is not None


BAD_FILES = [
    (b"", "mine.csv", "empty"),
    (b"PK\x03\x04xx", "mine.xlsx", "not a CSV"),
    (b"a,b\n1,2\n", "mine.pdf", "not a CSV"),
    (b"a@x.com,FB,2,100\n", "mine.csv", "no heading row"),
    (b"one\n1\n", "mine.csv", "needs at least"),
    (b"channel,orders,spend\n", "mine.csv", "no rows"),
    (b"channel,orders,channel\nFB,1,2\n", "mine.csv", "same heading"),
    ("date,score\n2026-01-05,9\n".encode("utf-16"), "mine.csv", "needs at least"),
    (b"channel,orders,spend\nFB,1,2,3,4\n", "mine.csv", "could not be read"),
    (b"\x00\x01\x02\x03" * 20, "mine.csv", "not a text file"),
]


@pytest.mark.parametrize(("content", "name", "words"), BAD_FILES)
def test_bad_uploads_get_a_message_beside_the_upload_and_the_data_is_kept(view, content, name, words):
    view.all_steps.click()
    view.notes.value = "My notes"
    view.csv_upload.value = upload(content, name)
    assert words in view.csv_message.value and "unchanged" in view.csv_message.value
    assert view.data is view.sample and view.notes.value == "My notes"
    assert all(b.value for b in view.checks.values())


def test_too_big_upload(view, monkeypatch):
    import widgets.activities.cleaning as model

    monkeypatch.setattr(model, "MAX_UPLOAD_BYTES", 5)
    view.csv_upload.value = upload(b"channel,orders,spend\nFB,1,2\n")
    assert "MB" in view.csv_message.value and view.data is view.sample


def test_upload_columns_guess_fix_and_run(view):
    data = ("Customer ID,E-mail address,Source of customer,Orders,Spend\n1,a@x.com,FB,2,10\n2,A@X.COM,FB,2,10\n"
            "3,b@x.com,SEO,1,5\n").encode("cp1252")
    view.csv_upload.value = upload(data)
    assert "Read mine.csv: 3 rows" in view.csv_message.value
    assert view.columns_box.layout.display is None
    assert view.column_boxes["email"].value == "E-mail address"
    assert view.column_boxes["acquisition_channel"].value == ""  # not recognised: the learner chooses it
    assert "did not recognise a column for Acquisition channel" in view.columns_message.value
    view.all_steps.click()
    view.run.click()
    assert "no column for Acquisition channel" in view.columns_message.value and view.result is None
    view.column_boxes["acquisition_channel"].value = "Source of customer"
    view.column_boxes["orders"].value = "Spend"
    view.column_boxes["total_spend"].value = "Spend"
    view.run.click()
    assert "both" in view.columns_message.value
    view.column_boxes["orders"].value = "Orders"
    view.run.click()
    assert view.columns_message.value == "" and view.result.after.rows == 2  # the two a@x.com merged
    view.use_sample.click()
    assert view.data is view.sample and view.columns_box.layout.display == "none"


def test_downloads_are_escaped_and_formula_safe(view):
    data = "customer_id,first_name,acquisition_channel,orders,total_spend\n=1+1,x,+FB,1,10\n@A1,y,Email,2,20\n"
    view.csv_upload.value = upload(data.encode())
    view.checks["trim_text"].value = True
    view.notes.value = EVIL + "\n=HYPERLINK(\"http://x\")"
    view.run.click()
    view.prepare.click()
    got = files(view)
    assert set(got) == {"clean-customers.csv", "cleaning-log.csv", "cleaning-log.html", "cleaning-choices.json"}
    cells = [c for row in csv.reader(io.StringIO(got["clean-customers.csv"])) for c in row]
    assert "'=1+1" in cells and "'@A1" in cells and "'+FB" in cells
    log_cells = [c for row in csv.reader(io.StringIO(got["cleaning-log.csv"])) for c in row]
    assert not any(c.startswith(("=", "+", "@")) for c in log_cells)
    assert EVIL not in got["cleaning-log.html"] and "&lt;img" in got["cleaning-log.html"]
    assert EVIL not in view.log.value


def test_prepare_before_running_gives_the_choices_file(view):
    view.prepare.click()
    assert set(files(view)) == {"cleaning-choices.json"}
    assert "Run the cleaning" in view.status.value


def test_save_and_reopen_choices(view):
    task = load_cleaning_task("cim-l6-cjo", "fern-cleaning")
    saved = to_json(task, LabChoices(steps=["trim_text", "consent"], options={"consent": "remove"},
                                     mapping={"FB": "Paid social"}, notes="Kept consent out.")).encode()
    view.upload.value = ({"name": "c.json", "type": "application/json", "size": len(saved),
                          "content": memoryview(saved), "last_modified": dt.datetime(2026, 10, 31, tzinfo=dt.UTC)},)
    assert view.checks["trim_text"].value and view.checks["consent"].value
    assert not view.checks["map_channels"].value
    assert view.option_boxes["consent"].value == "remove" and view.notes.value == "Kept consent out."
    assert view.mapping.value == "FB = Paid social" and "Reopened" in view.status.value
    view.upload.value = ({"name": "c.json", "type": "application/json", "size": 2, "content": memoryview(b"{x"),
                          "last_modified": dt.datetime(2026, 10, 31, tzinfo=dt.UTC)},)
    assert "unchanged" in view.upload_message.value and view.notes.value == "Kept consent out."


def test_notes_too_long_are_kept_with_a_message(view):
    view.notes.value = "x" * 5000
    assert "under" in view.notes_message.value and len(view.notes.value) == 5000
    view.notes.value = "short"
    assert view.notes_message.value == ""


def test_static_book_form(monkeypatch):
    from widgets.activities.cleaning import cleaning_lab_html
    from widgets.live import live_link_html

    task = load_cleaning_task("cim-l6-cjo", "fern-cleaning")
    page = cleaning_lab_html(task, live_link_html("journey-data-lab", "Open the live cleaning lab"))
    assert "journey-data-lab" in page and "The raw export (5,000 rows, 13 columns)" in page
    assert "·" in page  # stray spaces made visible in the sample
