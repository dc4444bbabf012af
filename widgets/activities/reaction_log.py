"""Customer reaction log (OCR Unit 10 topics 3.1 and 3.2; P5, P6 and M2).

Each :class:`Occasion` records one observed situation: what kind it was (a response to a complaint,
a request for support, or another situation), what staff did, how the customer reacted (their words,
tone and body language), how the final outcome made them feel (1–5 with words), whether their
expectations were met, exceeded or not met and why, and — for M2 — whether the level of
satisfaction was acceptable, with the learner's justification.

:meth:`ReactionLog.summary` gives counts, the average feeling by situation and the share of judged
occasions that were acceptable. M2 asks for a judgement on at least two occasions, so the overall
verdict (:meth:`ReactionLog.overall_judgement`) refuses to run with fewer.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import MAX_ROWS, MAX_TEXT, ActivityModel, build, check_date, load_yaml, parse
from widgets.exports import csv_text, md_text

Situation = Literal["complaint", "support", "other"]
SITUATIONS: dict[str, str] = {
    "complaint": "Response to a complaint",
    "support": "Request for support",
    "other": "Other situation",
}
CustomerType = Literal["new", "existing"]
CUSTOMER_TYPES = {"new": "New customer", "existing": "Existing customer"}
Expectations = Literal["not met", "met", "exceeded"]
EXPECTATIONS: dict[str, str] = {"not met": "Not met", "met": "Met", "exceeded": "Exceeded"}
FEELING_SCALE: dict[int, str] = {1: "very unhappy", 2: "unhappy", 3: "neither happy nor unhappy",
                                 4: "happy", 5: "very happy"}
MIN_JUDGED_FOR_M2 = 2
LOG_COLUMNS = ("Occasion", "Date", "Situation", "Customer", "What they expected", "What staff did",
               "What they said", "Tone", "Body language", "Feeling (1-5)", "Feeling in words", "Expectations",
               "Why", "Acceptable?", "Justification")


class Occasion(ActivityModel):
    title: str = Field(title="Occasion", max_length=200)
    date: dt.date | None = Field(None, title="Date")
    situation: Situation = Field(title="Type of situation")
    customer: CustomerType = Field("existing", title="New or existing customer")
    expected: str = Field("", title="What the customer expected", max_length=MAX_TEXT)
    staff_action: str = Field(title="What staff did", max_length=MAX_TEXT)
    reaction_words: str = Field("", title="What the customer said", max_length=MAX_TEXT)
    reaction_tone: str = Field("", title="Tone of voice", max_length=MAX_TEXT)
    reaction_body: str = Field("", title="Body language", max_length=MAX_TEXT)
    feeling: int = Field(title="How the outcome made them feel (1 to 5)")
    feeling_words: str = Field(title="Feeling in words", max_length=200)
    expectations: Expectations = Field(title="Expectations")
    why: str = Field(title="Why expectations were or were not met", max_length=MAX_TEXT)
    acceptable: bool | None = Field(None, title="Acceptable level of satisfaction?")
    justification: str = Field("", title="Your justification", max_length=MAX_TEXT)

    @field_validator("title", "staff_action", "feeling_words", "why", mode="before")
    @classmethod
    def _filled(cls, value: object, info) -> object:
        if not str(value or "").strip():
            prompts = {"title": "a short name for the occasion, for example “Refund for a faulty shoe”",
                       "staff_action": "what the member of staff did",
                       "feeling_words": "a word or two for how the customer felt, for example “relieved”",
                       "why": "why the customer's expectations were met, exceeded or not met"}
            raise ValueError(f"Please write {prompts[info.field_name]}.")
        return value

    @field_validator("date")
    @classmethod
    def _in_range(cls, value: dt.date | None) -> dt.date | None:
        return check_date(value, "date of the occasion")

    @field_validator("feeling", mode="before")
    @classmethod
    def _feeling(cls, value: object) -> object:
        if isinstance(value, bool) or value is None or str(value).strip() not in {"1", "2", "3", "4", "5"}:
            raise ValueError("Choose how the outcome made the customer feel, from 1 (very unhappy) to 5 (very happy).")
        return int(str(value).strip())

    @model_validator(mode="after")
    def _reaction_and_judgement(self) -> Occasion:
        if not (self.reaction_words or self.reaction_tone or self.reaction_body):
            raise ValueError("Record how the customer reacted: what they said, their tone of voice "
                             "or their body language (at least one).")
        if self.acceptable is not None and not self.justification:
            raise ValueError("You judged whether satisfaction was acceptable: please add your justification, "
                             "for example what the customer said or did that shows it.")
        return self

    @property
    def situation_label(self) -> str:
        return SITUATIONS[self.situation]

    @property
    def feeling_label(self) -> str:
        return f"{self.feeling} ({FEELING_SCALE[self.feeling]}): {self.feeling_words}"

    @property
    def acceptable_label(self) -> str:
        return {None: "Not judged", True: "Acceptable", False: "Not acceptable"}[self.acceptable]


@dataclass(frozen=True)
class SituationSummary:
    situation: str
    label: str
    count: int
    average_feeling: float | None


@dataclass(frozen=True)
class LogSummary:
    total: int
    by_situation: tuple[SituationSummary, ...]
    by_expectations: dict[str, int]
    judged: int
    acceptable: int
    average_feeling: float | None

    @property
    def share_acceptable(self) -> float | None:
        """Acceptable ÷ judged occasions (occasions not yet judged are left out); ``None`` if none judged."""
        return self.acceptable / self.judged if self.judged else None

    @property
    def m2_ready(self) -> bool:
        return self.judged >= MIN_JUDGED_FOR_M2


class ReactionLog(ActivityModel):
    organisation: str = Field(title="Organisation", max_length=200)
    occasions: list[Occasion] = []

    @field_validator("organisation", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        if not str(value or "").strip():
            raise ValueError("Please name the organisation you observed.")
        return value

    @field_validator("occasions")
    @classmethod
    def _not_too_many(cls, occasions: list[Occasion]) -> list[Occasion]:
        if len(occasions) > MAX_ROWS:
            raise ValueError(f"A log can have at most {MAX_ROWS} occasions (this one has {len(occasions)}).")
        return occasions

    def add(self, occasion: Occasion) -> ReactionLog:
        if len(self.occasions) >= MAX_ROWS:
            raise ValueError(f"A log can have at most {MAX_ROWS} occasions: remove one you no longer need before you "
                             "add another.")
        return self.model_copy(update={"occasions": [*self.occasions, occasion]})

    def replace(self, index: int, occasion: Occasion) -> ReactionLog:
        self._check_index(index)
        occasions = list(self.occasions)
        occasions[index] = occasion
        return self.model_copy(update={"occasions": occasions})

    def remove(self, index: int) -> ReactionLog:
        self._check_index(index)
        return self.model_copy(update={"occasions": [o for i, o in enumerate(self.occasions) if i != index]})

    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self.occasions):
            raise ValueError("Choose an occasion from the list first.")

    def summary(self) -> LogSummary:
        """Counts; mean feeling (sum of 1–5 scores ÷ number of occasions) overall and per situation;
        acceptable and judged counts (see :attr:`LogSummary.share_acceptable`)."""
        by = []
        for key, label in SITUATIONS.items():
            scores = [o.feeling for o in self.occasions if o.situation == key]
            by.append(SituationSummary(key, label, len(scores), sum(scores) / len(scores) if scores else None))
        counts = {key: sum(o.expectations == key for o in self.occasions) for key in EXPECTATIONS}
        judged = [o for o in self.occasions if o.acceptable is not None]
        scores = [o.feeling for o in self.occasions]
        return LogSummary(
            total=len(self.occasions), by_situation=tuple(by), by_expectations=counts, judged=len(judged),
            acceptable=sum(bool(o.acceptable) for o in judged),
            average_feeling=sum(scores) / len(scores) if scores else None)

    def missing_situations(self) -> list[str]:
        """P5 asks for at least one complaint response and one request for support."""
        have = {o.situation for o in self.occasions}
        return [SITUATIONS[s] for s in ("complaint", "support") if s not in have]

    def overall_judgement(self) -> str:
        """A sentence for M2; ``ValueError`` until at least two occasions are judged."""
        s = self.summary()
        if not s.m2_ready:
            raise ValueError(f"Judge whether satisfaction was acceptable on at least {MIN_JUDGED_FOR_M2} occasions "
                             f"before you reach an overall view (M2). So far you have judged {s.judged}.")
        share = s.share_acceptable or 0.0
        return (f"Satisfaction was acceptable on {s.acceptable} of the {s.judged} occasions you judged "
                f"({share:.0%}). Use your justifications to explain the pattern, not just the count.")

    # -- exports ---------------------------------------------------------------------------------
    def rows(self) -> list[list[str]]:
        return [[o.title, o.date.isoformat() if o.date else "", o.situation_label, CUSTOMER_TYPES[o.customer],
                 o.expected, o.staff_action, o.reaction_words, o.reaction_tone, o.reaction_body, str(o.feeling),
                 o.feeling_words, EXPECTATIONS[o.expectations], o.why, o.acceptable_label, o.justification]
                for o in self.occasions]

    def to_csv(self) -> str:
        """One row per occasion; formula cells neutralised by :func:`widgets.exports.csv_text`."""
        return csv_text(self.rows(), header=LOG_COLUMNS)

    def to_markdown(self) -> str:
        """The log as Markdown; learner text through :func:`widgets.exports.md_text` (no HTML, no links)."""
        lines = [f"# Customer reaction log: {md_text(self.organisation)}", ""]
        for n, o in enumerate(self.occasions, 1):
            lines += [f"## {n}. {md_text(o.title)}", ""]
            for col, val in zip(LOG_COLUMNS[1:], self.rows()[n - 1][1:], strict=True):
                if val:
                    lines.append(f"- **{md_text(col)}:** {md_text(val)}")
            lines.append("")
        lines += ["## Summary", "", summary_markdown(self.summary())]
        return "\n".join(lines) + "\n"

    def to_html_table(self) -> str:
        esc = html.escape
        head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in
                       ("Occasion", "Situation", "What staff did", "How the customer reacted", "Feeling",
                        "Expectations and why", "Acceptable?"))
        body = []
        for o in self.occasions:
            parts = (("said", o.reaction_words), ("tone", o.reaction_tone), ("body language", o.reaction_body))
            reaction = "; ".join(f"{label}: {value}" for label, value in parts if value)
            judged = o.acceptable_label + (f": {o.justification}" if o.justification else "")
            when = f" ({o.date.strftime('%d %b %Y')})" if o.date else ""
            body.append(
                f"<tr><th scope='row'>{esc(o.title)}{esc(when)}</th><td>{esc(o.situation_label)}, "
                f"{esc(CUSTOMER_TYPES[o.customer].lower())}</td><td>{esc(o.staff_action)}</td><td>{esc(reaction)}</td>"
                f"<td>{esc(o.feeling_label)}</td><td>{esc(EXPECTATIONS[o.expectations])}: {esc(o.why)}</td>"
                f"<td>{esc(judged)}</td></tr>")
        return (f"<table class='cx-activity-table'><caption>Customer reaction log: {esc(self.organisation)}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def log_html_document(log: ReactionLog) -> str:
    """The whole log as a standalone web page (everything escaped)."""
    from widgets.activities.cx_model import html_document

    body = log.to_html_table() + summary_html(log.summary())
    return html_document(f"Customer reaction log: {log.organisation}", body)


def _avg(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def summary_markdown(s: LogSummary) -> str:
    """The summary table as Markdown (labels through :func:`widgets.exports.md_text`)."""
    lines = ["| Situation | Occasions | Average feeling (1–5) |", "| --- | --- | --- |"]
    lines += [f"| {md_text(row.label)} | {row.count} | {_avg(row.average_feeling)} |" for row in s.by_situation]
    lines.append(f"| All | {s.total} | {_avg(s.average_feeling)} |")
    share = "—" if s.share_acceptable is None else f"{s.share_acceptable:.0%}"
    exp = ", ".join(f"{EXPECTATIONS[k].lower()} {v}" for k, v in s.by_expectations.items())
    return ("\n".join(lines) + f"\n\nExpectations: {md_text(exp)}. Acceptable: {s.acceptable} of {s.judged} judged "
            f"({share}).\n")


def summary_html(s: LogSummary) -> str:
    rows = "".join(f"<tr><th scope='row'>{html.escape(r.label)}</th><td>{r.count}</td>"
                   f"<td>{_avg(r.average_feeling)}</td></tr>" for r in s.by_situation)
    share = "no occasions judged yet" if s.share_acceptable is None else f"{s.share_acceptable:.0%}"
    exp = ", ".join(f"{EXPECTATIONS[k].lower()}: {v}" for k, v in s.by_expectations.items())
    return ("<table class='cx-activity-table cx-summary'><caption>Summary of the log</caption><thead><tr>"
            "<th scope='col'>Situation</th><th scope='col'>Occasions</th><th scope='col'>Average feeling (1 to 5)</th>"
            f"</tr></thead><tbody>{rows}<tr><th scope='row'>All situations</th><td>{s.total}</td>"
            f"<td>{_avg(s.average_feeling)}</td></tr></tbody></table>"
            f"<p><strong>Expectations</strong> — {html.escape(exp)}. <strong>Acceptable satisfaction</strong> — "
            f"{s.acceptable} of {s.judged} judged occasions ({html.escape(share)}).</p>")


def new_occasion(**fields) -> Occasion:
    """Build an occasion from form values, with learner-readable errors."""
    return build(Occasion, **fields)


def load_reaction_log(spec_id: str, name: str) -> ReactionLog:
    data = load_yaml(spec_id, name)
    if not isinstance(data, dict) or "reaction_log" not in data:
        raise ValueError(f"{spec_id}/{name}.yml has no reaction_log section")
    return parse(ReactionLog, data["reaction_log"], f"{spec_id}/{name}.yml reaction_log")
