"""The campaign planner's views driven in Python: the planner starts blank, opens the worked example, and
answers bad input with a message beside the field while keeping what the learner typed."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re

import ipywidgets as w
import pytest

from widgets.activities.campaign import PARTS, CampaignPlan
from widgets.ui.activities.campaign import CampaignPlannerView
from widgets.ui.campaign.budget import BudgetView
from widgets.ui.campaign.common import worked_state
from widgets.ui.campaign.message import MessageView
from widgets.ui.campaign.objectives import ObjectivesView
from widgets.ui.campaign.schedule import ScheduleView

EVIL = "<img src=x onerror=alert(1)>"


def error(html_widget: w.HTML) -> str:
    return re.sub(r"<[^>]+>", "", html_widget.value)


def test_the_planner_starts_blank_then_opens_the_worked_example():
    view = CampaignPlannerView()
    assert view.state.plan == CampaignPlan()
    assert isinstance(view.view.children[-4], w.Tab) and len(view.part_views) == 7
    view.open_button.click()
    assert view.state.plan.campaign == "Kettleby Pods launch"
    assert view.inputs["organisation"].value == "Kettleby Coffee Roasters"
    objectives = view.part_views[0]
    assert objectives.chooser.options[0][0].startswith("1. Sign up new pod subscribers")
    assert "This objective is SMART" in objectives.smart.value
    assert "worked example" in view.status.value
    view.blank_button.click()
    assert view.state.plan == CampaignPlan() and objectives.chooser.options == ()


@pytest.mark.parametrize("part", PARTS)
def test_one_part_alone(part):
    view = CampaignPlannerView(part=part)
    assert len(view.part_views) == 1 and view.part_views[0].part == part
    view.open_button.click()
    assert "Checks on this part" in view.part_views[0].feedback.value


def test_smart_feedback_as_the_learner_types_and_a_sentence_from_their_fields():
    view = ObjectivesView(worked_state())
    view.clear_form()
    assert "still to fix" in view.smart.value
    view.inputs["change"].value = "Sign up new customers"
    view.inputs["measure"].value = "new customers"
    assert "there is no number to reach, so you will not know whether the campaign worked" in view.smart.value
    view.inputs["target"].value = "250"
    view.inputs["audience"].value = "office workers in Leeds"
    view.inputs["start"].value = dt.date(2027, 3, 1)
    view.inputs["deadline"].value = dt.date(2027, 5, 31)
    view.inputs["achievable"].value = "we won 200 last spring"
    view.inputs["serves"].value = "grow sales"
    assert "This objective is SMART" in view.smart.value
    assert "Sign up new customers: reach 250 new customers, among office workers in Leeds" in view.smart.value
    view.add_button.click()
    assert len(view.plan.objectives) == 5 and view.chooser.value == 4
    assert view.inputs["change"].value == "Sign up new customers"  # the form keeps what was added


def test_bad_number_and_dates_out_of_order_get_a_message_beside_the_field_and_nothing_is_lost():
    view = ObjectivesView(worked_state())
    before = view.plan
    view.inputs["target"].value = "lots"
    assert "not a number" in error(view.notes["target"])
    view.inputs["deadline"].value = dt.date(2027, 1, 1)
    assert "before the start date" in error(view.notes["deadline"])
    view.save_button.click()
    assert view.plan == before
    assert view.inputs["target"].value == "lots" and view.inputs["deadline"].value == dt.date(2027, 1, 1)
    view.inputs["target"].value = "-20"
    view.save_button.click()
    assert "0 or more" in error(view.notes["target"]) and view.plan == before


def test_schedule_bad_weeks_and_a_new_activity_updates_the_checks():
    view = ScheduleView(worked_state())
    view.clear_form()
    view.inputs["activity"].value = "radio advert"
    view.inputs["tool"].value = "advertising"
    view.inputs["from_week"].value = "6"
    view.inputs["to_week"].value = "3"
    view.add_button.click()
    assert "ends in week 3, before it starts in week 6" in error(view.error)
    assert len(view.plan.schedule) == 8 and view.inputs["activity"].value == "radio advert"
    view.inputs["to_week"].value = "2.5"
    assert "whole" in error(view.notes["to_week"]).lower() or "number" in error(view.notes["to_week"])
    view.inputs["to_week"].value = "30"
    view.add_button.click()
    assert len(view.plan.schedule) == 9
    assert "runs to week 30, but the campaign dates cover 18 weeks" in view.feedback.value
    assert "radio advert" in view.words.value and "radio advert" in view.table.value


def test_budget_absurd_values_keep_the_last_good_figure():
    view = BudgetView(worked_state())
    view.method_inputs["sales"].value = "-4200000"
    assert "0 or more" in error(view.method_notes["sales"])
    view.method_inputs["percentage"].value = "150"
    assert "more than 100" in error(view.method_notes["percentage"])
    view.method_inputs["change_percent"].value = "9e9"
    assert error(view.method_notes["change_percent"])
    assert view.plan.budget.sales == 4_200_000 and view.plan.budget.percentage == 1.5
    assert "£63,000" in view.methods.value and "£52,800" in view.methods.value
    view.method_inputs["chosen"].value = "affordable"
    assert "£5,000 less than the tasks cost" in view.feedback.value
    view.method_inputs["affordable"].value = "£60,000"
    assert view.plan.budget.affordable == 60_000


def test_message_caution_for_green_words_without_evidence():
    view = MessageView(worked_state())
    view.inputs["evidence"].value = ""
    view.inputs["proposition"].value = "Eco pods, plastic-free"
    assert "Green Claims Code" in view.feedback.value and "eco, plastic-free" in view.feedback.value
    view.how[0][1].value = EVIL
    assert EVIL not in view.feedback.value


def test_upload_bad_files_message_and_the_plan_is_unchanged():
    view = CampaignPlannerView.example()
    before = view.state.plan
    for content in (b"{", b"[" * 100_000, b'{"kind": "journey"}', b"x" * 2_000_000,
                    json.dumps({"kind": "cim-campaign-plan", "schema_version": 1, "budget": {"sales": -1}}).encode()):
        view.upload.value = ({"name": "plan.json", "type": "application/json", "size": len(content),
                              "content": memoryview(content), "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},)
        assert "Your current plan is unchanged" in error(view.upload_message)
        assert view.state.plan == before


def test_save_and_reopen_through_the_download_link():
    view = CampaignPlannerView.example()
    view.inputs["organisation"].value = EVIL
    view.prepare.click()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', view.downloads.value))
    assert set(links) == {"campaign-plan.json", "campaign-plan.html", "campaign-schedule.csv"}
    page = base64.b64decode(links["campaign-plan.html"]).decode()
    assert EVIL not in page and "&lt;img" in page
    other = CampaignPlannerView()
    assert other.load_json_text(base64.b64decode(links["campaign-plan.json"]))
    assert other.state.plan.organisation == EVIL and other.inputs["organisation"].value == EVIL
    assert EVIL not in "".join(x.value for x in _html(other.view))


def test_header_dates_out_of_order_message_beside_the_field():
    view = CampaignPlannerView.example()
    view.inputs["ends"].value = dt.date(2027, 1, 1)
    assert "before it starts" in error(view.notes["ends"])
    assert view.state.plan.ends == dt.date(2027, 6, 30) and view.inputs["ends"].value == dt.date(2027, 1, 1)


def _html(widget):
    if isinstance(widget, w.HTML):
        yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _html(child)


def test_show_campaign_planner_static_and_live(monkeypatch):
    from widgets.show import show_campaign_planner

    live = show_campaign_planner("cim-l3-cc", "kettleby-pods", part="budget")
    assert isinstance(live, w.VBox)
    monkeypatch.setenv("CX_BOOK_BUILD", "1")
    static = show_campaign_planner("cim-l3-cc", "kettleby-pods", part="schedule")
    assert "campaign-planner.ipynb" in static.html and "cx-chart" in static.html
    with pytest.raises(ValueError, match="not a part"):
        show_campaign_planner("cim-l3-cc", "kettleby-pods", part="timeline")
    assert os.environ["CX_BOOK_BUILD"] == "1"


def test_an_empty_objective_is_not_added():
    view = ObjectivesView(worked_state())
    view.clear_form()
    view.add_button.click()
    assert "please fill this in" in error(view.notes["change"])
    assert "please fill this in" in error(view.notes["measure"])
    assert len(view.plan.objectives) == 4
