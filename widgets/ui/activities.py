"""Live views of the OCR Unit 10 activities (JupyterLab and Voila).

The views hold no logic: every check, sum and export is in :mod:`widgets.activities`. Each view

* labels every input (ipywidgets links the description to the control);
* shows a model's ``ValueError`` next to the form with :func:`widgets.ui.common.error_html` and keeps
  every value the learner typed;
* escapes learner text before it becomes HTML (the models' HTML exports escape, and so does
  everything built here);
* announces results in an ``aria-live`` status line;
* offers the learner's work as ``<a download>`` links with ``data:`` URIs: nothing is written on the
  server.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import ipywidgets as w

from widgets.activities.action_plan import (
    HOW,
    ActionPlan,
    PlannedAction,
    days_inclusive,
    end_before_start,
    new_action,
)
from widgets.activities.charts import feeling_chart, mood_chart, skills_chart, timeline_chart
from widgets.activities.common import build
from widgets.activities.cx_model import ELEMENTS, CXModel, blank_model
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
from widgets.activities.scenario import ENDINGS, Scenario, ScenarioPlay, mood_label
from widgets.activities.skills import (
    RATING_SCALE,
    SKILLS,
    DevelopmentActivities,
    GuidanceDocument,
    SkillsReview,
    guidance_document,
)
from widgets.activities.sorting import SortingTask
from widgets.charts import show_in
from widgets.ui.common import download_link, download_list, error_html

WIDE = w.Layout(width="100%", max_width="46rem")
STYLE = {"description_width": "14rem"}
esc = html.escape


# -- small helpers ---------------------------------------------------------------------------------
@cache
def _css() -> str:
    return resources.files("widgets").joinpath("assets", "cx-activities.css").read_text(encoding="utf-8")


def style_tag() -> w.HTML:
    return w.HTML(f"<style>{_css()}</style>", layout=w.Layout(display="none"))


def text(label: str, value: str = "", placeholder: str = "") -> w.Text:
    return w.Text(value=value, description=label, placeholder=placeholder, continuous_update=False,
                  style=STYLE, layout=WIDE)


def area(label: str, value: str = "", placeholder: str = "", rows: int = 2) -> w.Textarea:
    return w.Textarea(value=value, description=label, placeholder=placeholder, continuous_update=False,
                      rows=rows, style=STYLE, layout=WIDE)


def dropdown(label: str, options: list[tuple[str, Any]], value: Any = None) -> w.Dropdown:
    dd = w.Dropdown(options=options, description=label, style=STYLE, layout=WIDE)
    if value is not None:
        dd.value = value
    return dd


def date_picker(label: str, value: dt.date | None = None) -> w.DatePicker:
    return w.DatePicker(value=value, description=label, style=STYLE, layout=w.Layout(width="auto"))


def read_back(pickers: list[w.DatePicker], describe: Callable[[], str]) -> w.HTML:
    """A line under date pickers saying what the course has read from them, kept up to date. A button
    click reaches the kernel at once, while ipywidgets holds back a value change until the kernel has
    answered the previous one, so a date typed fast and then Enter can arrive after the click: the line
    lets a learner see the dates as read before pressing the button."""
    line = w.HTML(layout=WIDE)

    def show(_=None) -> None:
        line.value = f"<p class='cx-hint'>{esc(describe())}</p>"

    for picker in pickers:
        picker.observe(show, names="value")
    show()
    return line


def button(label: str, tooltip: str = "", style: str = "") -> w.Button:
    return w.Button(description=label, tooltip=tooltip or label, button_style=style,
                    layout=w.Layout(width="auto"))


def heading(text_: str, level: int = 3) -> w.HTML:
    return w.HTML(f"<h{level}>{esc(text_)}</h{level}>")


def download_links(files: list[tuple[str, str, str, str]]) -> str:
    """``files``: (file name, mime type, content, link text) → a list of data-URI download links."""
    return download_list([download_link(*file) for file in files])


class _Base:
    """A status line announced to screen readers, and an error area."""

    def __init__(self) -> None:
        self.status = w.HTML(layout=WIDE)
        self.error = w.HTML(layout=WIDE)

    def say(self, message: str) -> None:
        self.status.value = f"<p class='cx-status' role='status' aria-live='polite'>{esc(message)}</p>"

    def fail(self, exc: Exception, where: w.HTML | None = None) -> None:
        (where or self.error).value = error_html(str(exc))
        self.say("Please check the message under the form.")

    def clear_error(self, where: w.HTML | None = None) -> None:
        (where or self.error).value = ""


# -- sorting task ----------------------------------------------------------------------------------
class SortingView(_Base):
    def __init__(self, task: SortingTask):
        super().__init__()
        self.task = task
        choices = [("Choose a source…", "")] + [(c.label, c.id) for c in task.categories]
        self.pickers: dict[str, w.Dropdown] = {}
        self.marks: dict[str, w.HTML] = {}
        rows: list[w.Widget] = []
        for n, item in enumerate(task.items, 1):
            self.pickers[item.id] = dropdown(f"Example {n}: source", choices, "")
            self.marks[item.id] = w.HTML(layout=WIDE)
            rows += [w.HTML(f"<p><strong>Example {n}.</strong> {esc(item.text)}</p>", layout=WIDE),
                     self.pickers[item.id], self.marks[item.id]]
        self.check_button = button("Check my answers", style="primary")
        self.check_button.on_click(lambda _: self.check())
        self.reset_button = button("Clear my answers")
        self.reset_button.on_click(lambda _: self.reset())
        cats = "".join(f"<li><strong>{esc(c.label)}</strong>: {esc(c.description)}</li>" for c in task.categories)
        self.view = w.VBox([style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p><ul>{cats}</ul>",
                                                                      layout=WIDE),
                            *rows, w.HBox([self.check_button, self.reset_button]), self.error, self.status])

    def answers(self) -> dict[str, str | None]:
        return {k: (p.value or None) for k, p in self.pickers.items()}

    def check(self) -> None:
        try:
            result = self.task.check(self.answers())
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        for r in result.items:
            if not r.answered:
                self.marks[r.item.id].value = "<p class='cx-sort-mark'>Not answered yet.</p>"
            elif r.correct:
                self.marks[r.item.id].value = (f"<p><span class='cx-sort-mark'>✓ Right.</span> "
                                               f"{esc(r.item.feedback)}</p>")
            else:
                self.marks[r.item.id].value = (f"<p><span class='cx-sort-mark'>✗ Not quite.</span> The answer is "
                                               f"<strong>{esc(r.answer_label)}</strong>. {esc(r.item.feedback)}</p>")
        self.say(f"You got {result.summary}")

    def reset(self) -> None:
        for p in self.pickers.values():
            p.value = ""
        for m in self.marks.values():
            m.value = ""
        self.say("Your answers have been cleared.")


# -- customer experience model ---------------------------------------------------------------------
class CXModelView(_Base):
    def __init__(self, model: CXModel):
        super().__init__()
        self.model = model
        self._loading = False
        self.organisation = text("Organisation", model.organisation)
        self.summary = area("Summary", model.summary, "A sentence or two about the organisation", rows=2)
        self.fields: dict[str, tuple[w.Textarea, w.Textarea, w.HTML]] = {}
        parts: list[w.Widget] = []
        for info in ELEMENTS:
            e = model.element(info.key)
            what = area("What it does", e.what, rows=3)
            why = area("Why (the reason)", e.why, rows=2)
            err = w.HTML(layout=WIDE)
            self.fields[info.key] = (what, why, err)
            parts += [w.HTML(f"<h4>{esc(info.label)}</h4><p>{esc(info.prompt)}</p>", layout=WIDE), what, why, err]
            for field in (what, why):
                field.observe(lambda _ch, key=info.key: self.update_element(key), names="value")
        self.organisation.observe(lambda _: self.update_header(), names="value")
        self.summary.observe(lambda _: self.update_header(), names="value")
        self.blank_button = button("Start a blank model for this organisation")
        self.blank_button.on_click(lambda _: self.start_blank())
        self.prepare = button("Prepare files to download")
        self.prepare.on_click(lambda _: self.prepare_downloads())
        self.downloads = w.HTML(layout=WIDE)
        self.preview = w.HTML(layout=WIDE)
        self._render()
        self.view = w.VBox([
            style_tag(), heading("Customer experience model"),
            w.HTML("<p>For each part of the model, write what the organisation does and why it does it. "
                   "Changes are kept when you move to the next box.</p>", layout=WIDE),
            self.organisation, self.summary, self.error, self.blank_button, *parts,
            heading("Your model as a table", 4), self.preview, self.prepare, self.downloads, self.status])

    def update_header(self) -> None:
        if self._loading:
            return
        try:
            self.model = build(CXModel, organisation=self.organisation.value, summary=self.summary.value,
                               elements=self.model.elements)
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        self._render()

    def update_element(self, key: str) -> None:
        if self._loading:
            return
        what, why, err = self.fields[key]
        try:
            self.model = self.model.with_element(key, what.value, why.value)
        except ValueError as exc:
            self.fail(exc, err)
            return
        self.clear_error(err)
        self._render()

    def start_blank(self) -> None:
        try:
            self.model = blank_model(self.organisation.value)
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        self._loading = True
        try:
            self.summary.value = ""
            for what, why, err in self.fields.values():
                what.value = why.value = err.value = ""
        finally:
            self._loading = False
        self._render()
        self.say(f"A blank model for {self.model.organisation} is ready: fill in each part.")

    def _render(self) -> None:
        self.preview.value = self.model.to_html_table()
        self.downloads.value = ""
        missing = self.model.missing()
        self.say("Every part has what and why." if not missing else f"Still to write: {len(missing)} of 8 parts.")

    def prepare_downloads(self) -> None:
        slug = "cx-model"
        self.downloads.value = download_links([
            (f"{slug}.md", "text/markdown", self.model.to_markdown(), "Download the model as Markdown (.md)"),
            (f"{slug}.html", "text/html", self.model.to_html_document(), "Download the model as a web page (.html)"),
            (f"{slug}.csv", "text/csv", self.model.to_csv(), "Download the model as a spreadsheet (.csv)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")


# -- list editors (reaction log, action plan) ------------------------------------------------------
class _ListEditor(_Base):
    """A list of records chosen in a Select, a form, and add/save/remove/clear buttons."""

    noun = "item"

    def __init__(self) -> None:
        super().__init__()
        self.chooser = w.Select(options=[], rows=6, description=f"Your {self.noun}s", style=STYLE, layout=WIDE)
        self.chooser.observe(lambda ch: self.load_selected(), names="value")
        self.add_button = button(f"Add as a new {self.noun}", style="primary")
        self.add_button.on_click(lambda _: self.add())
        self.save_button = button(f"Save changes to the chosen {self.noun}")
        self.save_button.on_click(lambda _: self.save())
        self.remove_button = button(f"Remove the chosen {self.noun}")
        self.remove_button.on_click(lambda _: self.remove())
        self.clear_button = button("Clear the form")
        self.clear_button.on_click(lambda _: self.clear_form())
        self.buttons = w.HBox([self.add_button, self.save_button, self.remove_button, self.clear_button],
                              layout=w.Layout(flex_flow="row wrap"))

    def refresh_chooser(self, labels: list[str], select: int | None) -> None:
        self._muted = True
        try:
            self.chooser.options = [(f"{n}. {label}", n - 1) for n, label in enumerate(labels, 1)]
            self.chooser.value = select if select is not None and select < len(labels) else None
        finally:
            self._muted = False

    # Subclasses set the class attributes below and define form_values(), fill(record),
    # chooser_label(record) and _render_rest().
    _muted = False
    doc_attr = "doc"  # the attribute holding the document (a ReactionLog, an ActionPlan)
    items_attr = "items"  # the document's list of records
    doc_name = "list"  # how messages name the document
    updated = ""  # said after every change, e.g. "; the timeline is updated"

    @property
    def doc(self):
        return getattr(self, self.doc_attr)

    @doc.setter
    def doc(self, value) -> None:
        setattr(self, self.doc_attr, value)

    @property
    def records(self) -> list:
        return list(getattr(self.doc, self.items_attr))

    def new_record(self, **values):
        raise NotImplementedError

    def describe(self, index: int) -> str:
        return f"Showing {self.noun} {index + 1}."

    def _change(self, make) -> bool:
        """Replace the document with ``make()``; on a ValueError show it by the buttons, keep the form."""
        try:
            self.doc = make()
        except ValueError as exc:
            self.fail(exc)
            return False
        self.clear_error()
        return True

    def load_selected(self) -> None:
        if self._muted or self.chooser.value is None:
            return
        self.clear_error()
        self.fill(self.records[self.chooser.value])
        self.say(self.describe(self.chooser.value))

    def rename(self) -> None:
        if self._change(lambda: build(type(self.doc), organisation=self.organisation.value,
                                      **{self.items_attr: self.records})):
            self._render(self.chooser.value)

    def add(self) -> None:
        if self._change(lambda: self.doc.add(self.new_record(**self.form_values()))):
            n = len(self.records)
            self._render(n - 1)
            self.say(f"{self.noun.capitalize()} added. The {self.doc_name} now has {n} {self.noun}s{self.updated}.")

    def _chosen(self) -> int:
        if self.chooser.value is None:
            raise ValueError(f"Choose an {self.noun} from the list first, or add this as a new {self.noun}.")
        return self.chooser.value

    def save(self) -> None:
        if self._change(lambda: self.doc.replace(self._chosen(), self.new_record(**self.form_values()))):
            self._render(self.chooser.value)
            self.say(f"Changes saved{self.updated}.")

    def remove(self) -> None:
        index = self.chooser.value
        if index is None:
            self.fail(ValueError(f"Choose an {self.noun} from the list first."))
            return
        if self._change(lambda: self.doc.remove(index)):
            self._render(None)
            self.fill(None)
            self.say(f"{self.noun.capitalize()} {index + 1} removed{self.updated}.")

    def clear_form(self) -> None:
        self.refresh_chooser([self.chooser_label(r) for r in self.records], None)
        self.fill(None)
        self.clear_error()
        self.say(f"The form is clear: fill it in and choose “Add as a new {self.noun}”.")

    def _render(self, select: int | None) -> None:
        records = self.records
        self.refresh_chooser([self.chooser_label(r) for r in records], select)
        if select is not None and select < len(records):
            self.fill(records[select])
        self._render_rest()
        self.downloads.value = ""


class ReactionLogView(_ListEditor):
    noun, doc_attr, items_attr, doc_name = "occasion", "log", "occasions", "log"

    def __init__(self, log: ReactionLog):
        super().__init__()
        self.log = log
        self.organisation = text("Organisation observed", log.organisation)
        self.organisation.observe(lambda _: self.rename(), names="value")
        self.title = text("Occasion", placeholder="e.g. Refund for a faulty shoe")
        self.date = date_picker("Date")
        self.date_note = read_back([self.date], self.date_text)
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
        self.prepare.on_click(lambda _: self.prepare_downloads())
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


class ActionPlanView(_ListEditor):
    noun, doc_attr, items_attr, doc_name = "action", "plan", "actions", "plan"
    updated = "; the timeline is updated"

    def __init__(self, plan: ActionPlan):
        super().__init__()
        self.plan = plan
        self.organisation = text("Organisation", plan.organisation)
        self.organisation.observe(lambda _: self.rename(), names="value")
        self.action = area("Action", placeholder="What will be done")
        self.feedback = area("Feedback it answers", placeholder="Which customer feedback (from your log) it answers")
        self.owner = text("Owner", placeholder="The person or role responsible")
        self.how = dropdown("How it will be implemented", [(v, k) for k, v in HOW.items()], "training")
        self.how_detail = text("Details of how (optional)")
        self.start = date_picker("Start date")
        self.end = date_picker("End date")
        self.dates_note = read_back([self.start, self.end], self.dates_text)
        self.success = area("How you will know it worked")
        self.chart = w.Output(layout=WIDE)
        self.timeline_text = w.HTML(layout=WIDE)
        self.table = w.HTML(layout=WIDE)
        self.prepare = button("Prepare files to download")
        self.prepare.on_click(lambda _: self.prepare_downloads())
        self.downloads = w.HTML(layout=WIDE)
        self._render(0)
        self.view = w.VBox([
            style_tag(), heading("Action plan"),
            w.HTML("<p>List the actions that answer your customer feedback, who owns each one, how it will be "
                   "done and when. The timeline below updates when you add or save an action.</p>", layout=WIDE),
            self.organisation, self.chooser, heading("The action", 4), self.action, self.feedback, self.owner,
            self.how, self.how_detail, self.start, self.end, self.dates_note, self.success, self.buttons,
            self.error, self.status,
            heading("Timeline", 4), self.chart, self.timeline_text, self.table, self.prepare, self.downloads])

    def dates_text(self) -> str:
        """What the course has understood from the dates, for the line under them."""
        start, end = self.start.value, self.end.value
        if start and end and end >= start:
            return f"Runs {start:%d %b %Y} to {end:%d %b %Y}: {days_inclusive(start, end)} days."
        if start and end:
            return f"{end_before_start(start, end)}."
        return "Choose a start date and an end date."

    def form_values(self) -> dict[str, Any]:
        return dict(action=self.action.value, feedback=self.feedback.value, owner=self.owner.value,
                    how=self.how.value, how_detail=self.how_detail.value, start=self.start.value,
                    end=self.end.value, success=self.success.value)

    def fill(self, a: PlannedAction | None) -> None:
        self.action.value = a.action if a else ""
        self.feedback.value = a.feedback if a else ""
        self.owner.value = a.owner if a else ""
        self.how.value = a.how if a else "training"
        self.how_detail.value = a.how_detail if a else ""
        self.start.value = a.start if a else None
        self.end.value = a.end if a else None
        self.success.value = a.success if a else ""

    def new_record(self, **values) -> PlannedAction:
        return new_action(**values)

    def chooser_label(self, a: PlannedAction) -> str:
        return a.action

    def _render_rest(self) -> None:
        chart = timeline_chart(self.plan)
        show_in(self.chart, chart)
        self.timeline_text.value = f"<p><strong>Timeline in words:</strong> {esc(chart.description)}</p>"
        self.table.value = self.plan.to_html_table()

    def prepare_downloads(self) -> None:
        self.downloads.value = download_links([
            ("action-plan.csv", "text/csv", self.plan.to_csv(), "Download the plan as a spreadsheet (.csv)"),
            ("action-plan.md", "text/markdown", self.plan.to_markdown(), "Download the plan as Markdown (.md)"),
            ("action-plan.html", "text/html", self.plan.to_html_document(), "Download the plan as a web page (.html)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")


# -- skills review and guidance document -----------------------------------------------------------
class SkillsReviewView(_Base):
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
        self.make_button.on_click(lambda _: self.make_guide())
        self.example_button = button("Fill in the worked example")
        self.example_button.on_click(lambda _: self.load_example())
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


# -- branching scenario ----------------------------------------------------------------------------
class ScenarioView(_Base):
    def __init__(self, scenario: Scenario):
        super().__init__()
        self.scenario = scenario
        self.play = ScenarioPlay(scenario)
        most = max(len(n.choices) for n in scenario.nodes)
        self.choice_buttons = [button("") for _ in range(most)]
        for i, b in enumerate(self.choice_buttons):
            b.on_click(lambda _b, i=i: self.choose(i))
            b.layout = w.Layout(width="100%", max_width="46rem", height="auto")
        self.restart_button = button("Start again")
        self.restart_button.on_click(lambda _: self.restart())
        self.step = w.HTML(layout=WIDE)
        self.feedback = w.HTML(layout=WIDE)
        self.chart = w.Output(layout=WIDE)
        self.path = w.HTML(layout=WIDE)
        self.view = w.VBox([
            style_tag(), heading(f"Scenario: {scenario.title}"),
            w.HTML(f"<p>{esc(scenario.setting)}</p><p><strong>{esc(scenario.role)}</strong> Turn the unhappy "
                   "customer into a happy one. Choose what you would do at each step.</p>", layout=WIDE),
            self.feedback, self.step, w.VBox(self.choice_buttons), self.restart_button, self.status,
            heading("Your path", 4), self.path, self.chart])
        self._render()

    def choose(self, index: int) -> None:
        try:
            self.play.choose(index)
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        self._render()

    def restart(self) -> None:
        self.play.restart()
        self._render()

    def _render(self) -> None:
        node = self.play.current
        choice = self.play.last_choice
        if choice:
            verdict = "Good choice" if choice.good else "Think again"
            self.feedback.value = (f"<div class='cx-scn-feedback cx-scn-{'good' if choice.good else 'poor'}'>"
                                   f"<p><strong>You chose:</strong> {esc(choice.text)}</p><p><strong>{verdict}"
                                   f"</strong> (skill: {esc(choice.skill_label)}). {esc(choice.feedback)}</p></div>")
        else:
            self.feedback.value = ""
        ending = f"<p class='cx-scn-ending'><strong>{esc(ENDINGS[node.ending])}.</strong></p>" if node.ending else ""
        self.step.value = (f"<h4>{esc(node.title)}</h4><p><strong>The customer:</strong> {esc(node.customer)}</p>"
                           f"<p><strong>Customer's mood:</strong> {esc(mood_label(node.mood))}</p>{ending}")
        for i, b in enumerate(self.choice_buttons):
            if i < len(node.choices):
                b.description = f"{i + 1}. {node.choices[i].text}"
                b.tooltip = node.choices[i].text
                b.layout.display = None
            else:
                b.layout.display = "none"
        skills = self.play.skills_used()
        used = "".join(f"<li>{esc(label)}: {'shown well' if good else 'needs work'}</li>" for label, good in skills)
        self.path.value = (f"<p>Steps taken: {len(self.play.steps)}.</p>" + (f"<ul>{used}</ul>" if used else ""))
        show_in(self.chart, mood_chart(self.play))
        prefix = f"{'Good choice. ' if choice and choice.good else 'Think again. ' if choice else ''}"
        if node.ending:
            self.say(f"{prefix}{ENDINGS[node.ending]}: {node.customer} Choose “Start again” to try another way.")
        else:
            self.say(f"{prefix}{node.title}. The customer: {node.customer} Mood {mood_label(node.mood)}. "
                     "What do you do?")


# -- the app ---------------------------------------------------------------------------------------
TOOLS = ("Customer experience model", "Reaction log", "Action plan", "Skills review", "Scenario")


def service_toolkit(spec_id: str = "ocr-l2-u10", example: str = "stride-sports",
                    scenario: str = "unhappy-customer") -> w.Widget:
    """The service-toolkit app: the five tools in tabs, each preloaded with the worked example."""
    from widgets.activities.action_plan import load_action_plan
    from widgets.activities.cx_model import load_cx_model
    from widgets.activities.reaction_log import load_reaction_log
    from widgets.activities.scenario import load_scenario
    from widgets.activities.skills import load_development_activities, load_example_review

    views = [CXModelView(load_cx_model(spec_id, example)), ReactionLogView(load_reaction_log(spec_id, example)),
             ActionPlanView(load_action_plan(spec_id, example)),
             SkillsReviewView(load_development_activities(spec_id), load_example_review(spec_id, example)),
             ScenarioView(load_scenario(spec_id, scenario))]
    tabs = w.Tab(children=[v.view for v in views], titles=TOOLS)
    tabs.add_class("cx-toolkit-tabs")
    intro = w.HTML("<p>Your customer service toolkit for OCR Unit 10. Choose a tool from the tabs (use the arrow "
                   "keys to move between tabs). Nothing is saved on the server: download your work before you "
                   "close the page.</p>", layout=WIDE)
    app = w.VBox([intro, tabs])
    app._cx_views = views  # for tests
    return app
