"""SERVQUAL analysis tool (CIM L6 2.1): reading and checking a survey, the gaps (worked by hand on a tiny
survey), segments and items, exports, saved notes, the book's static form and the live view (no browser)."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from widgets.activities.servqual import (
    ITEMS,
    MAX_CSV_BYTES,
    ServqualNotes,
    analyse,
    by_segment,
    course_survey,
    dimension_table_html,
    document_html,
    from_json,
    gaps_chart,
    load_servqual_task,
    make_notes,
    read_survey_csv,
    segments_table_html,
    select_segment,
    summary_html,
    to_csv,
    to_json,
)
from widgets.sample_fern_journeys import SURVEY_COLUMNS
from widgets.ui.activities.servqual import ServqualView, servqual_static

EVIL = "<img src=x onerror=alert(1)>"
TASK = load_servqual_task("cim-l6-cjo", "fern-servqual")


def tiny(**changes) -> pd.DataFrame:
    """Two respondents. Every expectation is 6 and every perception 5, except: Reliability perceptions are 3
    (respondent 1) and 4 (respondent 2); Responsiveness perceptions are 6 for both.
    By hand: Reliability gap = mean(3, 4) − 6 = −2.5; Responsiveness 6 − 6 = 0; the other three 5 − 6 = −1.
    Unweighted = (−2.5 + 0 − 1 − 1 − 1) ÷ 5 = −1.1.
    Importance points: respondent 1 gives Reliability 40, Assurance 20, Tangibles 10, Empathy 20,
    Responsiveness 10; respondent 2 gives 20 to each.
    Mean weights: Reliability 30, Assurance 20, Tangibles 15, Empathy 20, Responsiveness 15 (sum 100).
    Weighted = (30 × −2.5 + 20 × −1 + 15 × −1 + 20 × −1 + 15 × 0) ÷ 100 = (−75 − 20 − 15 − 20) ÷ 100 = −1.3."""
    rows = []
    for r, (rel_p, weights) in enumerate(((3, (10, 40, 10, 20, 20)), (4, (20, 20, 20, 20, 20))), start=1):
        row = {"respondent_id": f"S{r}", "date": "2026-09-01", "segment": "A" if r == 1 else "B"}
        for dimension, _n, e, p in ITEMS:
            row[e] = 6
            row[p] = rel_p if dimension == "Reliability" else 6 if dimension == "Responsiveness" else 5
        # importance columns in SURVEY_COLUMNS order: tangibles, reliability, responsiveness, assurance, empathy
        for column, points in zip(SURVEY_COLUMNS[-5:], weights, strict=True):
            row[column] = points
        rows.append(row)
    frame = pd.DataFrame(rows)[SURVEY_COLUMNS]
    for key, value in changes.items():
        frame[key] = value
    return frame


def as_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def upload(content: bytes, name: str = "survey.csv") -> dict:
    return {"new": [{"name": name, "content": content, "size": len(content)}]}


def test_tiny_survey_by_hand():
    analysis = analyse(read_survey_csv(as_csv(tiny())))
    assert analysis.result.by_dimension == pytest.approx({"Reliability": -2.5, "Assurance": -1.0, "Tangibles": -1.0,
                                                          "Empathy": -1.0, "Responsiveness": 0.0})
    assert analysis.result.unweighted == pytest.approx(-1.1)
    assert analysis.weights == {"Reliability": 30, "Assurance": 20, "Tangibles": 15, "Empathy": 20,
                                "Responsiveness": 15}
    assert analysis.result.weighted == pytest.approx(-1.3) and analysis.result.value == pytest.approx(-1.3)
    rel1 = analysis.items_of("Reliability")[0]
    assert (rel1.expectation, rel1.perception, rel1.gap, rel1.answers) == (6, 3.5, -2.5, 2)
    assert analysis.respondents == 2 and analysis.blanks == 0


def test_blanks_are_left_out_and_counted():
    frame = tiny()
    frame["rel1_p"] = frame["rel1_p"].astype(object)
    frame.loc[0, "rel1_p"] = ""
    analysis = analyse(read_survey_csv(as_csv(frame)))
    assert analysis.blanks == 1
    assert analysis.items_of("Reliability")[0].perception == 4  # only respondent 2's answer
    # Reliability perceptions: respondent 1 answered 4 items with 3, respondent 2 five with 4:
    # (4 × 3 + 5 × 4) ÷ 9 = 32 ÷ 9 = 3.556
    assert analysis.result.perceptions["Reliability"] == pytest.approx(32 / 9)


def test_no_importance_columns_gives_the_unweighted_gap_only():
    frame = tiny().drop(columns=SURVEY_COLUMNS[-5:])
    analysis = analyse(read_survey_csv(as_csv(frame)))
    assert analysis.weights is None and analysis.result.weighted is None
    assert analysis.result.value == pytest.approx(-1.1)
    assert "no importance points" in summary_html(analysis)
    assert "Importance" not in dimension_table_html(analysis)
    assert "by importance" not in gaps_chart(analysis).description


def test_course_survey_segments_and_items():
    frame = course_survey(TASK.dataset)
    analysis = analyse(frame)
    assert analysis.result.largest_gap == "Reliability"
    assert max(analysis.result.by_dimension, key=analysis.result.by_dimension.get) == "Responsiveness"
    assert analysis.result.unweighted == pytest.approx(-0.7014, abs=1e-4)
    assert analysis.result.weighted == pytest.approx(-0.841, abs=1e-3)
    rows = by_segment(frame)
    assert [s for s, _n, _a in rows] == ["Gift buyers", "Plant enthusiasts", "Urban renters", "Workplace"]
    assert sum(n for _s, n, _a in rows) == 600
    workplace = dict((s, a) for s, _n, a in rows)["Workplace"]
    assert workplace.result.by_dimension["Reliability"] > analysis.result.by_dimension["Reliability"]
    worst = min(analysis.items, key=lambda i: i.gap)
    assert worst.text == "Fern & Field delivers on the day it promised."
    assert len(analysis.items) == 22 and len(analysis.items_of("Empathy")) == 5


def _broken(column, value, row=0):
    frame = tiny()
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = value
    return as_csv(frame)


BAD_FILES = [
    (_broken("rel1_p", 8), "column rel1_p, row 2: 8 is not on the scale"),
    (_broken("tan2_e", 0, 1), "column tan2_e, row 3: 0 is not on the scale"),
    (_broken("emp1_e", 5.5), "not on the scale"),
    (_broken("ass3_p", "seven"), "“seven” is not a score"),
    (_broken("importance_empathy", -5), "importance points from 0 to 100"),
    (_broken("importance_empathy", "lots"), "importance points"),
    (as_csv(tiny().drop(columns=["emp5_p"])), "missing the item column emp5_p"),
    (as_csv(tiny().drop(columns=[c for c in SURVEY_COLUMNS if c.startswith("rel")])), "and 6 more"),
    (as_csv(tiny().drop(columns=["importance_tangibles"])), "not importance_tangibles"),
    (as_csv(tiny().iloc[:0]), "no respondents"),
    (as_csv(tiny().assign(**{c: "" for _d, _n, e, p in ITEMS for c in (e, p)})), "no answers at all"),
    (b"", "empty"),
    (b"PK\x03\x04workbook", "not a CSV"),
    (b"a,b\n\xff\xfe\xfa,1\n", "not a UTF-8"),
    (b"rel1_e,rel1_e\n1,2\n", "same heading"),
    (b'tan1_e,tan1_p\n"5,1\n', "could not be read|missing"),
]


@pytest.mark.parametrize("content, message", BAD_FILES)
def test_bad_surveys_are_refused_in_words(content, message):
    with pytest.raises(ValueError, match=message):
        read_survey_csv(content, "survey.csv")


def test_too_large_a_file_and_a_dimension_with_no_answers():
    with pytest.raises(ValueError, match="at most 20 MB"):
        read_survey_csv(b"x" * (MAX_CSV_BYTES + 1))
    frame = tiny()
    for _d, _n, e, _p in [i for i in ITEMS if i[0] == "Empathy"]:
        frame[e] = ""
    with pytest.raises(ValueError, match="No expectation scores were given for Empathy"):
        analyse(read_survey_csv(as_csv(frame)))


def test_bad_segment():
    with pytest.raises(ValueError, match="not a segment"):
        select_segment(course_survey(TASK.dataset), "Students")
    with pytest.raises(ValueError, match="no `segment` column"):
        select_segment(read_survey_csv(as_csv(tiny().drop(columns=["segment"]))), "A")


def test_exports_are_safe_and_escaped():
    frame = read_survey_csv(as_csv(tiny(segment=["=SUM(A1)", EVIL])))
    analysis = analyse(frame)
    segments = by_segment(frame)
    rows = list(csv.reader(io.StringIO(to_csv(analysis, segments))))
    assert rows[0][0] == "part" and len(rows) == 1 + 5 + 2 + 22 + 10
    assert all(not cell.startswith("=") for row in rows for cell in row)
    notes = make_notes(TASK, answers=[EVIL], conclusion=EVIL)
    page = document_html(TASK, analysis, notes, segments)
    assert "<img" not in page and "&lt;img" in page
    assert "<img" not in segments_table_html(segments)


def test_notes_save_and_reopen():
    notes = make_notes(TASK, data="fern_servqual.csv", segment="Workplace", answers=["Reliability first."])
    assert from_json(to_json(notes, TASK.id)) == notes
    assert isinstance(from_json(to_json(notes).encode()), ServqualNotes)


@pytest.mark.parametrize("content, message", [
    (b"", "empty"), (b"nope", "not valid JSON"),
    (json.dumps({"kind": "attribution-notes", "schema_version": 1}).encode(), "not saved SERVQUAL notes"),
    (json.dumps({"kind": "servqual-notes", "schema_version": 2}).encode(), "different version"),
    (json.dumps({"kind": "servqual-notes", "schema_version": 1, "answers": "text"}).encode(), "cannot be opened"),
    (json.dumps({"kind": "servqual-notes", "schema_version": 1, "answers": ["x"] * 20}).encode(), "at most 12"),
    (json.dumps({"kind": "servqual-notes", "schema_version": 1, "segment": "x" * 81}).encode(), "80 characters"),
    (b'{"kind": "servqual-notes", "schema_version": 1, "x": NaN}', "NaN"),
])
def test_bad_saved_notes_are_refused_in_words(content, message):
    with pytest.raises(ValueError, match=message):
        from_json(content)


def test_static_form_for_the_book():
    page = servqual_static("cim-l6-cjo", "fern-servqual")
    assert "journey-data-lab.ipynb" in page and "Chart description:" in page
    assert "Reliability: expectation 6.42, perception 4.88, gap −1.53" in page
    assert "−0.70" in page and "−0.84" in page and "Workplace" in page
    assert page.count("<tr>") >= 5 + 4 + 22


# -- the live view ------------------------------------------------------------------------------------------------
def test_view_opens_analysed_and_changes_with_the_segment_and_dimension():
    view = ServqualView.example()
    assert "600 respondents" in view.status.value and view.chart.outputs
    assert "Largest shortfall: <strong>Reliability" in view.summary.value
    view.segment.value = "Workplace"
    assert "Workplace" in view.summary.value and "41 respondents" in view.summary.value
    view.dimension.value = "Empathy"
    assert view.items.value.count("<tr>") == 1 + 5
    view.dimension.value = "All 22 items"
    assert view.items.value.count("<tr>") == 1 + 22


@pytest.mark.parametrize("content, message", [(_broken("rel1_p", 9), "not on the scale"), (b"", "empty"),
                                              (b"a,b\n1,2\n", "missing the item columns"),
                                              (b"%PDF-1.4", "not a CSV")])
def test_view_bad_upload_keeps_the_survey(content, message):
    view = ServqualView.example()
    before = view.summary.value
    view.csv_uploaded(upload(content))
    assert message in view.csv_msg.value and "unchanged" in view.csv_msg.value
    assert view.summary.value == before and view.source == "fern_servqual.csv"


def test_view_upload_too_big_and_good_upload_and_back():
    view = ServqualView.example()
    view.csv_uploaded({"new": [{"name": "big.csv", "content": b"x", "size": MAX_CSV_BYTES + 1}]})
    assert "can be at most 20 MB" in view.csv_msg.value
    view.csv_uploaded(upload(as_csv(tiny())))
    assert view.csv_msg.value == "" and view.source == "survey.csv"
    assert "−1.30" in view.summary.value and list(view.segment.options) == ["All respondents", "A", "B"]
    view.course_data.click()
    assert view.source == "fern_servqual.csv" and "600 respondents" in view.summary.value


def test_view_downloads_reopen_and_long_answer():
    view = ServqualView.example()
    view.answers[0].value = EVIL
    view.segment.value = "Gift buyers"
    view.prepare.click()
    assert "servqual-gaps.csv" in view.downloads.value and "<img" not in view.downloads.value
    saved = to_json(view.notes(), TASK.id).encode()
    other = ServqualView.example()
    other.uploaded(upload(saved, "notes.json"))
    assert other.answers[0].value == EVIL and other.segment.value == "Gift buyers"
    other.uploaded(upload(b"[]", "notes.json"))
    assert "not saved SERVQUAL notes" in other.upload_message.value
    other.answers[1].value = "z" * 2100
    other.prepare.click()
    assert "2000" in other.notes_msg.value and other.answers[1].value == "z" * 2100
