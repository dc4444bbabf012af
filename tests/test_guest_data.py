"""The Millbrook Hotels guest database (data/datasets/millbrook_guests.csv) agrees with the case file
(data/cases/hn-l4-u16/millbrook-hotels.yml) and is the one the seeded generator makes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from widgets.sample_guests import COLUMNS, GUEST_ROWS, millbrook_guests

ROOT = Path(__file__).resolve().parents[1]
CASE = yaml.safe_load((ROOT / "data/cases/hn-l4-u16/millbrook-hotels.yml").read_text(encoding="utf-8"))
SURVEY = pd.read_csv(ROOT / "data/datasets/hotel_survey.csv", usecols=["hotel", "segment"])


@pytest.fixture(scope="module")
def guests() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data/datasets/millbrook_guests.csv", keep_default_na=False, na_values=[""])


def test_the_committed_file_is_the_seeded_one(guests):
    made = millbrook_guests()
    assert list(guests.columns) == COLUMNS == list(made.columns)
    assert len(guests) == GUEST_ROWS
    for col in ("guest_id", "hotel", "segment", "booking_channel", "last_stay_date", "marketing_consent"):
        assert guests[col].tolist() == made[col].astype(str).tolist(), col
    assert guests["total_spend"].round(2).tolist() == made["total_spend"].round(2).tolist()
    assert guests["nps_score"].isna().tolist() == made["nps_score"].isna().tolist()
    assert millbrook_guests(50, seed=7).equals(millbrook_guests(50, seed=7))  # reproducible
    assert not millbrook_guests(50, seed=7).equals(millbrook_guests(50, seed=8))


def test_hotels_and_segments_are_the_case_files(guests):
    hotels = {f"{h['name']}, {h['place']}" for h in CASE["hotels"]}
    assert set(guests["hotel"]) == hotels == set(SURVEY["hotel"])
    assert set(guests["segment"]) == set(CASE["segments"]) == set(SURVEY["segment"])
    for h in CASE["hotels"]:  # each hotel's two main segments are its two largest
        mix = guests.loc[guests["hotel"] == f"{h['name']}, {h['place']}", "segment"].value_counts()
        assert set(mix.index[:2]) == set(h["main_segments"]), h["name"]
    share = guests["hotel"].value_counts(normalize=True)
    for h in CASE["hotels"]:  # guests follow the rooms
        assert share[f"{h['name']}, {h['place']}"] == pytest.approx(h["rooms"] / CASE["rooms_total"], abs=0.03)


def test_direct_share_and_room_rate_match_the_case(guests):
    direct = (guests["booking_channel"] != "Online travel agent").mean()
    assert direct == pytest.approx(CASE["direct_booking_share_2025"], abs=0.02)
    assert set(guests["booking_channel"]) == {"Direct web", "App", "Phone", "Online travel agent"}
    assert guests["room_rate"].mean() == pytest.approx(CASE["average_daily_rate_2025"], abs=0.5)


def test_columns_hold_sensible_values(guests):
    assert guests["guest_id"].is_unique
    for col in ("circle_member", "marketing_consent", "needs_noted"):
        assert set(guests[col]) == {"yes", "no"}, col
    dates = pd.to_datetime(guests["last_stay_date"])
    assert dates.dt.year.eq(CASE["year"]).all()
    answered = guests["nps_score"].dropna()
    assert answered.between(0, 10).all() and (answered == answered.round()).all()
    assert 0 < guests["nps_score"].isna().mean() < 1
    assert (guests["stays_24_months"] >= 1).all() and (guests["nights"] >= 1).all()
    assert (guests["lead_time_days"] >= 0).all() and (guests["total_spend"] > 0).all()
    # members book direct more often than others, and business guests book closest to the stay
    direct = guests["booking_channel"] != "Online travel agent"
    assert direct[guests["circle_member"] == "yes"].mean() > direct[guests["circle_member"] == "no"].mean()
    lead = guests.groupby("segment")["lead_time_days"].median()
    assert lead.idxmin() == "Business"
