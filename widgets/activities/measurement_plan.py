"""Measurement plan (CIM Level 4 Customer Experience, 5.1–5.4).

Three parts, each the learner's own evidence for its criteria:

* **measures** (5.1 Identify appropriate customer experience measures; 5.2 Identify and apply appropriate market
  research methods): for a context (Hartwell or the learner's own organisation) the learner picks CX measures and
  research methods, each with a reason, what it captures, the sample and frequency, and a limitation. The checks
  look at coverage — a behavioural and an attitudinal measure, a primary and a secondary method, a reason for
  each — and flag common slips (NPS as the only satisfaction measure: it measures willingness to recommend; a
  survey with no sample stated). They never choose for the learner.
* **feedback** (5.3 Evaluate the relevance of customer complaints, compliments and other feedback): the numbers
  and nature of complaints (category, channel, month), complaint response times (first response and resolution:
  median, 90th percentile, share within the target), outcomes and first-contact resolution from a complaints log
  (``data/datasets/retail_complaints.csv`` or an upload in the same shape); compliments and other feedback with
  satisfaction with the response to a complaint from ``data/datasets/hartwell_feedback.csv`` (or an upload).
  The learner writes the evaluation: how relevant each source is and what the numbers can and cannot show.
* **stakeholders** (5.4 Justify the need to measure and monitor from a range of stakeholder perspectives):
  customer, organisation, employee and competitors, each with why, what, how and a justification.

Bad input (a choice not offered, a missing reason, text too long, an upload that is not a CSV in the shape,
bad dates, a saved file that is not one) raises ``ValueError`` with a sentence a learner can act on. Learner text
is escaped in HTML; CSV goes through :mod:`widgets.exports`.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    build,
    load_yaml,
    open_saved,
    parse,
    rebuild,
    saved_json,
)
from widgets.activities.common import (
    check_part as common_check_part,
)
from widgets.exports import csv_text

esc = html.escape
APP = "cx-measurement"
KIND = "cx-measurement-plan"
WHAT = "a saved measurement plan"
MAX_NAME = 120
MAX_CHOICES = 30
MAX_UPLOAD_BYTES = 20_000_000
MAX_UPLOAD_ROWS = 200_000
PARTS = ("measures", "feedback", "stakeholders")
PART_TITLES = {"measures": "Measures and research methods (5.1, 5.2)",
               "feedback": "Complaints, compliments and other feedback (5.3)",
               "stakeholders": "Stakeholder perspectives (5.4)"}
PART_CRITERIA = {"measures": ["cim-l4-cx:5.1", "cim-l4-cx:5.2"], "feedback": ["cim-l4-cx:5.3"],
                 "stakeholders": ["cim-l4-cx:5.4"]}

# -- what can be chosen ------------------------------------------------------------------------------------------
MEASURES = {  # key: (label, behavioural or attitudinal, what it is)
    "csat": ("Customer satisfaction (CSAT)", "attitudinal", "how satisfied customers say they are"),
    "retention": ("Customer retention", "behavioural", "the share of customers who keep buying"),
    "loyalty": ("Loyalty (attitude and behaviour)", "attitudinal", "commitment and preference for the brand"),
    "emotions": ("Customer feelings and emotions", "attitudinal", "how customers feel at each touchpoint"),
    "nps": ("Net Promoter Score (NPS)", "attitudinal", "willingness to recommend"),
    "repeat": ("Repeat purchasing", "behavioural", "how often customers come back and buy again"),
    "purchase_value": ("Purchase value", "behavioural", "how much customers spend per transaction or year"),
    "complaints": ("Number of complaints", "behavioural", "how many customers complain, and about what"),
    "ces": ("Customer effort score (CES)", "attitudinal", "how easy customers say it was"),
}
METHODS = {  # key: (label, group)
    "sales_analysis": ("Sales analysis", "secondary internal"),
    "complaints_analysis": ("Customer service and complaints analysis", "secondary internal"),
    "social_media": ("Social media monitoring", "secondary external"),
    "opinion": ("Measuring opinion (reviews, published surveys)", "secondary external"),
    "bulletin_board": ("Bulletin-board focus groups", "secondary external"),
    "interviews": ("Interviews", "primary"),
    "surveys": ("Surveys", "primary"),
    "observation": ("Observation", "primary"),
    "focus_groups": ("Focus groups", "primary"),
    "panels": ("Panels", "primary"),
    "mystery_shoppers": ("Mystery shoppers", "primary"),
}
SAMPLED = {"interviews", "surveys", "focus_groups", "panels", "mystery_shoppers", "observation", "bulletin_board"}
ITEM_LABELS = {**{k: v[0] for k, v in MEASURES.items()}, **{k: v[0] for k, v in METHODS.items()}}
ItemKind = Literal["measure", "method"]

PERSPECTIVES = ("customer", "organisation", "employee", "competitors")
PERSPECTIVE_LABELS = {"customer": "Customer", "organisation": "Organisation", "employee": "Employee",
                      "competitors": "Competitors"}
PERSPECTIVE_FIELDS = {"why": "Why measure from this perspective", "what": "What to measure",
                      "how": "How to measure it", "justification": "Justification"}
EVALUATION_FIELDS = {
    "complaints": "Relevance of complaints (numbers, nature, response times, satisfaction with the response)",
    "compliments": "Relevance of compliments",
    "other": "Relevance of other feedback (suggestions, questions, reviews)",
    "can_show": "What the numbers can show",
    "cannot_show": "What the numbers cannot show",
    "conclusion": "Your evaluation: how far each source should shape decisions",
}
_REASON = re.compile(r"\b(because|so|since|as it|as they|as the|therefore|which means|in order to|"
                     r"otherwise|this shows|this tells|to (see|know|find|check|spot|understand|compare))\b", re.I)
_SAMPLE = re.compile(r"\d|\b(all|every|each|random|sample|respondents?|customers?|members?|monthly|weekly|"
                     r"quarterly|annual|yearly|daily)\b", re.I)
_CANNOT = re.compile(r"\b(cannot|can't|can not|does not|doesn't|do not|don't|not|only|miss(es)?|silent|bias)\b", re.I)


def _words(text: str) -> int:
    return len(text.split())


# -- the learner's work ----------------------------------------------------------------------------------------
class Choice(ActivityModel):
    kind: ItemKind = Field(title="Measure or method")
    key: str = Field(title="Measure or method", max_length=40)
    reason: str = Field("", title="Reason", max_length=MAX_TEXT)
    captures: str = Field("", title="What it captures", max_length=MAX_TEXT)
    sample: str = Field("", title="Sample and frequency", max_length=MAX_TEXT)
    limitation: str = Field("", title="Limitation", max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _known(self) -> Choice:
        table = MEASURES if self.kind == "measure" else METHODS
        if self.key not in table:
            raise ValueError(f"“{self.key[:30]}” is not one of the {self.kind}s offered: choose one from the list.")
        if not self.reason:
            raise ValueError(f"Give your reason for choosing {ITEM_LABELS[self.key]}: why does it suit this "
                             "context?")
        return self


class Evaluation(ActivityModel):
    complaints: str = Field("", title=EVALUATION_FIELDS["complaints"], max_length=MAX_TEXT)
    compliments: str = Field("", title=EVALUATION_FIELDS["compliments"], max_length=MAX_TEXT)
    other: str = Field("", title=EVALUATION_FIELDS["other"], max_length=MAX_TEXT)
    can_show: str = Field("", title=EVALUATION_FIELDS["can_show"], max_length=MAX_TEXT)
    cannot_show: str = Field("", title=EVALUATION_FIELDS["cannot_show"], max_length=MAX_TEXT)
    conclusion: str = Field("", title=EVALUATION_FIELDS["conclusion"], max_length=MAX_TEXT)


class Perspective(ActivityModel):
    stakeholder: Literal["customer", "organisation", "employee", "competitors"] = Field(title="Stakeholder")
    why: str = Field("", title=PERSPECTIVE_FIELDS["why"], max_length=MAX_TEXT)
    what: str = Field("", title=PERSPECTIVE_FIELDS["what"], max_length=MAX_TEXT)
    how: str = Field("", title=PERSPECTIVE_FIELDS["how"], max_length=MAX_TEXT)
    justification: str = Field("", title=PERSPECTIVE_FIELDS["justification"], max_length=MAX_TEXT)


def _blank_perspectives() -> list[Perspective]:
    return [Perspective(stakeholder=s) for s in PERSPECTIVES]


class MeasurementWork(ActivityModel):
    organisation: str = Field("My organisation", title="Organisation", max_length=MAX_NAME)
    context: str = Field("", title="Context", max_length=MAX_TEXT)
    choices: list[Choice] = Field([], title="Measures and methods", max_length=MAX_CHOICES)
    evaluation: Evaluation = Evaluation()
    stakeholders: list[Perspective] = Field(default_factory=_blank_perspectives, title="Stakeholder perspectives",
                                            max_length=len(PERSPECTIVES))

    @field_validator("organisation")
    @classmethod
    def _named(cls, name: str) -> str:
        if not name:
            raise ValueError("Give the name of your organisation (it heads your downloads).")
        return name

    @field_validator("stakeholders")
    @classmethod
    def _four(cls, rows: list[Perspective]) -> list[Perspective]:
        seen: dict[str, Perspective] = {}
        for row in rows:
            if row.stakeholder in seen:
                raise ValueError(f"The {PERSPECTIVE_LABELS[row.stakeholder].lower()} perspective appears twice: "
                                 "write each perspective once.")
            seen[row.stakeholder] = row
        return [seen.get(s) or Perspective(stakeholder=s) for s in PERSPECTIVES]

    @model_validator(mode="after")
    def _once(self) -> MeasurementWork:
        keys = [c.key for c in self.choices]
        for key in keys:
            if keys.count(key) > 1:
                raise ValueError(f"{ITEM_LABELS[key]} is already in your plan: edit it (remove it and add it again) "
                                 "rather than adding it twice.")
        return self

    def perspective(self, stakeholder: str) -> Perspective:
        return next(p for p in self.stakeholders if p.stakeholder == stakeholder)


class MeasurementTask(ActivityModel):
    id: str
    title: str = Field(max_length=200)
    criteria: list[str] = []
    instructions: dict[Literal["measures", "feedback", "stakeholders"], str] = {}
    target_hours: float = Field(24, gt=0, le=24 * 60)
    worked: MeasurementWork


def load_task(spec_id: str, name: str) -> MeasurementTask:
    return parse(MeasurementTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def check_part(part: str | None) -> str | None:
    return common_check_part(part, PARTS, "the measurement plan")


def blank_work(organisation: str = "My organisation") -> MeasurementWork:
    return build(MeasurementWork, organisation=organisation)


with_changes = rebuild  # a copy with changes applied and checked again


def add_choice(work: MeasurementWork, kind: str, key: str | None, reason: str, captures: str = "", sample: str = "",
               limitation: str = "") -> MeasurementWork:
    if kind not in ("measure", "method"):
        raise ValueError("Choose whether you are adding a measure or a research method.")
    if not key:
        raise ValueError(f"Choose a {kind} from the list first.")
    if len(work.choices) >= MAX_CHOICES:
        raise ValueError(f"There are already {MAX_CHOICES} measures and methods, more than a plan needs: remove one "
                         "before adding another.")
    row = dict(kind=kind, key=key, reason=reason, captures=captures, sample=sample, limitation=limitation)
    try:
        build(Choice, **row)
    except ValueError as exc:
        raise ValueError(str(exc)) from None
    return with_changes(work, choices=[*work.model_dump()["choices"], row])


def remove_choice(work: MeasurementWork, index: int | None) -> MeasurementWork:
    if index is None or not 0 <= index < len(work.choices):
        raise ValueError("Choose a measure or method to remove from the list.")
    rows = work.model_dump()["choices"]
    del rows[index]
    return with_changes(work, choices=rows)


def with_evaluation(work: MeasurementWork, name: str, value: str) -> MeasurementWork:
    if name not in EVALUATION_FIELDS:
        raise ValueError("That is not a part of the evaluation: choose one of the boxes shown.")
    data = work.evaluation.model_dump()
    data[name] = value
    return with_changes(work, evaluation=data)


def with_perspective(work: MeasurementWork, stakeholder: str, name: str, value: str) -> MeasurementWork:
    if stakeholder not in PERSPECTIVES:
        raise ValueError(f"“{str(stakeholder)[:30]}” is not one of the four perspectives: choose customer, "
                         "organisation, employee or competitors.")
    if name not in PERSPECTIVE_FIELDS:
        raise ValueError("That is not a part of a perspective: write why, what, how or the justification.")
    rows = [p.model_dump() for p in work.stakeholders]
    for row in rows:
        if row["stakeholder"] == stakeholder:
            row[name] = value
    return with_changes(work, stakeholders=rows)


def to_json(work: MeasurementWork, task_id: str = "hartwell-measurement") -> str:
    return saved_json(KIND, task_id, work)


def from_json(content: str | bytes) -> MeasurementWork:
    """A saved measurement plan, checked (size, nesting, kind, version, every field); a sentence otherwise."""
    return open_saved(MeasurementWork, content, KIND, WHAT)


# -- the checks (judgement prompts, never the answer) --------------------------------------------------------------
def measure_notes(work: MeasurementWork) -> list[str]:
    notes: list[str] = []
    if not work.context:
        notes.append("Describe the context first: which organisation, which customers and which experience you want "
                     "to measure. Measures and methods are only appropriate for a context.")
    measures = [c for c in work.choices if c.kind == "measure"]
    methods = [c for c in work.choices if c.kind == "method"]
    kinds = {MEASURES[c.key][1] for c in measures}
    if not measures:
        notes.append("No measures chosen yet: pick the measures that show whether the experience works (5.1).")
    else:
        if "behavioural" not in kinds:
            notes.append("Every measure is attitudinal (what customers say): add a behavioural one — retention, "
                         "repeat purchasing, purchase value or complaints — because what customers do can differ "
                         "from what they say.")
        if "attitudinal" not in kinds:
            notes.append("Every measure is behavioural (what customers do): add an attitudinal one — satisfaction, "
                         "feelings or willingness to recommend — because behaviour alone does not say why.")
        attitudinal = [c.key for c in measures if MEASURES[c.key][1] == "attitudinal"]
        if attitudinal == ["nps"]:
            notes.append("NPS is your only measure of how customers feel: it measures willingness to recommend, not "
                         "satisfaction, and one number does not say what to fix. Consider CSAT or a measure of "
                         "feelings alongside it.")
    if not methods:
        notes.append("No research methods chosen yet: say how you will collect each measure (5.2).")
    else:
        groups = {METHODS[c.key][1] for c in methods}
        if "primary" not in groups:
            notes.append("There is no primary research method: add one (survey, interviews, observation, focus "
                         "groups, panels or mystery shoppers) to ask or watch customers directly.")
        if not groups & {"secondary internal", "secondary external"}:
            notes.append("There is no secondary research method: add one (sales or complaints analysis, social media "
                         "monitoring, measuring opinion) — data that already exists is cheaper and shows behaviour.")
        if len(methods) == 1:
            notes.append("One method only: each method has blind spots, so a second method lets you check one "
                         "against the other (triangulation).")
    keys = {c.key for c in work.choices}
    if "complaints" in keys and "complaints_analysis" not in keys:
        notes.append("You measure the number of complaints but have no complaints analysis method: say where the "
                     "numbers come from.")
    for c in work.choices:
        label = ITEM_LABELS[c.key]
        if c.kind == "method" and c.key in SAMPLED and not _SAMPLE.search(c.sample):
            notes.append(f"{label}: state the sample and how often (for example 400 Rewards members a quarter): "
                         "without it nobody can judge how far the results can be trusted.")
        if not c.limitation:
            notes.append(f"{label}: give a limitation — every measure and method misses something.")
        if not c.captures:
            notes.append(f"{label}: say what it captures about the experience.")
        if _words(c.reason) < 6:
            notes.append(f"{label}: the reason is very short; say why it suits this context.")
    return notes


def perspective_notes(work: MeasurementWork) -> list[str]:
    notes: list[str] = []
    for p in work.stakeholders:
        label = PERSPECTIVE_LABELS[p.stakeholder]
        missing = [PERSPECTIVE_FIELDS[f].lower() for f in PERSPECTIVE_FIELDS if not getattr(p, f)]
        if len(missing) == 4:
            notes.append(f"The {label.lower()} perspective is not written yet: all four perspectives are needed.")
            continue
        if missing:
            notes.append(f"{label}: still to write — {'; '.join(missing)}.")
        if p.justification and not _REASON.search(p.justification):
            notes.append(f"{label}: the justification states a view but gives no reason (“because …”, “so that …”). "
                         "To justify is to say why.")
    texts = [p.justification.lower() for p in work.stakeholders if p.justification]
    if len(texts) != len(set(texts)):
        notes.append("Two perspectives have the same justification: each stakeholder needs its own reason.")
    return notes


def evaluation_notes(work: MeasurementWork) -> list[str]:
    e, notes = work.evaluation, []
    for name in ("complaints", "compliments", "other"):
        if not getattr(e, name):
            notes.append(f"{EVALUATION_FIELDS[name]}: not written yet.")
    if not e.can_show:
        notes.append("Say what the numbers can show (trends, where problems cluster, how fast the team replies).")
    if not e.cannot_show:
        notes.append("Say what the numbers cannot show: most unhappy customers never complain, and a count does not "
                     "say how serious or how fixable a problem is.")
    elif not _CANNOT.search(e.cannot_show):
        notes.append("“What the numbers cannot show” reads like another thing they can show: name a limit.")
    if not e.conclusion:
        notes.append("Write your evaluation: weigh the sources against each other and say how far each should shape "
                     "decisions.")
    return notes


def notes_html(notes: list[str]) -> str:
    if not notes:
        return "<p class='cx-hint-ok'><strong>Checks:</strong> nothing flagged. The checks look for common slips; " \
               "your judgement and reasons are what is assessed.</p>"
    items = "".join(f"<li>{esc(n)}</li>" for n in notes)
    return f"<div class='cx-checks'><p><strong>Checks ({len(notes)} flagged):</strong></p><ul>{items}</ul></div>"


# -- data: reading and checking a complaints log or a feedback file ------------------------------------------------
COMPLAINT_COLUMNS = ("complaint_id", "opened_at", "channel", "category", "first_response_at", "resolved_at",
                     "outcome", "resolved_first_contact")
FEEDBACK_COLUMNS = ("feedback_id", "received_at", "type", "channel", "store_type", "topic", "rating",
                    "complaint_id", "satisfied_with_complaint_response")
_BINARY = {b"PK\x03\x04": "a zipped file such as an Excel workbook (.xlsx)", b"\xd0\xcf\x11\xe0": "an old Excel file",
           b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image"}


def read_csv_bytes(content: bytes, name: str = "upload.csv"):
    """An uploaded CSV as a frame of text; a sentence saying what is wrong otherwise."""
    import pandas as pd

    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError(f"{name} is {len(content) / 1e6:.1f} MB; the tool reads files up to "
                         f"{MAX_UPLOAD_BYTES // 1_000_000} MB. Upload a sample of the rows.")
    if not content.strip():
        raise ValueError(f"{name} is empty: choose a CSV file with a heading row and data.")
    for sig, what in _BINARY.items():
        if content.startswith(sig):
            raise ValueError(f"{name} is {what}, not a CSV file. In a spreadsheet use Save As › CSV UTF-8, then upload "
                             "that file.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text[:4096]:
        raise ValueError(f"{name} is not a text file, so it is not a CSV file.")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{name} has no columns to read.") from None
    except pd.errors.ParserError:
        raise ValueError(f"{name} could not be read as CSV: a row has more values than the heading row. Check for a "
                         "stray comma or a missing quote.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise ValueError(f"{name} has headings but no rows of data.")
    if len(frame) > MAX_UPLOAD_ROWS:
        raise ValueError(f"{name} has {len(frame):,} rows; the tool reads up to {MAX_UPLOAD_ROWS:,}. Upload a sample.")
    return frame


def _strip(series):
    """``series`` as stripped text, computed once per distinct value (fast on 100,000 rows of categories)."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(series.astype(str), use_na_sentinel=False)
    return pd.Series(np.array([str(u).strip() for u in uniques], dtype=object)[codes], index=series.index)


def _dates(frame, column: str, name: str, required: bool = True):
    import pandas as pd

    raw = frame[column].astype(str)
    parsed = pd.to_datetime(raw, format="%Y-%m-%d %H:%M", errors="coerce")
    retry = parsed.isna() & raw.ne("")
    if retry.any():
        raw = raw.where(~retry, raw[retry].str.strip())
        parsed[retry] = pd.to_datetime(raw[retry], format="mixed", dayfirst=True, errors="coerce")
    bad = parsed.isna() & raw.ne("")
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise ValueError(f"{name}: “{raw.iloc[row][:30]}” in {column} (row {row + 2}) is not a date and time. Use "
                         "the form 2025-03-14 09:30.")
    if required and raw.eq("").any():
        row = int(raw.eq("").to_numpy().nonzero()[0][0])
        raise ValueError(f"{name}: {column} is blank in row {row + 2}; every row needs one.")
    return parsed


def _lower(series):
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    return pd.Series(pd.Index([str(u).lower() for u in uniques], dtype=object)[codes], index=series.index)


def _month(stamps):
    """``YYYY-MM`` for each time, worked out once per month (``strftime`` on 100,000 rows takes seconds)."""
    import pandas as pd

    key = stamps.dt.year * 100 + stamps.dt.month
    codes, uniques = pd.factorize(key, use_na_sentinel=False)
    return pd.Series(pd.Index([f"{int(k) // 100:04d}-{int(k) % 100:02d}" if k == k else "" for k in uniques],
                              dtype=object)[codes], index=stamps.index)


def _need(frame, columns: tuple[str, ...], name: str, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is not {what}: it has no column{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)}. The columns needed are {', '.join(columns)}.")


def prepare_complaints(frame, name: str = "the complaints log"):
    """A complaints log with its times parsed and hours computed; a sentence naming the problem otherwise."""
    _need(frame, COMPLAINT_COLUMNS, name, "a complaints log in the shape of Hartwell's")
    out = frame[list(COMPLAINT_COLUMNS)].copy()
    for col in ("channel", "category", "outcome", "resolved_first_contact"):
        out[col] = _strip(out[col])
    out["opened_at"] = _dates(out, "opened_at", name)
    out["first_response_at"] = _dates(out, "first_response_at", name, required=False)
    out["resolved_at"] = _dates(out, "resolved_at", name, required=False)
    out["first_response_hours"] = (out["first_response_at"] - out["opened_at"]).dt.total_seconds() / 3600
    out["resolution_hours"] = (out["resolved_at"] - out["opened_at"]).dt.total_seconds() / 3600
    for col, what in (("first_response_hours", "first reply"), ("resolution_hours", "resolution")):
        early = out[col] < 0
        if early.any():
            row = int(early.to_numpy().nonzero()[0][0])
            raise ValueError(f"{name}: in row {row + 2} the {what} comes before the complaint was opened. Check the "
                             "dates.")
    fcr = _lower(out["resolved_first_contact"])
    odd = ~fcr.isin(["yes", "no"])
    if odd.any():
        row = int(odd.to_numpy().nonzero()[0][0])
        raise ValueError(f"{name}: resolved_first_contact must be yes or no; row {row + 2} has "
                         f"“{out['resolved_first_contact'].iloc[row][:20]}”.")
    out["resolved_first_contact"] = fcr
    return out


def prepare_feedback(frame, name: str = "the feedback file"):
    """A feedback file with dates and ratings checked; a sentence naming the problem otherwise."""
    import pandas as pd

    _need(frame, FEEDBACK_COLUMNS, name, "a feedback file in the shape of Hartwell's")
    out = frame[list(FEEDBACK_COLUMNS)].copy()
    for col in ("type", "channel", "store_type", "topic", "satisfied_with_complaint_response"):
        out[col] = _strip(out[col])
    out["complaint_id"] = out["complaint_id"].astype(str)
    out["received_at"] = _dates(out, "received_at", name)
    raw = _strip(out["rating"])
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    rating = pd.Series(pd.to_numeric(pd.Series(uniques), errors="coerce").to_numpy()[codes], index=raw.index)
    bad = raw.ne("") & (rating.isna() | ~rating.isin([1, 2, 3, 4, 5]))
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise ValueError(f"{name}: rating must be a whole number from 1 to 5 (or blank); row {row + 2} has "
                         f"“{raw.iloc[row][:20]}”.")
    out["rating"] = rating
    sat = _lower(out["satisfied_with_complaint_response"])
    odd = ~sat.isin(["yes", "no", ""])
    if odd.any():
        row = int(odd.to_numpy().nonzero()[0][0])
        raise ValueError(f"{name}: satisfied_with_complaint_response must be yes, no or blank; row {row + 2} has "
                         f"“{out['satisfied_with_complaint_response'].iloc[row][:20]}”.")
    out["satisfied_with_complaint_response"] = sat
    if out["type"].eq("").any():
        row = int(out["type"].eq("").to_numpy().nonzero()[0][0])
        raise ValueError(f"{name}: type is blank in row {row + 2}; say whether it is a compliment, suggestion, "
                         "question, review or complaint follow-up.")
    return out


def read_upload(content: bytes, name: str = "upload.csv"):
    """An uploaded complaints log or feedback file: ("complaints" or "feedback", checked frame)."""
    frame = read_csv_bytes(content, name)
    cols = set(frame.columns)
    if "opened_at" in cols:
        return "complaints", prepare_complaints(frame, name)
    if "received_at" in cols or "type" in cols:
        return "feedback", prepare_feedback(frame, name)
    raise ValueError(f"{name} is neither a complaints log nor a feedback file: a complaints log needs the columns "
                     f"{', '.join(COMPLAINT_COLUMNS)}; a feedback file needs {', '.join(FEEDBACK_COLUMNS)}.")


def hartwell_complaints():
    from widgets.activities.common import dataset_frame

    return prepare_complaints(dataset_frame("retail_complaints").astype(str).replace("nan", ""),
                              "retail_complaints.csv")


def hartwell_feedback_frame():
    from widgets.activities.common import dataset_frame

    return prepare_feedback(dataset_frame("hartwell_feedback").astype(str).replace({"nan": "", "<NA>": ""}),
                            "hartwell_feedback.csv")


# -- analysis -------------------------------------------------------------------------------------------------------
def _pct(part: float, whole: float) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


@dataclass
class ComplaintSummary:
    total: int
    by_category: dict[str, int]
    by_channel: dict[str, int]
    by_month: dict[str, int]
    by_outcome: dict[str, int]
    first_response_median: float | None
    first_response_p90: float | None
    within_target: int
    within_target_pct: float | None
    answered: int
    resolution_median: float | None
    resolution_p90: float | None
    resolved: int
    fcr_pct: float | None
    fcr_steps: tuple[str, ...] = ()
    target_hours: float = 24
    month_category: list[tuple[str, str, int]] = field(default_factory=list)


SMALL = 20_000
"""Up to this many complaints the medians come from :func:`widgets.metrics.complaint_response_time` and
:func:`~widgets.metrics.complaint_resolution_time` (which check every value in Python); above it numpy's median
gives the same figure in a fraction of the time (tests check the two agree on Hartwell's log)."""


def _median_hours(hours, kind: str, target_hours: float | None = None) -> float | None:
    from widgets.metrics import complaint_resolution_time, complaint_response_time

    if not len(hours):
        return None
    if len(hours) <= SMALL:
        fn = complaint_response_time if kind == "response" else complaint_resolution_time
        return round(fn(hours.to_numpy().tolist(), target_hours).value, 1)
    return round(float(hours.median()), 1)


def complaint_summary(frame, target_hours: float = 24) -> ComplaintSummary:
    """Numbers and nature, response and resolution times (median, 90th percentile, share within the target), outcome
    and first-contact resolution, with :mod:`widgets.metrics` doing the headline sums."""
    from widgets.metrics import first_contact_resolution

    if frame.empty:
        raise ValueError("The complaints log has no rows to analyse.")
    first = frame["first_response_hours"].dropna()
    res = frame["resolution_hours"].dropna()
    fr = _median_hours(first, "response", target_hours)
    rs = _median_hours(res, "resolution")
    within = int((first <= target_hours).sum())
    fcr = first_contact_resolution(int(frame["resolved_first_contact"].eq("yes").sum()), len(frame))
    month = _month(frame["opened_at"])
    mc = frame.groupby([month, frame["category"]]).size()
    return ComplaintSummary(
        total=len(frame), by_category=frame["category"].value_counts().to_dict(),
        by_channel=frame["channel"].value_counts().to_dict(), by_month=month.value_counts().sort_index().to_dict(),
        by_outcome=frame["outcome"].value_counts().to_dict(),
        first_response_median=fr,
        first_response_p90=None if fr is None else round(float(first.quantile(0.9)), 1),
        within_target=within, within_target_pct=_pct(within, len(frame)), answered=len(first),
        resolution_median=rs,
        resolution_p90=None if rs is None else round(float(res.quantile(0.9)), 1), resolved=len(res),
        fcr_pct=round(fcr.value, 1), fcr_steps=fcr.steps, target_hours=target_hours,
        month_category=[(str(m), str(c), int(n)) for (m, c), n in mc.items()])


@dataclass
class FeedbackSummary:
    total: int
    by_type: dict[str, int]
    compliments_by_topic: dict[str, int]
    other_by_topic: dict[str, int]
    by_store_type: dict[str, int]
    reviews: int
    mean_rating: float | None
    rating_by_store_type: dict[str, float]
    delivery_by_month: dict[str, int]
    follow_ups: int
    satisfied_pct: float | None
    satisfied_within_pct: float | None = None
    satisfied_late_pct: float | None = None
    linked: int = 0


def feedback_summary(frame, complaints=None, target_hours: float = 24) -> FeedbackSummary:
    """Numbers and nature of compliments and other feedback; satisfaction with the response to a complaint, split by
    whether the first reply met the target when ``complaints`` (a prepared log) is given."""
    if frame.empty:
        raise ValueError("The feedback file has no rows to analyse.")
    types = frame["type"]
    comp = frame[types.eq("Compliment")]
    other = frame[types.isin(["Suggestion", "Question", "Review"])]
    reviews = frame[frame["rating"].notna()]
    follow = frame[frame["satisfied_with_complaint_response"].isin(["yes", "no"])]
    delivery = frame[frame["topic"].eq("Delivery") & types.isin(["Suggestion", "Question"])]
    out = FeedbackSummary(
        total=len(frame), by_type=types.value_counts().to_dict(),
        compliments_by_topic=comp["topic"].value_counts().to_dict(),
        other_by_topic=other["topic"].value_counts().to_dict(),
        by_store_type=frame["store_type"].value_counts().to_dict(), reviews=len(reviews),
        mean_rating=None if reviews.empty else round(float(reviews["rating"].mean()), 2),
        rating_by_store_type={k: round(float(v), 2) for k, v in reviews.groupby("store_type")["rating"].mean().items()},
        delivery_by_month=_month(delivery["received_at"]).value_counts().sort_index().to_dict(),
        follow_ups=len(follow),
        satisfied_pct=_pct(int(follow["satisfied_with_complaint_response"].eq("yes").sum()), len(follow)))
    if complaints is not None and len(follow):
        hours = complaints.set_index("complaint_id")["first_response_hours"]
        hours = hours[~hours.index.duplicated()]
        linked = follow.join(hours, on="complaint_id", how="inner")
        out.linked = len(linked)
        yes = linked["satisfied_with_complaint_response"].eq("yes")
        fast = linked["first_response_hours"] <= target_hours
        out.satisfied_within_pct = _pct(int((yes & fast).sum()), int(fast.sum()))
        out.satisfied_late_pct = _pct(int((yes & ~fast).sum()), int((~fast).sum()))
    return out


def _fmt(x: float | None, unit: str = "") -> str:
    return "—" if x is None else f"{x:,.1f}{unit}"


def _top(counts: dict[str, int], n: int = 3) -> str:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"{k} {v:,}" for k, v in items) or "none"


def complaint_findings(s: ComplaintSummary) -> list[str]:
    return [
        f"{s.total:,} complaints. Most common categories: {_top(s.by_category)}. Channels: {_top(s.by_channel, 5)}.",
        f"First reply: median {_fmt(s.first_response_median, ' hours')}, 90th percentile "
        f"{_fmt(s.first_response_p90, ' hours')}; {s.within_target:,} of {s.total:,} "
        f"({_fmt(s.within_target_pct, ' %')}) answered within the {s.target_hours:g}-hour target.",
        f"Resolution ({s.resolved:,} resolved): median {_fmt(s.resolution_median, ' hours')}, 90th percentile "
        f"{_fmt(s.resolution_p90, ' hours')}. Outcomes: {_top(s.by_outcome, 5)}.",
        f"First-contact resolution: {_fmt(s.fcr_pct, ' %')} of complaints were resolved at the first contact.",
    ]


def feedback_findings(f: FeedbackSummary, target_hours: float = 24) -> list[str]:
    lines = [f"{f.total:,} pieces of feedback: {_top(f.by_type, 6)}.",
             f"Compliments by topic: {_top(f.compliments_by_topic, 4)}.",
             f"Suggestions, questions and reviews by topic: {_top(f.other_by_topic, 4)}."]
    if f.reviews:
        by_store = "; ".join(f"{k} {v:.2f}" for k, v in sorted(f.rating_by_store_type.items()))
        lines.append(f"{f.reviews:,} reviews, mean rating {f.mean_rating:.2f} out of 5 (by store type: {by_store}).")
    if f.follow_ups:
        line = (f"Follow-up survey of complainants: {f.follow_ups:,} answers, {_fmt(f.satisfied_pct, ' %')} satisfied "
                "with the response.")
        if f.satisfied_within_pct is not None or f.satisfied_late_pct is not None:
            line += (f" Satisfied when the first reply came within {target_hours:g} hours: "
                     f"{_fmt(f.satisfied_within_pct, ' %')}; when it came later: {_fmt(f.satisfied_late_pct, ' %')} "
                     f"({f.linked:,} answers matched to the complaints log).")
        lines.append(line)
    return lines


# -- charts (each with its text description) ---------------------------------------------------------------------
def complaints_chart(s: ComplaintSummary):
    import pandas as pd

    from widgets.charts import AccessibleChart, import_altair

    alt = import_altair()
    frame = pd.DataFrame(s.month_category, columns=["Month", "Category", "Complaints"])
    desc = ("Stacked bar chart of complaints by month opened, split by category. Totals by month: "
            + "; ".join(f"{m} {n:,}" for m, n in s.by_month.items()) + f". By category: {_top(s.by_category, 10)}.")
    chart = alt.Chart(frame, title="Complaints by month and category").mark_bar().encode(
        x=alt.X("Month:O", title="Month opened"), y=alt.Y("Complaints:Q", title="Complaints"),
        color=alt.Color("Category:N", legend=alt.Legend(title="Category")),
        tooltip=["Month", "Category", "Complaints"])
    return AccessibleChart(chart.properties(width=420, height=220), desc)


def feedback_chart(f: FeedbackSummary):
    import pandas as pd

    from widgets.charts import PALETTE, AccessibleChart, import_altair

    alt = import_altair()
    rows = [{"Topic": k, "Count": v, "Kind": "Compliments"} for k, v in f.compliments_by_topic.items()]
    rows += [{"Topic": k, "Count": v, "Kind": "Suggestions, questions, reviews"} for k, v in f.other_by_topic.items()]
    frame = pd.DataFrame(rows or [{"Topic": "(none)", "Count": 0, "Kind": "Compliments"}])
    desc = (f"Grouped bar chart of feedback by topic. Compliments: {_top(f.compliments_by_topic, 10)}. Suggestions, "
            f"questions and reviews: {_top(f.other_by_topic, 10)}.")
    chart = alt.Chart(frame, title="Compliments and other feedback by topic").mark_bar().encode(
        y=alt.Y("Topic:N", sort="-x", title=None), x=alt.X("Count:Q", title="Pieces of feedback"),
        yOffset="Kind:N", color=alt.Color("Kind:N", scale=alt.Scale(range=[PALETTE[0], PALETTE[1]]),
                                          legend=alt.Legend(title="Kind")),
        tooltip=["Topic", "Kind", "Count"])
    return AccessibleChart(chart.properties(width=380, height=alt.Step(12)), desc)


def satisfaction_chart(f: FeedbackSummary, target_hours: float = 24):
    import pandas as pd

    from widgets.charts import PALETTE, AccessibleChart, import_altair

    alt = import_altair()
    rows = [{"First reply": f"Within {target_hours:g} hours", "Satisfied (%)": f.satisfied_within_pct or 0},
            {"First reply": f"After {target_hours:g} hours", "Satisfied (%)": f.satisfied_late_pct or 0}]
    desc = (f"Bar chart of the share of complainants satisfied with the response: first reply within "
            f"{target_hours:g} hours {_fmt(f.satisfied_within_pct, ' %')}, after {_fmt(f.satisfied_late_pct, ' %')}.")
    chart = alt.Chart(pd.DataFrame(rows), title="Satisfaction with the response to a complaint").mark_bar(
        color=PALETTE[2]).encode(x=alt.X("First reply:N", title=None),
                                 y=alt.Y("Satisfied (%):Q", scale=alt.Scale(domain=[0, 100])),
                                 tooltip=["First reply", "Satisfied (%)"])
    return AccessibleChart(chart.properties(width=260, height=200), desc)


# -- HTML and CSV ----------------------------------------------------------------------------------------------------
def _p(text: str) -> str:
    return esc(text) if text else "<span class='cx-blank'>(not written yet)</span>"


def choices_html(work: MeasurementWork) -> str:
    if not work.choices:
        return "<p class='cx-blank'>No measures or methods chosen yet.</p>"
    rows = "".join(
        f"<tr><td>{n}</td><td>{esc(ITEM_LABELS[c.key])}</td><td>"
        f"{esc(MEASURES[c.key][1] if c.kind == 'measure' else METHODS[c.key][1])}</td><td>{_p(c.reason)}</td>"
        f"<td>{_p(c.captures)}</td><td>{_p(c.sample)}</td><td>{_p(c.limitation)}</td></tr>"
        for n, c in enumerate(work.choices, 1))
    return ("<table class='cx-activity-table'><caption>Measures and research methods</caption><thead><tr>"
            "<th scope='col'>No.</th><th scope='col'>Measure or method</th><th scope='col'>Type</th>"
            "<th scope='col'>Reason</th><th scope='col'>What it captures</th><th scope='col'>Sample and frequency</th>"
            f"<th scope='col'>Limitation</th></tr></thead><tbody>{rows}</tbody></table>")


def evaluation_html(work: MeasurementWork) -> str:
    rows = "".join(f"<tr><th scope='row'>{esc(label)}</th><td>{_p(getattr(work.evaluation, k))}</td></tr>"
                   for k, label in EVALUATION_FIELDS.items())
    return f"<table class='cx-activity-table'><caption>Your evaluation</caption><tbody>{rows}</tbody></table>"


def stakeholders_html(work: MeasurementWork) -> str:
    rows = "".join(f"<tr><th scope='row'>{esc(PERSPECTIVE_LABELS[p.stakeholder])}</th>"
                   + "".join(f"<td>{_p(getattr(p, f))}</td>" for f in PERSPECTIVE_FIELDS) + "</tr>"
                   for p in work.stakeholders)
    head = "".join(f"<th scope='col'>{esc(v)}</th>" for v in PERSPECTIVE_FIELDS.values())
    return ("<table class='cx-activity-table'><caption>Measuring from four stakeholder perspectives</caption><thead>"
            f"<tr><th scope='col'>Perspective</th>{head}</tr></thead><tbody>{rows}</tbody></table>")


def findings_html(lines: list[str], title: str) -> str:
    return f"<p><strong>{esc(title)}</strong></p><ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>"


def part_html(work: MeasurementWork, part: str, extra: str = "") -> str:
    if part == "measures":
        return f"<p><strong>Context:</strong> {_p(work.context)}</p>" + choices_html(work) + \
            notes_html(measure_notes(work))
    if part == "feedback":
        return extra + evaluation_html(work) + notes_html(evaluation_notes(work))
    return stakeholders_html(work) + notes_html(perspective_notes(work))


def document_html(work: MeasurementWork, part: str | None = None) -> str:
    """A stand-alone web page of the learner's work (everything escaped)."""
    parts = PARTS if part is None else (check_part(part),)
    body = "".join(f"<h2>{esc(PART_TITLES[p])}</h2>{part_html(work, p)}" for p in parts)
    title = esc(f"Measurement plan: {work.organisation}")
    return (f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><main><h1>{title}</h1>{body}</main></body></html>")


def to_csv(work: MeasurementWork) -> str:
    rows: list[list[str]] = [["organisation", "", "", work.organisation, "", "", ""],
                             ["context", "", "", work.context, "", "", ""]]
    rows += [[c.kind, ITEM_LABELS[c.key], MEASURES[c.key][1] if c.kind == "measure" else METHODS[c.key][1],
              c.reason, c.captures, c.sample, c.limitation] for c in work.choices]
    rows += [["evaluation", label, "", getattr(work.evaluation, k), "", "", ""]
             for k, label in EVALUATION_FIELDS.items()]
    rows += [["stakeholder", PERSPECTIVE_LABELS[p.stakeholder], "", p.why, p.what, p.how, p.justification]
             for p in work.stakeholders]
    return csv_text(rows, header=["part", "item", "type", "reason or why or text", "captures or what",
                                  "sample or how", "limitation or justification"])


def feedback_analysis_html(complaints, feedback, target_hours: float = 24) -> str:
    """Findings and charts (with their descriptions) for a complaints log and a feedback file."""
    s = complaint_summary(complaints, target_hours)
    f = feedback_summary(feedback, complaints, target_hours)
    charts = [complaints_chart(s), feedback_chart(f)]
    if f.satisfied_within_pct is not None:
        charts.append(satisfaction_chart(f, target_hours))
    return (findings_html(complaint_findings(s), "Complaints: numbers, nature and response times")
            + findings_html(feedback_findings(f, target_hours), "Compliments and other feedback")
            + "".join(c.to_html() for c in charts))


def measurement_plan_html(task: MeasurementTask, part: str | None = None, live_link: str = "") -> str:
    """The book's static form: the worked Hartwell example for ``part`` (or all three), its checks, the live link."""
    parts = PARTS if check_part(part) is None else (part,)
    work = task.worked
    out = []
    for p in parts:
        extra = feedback_analysis_html(hartwell_complaints(), hartwell_feedback_frame(), task.target_hours) \
            if p == "feedback" else ""
        out.append(f"<section><h4>{esc(PART_TITLES[p])}</h4><p>{esc(task.instructions.get(p, ''))}</p>"
                   f"<p class='cx-example-note'>Worked example: {esc(work.organisation)}. Use it to see the "
                   "thinking; write your own for your organisation.</p>"
                   f"{part_html(work, p, extra)}</section>")
    title = task.title + ("" if part is None else f": {PART_TITLES[part]}")
    return (f"<div class='cx-activity'><h3 class='cx-activity-title'>{esc(title)}</h3>"
            f"{''.join(out)}{live_link}</div>")
