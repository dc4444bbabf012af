"""Touchpoint analysis and service review view (BTEC HN Unit 16, LO4): rate touchpoints, see the
importance–performance matrix, set service standards, write recommendations, download, save and reopen.
The analysis and every check are in :mod:`widgets.activities.service_review`; a refused entry gets its
message beside its form and every box keeps what the learner typed."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.service_review import (
    HIGH,
    LOW,
    MAX_FILE_BYTES,
    ServiceReview,
    blank_review,
    document_html,
    from_json,
    importance_performance,
    load_service_review,
    matrix_chart,
    matrix_table_html,
    recommendations_html,
    standards_html,
    to_csv,
    to_json,
    with_changes,
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
    tools_app,
)
from widgets.ui.common import error_html

RATINGS = [(f"{n} {'(low)' if n == LOW else '(high)' if n == HIGH else ''}".strip(), n) for n in range(LOW, HIGH + 1)]


class ServiceReviewView(ActivityView):
    @classmethod
    def example(cls) -> ServiceReviewView:
        return cls(load_service_review("hn-l4-u16", "millbrook-service-review"))

    def __init__(self, worked: ServiceReview):
        super().__init__()
        self.worked = worked
        self.review = worked
        self.organisation = text("Business", worked.organisation)
        self.org_msg = w.HTML(layout=WIDE)
        self.on_change(self.organisation, self.rename, self.org_msg)
        self.start_blank, self.start_worked = button("Start a blank review"), button("Open the worked example")
        self.on_click(self.start_blank, lambda: self.replace(blank_review(self.worked), "Blank review started."))
        self.on_click(self.start_worked, lambda: self.replace(self.worked, "Worked example opened."))
        # touchpoints
        self.tp_name = text("Touchpoint")
        self.importance = dropdown("Importance to customers", RATINGS, 3)
        self.performance = dropdown("How well it is performed", RATINGS, 3)
        self.tp_evidence = area("Evidence for both ratings", rows=3)
        self.tp_msg = w.HTML(layout=WIDE)
        self.add_tp, self.drop_tp = button("Add touchpoint"), button("Remove the selected touchpoint")
        self.rated = dropdown("Rated touchpoints", [])
        self.on_click(self.add_tp, self.add_touchpoint, self.tp_msg)
        self.on_click(self.drop_tp, self.remove_touchpoint, self.tp_msg)
        self.on_change(self.rated, self.show_selected, self.tp_msg)
        # standards
        self.std_text = text("Standard")
        self.std_target = text("Measurable target", placeholder="e.g. within 2 hours; 95% of guests")
        self.std_check = text("How it is checked", placeholder="e.g. monthly mystery calls")
        self.std_msg = w.HTML(layout=WIDE)
        self.add_std, self.drop_std = button("Add standard"), button("Remove the selected standard")
        self.std_list = dropdown("Standards", [])
        self.on_click(self.add_std, self.add_standard, self.std_msg)
        self.on_click(self.drop_std, self.remove_standard, self.std_msg)
        # recommendations
        self.rec_text = area("Recommendation", rows=2)
        self.rec_tp = dropdown("For the touchpoint", [])
        self.rec_evidence = area("Evidence for it", rows=2)
        self.rec_msg = w.HTML(layout=WIDE)
        self.add_rec, self.drop_rec = button("Add recommendation"), button("Remove the selected recommendation")
        self.rec_list = dropdown("Recommendations", [])
        self.on_click(self.add_rec, self.add_recommendation, self.rec_msg)
        self.on_click(self.drop_rec, self.remove_recommendation, self.rec_msg)
        # results and files
        self.chart, self.matrix = w.Output(layout=WIDE), w.HTML(layout=WIDE)
        self.standards, self.recommendations = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Reopen a saved review (.json)", layout=w.Layout(width="auto"))
        self.upload_message = w.HTML(layout=WIDE)
        self.on_change(self.upload, self.uploaded, self.upload_message)
        self.view = w.VBox([
            style_tag(), heading(worked.title),
            w.HTML(f"<p>{html.escape(worked.instructions)}</p>", layout=WIDE),
            w.HBox([self.start_blank, self.start_worked]), self.organisation, self.org_msg,
            heading("1. Rate touchpoints", 4), self.tp_name, self.importance, self.performance, self.tp_evidence,
            self.tp_msg, self.add_tp, self.rated, self.drop_tp,
            heading("Importance–performance matrix", 4), self.chart, self.matrix,
            heading("2. Service standards", 4), self.std_text, self.std_target, self.std_check, self.std_msg,
            self.add_std, self.std_list, self.drop_std, self.standards,
            heading("3. Recommendations", 4), self.rec_text, self.rec_tp, self.rec_evidence, self.rec_msg,
            self.add_rec, self.rec_list, self.drop_rec, self.recommendations,
            heading("Save, reopen and download", 4), self.error, self.status, self.prepare, self.downloads,
            self.upload, self.upload_message])
        self.refresh()

    # -- changing the review: every change goes through the model, so a refusal leaves everything as it was
    def change(self, where: w.HTML, done: str, **changes: object) -> bool:
        return self.apply_change(where, lambda: with_changes(self.review, **changes), done, attr="review")

    def rename(self, _change: dict) -> None:
        self.change(self.org_msg, "Business name updated.", organisation=self.organisation.value)

    def add_touchpoint(self) -> None:
        row = dict(touchpoint=self.tp_name.value, importance=self.importance.value,
                   performance=self.performance.value, evidence=self.tp_evidence.value)
        self.change(self.tp_msg, f"Touchpoint added: {len(self.review.touchpoints) + 1} rated. The matrix is updated.",
                    touchpoints=[*self.review.model_dump()["touchpoints"], row])

    def remove_touchpoint(self) -> None:
        name = self.rated.value
        if name is None:
            self.tp_msg.value = error_html("Choose a rated touchpoint to remove.")
            return
        used = [r.recommendation for r in self.review.recommendations if r.touchpoint == name]
        if used:
            self.tp_msg.value = error_html(f"“{name[:40]}” has {len(used)} recommendation(s) linked to it: remove "
                                           "them first.")
            return
        self.change(self.tp_msg, f"“{name}” removed.",
                    touchpoints=[t.model_dump() for t in self.review.touchpoints if t.touchpoint != name])

    def show_selected(self, change: dict) -> None:
        chosen = next((t for t in self.review.touchpoints if t.touchpoint == change["new"]), None)
        if chosen is not None:  # fill the form so it can be copied, changed and added again
            self.tp_name.value, self.tp_evidence.value = chosen.touchpoint, chosen.evidence
            self.importance.value, self.performance.value = chosen.importance, chosen.performance

    def add_standard(self) -> None:
        row = dict(standard=self.std_text.value, target=self.std_target.value, check=self.std_check.value)
        self.change(self.std_msg, "Standard added.", standards=[*self.review.model_dump()["standards"], row])

    def remove_standard(self) -> None:
        if self.std_list.value is None:
            self.std_msg.value = error_html("Choose a standard to remove.")
            return
        rows = self.review.model_dump()["standards"]
        del rows[self.std_list.value]
        self.change(self.std_msg, "Standard removed.", standards=rows)

    def add_recommendation(self) -> None:
        if self.rec_tp.value is None:
            self.rec_msg.value = error_html("Rate a touchpoint first, then link the recommendation to it.")
            return
        row = dict(recommendation=self.rec_text.value, touchpoint=self.rec_tp.value, evidence=self.rec_evidence.value)
        self.change(self.rec_msg, "Recommendation added.",
                    recommendations=[*self.review.model_dump()["recommendations"], row])

    def remove_recommendation(self) -> None:
        if self.rec_list.value is None:
            self.rec_msg.value = error_html("Choose a recommendation to remove.")
            return
        rows = self.review.model_dump()["recommendations"]
        del rows[self.rec_list.value]
        self.change(self.rec_msg, "Recommendation removed.", recommendations=rows)

    def replace(self, review: ServiceReview, done: str) -> None:
        self.review = review
        self.organisation.value = review.organisation
        for message in (self.org_msg, self.tp_msg, self.std_msg, self.rec_msg, self.upload_message):
            message.value = ""
        self.refresh()
        self.say(done)

    # -- showing it
    def refresh(self) -> None:
        r = self.review
        names = [t.touchpoint for t in r.touchpoints]
        self.rated.options = names
        self.rated.value = None
        linked = self.rec_tp.value
        self.rec_tp.options = names
        self.rec_tp.value = linked if linked in names else (names[0] if names else None)
        self.std_list.options = [(f"{n}. {s.standard[:60]}", n - 1) for n, s in enumerate(r.standards, 1)]
        self.std_list.value = None
        self.rec_list.options = [(f"{n}. {x.recommendation[:60]}", n - 1) for n, x in enumerate(r.recommendations, 1)]
        self.rec_list.value = None
        self.downloads.value = ""
        if r.touchpoints:
            result = importance_performance(r.touchpoints)
            show_in(self.chart, matrix_chart(r, result))
            self.matrix.value = matrix_table_html(result)
        else:
            show_in(self.chart)
            self.matrix.value = "<p class='cx-hint'>Rate a touchpoint to see the matrix.</p>"
            result = None
        self.standards.value = standards_html(r)
        self.recommendations.value = recommendations_html(r, result)

    def prepare_downloads(self) -> None:
        r = self.review
        self.downloads.value = download_links([
            ("service-review.html", "text/html", document_html(r), "Download the review as a web page (.html)"),
            ("service-review.csv", "text/csv", to_csv(r), "Download the review as a spreadsheet (.csv)"),
            ("service-review.json", "application/json", to_json(r), "Save the review to reopen later (.json)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")

    def uploaded(self, change: dict) -> None:
        self.reopen(change, from_json, self._opened, "review", work="review", limit=MAX_FILE_BYTES)

    def _opened(self, review, _name: str) -> None:
        self.replace(review, f"Reopened the review of “{review.organisation}” from your file.")


def service_review_app(spec_id: str, experience_map: str, review: str) -> w.VBox:
    """The service-review app: the LO2 experience map and the LO4 service review in tabs."""
    from widgets.activities.experience_map import load_experience_map_task
    from widgets.activities.service_review import load_service_review
    from widgets.ui.activities.experience_map import ExperienceMapView

    views = [ExperienceMapView(load_experience_map_task(spec_id, experience_map)),
             ServiceReviewView(load_service_review(spec_id, review))]
    return tools_app(views, ("Experience map (LO2)", "Service review (LO4)"),
                     "Customer experience tools for BTEC Higher National Unit 16: map an experience as evidence for "
                     "LO2, then analyse touchpoints and review the service strategy for LO4.")

