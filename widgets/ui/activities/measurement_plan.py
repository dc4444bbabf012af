"""Measurement plan view (CIM Level 4 Customer Experience, 5.1–5.4): measures and research methods for a context,
complaints, compliments and other feedback analysed with charts and evaluated, and four stakeholder perspectives;
checks as the learner writes; download, save and reopen. The model and every check are in
:mod:`widgets.activities.measurement_plan`; the part forms are in :mod:`widgets.ui.measurement_plan`. A refused
entry gets its message beside its form and every box keeps what the learner typed."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities import measurement_plan as mp
from widgets.ui.activities.common import (
    WIDE,
    ActivityView,
    button,
    download_links,
    heading,
    style_tag,
    text,
    tool_tabs,
    tools_app,
)
from widgets.ui.measurement_plan import feedback, measures, stakeholders

SPEC, NAME = "cim-l4-cx", "hartwell-measurement"
esc = html.escape
SECTIONS = {"measures": measures, "feedback": feedback, "stakeholders": stakeholders}


class MeasurementPlanView(ActivityView):
    @classmethod
    def example(cls) -> MeasurementPlanView:
        return cls(mp.load_task(SPEC, NAME))

    def __init__(self, task: mp.MeasurementTask, part: str | None = None):
        super().__init__()
        self.task, self.part = task, mp.check_part(part)
        self.parts = mp.PARTS if part is None else (part,)
        self.work = mp.blank_work()
        self.start_blank, self.start_worked = button("Start blank"), button("Open the worked example")
        self.on_click(self.start_blank, lambda: self.replace(mp.blank_work(), "Blank measurement plan started."))
        self.on_click(self.start_worked, lambda: self.replace(self.task.worked, "Worked example opened: read it, "
                                                              "then start blank to write your own."))
        self.organisation = text("Organisation", self.work.organisation)
        self.org_msg = w.HTML(layout=WIDE)
        self.on_change(self.organisation, lambda _c: self.update(
            self.org_msg, "Organisation updated.",
            lambda: mp.with_changes(self.work, organisation=self.organisation.value)), self.org_msg)
        sections = [SECTIONS[p].build(self) for p in self.parts]
        body: w.Widget = sections[0] if len(sections) == 1 else tool_tabs(
            sections, [mp.PART_TITLES[p] for p in self.parts])
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen saved work (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        title = task.title + ("" if part is None else f": {mp.PART_TITLES[part]}")
        intro = ("Choose measures and research methods for a context (5.1, 5.2), evaluate complaints, compliments "
                 "and other feedback (5.3) and justify measuring from four stakeholder perspectives (5.4). Choose a "
                 "part from the tabs (use the arrow keys to move between tabs).") if part is None else \
            f"{mp.PART_TITLES[part]}."
        self.view = w.VBox([
            style_tag(), heading(title),
            w.HTML(f"<p>{esc(intro)} The checks flag gaps and common slips; the tool never chooses or writes for "
                   "you. Nothing is saved on the server: download your work before you close the page.</p>",
                   layout=WIDE),
            w.HBox([self.start_blank, self.start_worked]), self.organisation, self.org_msg, body,
            heading("Save, reopen and download", 4), self.error, self.status, self.prepare, self.downloads,
            self.upload, self.upload_message])
        self.refresh()

    # -- changing the work: every change goes through the model, so a refusal leaves everything as it was
    def update(self, where: w.HTML, done: str, make) -> bool:
        if self._quiet:
            return False
        return self.apply_change(where, make, done, ask="Please check the message beside the box you changed.")

    def replace(self, work: mp.MeasurementWork, done: str) -> None:
        self.work = work
        with self._silent():
            self.organisation.value = work.organisation
            for p in self.parts:
                SECTIONS[p].fill(self, work)
        for message in self._messages():
            message.value = ""
        self.refresh()
        self.say(done)

    def _messages(self) -> list[w.HTML]:
        found = [self.org_msg, self.upload_message]
        for name in ("context_msg", "choice_msg", "data_msg"):
            if hasattr(self, name):
                found.append(getattr(self, name))
        for name in ("eval_msgs", "persp_msgs"):
            found += list(getattr(self, name, {}).values())
        return found

    # -- showing it
    def refresh(self) -> None:
        for p in self.parts:
            SECTIONS[p].refresh(self, self.work)
        if hasattr(self, "downloads"):
            self.downloads.value = ""

    def prepare_downloads(self) -> None:
        work = self.work
        self.downloads.value = download_links([
            ("measurement-plan.html", "text/html", mp.document_html(work, self.part),
             "Download your plan as a web page (.html)"),
            ("measurement-plan.csv", "text/csv", mp.to_csv(work), "Download your plan as a spreadsheet (.csv)"),
            ("measurement-plan.json", "application/json", mp.to_json(work, self.task.id),
             "Save your plan to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, mp.from_json, self._opened, "measurement plan", work="plan")

    def _opened(self, work: mp.MeasurementWork, name: str) -> None:
        self.replace(work, f"Reopened your measurement plan for “{work.organisation}” from {name}.")


def measurement_plan_static(spec_id: str, name: str, part: str | None = None) -> str:
    """The book's static HTML for ``part`` (or all three) with the link to the live app."""
    from widgets.live import live_link_html

    task = mp.load_task(spec_id, name)
    link = live_link_html(mp.APP, "Open the live measurement plan to choose your own measures and methods, analyse "
                                  "feedback data and write your evaluation, then download it")
    return mp.measurement_plan_html(task, part, link)


def measurement_plan_tab(spec_id: str = SPEC, name: str = NAME) -> MeasurementPlanView:
    """The view for a tab of the cx-measurement app (all three parts)."""
    return MeasurementPlanView(mp.load_task(spec_id, name))


__all__ = ["MeasurementPlanView", "measurement_plan_static", "measurement_plan_tab", "tools_app"]
