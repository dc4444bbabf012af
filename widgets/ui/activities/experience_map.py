"""Detailed experience map view (BTEC HN Unit 16, LO2): a thin layer over a journey map. The learner starts
from a template or a blank map (or reopens a map saved by the journey builder), records per touchpoint the
business's front-stage action, its back-stage process and the touchpoint's influence on behaviour, sees the
evidence checklist, and downloads the evidence. Stages, doing/thinking/feeling, emotions, pain points and
opportunities are edited in the journey builder; the model and every check are in
:mod:`widgets.activities.experience_map`."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.experience_map import (
    BLANK,
    ExperienceMap,
    ExperienceMapTask,
    actions_table_html,
    checklist,
    checklist_html,
    clusters_html,
    evidence_document_html,
    from_json,
    load_experience_map_task,
    start_map,
    to_csv,
    to_json,
)
from widgets.journey import MAX_UPLOAD_BYTES, SHAW_WORDS, TEMPLATES, set_field
from widgets.ui.activities.common import WIDE, ActivityView, area, button, download_links, dropdown, heading, style_tag
from widgets.ui.common import error_html

esc = html.escape


class ExperienceMapView(ActivityView):
    @classmethod
    def example(cls) -> ExperienceMapView:
        return cls(load_experience_map_task("hn-l4-u16", "experience-map"))

    def __init__(self, task: ExperienceMapTask):
        super().__init__()
        self.task = task
        self.map: ExperienceMap = start_map(task, task.worked_example)
        labels = {BLANK: "Blank map: pre-, during and post-experience", **TEMPLATES}
        self.start_choice = dropdown("Start from", [(labels[k], k) for k in task.templates], task.worked_example)
        self.start = button("Start from this choice (replaces the map below)")
        self.on_click(self.start, self.start_again)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Open a saved map (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        self.touchpoint = dropdown("Touchpoint", [])
        self.summary = w.HTML(layout=WIDE)
        self.front = area("Front stage: what the business does where the customer sees it", rows=2)
        self.back = area("Back stage: the process behind it", rows=2)
        self.influence = area("Influence on the customer's behaviour, responses and actions", rows=3)
        self.tp_msg = w.HTML(layout=WIDE)
        self.save = button("Save this touchpoint")
        self.on_change(self.touchpoint, lambda _change: self.fill(), self.tp_msg)
        self.on_click(self.save, self.save_touchpoint, self.tp_msg)
        self.checks, self.table = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.prepare = button("Prepare the evidence files")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>", layout=WIDE),
            w.HTML("<p class='cx-hint'>Build or change the stages, what the customer does, thinks and feels, the "
                   "emotions, pain points and opportunities in the journey builder; save the map there and open it "
                   "here to add the business's actions and the influence of each touchpoint.</p>", layout=WIDE),
            self.start_choice, self.start, self.upload, self.upload_message,
            heading("Actions and influence at each touchpoint", 4), self.touchpoint, self.summary, self.front,
            self.back, self.influence, self.tp_msg, self.save, self.error, self.status,
            heading("Evidence checklist", 4), self.checks, heading("Your map so far", 4), self.table,
            self.prepare, self.downloads])
        self.refresh()

    def refresh(self) -> None:
        options = [(f"{s.name}: {t.name}", t.id) for s, t in self.map.journey.touchpoints()]
        self.touchpoint.options = options
        ids = [i for _, i in options]
        self.touchpoint.value = ids[0] if ids else None
        self.fill()
        self.show_panels()

    def show_panels(self) -> None:
        self.checks.value = checklist_html(checklist(self.map, self.task))
        self.table.value = actions_table_html(self.map) + clusters_html(self.map.journey)
        self.downloads.value = ""

    def _selected(self):
        return next(((s, t) for s, t in self.map.journey.touchpoints() if t.id == self.touchpoint.value), (None, None))

    def fill(self) -> None:
        stage, t = self._selected()
        if t is None:
            self.summary.value = ("<p class='cx-hint'>This map has no touchpoints yet: add them in the journey "
                                  "builder.</p>")
            return
        a = self.map.actions_for(t)
        self.front.value, self.back.value, self.influence.value = a.front_stage, t.backstage_process, a.influence
        words = ", ".join(f"{x} ({SHAW_WORDS[x]})" for x in t.emotion_words) or "none tagged yet"
        opps = "; ".join(o.description for o in t.opportunities) or "none yet"
        self.summary.value = (f"<p><strong>{esc(t.name)}</strong> ({esc(stage.name)}, {esc(t.channel)})<br>"
                              f"Doing: {esc(t.doing) or '–'}<br>Thinking: {esc(t.thinking) or '–'}<br>"
                              f"Feeling: {esc(t.feeling) or '–'} — emotions: {esc(words)}<br>"
                              f"Business opportunities: {esc(opps)}</p>")

    def save_touchpoint(self) -> None:
        _, t = self._selected()
        if t is None:
            self.tp_msg.value = error_html("Choose a touchpoint first.")
            return
        before = t.backstage_process
        try:
            set_field(t, "backstage_process", self.back.value, self.map.journey)
            self.map.set_actions(t.id, self.front.value, self.influence.value)
        except ValueError as exc:
            t.__dict__["backstage_process"] = before
            self.tp_msg.value = error_html(f"{exc} Nothing was saved; your text is kept.")
            self.say("Please check the message beside the touchpoint form.")
            return
        self.tp_msg.value = ""
        self.show_panels()  # the boxes keep exactly what was typed
        done = sum(r.met for r in checklist(self.map, self.task))
        self.say(f"Saved “{t.name}”. {done} of {len(self.task.checklist)} checklist items met.")

    def start_again(self) -> None:
        try:
            self.map = start_map(self.task, self.start_choice.value)
        except ValueError as exc:
            self.fail(exc)
            return
        self.tp_msg.value = self.upload_message.value = ""
        self.refresh()
        self.say(f"Started from “{self.map.journey.title}”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, from_json, self._opened, "map", work="map", limit=MAX_UPLOAD_BYTES)

    def _opened(self, emap, _name: str) -> None:
        self.map = emap
        self.refresh()
        self.say(f"Opened “{emap.journey.title}” from your file.")

    def prepare_downloads(self) -> None:
        self.downloads.value = download_links([
            ("experience-map-evidence.html", "text/html", evidence_document_html(self.map, self.task),
             "Download the map and checklist as a web page (.html)"),
            ("experience-map.csv", "text/csv", to_csv(self.map), "Download the map as a spreadsheet (.csv)"),
            ("experience-map.json", "application/json", to_json(self.map), "Save the map to reopen later (.json)")])
        self.say("Your evidence files are ready: the download links are under “Prepare the evidence files”.")
