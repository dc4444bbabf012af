"""Small view helpers shared by every app."""

from __future__ import annotations

import html

from widgets.exports import download_link, download_list

__all__ = ["download_link", "download_list", "error_html", "uploaded_bytes"]


def error_html(message: str) -> str:
    """A learner-facing error next to the field: escaped, with text and icon, announced."""
    return (f"<div class='cx-error' role='alert'><strong>&#9888; Please check:</strong> "
            f"{html.escape(message)}</div>")


def uploaded_bytes(upload: dict, limit: int, what: str) -> bytes:
    """The content of one file from a ``FileUpload``, refused with a sentence when it is over ``limit``
    bytes (``what`` names the kind of file, e.g. "a journey map file")."""
    size = int(upload.get("size") or len(upload["content"]))
    if size > limit:
        raise ValueError(f"“{upload.get('name', 'the file')}” is {size / 1e6:.1f} MB; {what} can be at most "
                         f"{limit / 1e6:.0f} MB.")
    return bytes(upload["content"])

