"""The journey builder: edit a customer journey map and see its emotion curve, swimlane and analysis live.

The view holds no maths: the model, the analysis and the exports are in :mod:`widgets.journey`.

How an edit is kept cheap (a 200-touchpoint map stays responsive):

* text fields commit on Enter or when focus leaves them (``continuous_update=False``), not per key;
* filling the fields of a newly selected item is done with notifications held and observers muted;
* the chart is redrawn only by edits that change it (names, emotion, moment of truth, order), and
  then by swapping the data rows of a cached Vega-Lite spec (:func:`widgets.journey.curve_spec`),
  sent first, before the table and analysis;
* list labels are updated in place; only the edited list's options are rebuilt.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from widgets.charts import show_in
from widgets.journey import (
    CHANNELS,
    EMOTION_LABELS,
    MAX_KPI,
    MAX_UPLOAD_BYTES,
    SHAW_CLUSTERS,
    STAGE_SETS,
    SWIMLANE_CSS,
    TEMPLATES,
    Improvement,
    JourneyMap,
    Kpi,
    PainPoint,
    Stage,
    Touchpoint,
    analysis_html,
    blank_map,
    chart_png,
    chart_svg,
    emotion_curve_chart,
    insert_item,
    load_template,
    set_field,
    swimlane_html,
    to_csv,
    to_html,
    to_json_bytes,
    to_markdown,
)
from widgets.numeric import parse_number
from widgets.ui.common import download_link, download_list, error_html, uploaded_bytes
from widgets.ui.my_work import MyWork
from widgets.ui.view import View
from widgets.workstore import WorkStore


def wide() -> w.Layout:
    """A fresh layout per widget (a module-level Layout would be a widget model created on import)."""
    return w.Layout(width="100%", max_width="44rem")

STYLE = {"description_width": "11rem"}
CHART, TABLE = "chart", "table"

EMOTION_OPTIONS = [(f"{'+' if v > 0 else '−' if v < 0 else ''}{abs(v)} {EMOTION_LABELS[v]}", v)
                   for v in (2, 1, 0, -1, -2)]
SCORE_WORDS = {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"}
SCORE_OPTIONS = [(f"{v} {SCORE_WORDS[v]}", v) for v in range(1, 6)]
OPTIONAL_SCORE_OPTIONS = [("not rated", 0)] + SCORE_OPTIONS
WORD_OPTIONS = [(f"{word} ({cluster})", word) for cluster, words in SHAW_CLUSTERS.items() for word in words]
START_OPTIONS = ([(f"Template: {label}", f"template:{key}") for key, label in TEMPLATES.items()]
                 + [(f"Blank map: {s.label}", f"blank:{s.key}") for s in STAGE_SETS.values()])


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _number(text: str) -> float:
    return parse_number(text, "KPI", example="4.5", limit=MAX_KPI)


def _optional_number(text: str) -> float | None:
    return None if not text.strip() else _number(text)


def _fmt_number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@dataclass
class FieldBinding:
    """One model attribute shown in one widget, with converters and what an edit must redraw."""

    attr: str
    widget: w.ValueWidget
    to_model: Callable[[Any], Any] = lambda v: v
    from_model: Callable[[Any], Any] = lambda v: v
    affects: frozenset[str] = field(default_factory=lambda: frozenset({TABLE}))
    is_label: bool = False


def text(description: str, placeholder: str = "") -> w.Text:
    return w.Text(description=description, placeholder=placeholder, continuous_update=False, style=STYLE,
                  layout=wide())


def area(description: str, placeholder: str = "", rows: int = 2) -> w.Textarea:
    return w.Textarea(description=description, placeholder=placeholder, continuous_update=False, rows=rows,
                      style=STYLE, layout=wide())


def dropdown(description: str, options) -> w.Dropdown:
    return w.Dropdown(description=description, options=options, style=STYLE, layout=wide())


def button(description: str, tooltip: str = "", icon: str = "") -> w.Button:
    return w.Button(description=description, tooltip=tooltip or description, icon=icon,
                    layout=w.Layout(width="auto", align_self="flex-start"))


class Binder:
    """Binds FieldBindings to whatever object ``get`` returns; validated writes; errors shown beside the fields."""

    def __init__(self, app: JourneyBuilder, get: Callable[[], Any], fields: list[FieldBinding],
                 on_label: Callable[[], None] | None = None):
        self.app = app
        self.get = get
        self.fields = fields
        self.on_label = on_label
        self.error = w.HTML()
        for f in fields:
            app.on_change(f.widget, self._make_handler(f), where=self.error)

    def _make_handler(self, f: FieldBinding):
        def handler(change):
            if self.app.muted:
                return
            obj = self.get()
            if obj is None:
                return
            try:
                set_field(obj, f.attr, f.to_model(change["new"]), journey=self.app.journey)
            except ValueError as exc:
                # the learner's text stays in the field; the model keeps its last good value
                self.error.value = error_html(str(exc))
                return
            if self.error.value:
                self.error.value = ""
            if f.is_label and self.on_label:
                self.on_label()
            self.app.changed(f.affects)
        return handler

    def show(self) -> None:
        """Fill the widgets from the current object (observers muted, one sync per widget)."""
        obj = self.get()
        self.error.value = ""
        with self.app.mute():
            for f in self.fields:
                with f.widget.hold_sync():
                    f.widget.disabled = obj is None
                    if obj is not None:
                        f.widget.value = f.from_model(getattr(obj, f.attr))

    def widgets(self) -> list[w.Widget]:
        return [f.widget for f in self.fields] + [self.error]


class ListEditor:
    """A list of items (stages, touchpoints, pain points …): pick one, add, move, remove, edit its fields."""

    def __init__(self, app: JourneyBuilder, noun: str, plural: str, items: Callable[[], list | None],
                 make: Callable[[], Any], label: Callable[[Any], str], fields: list[FieldBinding],
                 children: list[ListEditor] | None = None, reorder: bool = True, affects=frozenset({CHART, TABLE}),
                 rows: int = 5):
        self.app, self.noun, self.plural = app, noun, plural
        self.items, self.make, self.label = items, make, label
        self.children = children or []
        self.affects = affects
        self.select = w.Select(options=[], description=plural.capitalize(), rows=rows, style=STYLE, layout=wide())
        self.add = button(f"Add {noun}", icon="plus")
        self.up = button("Move up", f"Move the selected {noun} earlier", icon="arrow-up")
        self.down = button("Move down", f"Move the selected {noun} later", icon="arrow-down")
        self.remove = button(f"Remove {noun}", f"Remove the selected {noun} (Undo brings it back)", icon="trash")
        self.binder = Binder(app, self.current, fields, on_label=self.relabel)
        where = self.binder.error
        app.on_change(self.select, self._on_select, where=where, names="index")
        app.on_click(self.add, self.add_item, where=where)
        app.on_click(self.up, lambda: self.move(-1), where=where)
        app.on_click(self.down, lambda: self.move(+1), where=where)
        app.on_click(self.remove, self.remove_item, where=where)
        tools = [self.add] + ([self.up, self.down] if reorder else []) + [self.remove]
        self.box = w.VBox([self.select, w.HBox(tools, layout=w.Layout(flex_flow="row wrap")), *self.binder.widgets()])

    # -- state
    def _list(self) -> list:
        return self.items() or []

    def current(self):
        items = self._list()
        i = self.select.index
        return items[i] if i is not None and 0 <= i < len(items) else None

    def _options(self) -> list[tuple[str, int]]:
        return [(f"{i + 1}. {self.label(item) or '(no name)'}", i) for i, item in enumerate(self._list())]

    def refresh(self, index: int | None = 0) -> None:
        """Rebuild the options (e.g. after the parent selection changed) and show the chosen item."""
        options = self._options()
        if index is not None and options:
            index = max(0, min(index, len(options) - 1))
        else:
            index = None
        with self.app.mute(), self.select.hold_sync():
            self.select.options = options
            self.select.index = index
        enabled = self.items() is not None
        self.add.disabled = not enabled
        for b in (self.up, self.down, self.remove):
            b.disabled = index is None
        self.binder.show()
        for child in self.children:
            child.refresh()

    def relabel(self) -> None:
        """Update the option labels in place (after a name edit); the selection and fields stay."""
        i = self.select.index
        with self.app.mute(), self.select.hold_sync():
            self.select.options = self._options()
            self.select.index = i

    def _on_select(self, change) -> None:
        if self.app.muted:
            return
        for b in (self.up, self.down, self.remove):
            b.disabled = change["new"] is None
        self.binder.show()
        for child in self.children:
            child.refresh()

    # -- actions
    def add_item(self) -> None:
        items = self.items()
        if items is None:
            return
        item = self.make()
        i = self.select.index
        pos = len(items) if i is None else i + 1
        try:
            insert_item(self.app.journey, items, pos, item)
        except ValueError as exc:  # a limit of the map: say it beside the list
            self.binder.error.value = error_html(str(exc))
            return
        self.binder.error.value = ""
        self.refresh(pos)
        self.app.changed(self.affects)
        self.app.say(f"Added a {self.noun} at position {pos + 1}. Its fields are below the list.")

    def move(self, step: int) -> None:
        items = self._list()
        i = self.select.index
        if i is None or not 0 <= i + step < len(items):
            self.app.say(f"The {self.noun} is already {'first' if step < 0 else 'last'}.")
            return
        items[i], items[i + step] = items[i + step], items[i]
        self.refresh(i + step)
        self.app.changed(self.affects)
        self.app.say(f"Moved “{self.label(items[i + step])}” to position {i + step + 1}.")

    def remove_item(self) -> None:
        items = self._list()
        i = self.select.index
        if i is None:
            return
        item = items.pop(i)
        name = self.label(item) or self.noun

        def undo() -> None:
            insert_item(self.app.journey, items, min(i, len(items)), item)
            self.refresh(i)

        self.app.remember_undo(f"{self.noun} “{name}”", undo)
        self.refresh(i)
        self.app.changed(self.affects)
        self.app.say(f"Removed the {self.noun} “{name}”. Press “Undo last delete” to bring it back.")


class JourneyBuilder(View):
    """The widget tree of the journey-builder app (``view``) and the map it edits (``journey``)."""

    @classmethod
    def example(cls) -> JourneyBuilder:
        return cls(load_template("hotel-stay"))

    def __init__(self, journey: JourneyMap | None = None):
        super().__init__()
        self.journey = journey if journey is not None else load_template("hotel-stay")
        self.version = "as_is"
        self._muted = 0
        self._undo: tuple[str, Callable[[], None]] | None = None
        self.renders = {CHART: 0, TABLE: 0}

        # -- status, start, load and save
        self.status = w.HTML(layout=wide())
        self.start_choice = dropdown("Start from", START_OPTIONS)
        self.start_button = button("Start this map", "Replace the current map (Undo brings it back)", "file")

        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description=f"Open a saved map (.json, up to {MAX_UPLOAD_BYTES // 1_000_000} MB)",
                                   layout=w.Layout(width="auto", align_self="flex-start"))
        self.upload_hint = w.HTML("<p class='cx-help'>A saved map is a .json file of "
                                  f"{MAX_UPLOAD_BYTES // 1_000_000} MB at most. If nothing happens after you choose a "
                                  "file, it is too big to send: reload the page and choose your map file.</p>")
        self.upload_message = w.HTML()
        self.error = self.upload_message
        self.on_click(self.start_button, lambda: self.start_from(self.start_choice.value))
        self.on_change(self.upload, self._on_upload)
        self.prepare = button("Prepare files to download", "Make the JSON, CSV, HTML, Markdown, SVG and PNG files",
                              "download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML()
        self.undo_button = button("Undo last delete", "Bring back what was last removed or replaced", "undo")
        self.undo_button.disabled = True
        self.on_click(self.undo_button, self.undo, where=self.status)

        # -- map and persona
        def lines_field(attr, label, placeholder):
            return FieldBinding(attr, area(label, placeholder, 3), _lines, "\n".join)

        self.map_binder = Binder(self, lambda: self.journey, [
            FieldBinding("title", text("Map title"), affects=frozenset({CHART, TABLE})),
            FieldBinding("organisation", text("Organisation")),
            FieldBinding("sector", text("Sector")),
            FieldBinding("scenario", area("Scenario", "Who, what and when: the situation this map follows", 3)),
        ])
        self.persona_binder = Binder(self, lambda: self.journey.persona, [
            FieldBinding("name", text("Persona name")),
            FieldBinding("segment", text("Segment")),
            FieldBinding("details", area("About them", "Age, job, habits, what they value", 3)),
            lines_field("goals", "Goals (one per line)", "What they want to achieve"),
            lines_field("needs", "Needs (one per line)", "What they need from the organisation"),
            lines_field("frustrations", "Frustrations (one per line)", "What annoys them"),
        ])

        # -- version
        self.version_picker = w.ToggleButtons(options=[("As-is journey", "as_is"), ("To-be journey", "to_be")],
                                              value="as_is", description="Editing", style=STYLE)
        self.on_change(self.version_picker, self._on_version, where=self.status)
        self.make_to_be = button("Create the to-be journey from the as-is", "Copy the as-is journey to redesign it",
                                 "copy")
        self.on_click(self.make_to_be, self.create_to_be, where=self.status)

        # -- nested list editors: stage > touchpoint > pain point / opportunity / KPI
        score = frozenset({TABLE})
        self.pains = ListEditor(
            self, "pain point", "pain points", lambda: self._tp_list("pain_points"),
            lambda: PainPoint(description="New pain point"), lambda p: p.description[:60], [
                FieldBinding("description", text("Pain point"), is_label=True),
                FieldBinding("severity", dropdown("Severity", SCORE_OPTIONS)),
                FieldBinding("frequency", dropdown("Frequency", SCORE_OPTIONS)),
                FieldBinding("whys", area("5 Whys (one answer per line, up to 5)",
                                          "Why does it happen? Then why? The last line is the root cause.", 5),
                             _lines, "\n".join),
            ], reorder=False, affects=score, rows=3)
        self.opportunities = ListEditor(
            self, "opportunity", "opportunities", lambda: self._tp_list("opportunities"),
            lambda: Improvement(description="New opportunity"), lambda o: o.description[:60], [
                FieldBinding("description", text("Opportunity"), is_label=True),
                FieldBinding("impact", dropdown("Impact", SCORE_OPTIONS)),
                FieldBinding("effort", dropdown("Effort", SCORE_OPTIONS)),
            ], reorder=False, affects=score, rows=3)
        self.kpis = ListEditor(
            self, "KPI", "KPIs", lambda: self._tp_list("kpis"), lambda: Kpi(name="New KPI", value=0),
            lambda k: k.name, [
                FieldBinding("name", text("KPI name", "e.g. Net Promoter Score"), is_label=True),
                FieldBinding("value", text("Value"), _number, _fmt_number),
                FieldBinding("unit", text("Unit", "e.g. %, minutes, £")),
                FieldBinding("target", text("Target (optional)"), _optional_number, _fmt_number),
                FieldBinding("higher_is_better", w.Checkbox(description="Higher is better", indent=False)),
            ], reorder=False, affects=score, rows=3)
        both = frozenset({CHART, TABLE})
        self.touchpoints = ListEditor(
            self, "touchpoint", "touchpoints", self._touchpoint_list, lambda: Touchpoint(name="New touchpoint"),
            lambda t: t.name + (" ◆" if t.moment_of_truth else ""), [
                FieldBinding("name", text("Touchpoint name"), affects=both, is_label=True),
                FieldBinding("channel", dropdown("Channel", CHANNELS)),
                FieldBinding("doing", area("Doing", "What the customer does here")),
                FieldBinding("thinking", area("Thinking", "What they are thinking")),
                FieldBinding("feeling", area("Feeling", "How they feel, in their words")),
                FieldBinding("emotion", dropdown("Emotion score", EMOTION_OPTIONS), affects=both),
                FieldBinding("emotion_words", w.SelectMultiple(
                    options=WORD_OPTIONS, rows=5, description="Emotion words (Shaw)", style=STYLE, layout=wide()),
                    list, tuple),
                FieldBinding("moment_of_truth", w.Checkbox(description="Moment of truth", indent=False),
                             affects=both, is_label=True),
                FieldBinding("expectation", area("Expectation", "What the customer expected")),
                FieldBinding("expectation_score", dropdown("Expectation score", OPTIONAL_SCORE_OPTIONS),
                             lambda v: v or None, lambda v: v or 0),
                FieldBinding("experience", area("Experience", "What actually happened")),
                FieldBinding("experience_score", dropdown("Experience score", OPTIONAL_SCORE_OPTIONS),
                             lambda v: v or None, lambda v: v or 0),
                FieldBinding("backstage_owner", text("Backstage owner", "Who is responsible behind the scenes")),
                FieldBinding("backstage_process", area("Backstage process", "The process or system behind it")),
            ], children=[self.pains, self.opportunities, self.kpis], rows=6)
        self.stages = ListEditor(
            self, "stage", "stages", lambda: self.journey.stages(self.version) if self._has_version() else None,
            lambda: Stage(name="New stage"), lambda s: s.name, [
                FieldBinding("name", text("Stage name"), affects=both, is_label=True),
                FieldBinding("description", area("Stage description")),
            ], children=[self.touchpoints], rows=6)

        # -- outputs
        # a minimum height keeps the page from jumping (and re-laying out) while the view is replaced
        self.chart = w.Output(layout=w.Layout(width="100%", overflow="auto", min_height="22rem"))
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.analysis = w.HTML(layout=w.Layout(width="100%"))

        def section(title: str, *children: w.Widget) -> w.VBox:
            return w.VBox([w.HTML(f"<h3>{html.escape(title)}</h3>"), *children],
                          layout=w.Layout(margin="0 0 1rem 0"))

        # -- my saved work on the server, only where the server gives the learner a folder (the course's hub)
        store = WorkStore.from_environment("journey-map", MAX_UPLOAD_BYTES)
        self.my_work = (MyWork(store, lambda: (self.journey.title, to_json_bytes(self.journey)), self.open_saved,
                               what="journey map", after_open="Your previous map can be brought back with “Undo last "
                               "delete”.") if store is not None else None)
        my_work = [section("My saved work", self.my_work.view)] if self.my_work is not None else []

        editors = w.VBox([
            section("Start, open and save", self.start_choice, self.start_button, self.upload, self.upload_hint,
                    self.upload_message, self.prepare, self.downloads),
            *my_work,
            section("The map", *self.map_binder.widgets()),
            section("Persona", *self.persona_binder.widgets()),
            section("Version", self.version_picker, self.make_to_be),
            section("Stages", self.stages.box),
            section("Touchpoints in the selected stage", self.touchpoints.box),
            section("Pain points at the selected touchpoint", self.pains.box),
            section("Opportunities at the selected touchpoint", self.opportunities.box),
            section("KPIs at the selected touchpoint", self.kpis.box),
        ])
        results = w.VBox([w.HTML("<h3>Swimlane</h3>"), self.table, w.HTML("<h3>Analysis</h3>"), self.analysis])
        self.view = w.VBox([
            w.HTML("<p>Build a customer journey map: choose a template or a blank map, edit the persona, stages and "
                   "touchpoints, and watch the emotion curve, swimlane and analysis update. Text fields save when "
                   "you press Enter or move to the next field. " + (
                       "Keep your map with “Save to my work” (under “My saved work”), or download it as JSON."
                       if self.my_work is not None else
                       "Nothing is stored on the server: download your map as JSON to keep it, and open it again "
                       "later.") + "</p>"),
            self.status, self.undo_button, w.HTML("<h3>Emotion curve</h3>"), self.chart, editors, results,
            w.HTML(f"<style>{SWIMLANE_CSS}</style>"),  # once, not with every table update
        ])
        self.load(self.journey, announce=False)

    # -- helpers for nested lists
    def _has_version(self) -> bool:
        return self.version == "as_is" or self.journey.to_be is not None

    def _touchpoint_list(self):
        stage = self.stages.current()
        return stage.touchpoints if stage is not None else None

    def _tp_list(self, attr: str):
        tp = self.touchpoints.current()
        return getattr(tp, attr) if tp is not None else None

    @property
    def muted(self) -> bool:
        return self._muted > 0

    @contextlib.contextmanager
    def mute(self):
        self._muted += 1
        try:
            yield
        finally:
            self._muted -= 1

    # -- rendering
    def versions_shown(self) -> tuple[str, ...]:
        return ("as_is", "to_be") if self.journey.to_be is not None else ("as_is",)

    def render_chart(self) -> None:
        chart = emotion_curve_chart(self.journey, self.versions_shown())  # type: ignore[arg-type]
        show_in(self.chart, chart)
        self.renders[CHART] += 1

    def render_table(self) -> None:
        if not self._has_version():
            self.table.value = "<p>There is no to-be journey yet.</p>"
            self.analysis.value = ""
            return
        self.table.value = swimlane_html(self.journey, self.version, include_style=False)  # type: ignore[arg-type]
        self.analysis.value = analysis_html(self.journey, self.version)  # type: ignore[arg-type]
        self.renders[TABLE] += 1

    def changed(self, affects) -> None:
        """Redraw only what the edit affects; the chart first so it updates soonest."""
        if CHART in affects:
            self.render_chart()
        if TABLE in affects or CHART in affects:
            self.render_table()
        self.downloads.value = ""  # files prepared earlier no longer match the map

    def load(self, journey: JourneyMap, announce: bool = True) -> None:
        """Show a whole map (after a template, an upload or an undo)."""
        self.journey = journey
        if self.version == "to_be" and journey.to_be is None:
            with self.mute():
                self.version_picker.value = "as_is"
            self.version = "as_is"
        self.map_binder.show()
        self.persona_binder.show()
        self.make_to_be.disabled = journey.to_be is not None
        self.stages.refresh(0)
        self.render_chart()
        self.render_table()
        self.downloads.value = ""
        if announce:
            self.say(f"Showing “{journey.title}”.")

    # -- actions
    def remember_undo(self, what: str, restore: Callable[[], None]) -> None:
        self._undo = (what, restore)
        self.undo_button.disabled = False
        self.undo_button.description = "Undo last delete"

    def undo(self) -> None:
        if self._undo is None:
            self.say("There is nothing to undo.")
            return
        what, restore = self._undo
        self._undo = None
        self.undo_button.disabled = True
        restore()
        self.changed({CHART, TABLE})
        self.say(f"Brought back the {what}.")

    def start_from(self, choice: str) -> None:
        kind, _, key = choice.partition(":")
        try:
            new = load_template(key) if kind == "template" else blank_map(key)
        except ValueError as exc:
            self.upload_message.value = error_html(str(exc))
            return
        old = self.journey
        self.remember_undo(f"map “{old.title}”", lambda: self.load(old, announce=False))
        self.load(new)
        self.say(f"Started “{new.title}”. Your previous map can be brought back with “Undo last delete”.")

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            new = JourneyMap.from_json(uploaded_bytes(upload, MAX_UPLOAD_BYTES, "a journey map file"))
        except ValueError as exc:
            msg = str(exc)
            if "unchanged" not in msg:
                msg += " Your current map is unchanged."
            self.upload_message.value = error_html(msg)
            return
        finally:
            with self.mute(), contextlib.suppress(Exception):
                self.upload.value = ()
        self.upload_message.value = ""
        old = self.journey
        self.remember_undo(f"map “{old.title}”", lambda: self.load(old, announce=False))
        self.load(new)
        self.say(f"Opened “{new.title}” from {upload.get('name', 'your file')}.")

    def open_saved(self, data: bytes, title: str) -> None:
        """Show a map from the learner's saved work; ``ValueError`` (the map on screen unchanged) if it is not one."""
        new = JourneyMap.from_json(data)
        old = self.journey
        self.remember_undo(f"map “{old.title}”", lambda: self.load(old, announce=False))
        self.load(new, announce=False)  # the “My saved work” panel announces it beside its controls

    def load_json_text(self, text: str | bytes) -> bool:
        """Load a map from JSON (used by tests and by the upload); False with a message if it is not valid."""
        try:
            new = JourneyMap.from_json(text)
        except ValueError as exc:
            self.upload_message.value = error_html(f"{exc} Your current map is unchanged.")
            return False
        self.upload_message.value = ""
        self.load(new)
        return True

    def _on_version(self, change) -> None:
        if self.muted:
            return
        self.version = change["new"]
        if self.version == "to_be" and self.journey.to_be is None:
            self.say("There is no to-be journey yet: press “Create the to-be journey from the as-is” to start one.")
        self.stages.refresh(0)
        self.render_table()

    def create_to_be(self) -> None:
        if self.journey.to_be is not None:
            self.say("This map already has a to-be journey.")
            return
        try:
            self.journey.start_to_be()
        except ValueError as exc:
            self.status.value = error_html(str(exc))
            return
        self.make_to_be.disabled = True
        self.version = "to_be"
        with self.mute():
            self.version_picker.value = "to_be"
        self.stages.refresh(0)
        self.render_chart()
        self.render_table()
        self.say("Created the to-be journey as a copy of the as-is journey; you are now editing the to-be journey.")

    def prepare_downloads(self) -> None:
        """Offer every export as a download link (data: URI): nothing is written on the server."""
        j = self.journey
        slug = "".join(c if c.isalnum() else "-" for c in j.title.lower()).strip("-")[:50] or "journey-map"
        versions = self.versions_shown()
        try:
            saved = to_json_bytes(j)  # refuses a map the builder could not open again
        except ValueError as exc:
            self.downloads.value = ""
            self.upload_message.value = error_html(str(exc))
            return
        self.upload_message.value = ""
        files = [
            ("JSON (to open again later)", f"{slug}.json", "application/json", saved),
            ("CSV, one row per touchpoint", f"{slug}.csv", "text/csv", to_csv(j).encode("utf-8")),
            ("Printable HTML page", f"{slug}.html", "text/html", to_html(j).encode("utf-8")),
            ("Markdown summary", f"{slug}.md", "text/markdown", to_markdown(j).encode("utf-8")),
            ("Emotion curve (SVG)", f"{slug}-emotion-curve.svg", "image/svg+xml",
             chart_svg(j, versions).encode("utf-8")),  # type: ignore[arg-type]
            ("Emotion curve (PNG)", f"{slug}-emotion-curve.png", "image/png",
             chart_png(j, versions)),  # type: ignore[arg-type]
        ]
        self.downloads.value = download_list([
            f"{download_link(name, mime, data, label)} <small>({html.escape(name)}, {len(data) / 1000:.0f} kB)</small>"
            for label, name, mime, data in files])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")



def journey_preview(journey: JourneyMap) -> w.Widget:
    """A map as a chapter shows it live: the emotion curve, the swimlanes and the analysis."""
    versions = ("as_is", "to_be") if journey.to_be is not None else ("as_is",)
    chart = w.Output(layout=w.Layout(width="100%", overflow="auto"))
    show_in(chart, emotion_curve_chart(journey, versions))  # type: ignore[arg-type]
    tables = [w.HTML(swimlane_html(journey, v)) for v in versions]  # type: ignore[arg-type]
    return w.VBox([chart, *tables, w.HTML(analysis_html(journey))])
