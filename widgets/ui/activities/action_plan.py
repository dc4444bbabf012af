"""Action plan view: actions, owners, ways of implementing and a timeline (OCR 4.1, P7, P8, M3)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.activities.action_plan import HOW, ActionPlan, PlannedAction, days_inclusive, end_before_start, new_action
from widgets.activities.charts import timeline_chart
from widgets.charts import show_in
from widgets.ui.activities.common import (
    WIDE,
    area,
    button,
    date_picker,
    download_links,
    dropdown,
    esc,
    heading,
    read_back,
    style_tag,
    text,
)
from widgets.ui.activities.lists import ListEditor


class ActionPlanView(ListEditor):
    noun, doc_attr, items_attr, doc_name = "action", "plan", "actions", "plan"
    updated = "; the timeline is updated"

    @classmethod
    def example(cls) -> ActionPlanView:
        """The view on the OCR Unit 10 worked example (the hostile-input test builds it this way)."""
        from widgets.activities.action_plan import load_action_plan

        return cls(load_action_plan("ocr-l2-u10", "stride-sports"))

    def __init__(self, plan: ActionPlan):
        super().__init__()
        self.plan = plan
        self.organisation = text("Organisation", plan.organisation)
        self.on_change(self.organisation, lambda _change: self.rename())
        self.action = area("Action", placeholder="What will be done")
        self.feedback = area("Feedback it answers", placeholder="Which customer feedback (from your log) it answers")
        self.owner = text("Owner", placeholder="The person or role responsible")
        self.how = dropdown("How it will be implemented", [(v, k) for k, v in HOW.items()], "training")
        self.how_detail = text("Details of how (optional)")
        self.start = date_picker("Start date")
        self.end = date_picker("End date")
        self.dates_note = read_back(self, [self.start, self.end], self.dates_text)
        self.success = area("How you will know it worked")
        self.chart = w.Output(layout=WIDE)
        self.timeline_text = w.HTML(layout=WIDE)
        self.table = w.HTML(layout=WIDE)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self._render(0)
        self.view = w.VBox([
            style_tag(), heading("Action plan"),
            w.HTML("<p>List the actions that answer your customer feedback, who owns each one, how it will be "
                   "done and when. The timeline below updates when you add or save an action.</p>", layout=WIDE),
            self.organisation, self.chooser, heading("The action", 4), self.action, self.feedback, self.owner,
            self.how, self.how_detail, self.start, self.end, self.dates_note, self.success, self.buttons,
            self.error, self.status,
            heading("Timeline", 4), self.chart, self.timeline_text, self.table, self.prepare, self.downloads])

    def dates_text(self) -> str:
        """What the course has understood from the dates, for the line under them."""
        start, end = self.start.value, self.end.value
        if start and end and end >= start:
            return f"Runs {start:%d %b %Y} to {end:%d %b %Y}: {days_inclusive(start, end)} days."
        if start and end:
            return f"{end_before_start(start, end)}."
        return "Choose a start date and an end date."

    def form_values(self) -> dict[str, Any]:
        return dict(action=self.action.value, feedback=self.feedback.value, owner=self.owner.value,
                    how=self.how.value, how_detail=self.how_detail.value, start=self.start.value,
                    end=self.end.value, success=self.success.value)

    def fill(self, a: PlannedAction | None) -> None:
        self.action.value = a.action if a else ""
        self.feedback.value = a.feedback if a else ""
        self.owner.value = a.owner if a else ""
        self.how.value = a.how if a else "training"
        self.how_detail.value = a.how_detail if a else ""
        self.start.value = a.start if a else None
        self.end.value = a.end if a else None
        self.success.value = a.success if a else ""

    def new_record(self, **values) -> PlannedAction:
        return new_action(**values)

    def chooser_label(self, a: PlannedAction) -> str:
        return a.action

    def _render_rest(self) -> None:
        chart = timeline_chart(self.plan)
        show_in(self.chart, chart)
        self.timeline_text.value = f"<p><strong>Timeline in words:</strong> {esc(chart.description)}</p>"
        self.table.value = self.plan.to_html_table()

    def prepare_downloads(self) -> None:
        self.downloads.value = download_links([
            ("action-plan.csv", "text/csv", self.plan.to_csv(), "Download the plan as a spreadsheet (.csv)"),
            ("action-plan.md", "text/markdown", self.plan.to_markdown(), "Download the plan as Markdown (.md)"),
            ("action-plan.html", "text/html", self.plan.to_html_document(), "Download the plan as a web page (.html)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")
