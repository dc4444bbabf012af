"""The KPI designer's files: the report as a web page, the KPI set as CSV, the work as JSON to reopen."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.kpi_designer import Analysis, Work, kpis_csv, open_work, report_html, save_work
from widgets.ui.activities.common import WIDE, ActivityView, button, download_links
from widgets.ui.kpi_designer.kpis import checked


class KpiFiles(ActivityView):
    abstract = True
    work: Work
    task_name: str
    analysis: Analysis | None

    def build_files(self) -> None:
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen saved work (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, checked(self, self.uploaded, self.upload_message), self.upload_message)

    def files_widgets(self) -> list[w.Widget]:
        return [self.error, self.status, self.prepare, self.downloads, self.upload, self.upload_message]

    def prepare_downloads(self) -> None:
        files = [("kpis.csv", "text/csv", kpis_csv(self.work.kpis), "Download the KPI set (.csv)"),
                 ("kpi-work.json", "application/json", save_work(self.work, self.task_name),
                  "Save your work to reopen later (.json)")]
        if self.analysis is not None:
            files.insert(0, ("insight-report.html", "text/html", report_html(self.work.report, self.analysis),
                             "Download the insight report (.html)"))
        self.downloads.value = download_links(files)
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, open_work, self._opened, "KPI set and report", work="work")

    def _opened(self, work: Work, name: str) -> None:
        self.work = work
        self.refill()
        self.say(f"Reopened your work from {name}.")
