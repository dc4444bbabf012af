"""Helpers every activity view shares: labelled inputs, headings, the stylesheet, download links, and
:class:`ActivityView`, the base with a status line, an error area, muted updates and reopening a saved file."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import ipywidgets as w

from widgets.activities.common import DataRules
from widgets.ui.common import download_link, download_list, error_html, uploaded_bytes
from widgets.ui.view import View

WIDE = w.Layout(width="100%", max_width="46rem")
MAX_SAVED_BYTES = 1_000_000
"""Largest saved file an activity reopens (its model checks the same limit again)."""
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


def read_back(view: View, pickers: list[w.DatePicker], describe: Callable[[], str]) -> w.HTML:
    """A line under date pickers saying what the course has read from them, kept up to date. A button
    click reaches the kernel at once, while ipywidgets holds back a value change until the kernel has
    answered the previous one, so a date typed fast and then Enter can arrive after the click: the line
    lets a learner see the dates as read before pressing the button."""
    line = w.HTML(layout=WIDE)

    def show(_=None) -> None:
        line.value = f"<p class='cx-hint'>{esc(describe())}</p>"

    for picker in pickers:
        view.on_change(picker, show)
    show()
    return line


def show_rule_inputs(task: DataRules, column: str, values: w.SelectMultiple, low: w.Text, high: w.Text) -> None:
    """A rule form shows the values of a category ``column`` to choose from, or the range boxes of a number one."""
    col = task.column(column)
    numeric = col.kind == "number"
    values.options = task.values(col.column)
    values.layout.display = "none" if numeric else None
    for box in (low, high):
        box.layout.display = None if numeric else "none"


def button(label: str, tooltip: str = "", style: str = "") -> w.Button:
    return w.Button(description=label, tooltip=tooltip or label, button_style=style,
                    layout=w.Layout(width="auto"))


def heading(text_: str, level: int = 3) -> w.HTML:
    return w.HTML(f"<h{level}>{esc(text_)}</h{level}>")


TABS_NOTE = "Choose a tool from the tabs (use the arrow keys to move between tabs). Nothing is saved on the " \
            "server: download your work before you close the page."


def tool_tabs(children: list[w.Widget], titles: tuple[str, ...] | list[str]) -> w.Tab:
    """Tabs styled by cx-activities.css: dark labels (ipywidgets' grey fails contrast at 4.45:1) and a
    visible focus ring."""
    tabs = w.Tab(children=list(children))
    tabs.titles = tuple(titles)
    tabs.add_class("cx-toolkit-tabs")
    return tabs


def tools_app(views: list[View], titles: tuple[str, ...], intro: str, title: str = "") -> w.VBox:
    """An app of several tools in tabs, with a sentence on what it is for and how to use the tabs."""
    head = [heading(title, 2)] if title else []
    app = w.VBox(head + [w.HTML(f"<p>{html.escape(intro)} {TABS_NOTE}</p>", layout=WIDE),
                         tool_tabs([v.view for v in views], titles)])
    app._cx_views = views  # for tests
    return app


def download_links(files: list[tuple[str, str, str, str]]) -> str:
    """``files``: (file name, mime type, content, link text) → a list of data-URI download links."""
    return download_list([download_link(*file) for file in files])


class ActivityView(View):
    """An activity: the base's announced status line and error area; a switch that mutes choosers while the
    view fills them (:meth:`_silent`, read as ``self._quiet``); and reopening a saved JSON file from a
    ``FileUpload`` (:meth:`reopen`, with ``self.upload`` and ``self.upload_message``)."""

    abstract = True
    _quiet = False
    upload: w.FileUpload
    upload_message: w.HTML

    @contextlib.contextmanager
    def _silent(self):
        self._quiet, before = True, self._quiet
        try:
            yield
        finally:
            self._quiet = before

    def apply_change(self, where: w.HTML, make: Callable[[], Any], done: str, attr: str = "work",
                     ask: str = "Please check the message beside the form you used.") -> bool:
        """Every change goes through the model: ``make()`` returns the changed work (or raises ``ValueError``
        with a sentence for the learner). On success it becomes ``self.<attr>``, the view refreshes and ``done``
        is announced; on a refusal the sentence shows in ``where``, ``ask`` is announced, and the work and every
        box keep what they hold, so nothing the learner typed is lost."""
        try:
            changed = make()
        except ValueError as exc:
            where.value = error_html(f"{exc} Nothing was changed; your text is kept.")
            self.say(ask)
            return False
        where.value = ""
        setattr(self, attr, changed)
        self.refresh()
        self.say(done)
        return True

    def reopen(self, change, read: Callable[[bytes], Any], opened: Callable[[Any, str], None], what: str,
               work: str = "work", limit: int = MAX_SAVED_BYTES) -> None:
        """``read`` the uploaded file (a saved ``what``, at most ``limit`` bytes) and hand it to ``opened`` with
        the file's name; a message beside the upload otherwise, and the learner's current ``work`` unchanged."""
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            opened_work = read(uploaded_bytes(upload, limit, f"a saved {what}"))
        except ValueError as exc:
            self.upload_message.value = error_html(f"{exc} Your current {work} is unchanged.")
            self.say("Please check the message beside the box you changed.")
            return
        finally:
            with contextlib.suppress(Exception):
                self.upload.value = ()
        self.upload_message.value = ""
        opened(opened_work, str(upload.get("name", "your file")))
