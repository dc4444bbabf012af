"""Organisation context explorer (CIM L4 Customer Experience, 1.1 and 1.2).

The data file (``data/activities/<spec>/<name>.yml``) describes organisation forms of the specification's range
of contexts (multinational to micro, B2B and B2C, charities, trade unions, professional bodies, NGOs, social
enterprises, government, local government, education, health, police and emergency services): each with its
typical UK legal forms of ownership, size, motives (financial and personal), stakeholders, objectives, the role
of marketing and what that means for the *type* and *level* of customer experience it can offer, and one UK
example. The learner picks two to four forms to compare side by side, profiles their own organisation (every
field typed by them) and writes, for each form chosen, the implications of the difference for the customer
experience. :func:`completeness` checks the work is complete (every field; each implication gives a reason and
names the difference); nothing here writes it.

Decision — what "names the difference" means. An implication passes when it has at least
:data:`MIN_IMPLICATION_WORDS` words, a reasoning word (because, so, therefore, which means, whereas …) and at
least one word of the dimensions compared (owned, funded, profit, motive, stakeholder, objective, marketing,
legal, size, donor, choice …). It is a completeness check, not a mark: a tutor judges the quality.
"""

from __future__ import annotations

import html
import re

from pydantic import Field, model_validator

from widgets.activities.common import MAX_TEXT, ActivityModel, build, load_yaml, open_saved, parse, saved_json
from widgets.exports import csv_text

esc = html.escape
APP = "customer-context"
KIND = "cx-context-explorer"
MIN_CHOSEN, MAX_CHOSEN = 2, 4
MIN_FIELD_WORDS = 3
"""Fewest words in a profile field: "Ltd" alone says too little; "private limited company, family-owned" will do."""
MIN_IMPLICATION_WORDS = 25
"""Fewest words in one implication: an explanation (1.1 "explain") needs a claim, a reason and an effect."""
MAX_FILE_BYTES = 500_000

PROFILE_FIELDS: tuple[tuple[str, str], ...] = (
    ("legal_forms", "Legal form of ownership"),
    ("size", "Size"),
    ("motives", "Main motives (financial and personal)"),
    ("stakeholders", "Key stakeholders"),
    ("objectives", "Typical objectives"),
    ("marketing_role", "Role of marketing"),
    ("cx_implications", "Type and level of customer experience it can offer"),
)
REASON_WORDS = re.compile(r"\b(because|so|therefore|which means|means that|as a result|since|whereas|while|"
                          r"consequently|this means|so that|due to|thus|hence)\b", re.I)
DIFFERENCE_WORDS = re.compile(r"\b(own\w*|fund\w*|profit\w*|motive\w*|stakeholder\w*|objective\w*|marketing|legal|"
                              r"size|small|large|donor\w*|member\w*|shareholder\w*|budget\w*|choice|choose|switch\w*|"
                              r"compet\w*|monopol\w*|statutory|public|private|charit\w*|volunteer\w*|tax\w*|"
                              r"regulat\w*|pay\w*|paid|income|revenue|mission|purpose)\b", re.I)


def words(text: str) -> int:
    return len(text.split())


class OrgForm(ActivityModel):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1, max_length=80)
    legal_forms: str = Field(min_length=1, max_length=MAX_TEXT)
    size: str = Field(min_length=1, max_length=MAX_TEXT)
    motives: str = Field(min_length=1, max_length=MAX_TEXT)
    stakeholders: str = Field(min_length=1, max_length=MAX_TEXT)
    objectives: str = Field(min_length=1, max_length=MAX_TEXT)
    marketing_role: str = Field(min_length=1, max_length=MAX_TEXT)
    cx_implications: str = Field(min_length=1, max_length=MAX_TEXT)
    example: str = Field(min_length=1, max_length=400)


class Profile(ActivityModel):
    """The learner's own organisation: every field typed by them (blank while drafting)."""

    name: str = Field("", title="Your organisation", max_length=120)
    legal_forms: str = Field("", title="Legal form of ownership", max_length=MAX_TEXT)
    size: str = Field("", title="Size", max_length=MAX_TEXT)
    motives: str = Field("", title="Main motives (financial and personal)", max_length=MAX_TEXT)
    stakeholders: str = Field("", title="Key stakeholders", max_length=MAX_TEXT)
    objectives: str = Field("", title="Typical objectives", max_length=MAX_TEXT)
    marketing_role: str = Field("", title="Role of marketing", max_length=MAX_TEXT)
    cx_implications: str = Field("", title="Type and level of customer experience it can offer", max_length=MAX_TEXT)


class Comparison(ActivityModel):
    form: str = Field(title="Organisation form", max_length=40)
    implication: str = Field("", title="Implications for the customer experience", max_length=MAX_TEXT)


class ContextWork(ActivityModel):
    chosen: list[str] = Field([], title="Organisation forms to compare", max_length=MAX_CHOSEN)
    own: Profile = Profile()
    comparisons: list[Comparison] = Field([], max_length=MAX_CHOSEN)

    @model_validator(mode="after")
    def _consistent(self) -> ContextWork:
        if len(set(self.chosen)) != len(self.chosen):
            raise ValueError("Each organisation form can be chosen only once.")
        for c in self.comparisons:
            if c.form not in self.chosen:
                raise ValueError(f"There is an implication for “{c.form[:40]}”, which is not one of the forms chosen: "
                                 "choose that form or remove the implication.")
        if len({c.form for c in self.comparisons}) != len(self.comparisons):
            raise ValueError("Each chosen form has one implication: there are two for the same form.")
        return self


class ContextTask(ActivityModel):
    id: str
    title: str = Field(max_length=200)
    criteria: list[str] = []
    instructions: str = Field(max_length=MAX_TEXT)
    forms: list[OrgForm] = Field(min_length=MIN_CHOSEN, max_length=40)
    worked: ContextWork

    @model_validator(mode="after")
    def _known(self) -> ContextTask:
        ids = [f.id for f in self.forms]
        if len(set(ids)) != len(ids):
            raise ValueError("two organisation forms have the same id")
        check_work(self, self.worked)
        return self

    def form(self, form_id: str) -> OrgForm:
        for f in self.forms:
            if f.id == form_id:
                return f
        raise ValueError(f"“{str(form_id)[:40]}” is not one of the organisation forms: choose from the list.")


def load_context_task(spec_id: str, name: str) -> ContextTask:
    return parse(ContextTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def check_work(task: ContextTask, work: ContextWork) -> ContextWork:
    """``work`` if every form it names is in ``task``; a ``ValueError`` otherwise."""
    for form_id in work.chosen:
        task.form(form_id)
    return work


# -- changing the work (each returns a new, checked ContextWork) ---------------------------------------------------
def choose(task: ContextTask, work: ContextWork, form_ids: list[str] | tuple[str, ...]) -> ContextWork:
    """The work comparing ``form_ids`` (2 to 4); implications already written for forms kept are kept."""
    ids = list(form_ids)
    if len(ids) < MIN_CHOSEN:
        raise ValueError(f"Choose at least {MIN_CHOSEN} organisation forms to compare (you chose {len(ids)}).")
    if len(ids) > MAX_CHOSEN:
        raise ValueError(f"Choose at most {MAX_CHOSEN} organisation forms, so the table stays readable (you chose "
                         f"{len(ids)}).")
    for form_id in ids:
        task.form(form_id)
    kept = [c.model_dump() for c in work.comparisons if c.form in ids]
    return build(ContextWork, chosen=ids, own=work.own.model_dump(), comparisons=kept)


def with_profile(work: ContextWork, **fields: str) -> ContextWork:
    """The work with the learner's profile fields replaced (each stripped, at most the field's length)."""
    for key, value in fields.items():
        if key not in Profile.model_fields:
            raise ValueError(f"“{key[:40]}” is not a field of the profile.")
        if not isinstance(value, str):
            raise ValueError(f"{Profile.model_fields[key].title}: please type text.")
    own = build(Profile, **{**work.own.model_dump(), **fields})
    return build(ContextWork, chosen=list(work.chosen), own=own.model_dump(),
                 comparisons=[c.model_dump() for c in work.comparisons])


def with_implication(task: ContextTask, work: ContextWork, form_id: str, implication: str) -> ContextWork:
    """The work with the implication for ``form_id`` (one of the chosen forms) set to ``implication``."""
    if form_id not in work.chosen:
        raise ValueError("Choose the forms to compare first, then write the implication for one of them.")
    name = task.form(form_id).name
    text = (implication or "").strip()
    if not text:
        raise ValueError(f"Write the implications for the customer experience of comparing your organisation with "
                         f"a {name.lower()}.")
    if len(text) > MAX_TEXT:
        raise ValueError(f"Please keep the implication under {MAX_TEXT} characters (it has {len(text):,}).")
    rows = [c.model_dump() for c in work.comparisons if c.form != form_id] + [{"form": form_id, "implication": text}]
    rows.sort(key=lambda r: work.chosen.index(r["form"]))
    return build(ContextWork, chosen=list(work.chosen), own=work.own.model_dump(), comparisons=rows)


def implication_for(work: ContextWork, form_id: str) -> str:
    return next((c.implication for c in work.comparisons if c.form == form_id), "")


def implication_notes(text: str) -> list[str]:
    """What an implication still needs (empty when it passes the completeness check in the module docstring)."""
    notes = []
    if not text.strip():
        return ["not written yet"]
    if words(text) < MIN_IMPLICATION_WORDS:
        notes.append(f"has {words(text)} words; explain it in at least {MIN_IMPLICATION_WORDS} (the difference, the "
                     "reason and the effect on the experience)")
    if not REASON_WORDS.search(text):
        notes.append("gives no reason: say why the difference changes the experience (because…, so…, which "
                     "means…)")
    if not DIFFERENCE_WORDS.search(text):
        notes.append("does not name the difference: say what differs (ownership, funding, motives, stakeholders, "
                     "objectives, the role of marketing, size, customers' choice)")
    return notes


def completeness(task: ContextTask, work: ContextWork) -> list[str]:
    """Everything the work still needs, as sentences; an empty list when it is complete."""
    out = []
    if len(work.chosen) < MIN_CHOSEN:
        out.append(f"Choose {MIN_CHOSEN} to {MAX_CHOSEN} organisation forms to compare.")
    if not work.own.name.strip():
        out.append("Name your organisation.")
    for key, label in PROFILE_FIELDS:
        value = getattr(work.own, key)
        if not value.strip():
            out.append(f"Your profile: “{label}” is empty.")
        elif words(value) < MIN_FIELD_WORDS:
            out.append(f"Your profile: “{label}” has {words(value)} word(s); say a little more (at least "
                       f"{MIN_FIELD_WORDS}).")
    for form_id in work.chosen:
        for note in implication_notes(implication_for(work, form_id)):
            out.append(f"Implication for the {task.form(form_id).name.lower()}: {note}.")
    return out


# -- saving and reopening ------------------------------------------------------------------------------------------
def to_json(work: ContextWork) -> str:
    return saved_json(KIND, "organisation-contexts", work)


def from_json(content: bytes | str, task: ContextTask | None = None) -> ContextWork:
    work = open_saved(ContextWork, content, KIND, "a saved context comparison")
    if task is not None:
        try:
            check_work(task, work)
        except ValueError as exc:
            raise ValueError(f"This file cannot be opened: {exc}") from None
    return work


# -- HTML and CSV --------------------------------------------------------------------------------------------------
def comparison_table_html(task: ContextTask, work: ContextWork) -> str:
    """The chosen forms and the learner's organisation side by side: one column each, one row per field; a
    caption, column and row headers, so a screen reader announces each cell with its form and field."""
    forms = [task.form(f) for f in work.chosen]
    own_name = work.own.name.strip() or "Your organisation"
    head = "".join(f"<th scope='col'>{esc(f.name)}</th>" for f in forms) + f"<th scope='col'>{esc(own_name)}</th>"
    rows = ""
    for key, label in PROFILE_FIELDS:
        cells = "".join(f"<td>{esc(getattr(f, key))}</td>" for f in forms)
        mine = getattr(work.own, key).strip()
        cells += f"<td>{esc(mine) if mine else '<em>not written yet</em>'}</td>"
        rows += f"<tr><th scope='row'>{esc(label)}</th>{cells}</tr>"
    rows += ("<tr><th scope='row'>Example</th>" + "".join(f"<td>{esc(f.example)}</td>" for f in forms)
             + "<td>—</td></tr>")
    if not forms:
        return "<p class='cx-hint'>Choose two to four organisation forms to see them side by side.</p>"
    return (f"<div class='cx-table-scroll' role='region' aria-label='Comparison table' tabindex='0'>"
            f"<table class='cx-activity-table'><caption>Organisation forms compared with {esc(own_name)}</caption>"
            f"<thead><tr><th scope='col'>Field</th>{head}</tr></thead><tbody>{rows}</tbody></table></div>")


def implications_html(task: ContextTask, work: ContextWork) -> str:
    items = ""
    for form_id in work.chosen:
        text = implication_for(work, form_id)
        body = esc(text) if text else "<em>not written yet</em>"
        items += f"<li><strong>Compared with a {esc(task.form(form_id).name.lower())}:</strong> {body}</li>"
    return f"<ol>{items}</ol>" if items else "<p>No comparisons chosen yet.</p>"


def notes_html(notes: list[str]) -> str:
    if not notes:
        return ("<p class='cx-ok'>Complete: every field is filled and each implication gives a reason that names "
                "the difference. Your tutor judges how good the explanation is.</p>")
    return "<p>Still to do:</p><ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>"


def document_html(task: ContextTask, work: ContextWork) -> str:
    from widgets.activities.cx_model import html_document

    name = work.own.name.strip() or "my organisation"
    body = (comparison_table_html(task, work) + "<h2>Implications for the customer experience</h2>"
            + implications_html(task, work) + "<h2>Completeness check</h2>" + notes_html(completeness(task, work)))
    return html_document(f"Organisation contexts compared: {name}", body)


def to_csv(task: ContextTask, work: ContextWork) -> str:
    """One row per field (columns: the chosen forms, then the learner's organisation), then the implications."""
    forms = [task.form(f) for f in work.chosen]
    rows: list[list[object]] = [[label, *(getattr(f, key) for f in forms), getattr(work.own, key)]
                                for key, label in PROFILE_FIELDS]
    rows += [[f"Implications compared with: {task.form(f).name}", *([""] * len(forms)), implication_for(work, f)]
             for f in work.chosen]
    return csv_text(rows, header=["Field", *(f.name for f in forms), work.own.name or "Your organisation"])


def context_explorer_html(task: ContextTask, live_link: str = "") -> str:
    """The book's static form: the instructions, the full list of forms (one table per form would be long, so a
    list of the form names and examples), and the worked comparison for Hartwell."""
    listing = "".join(f"<li><strong>{esc(f.name)}</strong>: {esc(f.cx_implications)} <em>{esc(f.example)}</em></li>"
                      for f in task.forms)
    worked = task.worked
    return (f"<div class='cx-activity cx-context-explorer'><h3 class='cx-activity-title'>{esc(task.title)}</h3>"
            f"<p>{esc(task.instructions)}</p><details><summary>The {len(task.forms)} organisation forms and what "
            f"each means for the customer experience</summary><ul>{listing}</ul></details>"
            f"<h4>Worked example</h4>{comparison_table_html(task, worked)}{implications_html(task, worked)}"
            f"{live_link}</div>")
