"""The optimisation plan builder's live view (no browser): the learner writes every part, the SMART check
answers part by part as they type, the calculator shows its working, bad input is answered beside the form
and nothing typed is lost, files download and reopen; and the book's static form."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from widgets.activities.optimisation_plan import load_plan, to_json

PLAN = load_plan("cim-l6-cjo", "fern-plan")


@pytest.fixture
def view():
    from widgets.ui.activities.optimisation_plan import OptimisationPlanView

    return OptimisationPlanView.example()


def upload(content: bytes, name: str = "plan.json") -> tuple[dict, ...]:
    return ({"name": name, "type": "application/json", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2026, 11, 2, tzinfo=dt.UTC)},)


def write_improvement(view) -> None:
    """The learner's own improvement, written part by part."""
    view.description.value = "Show a 'still alive' photo story on the product page"
    view.pain_point.value = "Care information is hard to find on product pages"
    view.stage.value = "Consideration"
    view.imp_persona.value = "Sam Okafor (Urban renters)"
    view.change.value = "Customer photos of plants a year on appear beside the care panel"
    view.who.value = "first-time visitors on mobile"
    view.metric.value = "conversion"
    view.baseline.value, view.target.value = "1.6", "2.2"
    view.achievable.value = "0.6 points, the map's target; photos answer 'will I kill it?'"
    view.serves.value = "Raise conversion from 1.6% to 2.2%"
    view.start.value, view.deadline.value = dt.date(2027, 5, 3), dt.date(2027, 10, 29)
    view.impact.value, view.effort.value = 3, 2
    view.owner.value = "Hannah Reid (E-commerce manager)"
    view.people.value, view.budget.value, view.tools.value = "Hannah Reid", "4000", "review platform"
    view.channel_boxes[0].value = True
    view.other_channels.value = "Instagram"
    view.review.value = dt.date(2027, 8, 6)
    view.across.value = "The same photos run on Instagram and the product page, so the story is the same."


def test_the_worked_plan_opens_with_its_matrix_ranking_and_no_gaps(view):
    assert len(view.chosen.options) == len(PLAN.improvements)
    assert "Quick win" in view.table.value and "No gaps found" in view.gaps.value
    assert view.details.value.count("SMART check, part by part") == len(PLAN.improvements)
    assert view.chart.outputs  # the matrix is drawn


def test_blank_start_then_write_an_improvement_part_by_part(view):
    view.start_blank.click()
    assert view.plan.improvements == [] and "Name the persona" in view.gaps.value
    view.description.value = "Show a 'still alive' photo story on the product page"
    assert "5 parts of SMART still to fix" in view.smart.value or "parts of SMART still to fix" in view.smart.value
    write_improvement(view)
    assert "Every part of SMART is met" in view.smart.value
    assert "higher is better" in view.smart.value and "from 1.6 to 2.2" in view.smart.value
    view.add.click()
    assert len(view.plan.improvements) == 1 and "Improvement added" in view.status.value
    imp = view.plan.improvements[0]
    assert imp.channels == ["Website", "Instagram"] and imp.budget == 4000
    assert "Quick win" in view.table.value


def test_the_calculator_shows_its_working_and_sets_the_baseline(view):
    view.start_blank.click()
    view.metric.value = "abandonment"
    assert set(view.calc_inputs) == {"started", "completed"}
    view.calc_inputs["started"].value, view.calc_inputs["completed"].value = "1000", "260"
    view.compute.click()
    assert "74.0%" in view.working.value and "1,000 − 260 = 740" in view.working.value
    view.use_result.click()
    assert view.baseline.value == "74"
    view.calc_inputs["completed"].value = "2000"
    view.compute.click()
    assert "cannot be more than started" in view.working.value
    assert view.calc_inputs["completed"].value == "2000"  # kept


def test_another_measure_shows_its_own_fields(view):
    view.metric.value = "other"
    assert view.metric_name.layout.display is None and view.compute.disabled
    view.metric.value = "bounce"
    assert view.metric_name.layout.display == "none" and not view.compute.disabled
    assert view.smart.layout.display is None and view.description.layout.display is None


def test_bad_input_gets_a_message_beside_the_form_and_keeps_the_work(view):
    view.clear.click()
    write_improvement(view)
    before = view.plan
    view.budget.value = "-40"
    view.add.click()
    assert "Budget" in view.imp_msg.value and view.plan == before and view.budget.value == "-40"
    view.budget.value = "4000"
    view.target.value = "140"
    assert "impossible for Conversion rate" in view.smart.value
    view.add.click()
    assert "impossible" in view.imp_msg.value and view.target.value == "140"
    view.target.value = "2.2"
    view.description.value = PLAN.improvements[0].description
    view.add.click()
    assert "in the plan twice" in view.imp_msg.value and view.plan == before
    view.update.click()
    assert "Choose the improvement to change" in view.imp_msg.value
    view.budget_total.value = "lots"
    view.save_plan.click()
    assert "not a number" in view.plan_msg.value and view.budget_total.value == "lots"


def test_select_edit_and_remove(view):
    view.chosen.value = 7
    assert view.description.value == "Offer Saturday delivery with a second courier"
    view.owner.value = "Bea Adeyemi (Operations manager)"
    view.update.click()
    assert "owns 3 improvements with effort 1 + 2 + 4 = 7" in view.gaps.value
    view.chosen.value = 0
    view.remove.click()
    assert len(view.plan.improvements) == len(PLAN.improvements) - 1


def test_start_from_an_audit_opportunity_fills_only_what_the_audit_says(view):
    view.from_audit.value = 2
    view.use_audit.click()
    assert view.description.value == "Show delivery cost and slots on the product page from the postcode"
    assert view.stage.value == "Purchase" and view.change.value == "" and view.target.value == ""
    assert [b.description for b in view.channel_boxes if b.value] == ["Website"]


def test_plan_details_update_and_files(view):
    view.sources[1].value = False
    view.cadence.value = "quarterly"
    view.save_plan.click()
    assert view.plan.cadence == "quarterly" and "customer feedback" not in view.plan.sources
    view.prepare.click()
    assert view.downloads.value.count("download=") == 3


def test_reopen_a_saved_plan(view):
    view.start_blank.click()
    view.upload.value = upload(to_json(PLAN).encode())
    assert len(view.plan.improvements) == len(PLAN.improvements) and "Reopened" in view.status.value
    assert view.persona.value == PLAN.persona
    view.upload.value = upload(b"{not json")
    assert "unchanged" in view.upload_message.value and len(view.plan.improvements) == len(PLAN.improvements)


def test_the_static_form_links_to_the_live_app(monkeypatch):
    from widgets.ui.activities.optimisation_plan import optimisation_plan_static

    monkeypatch.setitem(os.environ, "CX_BOOK_BUILD", "1")
    page = optimisation_plan_static("cim-l6-cjo", "fern-plan")
    assert "voila/render/journey-optimiser.ipynb" in page
    assert "cx-chart" in page and "Priority matrix of 8 improvements" in page
