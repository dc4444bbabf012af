"""Fern & Field's converting paths and SERVQUAL survey: synthetic, seeded, reproducible.

The CIM Level 6 Award in Customer Journey Optimisation follows Fern & Field, a made-up online retailer of
houseplants whose facts are in ``data/cases/cim-l6-cjo/fern-and-field.yml``. This module makes two data sets
for it:

* ``data/datasets/fern_paths.csv`` (:func:`fern_paths`): one row per converting path, January to September
  2026 — the ordered marketing touchpoints a customer met before ordering. The marketing attribution tool
  (``show_attribution``) credits the conversions to channels with five models. The paths are built so the
  models disagree in a way worth explaining: paid social and influencer posts mostly *open* journeys, email,
  paid search and direct visits mostly *close* them, organic search sits in the middle.
* ``data/datasets/fern_servqual.csv`` (:func:`fern_servqual`): the September 2026 SERVQUAL survey, 600
  respondents, the 22 items of Parasuraman, Zeithaml and Berry (1988) reworded for Fern & Field, each scored
  for expectation (E) and perception (P) on a 1–7 scale, plus 100 importance points split across the five
  dimensions. Reliability (delivery on the promised day, plants arriving undamaged) has the largest negative
  gap; Responsiveness (fast live chat) the smallest. The SERVQUAL tool (``show_servqual``) reads it.

Everything is invented; the same seed always gives the same file. How each column is drawn is in
``data/datasets/README.md``. The channels and the four segments are the case file's, spelled the same.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from widgets.sample_data import DEFAULT_SEED, _pick

FERN_PATHS = "fern_paths"
FERN_SERVQUAL = "fern_servqual"
PATH_ROWS = 8000
SURVEY_ROWS = 600
PATH_SEPARATOR = " > "
"""How the touchpoints of one path are joined in the ``touchpoints`` column."""
CHANNELS = ("Paid social", "Paid search", "Organic search", "Email", "Influencer", "Direct")
"""The case file's ``channels:`` list, in its order."""
SEGMENTS = ("Urban renters", "Plant enthusiasts", "Gift buyers", "Workplace")
"""The case file's four segments, in its order."""
PATHS_START = np.datetime64("2026-01-01")
PATHS_END = np.datetime64("2026-09-30")
"""Every path converts on or before this day (first touches run from 1 January 2026)."""
MEAN_ORDER_VALUE = 71.0
"""The case file's average order value; revenue per conversion is scaled to this mean."""

# Per segment: share of paths; mean extra touches after the first (Poisson); mean days between touches;
# relative order value; and how each position of a path picks its channel. ``first`` opens a path of two or
# more touches, ``last`` closes it, ``middle`` fills the touches between, ``only`` is a one-touch path.
PATH_SEGMENTS = {
    "Urban renters": dict(
        share=0.63, extra=2.1, gap=2.2, value=1.0,
        first={"Paid social": 0.44, "Influencer": 0.14, "Organic search": 0.18, "Paid search": 0.11,
               "Direct": 0.06, "Email": 0.07},
        middle={"Organic search": 0.24, "Email": 0.22, "Paid social": 0.26, "Paid search": 0.13, "Direct": 0.08,
                "Influencer": 0.07},
        last={"Email": 0.31, "Paid search": 0.33, "Direct": 0.20, "Organic search": 0.10, "Paid social": 0.05,
              "Influencer": 0.01},
        only={"Direct": 0.34, "Paid search": 0.30, "Organic search": 0.18, "Email": 0.12, "Paid social": 0.06}),
    "Plant enthusiasts": dict(
        share=0.15, extra=2.6, gap=3.0, value=1.25,
        first={"Influencer": 0.34, "Paid social": 0.22, "Organic search": 0.24, "Email": 0.10, "Direct": 0.06,
               "Paid search": 0.04},
        middle={"Email": 0.30, "Organic search": 0.26, "Influencer": 0.16, "Paid social": 0.14, "Direct": 0.10,
                "Paid search": 0.04},
        last={"Email": 0.42, "Direct": 0.30, "Paid search": 0.14, "Organic search": 0.12, "Paid social": 0.02},
        only={"Direct": 0.40, "Email": 0.34, "Organic search": 0.16, "Paid search": 0.10}),
    "Gift buyers": dict(
        share=0.16, extra=1.1, gap=1.2, value=0.85,
        first={"Paid search": 0.36, "Paid social": 0.30, "Organic search": 0.22, "Influencer": 0.08,
               "Direct": 0.02, "Email": 0.02},
        middle={"Organic search": 0.32, "Paid search": 0.28, "Paid social": 0.24, "Email": 0.08, "Direct": 0.08},
        last={"Paid search": 0.50, "Direct": 0.18, "Organic search": 0.16, "Email": 0.12, "Paid social": 0.04},
        only={"Paid search": 0.52, "Organic search": 0.26, "Direct": 0.12, "Paid social": 0.10}),
    "Workplace": dict(
        share=0.06, extra=3.2, gap=5.5, value=2.6,
        first={"Organic search": 0.46, "Paid search": 0.24, "Paid social": 0.14, "Direct": 0.10,
               "Influencer": 0.02, "Email": 0.04},
        middle={"Email": 0.40, "Organic search": 0.22, "Direct": 0.18, "Paid search": 0.14, "Paid social": 0.06},
        last={"Email": 0.38, "Direct": 0.36, "Paid search": 0.18, "Organic search": 0.08},
        only={"Direct": 0.44, "Organic search": 0.30, "Paid search": 0.20, "Email": 0.06}),
}
MAX_TOUCHES = 10
PATH_COLUMNS = ["path_id", "segment", "first_touch_date", "days_to_convert", "touches", "touchpoints",
                "conversions", "revenue"]

# -- SERVQUAL ----------------------------------------------------------------------------------------------

DIMENSIONS = ("Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy")
"""The five SERVQUAL dimensions in the order of the 22 items (Parasuraman, Zeithaml and Berry 1988)."""
SERVQUAL_ITEMS = {
    "Tangibles": (
        "The website and app look modern and are easy to use.",
        "Product photos show the plant's real size and condition.",
        "Plants arrive in sturdy, plastic-free packaging that looks good.",
        "Emails, care cards and delivery notes are clear and attractive.",
    ),
    "Reliability": (
        "Fern & Field delivers on the day it promised.",
        "Plants arrive healthy and undamaged.",
        "The order is right first time (the right plant, pot and size).",
        "When I have a problem, Fern & Field shows a sincere interest in solving it.",
        "Order and delivery updates are accurate.",
    ),
    "Responsiveness": (
        "Fern & Field tells me exactly when my order will arrive.",
        "Live chat replies to me promptly.",
        "Staff are always willing to help.",
        "Staff are never too busy to answer my questions.",
    ),
    "Assurance": (
        "The plant-care advice I get can be trusted.",
        "I feel safe paying and sharing my details.",
        "Staff are consistently courteous.",
        "Staff have the knowledge to answer my plant questions.",
    ),
    "Empathy": (
        "Fern & Field gives me individual attention.",
        "Delivery options suit my working hours.",
        "Staff give me personal attention when I contact them.",
        "Fern & Field has my best interests at heart (emails help rather than sell).",
        "Fern & Field understands what I need for my space and light.",
    ),
}
"""The 22 items, reworded for an online plant retailer from the 1988 SERVQUAL scale (4, 5, 4, 4, 5)."""
ITEM_CODES = {"Tangibles": "tan", "Reliability": "rel", "Responsiveness": "res", "Assurance": "ass",
              "Empathy": "emp"}
"""Column prefixes: item ``i`` of a dimension has columns ``<code><i>_e`` (expectation) and ``<code><i>_p``."""
SURVEY_SEGMENTS = {"Urban renters": 0.58, "Plant enthusiasts": 0.20, "Gift buyers": 0.14, "Workplace": 0.08}
# Latent means before rounding and clipping to 1–7: expectation and perception per item.
ITEM_MEANS = {
    "Tangibles": ((5.6, 5.2), (6.0, 5.3), (5.8, 5.5), (5.3, 5.0)),
    "Reliability": ((6.7, 4.2), (6.8, 4.7), (6.5, 5.6), (6.3, 5.3), (6.3, 5.0)),
    "Responsiveness": ((6.0, 5.6), (6.2, 6.2), (6.1, 5.8), (5.9, 5.9)),
    "Assurance": ((6.3, 5.5), (6.6, 6.2), (6.0, 5.9), (6.3, 5.6)),
    "Empathy": ((5.4, 4.8), (6.1, 4.4), (5.6, 5.2), (5.8, 4.6), (5.5, 4.9)),
}
# Per segment: shifts to the perception of each dimension (the segment's own experience).
SEGMENT_PERCEPTION = {
    "Urban renters": {"Reliability": -0.15, "Empathy": -0.2},
    "Plant enthusiasts": {"Assurance": 0.25, "Reliability": -0.1, "Tangibles": 0.1},
    "Gift buyers": {"Reliability": -0.3, "Empathy": 0.1},
    "Workplace": {"Reliability": 0.6, "Empathy": 0.45, "Responsiveness": 0.1},
}
# Mean importance points (out of 100) per dimension, by segment; each respondent's split is a Dirichlet draw.
IMPORTANCE = {
    "Urban renters": {"Tangibles": 11, "Reliability": 33, "Responsiveness": 20, "Assurance": 17, "Empathy": 19},
    "Plant enthusiasts": {"Tangibles": 12, "Reliability": 30, "Responsiveness": 17, "Assurance": 26, "Empathy": 15},
    "Gift buyers": {"Tangibles": 16, "Reliability": 40, "Responsiveness": 18, "Assurance": 14, "Empathy": 12},
    "Workplace": {"Tangibles": 14, "Reliability": 28, "Responsiveness": 26, "Assurance": 18, "Empathy": 14},
}
SURVEY_START = np.datetime64("2026-09-01")


def item_columns() -> list[tuple[str, int, str, str]]:
    """Each item as ``(dimension, number, expectation column, perception column)``, in survey order."""
    out = []
    for dimension in DIMENSIONS:
        code = ITEM_CODES[dimension]
        for i in range(1, len(SERVQUAL_ITEMS[dimension]) + 1):
            out.append((dimension, i, f"{code}{i}_e", f"{code}{i}_p"))
    return out


def importance_column(dimension: str) -> str:
    """The column with a respondent's importance points for ``dimension``, e.g. ``importance_reliability``."""
    return f"importance_{dimension.lower()}"


SURVEY_COLUMNS = (["respondent_id", "date", "segment"] + [c for _d, _i, e, p in item_columns() for c in (e, p)]
                  + [importance_column(d) for d in DIMENSIONS])


def _check_rows(rows: int, most: int, what: str) -> None:
    if isinstance(rows, bool) or not isinstance(rows, (int, np.integer)) or not 1 <= rows <= most:
        raise ValueError(f"The {what} can hold 1 to {most:,} rows.")


def fern_paths(rows: int = PATH_ROWS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """``rows`` converting paths of Fern & Field, January to September 2026 (see ``data/datasets/README.md``)."""
    _check_rows(rows, 1_000_000, "paths data set")
    rng = np.random.default_rng(seed + 26)
    n = rows
    segment = _pick(rng, {s: PATH_SEGMENTS[s]["share"] for s in SEGMENTS}, n)
    touches = np.empty(n, dtype=int)
    days = np.empty(n, dtype=int)
    value = np.empty(n, dtype=float)
    paths = np.empty(n, dtype=object)
    for name in SEGMENTS:
        info = PATH_SEGMENTS[name]
        at = np.flatnonzero(segment == name)
        m = len(at)
        length = np.minimum(1 + rng.poisson(info["extra"], m), MAX_TOUCHES)
        first = _pick(rng, info["first"], m)
        last = _pick(rng, info["last"], m)
        only = _pick(rng, info["only"], m)
        middle = _pick(rng, info["middle"], int(np.maximum(length - 2, 0).sum()))
        k = 0
        texts = []
        for j in range(m):
            size = int(length[j])
            if size == 1:
                steps = [only[j]]
            else:
                steps = [first[j], *middle[k:k + size - 2], last[j]]
                k += size - 2
            texts.append(PATH_SEPARATOR.join(steps))
        paths[at] = texts
        touches[at] = length
        gaps = rng.exponential(info["gap"], (m, MAX_TOUCHES - 1))
        spread = np.where(np.arange(MAX_TOUCHES - 1) < (length - 1)[:, None], gaps, 0.0).sum(axis=1)
        days[at] = np.rint(spread).astype(int)
        value[at] = info["value"]
    span = int((PATHS_END - PATHS_START) / np.timedelta64(1, "D"))
    start = rng.integers(0, span + 1, n)
    # Gift buyers cluster in the weeks before Mothering Sunday (15 March 2026).
    gifts = (segment == "Gift buyers") & (rng.random(n) < 0.45)
    start[gifts] = rng.integers(49, 74, int(gifts.sum()))
    days = np.minimum(days, span - start)
    first_date = (PATHS_START + start.astype("timedelta64[D]")).astype(str)
    conversions = 1 + (rng.random(n) < 0.05) + (rng.random(n) < 0.01)
    order = rng.lognormal(0, 0.45, n) * value
    order = order / (order * conversions).sum() * conversions.sum() * MEAN_ORDER_VALUE
    revenue = np.round(order * conversions, 2)
    frame = pd.DataFrame({
        "path_id": [f"P{i:05d}" for i in range(1, n + 1)], "segment": segment, "first_touch_date": first_date,
        "days_to_convert": days, "touches": touches, "touchpoints": paths, "conversions": conversions,
        "revenue": revenue})
    return frame[PATH_COLUMNS]


def _dirichlet_points(rng: np.random.Generator, means: dict[str, float], n: int) -> np.ndarray:
    """``n`` splits of 100 points across the dimensions (whole numbers, each row adds up to 100)."""
    alpha = np.array([means[d] for d in DIMENSIONS], dtype=float) / 100 * 40
    shares = rng.dirichlet(alpha, n) * 100
    points = np.floor(shares).astype(int)
    short = 100 - points.sum(axis=1)
    remainder = shares - points
    order = np.argsort(-remainder, axis=1)
    for row in range(n):
        points[row, order[row, :short[row]]] += 1
    return points


def fern_servqual(rows: int = SURVEY_ROWS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The September 2026 SERVQUAL survey of Fern & Field customers (see ``data/datasets/README.md``)."""
    _check_rows(rows, 1_000_000, "SERVQUAL survey")
    rng = np.random.default_rng(seed + 27)
    n = rows
    segment = _pick(rng, SURVEY_SEGMENTS, n)
    expects_more = rng.normal(0, 0.45, n)  # some respondents expect more of everyone
    mood = rng.normal(0, 0.55, n)  # and some rate everything more kindly
    data: dict[str, object] = {
        "respondent_id": [f"S{i:04d}" for i in range(1, n + 1)],
        "date": (SURVEY_START + rng.integers(0, 30, n).astype("timedelta64[D]")).astype(str),
        "segment": segment,
    }
    for dimension in DIMENSIONS:
        shift = np.array([SEGMENT_PERCEPTION[s].get(dimension, 0.0) for s in segment])
        felt = rng.normal(0, 0.45, n)  # how this respondent found the dimension as a whole
        for i, (e_mean, p_mean) in enumerate(ITEM_MEANS[dimension], start=1):
            code = ITEM_CODES[dimension]
            e = e_mean + expects_more + rng.normal(0, 0.6, n)
            p = p_mean + mood + shift + felt + rng.normal(0, 0.75, n)
            data[f"{code}{i}_e"] = np.clip(np.rint(e), 1, 7).astype(int)
            data[f"{code}{i}_p"] = np.clip(np.rint(p), 1, 7).astype(int)
    points = np.empty((n, len(DIMENSIONS)), dtype=int)
    for name in SEGMENTS:
        at = segment == name
        points[at] = _dirichlet_points(rng, IMPORTANCE[name], int(at.sum()))
    for j, dimension in enumerate(DIMENSIONS):
        data[importance_column(dimension)] = points[:, j]
    return pd.DataFrame(data)[SURVEY_COLUMNS]


def write_fern_journeys(out, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``<out>/fern_paths.csv`` and ``<out>/fern_servqual.csv`` (UTF-8, no index, fixed sizes)."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    # The package's own synthetic data sets (no learner text), so not written through widgets.exports.
    for name, frame in ((FERN_PATHS, fern_paths(seed=seed)), (FERN_SERVQUAL, fern_servqual(seed=seed))):
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written
