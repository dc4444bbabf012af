"""Part 2 of the KPI designer (6.2): the complaints log (Hartwell's, or an upload) analysed with the metrics
workbench's functions against the KPI's target, the tables and charts, and the learner's interpretation."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import workbench as wb
from widgets.activities.common import build
from widgets.activities.kpi_designer import (
    CHARTS,
    Analysis,
    Interpretation,
    KpiTask,
    Work,
    analyse,
    analysis_html,
    chart,
    guess_columns,
    interpretation_notes,
    read_upload,
)
from widgets.charts import show_in
from widgets.numeric import parse_number
from widgets.ui.activities.common import WIDE, ActivityView, area, button, dropdown, text
from widgets.ui.common import uploaded_bytes
from widgets.ui.kpi_designer.kpis import checked

ROLES = (("opened", "Opened (date and time)"), ("first_response", "First reply (date and time)"),
         ("resolved", "Resolved (date and time)"), ("category", "Category (optional)"),
         ("channel", "Channel (optional)"))
UPLOAD = "upload"


def samples(task: KpiTask) -> list[tuple[str, str]]:
    options = [("Hartwell's complaints log, 2025", task.dataset)]
    if (wb.datasets_dir() / "hartwell_feedback.csv").exists():
        options.append(("Hartwell's feedback log, 2025", "hartwell_feedback"))
    return options + [("Your own file (upload a CSV)", UPLOAD)]


class AnalysisPanel(ActivityView):
    abstract = True
    task: KpiTask
    work: Work
    analysis: Analysis | None

    def build_analysis(self) -> None:
        self.a_source = dropdown("Data", samples(self.task), self.task.dataset)
        self.a_upload = w.FileUpload(accept=".csv,text/csv", multiple=False, description="Upload a CSV",
                                     layout=w.Layout(width="auto", display="none"))
        self.a_upload_msg = w.HTML(layout=WIDE)
        self.a_cols = {role: dropdown(label, [(wb.NOT_USED, "")], "") for role, label in ROLES}
        self.a_hours = text("Target: first reply within (hours)", f"{self.work.target_hours:g}")
        self.a_share = text("Target: % of complaints", f"{self.work.target_share:g}")
        self.a_run = button("Analyse", style="primary")
        self.a_msg, self.a_results = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.a_chart_pick = dropdown("Chart", [(v, k) for k, v in CHARTS.items()], "month")
        self.a_chart = w.Output(layout=WIDE)
        self.i_shows = area("What it shows", self.work.interpretation.shows, "The pattern, with its numbers", 3)
        self.i_cannot = area("What it cannot show", self.work.interpretation.cannot, "Limits of this data", 3)
        self.i_improve = area("Improvement it points to", self.work.interpretation.improvement,
                              "What to change, and which KPI would show it", 3)
        self.i_msg = w.HTML(layout=WIDE)
        self.frame = None
        self.on_change(self.a_source, checked(self, lambda _c: self.load_source(), self.a_msg), self.a_msg)
        self.on_change(self.a_upload, checked(self, self.uploaded_csv, self.a_upload_msg), self.a_upload_msg)
        self.on_click(self.a_run, checked(self, self.run_analysis, self.a_msg), self.a_msg)
        self.on_change(self.a_chart_pick, checked(self, lambda _c: self.show_chart(), self.a_msg), self.a_msg)
        for box in (self.a_hours, self.a_share):
            self.on_change(box, checked(self, lambda _c: self.check_targets(), self.a_msg), self.a_msg)
        for box in (self.i_shows, self.i_cannot, self.i_improve):
            self.on_change(box, checked(self, lambda _c: self.read_interpretation(), self.i_msg), self.i_msg)

    def analysis_widgets(self) -> list[w.Widget]:
        return [self.a_source, self.a_upload, self.a_upload_msg, *self.a_cols.values(), self.a_hours, self.a_share,
                self.a_msg, self.a_run, self.a_results, self.a_chart_pick, self.a_chart,
                w.HTML("<h4>Your interpretation</h4>"), self.i_shows, self.i_cannot, self.i_improve, self.i_msg]

    def load_source(self) -> None:
        source = self.a_source.value
        self.a_upload.layout.display = None if source == UPLOAD else "none"
        if source == UPLOAD:
            self.frame = None
            self.say("Upload a CSV file of complaints with the dates each was opened, first answered and resolved.")
            return
        self.use_frame(wb.load_sample(source))

    def uploaded_csv(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        try:
            self.use_frame(read_upload(uploaded_bytes(files[0], wb.MAX_UPLOAD_BYTES, "a CSV file"),
                                       str(files[0].get("name", "upload.csv"))))
            self.a_upload_msg.value = ""
            self.run_analysis()  # with the guessed columns; a column it could not guess is named beside the upload
        finally:
            self.a_upload.value = ()

    def use_frame(self, frame) -> None:
        self.frame = frame
        cols = [str(c) for c in frame.columns]
        guess = guess_columns(cols)
        for role, box in self.a_cols.items():
            box.options = [(wb.NOT_USED, "")] + [(c, c) for c in cols]
            box.value = guess.get(role) or ""
        self.say(f"{len(frame):,} rows read. Check the columns, then press “Analyse”.")

    def read_targets(self) -> tuple[float, float]:
        hours = parse_number(self.a_hours.value, "Target hours", example="24", allow_negative=False)
        share = parse_number(self.a_share.value, "Target %", example="95", allow_negative=False, limit=100)
        if hours <= 0 or share <= 0:
            raise ValueError("Target: give hours and a % above zero.")
        return hours, share

    def check_targets(self) -> None:
        self.read_targets()
        self.a_msg.value = ""

    def run_analysis(self) -> None:
        if self.frame is None:
            raise ValueError("Data: choose Hartwell's log or upload a CSV file first.")
        hours, share = self.read_targets()
        mapping = {role: box.value or None for role, box in self.a_cols.items()}
        self.analysis = analyse(self.frame, mapping, hours, share)
        self.work = self.work.model_copy(update={"target_hours": hours, "target_share": share})
        self.a_msg.value = ""
        self.a_results.value = analysis_html(self.analysis)
        self.show_chart()
        if hasattr(self, "r_title"):
            self.refresh_report()
        self.say("Analysis done: read the tables and the chart, then write your interpretation.")

    def show_chart(self) -> None:
        if self.analysis is None:
            show_in(self.a_chart)
            return
        show_in(self.a_chart, chart(self.analysis, self.a_chart_pick.value))

    def read_interpretation(self) -> None:
        i = build(Interpretation, shows=self.i_shows.value, cannot=self.i_cannot.value,
                  improvement=self.i_improve.value)
        self.work = self.work.model_copy(update={"interpretation": i})
        notes = interpretation_notes(i)
        self.i_msg.value = "" if not notes else "<p class='cx-hint'>" + html.escape(" ".join(notes)) + "</p>"

    def fill_interpretation(self) -> None:
        i = self.work.interpretation
        self.i_shows.value, self.i_cannot.value, self.i_improve.value = i.shows, i.cannot, i.improvement
        self.a_hours.value, self.a_share.value = f"{self.work.target_hours:g}", f"{self.work.target_share:g}"
