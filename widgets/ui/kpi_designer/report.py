"""Part 3 of the KPI designer (6.3, 6.4): the one-page insight report the learner composes (title, audience,
one chart from the analysis, finding, insight, recommendations tied to a lever and a KPI), with its checks and a
preview. The tool writes none of the learner's sentences."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.common import build
from widgets.activities.kpi_designer import (
    CHARTS,
    LEVERS,
    Analysis,
    KpiTask,
    Report,
    Work,
    add_recommendation,
    chart,
    recommendation_from_form,
    recommendations_html,
    report_notes,
)
from widgets.ui.activities.common import WIDE, ActivityView, area, button, date_picker, dropdown, text
from widgets.ui.kpi_designer.kpis import checked, combo

esc = html.escape


class ReportForm(ActivityView):
    abstract = True
    task: KpiTask
    work: Work
    analysis: Analysis | None

    def build_report(self) -> None:
        r = self.work.report
        self.r_title = text("Report title", r.title, "A short headline that states the finding")
        self.r_audience = text("Audience", r.audience, "Who reads it and what they decide")
        self.r_chart = dropdown("Chart from the analysis", [(v, k) for k, v in CHARTS.items()], r.chart)
        self.r_finding = area("Key finding (with its number)", r.finding, "What the data shows, quoting a number", 3)
        self.r_insight = area("Insight: why", r.insight, "Why it happens, and what that means for customers", 3)
        self.r_msg = w.HTML(layout=WIDE)
        self.rec_text = area("Recommendation", "", "What should change", 2)
        self.rec_lever = dropdown("Lever", [(v, k) for k, v in LEVERS.items()], "processes")
        self.rec_kpi = dropdown("KPI it moves", [("(choose a KPI)", "")], "")
        self.rec_effect = text("Expected effect on the KPI", "", "e.g. from 61.6 % to 90 % by June")
        self.rec_owner = combo("Owner", self.task.owners, "Choose or type a name and role")
        self.rec_due = date_picker("Date")
        self.rec_msg = w.HTML(layout=WIDE)
        self.rec_add, self.rec_remove = button("Add the recommendation", style="primary"), \
            button("Remove the last recommendation")
        self.r_checks, self.r_preview = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        for box in (self.r_title, self.r_audience, self.r_chart, self.r_finding, self.r_insight):
            self.on_change(box, checked(self, lambda _c: self.read_report(), self.r_msg), self.r_msg)
        self.on_click(self.rec_add, checked(self, self.add_rec, self.rec_msg), self.rec_msg)
        self.on_click(self.rec_remove, checked(self, self.remove_rec, self.rec_msg), self.rec_msg)

    def report_widgets(self) -> list[w.Widget]:
        return [self.r_title, self.r_audience, self.r_chart, self.r_finding, self.r_insight, self.r_msg,
                w.HTML("<h4>Recommendations</h4>"), self.rec_text, self.rec_lever, self.rec_kpi, self.rec_effect,
                self.rec_owner, self.rec_due, self.rec_msg, w.HBox([self.rec_add, self.rec_remove]),
                self.r_checks, w.HTML("<h4>Preview</h4>"), self.r_preview]

    def read_report(self) -> None:
        if self._quiet:
            return
        r = build(Report, title=self.r_title.value, audience=self.r_audience.value, chart=self.r_chart.value,
                  finding=self.r_finding.value, insight=self.r_insight.value,
                  recommendations=self.work.report.recommendations)
        self.work = self.work.model_copy(update={"report": r})
        self.r_msg.value = ""
        self.refresh_report()

    def add_rec(self) -> None:
        rec = recommendation_from_form(text=self.rec_text.value, lever=self.rec_lever.value, kpi=self.rec_kpi.value,
                                       effect=self.rec_effect.value, owner=self.rec_owner.value,
                                       due=self.rec_due.value, kpis=self.work.kpis)
        self.work = self.work.model_copy(update={"report": add_recommendation(self.work.report, rec)})
        self.rec_text.value = self.rec_effect.value = ""
        self.rec_msg.value = ""
        self.refresh_report()
        self.say(f"Recommendation {len(self.work.report.recommendations)} added.")

    def remove_rec(self) -> None:
        recs = self.work.report.recommendations
        if not recs:
            raise ValueError("There is no recommendation to remove yet.")
        self.work = self.work.model_copy(update={"report": self.work.report.model_copy(
            update={"recommendations": recs[:-1]})})
        self.refresh_report()
        self.say("Last recommendation removed.")

    def fill_report(self) -> None:
        r = self.work.report
        with self._silent():
            for box, value in ((self.r_title, r.title), (self.r_audience, r.audience), (self.r_chart, r.chart),
                               (self.r_finding, r.finding), (self.r_insight, r.insight)):
                box.value = value
        self.refresh_report()

    def refresh_report(self) -> None:
        names = [k.name for k in self.work.kpis]
        keep = self.rec_kpi.value if self.rec_kpi.value in names else ""
        with self._silent():
            self.rec_kpi.options = [("(choose a KPI)", "")] + [(n, n) for n in names]
            self.rec_kpi.value = keep
        r = self.work.report
        if self.analysis is None:
            self.r_checks.value = "<p class='cx-hint'>Run the analysis (part 2) to check the report.</p>"
        else:
            notes = report_notes(r, self.work.kpis, self.analysis)
            items = "".join(f"<li>{esc(n)}</li>" for n in notes) or "<li>The report is complete and short.</li>"
            self.r_checks.value = f"<h4>Checks on your report</h4><ul>{items}</ul>"
        described = "" if self.analysis is None else chart(self.analysis, r.chart).description
        self.r_preview.value = (f"<p><strong>{esc(r.title) or '(title)'}</strong> — for {esc(r.audience) or '…'}</p>"
                                f"<p>Chart: {esc(described or CHARTS[r.chart])}</p>"
                                f"<p>{esc(r.finding)}</p><p>{esc(r.insight)}</p>"
                                + recommendations_html(r))
        if hasattr(self, "downloads"):
            self.downloads.value = ""
