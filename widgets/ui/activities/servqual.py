"""SERVQUAL analysis view (CIM L6 2.1): the gaps by dimension of the course's September 2026 survey or an
uploaded survey in the same shape, weighted and unweighted, by segment and item by item; the learner's
answers to the task's questions; CSV, HTML and JSON downloads and reopening saved notes. Every rule is in
:mod:`widgets.activities.servqual`; a refused entry gets its message beside its form and every box keeps what
the learner typed."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.servqual import (
    MAX_CSV_BYTES,
    MAX_SAVED_BYTES,
    Analysis,
    ServqualNotes,
    ServqualTask,
    analyse,
    by_segment,
    course_survey,
    dimension_table_html,
    document_html,
    from_json,
    gaps_chart,
    items_table_html,
    load_servqual_task,
    make_notes,
    read_survey_csv,
    segments_in,
    segments_table_html,
    select_segment,
    summary_html,
    to_csv,
    to_json,
)
from widgets.charts import show_in
from widgets.metrics import SERVQUAL_DIMENSIONS
from widgets.ui.activities.common import (
    WIDE,
    ActivityView,
    area,
    button,
    download_links,
    dropdown,
    heading,
    style_tag,
)
from widgets.ui.common import error_html, uploaded_bytes

esc = html.escape
ALL = "All respondents"
ALL_ITEMS = "All 22 items"


class ServqualView(ActivityView):
    @classmethod
    def example(cls) -> ServqualView:
        return cls(load_servqual_task("cim-l6-cjo", "fern-servqual"))

    def __init__(self, task: ServqualTask):
        super().__init__()
        self.task = task
        self.frame = course_survey(task.dataset)
        self.source = f"{task.dataset}.csv"
        self.analysis: Analysis | None = None
        self.segment_rows: list = []
        self.statements = task.statements()
        # data
        self.data_note = w.HTML(layout=WIDE)
        self.segment = dropdown("Respondents", [ALL])
        self.data_msg = w.HTML(layout=WIDE)
        self.on_change(self.segment, self.segment_changed, self.data_msg)
        self.csv_upload = w.FileUpload(accept=".csv,text/csv", multiple=False,
                                       description="Use your own survey (.csv)", layout=w.Layout(width="auto"))
        self.csv_msg = w.HTML(layout=WIDE)
        self.on_change(self.csv_upload, self.csv_uploaded, self.csv_msg)
        self.course_data = button(f"Use the course's survey again ({self.source})")
        self.on_click(self.course_data, self.use_course_data, self.csv_msg)
        # results
        self.summary = w.HTML(layout=WIDE)
        self.chart = w.Output(layout=WIDE)
        self.table = w.HTML(layout=WIDE)
        self.working = w.HTML(layout=WIDE)
        self.segments = w.HTML(layout=w.Layout(width="100%"))  # eight columns: wider than the forms
        self.dimension = dropdown("Items of", [ALL_ITEMS, *SERVQUAL_DIMENSIONS], ALL_ITEMS)
        self.items_msg = w.HTML(layout=WIDE)
        self.on_change(self.dimension, self.show_items, self.items_msg)
        self.items = w.HTML(layout=WIDE)
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
            heading("1. The survey", 4), self.data_note, self.segment, self.data_msg, self.csv_upload,
            self.course_data, self.csv_msg,
            heading("2. Gaps by dimension", 4), self.summary, self.chart, self.table, self.working,
            heading("3. Gaps by segment", 4), self.segments,
            heading("4. Item by item", 4), self.dimension, self.items_msg, self.items,
            heading("5. Your interpretation", 4), *question_boxes, self.conclusion, self.notes_msg,
            heading("Save, reopen and download", 4), self.error, self.status, self.prepare, self.downloads,
            self.upload, self.upload_message])
        self.use_frame(self.frame, self.source)

    # -- data
    def use_frame(self, frame, source: str) -> None:
        # these may refuse (a dimension or a segment with no answers): nothing is changed yet
        statements = self.task.statements() if source == f"{self.task.dataset}.csv" else None  # the course's wording
        analyse(frame, statements=statements)
        segment_rows = by_segment(frame, statements)
        self.frame, self.source, self.segment_rows, self.statements = frame, source, segment_rows, statements
        segments = segments_in(frame)
        with self._silent():
            self.segment.options = [ALL, *segments]
            self.segment.value = ALL
        self.segment.disabled = not segments
        weighted = "with" if "importance_reliability" in frame.columns else "without"
        self.data_note.value = (f"<p class='cx-hint'>Using <strong>{esc(source)}</strong>: {len(frame):,} "
                                f"respondents, 22 items, {weighted} importance points.</p>")
        self.segments.value = segments_table_html(segment_rows)
        self.analyse()

    def csv_uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name", "your file"))
        try:
            frame = read_survey_csv(uploaded_bytes(upload, MAX_CSV_BYTES, "a survey file"), name)
            self.use_frame(frame, name)
        except ValueError as exc:
            self.csv_msg.value = error_html(f"{exc} The survey you were using is unchanged.")
            self.say("Please check the message beside the upload.")
            return
        finally:
            try:
                self.csv_upload.value = ()
            except Exception:  # noqa: BLE001 - clearing the upload is a courtesy
                pass
        self.csv_msg.value = ""
        self.say(f"Your survey “{name}” is loaded and analysed.")

    def use_course_data(self) -> None:
        self.csv_msg.value = ""
        self.use_frame(course_survey(self.task.dataset), f"{self.task.dataset}.csv")
        self.say("The course's survey is back and analysed.")

    def segment_changed(self, _change: dict) -> None:
        if not self._quiet:
            self.analyse()

    # -- the analysis
    def analyse(self) -> None:
        segment = "" if self.segment.value in (None, ALL) else str(self.segment.value)
        try:
            chosen = select_segment(self.frame, segment)
            analysis = analyse(chosen, f"{self.source}, {segment or 'all respondents'}", self.statements)
        except ValueError as exc:
            self.data_msg.value = error_html(f"{exc} The analysis shown is unchanged.")
            self.say("Please check the message beside the respondents.")
            return
        self.data_msg.value = ""
        self.analysis = analysis
        self.summary.value = summary_html(analysis)
        show_in(self.chart, gaps_chart(analysis))
        self.table.value = dimension_table_html(analysis)
        self.working.value = ("<details><summary>The working</summary><ol>"
                              + "".join(f"<li>{esc(s)}</li>" for s in analysis.result.steps) + "</ol></details>")
        self.show_items()
        self.downloads.value = ""
        self.say(f"Analysed {analysis.respondents:,} respondents ({analysis.selection}).")

    def show_items(self, _change: dict | None = None) -> None:
        if self.analysis is None:
            return
        chosen = self.dimension.value
        if chosen not in (ALL_ITEMS, *SERVQUAL_DIMENSIONS):
            self.items_msg.value = error_html("Choose a dimension from the list.")
            return
        self.items_msg.value = ""
        self.items.value = items_table_html(self.analysis, "" if chosen == ALL_ITEMS else chosen)

    # -- notes and files
    def notes(self) -> ServqualNotes:
        return make_notes(self.task, data=self.source[:200],
                          segment="" if self.segment.value in (None, ALL) else str(self.segment.value),
                          answers=[box.value for box in self.answers], conclusion=self.conclusion.value)

    def prepare_downloads(self) -> None:
        if self.analysis is None:
            self.notes_msg.value = error_html("There is no analysis to download yet: choose the respondents first.")
            return
        try:
            notes = self.notes()
        except ValueError as exc:
            self.notes_msg.value = error_html(f"{exc} Your text is kept.")
            self.say("Please check the message beside your notes.")
            return
        self.notes_msg.value = ""
        self.downloads.value = download_links([
            ("servqual-gaps.csv", "text/csv", to_csv(self.analysis, self.segment_rows),
             "Download the gaps as a spreadsheet (.csv)"),
            ("servqual-analysis.html", "text/html", document_html(self.task, self.analysis, notes, self.segment_rows),
             "Download the analysis and your notes as a web page (.html)"),
            ("servqual-notes.json", "application/json", to_json(notes, self.task.id),
             "Save your notes to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, from_json, self._opened, "notes file", work="notes", limit=MAX_SAVED_BYTES)

    def _opened(self, notes: ServqualNotes, name: str) -> None:
        answers = [*notes.answers, *[""] * len(self.answers)]
        for box, answer in zip(self.answers, answers, strict=False):
            box.value = answer
        self.conclusion.value = notes.conclusion
        if notes.segment in self.segment.options:
            self.segment.value = notes.segment
        self.say(f"Reopened your notes from “{name}”.")


def servqual_static(spec_id: str, name: str) -> str:
    """The book's form: the survey's gaps (chart, tables, working), the questions and the live link."""
    from widgets.activities.servqual import servqual_html
    from widgets.live import live_link_html

    task = load_servqual_task(spec_id, name)
    link = live_link_html(task.app, "Open the live SERVQUAL tool to look at each segment, drill into the "
                                              "items, upload your own survey and write your notes")
    return servqual_html(task, link)
