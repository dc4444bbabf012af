"""The safe Markdown subset of question text, rendered to HTML in Python (for Moodle XML).

Supported, exactly as in ``quiz.js``: ``**bold**``, ``*italic*``, ```code```, lines starting ``- ``
(bullet list) or ``1. `` (numbered list), and paragraphs separated by blank lines. Everything else is
text: the input is HTML-escaped before any markup is added, so ``<img ...>`` stays visible text.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"\*(.+?)\*")
_BULLET = re.compile(r"^\s*-\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+\.\s+(.*)$")


def inline_html(text: str) -> str:
    """Inline markup of one line: escape, then code spans (left as they are), bold, italic."""
    parts = _CODE.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"<code>{html.escape(part)}</code>")
        else:
            esc = html.escape(part)
            esc = _BOLD.sub(r"<strong>\1</strong>", esc)
            esc = _ITALIC.sub(r"<em>\1</em>", esc)
            out.append(esc)
    return "".join(out)


def markdown_html(text: str) -> str:
    """Blocks: paragraphs and lists (see the module docstring)."""
    blocks: list[str] = []
    para: list[str] = []
    items: list[str] = []
    kind = ""

    def flush() -> None:
        nonlocal kind
        if para:
            blocks.append("<p>" + "<br>".join(inline_html(p) for p in para) + "</p>")
            para.clear()
        if items:
            tag = "ul" if kind == "ul" else "ol"
            blocks.append(f"<{tag}>" + "".join(f"<li>{inline_html(i)}</li>" for i in items) + f"</{tag}>")
            items.clear()
        kind = ""

    for line in text.strip().splitlines():
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if not line.strip():
            flush()
        elif bullet or numbered:
            want = "ul" if bullet else "ol"
            if para or (items and kind != want):
                flush()
            kind = want
            items.append((bullet or numbered).group(1))
        else:
            if items:
                flush()
            para.append(line.strip())
    flush()
    return "".join(blocks)
