"""Hartwell's 2026 RATER survey (CIM L4 3.2): the CSV in the repository is the generator's output, it has the
columns the SERVQUAL tool reads, and its gaps teach what they were designed to teach. Also the SERVQUAL task
file for Hartwell (its own statements and its app link) in the book's form and the live view."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from widgets.activities.servqual import analyse, by_segment, check_survey, course_survey, load_servqual_task
from widgets.sample_fern_journeys import SURVEY_COLUMNS
from widgets.sample_hartwell import HARTWELL_ITEMS, SEGMENTS, hartwell_service_survey, write_hartwell_survey

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "datasets" / "hartwell_service_survey.csv"
CASE = yaml.safe_load((ROOT / "data" / "cases" / "cim-l4-cx" / "hartwell-home-and-garden.yml").read_text("utf-8"))


@pytest.fixture(scope="module")
def analysis():
    task = load_servqual_task("cim-l4-cx", "hartwell-rater")
    return analyse(course_survey(task.dataset), statements=task.statements())


def test_the_csv_is_the_generator_output(tmp_path):
    assert write_hartwell_survey(tmp_path).read_bytes() == CSV.read_bytes()
    frame = pd.read_csv(CSV)
    pd.testing.assert_frame_equal(frame, hartwell_service_survey())
    assert list(frame.columns) == SURVEY_COLUMNS
    assert len(frame) == 800 and frame["respondent_id"].is_unique
    assert frame["date"].min() >= "2026-06-01" and frame["date"].max() <= "2026-06-30"


def test_same_seed_same_survey_other_seed_other_survey():
    assert hartwell_service_survey(50, seed=3).equals(hartwell_service_survey(50, seed=3))
    assert not hartwell_service_survey(50, seed=3).equals(hartwell_service_survey(50, seed=4))
    with pytest.raises(ValueError):
        hartwell_service_survey(0)


def test_segments_are_the_case_files_customer_groups():
    assert SEGMENTS == tuple(g["name"] for g in CASE["customer_groups"])
    assert set(pd.read_csv(CSV)["segment"]) == set(SEGMENTS)
    assert CASE["datasets"]["service_survey"] == CSV.name


def test_scores_on_the_scale_and_importance_adds_to_100():
    frame = check_survey(pd.read_csv(CSV))  # refuses anything off the 1–7 scale
    points = frame[SURVEY_COLUMNS[-5:]].sum(axis=1)
    assert (points == 100).all()


def test_gaps_as_designed(analysis):
    gaps = analysis.result.by_dimension
    assert analysis.result.largest_gap == "Reliability"
    assert min(gaps, key=gaps.get) == "Reliability" and max(gaps, key=gaps.get) == "Tangibles"
    assert gaps["Reliability"] == pytest.approx(-1.50, abs=0.005)
    assert gaps["Tangibles"] == pytest.approx(-0.09, abs=0.005)
    assert gaps["Responsiveness"] == pytest.approx(-0.92, abs=0.005)
    assert gaps["Empathy"] == pytest.approx(-0.66, abs=0.005)
    assert gaps["Assurance"] == pytest.approx(-0.35, abs=0.005)
    assert analysis.result.unweighted == pytest.approx(-0.70, abs=0.005)
    assert analysis.result.weighted == pytest.approx(-0.80, abs=0.005)
    worst = min(analysis.items, key=lambda i: i.gap)
    assert (worst.dimension, worst.number) == ("Reliability", 1)
    assert worst.text == "Hartwell delivers on the day it promised." == HARTWELL_ITEMS["Reliability"][0]
    assert worst.gap == pytest.approx(-2.63, abs=0.005)


def test_trade_differs_most():
    rows = {s: a for s, _n, a in by_segment(course_survey("hartwell_service_survey"))}
    trade = rows.pop("Trade")
    for other in rows.values():
        assert trade.result.by_dimension["Reliability"] < other.result.by_dimension["Reliability"] - 0.6
        assert trade.result.by_dimension["Responsiveness"] < other.result.by_dimension["Responsiveness"] - 0.4
        assert trade.weights["Tangibles"] < other.weights["Tangibles"]
    assert trade.result.by_dimension["Reliability"] == pytest.approx(-2.34, abs=0.005)
    assert trade.result.weighted == pytest.approx(-1.57, abs=0.005)


def test_the_task_file_uses_hartwells_statements_and_app():
    from widgets.ui.activities.servqual import ServqualView, servqual_static

    task = load_servqual_task("cim-l4-cx", "hartwell-rater")
    assert task.app == "experience-design" and task.statements() == {k: list(v) for k, v in HARTWELL_ITEMS.items()}
    page = servqual_static("cim-l4-cx", "hartwell-rater")
    assert "experience-design" in page and "journey-data-lab" not in page
    assert "Hartwell delivers on the day it promised." in page and "Fern" not in page
    assert "Zeithaml, Parasuraman and Berry 1990" in task.instructions
    view = ServqualView(task)
    assert "Hartwell delivers on the day it promised." in view.items.value
    assert "Trade" in view.segments.value


def test_the_fern_task_keeps_its_app_and_wording():
    from widgets.ui.activities.servqual import servqual_static

    task = load_servqual_task("cim-l6-cjo", "fern-servqual")
    assert task.app == "journey-data-lab" and task.statements() is None
    assert "journey-data-lab" in servqual_static("cim-l6-cjo", "fern-servqual")


def test_a_task_with_an_incomplete_set_of_statements_is_refused():
    from widgets.activities.common import parse
    from widgets.activities.servqual import ServqualTask

    data = yaml.safe_load((ROOT / "data/activities/cim-l4-cx/hartwell-rater.yml").read_text("utf-8"))
    data["items"]["Reliability"] = data["items"]["Reliability"][:4]
    with pytest.raises(ValueError, match="Reliability needs 5 statements"):
        parse(ServqualTask, data, "x.yml")
