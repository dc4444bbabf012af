"""KPI designer and insight report view (CIM L4 Customer Experience, LO6: 6.1–6.4). Part "kpis" designs the KPI
set (each KPI linked to its calculator in :mod:`widgets.metrics`, with the working); part "analysis" analyses a
complaints log with the metrics workbench's functions against the KPI target and takes the learner's
interpretation; part "report" composes the one-page insight report (chart with its description, finding, insight,
recommendations), downloaded as a web page, with the KPI set as CSV and the work as JSON to reopen. Every rule is
in :mod:`widgets.activities.kpi_designer`; a refused entry gets its message beside its form and every box keeps
what the learner typed. The parts are in :mod:`widgets.ui.kpi_designer`."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.kpi_designer import KpiTask, Work, load_task, worked_work
from widgets.ui.activities.common import WIDE, button, heading, style_tag, tool_tabs
from widgets.ui.kpi_designer.analysis import AnalysisPanel
from widgets.ui.kpi_designer.files import KpiFiles
from widgets.ui.kpi_designer.kpis import NEW, KpiForm
from widgets.ui.kpi_designer.report import ReportForm

esc = html.escape
PARTS = {"kpis": "1. KPIs", "analysis": "2. Analysis", "report": "3. Insight report"}


class KpiDesignerView(KpiForm, AnalysisPanel, ReportForm, KpiFiles):
    """The KPI designer; ``part`` is "kpis", "analysis", "report" or ``None`` (all three in tabs)."""

    @classmethod
    def example(cls) -> KpiDesignerView:
        return cls(load_task("cim-l4-cx", "hartwell-kpis"), "hartwell-kpis")

    def __init__(self, task: KpiTask, name: str = "hartwell-kpis", part: str | None = None):
        super().__init__()
        if part is not None and part not in PARTS:
            raise ValueError(f"part must be one of {', '.join(PARTS)} or None")
        self.task, self.task_name, self.part = task, name, part
        self.work: Work = worked_work(task)
        self.analysis = None
        self.start_blank, self.start_worked = button("Start a blank KPI set"), button("Open the worked KPI set")
        self.on_click(self.start_blank, lambda: self.replace(Work(), "Blank KPI set started."))
        self.on_click(self.start_worked, lambda: self.replace(worked_work(self.task), "Worked KPI set opened."))
        self.build_kpi_form()
        self.build_analysis()
        self.build_report()
        self.build_files()
        sections = {"kpis": [w.HBox([self.start_blank, self.start_worked]), *self.kpi_widgets()],
                    "analysis": self.analysis_widgets(), "report": self.report_widgets()}
        head = [style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>", layout=WIDE),
                w.HTML(f"<p><em>{esc(task.case)}</em></p>", layout=WIDE)]
        files = [heading("Save, reopen and download", 4), *self.files_widgets()]
        if part is None:
            body = [tool_tabs([w.VBox(sections[p]) for p in PARTS], tuple(PARTS.values()))]
        else:
            body = [heading(PARTS[part], 4), *sections[part]]
        self.view = w.VBox(head + body + files)
        self.metric_changed()
        self.refresh_kpis(NEW)
        self.load_source()
        if self.frame is not None:
            self.run_analysis()
        self.refresh_report()
        self.say("Ready: start from the worked KPI set, or a blank one.")

    def replace(self, work: Work, done: str) -> None:
        self.work = work
        self.refill()
        self.say(done)

    def refill(self) -> None:
        """Every part shows ``self.work`` (after a reopen or a fresh start); messages cleared."""
        for message in (self.kpi_msg, self.a_msg, self.i_msg, self.r_msg, self.rec_msg, self.upload_message):
            message.value = ""
        self.refresh_kpis(NEW)
        self.fill_interpretation()
        self.fill_report()


def kpi_designer_static(spec_id: str, name: str, part: str | None = None) -> str:
    """The book's static form: the worked Hartwell example of the part(s), with a link to the live app."""
    from widgets.activities.kpi_designer import kpi_designer_html
    from widgets.live import live_link_html

    link = live_link_html("cx-measurement", "Open the live KPI designer to design your own KPIs and write your "
                                            "insight report")
    return kpi_designer_html(load_task(spec_id, name), link, part)


def kpi_designer_tab(spec_id: str = "cim-l4-cx", name: str = "hartwell-kpis") -> KpiDesignerView:
    """The view for a tab of the cx-measurement app (``tools_app([..., view], titles, intro)``)."""
    return KpiDesignerView(load_task(spec_id, name), name)


__all__ = ["KpiDesignerView", "kpi_designer_static", "kpi_designer_tab"]
