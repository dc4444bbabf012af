"""Customer reaction log view: occasions observed, a summary, a chart and a judgement (OCR 3.1, 3.2, P5,
P6, M2)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.activities.charts import feeling_chart
from widgets.activities.reaction_log import (
    CUSTOMER_TYPES,
    EXPECTATIONS,
    FEELING_SCALE,
    SITUATIONS,
    Occasion,
    ReactionLog,
    log_html_document,
    new_occasion,
    summary_html,
)
from widgets.charts import show_in
from widgets.ui.activities.common import (
    WIDE,
    area,
    button,
    date_picker,
    download_links,
    dropdown,
    esc,
    heading,
    read_back,
    style_tag,
    text,
)
from widgets.ui.activities.lists import ListEditor


class ReactionLogView(ListEditor):
    noun, doc_attr, items_attr, doc_name = "occasion", "log", "occasions", "log"

    @classmethod
    def example(cls) -> ReactionLogView:
        """The view on the OCR Unit 10 worked example (the hostile-input test builds it this way)."""
        from widgets.activities.reaction_log import load_reaction_log

        return cls(load_reaction_log("ocr-l2-u10", "stride-sports"))

    def __init__(self, log: ReactionLog):
        super().__init__()
        self.log = log
        self.organisation = text("Organisation observed", log.organisation)
        self.on_change(self.organisation, lambda _change: self.rename())
        self.title = text("Occasion", placeholder="e.g. Refund for a faulty shoe")
        self.date = date_picker("Date")
        self.date_note = read_back(self, [self.date], self.date_text)
        self.situation = dropdown("Type of situation", [(v, k) for k, v in SITUATIONS.items()], "complaint")
        self.customer = dropdown("New or existing customer", [(v, k) for k, v in CUSTOMER_TYPES.items()], "existing")
        self.expected = area("What the customer expected")
        self.staff_action = area("What staff did")
        self.words = text("What the customer said")
        self.tone = text("Their tone of voice")
        self.body = text("Their body language")
        self.feeling = dropdown("How the outcome made them feel",
                                [("Choose 1 to 5…", 0)] + [(f"{k} {v}", k) for k, v in FEELING_SCALE.items()], 0)
        self.feeling_words = text("Feeling in words", placeholder="e.g. relieved, angry, disappointed")
        self.expectations = dropdown("Expectations were", [(v, k) for k, v in EXPECTATIONS.items()], "met")
        self.why = area("Why they were (or were not) met")
        self.acceptable = dropdown("Was satisfaction acceptable?",
                                   [("Not judged yet", "unjudged"), ("Yes, acceptable", "yes"),
                                    ("No, not acceptable", "no")], "unjudged")
        self.justification = area("Your justification")
        self.summary = w.HTML(layout=WIDE)
        self.judgement = w.HTML(layout=WIDE)
        self.chart = w.Output(layout=WIDE)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.table = w.HTML(layout=WIDE)
        self._render(select=0 if log.occasions else None)
        self.view = w.VBox([
            style_tag(), heading("Customer reaction log"),
            w.HTML("<p>Record each occasion you observe. Choose an occasion in the list to see or change it. "
                   "Log at least one response to a complaint and one request for support (P5), and judge "
                   "whether satisfaction was acceptable on at least two occasions (M2).</p>", layout=WIDE),
            self.organisation, self.chooser,
            heading("The occasion", 4), self.title, self.date, self.date_note, self.situation, self.customer,
            self.expected, self.staff_action, heading("How the customer reacted", 4), self.words, self.tone, self.body,
            self.feeling, self.feeling_words, heading("Expectations and your judgement", 4), self.expectations,
            self.why, self.acceptable, self.justification, self.buttons, self.error, self.status,
            heading("Summary", 4), self.summary, self.judgement, self.chart, self.table, self.prepare,
            self.downloads])

    def date_text(self) -> str:
        """The date as the course read it, for the line under the date picker."""
        when = self.date.value
        return f"Observed on {when:%A %d %B %Y}." if when else "No date chosen: the occasion is logged without one."

    def form_values(self) -> dict[str, Any]:
        return dict(title=self.title.value, date=self.date.value, situation=self.situation.value,
                    customer=self.customer.value, expected=self.expected.value, staff_action=self.staff_action.value,
                    reaction_words=self.words.value, reaction_tone=self.tone.value, reaction_body=self.body.value,
                    feeling=self.feeling.value or None, feeling_words=self.feeling_words.value,
                    expectations=self.expectations.value, why=self.why.value,
                    acceptable={"unjudged": None, "yes": True, "no": False}[self.acceptable.value],
                    justification=self.justification.value)

    def fill(self, o: Occasion | None) -> None:
        self.title.value = o.title if o else ""
        self.date.value = o.date if o else None
        self.situation.value = o.situation if o else "complaint"
        self.customer.value = o.customer if o else "existing"
        self.expected.value = o.expected if o else ""
        self.staff_action.value = o.staff_action if o else ""
        self.words.value = o.reaction_words if o else ""
        self.tone.value = o.reaction_tone if o else ""
        self.body.value = o.reaction_body if o else ""
        self.feeling.value = o.feeling if o else 0
        self.feeling_words.value = o.feeling_words if o else ""
        self.expectations.value = o.expectations if o else "met"
        self.why.value = o.why if o else ""
        self.acceptable.value = {None: "unjudged", True: "yes", False: "no"}[o.acceptable] if o else "unjudged"
        self.justification.value = o.justification if o else ""

    def new_record(self, **values) -> Occasion:
        return new_occasion(**values)

    def chooser_label(self, o: Occasion) -> str:
        return f"{o.title} ({SITUATIONS[o.situation].lower()})"

    def describe(self, index: int) -> str:
        return f"Showing occasion {index + 1}: {self.log.occasions[index].title}."

    def _render_rest(self) -> None:
        s = self.log.summary()
        self.summary.value = summary_html(s)
        notes = []
        missing = self.log.missing_situations()
        if missing:
            notes.append(f"For P5, also log: {', '.join(m.lower() for m in missing)}.")
        try:
            notes.append(self.log.overall_judgement())
        except ValueError as exc:
            notes.append(str(exc))
        self.judgement.value = "".join(f"<p>{esc(n)}</p>" for n in notes)
        self.table.value = self.log.to_html_table() if self.log.occasions else ""
        if self.log.occasions:
            show_in(self.chart, feeling_chart(self.log))
        else:
            show_in(self.chart)

    def prepare_downloads(self) -> None:
        self.downloads.value = download_links([
            ("reaction-log.csv", "text/csv", self.log.to_csv(), "Download the log as a spreadsheet (.csv)"),
            ("reaction-log.md", "text/markdown", self.log.to_markdown(), "Download the log as Markdown (.md)"),
            ("reaction-log.html", "text/html", log_html_document(self.log), "Download the log as a web page (.html)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")
