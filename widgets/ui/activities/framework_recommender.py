"""Framework recommender view (CIM L4 Customer Experience 3.2): choose the context, weight the criteria, score
RATER, IDIC and the three pillars with a reason for each score, see the weighted totals with the working, the
chart, the ranking and the sensitivity check, write the recommendation, check it, download, save and reopen.
Every rule is in :mod:`widgets.activities.framework_recommender`; a refusal is shown beside its form and every box
keeps what the learner typed."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.framework_recommender import (
    MAX_CRITERIA,
    MAX_FILE_BYTES,
    RecommenderTask,
    RecommenderWork,
    blank_work,
    checks,
    checks_html,
    document_html,
    frameworks_html,
    from_json,
    load_recommender_task,
    matrix_html,
    to_csv,
    to_json,
    totals,
    totals_chart,
    with_context,
    with_criteria,
    with_recommendation,
    with_score,
    working_html,
)
from widgets.charts import show_in
from widgets.ui.activities.common import (
    WIDE,
    ActivityView,
    area,
    button,
    download_links,
    dropdown,
    heading,
    style_tag,
    text,
)
from widgets.ui.common import error_html

esc = html.escape
OWN = "own"


class FrameworkRecommenderView(ActivityView):
    @classmethod
    def example(cls) -> FrameworkRecommenderView:
        return cls(load_recommender_task("cim-l4-cx", "cx-frameworks"))

    def __init__(self, task: RecommenderTask):
        super().__init__()
        self.task = task
        self.work = blank_work(task)
        self._shown: tuple[str, str] = ("", "")
        self.start_blank = button("Start a blank comparison")
        self.start_worked = button(f"Open the worked example ({task.organisation})")
        self.on_click(self.start_blank, lambda: self.replace(blank_work(task), "Blank comparison started."))
        self.on_click(self.start_worked, lambda: self.replace(task.worked, "Worked example opened."))
        # 1. context
        self.context = dropdown("Context", [(task.organisation, "case"), ("My own organisation", OWN)], "case")
        self.case_profile = w.HTML(f"<p class='cx-hint'>{esc(task.case_profile)}</p>", layout=WIDE)
        self.organisation = text("Your organisation")
        self.profile = area("Profile of your organisation", rows=4,
                            placeholder="size, customers, channels, data and CRM, culture, budget")
        self.save_context = button("Save the context")
        self.context_msg = w.HTML(layout=WIDE)
        for box in (self.case_profile, self.organisation, self.profile):  # own layouts: these are hidden in turn
            box.layout = w.Layout(width="100%", max_width="46rem")
        self.on_change(self.context, self.show_context)
        self.on_click(self.save_context, self.update_context, self.context_msg)
        # 2. criteria and weights
        self.labels = [text(f"Criterion {n}") for n in range(1, MAX_CRITERIA + 1)]
        self.weights = [text(f"Weight of criterion {n}", placeholder="points out of 100")
                        for n in range(1, MAX_CRITERIA + 1)]
        self.save_criteria = button("Save the criteria and weights")
        self.criteria_msg, self.weight_sum = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.on_click(self.save_criteria, self.update_criteria, self.criteria_msg)
        # 3. scores
        self.framework = dropdown("Framework", [(f.name, f.id) for f in task.frameworks])
        self.criterion = dropdown("Criterion", [])
        self.score = text("Score (1 to 5)", placeholder="1 fits poorly, 5 fits very well")
        self.reason = area("Reason for the score", rows=3, placeholder="why this framework earns this score here")
        self.save_score = button("Save this score")
        self.score_msg = w.HTML(layout=WIDE)
        for box in (self.framework, self.criterion):
            self.on_change(box, self.show_score)
        self.on_click(self.save_score, self.update_score, self.score_msg)
        self.matrix = w.HTML(layout=w.Layout(width="100%"))
        # 4. totals
        self.work_out = button("Work out the totals")
        self.totals_msg = w.HTML(layout=WIDE)
        self.on_click(self.work_out, self.show_totals, self.totals_msg)
        self.chart, self.working = w.Output(layout=WIDE), w.HTML(layout=WIDE)
        # 5. recommendation
        self.recommend = dropdown("Framework recommended", [("(choose)", ""), *[(f.name, f.id)
                                                                                for f in task.frameworks]], "")
        self.case_for = area("The case for your recommendation", rows=5,
                             placeholder="what it offers this context, with reasons")
        self.case_against = area("The case against, and the runner-up", rows=5,
                                 placeholder="its limits, and why you prefer it to the runner-up")
        self.save_rec = button("Save the recommendation")
        self.rec_msg = w.HTML(layout=WIDE)
        self.on_click(self.save_rec, self.update_recommendation, self.rec_msg)
        # 6. check and files
        self.check, self.notes = button("Check my work"), w.HTML(layout=WIDE)
        self.on_click(self.check, self.show_checks)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen a saved comparison (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        rows = [w.HBox([label, weight]) for label, weight in zip(self.labels, self.weights, strict=True)]
        self.view = w.VBox([
            style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p>", layout=WIDE),
            w.HBox([self.start_blank, self.start_worked]),
            heading("1. The context", 4), self.context, self.case_profile, self.organisation, self.profile,
            self.context_msg, self.save_context,
            heading("2. The frameworks", 4), w.HTML(frameworks_html(task), layout=WIDE),
            heading("3. Criteria and weights (100 points in all)", 4), *rows, self.criteria_msg,
            self.save_criteria, self.weight_sum,
            heading("4. Score each framework with a reason", 4), self.framework, self.criterion, self.score,
            self.reason, self.score_msg, self.save_score, self.matrix,
            heading("5. Weighted totals, ranking and sensitivity", 4), self.work_out, self.totals_msg, self.chart,
            self.working,
            heading("6. Your recommendation", 4), self.recommend, self.case_for, self.case_against, self.rec_msg,
            self.save_rec,
            heading("7. Check, save and download", 4), self.check, self.notes, self.error, self.status,
            self.prepare, self.downloads, self.upload, self.upload_message])
        self.replace(self.work, "")


    def show_context(self, _change: dict | None = None) -> None:
        own = self.context.value == OWN
        self.case_profile.layout.display = "none" if own else None
        for box in (self.organisation, self.profile):
            box.layout.display = None if own else "none"

    def update_context(self) -> None:
        context, name, profile = self.context.value, self.organisation.value, self.profile.value
        self.apply_change(self.context_msg, lambda: with_context(self.work, context, name, profile), "Context saved.")

    def update_criteria(self) -> None:
        rows = [(label.value, weight.value) for label, weight in zip(self.labels, self.weights, strict=True)]
        dropped: list[int] = []

        def make() -> RecommenderWork:
            work, n = with_criteria(self.work, rows)
            dropped.append(n)
            return work

        if self.apply_change(self.criteria_msg, make, "Criteria and weights saved.") and dropped[0]:
            self.say(f"Criteria and weights saved; {dropped[0]} score(s) for removed criteria were deleted.")

    def show_score(self, change: dict) -> None:
        """Show the saved score for the framework and criterion chosen, unless the boxes hold unsaved text."""
        if self._quiet or change["new"] is None:
            return
        typed = self.reason.value.strip()
        before = self.work.score_for(*self._shown)
        if typed and (before is None or before.reason != typed or str(before.score) != self.score.value.strip()):
            self.score_msg.value = ("<p class='cx-hint'>Your unsaved score and reason are kept in the boxes: press "
                                    "“Save this score” to save them for the framework and criterion now chosen, "
                                    "or clear the boxes.</p>")
            self._shown = (self.framework.value, self.criterion.value or "")
            return
        self._fill_score()

    def _fill_score(self) -> None:
        self._shown = (self.framework.value, self.criterion.value or "")
        saved = self.work.score_for(*self._shown)
        with self._silent():
            self.score.value = str(saved.score) if saved else ""
            self.reason.value = saved.reason if saved else ""

    def update_score(self) -> None:
        fid, cid, score, reason = self.framework.value, self.criterion.value, self.score.value, self.reason.value
        if cid is None:
            self.score_msg.value = error_html("Save at least two criteria first (step 3). Your text is kept.")
            self.say("Please check the message beside the form you used.")
            return
        if self.apply_change(self.score_msg, lambda: with_score(self.task, self.work, fid, cid, score, reason),
                       f"Score saved for {self.task.framework(fid).name}."):
            self._shown = (fid, cid)

    def show_totals(self) -> None:
        try:
            result = totals(self.task, self.work)
        except ValueError as exc:
            self.totals_msg.value = error_html(str(exc))
            self.say("Please check the message beside “Work out the totals”.")
            return
        self.totals_msg.value = ""
        show_in(self.chart, totals_chart(result))
        self.working.value = working_html(self.task, self.work, result)
        self.say(f"Totals worked out: {result.winner.name} ranks first with {result.winner.total:.2f}.")

    def update_recommendation(self) -> None:
        fid, pro, con = self.recommend.value, self.case_for.value, self.case_against.value
        self.apply_change(self.rec_msg, lambda: with_recommendation(self.task, self.work, fid, pro, con),
                    "Recommendation saved.")

    def show_checks(self) -> None:
        self.notes.value = checks_html(checks(self.task, self.work))
        self.say("Work checked: see the list under the button.")

    # -- filling the boxes from the work
    def replace(self, work: RecommenderWork, done: str) -> None:
        self.work = work
        by_id = {c.id: c for c in work.criteria}
        with self._silent():
            self.context.value = work.context
            self.organisation.value, self.profile.value = work.organisation, work.profile
            for n, (label, weight) in enumerate(zip(self.labels, self.weights, strict=True), start=1):
                c = by_id.get(f"c{n}")
                label.value = c.label if c else ""
                weight.value = (f"{c.weight:g}" if c.weight else "") if c else ""
            self.recommend.value = work.recommendation
            self.case_for.value, self.case_against.value = work.case_for, work.case_against
            self.refresh()
            self._fill_score()
        for message in (self.context_msg, self.criteria_msg, self.score_msg, self.totals_msg, self.rec_msg,
                        self.upload_message):
            message.value = ""
        self.notes.value = self.working.value = ""
        self.chart.outputs = ()
        self.show_context()
        if done:
            self.say(done)

    def refresh(self) -> None:
        current = self.criterion.value
        with self._silent():
            self.criterion.options = [(c.label, c.id) for c in self.work.criteria]
            ids = [c.id for c in self.work.criteria]
            self.criterion.value = current if current in ids else (ids[0] if ids else None)
        total = sum(c.weight for c in self.work.criteria)
        self.weight_sum.value = f"<p class='cx-hint'>The weights add up to {total:g} of 100.</p>"
        self.matrix.value = matrix_html(self.task, self.work)
        self.downloads.value = ""

    def prepare_downloads(self) -> None:
        t, wk = self.task, self.work
        self.downloads.value = download_links([
            ("framework-recommendation.html", "text/html", document_html(t, wk),
             "Download the comparison and recommendation as a web page (.html)"),
            ("framework-recommendation.csv", "text/csv", to_csv(t, wk),
             "Download the scores as a spreadsheet (.csv)"),
            ("framework-recommendation.json", "application/json", to_json(wk, t.id),
             "Save the comparison to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, lambda raw: from_json(raw, self.task), self._opened, "comparison", work="comparison",
                    limit=MAX_FILE_BYTES)

    def _opened(self, work: RecommenderWork, name: str) -> None:
        self.replace(work, f"Reopened your comparison from “{name}”.")


def framework_recommender_static(spec_id: str, name: str) -> str:
    """The book's form: the frameworks, the worked example with its working, and the live link."""
    from widgets.activities.framework_recommender import recommender_html
    from widgets.live import live_link_html

    task = load_recommender_task(spec_id, name)
    link = live_link_html("experience-design", "Open the live framework recommender to weigh and score the "
                                               "frameworks for your own organisation")
    return recommender_html(task, link)


def framework_recommender_tab(spec_id: str, name: str) -> FrameworkRecommenderView:
    """The view for a tab of the experience-design app."""
    return FrameworkRecommenderView(load_recommender_task(spec_id, name))
