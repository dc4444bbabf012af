"""Hartwell Home & Garden's 2025 compliments and other feedback: a reproducible, made-up data set for the CIM
Level 4 measurement plan (5.3, :mod:`widgets.activities.measurement_plan`).

``hartwell_feedback(seed=2025)`` builds it; the committed copy is ``data/datasets/hartwell_feedback.csv``
(written by ``python -m widgets.sample_hartwell_feedback``; a test checks the two are equal). One row per piece of
feedback received in 2025:

* ``feedback_id`` (F00001 …), ``received_at`` (``YYYY-MM-DD HH:MM``), ``type`` (Compliment, Suggestion, Question,
  Review, Complaint follow-up), ``channel``, ``store_type`` (Garden centre, Town-centre home store, Online),
  ``topic`` (the six complaint categories plus Advice from staff, Café, Plants, Events);
* ``rating`` — 1 to 5 for reviews, blank otherwise;
* ``complaint_id`` and ``satisfied_with_complaint_response`` (yes/no) — only for the follow-up survey of
  complainants, which links each answer to its complaint in ``retail_complaints.csv``.

Patterns built in for learners to find (they are tendencies, drawn at random, so the exact figures come from the
data): most compliments are about advice from staff; suggestions and questions about delivery cluster in spring
(March to May, the busy planting season); reviews of online orders about delivery are rated lower; and
complainants are far more often satisfied with the response when the first reply came within 24 hours.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = ["feedback_id", "received_at", "type", "channel", "store_type", "topic", "rating", "complaint_id",
           "satisfied_with_complaint_response"]
COMPLAINT_TOPICS = ["Delivery", "Product quality", "Returns and refunds", "Staff and service", "Billing",
                    "Website and app"]
OTHER_TOPICS = ["Advice from staff", "Café", "Plants", "Events"]
TOPICS = COMPLAINT_TOPICS + OTHER_TOPICS
STORE_TYPES = ["Garden centre", "Town-centre home store", "Online"]
HARTWELL_FEEDBACK = "hartwell_feedback"
PATH = Path(__file__).resolve().parent.parent / "data" / "datasets" / "hartwell_feedback.csv"

# type: (rows, channels and weights, topic weights in TOPICS order)
_PLAN = {
    "Compliment": (620, (["In store", "Email", "Social media", "Web chat", "Phone"], [0.42, 0.2, 0.22, 0.08, 0.08]),
                   [0.05, 0.08, 0.02, 0.09, 0.01, 0.03, 0.38, 0.12, 0.17, 0.05]),
    "Suggestion": (240, (["Email", "In store", "Social media", "Web chat"], [0.35, 0.3, 0.2, 0.15]),
                   [0.2, 0.06, 0.08, 0.05, 0.03, 0.2, 0.03, 0.15, 0.1, 0.1]),
    "Question": (380, (["Phone", "Email", "Web chat", "Social media", "In store"], [0.3, 0.25, 0.25, 0.1, 0.1]),
                 [0.26, 0.08, 0.14, 0.02, 0.07, 0.1, 0.05, 0.03, 0.17, 0.08]),
    "Review": (560, (["Review site", "App store", "Social media"], [0.6, 0.15, 0.25]),
               [0.16, 0.14, 0.05, 0.1, 0.02, 0.08, 0.16, 0.1, 0.14, 0.05]),
}
_SPRING = {3: 2.2, 4: 2.6, 5: 2.2}
"""How much more likely a delivery suggestion or question is in March, April and May than in another month."""


def _times(rng: np.random.Generator, n: int, months: np.ndarray | None = None) -> pd.Series:
    if months is None:
        months = rng.integers(1, 13, n)
    days = np.array([rng.integers(1, pd.Timestamp(2025, int(m), 1).days_in_month + 1) for m in months])
    minutes = rng.integers(8 * 60, 20 * 60, n)
    stamps = pd.to_datetime({"year": 2025, "month": months, "day": days}) + pd.to_timedelta(minutes, unit="min")
    return stamps


def _store_types(rng: np.random.Generator, channels: np.ndarray, topics: np.ndarray) -> np.ndarray:
    out = []
    for channel, topic in zip(channels, topics, strict=True):
        if channel == "In store" or topic in ("Café", "Events"):
            out.append(rng.choice(STORE_TYPES[:2], p=[0.8, 0.2]) if topic not in ("Café", "Events")
                       else "Garden centre")
        elif topic in ("Delivery", "Website and app") or channel == "App store":
            out.append("Online")
        else:
            out.append(rng.choice(STORE_TYPES, p=[0.55, 0.15, 0.3]))
    return np.array(out)


def _feedback_rows(rng: np.random.Generator) -> pd.DataFrame:
    parts = []
    for kind, (n, (channels, cw), tw) in _PLAN.items():
        topics = rng.choice(TOPICS, size=n, p=np.array(tw) / sum(tw))
        month_w = np.ones(12)
        months = np.empty(n, dtype=int)
        for i, topic in enumerate(topics):
            w = month_w.copy()
            if topic == "Delivery" and kind in ("Suggestion", "Question"):
                for m, f in _SPRING.items():
                    w[m - 1] = f
            months[i] = rng.choice(np.arange(1, 13), p=w / w.sum())
        chan = rng.choice(channels, size=n, p=cw)
        frame = pd.DataFrame({"received_at": _times(rng, n, months), "type": kind, "channel": chan,
                              "store_type": _store_types(rng, chan, topics), "topic": topics})
        if kind == "Review":
            ratings = []
            for topic, store in zip(frame.topic, frame.store_type, strict=True):
                if topic in ("Advice from staff", "Plants", "Café"):
                    p = [0.03, 0.04, 0.1, 0.33, 0.5]
                elif topic == "Delivery" and store == "Online":
                    p = [0.24, 0.2, 0.22, 0.2, 0.14]
                else:
                    p = [0.08, 0.1, 0.2, 0.32, 0.3]
                ratings.append(int(rng.choice([1, 2, 3, 4, 5], p=p)))
            frame["rating"] = ratings
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def _follow_ups(rng: np.random.Generator, complaints: pd.DataFrame) -> pd.DataFrame:
    """A follow-up survey of complainants: about four in ten resolved complaints answered within a week of the
    resolution (only those answered in 2025)."""
    resolved = complaints.dropna(subset=["resolved_at"]).copy()
    answered = resolved[rng.random(len(resolved)) < 0.4].copy()
    answered["received_at"] = (answered["resolved_at"] + pd.to_timedelta(rng.integers(1, 8, len(answered)), unit="D")
                               ).dt.floor("min")
    answered = answered[answered["received_at"] < pd.Timestamp(2026, 1, 1)]
    hours = (answered["first_response_at"] - answered["opened_at"]).dt.total_seconds() / 3600
    p = np.where(hours <= 24, 0.8, 0.34)
    p = np.where(answered["outcome"].eq("Not upheld"), p - 0.12, p)
    satisfied = np.where(rng.random(len(answered)) < p, "yes", "no")
    store = np.where(answered["channel"].eq("In store"),
                     rng.choice(STORE_TYPES[:2], size=len(answered), p=[0.8, 0.2]),
                     np.where(answered["category"].isin(["Delivery", "Website and app"]), "Online",
                              rng.choice(STORE_TYPES, size=len(answered), p=[0.5, 0.15, 0.35])))
    return pd.DataFrame({"received_at": answered["received_at"].to_numpy(), "type": "Complaint follow-up",
                         "channel": "Email", "store_type": store, "topic": answered["category"].to_numpy(),
                         "complaint_id": answered["complaint_id"].to_numpy(),
                         "satisfied_with_complaint_response": satisfied})


def hartwell_feedback(seed: int = 2025, complaints: pd.DataFrame | None = None) -> pd.DataFrame:
    """The data set (same ``seed`` → same rows). ``complaints`` is the complaints log it follows up
    (``data/datasets/retail_complaints.csv`` by default)."""
    if complaints is None:
        complaints = pd.read_csv(PATH.parent / "retail_complaints.csv")
    complaints = complaints.copy()
    for col in ("opened_at", "first_response_at", "resolved_at"):
        complaints[col] = pd.to_datetime(complaints[col])
    rng = np.random.default_rng(seed)
    frame = pd.concat([_feedback_rows(rng), _follow_ups(rng, complaints)], ignore_index=True)
    frame = frame.sort_values(["received_at", "type", "topic"], kind="mergesort").reset_index(drop=True)
    frame["feedback_id"] = [f"F{i:05d}" for i in range(1, len(frame) + 1)]
    frame["received_at"] = frame["received_at"].dt.strftime("%Y-%m-%d %H:%M")
    frame["rating"] = frame["rating"].astype("Int64")
    for col in ("complaint_id", "satisfied_with_complaint_response"):
        frame[col] = frame[col].fillna("")
    return frame[COLUMNS]


def write(path: Path = PATH, seed: int = 2025) -> Path:
    hartwell_feedback(seed).to_csv(path, index=False, lineterminator="\n")
    return path


if __name__ == "__main__":
    print(write())
