"""The workbench view without a browser: loading, bad uploads keep the previous state, mapping."""

from __future__ import annotations

import pytest

from widgets.ui.workbench import Workbench

BAD_UPLOADS = [
    (b"", "empty.csv", "is empty"),
    (b"a\n" + b"1\n" * 2_600_000, "big.csv", "limit is 5 MB"),
    (b"PK\x03\x04zip", "scores.xlsx", "not a CSV"),
    (b"score,month\n", "headings.csv", "no rows"),
]


@pytest.fixture(scope="module")
def bench():
    return Workbench()


def test_starts_with_the_hotel_survey(bench):
    assert bench.source_name.startswith("hotel_survey.csv")
    assert "6,000 answers" in bench.summary.value and len(bench.chart.outputs) == 1
    assert "download=\"nps-by-segment-month.csv\"" in bench.download.value


@pytest.mark.parametrize("content, name, message", BAD_UPLOADS)
def test_bad_upload_shows_a_message_and_keeps_the_previous_state(bench, content, name, message):
    bench.load_sample("hotel_survey")
    before = (bench.frame, bench.summary.value, bench.table.value, bench.download.value)
    assert bench.load_bytes(content, name) is False
    assert message in bench.upload_message.value and "role='alert'" in bench.upload_message.value
    assert (bench.frame, bench.summary.value, bench.table.value, bench.download.value) == before


def test_upload_with_bom_and_semicolons_is_used_and_the_notes_shown():
    bench = Workbench()
    content = "\ufeffLikelihood to recommend;Month;Store\n10;2025-01;Leeds\n3;2025-01;York\n9;2025-02;Leeds\n"
    assert bench.load_bytes(content.encode("utf-8"), "stores.csv") is True
    assert "byte-order mark" in bench.data_status.value and "semicolons" in bench.data_status.value
    assert bench.analysis_picker.value == "survey"
    assert bench.mapping["score"].value == "Likelihood to recommend" and bench.mapping["segment"].value == "Store"
    assert "3 answers" in bench.summary.value


def test_non_numeric_value_message_sits_by_the_mapping_and_results_stay():
    bench = Workbench()
    assert bench.load_bytes(b"nps,month\n10,2025-01\n9,2025-01\n", "ok.csv")
    summary = bench.summary.value
    assert bench.load_bytes(b"nps,month\n10,2025-01\nnine,2025-01\n", "bad.csv")  # the file itself reads
    assert "“nine” in row 3, which is not a number" in bench.mapping_message.value
    assert bench.summary.value == summary  # previous results stay until the data can be used


def test_missing_needed_column_is_explained():
    bench = Workbench()
    assert bench.load_bytes(b"colour,size\nred,3\n", "other.csv")
    assert "Choose the column that holds: Likelihood to recommend (0–10)" in bench.mapping_message.value
    bench.mapping["score"].value = "size"
    assert "Choose the column that holds: Date or month" in bench.mapping_message.value


def test_uploaded_names_are_escaped():
    bench = Workbench()
    bench.load_bytes(b"<b>score</b>,month\n10,2025-01\n", "<i>x</i>.csv")
    assert "<b>score" not in bench.data_status.value and "&lt;b&gt;score" in bench.data_status.value
    assert "<i>x" not in bench.data_status.value


def test_switching_analysis_remaps_and_runs():
    bench = Workbench()
    bench.load_sample("shop_sessions")
    assert bench.analysis_picker.value == "funnel"
    assert "added_to_cart" in bench.summary.value
    bench.mapping["segment"].value = "device"
    assert "Mobile" in bench.table.value
