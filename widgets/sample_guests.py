"""The Millbrook Hotels guest database (``data/datasets/millbrook_guests.csv``): synthetic, seeded, reproducible.

BTEC Higher National Unit 16 follows Millbrook Hotels, a made-up group of three hotels whose facts are in
``data/cases/hn-l4-u16/millbrook-hotels.yml``. This module makes a guest database for it: one row per
guest, with the hotel they last stayed at, their segment (the four of the group's 2025 survey), who they
are, how they book, how often they stay and spend, and what they have agreed to. The segment profile
(``show_segment_profile``) and the CRM explorer (``show_crm_explorer``) read it. Everything is invented;
the same seed always gives the same file. How each column is drawn is in ``data/datasets/README.md``.

The data agree with the case file: the three hotels and the segments they mainly serve, a direct booking
share of about 42 % and a mean room rate of 118 (the case's average daily rate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from widgets.sample_data import DEFAULT_SEED, _pick

MILLBROOK_GUESTS = "millbrook_guests"
GUEST_ROWS = 3000
REFERENCE_DATE = "2025-12-31"
"""The day the database was exported: recency (days since the last stay) is counted to it."""
MEAN_ROOM_RATE = 118.0
"""The case file's average daily rate for 2025; the generated rates are scaled to this mean."""

# Share of guests by hotel follows the rooms (84, 120 and 96 of 300); each hotel's mix of segments leans to
# its main segments in the case file.
GUEST_HOTELS = {
    "Old Mill Hotel, York": (84, {"Leisure couple": 0.42, "Business": 0.33, "Family": 0.12, "Group and events": 0.13}),
    "Harbour View Hotel, Scarborough": (120, {"Family": 0.42, "Leisure couple": 0.36, "Business": 0.10,
                                              "Group and events": 0.12}),
    "Castle Quay Hotel, Cardiff": (96, {"Business": 0.40, "Group and events": 0.33, "Leisure couple": 0.17,
                                        "Family": 0.10}),
}
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65 and over")
# per segment: age-band weights; chance of booking direct; median lead time (days); mean nights; extra stays
# in 24 months (Poisson mean); food, drink and extras as a share of the room bill; relative room rate; NPS base
GUEST_SEGMENTS = {
    "Business": dict(ages=(0.04, 0.24, 0.30, 0.25, 0.14, 0.03), direct=0.48, lead=6, nights=1.6, repeat=1.9,
                     extras=0.20, rate=1.04, nps=7.1),
    "Leisure couple": dict(ages=(0.05, 0.18, 0.14, 0.18, 0.24, 0.21), direct=0.38, lead=28, nights=2.2, repeat=0.6,
                           extras=0.38, rate=1.08, nps=7.9),
    "Family": dict(ages=(0.01, 0.14, 0.42, 0.33, 0.07, 0.03), direct=0.33, lead=55, nights=3.4, repeat=0.4,
                   extras=0.28, rate=0.97, nps=7.4),
    "Group and events": dict(ages=(0.10, 0.26, 0.20, 0.18, 0.16, 0.10), direct=0.44, lead=80, nights=1.4, repeat=0.25,
                             extras=0.42, rate=0.82, nps=6.7),
}
HOME_REGIONS = {  # per hotel: where its guests live
    "Old Mill Hotel, York": {"Yorkshire and the Humber": 0.30, "North East": 0.10, "North West": 0.13, "Midlands": 0.14,
                             "London and South East": 0.20, "Scotland": 0.05, "Wales and South West": 0.03,
                             "Outside the UK": 0.05},
    "Harbour View Hotel, Scarborough": {"Yorkshire and the Humber": 0.42, "North East": 0.16, "North West": 0.12,
                                        "Midlands": 0.16, "London and South East": 0.07, "Scotland": 0.04,
                                        "Wales and South West": 0.01, "Outside the UK": 0.02},
    "Castle Quay Hotel, Cardiff": {"Wales and South West": 0.45, "Midlands": 0.12, "London and South East": 0.20,
                                   "North West": 0.06, "Yorkshire and the Humber": 0.04, "North East": 0.02,
                                   "Scotland": 0.03, "Outside the UK": 0.08},
}
DIRECT_CHANNELS = {"Direct web": 0.58, "App": 0.17, "Phone": 0.25}
OTA = "Online travel agent"
CONTACT = ("Email", "SMS", "App notification", "Phone", "Post")
COLUMNS = ["guest_id", "hotel", "segment", "age_band", "home_region", "booking_channel", "lead_time_days", "nights",
           "stays_24_months", "last_stay_date", "room_rate", "total_spend", "circle_member", "marketing_consent",
           "needs_noted", "nps_score", "preferred_contact"]


def millbrook_guests(rows: int = GUEST_ROWS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """``rows`` guests of Millbrook Hotels (see ``data/datasets/README.md`` for how each column is drawn)."""
    if not 1 <= rows <= 1_000_000:
        raise ValueError("The guest database can hold 1 to 1,000,000 guests.")
    rng = np.random.default_rng(seed + 16)
    n = rows
    hotels = _pick(rng, {h: rooms for h, (rooms, _mix) in GUEST_HOTELS.items()}, n)
    segment = np.empty(n, dtype=object)
    region = np.empty(n, dtype=object)
    for hotel, (_rooms, mix) in GUEST_HOTELS.items():
        at = hotels == hotel
        segment[at] = _pick(rng, mix, int(at.sum()))
        region[at] = _pick(rng, HOME_REGIONS[hotel], int(at.sum()))
    par = {key: np.array([GUEST_SEGMENTS[s][key] for s in segment]) for key in
           ("direct", "lead", "nights", "repeat", "extras", "rate", "nps")}
    ages = np.empty(n, dtype=object)
    for name, info in GUEST_SEGMENTS.items():
        mask = segment == name
        ages[mask] = _pick(rng, dict(zip(AGE_BANDS, info["ages"], strict=True)), int(mask.sum()))
    stays = 1 + rng.poisson(par["repeat"])
    member = rng.random(n) < np.clip(0.16 + 0.09 * (stays - 1) + 0.08 * (segment == "Business"), 0, 0.9)
    direct = rng.random(n) < np.clip(par["direct"] + 0.16 * member - 0.03, 0, 1)
    channel = np.where(direct, _pick(rng, DIRECT_CHANNELS, n), OTA)
    phone_pref = direct & (np.isin(ages, ("65 and over",)) | (segment == "Group and events")) & (rng.random(n) < 0.5)
    channel[phone_pref] = "Phone"
    lead = np.clip(np.rint(rng.lognormal(np.log(par["lead"]), 0.8)), 0, 365).astype(int)
    nights = np.clip(1 + rng.poisson(par["nights"] - 1), 1, 14)
    hotel_rate = np.array([{"Old Mill Hotel, York": 1.06, "Harbour View Hotel, Scarborough": 0.95,
                            "Castle Quay Hotel, Cardiff": 1.0}[h] for h in hotels])
    rate = rng.lognormal(0, 0.18, n) * par["rate"] * hotel_rate
    rate = np.round(rate / rate.mean() * MEAN_ROOM_RATE, 2)
    per_stay = nights * rate * (1 + par["extras"]) * rng.lognormal(0, 0.15, n)
    spend = np.round(per_stay * stays, 2)
    day = rng.integers(0, 365, n)
    repeaters = stays >= 3
    day[repeaters] = np.maximum(day[repeaters], rng.integers(120, 365, int(repeaters.sum())))  # regulars came lately
    last = (np.datetime64("2025-01-01") + day.astype("timedelta64[D]")).astype(str)
    consent = rng.random(n) < np.clip(0.50 + 0.30 * member - 0.25 * (channel == OTA), 0.05, 0.95)
    needs = rng.random(n) < 0.11 + 0.09 * (segment == "Family") + 0.06 * (ages == "65 and over")
    answered = rng.random(n) < 0.45
    nps = np.clip(np.rint(par["nps"] + 0.35 * (hotels == "Old Mill Hotel, York") - 0.3 * (
        hotels == "Castle Quay Hotel, Cardiff") + 0.4 * member + rng.normal(0, 1.9, n)), 0, 10)
    contact = np.where(channel == "App", "App notification", np.where(
        segment == "Business", _pick(rng, {"Email": 0.7, "SMS": 0.2, "Phone": 0.1}, n),
        _pick(rng, {"Email": 0.6, "SMS": 0.15, "Phone": 0.12, "Post": 0.08, "App notification": 0.05}, n)))
    frame = pd.DataFrame({
        "guest_id": [f"G{i:05d}" for i in range(1, n + 1)], "hotel": hotels, "segment": segment, "age_band": ages,
        "home_region": region, "booking_channel": channel, "lead_time_days": lead, "nights": nights,
        "stays_24_months": stays, "last_stay_date": last, "room_rate": rate, "total_spend": spend,
        "circle_member": np.where(member, "yes", "no"), "marketing_consent": np.where(consent, "yes", "no"),
        "needs_noted": np.where(needs, "yes", "no"), "nps_score": pd.array(np.where(answered, nps, np.nan)).astype(
            "Int64"), "preferred_contact": contact})
    return frame[COLUMNS]


def write_guests(out, seed: int = DEFAULT_SEED):
    """Write ``<out>/millbrook_guests.csv`` (UTF-8, no index); its size is fixed at :data:`GUEST_ROWS`."""
    from pathlib import Path

    path = Path(out) / f"{MILLBROOK_GUESTS}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    # The package's own synthetic data set (no learner text), so not written through widgets.exports.
    millbrook_guests(seed=seed).to_csv(path, index=False, lineterminator="\n")
    return path
