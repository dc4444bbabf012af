"""What the campaign planner's part views share: the plan they all edit (:class:`PlanState`), labelled
fields with a message line beside each, and :class:`ListPart`, the editor for a list part (objectives,
the mix, the schedule, budget lines, evaluation)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from widgets.activities.campaign import (
    METHODS,
    PART_TITLES,
    TOOLS,
    CampaignPlan,
    ToolProfile,
    fmt_number,
    load_campaign_plan,
    load_tools,
    notes_html,
)
from widgets.activities.common import build
from widgets.numeric import parse_number
from widgets.ui.activities.common import STYLE, WIDE, ActivityView, area, button, date_picker, heading, text
from widgets.ui.common import error_html

SPEC, WORKED = "cim-l3-cc", "kettleby-pods"


class PlanState:
    """The one plan every part view edits; listeners hear when it is replaced (opened, uploaded, edited)."""

    def __init__(self, plan: CampaignPlan, tools: dict[str, ToolProfile]):
        self.plan, self.tools = plan, tools
        self._listeners: list[Callable[[str], None]] = []

    def listen(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def set(self, plan: CampaignPlan, source: str) -> None:
        """``source`` is the part that changed, or "all" when the whole plan was replaced."""
        self.plan = plan
        for listener in self._listeners:
            listener(source)


def worked_state(spec_id: str = SPEC, name: str = WORKED) -> PlanState:
    return PlanState(load_campaign_plan(spec_id, name), load_tools(spec_id, name))


@dataclass(frozen=True)
class F:
    """A field: the model's attribute ``name``, its label and kind (text, area, amount, int, date, tool,
    objective, method)."""

    name: str
    label: str
    kind: str = "text"
    placeholder: str = ""


def make_widget(f: F) -> w.Widget:
    if f.kind == "area":
        return area(f.label, placeholder=f.placeholder)
    if f.kind == "date":
        return date_picker(f.label)
    if f.kind in ("tool", "method"):
        choices = TOOLS if f.kind == "tool" else METHODS
        return w.Dropdown(options=[("(choose)", None), *[(v, k) for k, v in choices.items()]], description=f.label,
                          style=STYLE, layout=WIDE)
    if f.kind == "objective":
        return w.Dropdown(options=[("(no objective yet)", None)], description=f.label, style=STYLE, layout=WIDE)
    return text(f.label, placeholder=f.placeholder)


def read_value(f: F, widget: w.Widget) -> Any:
    """The field's value for the model; a ``ValueError`` in plain words if it is not usable."""
    value = widget.value
    if f.kind in ("amount", "int"):
        if not str(value or "").strip():
            return None
        return parse_number(value, f.label, example="1500", whole=f.kind == "int", allow_negative=False)
    return value


def shown_value(f: F, value: Any) -> Any:
    if f.kind in ("amount", "int"):
        return fmt_number(value).replace(",", "") if value is not None else ""
    if f.kind in ("text", "area"):
        return value or ""
    return value


def objective_options(plan: CampaignPlan) -> list[tuple[str, int | None]]:
    if not plan.objectives:
        return [("(add an objective first)", None)]
    return [(f"{n}. {o.label[:60]}", n) for n, o in enumerate(plan.objectives, 1)]


class PartView(ActivityView):
    """One part of the plan: fields with a message line beside each, a feedback area, the shared plan."""

    abstract = True
    part = ""
    intro = ""

    def __init__(self, state: PlanState):
        super().__init__()
        self.state = state
        self._muted = False
        self.feedback = w.HTML(layout=WIDE)
        state.listen(self._heard)

    @classmethod
    def example(cls) -> PartView:
        return cls(worked_state())

    @property
    def plan(self) -> CampaignPlan:
        return self.state.plan

    @contextlib.contextmanager
    def muted(self) -> Iterator[None]:
        self._muted, before = True, self._muted
        try:
            yield
        finally:
            self._muted = before

    def field_box(self, widget: w.Widget, note: w.HTML) -> w.VBox:
        return w.VBox([widget, note], layout=w.Layout(width="100%"))

    def _heard(self, source: str) -> None:
        if source == "all":
            with self.muted():
                self.refresh()
        if source in ("all", self.part) or self.part in ("mix", "schedule", "evaluation"):
            self.render()

    def refresh(self) -> None:
        """Fill the widgets from the plan (after it was opened or uploaded)."""

    def render(self) -> None:
        self.feedback.value = (f"<div class='cx-campaign-feedback' role='status' aria-live='polite'>"
                               f"<p><strong>Checks on this part:</strong></p>{notes_html(self.plan.check(self.part))}"
                               "</div>")

    def commit(self, plan_maker: Callable[[], CampaignPlan], message: str) -> bool:
        try:
            plan = plan_maker()
        except ValueError as exc:
            self.fail(f"{exc} Nothing was changed; what you typed is kept.")
            return False
        self.clear_error()
        self.state.set(plan, self.part)
        self.say(message)
        return True

    def frame(self, *children: w.Widget) -> w.VBox:
        return w.VBox([heading(PART_TITLES[self.part], 3), w.HTML(f"<p>{self.intro}</p>", layout=WIDE), *children,
                       self.error, self.status, self.feedback])


class FormPart(PartView):
    """A part made of single fields (the message, resourcing, the budget's inputs): each change is checked
    at once and kept in the plan, or answered with a message beside the field."""

    abstract = True
    fields: tuple[F, ...] = ()

    def __init__(self, state: PlanState):
        super().__init__(state)
        self.inputs: dict[str, w.Widget] = {}
        self.notes: dict[str, w.HTML] = {}
        for f in self.fields:
            self.inputs[f.name], self.notes[f.name] = make_widget(f), w.HTML(layout=WIDE)
            self.on_change(self.inputs[f.name], lambda _c, f=f: self.changed(f), self.notes[f.name])

    def boxes(self) -> list[w.Widget]:
        return [self.field_box(self.inputs[f.name], self.notes[f.name]) for f in self.fields]

    def current(self) -> Any:
        raise NotImplementedError

    def replace(self, values: dict[str, Any]) -> CampaignPlan:
        raise NotImplementedError

    def refresh(self) -> None:
        current = self.current()
        for f in self.fields:
            self.inputs[f.name].value = shown_value(f, getattr(current, f.name))
            self.notes[f.name].value = ""

    def changed(self, f: F) -> None:
        if self._muted:
            return
        try:
            value = read_value(f, self.inputs[f.name])
            plan = self.replace({f.name: value})
        except ValueError as exc:
            self.fail(f"{exc} What you typed is kept; the plan still has the last value that worked.",
                      self.notes[f.name])
            return
        self.notes[f.name].value = ""
        self.state.set(plan, self.part)
        self.say(f"{f.label} saved in the plan.")


class ListPart(PartView):
    """A list of records chosen in a Select, a form with a message line beside each field, and add / save /
    remove / clear buttons. Subclasses set ``fields``, ``model``, ``noun`` and ``attr`` (the plan's list)."""

    abstract = True
    fields: tuple[F, ...] = ()
    model: type = object
    noun = "item"
    attr = ""
    required: tuple[str, ...] = ()  # text fields a record cannot be added without

    def __init__(self, state: PlanState):
        super().__init__(state)
        self.chooser = w.Select(options=[], rows=5, description=f"Your {self.noun}s", style=STYLE, layout=WIDE)
        self.on_change(self.chooser, lambda _c: self.load_selected())
        self.inputs = {f.name: make_widget(f) for f in self.fields}
        self.notes = {f.name: w.HTML(layout=WIDE) for f in self.fields}
        for f in self.fields:
            self.on_change(self.inputs[f.name], lambda _c, f=f: self.field_changed(f), self.notes[f.name])
        self.add_button = button(f"Add as a new {self.noun}", style="primary")
        self.save_button = button(f"Save changes to the chosen {self.noun}")
        self.remove_button = button(f"Remove the chosen {self.noun}")
        self.clear_button = button("Clear the form")
        for b, action in ((self.add_button, self.add), (self.save_button, self.save),
                          (self.remove_button, self.remove), (self.clear_button, self.clear_form)):
            self.on_click(b, action)
        self.buttons = w.HBox([self.add_button, self.save_button, self.remove_button, self.clear_button],
                              layout=w.Layout(flex_flow="row wrap"))

    def form(self) -> list[w.Widget]:
        return [self.chooser, *[self.field_box(self.inputs[f.name], self.notes[f.name]) for f in self.fields],
                self.buttons]

    # the plan's list
    def items(self) -> list:
        return list(getattr(self.plan, self.attr))

    def put(self, items: list) -> CampaignPlan:
        return self.plan.with_(**{self.attr: items})

    def label(self, record: Any) -> str:
        return str(getattr(record, self.fields[0].name))[:70]

    # reading the form
    def field_changed(self, f: F) -> None:
        if self._muted:
            return
        try:
            read_value(f, self.inputs[f.name])
        except ValueError as exc:
            self.fail(f"{exc} What you typed is kept.", self.notes[f.name])
            return
        self.notes[f.name].value = ""
        self.draft_changed()

    def draft_changed(self) -> None:
        """Called when a field has a usable value (the objectives part checks the draft here)."""

    def values(self) -> dict[str, Any] | None:
        out, ok = {}, True
        for f in self.fields:
            try:
                out[f.name] = read_value(f, self.inputs[f.name])
                self.notes[f.name].value = ""
            except ValueError as exc:
                self.notes[f.name].value = error_html(f"{exc} What you typed is kept.")
                ok = False
        for name in self.required:
            if not str(out.get(name) or "").strip():
                label = next(f.label for f in self.fields if f.name == name)
                self.notes[name].value = error_html(f"{label}: please fill this in before you add or save the "
                                                    f"{self.noun}.")
                ok = False
        if not ok:
            self.say("Please check the message beside the box you changed.")
            return None
        return out

    def record(self) -> Any | None:
        values = self.values()
        if values is None:
            return None
        try:
            return build(self.model, **values)
        except ValueError as exc:
            self.fail(f"{exc} Nothing was changed; what you typed is kept.")
            return None

    # buttons
    def add(self) -> None:
        record = self.record()
        if record is not None and self.commit(lambda: self.put([*self.items(), record]),
                                              f"{self.noun.capitalize()} added."):
            self.show_list(len(self.items()) - 1)

    def save(self) -> None:
        index = self.chooser.value
        if index is None:
            self.fail(f"Choose a {self.noun} from the list first, or add this as a new {self.noun}.")
            return
        record = self.record()
        if record is None:
            return
        items = self.items()
        items[index] = record
        if self.commit(lambda: self.put(items), "Changes saved."):
            self.show_list(index)

    def remove(self) -> None:
        index = self.chooser.value
        if index is None:
            self.fail(f"Choose a {self.noun} from the list first.")
            return
        items = self.items()
        del items[index]
        if self.commit(lambda: self.put(items), f"{self.noun.capitalize()} {index + 1} removed."):
            self.show_list(None)
            self.fill(None)

    def clear_form(self) -> None:
        self.show_list(None)
        self.fill(None)
        self.clear_error()
        self.say(f"The form is clear: fill it in and choose “Add as a new {self.noun}”.")

    def load_selected(self) -> None:
        if self._muted or self.chooser.value is None:
            return
        self.fill(self.items()[self.chooser.value])
        self.say(f"Showing {self.noun} {self.chooser.value + 1}.")

    def fill(self, record: Any | None) -> None:
        with self.muted():
            for f in self.fields:
                widget = self.inputs[f.name]
                value = getattr(record, f.name) if record is not None else None
                if f.kind == "objective":
                    widget.options = objective_options(self.plan)
                    value = value if value in [v for _, v in widget.options] else widget.options[0][1]
                widget.value = shown_value(f, value)
                self.notes[f.name].value = ""
        self.draft_changed()

    def show_list(self, select: int | None) -> None:
        with self.muted():
            labels = [self.label(r) for r in self.items()]
            self.chooser.options = [(f"{n}. {label}", n - 1) for n, label in enumerate(labels, 1)]
            self.chooser.value = select if select is not None and select < len(labels) else None
            for f in self.fields:
                if f.kind == "objective":
                    widget, value = self.inputs[f.name], self.inputs[f.name].value
                    widget.options = objective_options(self.plan)
                    widget.value = value if value in [v for _, v in widget.options] else widget.options[0][1]

    def _heard(self, source: str) -> None:
        if source not in ("all", self.part) and any(f.kind == "objective" for f in self.fields):
            self.show_list(self.chooser.value)
        super()._heard(source)

    def refresh(self) -> None:
        self.show_list(0 if self.items() else None)
        self.fill(self.items()[0] if self.items() else None)
