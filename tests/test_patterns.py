"""Patterns, trends and prediction (CIM Level 6, 1.3 and 2.2): the synthetic Fern & Field orders, hand-checked
moving averages, quintile scores, baseline and lift, the logistic regression against Newton's method, the model
against the naive baseline on the sample, and at least ten kinds of bad input answered in words."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from widgets.activities import patterns as pt
from widgets.sample_fern_orders import fern_orders, summary

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "datasets" / "fern_orders.csv"


@pytest.fixture(scope="module")
def task():
    return pt.load_patterns_task("cim-l6-cjo", "fern-patterns")


@pytest.fixture(scope="module")
def sample(task):
    return task.sample()


def small_orders(n_customers: int = 40, seed: int = 1) -> pd.DataFrame:
    """A small, valid orders table (strings, as read from a CSV)."""
    return fern_orders(seed=seed, customers=n_customers).astype(str).replace({"nan": ""})


# -- the data set ---------------------------------------------------------------------------------------------
def test_sample_is_reproducible_and_matches_the_file():
    a, b = fern_orders(), fern_orders()
    pd.testing.assert_frame_equal(a, b)
    written = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(a.astype(str).reset_index(drop=True), written)
    assert not fern_orders(seed=7, customers=500).equals(fern_orders(seed=8, customers=500))


def test_sample_agrees_with_the_case_where_they_overlap():
    s = summary(fern_orders())
    assert 28_000 <= s["orders"] <= 31_000
    assert 69 <= s["aov"] <= 73  # case: £71
    assert 0.60 <= s["revenue_share_Urban renters"] <= 0.65  # case: 62 %
    assert 0.13 <= s["revenue_share_Plant enthusiasts"] <= 0.18  # 16 %
    assert 0.11 <= s["revenue_share_Gift buyers"] <= 0.16  # 14 %
    assert 0.06 <= s["revenue_share_Workplace"] <= 0.10  # 8 %
    assert 0.69 <= s["first_attempt_rate"] <= 0.75  # 71 %
    assert 0.035 <= s["damage_rate"] <= 0.05  # 4.2 %
    assert 0.06 <= s["review_rate"] <= 0.09  # review rate 7 %
    assert 3.9 <= s["average_rating"] <= 4.3  # 4.1
    assert 0.12 <= s["repeat_rate_first_orders"] <= 0.18  # 14 %
    assert abs(s["device_mobile"] - 0.64) < 0.03 and abs(s["device_app"] - 0.22) < 0.03


def test_sample_has_the_patterns_it_promises(sample):
    known = sample[sample["repeat_within_90_days"] != "unknown"]
    yes = known["repeat_within_90_days"] == "yes"
    # delivery at the first attempt goes with more repeats, inside the big segment too
    urban = known["segment"] == "Urban renters"
    assert yes[urban & known["delivered_first_attempt"]].mean() > yes[urban & ~known["delivered_first_attempt"]].mean()
    # the care guide: a big gap overall, almost none within segments (a confounder)
    conf = pt.confounder_check(sample)
    assert conf.overall_gap > 10 and abs(conf.within_gap) < 3
    # Gift buyers peak in November, December and March
    gifts = sample[sample["segment"] == "Gift buyers"]["order_date"].dt.month.value_counts()
    assert set(gifts.index[:3]) == {11, 12, 3}
    # growth: each of the first nine months of 2026 above the same month of 2025
    trend = pt.monthly_trend(sample, "orders", 3)
    assert (trend.yoy[trend.yoy["month"].str.startswith("2026")]["change_pct"] > 0).all()
    # orders in the last 90 days have no known outcome yet
    last = sample["order_date"].max()
    recent = sample["order_date"] > last - pd.Timedelta(days=90)
    assert (sample.loc[recent, "repeat_within_90_days"] == "unknown").mean() > 0.5
    assert (sample.loc[~recent, "repeat_within_90_days"] != "unknown").all()


# -- hand-checked calculations --------------------------------------------------------------------------------
def test_moving_average_by_hand():
    trailing = pt.moving_average([1, 2, 3, 4, 5], 3)
    assert trailing.isna().tolist()[:2] == [True, True] and trailing.tolist()[2:] == [2.0, 3.0, 4.0]
    centred = pt.moving_average([1, 2, 3, 4, 5], 3, centred=True)
    assert math.isnan(centred[0]) and centred.tolist()[1:4] == [2.0, 3.0, 4.0] and math.isnan(centred[4])
    # 2 × 2 centred average: 0.25 x(t−1) + 0.5 x(t) + 0.25 x(t+1); at t = 1: 0.25 + 1 + 0.75 = 2
    even = pt.moving_average([1, 2, 3, 10], 2, centred=True)
    assert even[1] == pytest.approx(2.0) and even[2] == pytest.approx(0.25 * 2 + 0.5 * 3 + 0.25 * 10)
    assert math.isnan(even[0]) and math.isnan(even[3])


def test_monthly_trend_by_hand():
    rows = []
    for month, n in zip(range(1, 7), [2, 4, 6, 8, 10, 12], strict=True):
        rows += [{"order_date": f"2025-{month:02d}-28", "order_value": "10"}] * n
    orders = pt.prepare_orders(pd.DataFrame(rows))
    res = pt.monthly_trend(orders, "orders", 3)
    assert res.table["value"].tolist() == [2, 4, 6, 8, 10, 12]
    assert res.table["moving_average"].tolist()[2:] == [4.0, 6.0, 8.0, 10.0]
    rev = pt.monthly_trend(orders, "revenue", 2)
    assert rev.table["moving_average"].tolist()[1] == pytest.approx(30.0)
    assert res.yoy.empty and any("less than two years" in n for n in res.notes)


def test_quintile_scores_by_hand():
    assert pt.quintile_scores(range(10, 110, 10)).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert pt.quintile_scores([5, 1, 3, 2, 4], higher_is_better=False).tolist() == [1, 5, 3, 4, 2]
    # ties share a score: seven customers with one order all score 1
    assert pt.quintile_scores([1, 1, 1, 1, 1, 1, 1, 2, 3, 4]).tolist() == [1] * 7 + [4, 5, 5]


def test_rfm_segments_by_hand():
    rows = []
    # customer c1..c10: c(i) ordered i times, each £10·i, last order i days before 2025-12-31
    for i in range(1, 11):
        for k in range(i):
            day = pd.Timestamp("2025-12-31") - pd.Timedelta(days=(11 - i) * 10 + k)
            rows.append({"customer_id": f"c{i:02d}", "order_date": f"{day:%Y-%m-%d}", "order_value": str(10 * i)})
    res = pt.rfm(pt.prepare_orders(pd.DataFrame(rows)))
    cust = res.customers.set_index("customer_id")
    assert cust.loc["c10", ["R", "F", "M"]].tolist() == [5, 5, 5] and cust.loc["c10", "segment"] == "Champions"
    assert cust.loc["c01", ["R", "F", "M"]].tolist() == [1, 1, 1] and cust.loc["c01", "segment"] == "Lapsed"
    assert res.segments["customers"].sum() == 10
    assert res.segments["revenue_share"].sum() == pytest.approx(100)


def test_classification_baseline_and_lift_by_hand():
    m = pt.classification(np.array([1, 1, 0, 0, 1]), np.array([1, 0, 1, 0, 1]))
    assert m["accuracy"] == pytest.approx(3 / 5) and m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == pytest.approx(2 / 3)
    b = pt.baseline(np.array([0, 0, 0, 1]), np.array([0, 1, 0, 0, 1]))
    assert b["majority"] is False and b["accuracy"] == pytest.approx(0.6) and b["recall"] == 0
    assert math.isnan(b["precision"])
    y = np.array([1] * 2 + [0] * 8 + [1] * 2 + [0] * 8)  # 20 orders, 4 repeats: rate 0.2
    scores = np.r_[np.full(2, 0.9), np.zeros(18)]  # the two top-scored both repeated
    assert pt.top_decile_lift(y, scores) == pytest.approx(1.0 / 0.2)


def test_gradient_descent_agrees_with_newton():
    rng = np.random.default_rng(3)
    x = np.c_[rng.normal(size=2000), rng.integers(0, 2, 2000)]
    true = 1 / (1 + np.exp(-(-0.5 + 1.2 * x[:, 0] - 0.8 * x[:, 1])))
    y = (rng.random(2000) < true).astype(float)
    w, b, _steps = pt.fit_logistic(x, y, l2=0.0, steps=20000, tol=1e-9)
    beta = np.zeros(3)
    xx = np.c_[np.ones(len(x)), x]
    for _ in range(30):  # Newton–Raphson (IRLS), the textbook maximum-likelihood fit
        p = 1 / (1 + np.exp(-xx @ beta))
        beta += np.linalg.solve(xx.T @ (xx * (p * (1 - p))[:, None]), xx.T @ (y - p))
    assert b == pytest.approx(beta[0], abs=1e-4) and w == pytest.approx(beta[1:], abs=1e-4)


def test_model_beats_the_naive_baseline_on_the_sample(task, sample):
    res = pt.repeat_model(sample, task.holdout_from, task.threshold)
    assert res.model["accuracy"] > res.naive["accuracy"] + 0.05
    assert res.naive["majority"] is False and res.naive["recall"] == 0
    assert res.lift > 2
    assert res.n_train > 10_000 and res.n_test > 5_000
    assert res.train_until == pd.Timestamp("2025-10-03")  # outcome known by the hold-out start
    coefs = res.coefficients().set_index("feature")
    assert coefs.loc["Delivered at the first attempt", "odds_ratio"] > 1.2
    assert coefs.loc["Arrived damaged", "odds_ratio"] < 1
    assert "times as high" in coefs.loc["Delivered at the first attempt", "in_words"]
    assert res.deciles["actual"].iloc[0] > res.deciles["actual"].iloc[-1]


def test_preferences_flag_small_groups(sample):
    res = pt.preferences(sample, "channel", 2000)
    assert "Workplace" in res.small and "Urban renters" not in res.small
    assert res.shares.loc["All orders"].sum() == pytest.approx(100)
    assert res.counts.loc["All orders"].sum() == len(sample)
    assert "too few to trust" in res.description()


def test_correlation_and_features(sample):
    feats = pt.customer_features(sample)
    corr = pt.correlation_matrix(feats)
    assert corr.loc["orders", "total_spend"] > 0.8
    assert corr.loc["care_guide_share", "repeat_rate"] > 0.1
    assert (np.diag(corr) == pytest.approx(1.0))
    html = pt.correlation_html(corr, pt.confounder_check(sample))
    assert "Correlation is not cause" in html and "The confounder" in html


@pytest.mark.parametrize("part", pt.PARTS)
def test_every_part_runs_and_has_a_static_form(task, part):
    html = pt.part_static_html(task, part, "<p>LIVE</p>")
    assert "Worked result on the sample" in html and "LIVE" in html and "cx-chart-description" in html
    assert "<ol><li>" in html
    result = pt.run_part(task, task.sample(), part)
    assert result.charts and all(c.description for c in result.charts)
    assert result.csv.count("\n") > 1


def test_notes_page_escapes_learner_text(task, sample):
    result = pt.run_part(task, sample, "rfm")
    page = pt.notes_page(task, "rfm", result, "<script>alert(1)</script>", "x")
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_exports_neutralise_formulas(task):
    frame = small_orders(60)
    frame.loc[0, "customer_id"] = "=HYPERLINK(\"x\")"
    orders = pt.prepare_orders(frame)
    csv = pt.run_part(task, orders, "rfm").csv
    assert "'=HYPERLINK" in csv


# -- bad input: each answered with a sentence ------------------------------------------------------------------
def _bad(frame: pd.DataFrame, **change) -> pd.DataFrame:
    frame = frame.copy()
    for col, value in change.items():
        frame.loc[3, col] = value
    return frame


@pytest.mark.parametrize(("change", "words"), [
    ({"order_date": "31/02/2025"}, "row 5 has the order date “31/02/2025”, which is not a date"),
    ({"order_date": "next Tuesday"}, "not a date"),
    ({"order_date": ""}, "row 5 has no order date"),
    ({"order_date": "1899-01-01"}, "outside 2000 to 2099"),
    ({"order_value": "about £40"}, "row 5 has the order value “about £40”, which is not a number"),
    ({"order_value": "-12"}, "negative order value"),
    ({"order_value": "1e12"}, "too large"),
    ({"delivered_first_attempt": "maybe"}, "use yes or no"),
    ({"review_score": "7"}, "whole number from 1 to 5"),
    ({"repeat_within_90_days": "perhaps"}, "use yes, no or unknown"),
    ({"customer_id": ""}, "has no customer ID"),
    ({"segment": " "}, "has no segment"),
])
def test_bad_values_are_named_with_their_row(change, words):
    with pytest.raises(ValueError, match=words):
        pt.prepare_orders(_bad(small_orders(), **change), "orders.csv")


def test_bad_files_and_choices(task, sample):
    ok = pt.prepare_orders(small_orders(60))
    with pytest.raises(ValueError, match="no rows"):
        pt.prepare_orders(pd.DataFrame())
    with pytest.raises(ValueError, match="none of the columns"):
        pt.prepare_orders(pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="same heading"):
        pt.prepare_orders(pd.DataFrame([[1, 2]], columns=["Order date", "order_date"]))
    with pytest.raises(ValueError, match="needs the column order_value"):
        pt.monthly_trend(ok.drop(columns="order_value"))
    with pytest.raises(ValueError, match="needs the columns customer_id, repeat_within_90_days"):
        pt.repeat_model(ok.drop(columns=["customer_id", "repeat_within_90_days"]), "2026-01-01")
    with pytest.raises(ValueError, match="not a whole number of months"):
        pt.read_window("three")
    with pytest.raises(ValueError, match="not offered"):
        pt.read_window(24)
    with pytest.raises(ValueError, match="between 0.05 and 0.95"):
        pt.read_threshold("0.99")
    with pytest.raises(ValueError, match="not a number"):
        pt.read_threshold("half")
    assert pt.read_threshold("30%") == pytest.approx(0.3)
    with pytest.raises(ValueError, match="Smallest group to trust"):
        pt.preferences(ok, "channel", "lots")
    with pytest.raises(ValueError, match="Choose what to compare"):
        pt.preferences(ok, "colour")
    with pytest.raises(ValueError, match="No orders are in the segment"):
        pt.monthly_trend(sample, segment="Martians")
    with pytest.raises(ValueError, match="fewer than the 12-month window"):
        pt.monthly_trend(sample[sample["order_date"] < "2024-06-01"], window=12)
    with pytest.raises(ValueError, match="must start inside the orders"):
        pt.repeat_model(sample, "2030-01-01")
    with pytest.raises(ValueError, match="the model needs at least 100"):
        pt.repeat_model(sample, "2024-03-01")
    with pytest.raises(ValueError, match="at least 50 are needed"):
        pt.repeat_model(sample, "2026-07-02")
    with pytest.raises(ValueError, match="not a date"):
        pt.repeat_model(sample, "soon")
    one_class = sample.assign(repeat_within_90_days=np.where(sample["repeat_within_90_days"] == "unknown",
                                                             "unknown", "no"))
    with pytest.raises(ValueError, match="one class only"):
        pt.repeat_model(one_class, "2026-01-01")
    with pytest.raises(ValueError, match="RFM quintiles need at least 10"):
        pt.rfm(ok[ok["customer_id"].isin(ok["customer_id"].unique()[:5])])
    with pytest.raises(ValueError, match="must be after the last order"):
        pt.rfm(sample, as_of=sample["order_date"].max())
    with pytest.raises(ValueError, match="No order in your file has “Podcast”"):
        pt.confounder_check(sample, "Podcast")
    with pytest.raises(ValueError, match="not a part of this activity"):
        task.part("forecast")


def test_uploads_read_and_refuse(tmp_path):
    good = small_orders(80).to_csv(index=False).encode()
    frame, _notes = pt.read_orders_upload(good, "mine.csv")
    assert len(frame) > 80 and frame["order_date"].dtype.kind == "M"
    with pytest.raises(ValueError, match="empty"):
        pt.read_orders_upload(b"   ", "empty.csv")
    with pytest.raises(ValueError, match="not a CSV file"):
        pt.read_orders_upload(b"PK\x03\x04rest", "book.xlsx")
    semicolons = b"order_date;order_value\n2025-01-02;12,50\n"
    frame, notes = pt.read_orders_upload(semicolons, "eu.csv")
    assert frame["order_value"].iloc[0] == pytest.approx(12.5) and notes


def test_counting_identical_rows_once_gives_the_same_fit():
    rng = np.random.default_rng(4)
    x = np.c_[rng.integers(0, 5, 3000), rng.integers(0, 2, 3000)].astype(float)
    y = (rng.random(3000) < 1 / (1 + np.exp(-(x[:, 0] - 2)))).astype(float)
    rows, counts = pt.distinct_rows(np.c_[x, y])
    assert len(rows) <= 20 and counts.sum() == 3000
    full = pt.fit_logistic(x, y, tol=1e-9, steps=20000)
    short = pt.fit_logistic(rows[:, :-1], rows[:, -1], weights=counts, tol=1e-9, steps=20000)
    assert short[0] == pytest.approx(full[0], abs=1e-6) and short[1] == pytest.approx(full[1], abs=1e-6)


@pytest.mark.parametrize("part", pt.PARTS)
def test_every_chart_spec_is_valid_vega_lite(task, part):
    """The charts are built without Altair's per-call validation (for speed): validate them here once."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v5.schema import load_schema

    for chart in pt.run_part(task, task.sample(), part).charts:
        validate_jsonschema(chart.spec, load_schema())
        assert chart.spec["description"] == chart.description
        assert chart.spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
