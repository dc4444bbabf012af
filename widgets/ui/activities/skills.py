"""Skills self-review (P9) and the guidance document from the learner's own development activities (D1).

The catalogue of development activities and the worked example appear only as choices, prompts and
greyed example text (placeholders): the guidance document is laid out from what the learner types.
"""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.charts import skills_chart
from widgets.activities.common import build
from widgets.activities.skills import (
    DEVELOPMENT_TYPE_HELP,
    DEVELOPMENT_TYPES,
    GUIDANCE_COUNT,
    RATING_SCALE,
    SKILL_LABELS,
    SKILLS,
    DevelopmentActivities,
    DevelopmentLog,
    GuidanceDocument,
    SkillsReview,
    guidance_document,
    stock_texts,
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

OTHER = "other"
ENTRY_FIELDS = ("activity", "type", "why_it_matters", "what_i_did", "time_taken", "what_happened", "recommendation")
PROMPTS = {
    "why_it_matters": "Why customers notice this skill, in your own words",
    "what_i_did": "What you actually did, where and with whom",
    "time_taken": "For example: two weeks, one shift a week",
    "what_happened": "What changed for you and for customers: an example helps",
    "recommendation": "What you would tell a new member of staff to do, and what to avoid",
}


class SkillsReviewView(ActivityView):

    @classmethod
    def example(cls) -> SkillsReviewView:
        """The view on the OCR Unit 10 worked example (the hostile-input test builds it this way)."""
        from widgets.activities.skills import load_development_activities, load_development_log, load_example_review

        return cls(load_development_activities("ocr-l2-u10"), load_example_review("ocr-l2-u10", "stride-sports"),
                   load_development_log("ocr-l2-u10", "development-log-example"))

    def __init__(self, activities: DevelopmentActivities, example: SkillsReview | None = None,
                 example_log: DevelopmentLog | None = None):
        super().__init__()
        self.activities = activities
        self.example = example
        self.example_log = example_log
        self.stock = stock_texts(activities, *([example_log] if example_log else []))
        self.review = SkillsReview()
        self.log = DevelopmentLog()
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
        self.chart_button = button("Show my self-review chart")
        self.on_click(self.chart_button, self.show_chart)
        self.chart = w.Output(layout=WIDE)
        self.suggestion = w.HTML(layout=WIDE)
        # D1: one panel per skill, one shown at a time; every panel keeps what was typed in it.
        self.skill_picker = dropdown("Skill to write about", [(f"{n}. {s.label}", s.key)
                                                              for n, s in enumerate(SKILLS, 1)], SKILLS[0].key)
        self.on_change(self.skill_picker, lambda _change: self.show_panel())
        self.entries: dict[str, dict[str, w.Widget]] = {}
        self.panels: dict[str, w.VBox] = {}
        for skill in SKILLS:
            self.panels[skill.key] = self._panel(skill.key)
        self.organisation = text("Organisation the guide is for", placeholder="e.g. Stride Sports")
        self.audience = text("Who the guide is for", placeholder="e.g. new Saturday staff")
        self.make_button = button("Make my guidance document", style="primary")
        self.on_click(self.make_button, self.make_guide)
        self.example_button = button("Fill in the worked example")
        self.on_click(self.example_button, self.load_example)
        self.progress = w.HTML(layout=WIDE)
        self.document = w.HTML(layout=WIDE)
        self.downloads = w.HTML(layout=WIDE)
        types = "".join(f"<li><strong>{esc(DEVELOPMENT_TYPES[k])}</strong>: {esc(v)}</li>"
                        for k, v in DEVELOPMENT_TYPE_HELP.items())
        self.view = w.VBox([
            style_tag(), heading("Customer service skills self-review"),
            w.HTML("<p>Rate each skill from 1 (I need a lot of practice) to 5 (a real strength) and note your "
                   "evidence. Your lowest-rated skills are good ones to develop first.</p>", layout=WIDE),
            self.example_button, self.learner, *parts, self.chart_button, self.suggestion, self.chart,
            heading("Your development activities", 4),
            w.HTML(f"<p>Your guidance document (D1) is built only from your own experience. For at least "
                   f"{GUIDANCE_COUNT} skills, choose the development activity you did, then say what you did, what "
                   "happened and what you would recommend to others. The grey text in each box is an example or a "
                   f"prompt: it is never put in your document.</p><p>Types of development activity:</p><ul>{types}"
                   "</ul>", layout=WIDE),
            self.skill_picker, *self.panels.values(), self.progress,
            heading("Your guidance document", 4), self.organisation, self.audience, self.make_button, self.error,
            self.status, self.document, self.downloads])
        self.show_panel()

    # -- building the form ------------------------------------------------------------------------------
    def _panel(self, key: str) -> w.VBox:
        info = self.activities.for_skill(key)
        sample = self.example_log.entry(key) if self.example_log else None
        choices = [("Choose the activity you did", ""),
                   *[(f"{a.type_label}: {a.activity}", str(i)) for i, a in enumerate(info.activities)],
                   ("Something else I did (describe it below)", OTHER)]
        pick = dropdown("Activity you did", choices, "")
        self.on_change(pick, lambda _change, key=key: self.choose_activity(key))
        fields: dict[str, w.Widget] = {"pick": pick}
        fields["activity"] = area("The activity", placeholder="Choose above, or describe what you did", rows=2)
        fields["type"] = dropdown("Type of activity", [("Choose the type", ""),
                                                       *[(v, k) for k, v in DEVELOPMENT_TYPES.items()]], "")
        labels = {"why_it_matters": "Why it matters (optional)", "what_i_did": "What you did",
                  "time_taken": "How long it took (optional)", "what_happened": "What happened",
                  "recommendation": "What you recommend"}
        for name, label in labels.items():
            example = getattr(sample, name, "") if sample and sample.started else ""
            prompt = (f"Example: {example}" if example else
                      f"Prompt: {info.why_it_matters}" if name == "why_it_matters" else PROMPTS[name])
            fields[name] = (text(label, placeholder=prompt) if name == "time_taken"
                            else area(label, placeholder=prompt, rows=3))
        self.entries[key] = fields
        return w.VBox([w.HTML(f"<h5>{esc(SKILL_LABELS[key])}</h5><p>The list offers activities others have "
                              "found useful, each labelled with its type.</p>", layout=WIDE), *fields.values()],
                      layout=w.Layout(width="100%"))

    def show_panel(self) -> None:
        for key, panel in self.panels.items():
            panel.layout.display = None if key == self.skill_picker.value else "none"

    def choose_activity(self, key: str) -> None:
        fields = self.entries[key]
        value = fields["pick"].value
        if value in ("", OTHER):
            if value == OTHER:
                self.say("Describe the activity you did and choose its type.")
            return
        chosen = self.activities.for_skill(key).activities[int(value)]
        fields["activity"].value, fields["type"].value = chosen.activity, chosen.type
        self.say(f"Chosen: {chosen.type_label}. Now say what you did, what happened and what you recommend.")

    # -- reading the form -------------------------------------------------------------------------------
    def read_review(self) -> SkillsReview:
        review = build(SkillsReview, learner=self.learner.value)
        for key, (rating, evidence) in self.rows.items():
            review = review.with_rating(key, rating.value or None, evidence.value)
        return review

    def read_log(self) -> DevelopmentLog:
        log = build(DevelopmentLog, learner=self.learner.value, organisation=self.organisation.value,
                    audience=self.audience.value)
        for key, fields in self.entries.items():
            log = log.with_entry(key, **{name: fields[name].value for name in ENTRY_FIELDS})
        return log

    # -- actions ----------------------------------------------------------------------------------------
    def show_chart(self) -> None:
        try:
            self.review = self.read_review()
            chart = skills_chart(self.review)
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        show_in(self.chart, chart)
        if self.review.unrated():
            self.suggestion.value = ""
            self.say(f"Chart drawn. Still to rate: {', '.join(self.review.unrated())}.")
            return
        names = ", ".join(r.label for r in self.review.lowest())
        self.suggestion.value = f"<p><strong>Your lowest-rated skills:</strong> {esc(names)}.</p>"
        self.say(f"Chart drawn. Your lowest-rated skills are {names}: good ones to develop and write about.")

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
        shown = ", ".join(e.label for e in self.example_log.entries) if self.example_log else ""
        extra = (f" The example development entries ({shown}) are shown in grey in those skills' boxes: they are "
                 "one learner's example, so write your own." if shown else "")
        self.say("The worked example's self-review is filled in. Change any rating." + extra)

    def make_guide(self) -> None:
        try:
            self.log = self.read_log()
            self.guide = guidance_document(self.log, stock=self.stock)
        except ValueError as exc:
            self.fail(exc)
            self.document.value = self.downloads.value = ""
            self.progress.value = ""
            return
        self.clear_error()
        self.progress.value = f"<p>{esc(self.log.progress())}</p>"
        g = self.guide
        self.document.value = f"<div class='cx-guidance'><h4>{esc(g.title)}</h4>{g.to_html_body(level=5)}</div>"
        self.downloads.value = download_links([
            ("guidance-document.html", "text/html", g.to_html_document(), "Download the guidance document (.html)"),
            ("guidance-document.md", "text/markdown", g.to_markdown(), "Download the guidance document (.md)")])
        names = ", ".join(e.label for e in g.sections)
        self.say(f"Your guidance document is ready. It covers {names}. Download links are below it.")
