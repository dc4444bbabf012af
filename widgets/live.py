"""Links from the static book to the live (Voila) version of an interactive.

The static book has no kernel, so every calculator, builder or planner shown there carries a link
to its Voila app. Study centres set where their Voila server lives with ``cx_live_url`` in
``_config.yml`` (``sphinx.config``); ``widgets.sphinx_ext`` passes it to the kernels that execute
the chapters through the ``CX_LIVE_URL`` environment variable. The default is the local server that
``make dashboards`` starts.
"""

from __future__ import annotations

import html
import os
import re

LIVE_URL_ENV = "CX_LIVE_URL"
DEFAULT_LIVE_URL = "http://127.0.0.1:8866/"
_APP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def live_base_url() -> str:
    """The Voila server's base URL, always ending in ``/``."""
    base = os.environ.get(LIVE_URL_ENV, "").strip() or DEFAULT_LIVE_URL
    return base if base.endswith("/") else base + "/"


def live_app_url(app: str, fragment: str = "") -> str:
    """URL of ``dashboards/<app>.ipynb`` as Voila serves it (``voila dashboards/``)."""
    if not _APP_NAME.match(app):
        raise ValueError(f"{app!r} is not an app name: use the notebook's file name in dashboards/, without .ipynb")
    url = f"{live_base_url()}voila/render/{app}.ipynb"
    return f"{url}#{fragment}" if fragment else url


LEARNER_NOTE = "(it opens in your study centre's app; if the link does not open, ask your tutor for the address)"
"""A note for pages written for learners who should never be sent to a terminal (Level 2)."""


def live_link_html(app: str, label: str, note: str | None = None) -> str:
    """An accessible link to the live app, for static pages (label and ``note`` escaped). The default note
    also names ``make dashboards`` for people running the course themselves; pages for learners at a study
    centre pass :data:`LEARNER_NOTE` instead."""
    url = html.escape(live_app_url(app), quote=True)
    note_html = html.escape(note) if note is not None else (
        "(the live version runs on your study centre's app server, or on your own computer with "
        "<code>make dashboards</code>)")
    return (f"<p class='cx-live-link'><a href=\"{url}\">{html.escape(label)}</a> "
            f"<span class='cx-live-note'>{note_html}</span></p>")


BOOK_URL_ENV = "CX_BOOK_URL"
DEFAULT_BOOK_URL = "http://127.0.0.1:8000/"


def book_base_url() -> str:
    """The published book's base URL (``$CX_BOOK_URL``, default the ``make book`` server), ending in ``/``."""
    base = os.environ.get(BOOK_URL_ENV, "").strip() or DEFAULT_BOOK_URL
    return base if base.endswith("/") else base + "/"


def book_page_url(page: str, fragment: str = "") -> str:
    """Absolute URL of a book page from JupyterLab or Voila: ``page`` is the path from the book root
    without suffix (``chapters/cim-l6-cjo/01-mapping``) or with ``.html``."""
    page = page.strip().lstrip("/")
    if not page or ".." in page.split("/") or "://" in page:
        raise ValueError(f"{page!r} is not a page of the book: give its path from the book root")
    if not page.endswith(".html"):
        page += ".html"
    url = f"{book_base_url()}{page}"
    return f"{url}#{fragment}" if fragment else url
