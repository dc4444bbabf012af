"""Synthetic service-quality survey of Hartwell Home & Garden, the running case of the CIM Level 4 Customer
Experience module (data/cases/cim-l4-cx/hartwell-home-and-garden.yml):

* ``data/datasets/hartwell_service_survey.csv`` (:func:`hartwell_service_survey`): the 2026 RATER survey of
  store and delivery service, 800 respondents in June 2026, the 22 SERVQUAL items (Parasuraman, Zeithaml and
  Berry 1988; the RATER dimensions of Zeithaml, Parasuraman and Berry 1990) reworded for a garden-centre and
  home-store chain (:data:`HARTWELL_ITEMS`), each scored for expectation (E) and perception (P) from 1 to 7,
  plus 100 importance points split across the five dimensions. The columns are exactly those of
  ``fern_servqual.csv``, so the SERVQUAL tool (``show_servqual``) reads it unchanged.

How it is designed to teach: Reliability has the largest shortfall, driven by item 1 (delivery on the promised
day); Tangibles (the garden centres' displays, healthy stock) the smallest; Trade customers (landscapers with
trade accounts) differ most: a much larger Reliability and Responsiveness gap, and they give Tangibles few
importance points. The segments are the case file's five customer groups, spelled the same.

Everything is invented; the same seed always gives the same file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from widgets.sample_data import DEFAULT_SEED, _pick
from widgets.sample_fern_journeys import (
    DIMENSIONS,
    ITEM_CODES,
    SURVEY_COLUMNS,
    _check_rows,
    _dirichlet_points,
    importance_column,
)

HARTWELL_SURVEY = "hartwell_service_survey"
SURVEY_ROWS = 800
SURVEY_START = np.datetime64("2026-06-01")
SURVEY_DAYS = 30
SEGMENTS = ("Keen gardeners", "New home makers", "Family day out", "Trade", "Gift and occasion")
"""The case file's ``customer_groups``, in its order."""
SURVEY_SEGMENTS = {"Keen gardeners": 0.36, "New home makers": 0.22, "Family day out": 0.22, "Trade": 0.12,
                   "Gift and occasion": 0.08}
"""Share of respondents drawn from each group (Trade over-sampled so its 90-odd answers can be compared)."""

HARTWELL_ITEMS = {
    "Tangibles": (
        "Garden centre and store displays are attractive and easy to find my way around.",
        "Plants on sale look healthy and well cared for.",
        "The website and app are easy to use.",
        "Staff are easy to spot and look neat.",
    ),
    "Reliability": (
        "Hartwell delivers on the day it promised.",
        "Click and collect orders are ready when promised.",
        "The items I order are right first time (right product, size and quantity).",
        "When I have a problem, Hartwell shows a sincere interest in solving it.",
        "The two-year plant guarantee is honoured without fuss.",
    ),
    "Responsiveness": (
        "Hartwell tells me exactly when my order will arrive or be ready.",
        "I am served promptly at the tills and in the café.",
        "Staff are always willing to help.",
        "Complaints and questions are answered quickly.",
    ),
    "Assurance": (
        "The plant and garden advice I get can be trusted.",
        "I feel safe paying and sharing my details, in store and online.",
        "Staff are consistently courteous.",
        "Staff have the knowledge to answer my questions.",
    ),
    "Empathy": (
        "Hartwell gives me individual attention.",
        "Opening hours and delivery slots suit me.",
        "Staff give me personal attention when I need it.",
        "Hartwell has my best interests at heart (Rewards offers help rather than push).",
        "Hartwell understands my specific needs.",
    ),
}
"""The 22 items (4, 5, 4, 4, 5 as in the 1988 scale), reworded for Hartwell's stores, café, website and delivery."""

# Latent means before rounding and clipping to 1–7: (expectation, perception) per item.
ITEM_MEANS = {
    "Tangibles": ((5.5, 5.5), (6.1, 5.8), (5.6, 5.3), (5.0, 5.0)),
    "Reliability": ((6.7, 4.1), (6.4, 5.1), (6.4, 5.3), (6.2, 5.0), (6.3, 5.4)),
    "Responsiveness": ((5.9, 5.0), (5.7, 5.0), (6.0, 5.5), (6.1, 4.9)),
    "Assurance": ((6.3, 5.9), (6.4, 6.0), (6.0, 5.8), (6.4, 5.8)),
    "Empathy": ((5.3, 4.7), (5.9, 5.0), (5.5, 5.0), (5.6, 4.9), (5.6, 4.9)),
}
SEGMENT_PERCEPTION = {
    "Keen gardeners": {"Assurance": 0.2, "Tangibles": 0.1},
    "New home makers": {"Reliability": -0.15, "Empathy": -0.1},
    "Family day out": {"Tangibles": 0.15, "Empathy": 0.2, "Responsiveness": -0.15},
    "Trade": {"Reliability": -0.8, "Responsiveness": -0.6, "Empathy": -0.3, "Tangibles": -0.1},
    "Gift and occasion": {"Reliability": -0.1, "Empathy": 0.1},
}
"""Shifts to each group's perception of a dimension (its own experience)."""
SEGMENT_EXPECTATION = {"Trade": {"Reliability": 0.3, "Responsiveness": 0.3, "Tangibles": -0.5}}
"""Shifts to a group's expectation: trade buyers expect more of delivery and speed, less of displays."""
IMPORTANCE = {
    "Keen gardeners": {"Tangibles": 15, "Reliability": 27, "Responsiveness": 16, "Assurance": 26, "Empathy": 16},
    "New home makers": {"Tangibles": 16, "Reliability": 32, "Responsiveness": 19, "Assurance": 15, "Empathy": 18},
    "Family day out": {"Tangibles": 24, "Reliability": 20, "Responsiveness": 20, "Assurance": 14, "Empathy": 22},
    "Trade": {"Tangibles": 5, "Reliability": 42, "Responsiveness": 28, "Assurance": 13, "Empathy": 12},
    "Gift and occasion": {"Tangibles": 20, "Reliability": 30, "Responsiveness": 18, "Assurance": 14, "Empathy": 18},
}
"""Mean importance points (out of 100) per dimension by group; each respondent's split is a Dirichlet draw."""


def hartwell_service_survey(rows: int = SURVEY_ROWS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Hartwell's 2026 RATER survey (see the module docstring and ``data/datasets/README.md``): the columns of
    ``fern_servqual.csv`` (``respondent_id``, ``date``, ``segment``, ``tan1_e`` … ``emp5_p``, five
    ``importance_<dimension>`` columns)."""
    _check_rows(rows, 1_000_000, "service survey")
    rng = np.random.default_rng(seed + 41)
    n = rows
    segment = _pick(rng, SURVEY_SEGMENTS, n)
    expects_more = rng.normal(0, 0.45, n)  # some respondents expect more of everyone
    mood = rng.normal(0, 0.5, n)  # and some rate everything more kindly
    data: dict[str, object] = {
        "respondent_id": [f"H{i:04d}" for i in range(1, n + 1)],
        "date": (SURVEY_START + rng.integers(0, SURVEY_DAYS, n).astype("timedelta64[D]")).astype(str),
        "segment": segment,
    }
    for dimension in DIMENSIONS:
        p_shift = np.array([SEGMENT_PERCEPTION[s].get(dimension, 0.0) for s in segment])
        e_shift = np.array([SEGMENT_EXPECTATION.get(s, {}).get(dimension, 0.0) for s in segment])
        felt = rng.normal(0, 0.45, n)  # how this respondent found the dimension as a whole
        code = ITEM_CODES[dimension]
        for i, (e_mean, p_mean) in enumerate(ITEM_MEANS[dimension], start=1):
            e = e_mean + e_shift + expects_more + rng.normal(0, 0.6, n)
            p = p_mean + p_shift + mood + felt + rng.normal(0, 0.75, n)
            data[f"{code}{i}_e"] = np.clip(np.rint(e), 1, 7).astype(int)
            data[f"{code}{i}_p"] = np.clip(np.rint(p), 1, 7).astype(int)
    points = np.empty((n, len(DIMENSIONS)), dtype=int)
    for name in SEGMENTS:
        at = segment == name
        points[at] = _dirichlet_points(rng, IMPORTANCE[name], int(at.sum()))
    for j, dimension in enumerate(DIMENSIONS):
        data[importance_column(dimension)] = points[:, j]
    return pd.DataFrame(data)[SURVEY_COLUMNS]


def write_hartwell_survey(out, seed: int = DEFAULT_SEED) -> Path:
    """Write ``<out>/hartwell_service_survey.csv`` (UTF-8, no index, "\\n" line ends)."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{HARTWELL_SURVEY}.csv"
    # The package's own synthetic data (no learner text), so not written through widgets.exports.
    hartwell_service_survey(seed=seed).to_csv(path, index=False, lineterminator="\n")
    return path
