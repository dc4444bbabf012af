"""Small view helpers shared by every app."""

from __future__ import annotations

import base64
import html


def error_html(message: str) -> str:
    """A learner-facing error next to the field: escaped, with text and icon, announced."""
    return (f"<div class='cx-error' role='alert'><strong>&#9888; Please check:</strong> "
            f"{html.escape(message)}</div>")


def download_link(name: str, mime: str, content: str | bytes, text: str, *, css_class: str = "") -> str:
    """An ``<a download>`` holding the file in a data: URI, so nothing is written on the server where
    another learner could fetch it. Text is sent as UTF-8 (and says so); bytes as they are."""
    if isinstance(content, str):
        content, mime = content.encode("utf-8"), f"{mime};charset=utf-8"
    data = base64.b64encode(content).decode("ascii")
    cls = f" class='{css_class}'" if css_class else ""
    return f"<a{cls} download=\"{html.escape(name)}\" href=\"data:{mime};base64,{data}\">{html.escape(text)}</a>"


def download_list(items: list[str]) -> str:
    """Download links (list items' HTML) as the list every app shows under “Prepare files to download”."""
    return f"<ul class='cx-downloads' aria-label='Files to download'>{''.join(f'<li>{i}</li>' for i in items)}</ul>"
