"""Skills self-review and guidance document view (OCR 4.2, P9, D1)."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.charts import skills_chart
from widgets.activities.common import build
from widgets.activities.skills import (
    RATING_SCALE,
    SKILLS,
    DevelopmentActivities,
    GuidanceDocument,
    SkillsReview,
    guidance_document,
)
from widgets.charts import show_in
from widgets.ui.activities.common import (
    WIDE,
    ActivityView,
    area,
    button,
    download_links,
    dropdown,
    esc,
    heading,
    style_tag,
    text,
)


class SkillsReviewView(ActivityView):

    @classmethod
    def example(cls) -> SkillsReviewView:
        """The OCR Unit 10 worked example (the hostile-input test and the service toolkit use it)."""
        from widgets.activities.skills import load_development_activities, load_example_review

        return cls(load_development_activities("ocr-l2-u10"), load_example_review("ocr-l2-u10", "stride-sports"))
    def __init__(self, activities: DevelopmentActivities, example: SkillsReview | None = None):
        super().__init__()
        self.activities = activities
        self.example = example
        self.review = SkillsReview()
        self.guide: GuidanceDocument | None = None
        self.learner = text("Your name (optional)")
        options = [("Not rated yet", 0)] + [(f"{k} {v}", k) for k, v in RATING_SCALE.items()]
        self.rows: dict[str, tuple[w.Dropdown, w.Textarea]] = {}
        parts: list[w.Widget] = []
        for n, skill in enumerate(SKILLS, 1):
            rating = dropdown(f"{n}. {skill.label}: rating", options, 0)
            evidence = area(f"{n}. {skill.label}: evidence", placeholder="What you did that shows this", rows=2)
            self.rows[skill.key] = (rating, evidence)
            parts += [w.HTML(f"<h4>{n}. {esc(skill.label)}</h4><p>Specification: {esc(skill.curriculum)}</p>",
                             layout=WIDE), rating, evidence]
        self.organisation = text("Organisation the guide is for", placeholder="e.g. Stride Sports")
        self.audience = text("Who the guide is for", placeholder="e.g. new Saturday staff")
        self.make_button = button("Make my guidance document", style="primary")
        self.on_click(self.make_button, self.make_guide)
        self.example_button = button("Fill in the worked example")
        self.on_click(self.example_button, self.load_example)
        self.chart = w.Output(layout=WIDE)
        self.document = w.HTML(layout=WIDE)
        self.downloads = w.HTML(layout=WIDE)
        self.view = w.VBox([
            style_tag(), heading("Customer service skills self-review"),
            w.HTML("<p>Rate each skill from 1 (I need a lot of practice) to 5 (a real strength) and note your "
                   "evidence. Then make a guidance document: it recommends development activities for your three "
                   "lowest-rated skills (where ratings tie, the skill listed first in the specification is "
                   "chosen).</p>", layout=WIDE),
            self.example_button, self.learner, *parts, heading("Your guidance document", 4), self.organisation,
            self.audience, self.make_button, self.error, self.status, self.chart, self.document, self.downloads])

    def read_review(self) -> SkillsReview:
        review = build(SkillsReview, learner=self.learner.value)
        for key, (rating, evidence) in self.rows.items():
            review = review.with_rating(key, rating.value or None, evidence.value)
        return review

    def load_example(self) -> None:
        if self.example is None:
            return
        self.learner.value = self.example.learner
        for r in self.example.ratings:
            rating, evidence = self.rows[r.skill]
            rating.value = r.rating or 0
            evidence.value = r.evidence
        self.organisation.value = self.organisation.value or "Stride Sports"
        self.audience.value = self.audience.value or "new Saturday staff"
        self.say("The worked example is filled in. Change any rating, then make the guidance document.")

    def make_guide(self) -> None:
        try:
            self.review = self.read_review()
            self.guide = guidance_document(self.review, self.organisation.value, self.audience.value,
                                           activities=self.activities)
        except ValueError as exc:
            self.fail(exc)
            self.document.value = self.downloads.value = ""
            return
        self.clear_error()
        show_in(self.chart, skills_chart(self.review))
        g = self.guide
        self.document.value = (f"<div class='cx-guidance'><h4>{esc(g.title)}</h4>"
                               f"{g.to_html_body().replace('<h3>', '<h5>').replace('</h3>', '</h5>')}</div>")
        self.downloads.value = download_links([
            ("guidance-document.html", "text/html", g.to_html_document(), "Download the guidance document (.html)"),
            ("guidance-document.md", "text/markdown", g.to_markdown(), "Download the guidance document (.md)")])
        names = ", ".join(s.rating.label for s in g.sections)
        self.say(f"Your guidance document is ready. It covers {names}. Download links are below it.")
