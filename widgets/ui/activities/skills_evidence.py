"""Observation checklist and witness testimony view (OCR 4.2; P9, D2): fill in, check, download."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.common import build
from widgets.activities.skills import SKILLS
from widgets.activities.skills_evidence import (
    D2_FIELDS,
    FORMS,
    ROW_FIELDS,
    EvidenceForms,
    SkillsEvidence,
    check_form,
)
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

SHORT_FIELDS = ("when", "where")
PROMPTS = {"when": "e.g. Monday 9 March 2026, 10.15 am", "where": "e.g. the reception desk",
           "saw": "The customer and the situation", "action": "What the learner said and did",
           "effect": "What changed for the customer"}
DETAILS = ("learner", "witness", "role", "organisation")


class SkillsEvidenceView(ActivityView):

    @classmethod
    def example(cls) -> SkillsEvidenceView:
        """The view on the OCR Unit 10 forms (the hostile-input test builds it this way)."""
        from widgets.activities.skills_evidence import load_evidence_forms

        return cls(load_evidence_forms("ocr-l2-u10", "skills-evidence"), "witness")

    def __init__(self, forms: EvidenceForms, form: str = "checklist"):
        super().__init__()
        self.forms = forms
        self.record = SkillsEvidence(form=check_form(form))
        self.form = dropdown("Form", [(label, key) for key, label in FORMS.items()], self.record.form)
        self.on_change(self.form, lambda _change: self.show_instructions())
        self.instructions = w.HTML(layout=WIDE)
        self.details = {name: text(SkillsEvidence.model_fields[name].title or name) for name in DETAILS}
        ex = forms.example
        self.skill_picker = dropdown("Skill", [(f"{n}. {s.label}", s.key) for n, s in enumerate(SKILLS, 1)],
                                     SKILLS[0].key)
        self.on_change(self.skill_picker, lambda _change: self.show_panel())
        self.rows: dict[str, dict[str, w.Widget]] = {}
        self.panels: dict[str, w.VBox] = {}
        for skill in SKILLS:
            hints = {n: f"Example: {getattr(ex, n)}" for n in ROW_FIELDS} if skill.key == ex.skill else PROMPTS
            fields = {name: (text if name in SHORT_FIELDS else area)(label, placeholder=hints[name])
                      for name, label in ROW_FIELDS.items()}
            self.rows[skill.key] = fields
            self.panels[skill.key] = w.VBox(
                [w.HTML(f"<h5>{esc(skill.label)}</h5><p>Specification: {esc(skill.curriculum)}</p>", layout=WIDE),
                 *fields.values()], layout=w.Layout(width="100%"))
        self.d2 = {name: (text if name in SHORT_FIELDS else area)(label) for name, label in D2_FIELDS.items()}
        self.prepare_button = button("Check and prepare downloads", style="primary")
        self.on_click(self.prepare_button, self.prepare)
        self.preview = w.HTML(layout=WIDE)
        self.downloads = w.HTML(layout=WIDE)
        self.view = w.VBox([
            style_tag(), heading("Evidence of customer service skills (P9 and D2)"), self.form, self.instructions,
            heading("Details", 4), *self.details.values(),
            heading("P9: the ten customer service skills", 4),
            w.HTML("<p>Choose a skill, then record when and where it was seen, what the observer saw, what the "
                   "learner did and how it helped the customer. The grey text is a prompt (an example for "
                   f"{esc(ex.label.lower())}). Leave a skill empty if it was not seen.</p>", layout=WIDE),
            self.skill_picker, *self.panels.values(),
            heading("D2: an unhappy customer turned into a happy customer", 4), *self.d2.values(),
            self.prepare_button, self.error, self.status, self.preview, self.downloads])
        self.show_instructions()
        self.show_panel()

    def show_instructions(self) -> None:
        self.instructions.value = f"<p>{esc(self.forms.instructions[check_form(self.form.value)])}</p>"

    def show_panel(self) -> None:
        for key, panel in self.panels.items():
            panel.layout.display = None if key == self.skill_picker.value else "none"

    def read(self) -> SkillsEvidence:
        record = build(SkillsEvidence, form=check_form(self.form.value),
                       **{name: box.value for name, box in self.details.items()})
        for key, fields in self.rows.items():
            record = record.with_observation(key, **{name: box.value for name, box in fields.items()})
        return record.with_turnaround(**{name: box.value for name, box in self.d2.items()})

    def prepare(self) -> None:
        try:
            self.record = self.read()
        except ValueError as exc:
            self.fail(exc)
            self.preview.value = self.downloads.value = ""
            return
        self.clear_error()
        r = self.record
        problems = r.problems()
        todo = ("<p><strong>Still to add:</strong></p><ul>" + "".join(f"<li>{esc(p)}</li>" for p in problems)
                + "</ul>") if problems else ""
        self.preview.value = f"<p>{esc(r.summary())}</p>{todo}"
        what = FORMS[r.form].lower()
        self.downloads.value = download_links([
            ("skills-evidence.html", "text/html", r.to_html_document(), f"Download the {what} (.html)"),
            ("skills-evidence.md", "text/markdown", r.to_markdown(), f"Download the {what} (.md)"),
            ("skills-evidence.csv", "text/csv", r.to_csv(), f"Download the {what} (.csv)")])
        extra = f" {len(problems)} started rows need more detail: see the list." if problems else ""
        self.say(f"{r.summary()}{extra} Download links are below.")
