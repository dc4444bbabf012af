"""The workbench's pure logic: CSV edge cases, column mapping, group-wise metrics that agree with
widgets.metrics, charts that aggregate first, and safe CSV export."""

from __future__ import annotations

import base64
import io

import numpy as np
import pandas as pd
import pytest

from tests.readable import assert_readable
from widgets import metrics, workbench
from widgets.sample_data import DATASETS, hotel_survey, shop_sessions
from widgets.workbench import (
    ANALYSES,
    MAX_CHART_ROWS,
    SAMPLE_ANALYSIS,
    guess_mapping,
    load_sample,
    read_csv_bytes,
    run_analysis,
    survey_by_group,
)

GOOD = b"score,month,segment\n10,2025-01,A\n6,2025-01,B\n9,2025-02,A\n"


# -- reading uploads --------------------------------------------------------------------------------

def test_reads_a_plain_csv():
    table = read_csv_bytes(GOOD, "survey.csv")
    assert list(table.frame.columns) == ["score", "month", "segment"] and len(table.frame) == 3
    assert table.notes == ()


def test_bom_is_removed_and_said():
    table = read_csv_bytes(b"\xef\xbb\xbf" + GOOD, "excel.csv")
    assert table.frame.columns[0] == "score"  # not "\ufeffscore"
    assert any("byte-order mark" in n for n in table.notes)


def test_semicolons_and_decimal_commas():
    table = read_csv_bytes(b"value;segment\n4,5;A\n3,0;B\n", "europe.csv")
    assert table.frame["value"].tolist() == [4.5, 3.0]
    assert any("semicolons" in n for n in table.notes)


@pytest.mark.parametrize("content, name, message", [
    (b"", "empty.csv", "is empty"),
    (b"   \n\n", "blank.csv", "is empty"),
    (b"\xef\xbb\xbf", "bom-only.csv", "is empty"),
    (b"score,month\n", "headings.csv", "no rows"),
    (b"PK\x03\x04rest-of-zip", "book.xlsx", "not a CSV"),
    (b"%PDF-1.7", "report.csv", "PDF"),
    (b"a,b\n1,2\n", "notes.docx", "not a CSV"),
    (b"a,b\n1,2,3,4\n", "ragged.csv", "line 2 has a different number of values"),
    (b"a,b\n1,2\n1,2,3\n", "ragged2.csv", "line 3 has 3 values, not 2"),
    (b"a,a\n1,2\n", "dup.csv", "same heading"),
    (b"a,\n1,2\n", "noname.csv", "without a heading"),
])
def test_bad_uploads_get_a_clear_message(content, name, message):
    with pytest.raises(ValueError, match=message):
        read_csv_bytes(content, name)


def test_too_large_states_the_limit(monkeypatch):
    big = b"a\n" + b"1\n" * (workbench.MAX_UPLOAD_BYTES // 2 + 10)
    with pytest.raises(ValueError, match="the limit is 5 MB"):
        read_csv_bytes(big, "big.csv")


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(workbench, "MAX_ROWS", 2)
    with pytest.raises(ValueError, match="takes up to 2"):
        read_csv_bytes(GOOD, "rows.csv")


def test_windows_1252_text_is_read_with_a_note():
    table = read_csv_bytes("segment,score\nCafé,9\n".encode("cp1252"), "latin.csv")
    assert table.frame["segment"][0] == "Café" and any("Windows" in n for n in table.notes)


# -- mapping and validation -------------------------------------------------------------------------

SURVEY_MAPPING = {"score": "nps_score", "period": "date", "segment": "segment"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_is_read_with_a_note(encoding):
    """Excel's “Unicode Text” is UTF-16 (with a byte-order mark, tab-separated); it was called "not a CSV"."""
    content = "date\tnps_score\tsegment\n2026-01-05\t9\tCafé\n2026-02-06\t3\tb\n".encode(encoding)
    table = read_csv_bytes(content, "unicode text.txt")
    assert list(table.frame.columns) == ["date", "nps_score", "segment"] and table.frame["segment"][0] == "Café"
    label = "UTF-32" if "32" in encoding else "UTF-16"
    assert any(label in note for note in table.notes)
    assert run_analysis(table.frame, "survey", SURVEY_MAPPING).table["responses"].sum() == 2


def test_utf16_that_cannot_be_decoded_says_what_to_do():
    with pytest.raises(ValueError) as info:
        read_csv_bytes(b"\xff\xfe" + b"\x00\xd8" * 20, "broken.csv")  # a byte-order mark, then lone surrogates
    assert_readable(str(info.value), "UTF-16", "CSV UTF-8")


def test_mixed_time_zones_are_read_as_utc_with_a_note():
    mixed = (b"date,nps_score,segment\n2026-01-05T10:00:00+00:00,9,a\n2026-01-06T10:00:00+05:00,3,b\n"
             b"2026-01-07,7,a\n")
    result = run_analysis(read_csv_bytes(mixed).frame, "survey", SURVEY_MAPPING)
    assert result.table["responses"].sum() == 3
    assert any("converted to UTC" in line for line in result.summary)
    # durations across zones, by hand: 10:00 UTC to 12:00+01:00 (11:00 UTC) is 1 hour; a time without a zone in
    # a column with zones is taken as UTC: 10:00 to 10:00 the next day is 24 hours; 10:00Z to 18:30 +0530
    # (13:00 UTC) is 3 hours. Mean (1 + 24 + 3) / 3.
    complaints = (b"opened,resolved\n2026-01-05T10:00:00+00:00,2026-01-05T12:00:00+01:00\n"
                  b"2026-01-05 10:00,2026-01-06 10:00\n2026-01-05T10:00:00Z,2026-01-05 18:30 +0530\n")
    result = run_analysis(read_csv_bytes(complaints).frame, "complaints", {"opened": "opened", "resolved": "resolved"})
    assert result.table["mean_resolution_hours"][0] == pytest.approx(28 / 3)
    cohort = b"customer,date\nc1,2026-01-05T23:30:00-02:00\nc1,2026-02-01T10:00:00+00:00\nc2,2026-01-31\n"
    result = run_analysis(read_csv_bytes(cohort).frame, "cohort", {"customer": "customer", "date": "date"})
    assert list(result.table["cohort"]) == ["2026-01", "2026-01"]  # 23:30 at −02:00 is 01:30 UTC on 6 January


@pytest.mark.parametrize("date", ["1600-01-05", "05/01/1600", "1677-01-01", "2263-01-01", "20000-01-01"])
def test_dates_pandas_cannot_hold_say_the_range_not_not_a_date(date):
    frame = read_csv_bytes(f"date,nps_score\n2026-01-05,9\n{date},3\n".encode()).frame
    with pytest.raises(ValueError) as info:
        run_analysis(frame, "survey", {"score": "nps_score", "period": "date"})
    message = str(info.value)
    assert_readable(message, "row 3", "1677", "2262", "check the year")
    assert "not a date" not in message


@pytest.mark.parametrize("cell", ["1e400", "-1e400", "9" * 400, "9" * 5000, "inf"])
def test_a_number_too_large_to_use_is_called_that(cell):
    frame = read_csv_bytes(f"customer,date,value\nc1,2026-01-05,{cell}\nc2,2026-01-06,5\n".encode()).frame
    with pytest.raises(ValueError) as info:
        run_analysis(frame, "cohort", {"customer": "customer", "date": "date", "value": "value"})
    assert_readable(str(info.value), "row 2", "from 0 to 1,000,000,000")
    assert "not a number" not in str(info.value)


def test_too_many_columns_are_refused_before_parsing():
    import time

    header = ",".join(f"c{i}" for i in range(300_000)).encode()
    start = time.perf_counter()
    with pytest.raises(ValueError) as info:
        read_csv_bytes(header[: workbench.MAX_UPLOAD_BYTES - 10] + b"\n1\n", "wide.csv")
    assert time.perf_counter() - start < 2
    assert_readable(str(info.value), f"up to {workbench.MAX_COLUMNS}")


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_sample_is_guessed_and_runs(name):
    frame = load_sample(name)
    analysis = SAMPLE_ANALYSIS[name]
    mapping = guess_mapping(list(frame.columns), analysis)
    required = [r.key for r in ANALYSES[analysis].roles if r.required]
    assert all(mapping[k] for k in required), mapping
    result = run_analysis(frame, analysis, mapping)
    assert len(result.table) > 0 and result.summary and result.charts


def test_missing_required_column_is_explained():
    frame = read_csv_bytes(GOOD).frame
    with pytest.raises(ValueError, match="Choose the column that holds: Date or month"):
        run_analysis(frame, "survey", {"score": "score", "period": None})
    with pytest.raises(ValueError, match="no column called"):
        run_analysis(frame, "survey", {"score": "nps", "period": "month"})
    with pytest.raises(ValueError, match="same column"):
        run_analysis(frame, "survey", {"score": "score", "period": "month", "segment": "month"})


def test_non_numeric_score_names_the_cell():
    frame = read_csv_bytes(b"score,month\n10,2025-01\nten,2025-01\n").frame
    with pytest.raises(ValueError, match=r"“ten” in row 3, which is not a number"):
        run_analysis(frame, "survey", {"score": "score", "period": "month"})


def test_out_of_range_score_names_the_cell():
    frame = read_csv_bytes(b"score,month\n10,2025-01\n11,2025-01\n").frame
    with pytest.raises(ValueError, match="row 3; it should hold whole numbers from 0 to 10"):
        run_analysis(frame, "survey", {"score": "score", "period": "month"})


def test_bad_date_and_too_many_groups():
    frame = read_csv_bytes(b"score,when\n10,2025-01-03\n9,soon\n").frame
    with pytest.raises(ValueError, match="not a date"):
        run_analysis(frame, "survey", {"score": "score", "period": "when"})
    many = pd.DataFrame({"score": [9] * 30, "month": ["2025-01"] * 30, "id": [f"x{i}" for i in range(30)]})
    with pytest.raises(ValueError, match="at most 20 groups"):
        run_analysis(many, "survey", {"score": "score", "period": "month", "segment": "id"})


def test_uk_dates_become_months():
    frame = read_csv_bytes(b"score,when\n10,31/01/2025\n0,01/02/2025\n").frame
    table = run_analysis(frame, "survey", {"score": "score", "period": "when"}).table
    assert table["month"].tolist() == ["2025-01", "2025-02"]


def test_funnel_flags_must_be_yes_no():
    frame = pd.DataFrame({"cart": ["yes", "maybe"]})
    with pytest.raises(ValueError, match="“maybe” in row 3"):
        run_analysis(frame, "funnel", {"step2": "cart"})


def test_complaint_resolved_before_opened():
    frame = pd.DataFrame({"opened": ["2025-01-02 10:00"], "resolved": ["2025-01-01 10:00"]})
    with pytest.raises(ValueError, match="resolved before it was opened"):
        run_analysis(frame, "complaints", {"opened": "opened", "resolved": "resolved"})


# -- group-wise results agree with the scalar formulas ----------------------------------------------

def test_survey_groups_match_metrics_functions():
    frame = hotel_survey(3000, seed=7)
    table = survey_by_group(frame, "nps_score", "month", "segment", "csat_score")
    for _, row in table.sample(8, random_state=1).iterrows():
        rows = frame[(frame["segment"] == row["segment"]) & (frame["month"] == row["month"])]
        nps = metrics.net_promoter_score(rows["nps_score"].tolist())
        assert row["nps"] == pytest.approx(nps.value)
        assert (row["nps_low"], row["nps_high"]) == pytest.approx(nps.interval)
        c = metrics.csat(rows["csat_score"].tolist())
        assert row["csat"] == pytest.approx(c.value)
        assert (row["csat_low"], row["csat_high"]) == pytest.approx(c.interval)


def test_blank_scores_are_left_out():
    frame = read_csv_bytes(b"score,month\n10,2025-01\n,2025-01\n0,2025-01\n").frame
    result = run_analysis(frame, "survey", {"score": "score", "period": "month"})
    assert result.table["responses"].tolist() == [2] and result.table["nps"].tolist() == [0.0]
    assert any("1 rows had no" in s for s in result.summary)


def test_funnel_counts_by_hand():
    # 4 rows: cart 1,1,1,0; bought 1,0,1,1 -> a row counts as bought only after the cart step: 2.
    # Abandonment cart -> bought: (3 - 2) / 3 = 33.3 %.
    frame = pd.DataFrame({"cart": [1, 1, 1, 0], "bought": [1, 0, 1, 1]})
    table = run_analysis(frame, "funnel", {"step2": "cart", "step3": "bought"}).table
    assert table["count"].tolist() == [4, 3, 2]
    assert table["abandonment_from_previous"].tolist() == pytest.approx([0.0, 25.0, 100 / 3])


def test_cohort_by_hand():
    # Customer a: Jan, Feb, Apr; b: Jan; c: Feb, Mar. Jan cohort (a, b) size 2: month 1 -> a (50 %),
    # month 3 -> a (50 %). Feb cohort (c): month 1 -> 100 %. Repeat purchasers a, c = 2 of 3 = 66.7 %.
    frame = pd.DataFrame({"customer": ["a", "a", "a", "b", "c", "c"],
                          "date": ["2025-01-05", "2025-02-05", "2025-04-01", "2025-01-09", "2025-02-02", "2025-03-30"],
                          "value": [10, 20, 30, 40, 50, 60]})
    result = run_analysis(frame, "cohort", {"customer": "customer", "date": "date", "value": "value"})
    t = result.table.set_index(["cohort", "months_since_first"])["retention"]
    assert t[("2025-01", 1)] == 50 and t[("2025-01", 3)] == 50 and t[("2025-02", 1)] == 100
    assert "66.7% bought more than once" in result.summary[0]
    assert "Average order value £35.00" in result.summary[1]  # 210 / 6


def test_charts_never_send_more_than_the_limit():
    big = shop_sessions(60_000, seed=3)
    result = run_analysis(big, "funnel", guess_mapping(list(big.columns), "funnel"))
    survey = hotel_survey(100_000, seed=3, comments=False)
    result2 = run_analysis(survey, "survey", guess_mapping(list(survey.columns), "survey"))
    for chart in (*result.charts, *result2.charts):
        rows = sum(len(v) for v in chart.spec.get("datasets", {}).values())
        assert 0 < rows <= MAX_CHART_ROWS
    with pytest.raises(ValueError, match="limit is 5,000"):
        workbench.check_chart_rows(pd.DataFrame({"x": np.arange(MAX_CHART_ROWS + 1)}))


# -- export -----------------------------------------------------------------------------------------

def test_download_link_is_a_data_uri_with_safe_cells():
    table = pd.DataFrame({"segment": ["=HYPERLINK(\"http://x\")", "Leisure"], "nps": [10.12345, -5.0]})
    link = workbench.download_link_html(table, "nps by month.csv")
    assert 'download="nps-by-month.csv"' in link
    payload = link.split("base64,", 1)[1].split('"', 1)[0]
    back = pd.read_csv(io.StringIO(base64.b64decode(payload).decode()))
    assert back["segment"][0].startswith("'=")  # no formula injection when opened in a spreadsheet
    assert back["nps"].tolist() == [10.123, -5.0]
    assert "<script" not in link


def test_segments_are_tidied_and_blanks_grouped():
    frame = pd.DataFrame({"score": [10, 9, 0, 5], "month": ["2025-01"] * 4, "seg": [" Leeds", "Leeds", None, "York"]})
    table = survey_by_group(frame, "score", "month", "seg")
    assert table["segment"].tolist() == ["(blank)", "Leeds", "York"]
    assert table["responses"].tolist() == [1, 2, 1] and table["nps"].tolist() == [-100.0, 100.0, -100.0]
