"""Patterns, trends and prediction in order data (CIM Level 6 Customer Journey Optimisation, 1.3 and 2.2).

Five analyses of an orders file (one row per order: ``data/datasets/fern_orders.csv`` or a learner's upload),
each in plain pandas and numpy so every step can be followed:

* **Trend** (:func:`monthly_trend`): orders, revenue or average order value by month with a trailing or
  centred moving average of a window the learner chooses, a year-on-year comparison of the same months, and a
  seasonality caution worked out from the data (how far the busiest month is above the average month). A
  moving average shorter than twelve months still carries the seasonal pattern; year on year compares like
  with like.
* **Preferences** (:func:`preferences`): the share of each segment's orders by channel, product category,
  content or device, with the counts, an index against all orders (100 = the same as everyone) and every
  segment smaller than the learner's minimum flagged, because a share of a few orders is mostly noise.
* **Correlation** (:func:`customer_features`, :func:`correlation_matrix`, :func:`confounder_check`):
  Pearson correlations between numeric features per customer, with the warning that correlation is not
  cause, and a stratified table that shows the confounder: the repeat rate with and without an exposure
  (reading the care guide) overall and within each segment.
* **RFM** (:func:`rfm`): recency, frequency and monetary value scored 1 to 5 by quintile (A. M. Hughes,
  *Strategic Database Marketing*, Probus, 1994), customers with the same value given the same score, then
  named segments from the scores (:data:`RFM_SEGMENTS`) with their size and value.
* **Prediction** (:func:`repeat_model`): one transparent model of repeat purchase within 90 days, a
  logistic regression fitted by plain gradient descent on a few features, trained on the orders whose
  outcome was known before a cut-off date and tested on the orders after it (a time-based hold-out), and
  compared with the naive baseline that predicts the majority class for everyone: accuracy, precision and
  recall of the "will repeat" class, lift in the top decile; the coefficients in words (odds ratios).

Every function raises ``ValueError`` with a sentence a learner can act on: a missing column, a bad date, a
value that is not a number, too few rows for a hold-out, one class only, and so on. The models import no
widgets; :mod:`widgets.ui.activities.patterns` is the view.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field

from widgets.activities.common import MAX_TEXT, ActivityModel, dataset_frame, load_yaml, parse

esc = html.escape
APP = "journey-data-lab"
PARTS = ("trend", "preferences", "correlation", "rfm", "prediction")
PART_TITLES = {"trend": "Trend and seasonality", "preferences": "Preferences by segment",
               "correlation": "Correlation is not cause", "rfm": "RFM segments",
               "prediction": "Predicting repeat purchase"}
REPEAT_WINDOW_DAYS = 90
MIN_WINDOW, MAX_WINDOW = 2, 12
MIN_TRAIN, MIN_TEST = 100, 50
"""Fewest orders with a known outcome in the training and the hold-out set: fewer give coefficients and
accuracies that move a lot when a handful of orders change."""
MIN_CUSTOMERS = 10
"""Fewest customers for RFM quintiles and correlations."""
MAX_ORDERS = 200_000
"""Most rows the lab analyses (an upload is also limited to 5 MB by :mod:`widgets.workbench`)."""
MAX_NOTES = MAX_TEXT

COLUMN_LABELS = {
    "order_id": "order ID", "customer_id": "customer ID", "order_date": "order date", "segment": "segment",
    "device": "device", "channel": "channel", "product_category": "product category",
    "content_engaged": "content engaged", "order_value": "order value", "delivered_first_attempt":
    "delivered at the first attempt", "damaged": "damaged", "review_score": "review score",
    "repeat_within_90_days": "repeat within 90 days",
}
NEEDS = {
    "trend": ("order_date", "order_value"),
    "preferences": ("segment",),
    "correlation": ("customer_id", "order_date", "order_value"),
    "rfm": ("customer_id", "order_date", "order_value"),
    "prediction": ("customer_id", "order_date", "repeat_within_90_days"),
}
YES_NO = ("delivered_first_attempt", "damaged")
CATEGORY_COLUMNS = ("segment", "device", "channel", "product_category", "content_engaged")
DIMENSIONS = {"channel": "Channel", "product_category": "Product category", "content_engaged": "Content engaged",
              "device": "Device"}
MEASURES = {"orders": "Orders", "revenue": "Revenue (£)", "aov": "Average order value (£)"}
ALIASES = {"date": "order_date", "value": "order_value", "amount": "order_value", "customer": "customer_id",
           "repeat": "repeat_within_90_days", "content": "content_engaged", "category": "product_category"}
"""Other headings read as the lab's own (when the file does not also have the lab's heading)."""
_TRUE = {"yes", "y", "true", "1", "1.0"}
_FALSE = {"no", "n", "false", "0", "0.0"}


# -- the task file ----------------------------------------------------------------------------------------------
class PartText(ActivityModel):
    title: str
    instructions: str
    questions: list[str] = Field(min_length=1)


class PatternsTask(ActivityModel):
    id: str
    title: str
    criteria: list[str] = []
    organisation: str
    dataset: str = Field(pattern=r"^[a-z0-9_]+$")
    instructions: str
    window: int = Field(3, ge=MIN_WINDOW, le=MAX_WINDOW)
    min_group: int = Field(30, ge=1, le=10_000)
    exposure: str = "Care guide"
    holdout_from: dt.date
    threshold: float = Field(0.5, gt=0, lt=1)
    parts: dict[Literal["trend", "preferences", "correlation", "rfm", "prediction"], PartText]

    def part(self, name: str) -> PartText:
        if name not in self.parts:
            raise ValueError(f"“{str(name)[:30]}” is not a part of this activity: choose one of "
                             f"{', '.join(PARTS)}.")
        return self.parts[name]  # type: ignore[index]

    def sample(self) -> pd.DataFrame:
        """The task's data set, read and checked (cached per data set)."""
        return _prepared_sample(self.dataset)


def load_patterns_task(spec_id: str, name: str) -> PatternsTask:
    task = parse(PatternsTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")
    missing = [p for p in PARTS if p not in task.parts]
    if missing:
        raise ValueError(f"{spec_id}/{name}.yml: parts: no text for {', '.join(missing)}")
    return task


_SAMPLES: dict[str, pd.DataFrame] = {}


def _prepared_sample(dataset: str) -> pd.DataFrame:
    if dataset not in _SAMPLES:
        _SAMPLES[dataset] = prepare_orders(dataset_frame(dataset), f"{dataset}.csv")
    return _SAMPLES[dataset]


# -- reading and checking an orders table ---------------------------------------------------------------------
def _coded(series: pd.Series, transform=None) -> tuple[np.ndarray, np.ndarray]:
    """The column as (codes, distinct cleaned values): cell i is ``values[codes[i]]``, stripped text ("" when
    missing) with ``transform`` applied. Every check below works on the few distinct values, then on the codes."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    cleaned = []
    for u in uniques:
        t = "" if u is None or (isinstance(u, float) and math.isnan(u)) else str(u).strip()
        cleaned.append(transform(t) if transform else t)
    cleaned.append("")  # for missing cells
    return np.where(codes < 0, len(cleaned) - 1, codes), np.array(cleaned, dtype=object)


def _first(mask: np.ndarray) -> int:
    """The spreadsheet row (the heading is row 1) of the first true cell."""
    return int(np.flatnonzero(mask)[0]) + 2


def _parse_dates(text: pd.Series) -> pd.Series:
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        dates = dates.fillna(pd.to_datetime(text, format="%d/%m/%Y", errors="coerce"))
    return dates


def prepare_orders(frame: pd.DataFrame, name: str = "your file") -> pd.DataFrame:
    """A clean copy of an orders table: headings in lower case with underscores, dates as dates, order values
    as numbers, yes/no columns as booleans, review scores 1 to 5 or missing and ``repeat_within_90_days`` as
    yes/no/unknown. ``ValueError`` names the first problem with its row (row 1 is the heading row)."""
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise ValueError(f"{name} has no rows of orders.")
    if len(frame) > MAX_ORDERS:
        raise ValueError(f"{name} has {len(frame):,} rows; the lab takes up to {MAX_ORDERS:,}. Upload a sample "
                         "or fewer months.")
    out = frame.copy()
    out.columns = [str(c).strip().lower().replace(" ", "_").replace("-", "_") for c in out.columns]
    out.columns = [c if c in COLUMN_LABELS or ALIASES.get(c) in out.columns else ALIASES.get(c, c)
                   for c in out.columns]
    if len(set(out.columns)) != len(out.columns):
        raise ValueError(f"{name} has two columns with the same heading. Give each column its own name.")
    known = [c for c in COLUMN_LABELS if c in out.columns]
    if not known:
        raise ValueError(f"{name} has none of the columns the lab reads (for example order_date, customer_id, "
                         "order_value, segment). Check the heading row.")
    out = out.reset_index(drop=True)
    if "order_date" in out.columns:
        raw = out["order_date"]
        if pd.api.types.is_datetime64_any_dtype(raw):
            raw = raw.dt.strftime("%Y-%m-%d")
        codes, text = _coded(raw)
        if (text == "")[codes].any():
            raise ValueError(f"{name}: row {_first((text == '')[codes])} has no order date. Every order needs its "
                             "date (YYYY-MM-DD).")
        dates = _parse_dates(pd.Series(text)).to_numpy()
        bad = np.isnat(dates)[codes]
        if bad.any():
            row = _first(bad)
            raise ValueError(f"{name}: row {row} has the order date “{str(text[codes[row - 2]])[:30]}”, which is "
                             "not a date. Write dates as YYYY-MM-DD, for example 2026-03-14.")
        odd = ((dates < np.datetime64("2000-01-01")) | (dates > np.datetime64("2099-12-31")))[codes]
        if odd.any():
            row = _first(odd)
            raise ValueError(f"{name}: row {row} has the order date {pd.Timestamp(dates[codes[row - 2]]):%Y-%m-%d}, "
                             "outside 2000 to 2099. Check the year.")
        out["order_date"] = pd.Series(dates[codes]).dt.normalize()
    if "order_value" in out.columns:
        raw = out["order_value"]
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            values = pd.to_numeric(raw, errors="coerce").to_numpy(float)
        else:
            codes, text = _coded(raw, lambda t: t.replace("£", "").replace(",", ""))
            values = pd.to_numeric(pd.Series(text), errors="coerce").to_numpy(float)[codes]
        bad = np.isnan(values)
        if bad.any():
            raise ValueError(f"{name}: row {_first(bad)} has the order value “{str(raw.iloc[_first(bad) - 2])[:30]}”, "
                             "which is not a number. Give values in pounds, for example 64.50.")
        big = ~np.isfinite(values) | (np.abs(values) > 1e7)
        if big.any():
            raise ValueError(f"{name}: row {_first(big)} has an order value too large to be an order. Check it.")
        if (values < 0).any():
            row = _first(values < 0)
            raise ValueError(f"{name}: row {row} has a negative order value ({values[row - 2]:g}). Refunds belong in "
                             "a separate file: remove the row or correct the value.")
        out["order_value"] = values
    for col in YES_NO:
        if col in out.columns:
            codes, text = _coded(out[col], str.lower)
            ok = np.isin(text, list(_TRUE | _FALSE))[codes]
            if not ok.all():
                row = _first(~ok)
                raise ValueError(f"{name}: row {row} has “{str(out[col].iloc[row - 2])[:20]}” in {col}; use yes or "
                                 "no.")
            out[col] = np.isin(text, list(_TRUE))[codes]
    if "repeat_within_90_days" in out.columns:
        codes, text = _coded(out["repeat_within_90_days"], str.lower)
        words = {"": "unknown", "y": "yes", "n": "no", "true": "yes", "false": "no", "1": "yes", "0": "no"}
        text = np.array([words.get(t, t) for t in text], dtype=object)
        ok = np.isin(text, ["yes", "no", "unknown"])[codes]
        if not ok.all():
            row = _first(~ok)
            raise ValueError(f"{name}: row {row} has “{str(out['repeat_within_90_days'].iloc[row - 2])[:20]}” in "
                             "repeat_within_90_days; use yes, no or unknown (or leave it blank).")
        out["repeat_within_90_days"] = text[codes]
    if "review_score" in out.columns:
        raw = out["review_score"]
        codes, text = _coded(raw)
        scores = pd.to_numeric(pd.Series(text), errors="coerce").to_numpy(float)
        bad = ((text != "") & ~np.isin(scores, [1, 2, 3, 4, 5]))[codes]
        if bad.any():
            row = _first(bad)
            raise ValueError(f"{name}: row {row} has the review score “{str(raw.iloc[row - 2])[:20]}”; give a whole "
                             "number from 1 to 5 or leave it blank.")
        out["review_score"] = np.where(text == "", np.nan, scores)[codes]
    for col in CATEGORY_COLUMNS + ("customer_id",):
        if col in out.columns:
            codes, text = _coded(out[col])
            empty = (text == "")[codes]
            if col in ("customer_id", "segment"):
                if empty.any():
                    raise ValueError(f"{name}: row {_first(empty)} has no {COLUMN_LABELS[col]}. Fill it in or remove "
                                     "the row.")
                out[col] = text[codes]
            else:
                out[col] = np.where(text == "", "(blank)", text).astype(object)[codes]
    if "order_date" in out.columns:
        out = out.sort_values("order_date", kind="mergesort").reset_index(drop=True)
    return out


def require(frame: pd.DataFrame, part: str, extra: tuple[str, ...] = ()) -> None:
    """``ValueError`` naming the columns ``part`` needs that ``frame`` lacks."""
    need = NEEDS[part] + extra
    missing = [c for c in need if c not in frame.columns]
    if missing:
        names = ", ".join(missing)
        raise ValueError(f"{PART_TITLES[part]} needs the column{'s' if len(missing) > 1 else ''} {names}, which "
                         f"your file does not have. It has: {', '.join(map(str, frame.columns[:15]))}.")


def runnable_parts(frame: pd.DataFrame) -> dict[str, list[str]]:
    """For each part, the columns it needs that ``frame`` lacks (an empty list: the part can run)."""
    out = {p: [c for c in NEEDS[p] if c not in frame.columns] for p in PARTS}
    if not any(d in frame.columns for d in DIMENSIONS):
        out["preferences"].append("one of " + ", ".join(DIMENSIONS))
    return out


def read_orders_upload(content: bytes, filename: str = "upload.csv") -> tuple[pd.DataFrame, tuple[str, ...]]:
    """An uploaded CSV of orders, read by the course's CSV reader and checked by :func:`prepare_orders`;
    ``ValueError`` when no part of the lab could run on it."""
    from widgets.workbench import read_csv_bytes

    loaded = read_csv_bytes(content, filename)
    frame = prepare_orders(loaded.frame, loaded.name)
    if all(runnable_parts(frame).values()):
        raise ValueError(f"{loaded.name} does not have the columns any of the five analyses needs: at least "
                         "order_date and order_value (trend), or segment and channel (preferences). Check the "
                         "heading row.")
    return frame, tuple(loaded.notes)


def read_window(value: object) -> int:
    """A moving-average window as a whole number of months from 2 to 12."""
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,3}", text):
        raise ValueError(f"The moving-average window “{text[:20]}” is not a whole number of months: give a "
                         f"number from {MIN_WINDOW} to {MAX_WINDOW}.")
    window = int(text)
    if not MIN_WINDOW <= window <= MAX_WINDOW:
        raise ValueError(f"A moving average over {window} months is not offered: choose from {MIN_WINDOW} to "
                         f"{MAX_WINDOW} months (12 removes a yearly seasonal pattern).")
    return window


def read_whole(value: object, what: str, low: int, high: int) -> int:
    text = str(value).strip().replace(",", "")
    if not re.fullmatch(r"[0-9]{1,9}", text):
        raise ValueError(f"{what}: “{text[:20]}” is not a whole number. Give one from {low} to {high:,}.")
    number = int(text)
    if not low <= number <= high:
        raise ValueError(f"{what}: give a whole number from {low} to {high:,}, not {number:,}.")
    return number


def read_threshold(value: object) -> float:
    text = str(value).strip().rstrip("%").strip()
    if not re.fullmatch(r"[0-9]{0,3}(\.[0-9]{1,6})?", text) or not text.strip("."):
        raise ValueError(f"The cut-off probability “{str(value)[:20]}” is not a number: give one between 0.05 "
                         "and 0.95, for example 0.5.")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"The cut-off probability “{str(value)[:20]}” is not a number: give one between 0.05 "
                         "and 0.95, for example 0.5.") from None
    if str(value).strip().endswith("%") or number > 1:
        number = number / 100
    if not (math.isfinite(number) and 0.05 <= number <= 0.95):
        raise ValueError("The cut-off probability must be between 0.05 and 0.95 (5 % to 95 %).")
    return number


# -- 1. trend --------------------------------------------------------------------------------------------------
def moving_average(values: list[float] | np.ndarray | pd.Series, window: int, centred: bool = False) -> pd.Series:
    """The mean of each value and the ``window − 1`` before it (trailing), or of the window around it (centred;
    an even window is the mean of two neighbouring windows, the usual "2 × k" centred average); missing where
    the window runs off the data."""
    s = pd.Series(values, dtype=float).reset_index(drop=True)
    if window < 1:
        raise ValueError("The window must be at least one period.")
    if not centred:
        return s.rolling(window).mean()
    if window % 2:
        return s.rolling(window, center=True).mean()
    trailing = s.rolling(window).mean()
    # mean of the windows ending at t + w/2 - 1 and t + w/2: centred on t
    return (trailing.shift(-(window // 2 - 1)) + trailing.shift(-(window // 2))) / 2


@dataclass
class TrendResult:
    measure: str
    window: int
    centred: bool
    segment: str
    table: pd.DataFrame  # month, value, moving_average, orders
    yoy: pd.DataFrame  # month, this year, a year earlier, change %
    peak_month: str
    peak_index: float  # busiest calendar month ÷ average month × 100
    partial_last: bool
    notes: list[str] = field(default_factory=list)

    def description(self) -> str:
        t = self.table
        first, last = t.iloc[0], t.iloc[-1]
        label = MEASURES[self.measure].lower()
        ma = t["moving_average"].dropna()
        kind = "centred" if self.centred else "trailing"
        who = "" if self.segment == "All segments" else " for " + self.segment
        text = (f"Line chart of {label} by month, {t['month'].iloc[0]} to {t['month'].iloc[-1]}"
                f"{who}: from {_fmt(first['value'], self.measure)} "
                f"to {_fmt(last['value'], self.measure)}; highest {_fmt(t['value'].max(), self.measure)} in "
                f"{t.loc[t['value'].idxmax(), 'month']}, lowest {_fmt(t['value'].min(), self.measure)} in "
                f"{t.loc[t['value'].idxmin(), 'month']}.")
        if len(ma):
            text += (f" The {self.window}-month {kind} moving average runs from {_fmt(ma.iloc[0], self.measure)} to "
                     f"{_fmt(ma.iloc[-1], self.measure)}.")
        return text


def _fmt(value: float, measure: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.0f}" if measure == "orders" else f"£{value:,.2f}" if measure == "aov" else f"£{value:,.0f}"


def monthly_trend(orders: pd.DataFrame, measure: str = "orders", window: int = 3, centred: bool = False,
                  segment: str = "") -> TrendResult:
    """Orders, revenue or average order value by calendar month with a moving average and a year-on-year
    comparison; ``segment`` ("" for all) narrows the orders first."""
    require(orders, "trend")
    if measure not in MEASURES:
        raise ValueError("Choose what to plot: orders, revenue or average order value.")
    window = read_window(window)
    frame = orders
    label = "All segments"
    if segment:
        if "segment" not in frame.columns:
            raise ValueError("Your file has no segment column, so the trend can only be for all orders.")
        frame = frame[frame["segment"] == segment]
        if frame.empty:
            raise ValueError(f"No orders are in the segment “{segment[:40]}”. Choose one from the list.")
        label = segment
    month = frame["order_date"].dt.to_period("M")
    grouped = frame.groupby(month)["order_value"].agg(["size", "sum"])
    full = pd.period_range(grouped.index.min(), grouped.index.max(), freq="M")
    grouped = grouped.reindex(full, fill_value=0)
    if len(grouped) < window:
        raise ValueError(f"The orders cover {len(grouped)} month(s), fewer than the {window}-month window: choose "
                         "a shorter window or upload more months.")
    if len(grouped) < 3:
        raise ValueError("A trend needs at least three months of orders.")
    values = {"orders": grouped["size"].astype(float), "revenue": grouped["sum"].astype(float),
              "aov": (grouped["sum"] / grouped["size"].replace(0, np.nan)).astype(float)}[measure]
    table = pd.DataFrame({"month": [str(p) for p in grouped.index], "value": values.to_numpy(),
                          "orders": grouped["size"].to_numpy()})
    table["moving_average"] = moving_average(table["value"], window, centred).to_numpy()
    last_day = frame["order_date"].max()
    partial = bool(last_day.day < last_day.days_in_month - 3)
    # year on year: each month against the same month a year earlier
    by_month = pd.Series(table["value"].to_numpy(), index=grouped.index)
    rows = []
    for p in grouped.index:
        prev = p - 12
        if prev in by_month.index:
            before, now = by_month[prev], by_month[p]
            change = (now - before) / before * 100 if before else np.nan
            rows.append({"month": str(p), "value": now, "a_year_earlier": before, "change_pct": change})
    yoy = pd.DataFrame(rows, columns=["month", "value", "a_year_earlier", "change_pct"])
    cal = pd.Series(table["value"].to_numpy(), index=grouped.index.month).groupby(level=0).mean()
    peak = int(cal.idxmax())
    peak_index = float(cal.max() / cal.mean() * 100) if cal.mean() else 100.0
    notes = []
    if window < 12:
        notes.append(f"A {window}-month moving average smooths out noise but not the yearly season: its rises "
                     "and falls still follow the calendar. Compare a month with the same month a year earlier, or "
                     "use a 12-month window, before calling a rise a trend.")
    else:
        notes.append("A 12-month moving average holds one of every calendar month, so the yearly season cancels "
                     "out: what is left is the trend (it reacts late to a real change).")
    notes.append(f"The busiest calendar month is {dt.date(2000, peak, 1):%B}, about {peak_index - 100:.0f} % above "
                 "the average month (months averaged over the years in the file).")
    if len(grouped) < 24:
        notes.append("The file covers less than two years, so the season cannot be separated from the trend "
                     "with confidence.")
    if partial:
        notes.append(f"The last month ({table['month'].iloc[-1]}) ends on {last_day:%d %B %Y}: it is not a full "
                     "month, so it looks lower than it is.")
    if measure == "aov":
        notes.append("An average per order moves when the mix of customers changes (more gift orders in "
                     "December, for example) even if no customer's behaviour changed.")
    return TrendResult(measure, window, centred, label, table, yoy, dt.date(2000, peak, 1).strftime("%B"),
                       peak_index, partial, notes)


# -- 2. preferences ----------------------------------------------------------------------------------------------
@dataclass
class PreferenceResult:
    dimension: str
    counts: pd.DataFrame  # segments × values, order counts (with an All orders row)
    shares: pd.DataFrame  # row percentages
    index: pd.DataFrame  # share ÷ share of all orders × 100
    sizes: pd.Series
    small: list[str]
    min_group: int

    def description(self) -> str:
        parts = []
        for seg, row in self.shares.iterrows():
            top = row.idxmax()
            parts.append(f"{seg} ({int(self.sizes[seg]):,} orders): most often {top} at {row[top]:.0f} %")
        flag = (f" Segments with fewer than {self.min_group} orders, too few to trust: {', '.join(self.small)}."
                if self.small else "")
        return (f"Stacked bar chart of each segment's orders by {DIMENSIONS[self.dimension].lower()}, as "
                f"percentages. {'; '.join(parts)}.{flag}")


def preferences(orders: pd.DataFrame, dimension: str = "channel", min_group: int = 30) -> PreferenceResult:
    """Each segment's orders by ``dimension`` (counts, row shares, index against all orders)."""
    if dimension not in DIMENSIONS:
        raise ValueError("Choose what to compare: channel, product category, content engaged or device.")
    require(orders, "preferences", (dimension,))
    min_group = read_whole(min_group, "Smallest group to trust", 1, 10_000)
    counts = pd.crosstab(orders["segment"], orders[dimension])
    if counts.shape[1] > 30:
        raise ValueError(f"The {DIMENSIONS[dimension].lower()} column has {counts.shape[1]} different values; the "
                         "comparison reads up to 30. Group the rare ones first.")
    if counts.shape[0] > 30:
        raise ValueError(f"Your file has {counts.shape[0]} segments; the comparison reads up to 30.")
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index]
    counts = counts[counts.sum(axis=0).sort_values(ascending=False).index]
    total = counts.sum(axis=0)
    counts.loc["All orders"] = total
    sizes = counts.sum(axis=1)
    shares = counts.div(sizes, axis=0) * 100
    index = shares.div(shares.loc["All orders"].replace(0, np.nan), axis=1) * 100
    small = [str(s) for s, n in sizes.items() if s != "All orders" and n < min_group]
    return PreferenceResult(dimension, counts, shares, index, sizes, small, min_group)


# -- 3. correlation ----------------------------------------------------------------------------------------------
FEATURE_LABELS = {
    "orders": "Orders", "total_spend": "Total spend (£)", "average_order_value": "Average order value (£)",
    "recency_days": "Days since last order", "care_guide_share": "Share of orders after the care guide",
    "first_attempt_share": "Share delivered at first attempt", "damaged_share": "Share damaged",
    "repeat_rate": "Share of orders repeated within 90 days",
}


def _customer_codes(orders: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """Each order's customer as a number 0…k−1 in the order of their first order in the file, and the IDs."""
    codes, uniques = pd.factorize(orders["customer_id"])
    return codes, pd.Index(uniques, name="customer_id")


def _per_customer(orders: pd.DataFrame, coded: tuple[np.ndarray, pd.Index] | None = None) -> pd.DataFrame:
    """Orders, total spend and days from the last order to the day after the file's last order, per customer."""
    codes, ids = coded if coded is not None else _customer_codes(orders)
    k = len(ids)
    days = orders["order_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    last = np.full(k, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, days)
    frame = pd.DataFrame({"orders": np.bincount(codes, minlength=k),
                          "total_spend": np.bincount(codes, orders["order_value"].to_numpy(float), minlength=k),
                          "recency_days": days.max() + 1 - last}, index=ids)
    return frame


def _share(codes: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Mean of ``values`` (NaN = not counted) per customer code."""
    ok = ~np.isnan(values)
    n = np.bincount(codes[ok], minlength=k).astype(float)
    total = np.bincount(codes[ok], values[ok], minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.where(n > 0, n, 1), np.nan)


def customer_features(orders: pd.DataFrame, exposure: str = "Care guide") -> pd.DataFrame:
    """One row per customer: orders, total spend, average order value, days since the last order (to the day
    after the last order in the file) and, where the columns exist, the share of orders after ``exposure``,
    delivered at the first attempt, damaged and repeated within 90 days (of those whose outcome is known)."""
    require(orders, "correlation")
    codes, ids = _customer_codes(orders)
    base = _per_customer(orders, (codes, ids))
    k = len(ids)
    feats = pd.DataFrame({"orders": base["orders"], "total_spend": base["total_spend"]}, index=ids)
    feats["average_order_value"] = feats["total_spend"] / feats["orders"]
    feats["recency_days"] = base["recency_days"]
    if "content_engaged" in orders.columns:
        feats["care_guide_share"] = _share(codes, (orders["content_engaged"] == exposure).to_numpy(float), k)
    if "delivered_first_attempt" in orders.columns:
        feats["first_attempt_share"] = _share(codes, orders["delivered_first_attempt"].to_numpy(float), k)
    if "damaged" in orders.columns:
        feats["damaged_share"] = _share(codes, orders["damaged"].to_numpy(float), k)
    if "repeat_within_90_days" in orders.columns:
        status = orders["repeat_within_90_days"].to_numpy()
        yes = np.where(status == "unknown", np.nan, (status == "yes").astype(float))
        feats["repeat_rate"] = _share(codes, yes, k)
    if len(feats) < MIN_CUSTOMERS:
        raise ValueError(f"Your file has {len(feats)} customers; correlations need at least {MIN_CUSTOMERS}.")
    return feats


def correlation_matrix(features: pd.DataFrame) -> pd.DataFrame:
    """Pearson correlations between the feature columns (pairwise complete; a constant column is left out)."""
    usable = [c for c in features.columns if features[c].nunique(dropna=True) > 1]
    if len(usable) < 2:
        raise ValueError("Fewer than two features vary between customers, so there is nothing to correlate.")
    return features[usable].corr(method="pearson")


@dataclass
class ConfounderResult:
    exposure: str
    table: pd.DataFrame  # group, rate with, n with, rate without, n without, difference (points)
    overall_gap: float
    within_gap: float  # weighted mean of within-segment differences

    def description(self) -> str:
        rows = "; ".join(f"{r.group}: {r.rate_with:.0f} % with ({int(r.n_with):,} orders) against "
                         f"{r.rate_without:.0f} % without ({int(r.n_without):,})"
                         for r in self.table.itertuples() if not math.isnan(r.rate_with))
        return (f"Grouped bar chart of the share of orders followed by another within 90 days, with and without "
                f"{self.exposure.lower()}: {rows}. Overall gap {self.overall_gap:+.1f} points; within segments, "
                f"on average {self.within_gap:+.1f} points.")


def confounder_check(orders: pd.DataFrame, exposure: str = "Care guide") -> ConfounderResult:
    """Repeat rate of orders after ``exposure`` (a ``content_engaged`` value) and of the rest, overall and within
    each segment; the within-segment gap is the order-weighted mean of the segments' gaps."""
    for col in ("content_engaged", "repeat_within_90_days", "segment"):
        if col not in orders.columns:
            raise ValueError(f"The confounder check needs the column {col}, which your file does not have.")
    known = orders[orders["repeat_within_90_days"] != "unknown"]
    if known.empty:
        raise ValueError("No order has a known repeat outcome (all are “unknown”), so there is nothing to compare.")
    if exposure not in set(known["content_engaged"]):
        raise ValueError(f"No order in your file has “{exposure[:40]}” as content engaged: choose a value from "
                         "the list.")
    exposed = (known["content_engaged"] == exposure).to_numpy()
    yes = (known["repeat_within_90_days"] == "yes").to_numpy()
    seg_codes, seg_names = pd.factorize(known["segment"])

    def row(group: str, mask: np.ndarray) -> dict:
        w, wo = mask & exposed, mask & ~exposed
        rw = yes[w].mean() * 100 if w.any() else np.nan
        rwo = yes[wo].mean() * 100 if wo.any() else np.nan
        return {"group": group, "rate_with": rw, "n_with": int(w.sum()), "rate_without": rwo,
                "n_without": int(wo.sum()), "difference": rw - rwo}

    rows = [row("All orders", np.ones(len(known), bool))]
    sizes = np.bincount(seg_codes, minlength=len(seg_names))
    for code in np.argsort(-sizes, kind="mergesort"):
        rows.append(row(str(seg_names[code]), seg_codes == code))
    table = pd.DataFrame(rows)
    segs = table.iloc[1:].dropna(subset=["difference"])
    weights = segs["n_with"] + segs["n_without"]
    within = float((segs["difference"] * weights).sum() / weights.sum()) if len(segs) else float("nan")
    return ConfounderResult(exposure, table, float(table.iloc[0]["difference"]), within)


# -- 4. RFM ------------------------------------------------------------------------------------------------------
RFM_SEGMENTS = (
    ("Champions", "bought recently, often and spend the most (R ≥ 4, F ≥ 4, M ≥ 4)",
     lambda r, f, m: (r >= 4) & (f >= 4) & (m >= 4)),
    ("Loyal customers", "buy often and not long ago (F ≥ 4, R ≥ 3)", lambda r, f, m: (f >= 4) & (r >= 3)),
    ("At risk", "used to buy often but not lately (R ≤ 2, F ≥ 3)", lambda r, f, m: (r <= 2) & (f >= 3)),
    ("New or recent one-off", "bought recently but rarely (R ≥ 4, F ≤ 2)", lambda r, f, m: (r >= 4) & (f <= 2)),
    ("Lapsed", "bought rarely and long ago (R ≤ 2, F ≤ 2)", lambda r, f, m: (r <= 2) & (f <= 2)),
    ("Need attention", "everyone else: middling recency or frequency", lambda r, f, m: np.ones_like(r, bool)),
)
"""The named RFM segments, first rule that matches wins. A common practitioners' naming, not Hughes's own:
the scores are his; the names are a convention for talking about the groups."""


def quintile_scores(values: pd.Series | list[float], higher_is_better: bool = True) -> pd.Series:
    """Scores 1 to 5 by quintile of rank: sorted from worst to best, the first fifth scores 1, the last 5.
    Equal values share a score (the lowest rank of the tie decides), so groups are unequal when values tie."""
    s = pd.Series(values, dtype=float)
    if s.isna().any():
        raise ValueError("Every customer needs a value to be scored.")
    key = s if higher_is_better else -s
    rank_min = key.rank(method="min")
    return (np.floor((rank_min - 1) / len(s) * 5) + 1).astype(int)


@dataclass
class RfmResult:
    customers: pd.DataFrame  # customer_id, recency_days, frequency, monetary, R, F, M, rfm, segment
    segments: pd.DataFrame  # segment, meaning, customers, share, revenue, revenue share, mean R/F/M values
    grid: pd.DataFrame  # R × F customer counts
    as_of: pd.Timestamp
    bands: pd.DataFrame  # score, recency range, frequency range, monetary range

    def description(self) -> str:
        parts = "; ".join(f"{r.segment}: {int(r.customers):,} customers ({r.customer_share:.0f} %), "
                          f"{r.revenue_share:.0f} % of revenue" for r in self.segments.itertuples())
        return f"Bar chart of customers and revenue by RFM segment: {parts}."


def rfm(orders: pd.DataFrame, as_of: dt.date | pd.Timestamp | None = None) -> RfmResult:
    """RFM scores per customer (recency to ``as_of``, the day after the last order by default) and the named
    segments with their size and value."""
    require(orders, "rfm")
    last = orders["order_date"].max()
    as_of = pd.Timestamp(as_of) if as_of is not None else last + pd.Timedelta(days=1)
    if as_of <= last:
        raise ValueError(f"The date recency is measured to ({as_of:%d %B %Y}) must be after the last order in the "
                         f"file ({last:%d %B %Y}).")
    base = _per_customer(orders)
    extra = (as_of - last).days - 1  # recency is counted to as_of, not to the day after the last order
    cust = pd.DataFrame({"recency_days": base["recency_days"] + extra, "frequency": base["orders"],
                         "monetary": base["total_spend"]})
    if len(cust) < MIN_CUSTOMERS:
        raise ValueError(f"Your file has {len(cust)} customers; RFM quintiles need at least {MIN_CUSTOMERS}.")
    cust["R"] = quintile_scores(cust["recency_days"], higher_is_better=False).to_numpy()
    cust["F"] = quintile_scores(cust["frequency"]).to_numpy()
    cust["M"] = quintile_scores(cust["monetary"]).to_numpy()
    cust["rfm"] = (cust["R"] * 100 + cust["F"] * 10 + cust["M"]).astype(str)
    r, f, m = cust["R"].to_numpy(), cust["F"].to_numpy(), cust["M"].to_numpy()
    label = np.full(len(cust), "", dtype=object)
    for name, _meaning, rule in RFM_SEGMENTS:
        hit = rule(r, f, m) & (label == "")
        label[hit] = name
    cust["segment"] = label
    total_rev = cust["monetary"].sum()
    rows = []
    for name, meaning, _rule in RFM_SEGMENTS:
        part = cust[cust["segment"] == name]
        rows.append({"segment": name, "meaning": meaning, "customers": len(part),
                     "customer_share": len(part) / len(cust) * 100, "revenue": part["monetary"].sum(),
                     "revenue_share": part["monetary"].sum() / total_rev * 100 if total_rev else 0.0,
                     "mean_recency_days": part["recency_days"].mean(), "mean_orders": part["frequency"].mean(),
                     "mean_spend": part["monetary"].mean()})
    segments = pd.DataFrame(rows)
    grid = pd.crosstab(cust["R"], cust["F"]).reindex(index=range(5, 0, -1), columns=range(1, 6), fill_value=0)
    bands = []
    for score in range(1, 6):
        def rng(col: str, s: str, score: int = score) -> str:
            part = cust.loc[cust[s] == score, col]
            if part.empty:
                return "none (ties)"
            lo, hi = part.min(), part.max()
            fmt = (lambda v: f"£{v:,.2f}") if col == "monetary" else (lambda v: f"{v:,.0f}")
            return fmt(lo) if lo == hi else f"{fmt(lo)} to {fmt(hi)}"
        bands.append({"score": score, "recency_days": rng("recency_days", "R"), "orders": rng("frequency", "F"),
                      "spend": rng("monetary", "M")})
    return RfmResult(cust.reset_index(), segments, grid, as_of, pd.DataFrame(bands))


# -- 5. prediction ---------------------------------------------------------------------------------------------------
@dataclass
class Feature:
    key: str
    label: str
    unit: str  # how a one-unit change reads


def order_features(orders: pd.DataFrame, exposure: str = "Care guide") -> tuple[pd.DataFrame, list[Feature]]:
    """Features of each order known when it was placed: earlier orders by the customer in the file (up to 10),
    order value per £10, and where the columns exist: delivered at the first attempt, damaged, ``exposure``
    read, ordered in the app, and the segment (one column per segment but the largest, which is the
    reference)."""
    prior = orders.groupby("customer_id").cumcount().clip(upper=10).astype(float)
    cols: dict[str, pd.Series] = {"prior_orders": prior}
    feats = [Feature("prior_orders", "Earlier orders by the customer", "each extra earlier order")]
    if "order_value" in orders.columns:
        cols["value_10"] = (orders["order_value"] / 10).round().clip(upper=50)
        feats.append(Feature("value_10", "Order value (per £10, to the nearest £10, up to £500)",
                             "each extra £10 of order value"))
    if "delivered_first_attempt" in orders.columns:
        cols["delivered"] = orders["delivered_first_attempt"].astype(float)
        feats.append(Feature("delivered", "Delivered at the first attempt", "an order delivered at the first "
                                                                             "attempt (against one that was not)"))
    if "damaged" in orders.columns:
        cols["damaged"] = orders["damaged"].astype(float)
        feats.append(Feature("damaged", "Arrived damaged", "an order that arrived damaged"))
    if "content_engaged" in orders.columns:
        cols["exposure"] = (orders["content_engaged"] == exposure).astype(float)
        feats.append(Feature("exposure", f"{exposure} before ordering", f"an order after the {exposure.lower()}"))
    if "device" in orders.columns and (orders["device"] == "app").any():
        cols["app"] = (orders["device"] == "app").astype(float)
        feats.append(Feature("app", "Ordered in the app", "an order placed in the app"))
    if "segment" in orders.columns:
        sizes = orders["segment"].value_counts()
        if len(sizes) > 12:
            raise ValueError(f"Your file has {len(sizes)} segments; the model takes up to 12. Group the small ones.")
        ref = str(sizes.index[0])
        for seg in sizes.index[1:]:
            key = f"seg_{len(cols)}"
            cols[key] = (orders["segment"] == seg).astype(float)
            feats.append(Feature(key, f"Segment: {seg}", f"a {seg} order (against {ref})"))
    return pd.DataFrame(cols), feats


def fit_logistic(x: np.ndarray, y: np.ndarray, *, weights: np.ndarray | None = None, steps: int = 5000,
                 tol: float = 1e-6, l2: float = 1e-3) -> tuple[np.ndarray, float, int]:
    """Logistic regression by gradient descent: start with every weight at zero (the intercept at the base rate)
    and step against the gradient of the mean log-loss until it is flat (largest gradient under ``tol``).

    The features are standardised first (mean 0, standard deviation 1) so one step size suits them all; the
    step is 1/L, where L bounds the curvature of the loss (a quarter of the largest eigenvalue of the
    features' second-moment matrix), which guarantees progress; Nesterov's momentum (each step looks ahead
    along the last one) cuts the number of steps. ``weights`` counts identical rows once with their number
    (the same fit as the full data, faster). A small ridge penalty ``l2`` keeps the weights finite when a
    feature separates the classes perfectly. Returns the weights and intercept on the features' own scale
    and the number of steps taken."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    cnt = np.ones(len(y)) if weights is None else np.asarray(weights, float)
    total = cnt.sum()
    mean = cnt @ x / total
    sd = np.sqrt(cnt @ (x - mean) ** 2 / total)
    sd[sd == 0] = 1.0
    z = np.c_[(x - mean) / sd, np.ones(len(y))]
    k = z.shape[1]
    curvature = float(np.linalg.eigvalsh((z * cnt[:, None]).T @ z / total).max()) / 4 + l2
    rate = 1.0 / curvature
    p0 = min(max(float(cnt @ y / total), 1e-6), 1 - 1e-6)
    theta = np.zeros(k)
    theta[-1] = math.log(p0 / (1 - p0))
    previous = theta.copy()
    penalty = np.r_[np.full(k - 1, l2), 0.0]
    step = 0
    for step in range(1, steps + 1):  # noqa: B007
        look = theta + (step - 1) / (step + 2) * (theta - previous)
        p = 1 / (1 + np.exp(-(z @ look)))
        grad = z.T @ (cnt * (p - y)) / total + penalty * look
        previous, theta = theta, look - rate * grad
        if np.abs(grad).max() < tol:
            break
    raw_w = theta[:-1] / sd
    raw_b = float(theta[-1] - (theta[:-1] * mean / sd).sum())
    return raw_w, raw_b, step


def distinct_rows(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``a`` and how often each occurs (each column numbered by its distinct values, the
    numbers combined into one key per row: far quicker than sorting whole rows)."""
    key = np.zeros(len(a), dtype=np.int64)
    scale = 1
    for j in range(a.shape[1]):
        codes, uniques = pd.factorize(a[:, j])
        if scale * max(len(uniques), 1) >= 2**62:
            rows, counts = np.unique(a, axis=0, return_counts=True)
            return rows, counts
        key += codes.astype(np.int64) * scale
        scale *= max(len(uniques), 1)
    _keys, first, counts = np.unique(key, return_index=True, return_counts=True)
    return a[first], counts


def predict(x: np.ndarray, weights: np.ndarray, intercept: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights + intercept)))


def classification(y: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Accuracy, and precision and recall of class 1; precision is NaN when nothing is predicted 1."""
    y = np.asarray(y, bool)
    predicted = np.asarray(predicted, bool)
    tp = int((y & predicted).sum())
    fp = int((~y & predicted).sum())
    fn = int((y & ~predicted).sum())
    tn = int((~y & ~predicted).sum())
    n = len(y)
    return {"accuracy": (tp + tn) / n if n else float("nan"),
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan"),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def baseline(train_y: np.ndarray, test_y: np.ndarray) -> dict[str, float]:
    """The naive baseline: predict the training set's majority class for every order."""
    majority = bool(np.mean(train_y) > 0.5)
    return {**classification(test_y, np.full(len(test_y), majority)), "majority": majority,
            "base_rate": float(np.mean(train_y))}


def top_decile_lift(y: np.ndarray, scores: np.ndarray) -> float:
    """Repeat rate among the tenth of orders with the highest scores ÷ the repeat rate of all orders."""
    y = np.asarray(y, float)
    if y.mean() == 0:
        return float("nan")
    k = max(1, int(math.ceil(len(y) / 10)))
    top = np.argsort(-np.asarray(scores), kind="mergesort")[:k]
    return float(y[top].mean() / y.mean())


@dataclass
class ModelResult:
    features: list[Feature]
    weights: np.ndarray
    intercept: float
    steps: int
    cutoff: pd.Timestamp
    train_until: pd.Timestamp
    n_train: int
    n_test: int
    train_rate: float
    test_rate: float
    threshold: float
    model: dict[str, float]
    naive: dict[str, float]
    lift: float
    deciles: pd.DataFrame  # decile, orders, mean predicted, actual rate
    notes: list[str] = field(default_factory=list)

    def coefficients(self) -> pd.DataFrame:
        rows = []
        for f, wgt in zip(self.features, self.weights, strict=True):
            ratio = math.exp(wgt)
            if abs(ratio - 1) < 0.02:
                words = f"{f.unit[0].upper() + f.unit[1:]}: makes almost no difference to the odds of a repeat."
            elif ratio > 1:
                words = (f"{f.unit[0].upper() + f.unit[1:]}: the odds of a repeat are {ratio:.2f} times as high, "
                         "other features held equal.")
            else:
                words = (f"{f.unit[0].upper() + f.unit[1:]}: the odds of a repeat are {ratio:.2f} times as high "
                         f"(about {(1 - ratio) * 100:.0f} % lower), other features held equal.")
            rows.append({"feature": f.label, "coefficient": wgt, "odds_ratio": ratio, "in_words": words})
        return pd.DataFrame(rows)

    def description(self) -> str:
        d = self.deciles
        parts = "; ".join(f"decile {int(r.decile)}: predicted {r.predicted:.0f} %, actual {r.actual:.0f} %"
                          for r in d.itertuples())
        return (f"Bar chart of the actual repeat rate in each tenth of the hold-out orders, ranked by the model's "
                f"score (1 = highest), with the average of {self.test_rate * 100:.0f} % as a line: {parts}. "
                f"Top-decile lift {self.lift:.2f}.")


def repeat_model(orders: pd.DataFrame, holdout_from: dt.date | str | pd.Timestamp, threshold: float = 0.5,
                 exposure: str = "Care guide") -> ModelResult:
    """Fit the repeat-purchase model on the orders whose 90-day outcome was known before ``holdout_from`` and
    test it on the orders from that date on (those with a known outcome)."""
    require(orders, "prediction")
    try:
        cutoff = pd.Timestamp(holdout_from)
    except (ValueError, TypeError):
        raise ValueError(f"The hold-out start “{str(holdout_from)[:20]}” is not a date.") from None
    if not 0 < threshold < 1:
        raise ValueError("The cut-off probability must be between 0 and 1.")
    x_frame, feats = order_features(orders, exposure)
    status = orders["repeat_within_90_days"]
    dates = orders["order_date"]
    # an order in the last 90 days of the file has no complete window yet: a repeat may be seen, a "no" cannot
    complete = dates <= dates.max() - pd.Timedelta(days=REPEAT_WINDOW_DAYS)
    known = ((status != "unknown") & complete).to_numpy()
    y_all = (status == "yes").to_numpy()
    train_until = cutoff - pd.Timedelta(days=REPEAT_WINDOW_DAYS)
    train = known & (dates < train_until).to_numpy()
    test = known & (dates >= cutoff).to_numpy()
    first, last = dates.min(), dates.max()
    if cutoff <= first or cutoff > last:
        raise ValueError(f"The hold-out must start inside the orders, after {first:%d %B %Y} and by "
                         f"{last:%d %B %Y}.")
    if train.sum() < MIN_TRAIN:
        raise ValueError(f"Only {int(train.sum()):,} orders with a known outcome were placed more than 90 days "
                         f"before the hold-out starts ({cutoff:%d %B %Y}); the model needs at least {MIN_TRAIN}. "
                         "Start the hold-out later, or upload more history.")
    if test.sum() < MIN_TEST:
        raise ValueError(f"Only {int(test.sum()):,} orders with a known outcome are in the hold-out (from "
                         f"{cutoff:%d %B %Y}); at least {MIN_TEST} are needed to test the model. Start the hold-out "
                         "earlier: orders in the last 90 days of the file have no complete outcome yet.")
    y_train, y_test = y_all[train].astype(float), y_all[test].astype(float)
    if y_train.min() == y_train.max():
        only = "yes" if y_train[0] else "no"
        raise ValueError(f"Every order in the training period has repeat_within_90_days = {only}: a model cannot "
                         "learn from one class only. Check the column, or include more orders.")
    x = x_frame.to_numpy(dtype=float)
    # leave out features that do not vary in the training set (a constant cannot be weighed)
    vary = x[train].std(axis=0) > 0
    feats = [f for f, v in zip(feats, vary, strict=True) if v]
    x = x[:, vary]
    # identical training rows are counted once with their number: the same fit, many times faster
    rows, counts = distinct_rows(np.c_[x[train], y_train])
    weights, intercept, steps = fit_logistic(rows[:, :-1], rows[:, -1], weights=counts)
    p_test = predict(x[test], weights, intercept)
    model = classification(y_test.astype(bool), p_test >= threshold)
    naive = baseline(y_train, y_test)
    lift = top_decile_lift(y_test, p_test)
    order = np.argsort(-p_test, kind="mergesort")
    decile = np.empty(len(p_test), int)
    decile[order] = np.arange(len(p_test)) * 10 // len(p_test) + 1
    dec = pd.DataFrame({"decile": decile, "p": p_test, "y": y_test}).groupby("decile").agg(
        orders=("y", "size"), predicted=("p", "mean"), actual=("y", "mean")).reset_index()
    dec[["predicted", "actual"]] *= 100
    notes = [f"Trained on {int(train.sum()):,} orders placed before {train_until:%d %B %Y}, whose 90-day outcome was "
             f"known by the hold-out start; tested on {int(test.sum()):,} orders from {cutoff:%d %B %Y}. Orders in "
             "between are left out: their outcome was not yet known on the day the model would have been built."]
    if naive["majority"] is False:
        notes.append(f"Most orders are not followed by a repeat, so “nobody repeats” is already right "
                     f"{naive['accuracy'] * 100:.1f} % of the time: accuracy alone flatters any model. Look at "
                     "recall, precision and lift.")
    if model["tp"] + model["fp"] == 0:
        notes.append(f"At the cut-off of {threshold:.2f} the model predicts a repeat for no order; lower the "
                     "cut-off to see which orders it ranks highest.")
    if steps >= 5000:
        notes.append("Gradient descent stopped at its step limit before settling; treat the coefficients as "
                     "approximate.")
    return ModelResult(feats, weights, intercept, steps, cutoff, train_until, int(train.sum()), int(test.sum()),
                       float(y_train.mean()), float(y_test.mean()), threshold, model, naive, lift, dec, notes)


# -- HTML -----------------------------------------------------------------------------------------------------------
def _pct(v: float, digits: int = 1) -> str:
    return "—" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f} %"


def table_html(caption: str, header: list[str], rows: list[list[object]], row_headers: bool = True) -> str:
    head = "".join(f"<th scope='col'>{esc(str(h))}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            text = esc(str(cell))
            cells.append(f"<th scope='row'>{text}</th>" if i == 0 and row_headers else f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f"<table class='cx-activity-table'><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def notes_html(notes: list[str]) -> str:
    return "<ul class='cx-notes'>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>"


def trend_html(res: TrendResult) -> str:
    kind = "centred" if res.centred else "trailing"
    rows = [[r.month, _fmt(r.value, res.measure), _fmt(r.moving_average, res.measure), f"{int(r.orders):,}"]
            for r in res.table.itertuples()]
    main = table_html(f"{MEASURES[res.measure]} by month ({res.segment}) with a {res.window}-month {kind} moving "
                      "average", ["Month", MEASURES[res.measure], f"{res.window}-month moving average", "Orders"],
                      rows)
    yrows = [[r.month, _fmt(r.value, res.measure), _fmt(r.a_year_earlier, res.measure),
              "—" if math.isnan(r.change_pct) else f"{r.change_pct:+.1f} %"] for r in res.yoy.itertuples()]
    yoy = (table_html("Year on year: each month against the same month a year earlier",
                      ["Month", "This month", "Same month a year earlier", "Change"], yrows)
           if yrows else "<p>The file covers less than 13 months, so no month can be compared with a year earlier.</p>")
    return f"<p><strong>Seasonality caution.</strong></p>{notes_html(res.notes)}{yoy}<details><summary>Every month" \
           f"</summary>{main}</details>"


def preferences_html(res: PreferenceResult) -> str:
    cols = list(res.counts.columns)
    rows = []
    for seg in res.counts.index:
        flag = " (small group)" if seg in res.small else ""
        rows.append([f"{seg}{flag}", f"{int(res.sizes[seg]):,}"] +
                    [f"{res.shares.loc[seg, c]:.1f} % ({int(res.counts.loc[seg, c]):,}; index "
                     f"{res.index.loc[seg, c]:.0f})" for c in cols])
    note = (f"<p>Segments with fewer than {res.min_group} orders are marked “small group”: a share of a few orders "
            "moves a lot by chance, so do not act on it alone.</p>" if res.small else
            f"<p>Every segment has at least {res.min_group} orders. Cells with few orders still deserve caution.</p>")
    return (table_html(f"Share of each segment's orders by {DIMENSIONS[res.dimension].lower()} (orders; index: "
                       "100 = the same share as all orders)", ["Segment", "Orders"] + cols, rows) + note)


def correlation_html(corr: pd.DataFrame, conf: ConfounderResult | None) -> str:
    labels = [FEATURE_LABELS.get(c, c) for c in corr.columns]
    rows = [[FEATURE_LABELS.get(i, i)] + [f"{v:+.2f}" for v in corr.loc[i]] for i in corr.index]
    out = table_html("Correlations (Pearson r) between features of each customer", ["Feature"] + labels, rows)
    out += ("<p><strong>Correlation is not cause.</strong> r measures how closely two features move together in "
            "a straight line, from −1 to +1. A third factor can drive both, the direction can run either way, "
            "and with thousands of customers even a weak r is “significant”. Only a test that changes one "
            "thing (an A/B test) shows cause.</p>")
    if conf is not None:
        t = conf.table
        rows = [[r.group, _pct(r.rate_with), f"{int(r.n_with):,}", _pct(r.rate_without), f"{int(r.n_without):,}",
                 "—" if math.isnan(r.difference) else f"{r.difference:+.1f} points"] for r in t.itertuples()]
        out += table_html(f"Repeat within 90 days, orders with and without “{conf.exposure}”, overall and within "
                          "each segment", ["Group", "Repeat rate with", "Orders with", "Repeat rate without",
                                           "Orders without", "Difference"], rows)
        out += (f"<p><strong>The confounder.</strong> Overall, orders after “{esc(conf.exposure)}” repeat "
                f"{conf.overall_gap:+.1f} points more often; within segments the gap averages "
                f"{conf.within_gap:+.1f} points. When the gap shrinks inside each segment, much of the overall "
                "difference comes from who reads the content (the segment), not from the content itself.</p>")
    return out


def rfm_html(res: RfmResult) -> str:
    rows = [[r.segment, r.meaning, f"{int(r.customers):,}", f"{r.customer_share:.1f} %", f"£{r.revenue:,.0f}",
             f"{r.revenue_share:.1f} %", "—" if math.isnan(r.mean_recency_days) else f"{r.mean_recency_days:,.0f}",
             "—" if math.isnan(r.mean_orders) else f"{r.mean_orders:.1f}",
             "—" if math.isnan(r.mean_spend) else f"£{r.mean_spend:,.0f}"] for r in res.segments.itertuples()]
    seg = table_html(f"RFM segments (recency measured to {res.as_of:%d %B %Y})",
                     ["Segment", "Rule", "Customers", "Share of customers", "Revenue", "Share of revenue",
                      "Mean days since last order", "Mean orders", "Mean spend"], rows)
    bands = table_html("What each score means in this file (quintiles; equal values share a score)",
                       ["Score", "Days since last order", "Orders", "Spend"],
                       [[int(b.score), b.recency_days, b.orders, b.spend] for b in res.bands.itertuples()])
    grid = table_html("Customers by recency score (rows, 5 = most recent) and frequency score (columns)",
                      ["R \\ F"] + [str(c) for c in res.grid.columns],
                      [[str(i)] + [f"{int(v):,}" for v in res.grid.loc[i]] for i in res.grid.index])
    return seg + bands + grid


def model_html(res: ModelResult) -> str:
    m, b = res.model, res.naive
    base_label = "Naive baseline (everyone: " + ("repeats" if b["majority"] else "no repeat") + ")"
    rows = [["Accuracy", _pct(m["accuracy"] * 100), _pct(b["accuracy"] * 100)],
            ["Precision (of orders predicted to repeat, the share that did)", _pct(m["precision"] * 100),
             _pct(b["precision"] * 100) if not math.isnan(b["precision"]) else "— (predicts no repeats)"],
            ["Recall (of orders that did repeat, the share predicted)", _pct(m["recall"] * 100),
             _pct(b["recall"] * 100)],
            ["Lift in the top decile", f"{res.lift:.2f}", "1.00 (no ranking)"]]
    metrics = table_html(f"Hold-out check: {res.n_test:,} orders from {res.cutoff:%d %B %Y} (actual repeat rate "
                         f"{res.test_rate * 100:.1f} %), cut-off probability {res.threshold:.2f}",
                         ["Measure", "Model", base_label], rows)
    conf = table_html("Model's predictions against what happened (hold-out)", ["What happened", "Predicted repeat",
                                                                                "Predicted no repeat"],
                      [["Did repeat", f"{m['tp']:,}", f"{m['fn']:,}"], ["Did not repeat", f"{m['fp']:,}",
                                                                         f"{m['tn']:,}"]])
    coefs = res.coefficients()
    crow = [[r.feature, f"{r.coefficient:+.3f}", f"{r.odds_ratio:.2f}", r.in_words] for r in coefs.itertuples()]
    ctab = table_html("The model's coefficients (log-odds) and what they mean", ["Feature", "Coefficient",
                                                                                  "Odds ratio", "In words"], crow)
    dec = table_html("Hold-out orders in tenths by the model's score (1 = highest)",
                     ["Decile", "Orders", "Mean predicted", "Actual repeat rate"],
                     [[int(r.decile), f"{int(r.orders):,}", f"{r.predicted:.1f} %", f"{r.actual:.1f} %"]
                      for r in res.deciles.itertuples()])
    return (metrics + notes_html(res.notes) + conf + ctab +
            "<p>Coefficients describe association in the training orders, not cause: a customer who reads the care "
            "guide may differ in other ways. The intercept and features are on their own scales; odds ratios "
            "compare one order with another that differs only in that feature.</p>" + dec)


# -- charts ----------------------------------------------------------------------------------------------------------
# The charts are written as Vega-Lite specs directly: building them with Altair checks every piece against the
# schema on each button press (about half a second per part on a busy 2-core machine). They are fixed in shape,
# so tests/test_patterns.py validates each against the Vega-Lite schema once instead.
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
CHART_COLOURS = ["#0b5cad", "#b34700", "#1a7a4c", "#7a3b8f", "#5c5c5c", "#8a6d00", "#00727a", "#a3195b"]
"""widgets.charts.PALETTE (at least 3:1 against white) and three more of the same contrast."""


class _Spec:
    """A chart already written as its Vega-Lite spec: what :class:`widgets.charts.AccessibleChart` reads."""

    def __init__(self, spec: dict):
        self._spec = spec

    def to_dict(self) -> dict:
        return dict(self._spec)


def _chart(spec: dict, description: str):
    from widgets.charts import AccessibleChart

    return AccessibleChart(_Spec({"$schema": VEGA_LITE_SCHEMA, **spec}), description)


def _field(name: str, kind: str, **extra) -> dict:
    return {"field": name, "type": kind, **extra}


def trend_chart(res: TrendResult):
    label = MEASURES[res.measure]
    kind = "centred" if res.centred else "trailing"
    ma_name = f"{res.window}-month {kind} moving average"
    rows = [{"Month": r.month, "Series": "Monthly value", "Value": float(r.value)} for r in res.table.itertuples()
            if not math.isnan(r.value)]
    rows += [{"Month": r.month, "Series": ma_name, "Value": float(r.moving_average)}
             for r in res.table.itertuples() if not math.isnan(r.moving_average)]
    spec = {"title": f"{label} by month: {res.segment}", "data": {"values": rows},
            "mark": {"type": "line", "point": True}, "width": 520, "height": 240,
            "encoding": {
                "x": _field("Month", "ordinal", title="Month", axis={"labelAngle": -60}),
                "y": _field("Value", "quantitative", title=label),
                "color": _field("Series", "nominal", scale={"domain": ["Monthly value", ma_name],
                                                            "range": [CHART_COLOURS[4], CHART_COLOURS[0]]},
                                legend={"orient": "bottom"}),
                "strokeDash": _field("Series", "nominal", legend=None),
                "tooltip": [_field("Month", "ordinal"), _field("Series", "nominal"),
                            _field("Value", "quantitative", format=",.1f")]}}
    return _chart(spec, res.description())


def preferences_chart(res: PreferenceResult):
    rows = [{"Segment": str(seg), "Value": str(col), "Share (%)": round(float(res.shares.loc[seg, col]), 1),
             "Orders": int(res.counts.loc[seg, col])}
            for seg in res.counts.index for col in res.counts.columns]
    spec = {"title": f"Orders by {DIMENSIONS[res.dimension].lower()} in each segment", "data": {"values": rows},
            "mark": {"type": "bar"}, "width": 460, "height": {"step": 30},
            "encoding": {
                "y": _field("Segment", "nominal", sort=list(map(str, res.counts.index)), title=None),
                "x": _field("Share (%)", "quantitative", stack="normalize", title="Share of the segment's orders",
                            axis={"format": "%"}),
                "color": _field("Value", "nominal", title=DIMENSIONS[res.dimension],
                                legend={"orient": "bottom", "columns": 3}, scale={"range": CHART_COLOURS}),
                "tooltip": [_field("Segment", "nominal"), _field("Value", "nominal"),
                            _field("Share (%)", "quantitative"), _field("Orders", "quantitative")]}}
    return _chart(spec, res.description())


def correlation_chart(corr: pd.DataFrame):
    rows = [{"Feature A": FEATURE_LABELS.get(a, a), "Feature B": FEATURE_LABELS.get(b, b),
             "r": round(float(corr.loc[a, b]), 2)} for a in corr.index for b in corr.columns]
    order = [FEATURE_LABELS.get(c, c) for c in corr.columns]
    x = _field("Feature B", "nominal", sort=order, title=None, axis={"labelAngle": -40, "labelLimit": 200})
    y = _field("Feature A", "nominal", sort=order, title=None, axis={"labelLimit": 240})
    spec = {"title": "Correlations between customer features (Pearson r)", "data": {"values": rows},
            "width": 360, "height": 360,
            "layer": [
                {"mark": {"type": "rect"},
                 "encoding": {"x": x, "y": y,
                              "color": _field("r", "quantitative", title="r",
                                              scale={"scheme": "blueorange", "domain": [-1, 1]}),
                              "tooltip": [_field("Feature A", "nominal"), _field("Feature B", "nominal"),
                                          _field("r", "quantitative")]}},
                {"mark": {"type": "text", "color": "#1a1a1a"},
                 "encoding": {"x": x, "y": y, "text": _field("r", "quantitative", format="+.2f")}}]}
    pairs = []
    cols = list(corr.columns)
    for i, a in enumerate(cols):
        for b in cols[i + 1:]:
            pairs.append((abs(corr.loc[a, b]), a, b, corr.loc[a, b]))
    pairs.sort(reverse=True)
    strongest = "; ".join(f"{FEATURE_LABELS.get(a, a)} and {FEATURE_LABELS.get(b, b)} r = {r:+.2f}"
                          for _s, a, b, r in pairs[:4])
    desc = (f"Heat map of Pearson correlations between {len(cols)} customer features, from −1 (blue) to +1 "
            f"(orange). Strongest pairs: {strongest}. The table below the chart gives every value.")
    return _chart(spec, desc)


def _paired_bars(title: str, rows: list[dict], group: str, pair: str, value: str, order: list[str],
                 x_title: str, extra_tooltip: list[dict]) -> dict:
    return {"title": title, "data": {"values": rows}, "mark": {"type": "bar"}, "width": 420,
            "height": {"step": 16},
            "encoding": {
                "y": _field(group, "nominal", sort=order, title=None),
                "yOffset": _field(pair, "nominal"),
                "x": _field(value, "quantitative", title=x_title),
                "color": _field(pair, "nominal", scale={"range": [CHART_COLOURS[0], CHART_COLOURS[1]]},
                                legend={"orient": "bottom"}),
                "tooltip": [_field(group, "nominal"), _field(pair, "nominal"), _field(value, "quantitative"),
                            *extra_tooltip]}}


def confounder_chart(conf: ConfounderResult):
    rows = []
    for r in conf.table.itertuples():
        for which, rate, n in (("With", r.rate_with, r.n_with), ("Without", r.rate_without, r.n_without)):
            if not math.isnan(rate):
                rows.append({"Group": r.group, "Exposure": f"{which} {conf.exposure.lower()}",
                             "Repeat rate (%)": round(float(rate), 1), "Orders": int(n)})
    spec = _paired_bars(f"Repeat within 90 days, with and without {conf.exposure.lower()}", rows, "Group",
                        "Exposure", "Repeat rate (%)", list(conf.table["group"]),
                        "Orders followed by another within 90 days (%)", [_field("Orders", "quantitative")])
    return _chart(spec, conf.description())


def rfm_chart(res: RfmResult):
    rows = []
    for r in res.segments.itertuples():
        rows.append({"Segment": r.segment, "Measure": "Share of customers", "Percent": round(r.customer_share, 1)})
        rows.append({"Segment": r.segment, "Measure": "Share of revenue", "Percent": round(r.revenue_share, 1)})
    spec = _paired_bars("RFM segments: share of customers and of revenue", rows, "Segment", "Measure", "Percent",
                        list(res.segments["segment"]), "Percent", [])
    return _chart(spec, res.description())


def model_chart(res: ModelResult):
    rows = [{"Decile": int(r.decile), "Actual repeat rate (%)": round(float(r.actual), 1),
             "Mean predicted (%)": round(float(r.predicted), 1)} for r in res.deciles.itertuples()]
    spec = {"title": "Actual repeat rate by model score decile (hold-out)", "width": 420, "height": 220,
            "layer": [
                {"data": {"values": rows}, "mark": {"type": "bar", "color": CHART_COLOURS[0]},
                 "encoding": {
                     "x": _field("Decile", "ordinal", title="Decile of the model's score (1 = highest)",
                                 axis={"labelAngle": 0}),
                     "y": _field("Actual repeat rate (%)", "quantitative",
                                 title="Orders repeated within 90 days (%); dashed line: all orders"),
                     "tooltip": [_field("Decile", "ordinal"), _field("Actual repeat rate (%)", "quantitative"),
                                 _field("Mean predicted (%)", "quantitative")]}},
                {"data": {"values": [{"Average": round(res.test_rate * 100, 1)}]},
                 "mark": {"type": "rule", "color": CHART_COLOURS[1], "strokeDash": [4, 3]},
                 "encoding": {"y": _field("Average", "quantitative", title=None)}}]}
    return _chart(spec, res.description())


# -- running a part on the task's data, for the static book and the view -----------------------------------------
@dataclass
class PartResult:
    """One part's result: HTML, charts, a summary line and the table behind the CSV download (made into safe CSV
    only when the learner asks for the files, :attr:`csv`)."""

    part: str
    html: str
    charts: list
    table: pd.DataFrame
    summary: str

    @property
    def csv(self) -> str:
        """The table as CSV, every text cell (headings included) neutralised by :func:`widgets.exports.safe_cell`
        (each distinct value once: the same cells as :func:`widgets.exports.frame_csv_text`, faster)."""
        from widgets.exports import safe_cell

        table = self.table.copy()
        for col in table.columns:
            if not pd.api.types.is_numeric_dtype(table[col]) or pd.api.types.is_bool_dtype(table[col]):
                values = table[col].astype(object)
                uniques = pd.unique(values)
                mapping = {u: safe_cell(u) for u in uniques if not (isinstance(u, float) and math.isnan(u))}
                table[col] = values.map(mapping)
        table.columns = [safe_cell(str(c)) for c in table.columns]
        return table.to_csv(index=False, lineterminator="\r\n")


def run_part(task: PatternsTask, orders: pd.DataFrame, part: str, **options: object) -> PartResult:
    """Run one part with the learner's options (strings from the form are read and checked here)."""
    task.part(part)
    if part == "trend":
        res = monthly_trend(orders, str(options.get("measure", "orders")), read_window(options.get("window",
                                                                                                  task.window)),
                            bool(options.get("centred", False)), str(options.get("segment", "") or ""))
        csv = res.table.merge(res.yoy[["month", "a_year_earlier", "change_pct"]], on="month", how="left")
        top = res.table["value"].idxmax()
        summary = (f"{MEASURES[res.measure]}: busiest month {res.table.loc[top, 'month']}; busiest calendar month "
                   f"{res.peak_month}.")
        return PartResult(part, trend_html(res), [trend_chart(res)], csv, summary)
    if part == "preferences":
        res = preferences(orders, str(options.get("dimension", "channel")), options.get("min_group", task.min_group))
        out = res.counts.copy()
        out.columns = [f"{c} (orders)" for c in out.columns]
        shares = res.shares.round(2)
        shares.columns = [f"{c} (%)" for c in shares.columns]
        csv = pd.concat([out, shares], axis=1).reset_index().rename(columns={"index": "segment"})
        return PartResult(part, preferences_html(res), [preferences_chart(res)], csv,
                          f"Compared {len(res.counts) - 1} segments by {DIMENSIONS[res.dimension].lower()}.")
    if part == "correlation":
        exposure = str(options.get("exposure", task.exposure) or task.exposure)
        feats = customer_features(orders, exposure)
        corr = correlation_matrix(feats)
        conf = None
        charts = [correlation_chart(corr)]
        if {"content_engaged", "repeat_within_90_days", "segment"} <= set(orders.columns):
            conf = confounder_check(orders, exposure)
            charts.append(confounder_chart(conf))
        csv = (corr.round(4).rename(index=FEATURE_LABELS, columns=FEATURE_LABELS).reset_index()
               .rename(columns={"index": "feature"}))
        summary = f"Correlations between {len(corr)} features of {len(feats):,} customers."
        return PartResult(part, correlation_html(corr, conf), charts, csv, summary)
    if part == "rfm":
        res = rfm(orders)
        csv = res.customers[["customer_id", "recency_days", "frequency", "monetary", "R", "F", "M", "rfm",
                             "segment"]].round(2)
        big = res.segments.sort_values("revenue", ascending=False).iloc[0]
        return PartResult(part, rfm_html(res), [rfm_chart(res)], csv,
                          f"{len(res.customers):,} customers scored; most revenue: {big.segment}.")
    holdout = options.get("holdout_from", task.holdout_from)
    res = repeat_model(orders, holdout, read_threshold(options.get("threshold", task.threshold)),
                       str(options.get("exposure", task.exposure) or task.exposure))
    csv = res.coefficients().round(4)
    summary = (f"Model accuracy {res.model['accuracy'] * 100:.1f} % against the baseline's "
               f"{res.naive['accuracy'] * 100:.1f} %; top-decile lift {res.lift:.2f}.")
    return PartResult(part, model_html(res), [model_chart(res)], csv, summary)


def questions_html(task: PatternsTask, part: str) -> str:
    p = task.part(part)
    return ("<p><strong>Questions to answer:</strong></p><ol>" + "".join(f"<li>{esc(q)}</li>" for q in p.questions)
            + "</ol>")


def notes_page(task: PatternsTask, part: str, result: PartResult, notes: str, source: str) -> str:
    """A stand-alone HTML page of one part's result and the learner's interpretation (escaped)."""
    p = task.part(part)
    charts = "".join(f"<p><strong>Chart:</strong> {esc(c.description)}</p>" for c in result.charts)
    body = (f"<h1>{esc(task.organisation)}: {esc(p.title)}</h1><p>Data: {esc(source)}</p>{charts}{result.html}"
            f"<h2>My interpretation</h2><p>{esc(notes).replace(chr(10), '<br>') or 'Not written yet.'}</p>")
    return ("<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>"
            f"{esc(p.title)}</title><style>body{{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}}"
            "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;"
            f"text-align:left}}</style></head><body>{body}</body></html>")


def part_static_html(task: PatternsTask, part: str, live_link: str = "") -> str:
    """The book's form of one part: instructions, the worked result on the sample data, the questions, a link."""
    p = task.part(part)
    result = run_part(task, task.sample(), part)
    charts = "".join(c.to_html() for c in result.charts)
    return (f"<div class='cx-activity cx-patterns'><h3 class='cx-activity-title'>{esc(p.title)}</h3>"
            f"<p>{esc(p.instructions)}</p><h4>Worked result on the sample ({esc(task.dataset)}.csv)</h4>"
            f"{charts}{result.html}{questions_html(task, part)}{live_link}</div>")


def patterns_static_html(task: PatternsTask, part: str | None = None, live_link: str = "") -> str:
    """One part, or every part one after another (``part=None``)."""
    if part is not None:
        return part_static_html(task, part, live_link)
    intro = f"<div class='cx-activity cx-patterns'><h3 class='cx-activity-title'>{esc(task.title)}</h3>" \
            f"<p>{esc(task.instructions)}</p></div>"
    return intro + "".join(part_static_html(task, p) for p in PARTS) + live_link
