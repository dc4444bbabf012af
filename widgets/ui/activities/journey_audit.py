"""Journey audit view (CIM L6 1.2 and 2.1): open the Fern & Field map, a blank ACPRA map or a saved map or
audit; write the customer's goal per stage, extend the 5 Whys, add changes and metrics, choose the metric for
each change; see the audit and download it. Every rule is in :mod:`widgets.activities.journey_audit` (which
works on the journey builder's own model); a refused entry gets its message beside its form and every box keeps
what the learner typed. The forms for the learner's additions are in :mod:`widgets.ui.journey_audit`."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.journey_audit import (
    Audit,
    AuditTask,
    audit_body_html,
    audit_html,
    audit_journey,
    blank_acpra_audit,
    load_audit_task,
    open_file,
    to_csv,
    to_json,
)
from widgets.journey import MAX_UPLOAD_BYTES
from widgets.ui.activities.common import WIDE, button, download_links, heading, style_tag
from widgets.ui.journey_audit.additions import AuditAdditions

esc = html.escape


class JourneyAuditView(AuditAdditions):
    @classmethod
    def example(cls) -> JourneyAuditView:
        return cls(load_audit_task("cim-l6-cjo", "fern-audit"))

    def __init__(self, task: AuditTask):
        super().__init__()
        self.task = task
        self.audit = Audit(task.journey(), task.notes())
        self.open_case = button(f"Open the {task.organisation} map")
        self.open_blank = button("Start a blank ACPRA map")
        self.on_click(self.open_case, lambda: self.replace(Audit(task.journey(), task.notes()),
                                                           f"Opened the {task.organisation} map."))
        self.on_click(self.open_blank, lambda: self.replace(blank_acpra_audit(task), "Blank ACPRA map started: add "
                                                            "its touchpoints and pain points below."))
        self.map_title = w.HTML(layout=WIDE)
        self.build_additions()
        # audit and files
        self.result = w.HTML(layout=WIDE)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Open a saved audit or journey map (.json)",
                                   layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>", layout=WIDE),
            w.HBox([self.open_case, self.open_blank]), self.upload, self.upload_message, self.map_title,
            heading("The audit", 4), self.result,
            heading("Your additions: goals", 4), self.stage, self.goal, self.goal_msg, self.save_goal,
            heading("Your additions: touchpoints and pain points", 4), self.tp_stage, self.tp_name,
            self.tp_channel, self.tp_emotion, self.tp_expect, self.tp_experience, self.tp_msg, self.add_tp_button,
            self.pain_tp, self.pain_text, self.severity, self.frequency, self.pain_msg, self.add_pain_button,
            heading("Your additions: 5 Whys", 4), self.pain, self.chain, self.why, self.why_msg,
            w.HBox([self.add_why_button, self.drop_why]),
            heading("Your additions: recommended changes", 4), self.change_tp, self.change_text, self.impact,
            self.effort, self.change_msg, self.add_change_button,
            heading("Your additions: metrics", 4), self.metric_tp, self.metric_name, self.metric_value,
            self.metric_target, self.metric_unit, self.direction, self.metric_msg, self.add_metric_button,
            self.link_change, self.link_kpi, self.link_msg, self.link_button,
            heading("Channels expected on the journey", 4), self.channels, self.channels_msg, self.save_channels,
            heading("Save and download", 4), self.error, self.status, self.prepare, self.downloads])
        self.refresh()

    def replace(self, audit: Audit, done: str) -> None:
        self.audit = audit
        for message in (self.tp_msg, self.pain_msg, self.goal_msg, self.why_msg, self.change_msg, self.metric_msg,
                        self.link_msg, self.channels_msg, self.upload_message):
            message.value = ""
        self.refresh()
        self.say(done)

    # -- showing it
    def _keep(self, dd: w.Dropdown, options: list) -> None:
        old = dd.value
        dd.options = options
        values = [v for _, v in options]
        dd.value = old if old in values else (values[0] if values else None)

    def refresh(self) -> None:
        j, notes = self.audit.journey, self.audit.notes
        with self._silent():
            self._keep(self.stage, [(s.name, s.id) for s in j.as_is])
            self._keep(self.tp_stage, [(s.name, s.id) for s in j.as_is])
            self._keep(self.pain, [(f"{s.name} · {t.name}: {p.description[:60]}", p.id)
                                   for s, t in j.touchpoints() for p in t.pain_points])
            tps = [(f"{s.name} · {t.name}", t.id) for s, t in j.touchpoints()]
            self._keep(self.change_tp, tps)
            self._keep(self.metric_tp, tps)
            self._keep(self.pain_tp, tps)
            self._keep(self.link_change, [(f"{t.name}: {o.description[:60]}", o.id)
                                          for _, t in j.touchpoints() for o in t.opportunities])
            self._keep(self.link_kpi, [(f"{t.name}: {k.name}", k.id) for _, t in j.touchpoints() for k in t.kpis])
            self.channels.value = tuple(notes.expected_channels)
        self.goal.value = notes.stage_goals.get(self.stage.value or "", "")
        self.map_title.value = (f"<p>Map: <strong>{esc(j.title)}</strong> — {len(j.as_is)} stages, "
                                f"{len(j.touchpoints())} touchpoints.</p>")
        self.result.value = f"<div class='cx-audit'>{audit_body_html(self.audit, audit_journey(self.audit))}</div>"
        self.show_chain()
        self.downloads.value = ""

    def prepare_downloads(self) -> None:
        self.downloads.value = download_links([
            ("journey-audit.html", "text/html", audit_html(self.audit), "Download the audit as a web page (.html)"),
            ("journey-audit.csv", "text/csv", to_csv(self.audit), "Download the audit as a spreadsheet (.csv)"),
            ("journey-audit.json", "application/json", to_json(self.audit, self.task.id),
             "Save the audit to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, lambda raw: open_file(raw, self.task), self._opened, "journey audit or map",
                    work="audit", limit=MAX_UPLOAD_BYTES)

    def _opened(self, audit: Audit, name: str) -> None:
        self.replace(audit, f"Opened “{audit.journey.title}” from {name}.")


def journey_audit_static(spec_id: str, name: str) -> str:
    """The book's form: the audit of the task's map and the link to the live app."""
    from widgets.activities.journey_audit import audit_static_html
    from widgets.live import live_link_html

    task = load_audit_task(spec_id, name)
    link = live_link_html("journey-optimiser", "Open the live journey audit to add your own goals, whys, changes "
                                               "and metrics")
    return audit_static_html(task, link)
