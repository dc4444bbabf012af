"""Seeded generators for the five synthetic CX data sets in ``data/datasets/``.

Everything here is SYNTHETIC: the organisations, people and comments are invented, and the numbers
come from the random models described in ``data/datasets/README.md`` (the data dictionary). The
same seed always gives the same files. ``scripts/make_datasets.py`` writes them; the benchmark uses
:func:`hotel_survey` to make a million-row survey in memory.

The models are chosen so the data teaches something: NPS differs by guest segment and improves
over the year, complaint resolution times have a long tail, the shop's funnel drops off differently
by traffic source, customer cohorts decay like real repeat-purchase data, and a charity's
supporters fall away at each step of their journey.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_SEED = 20250101
YEAR_START = np.datetime64("2025-01-01T00:00")
MINUTES_IN_YEAR = 365 * 24 * 60

DATASETS = {
    "hotel_survey": "Hotel guest survey (NPS, CSAT, segment, month, comments)",
    "retail_complaints": "Retail complaints log (category, channel, response and resolution times, outcome)",
    "shop_sessions": "Online shop sessions (source, pages, basket, checkout, purchase, timestamps)",
    "transactions": "Customer transactions (customer, date, value) for cohort retention and CLV",
    "charity_supporters": "Charity supporter journey (channel, first gift, second gift, regular giving)",
}

DEFAULT_ROWS = {"hotel_survey": 6000, "retail_complaints": 2500, "shop_sessions": 20000, "transactions": 6000,
                "charity_supporters": 4000}


def _pick(rng: np.random.Generator, options: dict[str, float], n: int) -> np.ndarray:
    names = np.array(list(options))
    weights = np.array(list(options.values()), dtype=float)
    return names[rng.choice(len(names), size=n, p=weights / weights.sum())]


def _minutes_to_text(minutes: np.ndarray) -> np.ndarray:
    stamps = YEAR_START + minutes.astype("timedelta64[m]")
    return np.char.replace(np.datetime_as_string(stamps, unit="m"), "T", " ")


# -- 1. hotel guest survey --------------------------------------------------------------------------

HOTELS = {"Harbour View Hotel, Scarborough": 0.0, "Old Mill Hotel, York": 0.35, "Castle Quay Hotel, Cardiff": -0.3}
SEGMENTS = {"Business": (0.30, 7.1), "Leisure couple": (0.35, 7.9), "Family": (0.20, 7.4),
            "Group and events": (0.15, 6.7)}
_COMMENTS = {
    "promoter": ["Staff went out of their way to help with our anniversary.", "Spotless room and a superb breakfast.",
                 "Quick check-in and the sea view was lovely.", "Will definitely stay again; the spa was a highlight.",
                 "Reception sorted a late checkout without any fuss."],
    "passive": ["Comfortable stay but breakfast was a bit crowded.", "Good location; the Wi-Fi kept dropping.",
                "Nice room, though parking was hard to find.", "Fine overall, nothing special.",
                "Friendly staff but the room was warm at night."],
    "detractor": ["Waited 40 minutes to check in.", "Room was noisy next to the lift.",
                  "Charged twice for parking and it took a week to refund.", "Shower was cold two mornings running.",
                  "Nobody answered the phone at reception."],
}


def hotel_survey(rows: int = DEFAULT_ROWS["hotel_survey"], seed: int = DEFAULT_SEED,
                 comments: bool = True) -> pd.DataFrame:
    """Guest survey answers: 0–10 likelihood to recommend, 1–5 satisfaction, segment, month, comment.

    Latent score = segment base + hotel effect + 0.06 × month index + Normal(0, 1.9), rounded and
    clipped to 0–10; CSAT = round(1 + 0.4 × latent + Normal(0, 0.7)) clipped to 1–5.
    """
    rng = np.random.default_rng(seed)
    seg_names = list(SEGMENTS)
    seg_idx = rng.choice(len(seg_names), size=rows, p=[SEGMENTS[s][0] for s in seg_names])
    hotel_names = list(HOTELS)
    hotel_idx = rng.choice(len(hotel_names), size=rows, p=[0.4, 0.35, 0.25])
    month_idx = rng.integers(0, 12, size=rows)
    day = rng.integers(1, 29, size=rows)
    base = np.array([SEGMENTS[s][1] for s in seg_names])[seg_idx]
    latent = (base + np.array(list(HOTELS.values()))[hotel_idx] + 0.06 * month_idx
              + rng.normal(0, 1.9, size=rows))
    nps = np.clip(np.rint(latent), 0, 10).astype(int)
    csat = np.clip(np.rint(1 + 0.4 * latent + rng.normal(0, 0.7, size=rows)), 1, 5).astype(int)
    months = np.array([f"2025-{m:02d}" for m in range(1, 13)])[month_idx]
    dates = np.char.add(np.char.add(months, "-"), np.char.zfill(day.astype(str), 2))
    frame = pd.DataFrame({
        "response_id": np.char.add("R", np.char.zfill(np.arange(1, rows + 1).astype(str), 6)),
        "date": dates, "month": months, "hotel": np.array(hotel_names)[hotel_idx],
        "segment": np.array(seg_names)[seg_idx], "nps_score": nps, "csat_score": csat,
    })
    if comments:
        band = np.where(nps >= 9, "promoter", np.where(nps >= 7, "passive", "detractor"))
        pick = rng.integers(0, 5, size=rows)
        text = np.empty(rows, dtype=object)
        for name, options in _COMMENTS.items():
            mask = band == name
            text[mask] = np.array(options, dtype=object)[pick[mask]]
        text[rng.random(rows) < 0.55] = ""
        frame["comment"] = text
    return frame.sort_values(["date", "response_id"], kind="stable").reset_index(drop=True)


# -- 2. retail complaints log -----------------------------------------------------------------------

CATEGORIES = {"Delivery": (0.30, 30.0), "Product quality": (0.22, 60.0), "Returns and refunds": (0.18, 48.0),
              "Billing": (0.10, 72.0), "Staff and service": (0.12, 24.0), "Website and app": (0.08, 36.0)}
CHANNELS = {"Phone": (0.30, 0.5), "Email": (0.30, 18.0), "Web chat": (0.20, 0.2), "In store": (0.12, 0.1),
            "Social media": (0.08, 2.0)}


def retail_complaints(rows: int = DEFAULT_ROWS["retail_complaints"], seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Complaints to a home-and-garden retailer: times in hours are log-normal (long right tail).

    Response hours ~ LogNormal(log(channel median), 1.0); resolution hours after the response ~
    LogNormal(log(category median), 1.1); 4 % still open.
    """
    rng = np.random.default_rng(seed + 1)
    cat = _pick(rng, {k: v[0] for k, v in CATEGORIES.items()}, rows)
    chan = _pick(rng, {k: v[0] for k, v in CHANNELS.items()}, rows)
    opened = rng.integers(0, MINUTES_IN_YEAR - 60 * 24 * 30, size=rows)
    opened = opened - opened % (24 * 60) + rng.integers(8 * 60, 20 * 60, size=rows)  # 08:00–20:00
    resp_med = np.array([CHANNELS[c][1] for c in chan])
    res_med = np.array([CATEGORIES[c][1] for c in cat])
    response_h = rng.lognormal(np.log(resp_med), 1.0)
    resolution_h = response_h + rng.lognormal(np.log(res_med), 1.1)
    first_contact = (rng.random(rows) < np.where(np.isin(chan, ["Phone", "Web chat", "In store"]), 0.55, 0.2))
    resolution_h = np.where(first_contact, response_h + rng.uniform(0.05, 0.5, rows), resolution_h)
    still_open = rng.random(rows) < 0.04
    outcome = _pick(rng, {"Upheld": 0.45, "Partly upheld": 0.25, "Not upheld": 0.30}, rows).astype(object)
    outcome[still_open] = "Open"
    first_response = _minutes_to_text(opened + np.rint(response_h * 60).astype(int))
    resolved = _minutes_to_text(opened + np.rint(resolution_h * 60).astype(int)).astype(object)
    resolved[still_open] = ""
    frame = pd.DataFrame({
        "complaint_id": np.char.add("C", np.char.zfill(np.arange(1, rows + 1).astype(str), 5)),
        "opened_at": _minutes_to_text(opened), "channel": chan, "category": cat,
        "first_response_at": first_response, "resolved_at": resolved, "outcome": outcome,
        "resolved_first_contact": np.where(first_contact & ~still_open, "yes", "no"),
    })
    return frame.sort_values("opened_at", kind="stable").reset_index(drop=True)


# -- 3. online shop sessions ------------------------------------------------------------------------

SOURCES = {  # share of sessions, bounce probability, add-to-cart probability if not bounced
    "Organic search": (0.32, 0.40, 0.22), "Paid search": (0.20, 0.45, 0.20), "Email": (0.10, 0.30, 0.35),
    "Social": (0.15, 0.60, 0.12), "Direct": (0.15, 0.35, 0.30), "Referral": (0.08, 0.40, 0.20),
}


def shop_sessions(rows: int = DEFAULT_ROWS["shop_sessions"], seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Sessions on an outdoor-clothing web shop, with the funnel flags and purchase timestamps.

    Bounce (one page) with the source's probability; otherwise pages ~ 2 + Poisson(4). Basket with
    the source's probability; checkout given basket 0.45 on mobile, 0.65 otherwise; purchase given
    checkout 0.70. Order value ~ LogNormal(log 55, 0.5). First visit 0–30 days before the session.
    """
    rng = np.random.default_rng(seed + 2)
    src = _pick(rng, {k: v[0] for k, v in SOURCES.items()}, rows)
    device = _pick(rng, {"Mobile": 0.60, "Desktop": 0.32, "Tablet": 0.08}, rows)
    bounce_p = np.array([SOURCES[s][1] for s in src])
    cart_p = np.array([SOURCES[s][2] for s in src])
    bounced = rng.random(rows) < bounce_p
    pages = np.where(bounced, 1, 2 + rng.poisson(4, rows))
    cart = ~bounced & (rng.random(rows) < cart_p)
    checkout = cart & (rng.random(rows) < np.where(device == "Mobile", 0.45, 0.65))
    bought = checkout & (rng.random(rows) < 0.70)
    start = rng.integers(0, MINUTES_IN_YEAR - 60, size=rows)
    returning = rng.random(rows) < 0.45
    first_visit = start - np.where(returning, rng.integers(60, 30 * 24 * 60, rows), 0)
    first_visit = np.maximum(first_visit, 0)
    purchase_min = start + np.rint(rng.lognormal(np.log(12), 0.6, rows)).astype(int)
    value = np.round(rng.lognormal(np.log(55), 0.5, rows), 2)
    purchased_at = _minutes_to_text(purchase_min).astype(object)
    purchased_at[~bought] = ""
    frame = pd.DataFrame({
        "session_id": np.char.add("S", np.char.zfill(np.arange(1, rows + 1).astype(str), 7)),
        "first_visit_at": _minutes_to_text(first_visit), "started_at": _minutes_to_text(start),
        "source": src, "device": device, "pages_viewed": pages,
        "added_to_cart": cart.astype(int), "reached_checkout": checkout.astype(int),
        "purchased": bought.astype(int), "purchased_at": purchased_at,
        "order_value": np.where(bought, value, 0.0),
    })
    return frame.sort_values("started_at", kind="stable").reset_index(drop=True)


# -- 4. transactions --------------------------------------------------------------------------------

def transactions(rows: int = DEFAULT_ROWS["transactions"], seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Purchases by customers of a coffee subscription shop, January 2024 to December 2025.

    Customers join evenly over the 24 months. After the first purchase a customer buys in each later
    month with probability 0.55 × 0.90^(months since joining − 1) (many never return; the rest fade
    slowly). Values ~ customer level LogNormal(log 28, 0.35) × order level LogNormal(0, 0.2).
    """
    rng = np.random.default_rng(seed + 3)
    customers = max(1, rows // 4)
    join = rng.integers(0, 24, size=customers)
    level = rng.lognormal(np.log(28), 0.35, customers)
    cust_ids, months = [np.arange(customers)], [join]
    for age in range(1, 24):
        alive = join + age < 24
        buys = alive & (rng.random(customers) < 0.55 * 0.90 ** (age - 1))
        cust_ids.append(np.flatnonzero(buys))
        months.append(join[buys] + age)
    cid = np.concatenate(cust_ids)
    month = np.concatenate(months)
    day = rng.integers(1, 29, size=len(cid))
    year = 2024 + month // 12
    date = [f"{y}-{m % 12 + 1:02d}-{d:02d}" for y, m, d in zip(year, month, day, strict=True)]
    value = np.round(level[cid] * rng.lognormal(0, 0.2, len(cid)), 2)
    frame = pd.DataFrame({"customer_id": np.char.add("K", np.char.zfill((cid + 1).astype(str), 5)),
                          "date": date, "value": value})
    frame = frame.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "transaction_id", [f"T{i:06d}" for i in range(1, len(frame) + 1)])
    return frame


# -- 5. charity supporter journey -------------------------------------------------------------------

CHARITY_CHANNELS = {  # share, P(first gift), P(second | first), P(regular | second), P(active at 12 months | regular)
    "Street fundraising": (0.25, 0.90, 0.55, 0.80, 0.55),
    "Online appeal": (0.30, 0.70, 0.35, 0.30, 0.75),
    "Sponsored event": (0.20, 0.85, 0.25, 0.15, 0.70),
    "Direct mail": (0.15, 0.40, 0.50, 0.25, 0.80),
    "Charity shop Gift Aid sign-up": (0.10, 0.60, 0.45, 0.20, 0.85),
}


def charity_supporters(rows: int = DEFAULT_ROWS["charity_supporters"], seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Supporters of a regional children's hospice charity and how far each got along the journey:
    first contact → first gift → second gift → regular giving → still giving 12 months later, with
    step probabilities by acquisition channel (see ``CHARITY_CHANNELS``)."""
    rng = np.random.default_rng(seed + 4)
    chan = _pick(rng, {k: v[0] for k, v in CHARITY_CHANNELS.items()}, rows)
    probs = np.array([CHARITY_CHANNELS[c][1:] for c in chan])
    first = rng.random(rows) < probs[:, 0]
    second = first & (rng.random(rows) < probs[:, 1])
    regular = second & (rng.random(rows) < probs[:, 2])
    active = regular & (rng.random(rows) < probs[:, 3])
    contact_day = rng.integers(0, 365, rows)
    first_day = contact_day + rng.integers(0, 21, rows)
    second_day = first_day + rng.integers(20, 150, rows)
    regular_day = second_day + rng.integers(10, 90, rows)

    def day_text(days, mask):
        text = np.datetime_as_string(np.datetime64("2024-01-01") + days.astype("timedelta64[D]"), unit="D")
        out = text.astype(object)
        out[~mask] = ""
        return out

    amount = np.where(first, np.round(rng.choice([5, 10, 10, 15, 20, 25, 50], rows) * rng.uniform(0.9, 1.6, rows)), 0)
    region = _pick(rng, {"North Yorkshire": 0.4, "West Yorkshire": 0.35, "East Riding": 0.25}, rows)
    return pd.DataFrame({
        "supporter_id": np.char.add("D", np.char.zfill(np.arange(1, rows + 1).astype(str), 5)),
        "acquisition_channel": chan, "region": region,
        "first_contact_date": day_text(contact_day, np.ones(rows, bool)),
        "made_first_gift": first.astype(int), "first_gift_date": day_text(first_day, first),
        "first_gift_amount": amount, "made_second_gift": second.astype(int),
        "second_gift_date": day_text(second_day, second), "became_regular_giver": regular.astype(int),
        "regular_giving_start": day_text(regular_day, regular), "still_giving_after_12_months": active.astype(int),
        "gift_aid": np.where(first & (rng.random(rows) < 0.6), "yes", "no"),
    })


# -- 6. Kettleby Coffee customers (CIM Level 3 Customer Communications, 1.2: segmentation) ----------------
# Not in DATASETS: the metrics workbench has no analysis for it; the segment evaluator reads it.
# Facts from data/cases/cim-l3-cc/kettleby-coffee.yml: 6,400 bean subscribers paying 14.50 a month, 5 %
# monthly churn; 210 business accounts (150 cafés and restaurants, 60 offices) spending 11,000 a year on
# average, so 2,310,000 in all (the wholesale turnover).
KETTLEBY_CUSTOMERS = "kettleby_customers"
KETTLEBY_SUBSCRIBERS, KETTLEBY_SAMPLE, KETTLEBY_SUBSCRIPTION = 6400, 1000, 14.50
KETTLEBY_CAFES, KETTLEBY_OFFICES, KETTLEBY_MEAN_ACCOUNT_SPEND = 150, 60, 11000
KETTLEBY_REGIONS = {"Yorkshire and the Humber": 0.30, "North West": 0.12, "North East": 0.05, "East Midlands": 0.09,
                    "West Midlands": 0.07, "London": 0.12, "South East": 0.10, "South West": 0.05,
                    "East of England": 0.05, "Scotland": 0.03, "Wales": 0.02}
KETTLEBY_AGE_BANDS = {"18-24": 0.07, "25-34": 0.24, "35-44": 0.25, "45-54": 0.19, "55-64": 0.14, "65 and over": 0.11}
KETTLEBY_GEODEMOGRAPHIC = {"Prosperous suburbs": 0.24, "City professionals": 0.26, "Settled towns and villages": 0.22,
                           "Stretched families": 0.14, "Young renters and students": 0.14}
KETTLEBY_LIFESTYLES = {  # share, then how likely each benefit is sought: taste, convenience, ethics, price
    "Ethical and green": (0.24, (0.20, 0.15, 0.55, 0.10)),
    "Foodie explorer": (0.22, (0.65, 0.10, 0.15, 0.10)),
    "Busy and practical": (0.24, (0.20, 0.55, 0.10, 0.15)),
    "Budget-conscious": (0.14, (0.15, 0.20, 0.05, 0.60)),
    "Traditional": (0.16, (0.45, 0.25, 0.10, 0.20)),
}
KETTLEBY_BENEFITS = ("Taste", "Convenience", "Ethics", "Price")
KETTLEBY_EXTRA_ORDERS = {"Taste": 3.0, "Convenience": 1.5, "Ethics": 2.0, "Price": 0.6}  # mean one-off orders a year
KETTLEBY_SIC_OFFICES = {"M: Professional, scientific and technical activities": 0.35,
                        "J: Information and communication": 0.25, "K: Financial and insurance activities": 0.15,
                        "P: Education": 0.10, "Q: Human health and social work activities": 0.15}
KETTLEBY_SIC_CAFES = "I: Accommodation and food service activities"


def _households(rng: np.random.Generator, ages: np.ndarray) -> np.ndarray:
    young = {"Single person": 0.3, "Couple, no children": 0.3, "Family with children": 0.1, "Shared house": 0.3}
    middle = {"Single person": 0.2, "Couple, no children": 0.3, "Family with children": 0.5}
    older = {"Single person": 0.25, "Couple, no children": 0.4, "Retired couple": 0.35}
    out = np.empty(len(ages), dtype=object)
    groups = ((("18-24", "25-34"), young), (("35-44", "45-54"), middle), (("55-64", "65 and over"), older))
    for bands, options in groups:
        mask = np.isin(ages, bands)
        out[mask] = _pick(rng, options, int(mask.sum()))
    return out


def kettleby_customers(rows: int = KETTLEBY_SAMPLE, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """A sample of Kettleby Coffee's customers for segmentation (see ``data/datasets/README.md``).

    Consumers: ``rows`` bean subscribers (1,000 of the 6,400), each with region, age band, household,
    geodemographic group, lifestyle, the benefit sought (depends on lifestyle), months subscribed
    (geometric, mean 20, as 5 % cancel each month; 1 to 72), extra one-off orders a year (Poisson, mean by
    benefit), whether they own a pod machine (more likely for convenience seekers and city professionals)
    and monthly spend = 14.50 + extra orders × their typical order (log-normal, median 16) ÷ 12. Business:
    all 210 accounts (150 cafés and restaurants in South Yorkshire, 60 offices), with SIC section,
    location, employees and annual spend, scaled so the mean is exactly 11,000.
    """
    if not 1 <= rows <= KETTLEBY_SUBSCRIBERS:
        raise ValueError(f"The sample can hold 1 to {KETTLEBY_SUBSCRIBERS:,} subscribers.")
    rng = np.random.default_rng(seed + 5)
    n = rows
    lifestyle = _pick(rng, {k: v[0] for k, v in KETTLEBY_LIFESTYLES.items()}, n)
    benefit = np.empty(n, dtype=object)
    for name, (_share, weights) in KETTLEBY_LIFESTYLES.items():
        mask = lifestyle == name
        benefit[mask] = _pick(rng, dict(zip(KETTLEBY_BENEFITS, weights, strict=True)), int(mask.sum()))
    ages = _pick(rng, KETTLEBY_AGE_BANDS, n)
    geo = _pick(rng, KETTLEBY_GEODEMOGRAPHIC, n)
    geo[np.isin(ages, ("55-64", "65 and over")) & (geo == "Young renters and students")] = "Settled towns and villages"
    pod_p = (0.22 + 0.25 * (benefit == "Convenience") + 0.10 * (geo == "City professionals")
             + 0.08 * (benefit == "Ethics") - 0.12 * (ages == "65 and over"))
    pods = rng.random(n) < pod_p
    months = np.clip(rng.geometric(0.05, n), 1, 72)
    extra = rng.poisson(np.array([KETTLEBY_EXTRA_ORDERS[b] for b in benefit]))
    order_value = rng.lognormal(np.log(16), 0.3, n)
    monthly = np.round(KETTLEBY_SUBSCRIPTION + extra * order_value / 12, 2)
    consumers = pd.DataFrame({
        "customer_id": [f"C{i:04d}" for i in range(1, n + 1)], "customer_type": "Consumer",
        "region": _pick(rng, KETTLEBY_REGIONS, n), "age_band": ages, "household": _households(rng, ages),
        "geodemographic_group": geo, "lifestyle": lifestyle, "benefit_sought": benefit,
        "months_subscribed": months, "extra_orders_per_year": extra, "owns_pod_machine": np.where(pods, "yes", "no"),
        "monthly_spend": monthly, "annual_spend": np.round(monthly * 12, 2)})
    cafes, offices = KETTLEBY_CAFES, KETTLEBY_OFFICES
    employees = np.concatenate([np.clip(2 + rng.negative_binomial(3, 0.3, cafes), 2, 60),
                                np.clip(np.rint(rng.lognormal(np.log(45), 0.8, offices)), 10, 600)]).astype(int)
    weight = np.concatenate([rng.lognormal(np.log(12000), 0.45, cafes) * (employees[:cafes] / 8) ** 0.2,
                             rng.lognormal(np.log(8000), 0.6, offices) * (employees[cafes:] / 45) ** 0.3])
    total = (cafes + offices) * KETTLEBY_MEAN_ACCOUNT_SPEND
    spend = np.rint(weight / weight.sum() * total).astype(int)
    spend[np.argmax(spend)] += total - spend.sum()  # whole pounds that add up to exactly 2,310,000
    business = pd.DataFrame({
        "customer_id": [f"B{i:03d}" for i in range(1, cafes + offices + 1)], "customer_type": "Business",
        "business_type": ["Café or restaurant"] * cafes + ["Office"] * offices,
        "sic_section": [KETTLEBY_SIC_CAFES] * cafes + list(_pick(rng, KETTLEBY_SIC_OFFICES, offices)),
        "location": np.concatenate([_pick(rng, {"Sheffield": 0.55, "Rotherham": 0.15, "Barnsley": 0.12,
                                                "Doncaster": 0.18}, cafes),
                                    _pick(rng, {"Sheffield": 0.6, "Leeds": 0.15, "Rotherham": 0.1, "Doncaster": 0.1,
                                                "Barnsley": 0.05}, offices)]),
        "employees": employees, "annual_spend": spend.astype(float)})
    columns = ["customer_id", "customer_type", "region", "age_band", "household", "geodemographic_group", "lifestyle",
               "benefit_sought", "months_subscribed", "extra_orders_per_year", "owns_pod_machine", "monthly_spend",
               "business_type", "sic_section", "location", "employees", "annual_spend"]
    frame = pd.concat([consumers, business], ignore_index=True)[columns]
    for col in ("months_subscribed", "extra_orders_per_year", "employees"):
        frame[col] = frame[col].astype("Int64")
    return frame


GENERATORS = {"hotel_survey": hotel_survey, "retail_complaints": retail_complaints, "shop_sessions": shop_sessions,
              "transactions": transactions, "charity_supporters": charity_supporters}


def write_all(out: Path, rows: int | None = None, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every data set as ``<out>/<name>.csv`` (UTF-8, comma-separated, no index). The Kettleby
    customer sample (1,000 consumers and all 210 business accounts), the Millbrook guest database (3,000
    guests) and the four Fern & Field files (CIM L6) have fixed sizes, so ``rows`` does not change them."""
    from widgets.sample_fern_customers import FERN_CUSTOMERS_RAW, fern_customers_raw
    from widgets.sample_fern_journeys import FERN_PATHS, FERN_SERVQUAL, fern_paths, fern_servqual
    from widgets.sample_fern_orders import fern_orders
    from widgets.sample_guests import MILLBROOK_GUESTS, millbrook_guests  # it imports this module
    from widgets.sample_hartwell import HARTWELL_SURVEY, hartwell_service_survey
    from widgets.sample_hartwell_feedback import HARTWELL_FEEDBACK, hartwell_feedback
    out.mkdir(parents=True, exist_ok=True)
    written = []
    frames = {name: make(rows or DEFAULT_ROWS[name], seed=seed) for name, make in GENERATORS.items()}
    frames[KETTLEBY_CUSTOMERS] = kettleby_customers(seed=seed)
    frames[MILLBROOK_GUESTS] = millbrook_guests(seed=seed)
    # CIM Level 6 (Fern & Field): fixed sizes. The orders sample keeps its own seed (the committed file is made
    # with it); the others follow --seed like the rest.
    frames[FERN_CUSTOMERS_RAW] = fern_customers_raw(seed=seed)
    frames[FERN_PATHS] = fern_paths(seed=seed)
    frames[FERN_SERVQUAL] = fern_servqual(seed=seed)
    frames["fern_orders"] = fern_orders()
    # CIM Level 4 (Hartwell Home & Garden): fixed size
    frames[HARTWELL_SURVEY] = hartwell_service_survey(seed=seed)
    frames[HARTWELL_FEEDBACK] = hartwell_feedback(complaints=frames["retail_complaints"])  # its own seed (2025)
    for name, frame in frames.items():
        path = out / f"{name}.csv"
        # Not a learner export, so not written through widgets.exports: these are the package's own
        # synthetic data sets (data/datasets/), made from fixed code and a seed, with no learner text in them.
        frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written
