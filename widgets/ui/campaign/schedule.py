"""6.2 schedule: activities week by week on an accessible timeline (chart, description and table), with
overlaps, gaps and activities outside the campaign dates flagged."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.campaign import SCHEDULE_COLUMNS, Activity, _table, esc, schedule_chart
from widgets.charts import show_in
from widgets.ui.activities.common import WIDE
from widgets.ui.campaign.common import F, ListPart, PlanState


class ScheduleView(ListPart):
    part, noun, attr, model = "schedule", "activity", "schedule", Activity
    intro = ("Add each activity with its tool, the objective it serves and the weeks it runs (week 1 starts on "
             "the campaign's start date). The timeline and the checks update when you add or save.")
    fields = (F("activity", "Activity"), F("tool", "Tool", "tool"), F("objective", "Objective", "objective"),
              F("from_week", "From week", "int", "e.g. 1"), F("to_week", "To week", "int", "e.g. 4"))

    def __init__(self, state: PlanState):
        super().__init__(state)
        self.chart = w.Output(layout=WIDE)
        self.words = w.HTML(layout=WIDE)
        self.table = w.HTML(layout=WIDE)
        self.view = self.frame(*self.form(), self.chart, self.words, self.table)
        self.refresh()
        self.render()

    def render(self) -> None:
        super().render()
        if self.plan.schedule:
            chart = schedule_chart(self.plan)
            show_in(self.chart, chart)
            self.words.value = f"<p><strong>Timeline in words:</strong> {esc(chart.description)}</p>"
        else:
            self.chart.outputs = ()
            self.words.value = "<p>Add an activity to see the timeline.</p>"
        self.table.value = _table("Media schedule", SCHEDULE_COLUMNS, self.plan.schedule_rows())
