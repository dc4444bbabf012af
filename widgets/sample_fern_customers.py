"""Fern & Field's messy CRM export (``data/datasets/fern_customers_raw.csv``): synthetic, seeded, reproducible.

CIM Level 6 (``cim-l6-cjo``) follows Fern & Field, a made-up online retailer of houseplants whose facts are in
``data/cases/cim-l6-cjo/fern-and-field.yml``. This module makes the customer export that the data-cleaning lab
(``show_cleaning_lab``, criterion 1.3) starts from: one row per customer record as the CRM exported it on
31 October 2026, with problems planted on purpose and counted (``fern_customers_planted``):

* exact duplicates (a record exported twice, same customer_id);
* near duplicates (the same person re-imported under a new customer_id by the lead-form and Plant Club syncs,
  with the name in another case or with extra spaces, or the e-mail with upper-case letters, Gmail dots, a
  ``+tag`` or spaces around it);
* impossible values (negative spend, ages under 16 or over 110, dates after the export, no orders but spend);
* inconsistent channel labels ("Paid Social", "paid_social", "Instagram ads", "FB", "PPC", "Newsletter" …)
  and one label the default mapping leaves for the learner to decide ("TikTok");
* missing values, mixed date formats (2026-03-04, 04/03/2026, 4 Mar 2026) and dates no rule can read;
* names and postcodes typed in the wrong case or with stray spaces, e-mails with upper-case letters;
* records without marketing consent, recorded in several spellings (Yes, Y, TRUE; No, N, FALSE).

Cleaning changes the headline: in the raw file the "Paid social" label has the best repeat-purchase rate,
because the syncs duplicated paid-social customers who had already bought again while the lead forms gave
their one-off buyers other labels ("FB", "Instagram ads" …). Once duplicates are merged and labels mapped,
Email is the best channel for repeat customers and paid social is among the worst. Everything is invented;
the same seed always gives the same file.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from widgets.sample_data import DEFAULT_SEED, _pick

FERN_CUSTOMERS_RAW = "fern_customers_raw"
RAW_ROWS = 5000
EXPORT_DATE = "2026-10-31"
"""The day the CRM was exported: a date after it is impossible."""
FIRST_SIGNUP = "2019-03-01"

COLUMNS = ["customer_id", "first_name", "last_name", "email", "postcode", "segment", "signup_date",
           "acquisition_channel", "orders", "total_spend", "last_order_date", "age", "marketing_consent"]

SEGMENTS = {"Urban renters": 0.58, "Plant enthusiasts": 0.14, "Gift buyers": 0.22, "Workplace": 0.06}
CHANNELS = ("Paid social", "Paid search", "Organic search", "Email", "Influencer", "Direct")
CHANNEL_MIX = {"Paid social": 0.30, "Paid search": 0.18, "Organic search": 0.17, "Email": 0.10,
               "Influencer": 0.09, "Direct": 0.16}
# chance that a customer who has bought has bought again (the true repeat rate by channel)
REPEAT_CHANCE = {"Paid social": 0.22, "Paid search": 0.29, "Organic search": 0.36, "Email": 0.47,
                 "Influencer": 0.21, "Direct": 0.38}
NEVER_ORDERED = 0.12
"""Share of customers who signed up (newsletter, account) but never ordered."""
AVERAGE_ORDER_VALUE = 71.0  # the case file's AOV

CHANNEL_VARIANTS = {
    "Paid social": ["Paid Social", "paid_social", "Instagram ads", "FB", "Facebook", "Meta ads", "paid social"],
    "Paid search": ["PPC", "Google Ads", "paid search", "Paid Search"],
    "Organic search": ["SEO", "organic", "Organic Search"],
    "Email": ["email", "E-mail", "Newsletter"],
    "Influencer": ["influencer", "Influencers", "Creator"],
    "Direct": ["direct", "(direct)", "Direct / none"],
}
UNMAPPED_LABEL = "TikTok"
"""A label the default mapping leaves alone: paid or organic? The learner decides."""

FIRST_NAMES = ["Sam", "Amira", "Tom", "Grace", "Daniel", "Priya", "Ellie", "James", "Aisha", "Lewis", "Chloe",
               "Ravi", "Hannah", "Kwame", "Sophie", "Ben", "Zara", "Jack", "Megan", "Omar", "Lucy", "Adam", "Fatima",
               "Ryan", "Isla", "Ethan", "Maya", "Joe", "Niamh", "Callum", "Leah", "Harry", "Yasmin", "Owen",
               "Freya", "Rhys", "Anna", "Kieran", "Jade", "Liam", "Rosa", "Nathan", "Holly", "Tariq", "Beth",
               "Marcus", "Erin", "Sean", "Alice", "Dev"]
LAST_NAMES = ["Okafor", "Patel", "Smith", "Jones", "Khan", "Taylor", "Brown", "Williams", "Wilson", "Evans",
              "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Green", "Hall", "Wood", "Clarke", "Shah",
              "Ahmed", "Hussain", "Begum", "Lewis", "Harris", "Martin", "Jackson", "Kaur", "Singh", "Ali",
              "Turner", "Moore", "Baker", "Mensah", "Nowak", "Kowalski", "Ward", "Price", "Bell", "Murray",
              "Reid", "Kelly", "Cooper", "Hill", "Morris", "Lee", "Chen", "Allen", "Young", "Scott"]
DOMAINS = {"gmail.com": 0.38, "outlook.com": 0.16, "hotmail.co.uk": 0.14, "yahoo.co.uk": 0.09, "icloud.com": 0.12,
           "btinternet.com": 0.06, "sky.com": 0.05}
OUTWARD = {"M": 40, "L": 25, "SK": 12, "WA": 10, "OL": 8, "BL": 8, "WN": 6, "PR": 6, "CH": 5, "LS": 10,
           "S": 8, "B": 10, "N": 8, "SE": 8, "E": 8, "BS": 5, "G": 5, "EH": 4, "CF": 4, "NE": 5}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
CONSENT_YES = ["Yes", "Y", "yes", "TRUE"]
CONSENT_NO = ["No", "N", "no", "FALSE"]
UNREADABLE_DATES = ["31/02/2026", "03/14/2026", "2026-13-05", "TBC", "0000-00-00", "12/31/2025", "30 Feb 2025"]

# Planted problems per 5,000 rows (scaled for other sizes). Each pool is a separate set of original records.
POOLS_PER_5000 = {
    "exact_duplicates": 120,      # copies of 120 records (same customer_id, every cell identical)
    "near_duplicates": 280,       # 280 extra records of people already in the file, under new customer_ids
    "messy_names": 150,           # names or postcode in the wrong case or with stray spaces
    "email_case": 60,             # e-mail with upper-case letters
    "date_formats": 900,          # one or both dates as 04/03/2026 or 4 Mar 2026
    "unreadable_dates": 24,       # a date no rule can read
    "negative_spend": 12,
    "impossible_age": 18,         # 3, 5, 9, 12, 111, 126, 140 …
    "future_date": 15,            # signup or last order after the export date
    "orders_zero_spend": 20,      # orders 0 but spend above 0
    "missing_channel": 80,
    "missing_spend": 20,
    "missing_email": 40,
    "missing_age": 150,
    "missing_segment": 30,
    "missing_postcode": 25,
    "unmapped_label": 14,         # "TikTok"
}
IMPOSSIBLE_KINDS = ("negative_spend", "impossible_age", "future_date", "orders_zero_spend")
MISSING_KINDS = ("missing_channel", "missing_spend", "missing_email", "missing_age", "missing_segment",
                 "missing_postcode")
MISSING_COLUMN = {"missing_channel": "acquisition_channel", "missing_spend": "total_spend", "missing_email": "email",
                  "missing_age": "age", "missing_segment": "segment", "missing_postcode": "postcode"}


def _sizes(rows: int) -> dict[str, int]:
    return {k: int(round(v * rows / RAW_ROWS)) for k, v in POOLS_PER_5000.items()}


def _iso(days: np.ndarray) -> np.ndarray:
    base = np.datetime64(FIRST_SIGNUP)
    return np.datetime_as_string(base + days.astype("timedelta64[D]"), unit="D").astype(object)


def _other_format(iso: str, style: int) -> str:
    d = dt.date.fromisoformat(iso)
    if style == 0:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _generate(rows: int, seed: int) -> tuple[pd.DataFrame, dict]:
    if not 1000 <= rows <= 1_000_000:
        raise ValueError("The Fern & Field export can hold 1,000 to 1,000,000 rows.")
    rng = np.random.default_rng(seed + 61)
    size = _sizes(rows)
    n = rows - size["exact_duplicates"] - size["near_duplicates"]   # original customers
    segment = _pick(rng, SEGMENTS, n).astype(object)
    channel = _pick(rng, CHANNEL_MIX, n).astype(object)
    # ages: by segment
    age = np.where(segment == "Urban renters", rng.integers(24, 41, n),
                   np.where(segment == "Plant enthusiasts", rng.integers(28, 71, n),
                            np.where(segment == "Gift buyers", rng.integers(22, 76, n), rng.integers(26, 62, n))))
    # orders and spend
    never = rng.random(n) < NEVER_ORDERED
    repeat = rng.random(n) < np.array([REPEAT_CHANCE[c] for c in channel])
    extra = 1 + rng.poisson(np.where(segment == "Plant enthusiasts", 3.0, 1.6), n)
    orders = np.where(never, 0, np.where(repeat, 1 + extra, 1))
    aov = AVERAGE_ORDER_VALUE * np.exp(rng.normal(0, 0.35, n)) * np.where(segment == "Workplace", 2.2, 1.0)
    spend = np.round(orders * aov, 2)
    # dates: signup spread over the years since 2019, last order between signup and the export
    total_days = (np.datetime64(EXPORT_DATE) - np.datetime64(FIRST_SIGNUP)).astype(int)
    signup_day = rng.integers(0, total_days + 1, n)
    last_day = signup_day + (rng.random(n) * (total_days - signup_day)).astype(int)
    last_day = np.where(orders == 1, np.minimum(last_day, signup_day + rng.integers(0, 30, n)), last_day)
    signup = _iso(signup_day)
    last = np.where(orders == 0, "", _iso(last_day)).astype(object)
    consent_yes = rng.random(n) < 0.63
    consent = np.where(consent_yes, _pick(rng, {"Yes": 0.8, "Y": 0.1, "yes": 0.05, "TRUE": 0.05}, n),
                       _pick(rng, {"No": 0.8, "N": 0.1, "no": 0.05, "FALSE": 0.05}, n)).astype(object)
    # names, unique e-mails and postcodes
    first = np.array(FIRST_NAMES, dtype=object)[rng.integers(0, len(FIRST_NAMES), n)]
    lastn = np.array(LAST_NAMES, dtype=object)[rng.integers(0, len(LAST_NAMES), n)]
    domain = _pick(rng, DOMAINS, n)
    email = np.empty(n, dtype=object)
    seen: set[str] = set()
    numbers = rng.integers(1, 100, n)
    for i in range(n):
        f, la, d, k = first[i].lower(), lastn[i].lower(), domain[i], int(numbers[i])
        while True:
            local = f"{f}{la}{k}" if d == "gmail.com" else f"{f}.{la}{k}"
            if local + "@" + d not in seen:
                break
            k += 100
        email[i] = f"{local}@{d}"
        seen.add(email[i])
    outward = _pick(rng, OUTWARD, n)
    letters = np.array(list(INWARD_LETTERS))
    postcode = np.array([f"{o}{a} {b}{c}{e}" for o, a, b, c, e in zip(
        outward, rng.integers(1, 30, n), rng.integers(1, 10, n), letters[rng.integers(0, 20, n)],
        letters[rng.integers(0, 20, n)], strict=True)], dtype=object)
    # keep name + postcode unique so the fallback duplicate rule finds only the planted duplicates
    key = pd.Series(first + " " + lastn + " " + postcode)
    for i in np.flatnonzero(key.duplicated().to_numpy()):
        postcode[i] = f"{outward[i]}{i % 97 + 1} {i % 9 + 1}ZZ"
    frame = pd.DataFrame({
        "customer_id": [f"FF-{100001 + i}" for i in range(n)], "first_name": first, "last_name": lastn,
        "email": email, "postcode": postcode, "segment": segment, "signup_date": signup,
        "acquisition_channel": channel, "orders": orders.astype(object), "total_spend": [f"{s:.2f}" for s in spend],
        "last_order_date": last, "age": age.astype(object), "marketing_consent": consent,
    })

    # --- choose disjoint pools of original records --------------------------------------------------------
    free = np.ones(n, dtype=bool)
    paid_social_repeat = (channel == "Paid social") & (orders >= 2)

    def take(count: int, prefer: np.ndarray | None = None, share: float = 0.0) -> np.ndarray:
        chosen = []
        if prefer is not None and share:
            cand = np.flatnonzero(free & prefer)
            k = min(int(round(count * share)), len(cand))
            chosen.extend(rng.choice(cand, k, replace=False))
            free[chosen] = False
        cand = np.flatnonzero(free)
        rest = rng.choice(cand, count - len(chosen), replace=False)
        free[rest] = False
        return np.sort(np.concatenate([np.array(chosen, dtype=int), rest.astype(int)]))

    bought = orders >= 1
    pools = {
        "exact_duplicates": take(size["exact_duplicates"], paid_social_repeat, 0.45),
        "near_duplicates": take(size["near_duplicates"], paid_social_repeat, 0.40),
    }
    # sources of duplicates keep the canonical label, ISO dates and all their values
    for kind in ("negative_spend", "future_date"):
        pools[kind] = take(size[kind])
    pools["orders_zero_spend"] = take(size["orders_zero_spend"], orders == 0, 1.0)
    pools["impossible_age"] = take(size["impossible_age"])
    pools["missing_spend"] = take(size["missing_spend"], bought, 1.0)
    for kind in ("missing_channel", "missing_email", "missing_age", "missing_segment", "missing_postcode",
                 "unreadable_dates", "messy_names", "email_case", "unmapped_label"):
        pools[kind] = take(size[kind])
    # date formats may fall on any record that is not a duplicate source or holds another date problem
    date_ok = np.ones(n, dtype=bool)
    for kind in ("exact_duplicates", "near_duplicates", "future_date", "unreadable_dates"):
        date_ok[pools[kind]] = False
    pools["date_formats"] = np.sort(rng.choice(np.flatnonzero(date_ok), size["date_formats"], replace=False))

    # --- plant the problems in the original records -------------------------------------------------------
    col = {c: frame[c].to_numpy(dtype=object).copy() for c in COLUMNS}
    for i in pools["negative_spend"]:
        col["total_spend"][i] = f"{-abs(float(col['total_spend'][i]) or 35.0):.2f}"
    ages = [3, 5, 9, 12, 111, 126, 140]
    for j, i in enumerate(pools["impossible_age"]):
        col["age"][i] = ages[j % len(ages)]
    for j, i in enumerate(pools["future_date"]):
        future = (np.datetime64(EXPORT_DATE) + np.timedelta64(int(rng.integers(20, 400)), "D")).astype(str)
        if j % 2 == 0 and orders[i] >= 1:
            col["last_order_date"][i] = future
        else:
            col["signup_date"][i] = future
    for i in pools["orders_zero_spend"]:
        col["total_spend"][i] = f"{AVERAGE_ORDER_VALUE * np.exp(rng.normal(0, 0.3)):.2f}"
    for kind in MISSING_KINDS:
        for i in pools[kind]:
            col[MISSING_COLUMN[kind]][i] = ""
    for j, i in enumerate(pools["unreadable_dates"]):
        which = "last_order_date" if (j % 3 == 2 and col["last_order_date"][i]) else "signup_date"
        col[which][i] = UNREADABLE_DATES[j % len(UNREADABLE_DATES)]
    for j, i in enumerate(pools["date_formats"]):
        style, which = j % 2, (j // 2) % 3   # 0 signup, 1 last order, 2 both
        targets = ["signup_date"] if which == 0 else ["last_order_date"] if which == 1 else ["signup_date",
                                                                                                 "last_order_date"]
        targets = [t for t in targets if col[t][i]] or ["signup_date"]
        for t in targets:
            col[t][i] = _other_format(col[t][i], style)
    for j, i in enumerate(pools["messy_names"]):
        kind = j % 5
        if kind == 0:
            col["first_name"][i] = "  " + col["first_name"][i]
        elif kind == 1:
            col["last_name"][i] = col["last_name"][i].upper()
        elif kind == 2:
            col["first_name"][i] = col["first_name"][i].lower()
            col["last_name"][i] = col["last_name"][i].lower()
        elif kind == 3:
            col["last_name"][i] = col["last_name"][i] + " "
        else:
            col["postcode"][i] = col["postcode"][i].lower().replace(" ", "  ")
    for j, i in enumerate(pools["email_case"]):
        local, d = col["email"][i].split("@")
        col["email"][i] = (local[:1].upper() + local[1:] + "@" + d) if j % 2 else (local + "@" + d.upper())
    for i in pools["unmapped_label"]:
        col["acquisition_channel"][i] = UNMAPPED_LABEL
    # channel variants: the lead forms labelled most one-off paid-social buyers in their own words
    labelled = np.ones(n, dtype=bool)
    for kind in ("exact_duplicates", "near_duplicates", "missing_channel", "unmapped_label"):
        labelled[pools[kind]] = False
    chance = np.where(channel == "Paid social", np.where(orders >= 2, 0.08, 0.70), 0.14)
    vary = labelled & (rng.random(n) < chance)
    for i in np.flatnonzero(vary):
        options = CHANNEL_VARIANTS[channel[i]]
        col["acquisition_channel"][i] = options[int(rng.integers(0, len(options)))]
    pools["channel_variants"] = np.flatnonzero(vary)
    originals = pd.DataFrame(col)

    # --- the extra records ----------------------------------------------------------------------------------
    exact = originals.iloc[pools["exact_duplicates"]].copy()
    near = originals.iloc[pools["near_duplicates"]].copy()
    near["customer_id"] = [f"FF-{100001 + n + i}" for i in range(len(near))]
    near_kinds = {"name_case": [], "email_upper": [], "gmail_dots": [], "plus_tag": [], "spaces": []}
    for j, idx in enumerate(near.index):
        e = near.at[idx, "email"]
        local, d = e.split("@")
        kind = ["name_case", "email_upper", "gmail_dots", "plus_tag", "spaces"][j % 5]
        if kind == "gmail_dots" and d != "gmail.com":
            kind = "plus_tag"
        if kind == "name_case":
            near.at[idx, "first_name"] = near.at[idx, "first_name"].upper()
            near.at[idx, "last_name"] = near.at[idx, "last_name"].upper()
        elif kind == "email_upper":
            near.at[idx, "email"] = e.upper() if j % 2 else local + "@" + d.upper()
        elif kind == "gmail_dots":
            cut = max(1, len(local) // 2)
            near.at[idx, "email"] = local[:cut] + "." + local[cut:] + "@" + d
        elif kind == "plus_tag":
            near.at[idx, "email"] = local + ["+plants", "+fernfield", "+club"][j % 3] + "@" + d
        else:
            near.at[idx, "email"] = " " + e + " "
            near.at[idx, "first_name"] = near.at[idx, "first_name"] + "  "
        near_kinds[kind].append(idx)
    raw = pd.concat([originals, exact, near], ignore_index=True)
    order = rng.permutation(len(raw))
    raw = raw.iloc[order].reset_index(drop=True)
    for c in ("orders", "age"):
        raw[c] = raw[c].map(lambda v: "" if v == "" else str(int(v)))

    # --- the counts each cleaning step should find (default order, see widgets/activities/cleaning.py) -----
    consent_no = np.array([v in CONSENT_NO for v in originals["marketing_consent"]])
    removed = np.zeros(n, dtype=bool)
    for kind in IMPOSSIBLE_KINDS:
        removed[pools[kind]] = True
    planted = {k: int(len(v)) for k, v in pools.items()}
    planted["near_duplicate_kinds"] = {k: len(v) for k, v in near_kinds.items()}
    planted["rows"] = len(raw)
    planted["customers"] = n
    planted["trim_rows"] = planted["messy_names"] + len(near_kinds["name_case"]) + len(near_kinds["spaces"])
    planted["email_rows"] = planted["email_case"] + sum(len(near_kinds[k]) for k in ("email_upper", "gmail_dots",
                                                                                       "plus_tag"))
    planted["impossible_rows"] = sum(planted[k] for k in IMPOSSIBLE_KINDS)
    planted["missing_rows"] = sum(planted[k] for k in MISSING_KINDS) + planted["unreadable_dates"]
    planted["no_consent"] = int(consent_no.sum())
    planted["no_consent_after_cleaning"] = int((consent_no & ~removed).sum())
    planted["rows_after_cleaning"] = n - planted["impossible_rows"]
    return raw[COLUMNS], planted


def fern_customers_raw(rows: int = RAW_ROWS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The messy CRM export: ``rows`` records (default 5,000), every cell as text, problems planted and counted."""
    return _generate(rows, seed)[0]


def fern_customers_planted(rows: int = RAW_ROWS, seed: int = DEFAULT_SEED) -> dict:
    """How many of each problem :func:`fern_customers_raw` planted (same ``rows`` and ``seed``)."""
    return _generate(rows, seed)[1]
