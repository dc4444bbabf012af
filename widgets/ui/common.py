"""Small view helpers shared by every app."""

from __future__ import annotations

import html

from widgets.exports import download_link, download_list

__all__ = ["download_link", "download_list", "error_html"]


def error_html(message: str) -> str:
    """A learner-facing error next to the field: escaped, with text and icon, announced."""
    return (f"<div class='cx-error' role='alert'><strong>&#9888; Please check:</strong> "
            f"{html.escape(message)}</div>")
