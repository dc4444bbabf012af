"""Seeded generator for ``data/datasets/fern_orders.csv``: orders of Fern & Field (synthetic).

Fern & Field is the fictional online plant retailer of the CIM Level 6 case
(``data/cases/cim-l6-cjo/fern-and-field.yml``). The file is a *sample* of its customers (14,534
customers and 29,271 orders, January 2024 to September 2026), not the whole business: the case's own
totals (118,300 orders in 2025) are for every customer. The sample keeps the case's revenue shares by
segment, average order value, first-attempt delivery and damage rates.

The model is simple on purpose and has patterns worth finding (``data/datasets/README.md``):

* a growth trend (new customers arrive about 30 % faster each year; customers who joined in 2022
  and 2023 also order in the window) and seasonality: Gift buyers
  arrive mostly in November, December and the weeks before Mother's Day (March in the UK), and
  everybody buys a little more in spring;
* preferences that differ by segment (channel, product category, content);
* a correlation that is **not** cause: Plant enthusiasts read the care guide far more often *and*
  repeat far more often, so orders after a care-guide read repeat about 18 points more often, but
  inside each segment the difference is within two points (the direct effect in the model is +0.12
  on the log-odds of coming back);
* a real effect: an order not delivered at the first attempt (or damaged) makes the next order less
  likely, so ``delivered_first_attempt = no`` lowers ``repeat_within_90_days``.

The same seed always gives the same frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_SEED = 20260901
DEFAULT_CUSTOMERS = 18000
START = pd.Timestamp("2024-01-01")
END = pd.Timestamp("2026-09-30")
SIM_START = pd.Timestamp("2022-01-01")  # customers who joined earlier also order in the window
REPEAT_WINDOW_DAYS = 90

SEGMENTS = ["Urban renters", "Plant enthusiasts", "Gift buyers", "Workplace"]
DEVICES = ["mobile", "desktop", "app"]
CHANNELS = ["Paid social", "Paid search", "Organic search", "Email", "Influencer", "Direct"]
CATEGORIES = ["Easy-care plants", "Statement plants", "Rare plants", "Planters", "Care products",
              "Plant Club box"]
CONTENT = ["Care guide", "Instagram reel", "Email care series", "None"]
COLUMNS = ["order_id", "customer_id", "order_date", "segment", "device", "channel", "product_category",
           "content_engaged", "order_value", "delivered_first_attempt", "damaged", "review_score",
           "repeat_within_90_days"]

# share of customers in the sample by segment
SEGMENT_SHARE = {"Urban renters": 0.7185, "Plant enthusiasts": 0.053, "Gift buyers": 0.225, "Workplace": 0.0035}
# after each order: chance of coming back at all (before delivery effects), and mean gap in days
COME_BACK = {"Urban renters": 0.66, "Plant enthusiasts": 0.84, "Gift buyers": 0.36, "Workplace": 0.97}
MEAN_GAP = {"Urban renters": 210.0, "Plant enthusiasts": 55.0, "Gift buyers": 260.0, "Workplace": 30.0}
VALUE_FACTOR = {"Urban renters": 0.98, "Plant enthusiasts": 1.0, "Gift buyers": 1.02, "Workplace": 1.8}

# preferences by segment (probabilities, in the order of the lists above)
DEVICE_P = {"Urban renters": [0.70, 0.06, 0.24], "Plant enthusiasts": [0.45, 0.22, 0.33],
            "Gift buyers": [0.62, 0.30, 0.08], "Workplace": [0.15, 0.85, 0.00]}
# first orders and repeat orders come through different channels
FIRST_CHANNEL_P = {"Urban renters": [0.38, 0.20, 0.12, 0.02, 0.20, 0.08],
                   "Plant enthusiasts": [0.14, 0.18, 0.34, 0.04, 0.18, 0.12],
                   "Gift buyers": [0.20, 0.46, 0.16, 0.02, 0.06, 0.10],
                   "Workplace": [0.00, 0.30, 0.35, 0.05, 0.00, 0.30]}
REPEAT_CHANNEL_P = {"Urban renters": [0.22, 0.12, 0.12, 0.30, 0.09, 0.15],
                    "Plant enthusiasts": [0.06, 0.08, 0.18, 0.38, 0.08, 0.22],
                    "Gift buyers": [0.16, 0.34, 0.14, 0.16, 0.04, 0.16],
                    "Workplace": [0.00, 0.05, 0.05, 0.35, 0.00, 0.55]}
CATEGORY_P = {"Urban renters": [0.36, 0.18, 0.03, 0.20, 0.17, 0.06],
              "Plant enthusiasts": [0.08, 0.16, 0.42, 0.10, 0.20, 0.04],
              "Gift buyers": [0.34, 0.32, 0.02, 0.12, 0.04, 0.16],
              "Workplace": [0.25, 0.45, 0.00, 0.20, 0.10, 0.00]}
CONTENT_P = {"Urban renters": [0.12, 0.32, 0.10, 0.46], "Plant enthusiasts": [0.52, 0.12, 0.20, 0.16],
             "Gift buyers": [0.06, 0.10, 0.02, 0.82], "Workplace": [0.05, 0.00, 0.05, 0.90]}
# median order value by category (lognormal, spread 0.35)
CATEGORY_VALUE = {"Easy-care plants": 52.0, "Statement plants": 108.0, "Rare plants": 118.0,
                  "Planters": 62.0, "Care products": 26.0, "Plant Club box": 36.0}


def _month_weights(segment: str, months: pd.DatetimeIndex) -> np.ndarray:
    """Relative chance that a new customer of ``segment`` arrives in each month."""
    years = (months - SIM_START).days.to_numpy() / 365.25
    growth = 1.30 ** years
    m = months.month.to_numpy()
    spring = np.where(np.isin(m, [3, 4, 5]), 1.25, 1.0) * np.where(np.isin(m, [7, 8]), 0.85, 1.0)
    if segment == "Gift buyers":
        season = np.select([m == 11, m == 12, m == 3, m == 2], [3.2, 4.2, 2.6, 1.2], 0.45)
    else:
        season = spring
    return growth * season


def _draw_first_dates(rng: np.random.Generator, segment: str, n: int) -> np.ndarray:
    months = pd.date_range(SIM_START, END, freq="MS")
    weights = _month_weights(segment, months)
    idx = rng.choice(len(months), size=n, p=weights / weights.sum())
    days_in = months[idx].days_in_month.to_numpy()
    offset = np.floor(rng.random(n) * days_in).astype(int)
    return (months[idx].to_numpy() + offset.astype("timedelta64[D]")).astype("datetime64[D]")


def _choose(rng: np.random.Generator, table: dict[str, list[float]], labels: list[str],
            segments: np.ndarray) -> np.ndarray:
    out = np.empty(len(segments), dtype=object)
    for seg in SEGMENTS:
        mask = segments == seg
        if mask.any():
            p = np.asarray(table[seg], dtype=float)
            out[mask] = rng.choice(labels, size=int(mask.sum()), p=p / p.sum())
    return out


def fern_orders(seed: int = DEFAULT_SEED, customers: int = DEFAULT_CUSTOMERS) -> pd.DataFrame:
    """Return the synthetic Fern & Field orders (one row per order, sorted by date).

    ``customers`` sets the size (12,000 give about 30,000 orders; 40,000 about 100,000).
    """
    if customers < 1:
        raise ValueError("customers must be at least 1")
    rng = np.random.default_rng(seed)
    n = int(customers)
    seg = rng.choice(SEGMENTS, size=n, p=np.array(list(SEGMENT_SHARE.values())))
    first = np.empty(n, dtype="datetime64[D]")
    for s in SEGMENTS:
        mask = seg == s
        first[mask] = _draw_first_dates(rng, s, int(mask.sum()))
    # each customer's own taste for coming back (a hidden trait: some people simply like plants more)
    loyalty = rng.normal(0.0, 0.5, n)

    rows: list[dict[str, np.ndarray]] = []
    cust = np.arange(n)
    date = first.copy()
    order_no = np.zeros(n, dtype=int)
    alive = np.ones(n, dtype=bool)
    end_day = np.datetime64(END.date(), "D")
    while alive.any():
        c = cust[alive]
        s = seg[c]
        d = date[c]
        k = len(c)
        is_first = order_no[c] == 0
        device = _choose(rng, DEVICE_P, DEVICES, s)
        channel = np.where(is_first, _choose(rng, FIRST_CHANNEL_P, CHANNELS, s),
                           _choose(rng, REPEAT_CHANNEL_P, CHANNELS, s))
        category = _choose(rng, CATEGORY_P, CATEGORIES, s)
        content = _choose(rng, CONTENT_P, CONTENT, s)
        median = np.array([CATEGORY_VALUE[x] for x in category]) * np.array([VALUE_FACTOR[x] for x in s])
        value = np.round(median * np.exp(rng.normal(0.0, 0.35, k)), 2)
        # delivery: the courier misses people out at work; improves slightly in 2026
        year = d.astype("datetime64[Y]").astype(int) + 1970
        p_miss = np.where(s == "Workplace", 0.08, 0.30) - np.where(year >= 2026, 0.02, 0.0)
        p_miss = p_miss + np.where(device == "app", -0.03, 0.0)
        delivered = rng.random(k) >= p_miss
        damaged = rng.random(k) < np.where(category == "Care products", 0.01, 0.048)
        # reviews: about 7 % of orders, more after a bad experience
        p_review = 0.065 + 0.06 * damaged + 0.02 * ~delivered
        reviewed = rng.random(k) < p_review
        base = rng.choice([5, 4, 3, 2, 1], size=k, p=[0.62, 0.28, 0.06, 0.02, 0.02])
        bad = rng.choice([1, 2, 3], size=k, p=[0.55, 0.35, 0.10])
        grumble = ~delivered & (rng.random(k) < 0.5)
        score = np.where(damaged, bad, np.where(grumble, np.maximum(base - 1, 1), base)).astype(float)
        score = np.where(reviewed, score, np.nan)
        rows.append({"cust": c, "date": d, "segment": s, "device": device, "channel": channel,
                     "category": category, "content": content, "value": value, "delivered": delivered,
                     "damaged": damaged, "score": score})
        # does the customer come back, and when?
        p = np.array([COME_BACK[x] for x in s])
        logit = np.log(p / (1 - p)) + loyalty[c] + 0.12 * (content == "Care guide")
        logit = logit - 0.85 * ~delivered - 0.9 * damaged + 0.15 * np.minimum(order_no[c], 4)
        back = rng.random(k) < 1 / (1 + np.exp(-logit))
        gap_mean = np.array([MEAN_GAP[x] for x in s]) * np.exp(-0.3 * loyalty[c])
        shape = np.where(s == "Workplace", 4.0, np.where(s == "Plant enthusiasts", 1.5, 2.0))
        gap = np.maximum(1, np.round(rng.gamma(shape, gap_mean / shape))).astype(int)
        # Gift buyers who come back do so for the next gifting season
        nxt = d + gap.astype("timedelta64[D]")
        gift = (s == "Gift buyers") & back
        if gift.any():
            nm = pd.DatetimeIndex(nxt[gift]).month.to_numpy()
            shift = np.select([np.isin(nm, [6, 7, 8, 9]), np.isin(nm, [1, 2])],
                              [rng.integers(60, 150, len(nm)), rng.integers(20, 50, len(nm))], 0)
            nxt[gift] = nxt[gift] + shift.astype("timedelta64[D]")
        order_no[c] += 1
        date[c] = nxt
        alive[c] = back & (nxt <= end_day)

    parts = {key: np.concatenate([r[key] for r in rows]) for key in rows[0]}
    frame = pd.DataFrame(parts)
    frame["date"] = pd.to_datetime(frame["date"])
    frame = frame.sort_values(["date", "cust"], kind="mergesort").reset_index(drop=True)
    # repeat within 90 days: does the same customer order again within 90 days of this order?
    by_cust = frame.sort_values(["cust", "date"], kind="mergesort")
    frame["next"] = by_cust.groupby("cust")["date"].shift(-1).reindex(frame.index)
    # keep the window January 2024 to September 2026; number customers by their first order in it
    frame = frame[frame["date"] >= START].reset_index(drop=True)
    nxt_date = frame["next"]
    frame["cust"] = pd.factorize(frame["cust"])[0]
    within = (nxt_date - frame["date"]).dt.days <= REPEAT_WINDOW_DAYS
    known = frame["date"] <= END - pd.Timedelta(days=REPEAT_WINDOW_DAYS)
    repeat = np.where(~known, "unknown", np.where(within, "yes", "no"))
    yes_no = np.array(["no", "yes"])
    cust_ids = pd.Series(frame["cust"]).map(lambda i: f"FF{i + 1:06d}")
    out = pd.DataFrame({
        "order_id": [f"O{i + 1:06d}" for i in range(len(frame))],
        "customer_id": cust_ids.to_numpy(),
        "order_date": frame["date"].dt.strftime("%Y-%m-%d"),
        "segment": frame["segment"],
        "device": frame["device"],
        "channel": frame["channel"],
        "product_category": frame["category"],
        "content_engaged": frame["content"],
        "order_value": frame["value"].map(lambda v: f"{v:.2f}"),
        "delivered_first_attempt": yes_no[frame["delivered"].astype(int)],
        "damaged": yes_no[frame["damaged"].astype(int)],
        "review_score": frame["score"].map(lambda v: "" if np.isnan(v) else str(int(v))),
        "repeat_within_90_days": repeat,
    })
    return out[COLUMNS]


def summary(frame: pd.DataFrame) -> dict[str, float]:
    """The headline figures of a generated frame (used in the README and the tests)."""
    value = frame["order_value"].astype(float)
    seg_rev = value.groupby(frame["segment"]).sum() / value.sum()
    firsts = ~frame["customer_id"].duplicated()
    known = frame["repeat_within_90_days"] != "unknown"
    scores = pd.to_numeric(frame["review_score"], errors="coerce")
    return {
        "orders": float(len(frame)),
        "customers": float(frame["customer_id"].nunique()),
        "aov": float(value.mean()),
        **{f"revenue_share_{k}": float(v) for k, v in seg_rev.items()},
        "first_attempt_rate": float((frame["delivered_first_attempt"] == "yes").mean()),
        "damage_rate": float((frame["damaged"] == "yes").mean()),
        "review_rate": float(scores.notna().mean()),
        "average_rating": float(scores.mean()),
        "repeat_rate_known": float((frame.loc[known, "repeat_within_90_days"] == "yes").mean()),
        "repeat_rate_first_orders": float(
            (frame.loc[known & firsts, "repeat_within_90_days"] == "yes").mean()),
        **{f"device_{k}": float(v) for k, v in frame["device"].value_counts(normalize=True).items()},
    }


if __name__ == "__main__":  # pragma: no cover
    f = fern_orders()
    for key, val in summary(f).items():
        print(f"{key}: {val:.4f}")
