"""The list editor the reaction log and the action plan share: records chosen in a Select, a form, and
add / save / remove / clear buttons."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.common import build
from widgets.ui.activities.common import STYLE, WIDE, ActivityView, button


class ListEditor(ActivityView):
    """A list of records chosen in a Select, a form, and add/save/remove/clear buttons."""

    abstract = True
    noun = "item"

    def __init__(self) -> None:
        super().__init__()
        self.chooser = w.Select(options=[], rows=6, description=f"Your {self.noun}s", style=STYLE, layout=WIDE)
        self.on_change(self.chooser, lambda _change: self.load_selected())
        self.add_button = button(f"Add as a new {self.noun}", style="primary")
        self.on_click(self.add_button, self.add)
        self.save_button = button(f"Save changes to the chosen {self.noun}")
        self.on_click(self.save_button, self.save)
        self.remove_button = button(f"Remove the chosen {self.noun}")
        self.on_click(self.remove_button, self.remove)
        self.clear_button = button("Clear the form")
        self.on_click(self.clear_button, self.clear_form)
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
