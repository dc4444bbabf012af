"""Helpers every activity view shares: labelled inputs, headings, the stylesheet, download links, and
:class:`ActivityView`, the base with a status line and an error area."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import ipywidgets as w

from widgets.ui.common import download_link, download_list
from widgets.ui.view import View

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


def button(label: str, tooltip: str = "", style: str = "") -> w.Button:
    return w.Button(description=label, tooltip=tooltip or label, button_style=style,
                    layout=w.Layout(width="auto"))


def heading(text_: str, level: int = 3) -> w.HTML:
    return w.HTML(f"<h{level}>{esc(text_)}</h{level}>")


def download_links(files: list[tuple[str, str, str, str]]) -> str:
    """``files``: (file name, mime type, content, link text) → a list of data-URI download links."""
    return download_list([download_link(*file) for file in files])


class ActivityView(View):
    """An activity: the base's announced status line and error area, and nothing else shared."""

    abstract = True
