"""Marketing attribution view (CIM L6 1.3): five attribution models side by side on the course's converting
paths or an uploaded paths CSV, narrowed by segment and first-touch dates, with a half-life for time decay;
the learner's answers to the task's questions; CSV, HTML and JSON downloads and reopening saved notes.
Every rule is in :mod:`widgets.activities.attribution`; a refused entry gets its message beside its form and
every box keeps what the learner typed."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.attribution import (
    MAX_CSV_BYTES,
    MAX_SAVED_BYTES,
    MODELS,
    AttributionNotes,
    AttributionTask,
    Comparison,
    compare_models,
    comparison_chart,
    comparison_table_html,
    course_paths,
    date_range,
    describe_selection,
    document_html,
    from_json,
    load_attribution_task,
    make_notes,
    read_half_life,
    read_paths_csv,
    segments_in,
    select_paths,
    to_csv,
    to_json,
)
from widgets.charts import show_in
from widgets.ui.activities.common import (
    WIDE,
    ActivityView,
    area,
    button,
    date_picker,
    download_links,
    dropdown,
    heading,
    style_tag,
    text,
)
from widgets.ui.common import error_html, uploaded_bytes

esc = html.escape
ALL = "All segments"


class AttributionView(ActivityView):
    @classmethod
    def example(cls) -> AttributionView:
        return cls(load_attribution_task("cim-l6-cjo", "fern-attribution"))

    def __init__(self, task: AttributionTask):
        super().__init__()
        self.task = task
        self.frame = course_paths(task.dataset)
        self.source = f"{task.dataset}.csv"
        self.comparison: Comparison | None = None
        # data and settings
        self.data_note = w.HTML(layout=WIDE)
        self.segment = dropdown("Segment", [ALL])
        self.start = date_picker("First touch from")
        self.end = date_picker("First touch to")
        self.half_life = text("Time-decay half-life (touches)", f"{task.half_life:g}", placeholder="e.g. 1 or 2.5")
        self.run = button("Compare the models", style="primary")
        self.settings_msg = w.HTML(layout=WIDE)
        self.on_click(self.run, self.compare, self.settings_msg)
        self.on_change(self.half_life, lambda _change: self.compare(), self.settings_msg)
        self.csv_upload = w.FileUpload(accept=".csv,text/csv", multiple=False,
                                       description="Use your own paths (.csv)", layout=w.Layout(width="auto"))
        self.csv_msg = w.HTML(layout=WIDE)
        self.on_change(self.csv_upload, self.csv_uploaded, self.csv_msg)
        self.course_data = button(f"Use the course's paths again ({self.source})")
        self.on_click(self.course_data, self.use_course_data, self.csv_msg)
        # results
        self.chart = w.Output(layout=WIDE)
        self.table = w.HTML(layout=WIDE)
        self.rules = w.HTML(layout=WIDE)
        # notes
        self.answers = [area(f"Your answer to question {n}", rows=4) for n in range(1, len(task.questions) + 1)]
        self.conclusion = area("Your conclusion", rows=3)
        question_boxes: list[w.Widget] = []
        for n, (question, box) in enumerate(zip(task.questions, self.answers, strict=True), start=1):
            question_boxes += [w.HTML(f"<p><strong>Question {n}.</strong> {esc(question)}</p>", layout=WIDE), box]
        self.notes_msg = w.HTML(layout=WIDE)
        # files
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads, self.notes_msg)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen saved notes (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>", layout=WIDE),
            heading("1. Choose the paths and the half-life", 4), self.data_note, self.segment, self.start, self.end,
            self.half_life, self.settings_msg, self.run,
            self.csv_upload, self.course_data, self.csv_msg,
            heading("2. The five models side by side", 4), self.chart, self.table, self.rules,
            heading("3. Your interpretation", 4), *question_boxes, self.conclusion, self.notes_msg,
            heading("Save, reopen and download", 4), self.error, self.status, self.prepare, self.downloads,
            self.upload, self.upload_message])
        self.use_frame(self.frame, self.source)
        self.compare()

    # -- data
    def use_frame(self, frame, source: str) -> None:
        self.frame, self.source = frame, source
        segments = segments_in(frame)
        with self._silent():
            self.segment.options = [ALL, *segments]
            self.segment.value = ALL
            self.start.value = self.end.value = None
        self.segment.disabled = not segments
        span = date_range(frame)
        for picker in (self.start, self.end):
            picker.disabled = span is None
        dates = f" First touches from {span[0].day} {span[0]:%B %Y} to {span[1].day} {span[1]:%B %Y}." if span else ""
        self.data_note.value = (f"<p class='cx-hint'>Using <strong>{esc(source)}</strong>: {len(frame):,} converting "
                                f"paths, {frame['conversions'].sum():,.0f} conversions.{dates}</p>")

    def csv_uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name", "your file"))
        try:
            frame = read_paths_csv(uploaded_bytes(upload, MAX_CSV_BYTES, "a paths file"), name)
        except ValueError as exc:
            self.csv_msg.value = error_html(f"{exc} The paths you were using are unchanged.")
            self.say("Please check the message beside the upload.")
            return
        finally:
            try:
                self.csv_upload.value = ()
            except Exception:  # noqa: BLE001 - clearing the upload is a courtesy
                pass
        self.csv_msg.value = ""
        self.use_frame(frame, name)
        self.compare()
        self.say(f"Your paths from “{name}” are loaded and the models compared.")

    def use_course_data(self) -> None:
        self.csv_msg.value = ""
        self.use_frame(course_paths(self.task.dataset), f"{self.task.dataset}.csv")
        self.compare()
        self.say("The course's paths are back and the models compared.")

    # -- the comparison
    def compare(self) -> None:
        try:
            half_life = read_half_life(self.half_life.value)
            segment = "" if self.segment.value in (None, ALL) else str(self.segment.value)
            start, end = self.start.value, self.end.value
            chosen = select_paths(self.frame, segment, start, end)
            comparison = compare_models(chosen, half_life, describe_selection(segment, start, end, self.source))
        except ValueError as exc:
            self.settings_msg.value = error_html(f"{exc} The comparison shown is unchanged.")
            self.say("Please check the message beside the settings.")
            return
        self.settings_msg.value = ""
        self.comparison = comparison
        show_in(self.chart, comparison_chart(comparison))
        self.table.value = comparison_table_html(comparison)
        self.rules.value = ("<details><summary>How each model shares the credit (the working)</summary><ul>"
                            + "".join(f"<li>{esc(step)}</li>" for m in MODELS
                                      for step in comparison.results[m].steps[:1] + comparison.results[m].steps[2:3])
                            + "</ul></details>")
        self.downloads.value = ""
        self.say(f"Compared five models on {comparison.paths:,} paths ({comparison.selection}).")

    # -- notes and files
    def notes(self) -> AttributionNotes:
        return make_notes(self.task, data=self.source[:200], half_life=read_half_life(self.half_life.value),
                          segment="" if self.segment.value in (None, ALL) else str(self.segment.value),
                          start=self.start.value, end=self.end.value,
                          answers=[box.value for box in self.answers], conclusion=self.conclusion.value)

    def prepare_downloads(self) -> None:
        if self.comparison is None:
            self.notes_msg.value = error_html("Compare the models first: there is nothing to download yet.")
            return
        try:
            notes = self.notes()
        except ValueError as exc:
            self.notes_msg.value = error_html(f"{exc} Your text is kept.")
            self.say("Please check the message beside your notes.")
            return
        self.notes_msg.value = ""
        self.downloads.value = download_links([
            ("attribution-comparison.csv", "text/csv", to_csv(self.comparison),
             "Download the comparison as a spreadsheet (.csv)"),
            ("attribution-comparison.html", "text/html", document_html(self.task, self.comparison, notes),
             "Download the comparison and your notes as a web page (.html)"),
            ("attribution-notes.json", "application/json", to_json(notes, self.task.id),
             "Save your notes to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, from_json, self._opened, "notes file", work="notes", limit=MAX_SAVED_BYTES)

    def _opened(self, notes: AttributionNotes, name: str) -> None:
        answers = [*notes.answers, *[""] * len(self.answers)]
        for box, answer in zip(self.answers, answers, strict=False):
            box.value = answer
        self.conclusion.value = notes.conclusion
        self.half_life.value = f"{notes.half_life:g}"
        with self._silent():
            if notes.segment in self.segment.options:
                self.segment.value = notes.segment
        span = date_range(self.frame)
        if span and all(d is None or span[0] <= d <= span[1] for d in (notes.start, notes.end)):
            self.start.value, self.end.value = notes.start, notes.end
        self.compare()
        self.say(f"Reopened your notes from “{name}”.")


def attribution_static(spec_id: str, name: str) -> str:
    """The book's form: the five models on the course's paths, the rules, the questions and the live link."""
    from widgets.activities.attribution import attribution_html
    from widgets.live import live_link_html

    task = load_attribution_task(spec_id, name)
    link = live_link_html("journey-data-lab", "Open the live attribution tool to compare the models on a segment, "
                                              "change the half-life, upload your own paths and write your notes")
    return attribution_html(task, link)
