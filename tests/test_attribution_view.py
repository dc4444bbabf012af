"""Marketing attribution tool (CIM L6 1.3): reading and checking paths, the five-model comparison, exports,
saved notes, the book's static form and the live view (no browser)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest

from widgets.activities.attribution import (
    MAX_CSV_BYTES,
    AttributionNotes,
    check_paths,
    compare_models,
    comparison_chart,
    comparison_table_html,
    course_paths,
    document_html,
    from_json,
    load_attribution_task,
    make_notes,
    read_half_life,
    read_paths_csv,
    select_paths,
    split_touchpoints,
    to_csv,
    to_json,
)
from widgets.ui.activities.attribution import AttributionView, attribution_static

EVIL = "<img src=x onerror=alert(1)>"
TASK = load_attribution_task("cim-l6-cjo", "fern-attribution")
GOOD = b"touchpoints,conversions,segment,first_touch_date\nPaid social > Email,1,A,2026-01-05\nEmail,2,B,2026-02-01\n"


def upload(content: bytes, name: str = "paths.csv") -> dict:
    return {"new": [{"name": name, "content": content, "size": len(content)}]}


def test_task_file_and_split():
    assert TASK.dataset == "fern_paths" and TASK.criteria == ["cim-l6-cjo:1.3"] and len(TASK.questions) == 5
    assert split_touchpoints("Paid social >Email>  Direct ") == ("Paid social", "Email", "Direct")


def test_small_upload_compared_by_hand():
    # Paid social > Email (1): first → Paid social 1, last → Email 1, linear ½ each, position-based ½ each,
    # time decay (half-life 1) 1/3 and 2/3. Email (2): Email 2 under every model. Total 3 conversions.
    frame = read_paths_csv(GOOD, "paths.csv")
    c = compare_models(frame, 1.0)
    assert c.credit("first_touch", "Paid social") == 1 and c.credit("last_touch", "Email") == 3
    assert c.credit("linear", "Email") == pytest.approx(2.5)
    assert c.credit("time_decay", "Paid social") == pytest.approx(1 / 3)
    assert c.share("first_touch", "Email") == pytest.approx(200 / 3)
    assert c.spread("Paid social") == pytest.approx(100 / 3)  # first touch 33.3 % − last touch 0 %
    assert c.conversions == 3 and c.paths == 2


def test_course_comparison_and_filters():
    frame = course_paths(TASK.dataset)
    c = compare_models(frame, TASK.half_life)
    assert c.channels[0] == "Paid social"  # most first-touch credit
    assert c.spread("Paid social") == pytest.approx(28.1, abs=0.05)
    for model in c.results:
        assert sum(c.results[model].by_channel.values()) == pytest.approx(c.conversions)
    gifts = select_paths(frame, "Gift buyers")
    assert set(gifts["segment"]) == {"Gift buyers"}
    spring = select_paths(frame, "", dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert spring["first_touch_date"].map(lambda d: d.month == 3).all()
    longer = compare_models(frame, 4.0)
    assert longer.share("time_decay", "Paid social") > c.share("time_decay", "Paid social")


BAD_FILES = [
    (b"touches,conversions\nEmail,1\n", "no `touchpoints`"),
    (b"touchpoints,orders\nEmail,1\n", "no `conversions`"),
    (b"touchpoints,conversions\n,1\n", "row 2: the path has no touchpoints"),
    (b"touchpoints,conversions\nEmail > > Direct,1\n", "empty step"),
    (b"touchpoints,conversions\nEmail >,1\n", "empty step"),
    (b"touchpoints,conversions\nEmail,1\nDirect,one\n", "row 3: the conversions “one” is not a number"),
    (b"touchpoints,conversions\nEmail,-2\n", "cannot be negative"),
    (b"touchpoints,conversions\nEmail,inf\n", "not a number"),
    (b"touchpoints,conversions\nEmail,5000000\n", "not realistic"),
    (b"touchpoints,conversions\nEmail,0\nDirect,0\n", "nothing to credit"),
    (b"touchpoints,conversions\n", "no paths"),
    (b"touchpoints,conversions,conversions\nEmail,1,1\n", "same heading"),
    (b"touchpoints,conversions,first_touch_date\nEmail,1,14/03/2026\n", "not a date like 2026-03-14"),
    (("touchpoints,conversions\n" + "x" * 80 + ",1\n").encode(), "longer than 60"),
    (("touchpoints,conversions\n" + "".join(f"Channel {i},1\n" for i in range(50))).encode(), "50 different"),
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"PK\x03\x04rest of a workbook", "not a CSV"),
    (b"%PDF-1.4", "not a CSV"),
    (b"touchpoints,conversions\n\xff\xfe\xfaEmail,1\n", "not a UTF-8"),
    (b"touchpoints,conversions\nEmail\x00,1\n", "not a text CSV"),
    (b'touchpoints,conversions\n"Email,1\n', "could not be read"),
]


@pytest.mark.parametrize("content, message", BAD_FILES)
def test_bad_paths_files_are_refused_in_words(content, message):
    with pytest.raises(ValueError, match=message):
        read_paths_csv(content, "paths.csv")


def test_too_large_a_file_is_refused_before_reading():
    with pytest.raises(ValueError, match="at most 20 MB"):
        read_paths_csv(b"x" * (MAX_CSV_BYTES + 1))


@pytest.mark.parametrize("text, message", [("0", "more than 0"), ("-1", "more than 0"), ("abc", "not a number"),
                                           ("", "enter a number"), ("1e400", "too large"), ("51", "at most 50"),
                                           ("nan", "not a number")])
def test_bad_half_lives(text, message):
    with pytest.raises(ValueError, match=message):
        read_half_life(text)


def test_bad_selections():
    frame = course_paths(TASK.dataset)
    with pytest.raises(ValueError, match="not a segment"):
        select_paths(frame, "Students")
    with pytest.raises(ValueError, match="after the end date"):
        select_paths(frame, "", dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    with pytest.raises(ValueError, match="No converting paths match"):
        select_paths(frame, "", dt.date(2025, 1, 1), dt.date(2025, 2, 1))
    bare = check_paths(pd.DataFrame({"touchpoints": ["Email"], "conversions": [1]}))
    with pytest.raises(ValueError, match="no `segment` column"):
        select_paths(bare, "Workplace")
    with pytest.raises(ValueError, match="no `first_touch_date` column"):
        select_paths(bare, "", dt.date(2026, 1, 1))


def test_exports_are_safe_and_escaped():
    content = b'touchpoints,conversions\n<svg onload=alert(1) > =HYPERLINK("x"),1\n'
    frame = read_paths_csv(content, "evil.csv")
    c = compare_models(frame, 1.0, "evil.csv")
    rows = list(csv.reader(io.StringIO(to_csv(c))))
    assert rows[0][0] == "channel" and len(rows) == 3
    assert all(not cell.startswith("=") for row in rows for cell in row)
    notes = make_notes(TASK, answers=[EVIL], conclusion=EVIL)
    for page in (comparison_table_html(c), document_html(TASK, c, notes)):
        assert "<img" not in page and "<svg" not in page and "&lt;svg onload" in page
    assert "&lt;img" in document_html(TASK, c, notes)
    assert "<svg" not in comparison_table_html(c) and "<svg onload" not in comparison_chart(c).to_html()


def test_notes_save_and_reopen():
    notes = make_notes(TASK, data="fern_paths.csv", half_life=2, segment="Workplace", start=dt.date(2026, 2, 1),
                       answers=["Paid social opens journeys."], conclusion="Test before cutting.")
    again = from_json(to_json(notes, TASK.id).encode())
    assert again == notes and isinstance(again, AttributionNotes)


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"not json", "not valid JSON"),
    (b"[1, 2]", "not saved attribution notes"),
    (json.dumps({"kind": "persona", "schema_version": 1}).encode(), "not saved attribution notes"),
    (json.dumps({"kind": "attribution-notes", "schema_version": 9}).encode(), "different version"),
    (json.dumps({"kind": "attribution-notes", "schema_version": 1, "half_life": 0}).encode(), "Half-life"),
    (json.dumps({"kind": "attribution-notes", "schema_version": 1, "answers": ["x" * 3000]}).encode(), "2000"),
    (json.dumps({"kind": "attribution-notes", "schema_version": 1, "start": "yesterday"}).encode(), "date"),
    (json.dumps({"kind": "attribution-notes", "schema_version": 1, "extra": 1}).encode(), "cannot be opened"),
    (b"{" * 50, "nested"),
    (b"x" * 1_000_001, "1 MB"),
])
def test_bad_saved_notes_are_refused_in_words(content, message):
    with pytest.raises(ValueError, match=message):
        from_json(content)


def test_static_form_for_the_book():
    page = attribution_static("cim-l6-cjo", "fern-attribution")
    assert "journey-data-lab.ipynb" in page and "Chart description:" in page
    assert "Paid social: first touch 32.7%, last touch 4.5%" in page
    assert page.count("<li>") >= 10  # five rules and five questions
    assert "Fern &amp; Field" in page


# -- the live view --------------------------------------------------------------------------------------------
def messages(view: AttributionView) -> str:
    return " ".join(box.value for box in (view.settings_msg, view.csv_msg, view.notes_msg, view.upload_message,
                                          view.error))


def test_view_compares_on_opening_and_on_change():
    view = AttributionView.example()
    assert "8,000 paths" in view.status.value and "Paid social" in view.table.value
    assert view.chart.outputs
    view.segment.value = "Workplace"
    view.run.click()
    assert "segment Workplace" in view.table.value
    view.half_life.value = "3"
    assert "half-life 3 touches" in view.table.value


@pytest.mark.parametrize("value, message", [("0", "more than 0"), ("two", "not a number"), ("", "enter a number"),
                                            ("99", "at most 50")])
def test_view_bad_half_life_keeps_the_comparison_and_the_text(value, message):
    view = AttributionView.example()
    before = view.table.value
    view.half_life.value = value
    assert message in view.settings_msg.value and view.half_life.value == value and view.table.value == before


def test_view_bad_dates_and_empty_selection():
    view = AttributionView.example()
    view.start.value, view.end.value = dt.date(2026, 6, 1), dt.date(2026, 5, 1)
    view.run.click()
    assert "after the end date" in view.settings_msg.value
    view.start.value, view.end.value = dt.date(2025, 1, 1), dt.date(2025, 1, 31)
    view.run.click()
    assert "No converting paths match" in view.settings_msg.value
    view.start.value = view.end.value = None
    view.run.click()
    assert view.settings_msg.value == ""


@pytest.mark.parametrize("content, message", [(b"a,b\n1,2\n", "no `touchpoints`"), (b"", "empty"),
                                              (b"PK\x03\x04", "not a CSV"),
                                              (b"touchpoints,conversions\nEmail,-1\n", "negative")])
def test_view_bad_upload_keeps_the_data(content, message):
    view = AttributionView.example()
    before = view.table.value
    view.csv_uploaded(upload(content))
    assert message in view.csv_msg.value and "unchanged" in view.csv_msg.value
    assert view.table.value == before and view.source == "fern_paths.csv"


def test_view_upload_too_big_is_refused_by_size():
    view = AttributionView.example()
    view.csv_uploaded({"new": [{"name": "big.csv", "content": b"x", "size": MAX_CSV_BYTES + 1}]})
    assert "can be at most 20 MB" in view.csv_msg.value


def test_view_upload_then_course_data_again():
    view = AttributionView.example()
    view.csv_uploaded(upload(GOOD))
    assert view.source == "paths.csv" and "2 converting paths" in view.data_note.value
    assert list(view.segment.options) == ["All segments", "A", "B"]
    view.course_data.click()
    assert view.source == "fern_paths.csv" and "8,000" in view.data_note.value


def test_view_downloads_and_reopen():
    view = AttributionView.example()
    view.answers[0].value = EVIL
    view.conclusion.value = "Keep paid social while testing."
    view.prepare.click()
    links = view.downloads.value
    assert "attribution-comparison.csv" in links and "attribution-notes.json" in links and "<img" not in links
    saved = to_json(view.notes(), TASK.id).encode()
    other = AttributionView.example()
    other.half_life.value = "2"
    other.uploaded(upload(saved, "notes.json"))
    assert other.answers[0].value == EVIL and other.half_life.value == "1"
    assert "Reopened" in other.status.value
    other.uploaded(upload(b"{not json", "notes.json"))
    assert "not valid JSON" in other.upload_message.value and other.answers[0].value == EVIL


def test_view_too_long_answer_is_refused_and_kept():
    view = AttributionView.example()
    view.answers[2].value = "y" * 2500
    view.prepare.click()
    assert "2000" in view.notes_msg.value and view.answers[2].value == "y" * 2500 and view.downloads.value == ""
