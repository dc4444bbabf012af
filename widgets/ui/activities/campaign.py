"""The campaign planner (CIM Level 3 Unit 3, 5.1 to 6.4): the plan's organisation, dates, brand values and
audiences, the seven parts (one view each, :mod:`widgets.ui.campaign`) as tabs or one part alone, opening
the worked example or a saved plan, and the downloads (JSON to reopen, an HTML document, the schedule as CSV)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.activities.campaign import MAX_UPLOAD_BYTES, PART_TITLES, PARTS, CampaignPlan, blank_plan, check_part
from widgets.ui.activities.common import (
    WIDE,
    ActivityView,
    area,
    button,
    date_picker,
    download_links,
    heading,
    style_tag,
    text,
)
from widgets.ui.campaign.budget import BudgetView
from widgets.ui.campaign.common import SPEC, WORKED, PlanState, worked_state
from widgets.ui.campaign.evaluation import EvaluationView
from widgets.ui.campaign.message import MessageView
from widgets.ui.campaign.mix import MixView
from widgets.ui.campaign.objectives import ObjectivesView
from widgets.ui.campaign.resourcing import ResourcingView
from widgets.ui.campaign.schedule import ScheduleView
from widgets.ui.common import error_html, uploaded_bytes

PART_VIEWS = {"objectives": ObjectivesView, "message": MessageView, "mix": MixView, "resourcing": ResourcingView,
              "schedule": ScheduleView, "budget": BudgetView, "evaluation": EvaluationView}
HEADER = (("organisation", "Organisation", "text"), ("campaign", "Campaign name", "text"),
          ("starts", "Campaign starts", "date"), ("ends", "Campaign ends", "date"),
          ("brand_values", "Brand values (one a line)", "lines"), ("audiences", "Audiences (one a line)", "lines"))


class CampaignPlannerView(ActivityView):
    """The whole planner (``part=None``) or one part of it, starting blank unless given a plan."""

    @classmethod
    def example(cls) -> CampaignPlannerView:
        return cls(worked_state())

    def __init__(self, state: PlanState | None = None, part: str | None = None, spec_id: str = SPEC,
                 name: str = WORKED):
        super().__init__()
        self.worked = worked_state(spec_id, name)
        self.state = state or PlanState(blank_plan(), self.worked.tools)
        self.parts = PARTS if part is None else (check_part(part),)
        self.inputs: dict[str, w.Widget] = {}
        self.notes: dict[str, w.HTML] = {}
        for name, label, kind in HEADER:
            widget = date_picker(label) if kind == "date" else area(label, rows=3) if kind == "lines" else text(label)
            self.inputs[name], self.notes[name] = widget, w.HTML(layout=WIDE)
            self.on_change(widget, lambda _c, name=name, kind=kind: self.header_changed(name, kind), self.notes[name])
        self.open_button = button("Open the worked example (Kettleby Pods)")
        self.on_click(self.open_button, self.open_worked)
        self.blank_button = button("Start a blank plan")
        self.on_click(self.blank_button, self.start_blank)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Open a saved plan (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.part_views = [PART_VIEWS[p](self.state) for p in self.parts]
        self.state.listen(lambda source: self.refresh_header() if source == "all" else None)
        if len(self.part_views) == 1:
            body: w.Widget = self.part_views[0].view
        else:
            body = w.Tab(children=[v.view for v in self.part_views])
            body.add_class("cx-toolkit-tabs")  # the toolkit's tab style: dark labels, a visible focus ring
            for i, p in enumerate(self.parts):
                body.set_title(i, PART_TITLES[p])
        self.refresh_header()
        self.view = w.VBox([
            style_tag(), heading("Campaign planner" + ("" if part is None else f": {PART_TITLES[self.parts[0]]}")),
            w.HTML("<p>Plan a marketing communications campaign for your organisation. Start with a blank plan, or "
                   "open the worked example to see a complete plan, then change it.</p>", layout=WIDE),
            w.HBox([self.open_button, self.blank_button], layout=w.Layout(flex_flow="row wrap")),
            self.upload, self.upload_message,
            *[w.VBox([self.inputs[n], self.notes[n]]) for n, _, _ in HEADER],
            self.error, self.status, body, heading("Save and download", 4), self.prepare, self.downloads])
        self.view.add_class("cx-campaign-planner")

    # -- the plan's header fields
    def refresh_header(self) -> None:
        plan = self.state.plan
        self._muted = True
        try:
            for name, _, kind in HEADER:
                value = getattr(plan, name)
                self.inputs[name].value = "\n".join(value) if kind == "lines" else (value if kind == "date" else value)
                self.notes[name].value = ""
        finally:
            self._muted = False

    _muted = False

    def header_changed(self, name: str, kind: str) -> None:
        if self._muted:
            return
        value: Any = self.inputs[name].value
        if kind == "lines":
            value = [line for line in str(value).splitlines() if line.strip()]
        try:
            plan = self.state.plan.with_(**{name: value})
        except ValueError as exc:
            self.fail(f"{exc} What you typed is kept; the plan still has the last value that worked.", self.notes[name])
            return
        self.notes[name].value = ""
        self.state.set(plan, "header")
        self.say("Saved in the plan.")

    # -- opening
    def replace_plan(self, plan: CampaignPlan, said: str) -> None:
        self.state.set(plan, "all")
        self.downloads.value = ""
        self.clear_error()
        self.say(said)

    def open_worked(self) -> None:
        self.replace_plan(self.worked.plan, "The worked example (Kettleby Pods) is open. Change anything you like.")

    def start_blank(self) -> None:
        self.replace_plan(blank_plan(), "A blank plan is open.")

    def uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            plan = CampaignPlan.from_json(uploaded_bytes(upload, MAX_UPLOAD_BYTES, "a saved campaign plan"))
        except ValueError as exc:
            self.upload_message.value = error_html(f"{exc} Your current plan is unchanged.")
            self.say("Please check the message under “Open a saved plan”.")
            return
        finally:
            self._clear_upload()
        self.upload_message.value = ""
        self.replace_plan(plan, f"Opened the plan “{plan.campaign or 'untitled'}” from your file.")

    def _clear_upload(self) -> None:
        try:
            self.upload.value = ()
        except Exception:  # noqa: BLE001 - an upload widget that cannot be cleared keeps its file; nothing else
            pass

    def load_json_text(self, text_: str | bytes) -> bool:
        """Open a plan from JSON (tests and the upload); False with a message, and nothing lost, if not valid."""
        try:
            plan = CampaignPlan.from_json(text_)
        except ValueError as exc:
            self.upload_message.value = error_html(f"{exc} Your current plan is unchanged.")
            return False
        self.upload_message.value = ""
        self.replace_plan(plan, "Opened the saved plan.")
        return True

    # -- saving
    def prepare_downloads(self) -> None:
        plan = self.state.plan
        self.downloads.value = download_links([
            ("campaign-plan.json", "application/json", plan.to_json(), "Save the plan to open again later (.json)"),
            ("campaign-plan.html", "text/html", plan.to_html_document(self.state.tools),
             "Download the plan as a web page (.html)"),
            ("campaign-schedule.csv", "text/csv", plan.schedule_csv(),
             "Download the schedule as a spreadsheet (.csv)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")
