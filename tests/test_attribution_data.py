"""The Fern & Field data sets of widgets/sample_fern_journeys.py: reproducible, the committed files are the
generator's, and they agree with the case file and carry the patterns the chapters teach."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from widgets.metrics import attribute_conversions
from widgets.sample_fern_journeys import (
    CHANNELS,
    DIMENSIONS,
    PATH_COLUMNS,
    SEGMENTS,
    SERVQUAL_ITEMS,
    SURVEY_COLUMNS,
    fern_paths,
    fern_servqual,
    item_columns,
    write_fern_journeys,
)

ROOT = Path(__file__).resolve().parents[1]
CASE = yaml.safe_load((ROOT / "data" / "cases" / "cim-l6-cjo" / "fern-and-field.yml").read_text(encoding="utf-8"))


def test_the_committed_files_are_what_the_generator_writes(tmp_path):
    for path in write_fern_journeys(tmp_path):
        assert path.read_bytes() == (ROOT / "data" / "datasets" / path.name).read_bytes(), path.name


def test_same_seed_same_data_other_seed_other_data():
    assert fern_paths(500, seed=3).equals(fern_paths(500, seed=3))
    assert not fern_paths(500, seed=3).equals(fern_paths(500, seed=4))
    assert fern_servqual(100, seed=3).equals(fern_servqual(100, seed=3))


@pytest.mark.parametrize("rows", [0, -1, 2_000_000, 1.5, True, "10"])
def test_bad_sizes_are_refused(rows):
    with pytest.raises(ValueError, match="can hold"):
        fern_paths(rows)
    with pytest.raises(ValueError, match="can hold"):
        fern_servqual(rows)


def test_channels_and_segments_are_the_case_files():
    assert list(CHANNELS) == CASE["channels"]
    assert list(SEGMENTS) == [s["name"] for s in CASE["segments"]]
    paths = pd.read_csv(ROOT / "data" / "datasets" / "fern_paths.csv")
    survey = pd.read_csv(ROOT / "data" / "datasets" / "fern_servqual.csv")
    assert list(paths.columns) == PATH_COLUMNS and list(survey.columns) == SURVEY_COLUMNS
    met = {c for cell in paths["touchpoints"] for c in cell.split(" > ")}
    assert met == set(CASE["channels"])
    assert set(paths["segment"]) == set(SEGMENTS) == set(survey["segment"])


def test_paths_file_shape():
    paths = pd.read_csv(ROOT / "data" / "datasets" / "fern_paths.csv")
    assert len(paths) == 8000
    assert (paths["touches"] == paths["touchpoints"].str.count(" > ") + 1).all()
    assert paths["conversions"].between(1, 3).all() and (paths["days_to_convert"] >= 0).all()
    assert paths["first_touch_date"].min() >= "2026-01-01"
    last = pd.to_datetime(paths["first_touch_date"]) + pd.to_timedelta(paths["days_to_convert"], unit="D")
    assert last.max() <= pd.Timestamp("2026-09-30")
    # revenue per conversion is scaled to the case file's average order value (£71)
    assert paths["revenue"].sum() / paths["conversions"].sum() == pytest.approx(CASE["average_order_value"], abs=0.01)


def test_the_models_disagree_as_the_chapter_says():
    """Paid social opens journeys (about a third of first touches) but closes few (under 5 % of last touches);
    email and paid search close them. Figures computed from fern_paths.csv."""
    paths = pd.read_csv(ROOT / "data" / "datasets" / "fern_paths.csv")
    pairs = [(cell.split(" > "), c) for cell, c in zip(paths["touchpoints"], paths["conversions"], strict=True)]
    first = attribute_conversions(pairs, "first_touch")
    last = attribute_conversions(pairs, "last_touch")
    assert first.total_conversions == 8457
    assert max(first.by_channel, key=first.by_channel.get) == "Paid social"
    assert first.share("Paid social") == pytest.approx(32.7, abs=0.05)
    assert last.share("Paid social") == pytest.approx(4.5, abs=0.05)
    assert max(last.by_channel, key=last.by_channel.get) == "Paid search"
    assert last.share("Email") == pytest.approx(27.5, abs=0.05) and first.share("Email") == pytest.approx(7.0, abs=0.05)


def test_survey_shape_and_patterns():
    survey = pd.read_csv(ROOT / "data" / "datasets" / "fern_servqual.csv")
    assert len(survey) == CASE["research"]["servqual_survey"]["respondents"] == 600
    assert len(item_columns()) == CASE["research"]["servqual_survey"]["items"] == 22
    assert [len(SERVQUAL_ITEMS[d]) for d in DIMENSIONS] == [4, 5, 4, 4, 5]
    assert survey["date"].str.startswith("2026-09").all()
    scores = survey[[c for _d, _n, e, p in item_columns() for c in (e, p)]]
    assert scores.min().min() >= 1 and scores.max().max() <= 7
    assert (survey.filter(like="importance_").sum(axis=1) == 100).all()
    gaps = {}
    for dimension in DIMENSIONS:
        cols = [(e, p) for d, _n, e, p in item_columns() if d == dimension]
        gaps[dimension] = (survey[[p for _e, p in cols]].to_numpy().mean()
                           - survey[[e for e, _p in cols]].to_numpy().mean())
    assert min(gaps, key=gaps.get) == "Reliability"
    assert max(gaps, key=gaps.get) == "Responsiveness"
    assert gaps["Reliability"] == pytest.approx(-1.533, abs=0.001)
    assert gaps["Responsiveness"] == pytest.approx(-0.200, abs=0.001)
