"""Customer experience model of one organisation (OCR Unit 10 topic 2.1; P4, and M1 for the reasons).

The model has one element for each part of 2.1. For every element the learner records **what the
organisation does** (P4 describes it) and **why it does it** (M1 explains the reasons). Elements left
blank are allowed while working; :meth:`CXModel.missing` lists them and :meth:`CXModel.check_complete`
says what is still needed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import MAX_TEXT, ActivityModel, build, load_yaml, parse
from widgets.exports import csv_text, md_text


@dataclass(frozen=True)
class ElementInfo:
    key: str
    label: str
    prompt: str


ELEMENTS: tuple[ElementInfo, ...] = (
    ElementInfo("definition", "What customer experience means here",
                "How the organisation sees the whole relationship, and how that differs from customer service "
                "(one conversation or task)."),
    ElementInfo("journey", "The customer journey", "The journey customers take with the organisation, start to end."),
    ElementInfo("steps-to-buy", "Steps to buy", "The steps a customer goes through to buy the product or service."),
    ElementInfo("relationship", "Keeping the relationship going",
                "What the organisation does after a sale, such as asking customers questions and removing barriers."),
    ElementInfo("vision", "Customer experience vision", "What the organisation wants every customer to feel or say."),
    ElementInfo("loyalty", "Rewarding customer loyalty", "How regular customers are thanked or rewarded."),
    ElementInfo("policy", "Policy for new and existing customers",
                "The rules staff follow for new customers and for existing ones (welcome, returns, complaints)."),
    ElementInfo("retention", "Customer retention", "How the organisation keeps customers coming back, and checks it."),
)
ELEMENT_KEYS = tuple(e.key for e in ELEMENTS)
ELEMENT_LABELS = {e.key: e.label for e in ELEMENTS}


class CXElement(ActivityModel):
    key: str
    what: str = Field("", title="What the organisation does", max_length=MAX_TEXT)
    why: str = Field("", title="Why it does it (the reason)", max_length=MAX_TEXT)

    @field_validator("key")
    @classmethod
    def _known(cls, key: str) -> str:
        if key not in ELEMENT_KEYS:
            raise ValueError(f"“{key}” is not part of the customer experience model")
        return key

    @property
    def label(self) -> str:
        return ELEMENT_LABELS[self.key]


class CXModel(ActivityModel):
    organisation: str = Field(title="Organisation", min_length=1, max_length=200)
    summary: str = Field("", title="Summary", max_length=MAX_TEXT)
    elements: list[CXElement] = []

    @field_validator("organisation", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        if not str(value or "").strip():
            raise ValueError("Please name the organisation whose model this is.")
        return value

    @model_validator(mode="after")
    def _one_of_each(self) -> CXModel:
        keys = [e.key for e in self.elements]
        if len(set(keys)) != len(keys):
            raise ValueError("each part of the model can appear only once")
        have = dict(zip(keys, self.elements, strict=True))
        ordered = [have.get(k) or CXElement(key=k) for k in ELEMENT_KEYS]
        if ordered != self.elements:
            object.__setattr__(self, "elements", ordered)  # keep the curriculum order, fill blanks
        return self

    def element(self, key: str) -> CXElement:
        for e in self.elements:
            if e.key == key:
                return e
        raise ValueError(f"“{key}” is not part of the customer experience model")

    def with_element(self, key: str, what: str, why: str) -> CXModel:
        """A copy with one element changed (validated)."""
        new = build(CXElement, key=key, what=what, why=why)
        return self.model_copy(update={"elements": [new if e.key == key else e for e in self.elements]})

    def missing(self) -> list[str]:
        """Labels of parts still needing 'what' or 'why', in curriculum order."""
        out = []
        for e in self.elements:
            gaps = [g for g, text in (("what it does", e.what), ("why", e.why)) if not text]
            if gaps:
                out.append(f"{e.label} ({' and '.join(gaps)})")
        return out

    def check_complete(self) -> None:
        gaps = self.missing()
        if gaps:
            raise ValueError("Still to write: " + "; ".join(gaps) + ".")

    # -- exports ---------------------------------------------------------------------------------
    def to_markdown(self) -> str:
        """The model as Markdown; learner text through :func:`widgets.exports.md_text` (no HTML, no links)."""
        lines = [f"# Customer experience model: {md_text(self.organisation)}", ""]
        if self.summary:
            lines += [md_text(self.summary), ""]
        lines += ["| Part of the model | What the organisation does | Why (the reason) |", "| --- | --- | --- |"]
        for e in self.elements:
            lines.append(f"| {md_text(e.label)} | {_md_cell(e.what)} | {_md_cell(e.why)} |")
        return "\n".join(lines) + "\n"

    def to_html_table(self, caption: str | None = None) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th scope='row'>{esc(e.label)}</th><td>{_html_text(e.what)}</td><td>{_html_text(e.why)}</td></tr>"
            for e in self.elements)
        cap = esc(caption or f"Customer experience model: {self.organisation}")
        return ("<table class='cx-activity-table'>"
                f"<caption>{cap}</caption><thead><tr><th scope='col'>Part of the model</th>"
                "<th scope='col'>What the organisation does</th><th scope='col'>Why (the reason)</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")

    def to_html_document(self) -> str:
        title = f"Customer experience model: {self.organisation}"
        summary = f"<p>{_html_text(self.summary)}</p>" if self.summary else ""
        return html_document(title, summary + self.to_html_table())

    def to_csv(self) -> str:
        """One row per part; formula cells neutralised by :func:`widgets.exports.csv_text`."""
        return csv_text(([self.organisation, e.label, e.what, e.why] for e in self.elements),
                        header=["organisation", "part", "what", "why"])


def _md_cell(text: str) -> str:
    return md_text(text) or "—"


def _html_text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>") if text else "<span class='cx-blank'>not written yet</span>"


def html_document(title: str, body: str) -> str:
    """A standalone, offline HTML file for a download (``title`` escaped here; ``body`` already safe)."""
    return ("<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5;color:#1a1a1a}"
            "table{border-collapse:collapse;width:100%}th,td{border:1px solid #767676;padding:.4rem;"
            "vertical-align:top;text-align:left}caption{font-weight:bold;text-align:left}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>")


def blank_model(organisation: str) -> CXModel:
    return build(CXModel, organisation=organisation)


def load_cx_model(spec_id: str, name: str) -> CXModel:
    data = load_yaml(spec_id, name)
    if not isinstance(data, dict) or "cx_model" not in data:
        raise ValueError(f"{spec_id}/{name}.yml has no cx_model section")
    return parse(CXModel, data["cx_model"], f"{spec_id}/{name}.yml cx_model")
