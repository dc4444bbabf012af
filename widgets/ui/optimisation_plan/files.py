"""The plan's files: the downloads (a web page, a spreadsheet, JSON to reopen) and reopening a saved plan."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.optimisation_plan import OptimisationPlan, document_html, from_json, to_csv, to_json
from widgets.ui.activities.common import WIDE, ActivityView, button, download_links


class PlanFiles(ActivityView):
    """Part of :class:`~widgets.ui.activities.optimisation_plan.OptimisationPlanView`: download and reopen."""

    abstract = True
    plan: OptimisationPlan

    def build_files(self) -> None:
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen a saved plan (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)

    def prepare_downloads(self) -> None:
        p = self.plan
        self.downloads.value = download_links([
            ("optimisation-plan.html", "text/html", document_html(p), "Download the plan as a web page (.html)"),
            ("optimisation-plan.csv", "text/csv", to_csv(p), "Download the plan as a spreadsheet (.csv)"),
            ("optimisation-plan.json", "application/json", to_json(p), "Save the plan to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, from_json, self._opened, "plan", work="plan")

    def _opened(self, plan: OptimisationPlan, _name: str) -> None:
        self.replace(plan, f"Reopened the plan for “{plan.organisation}” from your file.")
