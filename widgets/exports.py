"""The one place the package writes learner work as CSV or Markdown: safe wherever the file is opened.

Every CSV and Markdown export (journey maps, the service toolkit, the metrics workbench) goes through
this module, so one rule holds for all of them and a new export gets it by calling these functions.

**CSV** (:func:`csv_text`, :func:`frame_csv_text`, :func:`safe_cell`). RFC 4180: comma-separated, fields
quoted when they hold a comma, a double quote or a line break, ``\\r\\n`` between records, UTF-8 text.
A spreadsheet runs a cell as a formula when it starts with ``=``, ``+``, ``-`` or ``@`` (also through
DDE, e.g. ``=cmd|' /C calc'!A0``), and it strips leading spaces first, so `` =HYPERLINK(…)`` is live too.
Following OWASP "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection), a cell is
prefixed with a single quote ``'`` when, after leading whitespace and invisible characters are skipped
(spaces, tabs, CR, LF, no-break and other Unicode spaces, control and format characters such as the
zero-width space and the byte-order mark), it starts with ``=``, ``+``, ``-`` or ``@`` (or their
full-width forms ``＝ ＋ － ＠``, as a precaution), or when it starts with a tab or a carriage return.

Decision — numbers stay numbers. A cell whose whole text is a plain finite number (``-3``, ``-12.5``,
``-1e-05``: an optional minus sign, digits, an optional fraction and exponent, nothing else) is left
alone: a spreadsheet reads it as a number, not a formula, and an emotion score of −2 or a gap of −3 must
stay sortable. This applies to every cell whatever its Python type (a number is written with ``str``),
so an ``int`` ``-3`` and a ``str`` ``"-3"`` give the same cell. A leading ``+`` is *not* a plain number
here (``+44 20 7946 0000`` is neutralised and stays text), nor is ``-inf``, ``- 3`` or `` -3``. NaN
and ``None`` are written as empty cells.

**Markdown** (:func:`md_text`, :func:`md_link`). Learner text is written so that every Markdown viewer
shows it as typed and none turns it into markup: ``&``, ``<`` and ``>`` become ``&amp;``, ``&lt;``
and ``&gt;`` (so no raw HTML, such as ``<script>`` or ``<img onerror>``, and no autolink such as
``<javascript:…>``, survives); ``\\``, ``[``, ``]``, the backtick, ``*``, ``_``, ``|`` and ``~`` are
backslash-escaped (so no link, image, reference definition, code span, emphasis or table cell can be
made from learner text: a link to a non-http(s) target cannot arise, and a ``|`` cannot break a
table); runs of whitespace, line breaks included, become one space (an answer stays on its line, so it
cannot start a heading, list or block of its own); and a leading ``#``, ``+``, ``-`` or ``1.`` is
escaped. Brackets ``( )``, apostrophes, full stops and the rest of ordinary prose are left alone, so
the ``.md`` file stays readable as plain text. The only way to make a link is :func:`md_link`, which
keeps the link only for an absolute ``http://`` or ``https://`` address and otherwise writes the text.

A viewer that turns bare addresses into links (GFM "autolink literals", ``linkify``) may still link an
``http(s)://`` address or an e-mail address in learner text; neither can run script.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import math
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported only when a data frame is written
    import pandas as pd

# -- CSV ------------------------------------------------------------------------------------------------

FORMULA_SIGNS = frozenset("=+-@＝＋－＠")
"""Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"; the full-width
forms as a precaution)."""
_RAW_DANGER = ("\t", "\r")  # OWASP: a cell starting with a tab or CR is neutralised whatever follows
_PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _skipped(ch: str) -> bool:
    """Whitespace, or a character nobody sees (control ``Cc`` or format ``Cf``, e.g. U+200B, U+FEFF)."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


def _first_visible(text: str) -> str:
    for ch in text:
        if not _skipped(ch):
            return ch
    return ""


def is_plain_number(text: str) -> bool:
    """``True`` for a plain finite number such as ``-3``, ``2.5`` or ``-1e-05`` (nothing else in the text)."""
    return bool(_PLAIN_NUMBER.fullmatch(text)) and math.isfinite(float(text))


def safe_cell(value: object) -> str:
    """One CSV cell as text a spreadsheet will not run as a formula.

    Rule (OWASP "CSV Injection"): if the text starts with a tab or CR, or its first character after
    leading whitespace and invisible characters is ``=``, ``+``, ``-`` or ``@`` (or a full-width form),
    it is prefixed with ``'`` — unless the whole text is a plain finite number (:func:`is_plain_number`),
    which a spreadsheet reads as a number. ``None`` and NaN give an empty cell; anything else is ``str``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(_RAW_DANGER) or (_first_visible(text) in FORMULA_SIGNS and not is_plain_number(text)):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]], header: Iterable[object] | None = None) -> str:
    """RFC 4180 CSV (``\\r\\n`` line ends, minimal quoting) with every cell, header included, passed
    through :func:`safe_cell`. The one CSV writer for learner exports."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # quotes fields holding , " \r or \n
    if header is not None:
        writer.writerow([safe_cell(c) for c in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return buf.getvalue()


def frame_csv_text(frame: pd.DataFrame, *, index: bool = False) -> str:
    """A data frame as the same safe CSV: pandas formats the values (dates, periods, floats, blanks for
    NaN exactly as ``DataFrame.to_csv``), then every cell, column names included, goes through
    :func:`csv_text`. Whatever the column types (object, ``string``, category…), no cell escapes the rule."""
    text = frame.to_csv(index=index, lineterminator="\n")
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    return csv_text(rows, header=header)


# -- Markdown -------------------------------------------------------------------------------------------

_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_BACKSLASHED = frozenset("\\[]`*_|~")
_MD_LEADING_BLOCK = re.compile(r"(?:[#+-]|[0-9]{1,9}(?=[.)](?: |$)))")  # heading, bullet, rule, "1." list


def md_text(value: object) -> str:
    """Learner text for a Markdown export: shown as typed by any viewer, never markup.

    Rule (see the module docstring): ``& < >`` as HTML entities; ``\\ [ ] ` * _ | ~`` backslash-escaped;
    whitespace, line breaks included, collapsed to single spaces; a leading ``#``, ``+``, ``-`` or list
    number escaped. No raw HTML, link, image or reference definition can come from the text.
    ``None`` gives ``""``.
    """
    if value is None:
        return ""
    text = " ".join(str(value).split())
    out = []
    for ch in text:
        if ch in _MD_ENTITIES:
            out.append(_MD_ENTITIES[ch])
        elif ch in _MD_BACKSLASHED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    lead = _MD_LEADING_BLOCK.match(escaped)
    if lead:
        end = lead.end()
        escaped = (escaped[:end] + "\\" + escaped[end:]) if escaped[0].isdigit() else "\\" + escaped
    return escaped


# Characters kept as they are in a link destination; everything else (spaces, < > " \ ` { } | ^,
# controls, non-ASCII) is percent-encoded, so the destination cannot end early or be unescaped.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def md_link(text: object, url: object) -> str:
    """A Markdown link ``[text](<url>)`` only if ``url`` is an absolute ``http://`` or ``https://``
    address; otherwise just the text. ``text`` goes through :func:`md_text`; the address is
    percent-encoded where Markdown or HTML could misread it. Use this for every link built from data."""
    label = md_text(text)
    raw = "" if url is None else str(url)
    if raw != raw.strip() or any(_skipped(ch) and ch != " " for ch in raw):
        return label  # leading/trailing space or hidden characters: not a plain address
    parts = urllib.parse.urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return label
    target = urllib.parse.quote(raw, safe=_URL_SAFE)
    if not target.lower().startswith(("http://", "https://")):
        return label
    target = target.replace("&", "\\&")  # an "&lt;" in a query must not be read as an entity
    return f"[{label}](<{target}>)"


# -- handing a file to the learner -------------------------------------------------------------------
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
