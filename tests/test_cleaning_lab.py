"""Data-cleaning lab (CIM Level 6, criterion 1.3): the messy Fern & Field export is reproducible and its planted
problems are counted; each cleaning step finds exactly what was planted; cleaning flips the headline insight;
uploads and bad input are answered in words (no browser, no widgets)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from widgets.activities.cleaning import (
    STEP_KEYS,
    LabChoices,
    check_mapping,
    clean,
    clean_csv,
    cleaning_lab_html,
    email_key,
    from_json,
    load_cleaning_task,
    log_csv,
    log_html_document,
    parse_dates,
    parse_mapping_text,
    prepare,
    read_upload,
    to_json,
)
from widgets.sample_fern_customers import (
    COLUMNS,
    EXPORT_DATE,
    RAW_ROWS,
    fern_customers_planted,
    fern_customers_raw,
)

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "datasets" / "fern_customers_raw.csv"
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def task():
    return load_cleaning_task("cim-l6-cjo", "fern-cleaning")


@pytest.fixture(scope="module")
def planted():
    return fern_customers_planted()


@pytest.fixture(scope="module")
def worked(task):
    return clean(task.raw_frame(), STEP_KEYS, task=task)


# -- the data set -------------------------------------------------------------------------------------------------
def test_the_committed_csv_is_what_the_generator_makes():
    committed = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    made = fern_customers_raw()
    assert list(committed.columns) == COLUMNS
    assert len(committed) == RAW_ROWS == 5000
    pd.testing.assert_frame_equal(committed, made)
    text = made.to_csv(index=False, lineterminator="\n")
    assert CSV.read_text(encoding="utf-8") == text


def test_the_generator_is_reproducible_and_the_seed_matters():
    a, b = fern_customers_raw(seed=7), fern_customers_raw(seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(fern_customers_raw(seed=8))
    assert fern_customers_planted(seed=7) == fern_customers_planted(seed=7)


def test_planted_counts_as_documented(planted):
    # the numbers data/datasets/README.md states
    expected = {"exact_duplicates": 120, "near_duplicates": 280, "negative_spend": 12, "impossible_age": 18,
                "future_date": 15, "orders_zero_spend": 20, "missing_channel": 80, "missing_spend": 20,
                "missing_email": 40, "missing_age": 150, "missing_segment": 30, "missing_postcode": 25,
                "unreadable_dates": 24, "messy_names": 150, "email_case": 60, "unmapped_label": 14,
                "date_formats": 900, "rows": 5000, "customers": 4600}
    assert {k: planted[k] for k in expected} == expected


def test_raw_file_has_the_problems_it_claims(task):
    raw = task.raw_frame()
    assert raw.duplicated().sum() == 120
    assert raw["customer_id"].nunique() == 4880
    assert {"Paid Social", "paid_social", "Instagram ads", "FB", "TikTok"} <= set(raw["acquisition_channel"])
    assert raw["signup_date"].str.match(r"^\d{2}/\d{2}/\d{4}$").any()
    assert raw["signup_date"].str.match(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$").any()
    assert (pd.to_numeric(raw["total_spend"], errors="coerce") < 0).sum() == 12
    ages = pd.to_numeric(raw["age"], errors="coerce")
    assert ((ages < 16) | (ages > 110)).sum() == 18
    assert set(raw["segment"]) - {""} == {"Urban renters", "Plant enthusiasts", "Gift buyers", "Workplace"}
    assert set(raw["marketing_consent"]) == {"Yes", "Y", "yes", "TRUE", "No", "N", "no", "FALSE"}


def test_segments_and_channels_come_from_the_case_file(task):
    import yaml

    case = yaml.safe_load((ROOT / "data" / "cases" / "cim-l6-cjo" / "fern-and-field.yml").read_text())
    assert task.channels == case["channels"]
    assert {s["name"] for s in case["segments"]} == set(fern_customers_raw()["segment"]) - {""}
    assert case["datasets"]["customers_raw"] == CSV.name
    assert str(task.export_date) == EXPORT_DATE


# -- each step finds exactly what was planted ---------------------------------------------------------------------
def test_each_step_affects_the_planted_rows(worked, planted):
    rows = worked.rows_affected()
    assert rows == {
        "trim_text": planted["trim_rows"],                 # 150 messy names + 56 upper-case and 56 spaced duplicates
        "normalise_emails": planted["email_rows"],         # 60 upper-case + duplicates' case, Gmail dots, +tags
        "exact_duplicates": planted["exact_duplicates"],
        "near_duplicates": planted["near_duplicates"],
        "map_channels": planted["channel_variants"],
        "parse_dates": planted["date_formats"] + planted["unreadable_dates"],
        "impossible_values": planted["impossible_rows"],
        "missing_values": planted["missing_rows"],         # planted gaps + the unreadable dates emptied
        "consent": planted["no_consent_after_cleaning"],
    }
    assert rows["trim_text"] == 262 and rows["normalise_emails"] == 228 and rows["map_channels"] == 1099
    assert rows["impossible_values"] == 12 + 18 + 15 + 20
    assert worked.after.rows == planted["rows_after_cleaning"] == 4535
    assert worked.after.customers == 4535


def test_log_rows_after_follow_the_steps(worked):
    after = [e.rows_after for e in worked.log]
    assert after == [5000, 5000, 4880, 4600, 4600, 4600, 4535, 4535, 4535]
    assert all(e.changed for e in worked.log)
    assert any("merged into" in x for e in worked.log for x in e.examples)


def test_the_insight_flips(worked):
    ins = worked.insight
    assert ins.before.channel == "Paid social" and ins.after.channel == "Email"
    assert ins.changed
    assert ins.before.rate == pytest.approx(448 / 846)   # 52.96 %: the duplicated repeat buyers
    assert ins.after.rate == pytest.approx(165 / 357)    # 46.2 %
    ps = worked.after.channel("Paid social")
    assert ps["repeat_rate"] < 0.25                      # after cleaning paid social is among the worst
    assert ins.before_spend.channel == "Paid social" and ins.after_spend.channel == "Email"
    assert "changed the answer" in ins.sentence()


def test_only_dedup_or_only_mapping_is_not_enough_to_see_it_all(task):
    raw = task.raw_frame()
    dedup = clean(raw, ["trim_text", "exact_duplicates", "near_duplicates"], task=task)
    mapped = clean(raw, ["map_channels"], task=task)
    full_ps = clean(raw, STEP_KEYS, task=task).after.channel("Paid social")["repeat_rate"]
    assert dedup.after.channel("Paid social")["repeat_rate"] > full_ps + 0.1   # the variants still hide one-off buyers
    assert mapped.after.channel("Paid social")["repeat_rate"] > full_ps         # the duplicates still inflate it


def test_no_steps_gives_the_raw_figures(task):
    result = clean(task.raw_frame(), [], task=task)
    assert result.log == () and result.before.rows == result.after.rows == 5000
    assert not result.insight.changed


def test_consent_figures(worked, task):
    assert worked.before.marketable == 5000 and not worked.before.consent_checked
    assert worked.after.marketable == worked.after.consented == 4535 - 1639
    removed = clean(task.raw_frame(), STEP_KEYS, task=task, options={"consent": "remove"})
    assert removed.after.rows == 4535 - 1639
    assert set(removed.frame["marketing_consent"]) == {"Yes"}


def test_options_change_what_happens(task):
    raw = task.raw_frame()
    blank = clean(raw, STEP_KEYS, task=task, options={"impossible_values": "blank"})
    assert blank.rows_affected()["impossible_values"] == 65 and blank.after.rows == 4600
    drop = clean(raw, STEP_KEYS, task=task, options={"missing_values": "drop_needed"})
    assert drop.rows_affected()["missing_values"] == 80 + 20 and drop.after.rows == 4535 - 100
    leave = clean(raw, STEP_KEYS, task=task, options={"missing_values": "leave"})
    assert leave.rows_affected()["missing_values"] == 0 and leave.after.rows == 4535


def test_the_raw_frame_is_not_changed(task):
    raw = task.raw_frame()
    copy = raw.copy()
    clean(raw, STEP_KEYS, task=task)
    pd.testing.assert_frame_equal(raw, copy)


def test_rules_by_hand():
    from widgets.activities.cleaning import to_number

    assert list(to_number(pd.Series(["£1,234.50", " 7 ", "", "abc", "inf"], name="x")).fillna(-1)) == [
        1234.5, 7, -1, -1, -1]
    assert list(email_key(pd.Series([" Sam.Okafor+plants@GMAIL.com ", "a.b+x@sky.com", "x@googlemail.com", "no-at"]))) \
        == ["samokafor@gmail.com", "a.b@sky.com", "x@gmail.com", "no-at"]
    dates, bad = parse_dates(pd.Series(["2026-03-04", "04/03/2026", "4 Mar 2026", "4 March 2026", "31/02/2026",
                                        "03/14/2026", "TBC", ""]))
    assert [d.strftime("%Y-%m-%d") if not pd.isna(d) else None for d in dates] == [
        "2026-03-04", "2026-03-04", "2026-03-04", "2026-03-04", None, None, None, None]
    assert list(bad) == [False, False, False, False, True, True, True, False]


def test_small_frame_by_hand(task):
    frame = pd.DataFrame({
        "customer_id": ["C1", "C2", "C2", "C3", "C4"],
        "email": ["a@x.com", "b@gmail.com", "b@gmail.com", "B+tag@GMAIL.COM", ""],
        "acquisition_channel": ["FB", "Email", "Email", "email", "TikTok"],
        "orders": ["2", "1", "1", "1", "0"],
        "total_spend": ["100", "50", "50", "50", "20"],
    })
    result = clean(frame, STEP_KEYS, task=task)
    assert result.rows_affected()["exact_duplicates"] == 1
    assert result.rows_affected()["near_duplicates"] == 1          # C3 is C2
    assert result.rows_affected()["impossible_values"] == 1        # C4: no orders but spend
    assert list(result.frame["acquisition_channel"]) == ["Paid social", "Email"]
    assert any("TikTok" in e.changed for e in result.log if e.key == "map_channels")  # left alone and reported
    assert "skipped" in " ".join(result.skipped)                   # no dates, no consent column


# -- uploads and bad input ------------------------------------------------------------------------------------------
def test_upload_round_trip_gives_the_same_counts(task, worked):
    loaded = read_upload(CSV.read_bytes(), "fern.csv")
    again = clean(loaded.frame, STEP_KEYS, task=task)
    assert again.rows_affected() == worked.rows_affected()


def test_upload_with_other_headings_and_encodings(task):
    frame = pd.DataFrame({"Customer ID": ["1", "2"], "E-mail address": ["a@x.com", "b@x.com"],
                          "Channel": ["FB", "SEO"], "Number of orders": ["2", "1"], "Spend": ["£1200.50", "30"],
                          "Name": ["Zoë", "Siân"]})
    text = frame.to_csv(index=False)
    for data in (text.encode("utf-8"), text.encode("utf-8-sig"), text.encode("cp1252"), text.encode("utf-16"),
                 text.replace(",", ";").encode("utf-8")):
        loaded = read_upload(data, "mine.csv")
        result = clean(loaded.frame, STEP_KEYS, task=task)
        assert result.after.total_spend == pytest.approx(1230.5)
        assert "Zo" in loaded.frame["Name"][0]
    assert any("Windows" in n for n in read_upload(text.encode("cp1252"), "mine.csv").notes)
    work, notes = prepare(frame)
    assert {"email", "acquisition_channel", "orders", "total_spend", "customer_id"} <= set(work.columns)
    assert any("Spend" in n for n in notes)


BAD_UPLOADS = [
    (b"", "empty"),
    (b"   \n  ", "empty"),
    (b"PK\x03\x04rest-of-a-zip", "not a CSV"),
    (b"%PDF-1.4", "PDF"),
    (b"just one column\nvalue\n", "needs at least"),
    (b"a@x.com,FB,2,100\nb@x.com,SEO,1,30\n", "no heading row"),
    (b"customer_id,channel,age\n1,FB,30\n", "no column for Orders"),
    (b"channel,orders,spend\n", "no rows"),
    (b"channel,orders,spend,channel\nFB,1,2,3\n", "same heading"),
    (b"channel,,spend,orders\nFB,1,2,3\n", "without a heading"),
    (b"channel,orders,spend\nFB,1,2,3,4,5\n", "could not be read"),
    (b"\x00\x01\x02\x03" * 10, "not a text file"),
]


@pytest.mark.parametrize(("content", "words"), BAD_UPLOADS)
def test_bad_uploads_are_answered_in_words(task, content, words):
    with pytest.raises(ValueError, match=words):
        loaded = read_upload(content, "data.csv")
        clean(loaded.frame, STEP_KEYS, task=task)


def test_wrong_file_type_too_big_and_too_many_rows(monkeypatch):
    with pytest.raises(ValueError, match="not a CSV file"):
        read_upload(b"a,b\n1,2\n", "data.xlsx")
    import widgets.activities.cleaning as cleaning

    monkeypatch.setattr(cleaning, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(ValueError, match="MB"):
        read_upload(b"channel,orders,spend\nFB,1,2\n", "big.csv")
    monkeypatch.setattr(cleaning, "MAX_UPLOAD_BYTES", 10_000_000)
    monkeypatch.setattr(cleaning, "MAX_ROWS", 2)
    with pytest.raises(ValueError, match="rows"):
        read_upload(b"channel,orders,spend\nFB,1,2\nFB,1,2\nFB,1,2\n", "long.csv")


def test_all_rows_removed_is_refused(task):
    frame = pd.DataFrame({"acquisition_channel": ["FB"], "orders": ["0"], "total_spend": ["-5"]})
    with pytest.raises(ValueError, match="removed every row"):
        clean(frame, ["impossible_values"], task=task)


def test_bad_steps_options_and_column_maps(task):
    raw = task.raw_frame().head(50)
    with pytest.raises(ValueError, match="not one of the cleaning steps"):
        clean(raw, ["shred"], task=task)
    with pytest.raises(ValueError, match="once"):
        clean(raw, ["trim_text", "trim_text"], task=task)
    with pytest.raises(ValueError, match="not one of the choices"):
        clean(raw, STEP_KEYS, task=task, options={"missing_values": "guess"})
    with pytest.raises(ValueError, match="no column “nope”"):
        clean(raw, STEP_KEYS, task=task, column_map={"orders": "nope"})
    with pytest.raises(ValueError, match="both"):
        clean(raw, STEP_KEYS, task=task, column_map={"orders": "age"})
    with pytest.raises(ValueError, match="no column for Orders"):
        clean(raw, STEP_KEYS, task=task, column_map={"orders": ""})


@pytest.mark.parametrize(("text", "words"), [
    ("FB = ", "empty label"),
    ("FB Paid social", "has no “=”"),
    (" = Paid social", "no label"),
    ("FB = Paid social\nfb = Email", "mapped twice"),
    ("x = " + "y" * 80, "under 60"),
])
def test_bad_mappings_are_answered_in_words(text, words):
    with pytest.raises(ValueError, match=words):
        parse_mapping_text(text)


def test_mapping_text_round_trip_and_edit(task):
    mapping = parse_mapping_text("# comment\nFB = Paid social\nTikTok -> Paid social\n\nCreator → Influencer")
    assert mapping == {"FB": "Paid social", "TikTok": "Paid social", "Creator": "Influencer"}
    with pytest.raises(ValueError, match="empty label"):
        check_mapping({"FB": ""})
    result = clean(task.raw_frame(), STEP_KEYS, task=task, mapping={**task.channel_mapping, "TikTok": "Paid social"})
    assert "TikTok" not in set(result.frame["acquisition_channel"])


# -- exports --------------------------------------------------------------------------------------------------------
def test_exports_neutralise_formulas_and_escape_html(task):
    frame = pd.DataFrame({"customer_id": ["=1+1", "@SUM(A1)"], "first_name": [EVIL, "ok"],
                          "acquisition_channel": ["+FB", "Email"], "orders": ["1", "2"], "total_spend": ["10", "20"]})
    result = clean(frame, ["trim_text"], task=task)
    rows = list(csv.reader(io.StringIO(clean_csv(result))))
    assert rows[1][0] == "'=1+1" and rows[2][0] == "'@SUM(A1)"
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    log = log_csv(result, "=cmd|' /C calc'!A0")
    assert "'=cmd" in log
    page = log_html_document(task, result, EVIL)
    assert EVIL not in page and "&lt;img" in page


def test_choices_json_round_trip_and_bad_files(task):
    choices = LabChoices(steps=["trim_text", "consent"], options={"consent": "remove"},
                         mapping={"FB": "Paid social"}, notes="Why I did it")
    text = to_json(task, choices)
    assert from_json(text, task) == choices
    with pytest.raises(ValueError):
        from_json(b"", task)
    with pytest.raises(ValueError, match="not"):
        from_json('{"kind": "other", "schema_version": 1}', task)
    with pytest.raises(ValueError):
        from_json(text.replace('"trim_text"', '"shred"'), task)
    with pytest.raises(ValueError):
        from_json(text.replace('"remove"', '"guess"'), task)


def test_static_html_for_the_book(task):
    page = cleaning_lab_html(task, "<p class='cx-live-link'>live</p>")
    assert "Cleaning log" in page and "Before and after" in page and "cx-chart-description" in page
    assert "Paid social" in page and "Email" in page and "cx-live-link" in page
    assert "<script>" not in page.replace('<script type="application/json" class="cx-chart-spec">', "")


# -- the fast paths give what the plain rules give --------------------------------------------------------------------
def _reference_email_key(text: str) -> str:  # the rule as written, one cell at a time
    value = str(text).strip().lower()
    local, at, domain = value.rpartition("@")
    if not at:
        return value
    if "+" in local:
        local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def _reference_dates(values: list[str]) -> list[object]:  # each shape tried in turn, one cell at a time
    import datetime as dt
    import re

    shapes = ((r"\d{4}-\d{1,2}-\d{1,2}", ("%Y-%m-%d",)), (r"\d{1,2}/\d{1,2}/\d{4}", ("%d/%m/%Y",)),
              (r"\d{1,2}-\d{1,2}-\d{4}", ("%d-%m-%Y",)), (r"\d{1,2} [A-Za-z]+ \d{4}", ("%d %b %Y", "%d %B %Y")))
    out = []
    for value in values:
        text, got = value.strip(), None
        for shape, formats in shapes:
            if got is None and re.fullmatch(shape, text):
                for fmt in formats:
                    try:
                        got = dt.datetime.strptime(text, fmt)
                        break
                    except ValueError:
                        continue
        out.append(got)
    return out


ODD_CELLS = [" Ana.Lee+news@GoogleMail.com ", "a+b@c@gmail.com", "x+y", "plain@example.org", "ΟΔΟΣ@EXAMPLE.COM",
             "\u00a0tab\t@x.com\u2003", "", "   ", "a.b@gmail.com", "a@b+c.com", "İSTANBUL@GMAIL.COM"]


def test_fast_email_keys_match_the_rule_on_the_committed_csv():
    raw = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    cells = list(raw["email"]) + ODD_CELLS
    got = email_key(pd.Series(cells, name="email"))
    assert list(got) == [_reference_email_key(c) for c in cells]
    assert list(email_key(pd.Series(cells, name="other"))) == [_reference_email_key(c) for c in cells]


def test_fast_dates_match_the_rule_on_the_committed_csv():
    raw = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    for column in ("signup_date", "last_order_date"):
        cells = list(raw[column]) + ["31/02/2026", "03/14/2026", "4 Mar 2026", "4 March 2026", " 2026-3-4 ",
                                     "2026/03/04", "4 Marc 2026", "x"]
        dates, bad = parse_dates(pd.Series(cells))
        expected = _reference_dates(cells)
        assert [None if pd.isna(d) else d.to_pydatetime() for d in dates] == expected
        assert list(bad) == [e is None and c.strip() != "" for c, e in zip(cells, expected, strict=True)]


def test_row_filters_and_numbers_match_pandas(task):
    import numpy as np

    from widgets.activities.cleaning import _keep_rows, to_number

    raw = task.raw_frame()
    keep = np.arange(len(raw)) % 3 != 0
    pd.testing.assert_frame_equal(_keep_rows(raw, keep), raw.loc[keep].reset_index(drop=True))
    for column in ("orders", "age", "total_spend"):
        cells = pd.Series(list(raw[column]) + ["£1,234.50", "inf", "", "abc", "-3"], name=column)
        expected = pd.to_numeric(cells.str.replace("£", "").str.replace(",", ""), errors="coerce")
        expected[~expected.abs().lt(float("inf"))] = float("nan")
        pd.testing.assert_series_equal(to_number(cells), expected.astype(float), check_names=False)


def test_fast_clean_csv_is_the_safe_frame_csv(task, worked):
    from widgets.exports import frame_csv_text

    assert clean_csv(worked) == frame_csv_text(worked.frame)
    hostile = pd.DataFrame({"customer_id": ["=1+1", "@SUM(A1)", "\t=x", "-3", "+44 20", " =HYPERLINK()", "\u200b=1",
                                            "＝1", "ok", "a,b", 'say "hi"', "line\nbreak", ""],
                            "acquisition_channel": ["Email"] * 13, "orders": ["1"] * 13, "total_spend": ["10"] * 13})
    result = clean(hostile, [], task=task)
    assert clean_csv(result) == frame_csv_text(result.frame)
    assert "'=1+1" in clean_csv(result) and "'\u200b=1" in clean_csv(result)


def test_figures_count_missing_and_blank_channels_as_blank():
    from widgets.activities.cleaning import NO_CHANNEL, figures

    frame = pd.DataFrame({"acquisition_channel": ["Email", None, "  ", float("nan"), "Email"],
                          "orders": ["1", "2", "0", "1", "3"], "total_spend": ["5", "6", "0", "1", "2"]})
    by = figures(frame).by_channel.set_index("channel")
    assert list(by.index) == [NO_CHANNEL, "Email"] and by.loc[NO_CHANNEL, "customers"] == 3
