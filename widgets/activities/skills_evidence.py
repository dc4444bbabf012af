"""Evidence of customer service skills: an observation checklist and a witness testimony (OCR 4.2; P9, D2).

The assessment guidance for P9 and D2 accepts an assessor's observation or a witness testimony, and says a
witness testimony "must clearly detail how the learner has fully met the requirements of each grading
criterion". So both forms record, for each of the ten 4.2 skills (:data:`~widgets.activities.skills.SKILLS`),
**when** and **where** it was seen, **what the observer saw**, **the learner's action** and how it enhanced
the customer's experience (P9); and for D2 how the customer showed they were unhappy, what the learner did,
and how the customer showed they were happy at the end.

One kind, two forms (:data:`FORMS`): the *observation checklist* an assessor fills in while watching, and the
*witness testimony* a supervisor or colleague writes afterwards. They share the record and differ in wording
and sign-off. A row may be half written while the form is being filled; :meth:`SkillsEvidence.problems`
says what each started row still needs. Exports: HTML (escaped), Markdown (:func:`widgets.exports.md_text`)
and CSV (:func:`widgets.exports.csv_text`); a blank form exports too, for printing.
"""

from __future__ import annotations

import html
from typing import Literal

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import MAX_TEXT, ActivityModel, build, load_yaml, parse
from widgets.activities.cx_model import html_document
from widgets.activities.skills import SKILL_KEYS, SKILL_LABELS, _known_skill
from widgets.exports import csv_text, md_text

Form = Literal["checklist", "witness"]
FORMS: dict[str, str] = {"checklist": "Observation checklist", "witness": "Witness testimony"}
SHORT = 200

ROW_FIELDS = {"when": "When (date and time)", "where": "Where", "saw": "What the observer saw",
              "action": "What the learner did", "effect": "How it enhanced the customer's experience"}
D2_FIELDS = {"when": "When (date and time)", "where": "Where",
             "before": "How the customer showed they were unhappy at the start",
             "action": "What the learner did, and the skills they used",
             "after": "How the customer showed they were happy at the end"}
DECLARATIONS = {
    "checklist": ("I observed the learner on the dates and at the places above. Each row records what I saw "
                  "and what the learner did.", ("Observer's signature", "Learner's signature")),
    "witness": ("I confirm that I saw the learner do what is described above, on the dates and at the places "
                "given.", ("Witness's signature", "Assessor's signature (testimony checked)")),
}


class SkillObservation(ActivityModel):
    """How one skill was seen: when, where, what the observer saw, the learner's action, the effect."""

    skill: str
    when: str = Field("", title=ROW_FIELDS["when"], max_length=SHORT)
    where: str = Field("", title=ROW_FIELDS["where"], max_length=SHORT)
    saw: str = Field("", title=ROW_FIELDS["saw"], max_length=MAX_TEXT)
    action: str = Field("", title=ROW_FIELDS["action"], max_length=MAX_TEXT)
    effect: str = Field("", title=ROW_FIELDS["effect"], max_length=MAX_TEXT)

    @field_validator("skill")
    @classmethod
    def _skill(cls, value: str) -> str:
        return _known_skill(value)

    @property
    def label(self) -> str:
        return SKILL_LABELS[self.skill]

    @property
    def missing(self) -> list[str]:
        return [label.lower() for name, label in ROW_FIELDS.items() if not getattr(self, name)]

    @property
    def started(self) -> bool:
        return any(getattr(self, name) for name in ROW_FIELDS)


class TurnAround(ActivityModel):
    """D2: an unhappy customer turned into a happy one, and how."""

    when: str = Field("", title=D2_FIELDS["when"], max_length=SHORT)
    where: str = Field("", title=D2_FIELDS["where"], max_length=SHORT)
    before: str = Field("", title=D2_FIELDS["before"], max_length=MAX_TEXT)
    action: str = Field("", title=D2_FIELDS["action"], max_length=MAX_TEXT)
    after: str = Field("", title=D2_FIELDS["after"], max_length=MAX_TEXT)

    @property
    def missing(self) -> list[str]:
        return [label.lower() for name, label in D2_FIELDS.items() if not getattr(self, name)]

    @property
    def started(self) -> bool:
        return any(getattr(self, name) for name in D2_FIELDS)


class SkillsEvidence(ActivityModel):
    form: Form = "checklist"
    learner: str = Field("", title="Learner's name", max_length=SHORT)
    witness: str = Field("", title="Observer's or witness's name", max_length=SHORT)
    role: str = Field("", title="Their job title and how they know the learner", max_length=SHORT)
    organisation: str = Field("", title="Organisation", max_length=SHORT)
    observations: list[SkillObservation] = []
    turnaround: TurnAround = TurnAround()

    @model_validator(mode="after")
    def _all_ten(self) -> SkillsEvidence:
        keys = [o.skill for o in self.observations]
        if len(set(keys)) != len(keys):
            raise ValueError("each skill can have only one row")
        have = dict(zip(keys, self.observations, strict=True))
        ordered = [have.get(k) or SkillObservation(skill=k) for k in SKILL_KEYS]
        if ordered != self.observations:
            object.__setattr__(self, "observations", ordered)
        return self

    @property
    def title(self) -> str:
        who = f": {self.learner}" if self.learner else ""
        return f"{FORMS[self.form]} of customer service skills{who}"

    def observation(self, key: str) -> SkillObservation:
        _known_skill(key)
        return next(o for o in self.observations if o.skill == key)

    def with_observation(self, key: str, **fields: str) -> SkillsEvidence:
        new = build(SkillObservation, skill=_known_skill(key), **fields)
        return self.model_copy(update={"observations": [new if o.skill == key else o for o in self.observations]})

    def with_turnaround(self, **fields: str) -> SkillsEvidence:
        return self.model_copy(update={"turnaround": build(TurnAround, **fields)})

    def recorded(self) -> list[SkillObservation]:
        """Skills with every part recorded (when, where, what was seen, the action and its effect)."""
        return [o for o in self.observations if not o.missing]

    def problems(self) -> list[str]:
        """What each started row still needs; an untouched row is simply not seen yet."""
        out = [f"{o.label}: add {'; '.join(o.missing)}." for o in self.observations if o.started and o.missing]
        t = self.turnaround
        if t.started and t.missing:
            out.append(f"Unhappy to happy customer (D2): add {'; '.join(t.missing)}.")
        return out

    def summary(self) -> str:
        done = self.recorded()
        names = ", ".join(o.label for o in done) or "none yet"
        d2 = ("recorded" if not self.turnaround.missing else
              "started, not complete" if self.turnaround.started else "not recorded yet")
        return (f"P9: {len(done)} of the 10 skills recorded in full ({names}). D2, an unhappy customer turned "
                f"into a happy one: {d2}.")

    # -- exports -------------------------------------------------------------------------------------
    def _details(self) -> list[tuple[str, str]]:
        return [("Learner", self.learner), ("Observer or witness", self.witness),
                ("Job title and how they know the learner", self.role), ("Organisation", self.organisation)]

    def to_csv(self) -> str:
        """One row per skill and one for D2, with the form's details on every row (safe CSV)."""
        head = ["form", "learner", "observer_or_witness", "role", "organisation", "criterion", "skill",
                "when", "where", "what_seen", "learner_action", "effect_or_outcome"]
        details = [FORMS[self.form], self.learner, self.witness, self.role, self.organisation]
        rows = [[*details, "P9", o.label, o.when, o.where, o.saw, o.action, o.effect] for o in self.observations]
        t = self.turnaround
        rows.append([*details, "D2", "Unhappy to happy customer", t.when, t.where, t.before, t.action, t.after])
        return csv_text(rows, header=head)

    def to_markdown(self) -> str:
        lines = [f"# {md_text(self.title)}", ""]
        lines += [f"- **{label}:** {md_text(value) or '…'}" for label, value in self._details()]
        lines += ["", "## P9: customer service skills that enhance the customer experience (topic 4.2)", ""]
        for n, o in enumerate(self.observations, 1):
            lines += [f"### {n}. {md_text(o.label)}", ""]
            lines += [f"- **{label}:** {md_text(getattr(o, name)) or '…'}" for name, label in ROW_FIELDS.items()]
            lines.append("")
        t = self.turnaround
        lines += ["## D2: an unhappy customer turned into a happy customer", ""]
        lines += [f"- **{label}:** {md_text(getattr(t, name)) or '…'}" for name, label in D2_FIELDS.items()]
        statement, signers = DECLARATIONS[self.form]
        lines += ["", "## Declaration", "", md_text(statement), ""]
        lines += [f"- {who}: ……………………  Date: ……………" for who in signers]
        return "\n".join(lines) + "\n"

    def to_html_body(self, example: SkillObservation | None = None) -> str:
        """The form as HTML (escaped); ``example`` adds one filled row marked as an example (for the book)."""
        e = html.escape
        details = "".join(f"<tr><th scope='row'>{e(label)}</th><td>{e(value)}</td></tr>"
                          for label, value in self._details())
        head = "".join(f"<th scope='col'>{e(label)}</th>" for label in ROW_FIELDS.values())

        def row(o: SkillObservation, name: str) -> str:
            return f"<tr><th scope='row'>{name}</th>" + "".join(f"<td>{e(getattr(o, f))}</td>" for f in ROW_FIELDS) \
                + "</tr>"

        rows = row(example, f"Example: {e(example.label)}") if example else ""
        rows += "".join(row(o, f"{n}. {e(o.label)}") for n, o in enumerate(self.observations, 1))
        t = self.turnaround
        d2 = "".join(f"<tr><th scope='row'>{e(label)}</th><td>{e(getattr(t, name))}</td></tr>"
                     for name, label in D2_FIELDS.items())
        statement, signers = DECLARATIONS[self.form]
        signs = "".join(f"<tr><th scope='row'>{e(who)}</th><td></td><th scope='row'>Date</th><td></td></tr>"
                        for who in signers)
        return (f"<table class='cx-activity-table cx-evidence-details'><caption>Details</caption><tbody>{details}"
                "</tbody></table>"
                "<table class='cx-activity-table cx-evidence-form'><caption>P9: customer service skills that enhance "
                f"the customer experience (topic 4.2)</caption><thead><tr><th scope='col'>Skill</th>{head}</tr>"
                f"</thead><tbody>{rows}</tbody></table>"
                "<table class='cx-activity-table cx-evidence-d2'><caption>D2: an unhappy customer turned into a happy "
                f"customer</caption><tbody>{d2}</tbody></table>"
                f"<p>{e(statement)}</p><table class='cx-activity-table cx-evidence-sign'><caption>Signatures"
                f"</caption><tbody>{signs}</tbody></table>")

    def to_html_document(self) -> str:
        return html_document(self.title, self.to_html_body())


class EvidenceForms(ActivityModel):
    """The data file: instructions for each form and the one example row the printable blank shows."""

    title: str = Field(min_length=1)
    criteria: list[str] = []
    instructions: dict[Form, str]
    example: SkillObservation

    @model_validator(mode="after")
    def _example_complete(self) -> EvidenceForms:
        if self.example.missing:
            raise ValueError(f"the example row must be complete (missing: {', '.join(self.example.missing)})")
        if set(self.instructions) != set(FORMS):
            raise ValueError(f"give instructions for both forms ({', '.join(FORMS)})")
        return self


def check_form(form: str) -> Form:
    if form not in FORMS:
        raise ValueError(f"{form!r} is not a form: choose {' or '.join(repr(f) for f in FORMS)}")
    return form  # type: ignore[return-value]


def load_evidence_forms(spec_id: str, name: str) -> EvidenceForms:
    return parse(EvidenceForms, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")

