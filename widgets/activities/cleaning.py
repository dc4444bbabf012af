"""Data-cleaning lab (CIM Level 6, criterion 1.3): clean a messy customer export step by step and see what
each step does to the rows and to the insight.

The task file (``data/activities/<spec>/<name>.yml``, e.g. ``cim-l6-cjo/fern-cleaning.yml``) holds the cleaning
steps **as data**: each step's key, label, what it does, why, its risk and its options; the channel mapping the
learner may edit; the export date; and the questions. This module holds what each key does:

=====================  ==========================================================================================
step                   rule
=====================  ==========================================================================================
``trim_text``          strip every text cell and squeeze runs of spaces; names all in capitals or all in small
                       letters → capital first letter; postcodes in capitals
``normalise_emails``   small letters, no spaces, no ``+tag``; Gmail (and googlemail.com) dots ignored
``exact_duplicates``   rows identical in every column: keep the first
``near_duplicates``    same e-mail after normalising, or same first name + last name + postcode after folding:
                       one customer; keep the lowest customer ID, drop the others (orders not added)
``map_channels``       labels matched ignoring capitals, spaces, ``-`` and ``_`` → the mapped channel
``parse_dates``        ``2026-03-04``, ``04/03/2026`` (day first), ``04-03-2026``, ``4 Mar 2026``, ``4 March 2026``
                       → ``2026-03-04``; anything else emptied and flagged
``impossible_values``  spend < 0; orders < 0 or not whole; orders 0 and spend > 0; age < 16 or > 110; a date after
                       the export date; last order before sign-up: remove the row or empty the value
``missing_values``     empty cells (last order empty with 0 orders is not missing): flag, drop rows missing
                       channel/orders/spend, drop rows missing anything, or leave
``consent``            Yes/Y/TRUE/1/opted in = consent, anything else = none; written Yes/No; flag or remove
=====================  ==========================================================================================

:func:`clean` runs the chosen steps in the order given and returns a :class:`CleanResult`: the clean frame, a
log (step, rows affected, what changed, examples), figures before and after (rows, customers, spend and
repeat-purchase rate by channel, consented share) and the change in the headline insight (the channel with
the best repeat-purchase rate among channels with enough buyers). It works on an uploaded CSV
(:func:`read_upload`, :func:`prepare` with a column mapping). Every error is a ``ValueError`` in plain words.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field, field_validator, model_validator

from widgets.activities.common import MAX_TEXT, ActivityModel, load_yaml, open_saved, parse, saved_json
from widgets.charts import AccessibleChart, import_altair
from widgets.exports import csv_text, frame_csv_text, safe_cell

esc = html.escape
APP = "journey-data-lab"
KIND = "cleaning-lab"
MAX_UPLOAD_BYTES = 15_000_000
"""Largest CSV the lab reads: 100,000 rows of a customer export are about 11.5 MB."""
MAX_ROWS = 100_000
MAX_COLUMNS = 60
MAX_MAPPING = 200
"""Most lines in a channel mapping (a real export has tens of spellings, not hundreds)."""
MAX_LABEL = 60
MAX_TABLE_CHANNELS = 30
"""Most channel labels in a figures table; the rest are summed as one line (an upload may have thousands)."""
FLAGS = "cleaning_flags"
TEXT_MARK = "cx_all_text"
"""Set in a frame's ``attrs`` by the readers here: every cell is a ``str`` (``prepare`` need not check)."""
NO_CHANNEL = "(blank)"
STEP_KEYS = ("trim_text", "normalise_emails", "exact_duplicates", "near_duplicates", "map_channels", "parse_dates",
             "impossible_values", "missing_values", "consent")
OPTIONS = {"impossible_values": ("remove", "blank"), "missing_values": ("flag", "drop_needed", "drop_any", "leave"),
           "consent": ("flag", "remove")}
OPTION_LABELS = {"remove": "Remove the record", "blank": "Empty the value", "flag": "Flag",
                 "drop_needed": "Drop records missing channel, orders or spend",
                 "drop_any": "Drop records missing anything", "leave": "Leave and only report"}
CONSENT_OPTION_LABELS = {"flag": "Flag: keep every record for analysis", "remove": "Remove: keep only a mailing list"}

# -- columns: the roles the lab knows and the headings it recognises ----------------------------------------------
ROLES = {
    "customer_id": ("customer id", "customer", "id", "customer number", "client id", "account id", "contact id"),
    "first_name": ("first name", "forename", "given name", "firstname"),
    "last_name": ("last name", "surname", "family name", "lastname"),
    "email": ("email", "e mail", "email address", "e mail address", "mail"),
    "postcode": ("postcode", "post code", "postal code", "zip", "zip code"),
    "segment": ("segment", "customer segment"),
    "signup_date": ("signup date", "sign up date", "joined", "date joined", "created", "created date", "signup"),
    "acquisition_channel": ("acquisition channel", "channel", "source", "acquisition source", "first channel",
                            "marketing channel"),
    "orders": ("orders", "order count", "number of orders", "orders count", "total orders"),
    "total_spend": ("total spend", "spend", "revenue", "total revenue", "lifetime spend", "total spent", "sales"),
    "last_order_date": ("last order date", "last order", "last purchase date", "last purchase"),
    "age": ("age", "age years"),
    "marketing_consent": ("marketing consent", "consent", "opt in", "email opt in", "marketing opt in",
                          "email consent"),
}
ROLE_LABELS = {"customer_id": "Customer ID", "first_name": "First name", "last_name": "Last name", "email": "E-mail",
               "postcode": "Postcode", "segment": "Segment", "signup_date": "Sign-up date",
               "acquisition_channel": "Acquisition channel", "orders": "Orders", "total_spend": "Total spend (£)",
               "last_order_date": "Last order date", "age": "Age", "marketing_consent": "Marketing consent"}
NEEDED = ("acquisition_channel", "orders", "total_spend")
"""Columns the before/after figures cannot do without."""
STEP_NEEDS = {"trim_text": (), "normalise_emails": ("email",), "exact_duplicates": (),
              "near_duplicates": ("email",), "map_channels": ("acquisition_channel",),
              "parse_dates": ("signup_date", "last_order_date"), "impossible_values": ("orders", "total_spend"),
              "missing_values": (), "consent": ("marketing_consent",)}
"""A step runs when the frame has at least one of these columns (none: any frame); else it is skipped."""
DATE_COLUMNS = ("signup_date", "last_order_date")
CONSENT_YES = frozenset({"yes", "y", "true", "1", "opted in", "opt in", "opt-in", "subscribed"})
CONSENT_NO = frozenset({"no", "n", "false", "0", "opted out", "opt out", "unsubscribed"})
MIN_AGE, MAX_AGE = 16, 110


def _fold_heading(text: object) -> str:
    return re.sub(r"[\s_\-.]+", " ", str(text).strip().lower()).strip()


def _label_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(text).strip().casefold())


# -- the task file ------------------------------------------------------------------------------------------------
class StepInfo(ActivityModel):
    key: str
    label: str
    what: str
    why: str
    risk: str
    options: list[str] = []

    @model_validator(mode="after")
    def _known(self) -> StepInfo:
        if self.key not in STEP_KEYS:
            raise ValueError(f"unknown cleaning step {self.key!r}; the lab knows {', '.join(STEP_KEYS)}")
        allowed = OPTIONS.get(self.key, ())
        if any(o not in allowed for o in self.options):
            raise ValueError(f"step {self.key}: options must be some of {', '.join(allowed) or 'none'}")
        return self


class CleaningTask(ActivityModel):
    id: str
    title: str
    criteria: list[str] = []
    organisation: str
    dataset: str = Field(pattern=r"^[a-z0-9_]+$")
    export_date: dt.date
    instructions: str
    channels: list[str] = Field(min_length=1)
    min_buyers: int = Field(50, ge=1)
    steps: list[StepInfo] = Field(min_length=1)
    channel_mapping: dict[str, str] = {}
    questions: list[str] = []

    @model_validator(mode="after")
    def _consistent(self) -> CleaningTask:
        keys = [s.key for s in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError("each cleaning step may appear once")
        check_mapping(self.channel_mapping)
        return self

    def step(self, key: str) -> StepInfo:
        for s in self.steps:
            if s.key == key:
                return s
        raise ValueError(f"“{str(key)[:40]}” is not one of the cleaning steps of this lab: choose from the list.")

    def default_options(self) -> dict[str, str]:
        return {s.key: (s.options[0] if s.options else "") for s in self.steps if s.options}

    def raw_frame(self) -> pd.DataFrame:
        return dataset_text_frame(self.dataset)


def load_cleaning_task(spec_id: str, name: str) -> CleaningTask:
    return parse(CleaningTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def dataset_text_frame(dataset: str) -> pd.DataFrame:
    """``data/datasets/<dataset>.csv`` with every cell as text (an empty cell is ``""``), as an export reads."""
    path = Path(__file__).resolve().parents[2] / "data" / "datasets" / f"{dataset}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, index_col=False)
    frame.attrs[TEXT_MARK] = True
    return frame


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """A channel mapping (label → channel) with every label and channel present and short; ``ValueError``."""
    if len(mapping) > MAX_MAPPING:
        raise ValueError(f"The channel mapping has {len(mapping)} lines; the lab takes up to {MAX_MAPPING}.")
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for label, channel in mapping.items():
        label, channel = str(label).strip(), str(channel if channel is not None else "").strip()
        if not label:
            raise ValueError("A line of the channel mapping has no label before the “=”. Write the label as it "
                             "appears in the data, e.g. FB = Paid social.")
        if not channel:
            raise ValueError(f"“{label[:40]}” is mapped to an empty label. Write the channel it stands for after "
                             "the “=”, or remove the line.")
        if len(label) > MAX_LABEL or len(channel) > MAX_LABEL:
            raise ValueError(f"“{label[:40]}”: keep labels and channels under {MAX_LABEL} characters.")
        key = _label_key(label)
        if key in seen and seen[key] != channel:
            raise ValueError(f"“{label[:40]}” is mapped twice, to “{seen[key][:40]}” and to “{channel[:40]}”. Keep "
                             "one line for it.")
        seen[key] = channel
        out[label] = channel
    return out


def parse_mapping_text(text: str) -> dict[str, str]:
    """A mapping typed one line each as ``label = channel`` (``→`` or ``->`` also work); blank lines and lines
    starting with ``#`` are ignored. ``ValueError`` naming the line that is wrong."""
    if len(text or "") > MAX_MAPPING * 130:
        raise ValueError(f"The channel mapping is too long: keep it to {MAX_MAPPING} lines.")
    mapping: dict[str, str] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = re.split(r"\s*(?:=|→|->)\s*", line, maxsplit=1)
        if len(parts) != 2:
            raise ValueError(f"Line {number} of the channel mapping (“{line[:40]}”) has no “=”. Write each line as "
                             "label = channel, e.g. FB = Paid social.")
        label, channel = parts[0].strip(), parts[1].strip()
        if not label:
            raise ValueError(f"Line {number} of the channel mapping has no label before the “=”.")
        if not channel:
            raise ValueError(f"Line {number}: “{label[:40]}” is mapped to an empty label. Write the channel it "
                             "stands for after the “=”, or remove the line.")
        mapping[label] = channel
    return check_mapping(mapping)


def mapping_text(mapping: Mapping[str, str]) -> str:
    return "\n".join(f"{k} = {v}" for k, v in mapping.items())


# -- reading an upload and naming its columns ---------------------------------------------------------------------
@dataclass(frozen=True)
class Loaded:
    frame: pd.DataFrame
    name: str
    notes: tuple[str, ...] = ()


def read_upload(content: bytes, filename: str = "upload.csv") -> Loaded:
    """An uploaded CSV with every cell as text; ``ValueError`` saying what is wrong and how to fix it."""
    from widgets.workbench import _BINARY_SIGNATURES, _decode_utf16_or_32

    name = Path(str(filename or "upload.csv")).name or "upload.csv"
    if not isinstance(content, bytes | bytearray | memoryview):
        raise ValueError("The upload could not be read; please choose the file again.")
    content = bytes(content)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError(f"{name} is {len(content) / 1e6:.1f} MB; the lab reads files up to "
                         f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB. Upload a sample of the rows.")
    if not content.strip():
        raise ValueError(f"{name} is empty: there is nothing to clean.")
    for signature, kind in _BINARY_SIGNATURES.items():
        if content.startswith(signature):
            raise ValueError(f"{name} is {kind}, not a CSV file. In a spreadsheet use Save As › CSV UTF-8 (comma "
                             "delimited), then upload that file.")
    if Path(name).suffix.lower() not in {".csv", ".txt", ".tsv", ""}:
        raise ValueError(f"{name} is not a CSV file. Save your data as CSV (comma-separated values) and upload that.")
    notes: list[str] = []
    text = _decode_utf16_or_32(content, name, notes)
    if text is None:
        if b"\x00" in content[:4096]:
            raise ValueError(f"{name} is not a text file, so it is not a CSV file.")
        if content.startswith(b"\xef\xbb\xbf"):
            content = content[3:]
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
            notes.append("The file is not UTF-8; it was read as Windows (Western European) text. Check accented "
                         "names look right.")
    if not text.strip():
        raise ValueError(f"{name} is empty: there is nothing to clean.")
    header = text.lstrip().splitlines()[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    sep = max(counts, key=lambda s: counts[s])
    if counts[sep] < 2:
        raise ValueError(f"{name} has {counts[sep] + 1} column{'s' if counts[sep] else ''}: the lab needs at least "
                         "three, the acquisition channel, the number of orders and the total spend, separated by "
                         "commas.")
    try:
        headings = [h.strip() for h in next(csv.reader([header], delimiter=sep))]
    except (csv.Error, StopIteration):
        headings = header.split(sep)
    folded = [_fold_heading(h) for h in headings if h.strip()]
    if len(set(folded)) != len(folded):
        raise ValueError(f"{name} has two columns with the same heading. Give each column its own name.")
    if sep != ",":
        notes.append(f"The file uses {'semicolons' if sep == ';' else 'tabs'} between columns; it was read that way.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, index_col=False,
                                quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, pd.errors.ParserWarning, csv.Error) as exc:
        found = re.search(r"line (\d+)", str(exc))
        where = f" near line {found.group(1)}" if found else ""
        raise ValueError(f"{name} could not be read as CSV{where}: a row has more values than the heading row. "
                         "Check for a stray comma or a missing quote.") from None
    except pd.errors.EmptyDataError:
        raise ValueError(f"{name} has no columns to read.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(frame.columns) > MAX_COLUMNS:
        raise ValueError(f"{name} has {len(frame.columns):,} columns; the lab takes up to {MAX_COLUMNS}. Keep the "
                         "customer columns and upload it again.")
    if any(c == "" or c.startswith("Unnamed:") for c in frame.columns):
        raise ValueError(f"{name} has a column without a heading. Give every column a name in the first row.")
    if len(set(_fold_heading(c) for c in frame.columns)) != len(frame.columns):
        raise ValueError(f"{name} has two columns with the same heading. Give each column its own name.")
    if _looks_like_data(frame.columns):
        raise ValueError(f"{name} seems to have no heading row: its first row holds data (an e-mail address or "
                         "numbers). Add a first row naming the columns, e.g. customer_id,email,acquisition_channel,"
                         "orders,total_spend.")
    if frame.empty:
        raise ValueError(f"{name} has headings but no rows of data.")
    if len(frame) > MAX_ROWS:
        raise ValueError(f"{name} has {len(frame):,} rows; the lab cleans up to {MAX_ROWS:,}. Upload a sample.")
    frame.attrs[TEXT_MARK] = True
    return Loaded(frame=frame, name=name, notes=tuple(notes))


def _looks_like_data(columns: Iterable[str]) -> bool:
    cols = list(columns)
    if any(_find_role(cols, role) for role in ROLES):
        return False
    return any("@" in c or re.fullmatch(r"-?[£$]?\d[\d,.]*", c) for c in cols)


def _find_role(columns: list[str], role: str) -> str | None:
    wanted = {_fold_heading(role), *ROLES[role]}
    for c in columns:
        if _fold_heading(c) in wanted:
            return c
    return None


def guess_columns(columns: Iterable[str]) -> dict[str, str]:
    """Role → heading for every role whose heading the lab recognises (``Email address`` → ``email``)."""
    cols, out, used = list(columns), {}, set()
    for role in ROLES:
        found = _find_role([c for c in cols if c not in used], role)
        if found is not None:
            out[role] = found
            used.add(found)
    return out


def prepare(frame: pd.DataFrame, column_map: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The frame with its columns renamed to the lab's roles (``column_map`` role → heading overrides the guess;
    an empty heading means "this file has none"), every cell as text; ``ValueError`` when a needed column is
    missing or the mapping is inconsistent."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError("The lab needs a table of customers.")
    if frame.empty:
        raise ValueError("The table has no rows to clean.")
    if len(frame) > MAX_ROWS:
        raise ValueError(f"The table has {len(frame):,} rows; the lab cleans up to {MAX_ROWS:,}.")
    columns = [str(c) for c in frame.columns]
    chosen = guess_columns(columns)
    notes: list[str] = []
    for role, heading in (column_map or {}).items():
        if role not in ROLES:
            raise ValueError(f"“{str(role)[:40]}” is not a column the lab uses.")
        heading = str(heading or "").strip()
        if not heading:
            chosen.pop(role, None)
            continue
        if heading not in columns:
            raise ValueError(f"{ROLE_LABELS[role]}: the file has no column “{heading[:40]}”. Choose one of its "
                             "columns.")
        chosen[role] = heading
    headings = list(chosen.values())
    for heading in set(headings):
        roles = [ROLE_LABELS[r] for r, h in chosen.items() if h == heading]
        if len(roles) > 1:
            raise ValueError(f"The column “{heading[:40]}” is chosen for both {roles[0]} and {roles[1]}. Each column "
                             "can have one role.")
    missing = [r for r in NEEDED if r not in chosen]
    if missing:
        names = ", ".join(ROLE_LABELS[r] for r in missing)
        looked = "; ".join(f"{ROLE_LABELS[r]}: {', '.join(ROLES[r][:4])}" for r in missing)
        raise ValueError(f"The file has no column for {names}, which the before-and-after figures need (headings "
                         f"the lab recognises: {looked}). Rename the column or choose it in the column mapping.")
    renamed = {h: r for r, h in chosen.items() if h != r}
    clash = [r for r in renamed.values() if r in columns and r not in chosen.values()]
    moved = {c: f"{c} (original)" for c in clash}
    out = frame.copy()  # one copy; the headings renamed in place of two ``rename`` copies
    out.columns = [renamed.get(m, m) for m in (moved.get(c, c) for c in frame.columns)]
    for role, heading in chosen.items():
        if heading != role:
            notes.append(f"Column “{heading}” is used as {ROLE_LABELS[role]}.")
    as_text = frame.attrs.get(TEXT_MARK, False)  # read by this module: every cell is already text
    for c in out.columns:  # every cell as text (the steps rely on it); a missing value as ""
        col = out[c]
        if as_text and col.dtype == object:
            continue
        if col.dtype != object or pd.api.types.infer_dtype(col, skipna=False) != "string":
            out[c] = [v if isinstance(v, str) else "" if v is None or v != v else str(v) for v in col.to_numpy()]
    out.index = pd.RangeIndex(len(out))  # ``out`` is this function's own copy: no second copy to renumber
    return out, tuple(notes)


# -- shared parsing -------------------------------------------------------------------------------------------------
# Every text operation runs once per distinct value (``pandas.factorize``) and is spread back over the rows by the
# codes: a customer export has few distinct channels, segments, dates, ages and consents, so 100,000 rows clean in
# well under a second.
HIGH_CARDINALITY = frozenset({"customer_id", "email", "postcode", "total_spend"})
"""Columns where almost every value differs: a loop over the rows is quicker than finding the distinct values."""


def per_unique(series: pd.Series, fn, dtype=object) -> np.ndarray:
    """``fn`` applied to each distinct value of ``series`` (a missing value as ``""``), as an array over its rows.
    For a column where nearly every value differs it loops over the rows instead."""
    values = series.to_numpy(dtype=object)
    if series.name in HIGH_CARDINALITY:
        return np.array([fn(v) for v in values], dtype=dtype)
    codes, uniques = pd.factorize(values)
    done = [fn(u) for u in uniques]
    if (codes < 0).any():  # None or NaN in a frame not read as text
        codes = np.where(codes < 0, len(done), codes)
        done.append(fn(""))
    return np.array(done, dtype=dtype)[codes] if done else np.empty(0, dtype=dtype)


def _missing(value: object) -> bool:
    """None, NaN, NaT or ``pd.NA`` (a cell of a frame not read as text)."""
    if value is None or isinstance(value, str):
        return value is None
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(text: object) -> float:
    value = str(text).strip()
    try:
        number = float(value)
    except ValueError:
        try:
            number = float(value.replace("£", "").replace(",", "").replace(" ", ""))
        except ValueError:
            return math.nan
    return number if math.isfinite(number) else math.nan


def to_number(series: pd.Series) -> pd.Series:
    """Numbers from text: ``£1,234.50`` → 1234.5; empty, unreadable or infinite → NaN."""
    values = series.to_numpy(dtype=object)
    codes = None
    if series.name not in HIGH_CARDINALITY:  # few distinct values (orders, age): convert each once
        codes, values = pd.factorize(values, use_na_sentinel=False)
        values = np.asarray(values, dtype=object)
    try:  # quick when every cell is a plain number or empty
        numbers = np.where(values == "", "nan", values).astype(np.float64)
        numbers[~np.isfinite(numbers)] = np.nan
    except (ValueError, TypeError):
        numbers = np.array([_number(v if v is not None and v == v else "") for v in values], dtype=float)
    if codes is not None:
        numbers = numbers[codes] if len(numbers) else np.empty(0, dtype=float)
    return pd.Series(numbers, index=series.index)


DATE_SHAPES = ((r"\d{4}-\d{1,2}-\d{1,2}", ("%Y-%m-%d",)), (r"\d{1,2}/\d{1,2}/\d{4}", ("%d/%m/%Y",)),
               (r"\d{1,2}-\d{1,2}-\d{4}", ("%d-%m-%Y",)), (r"\d{1,2} [A-Za-z]+ \d{4}", ("%d %b %Y", "%d %B %Y")))
"""Each shape of date and the formats tried on it (slashes and dashes day first, the UK way); a value of no
shape, or whose numbers are not a date (31/02/2026, 03/14/2026), cannot be read."""
_DATE_SHAPE = re.compile("|".join(f"({shape})" for shape, _ in DATE_SHAPES))
"""All the shapes as one pattern: group *k* matches shape *k* (no text has two shapes)."""


def _parse_unique(series: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.Series, np.ndarray]:
    """(codes, distinct values, their dates, which of them are unreadable) for :func:`parse_dates`: each distinct
    value is matched to its shape first, so each format is tried only on values that can be in it."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=False)
    stripped = [str(u).strip() for u in uniques]
    text = pd.Series(stripped, dtype=object)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    found = [_DATE_SHAPE.fullmatch(u) for u in stripped]  # the shapes exclude each other: one match says which
    shape_of = np.array([m.lastindex if m else 0 for m in found], dtype=np.int64)
    for number, (_, formats) in enumerate(DATE_SHAPES, start=1):
        todo = pd.Series(shape_of == number, index=text.index)
        for fmt in formats:
            if not todo.any():
                break
            got = pd.to_datetime(text[todo], format=fmt, errors="coerce")
            out.loc[got.index] = out.loc[got.index].fillna(got)
            todo &= out.isna()
    return codes, uniques, out, (out.isna() & (text != "")).to_numpy()


def parse_dates(series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(dates, unreadable) for text dates in :data:`DATE_SHAPES` (slashes and dashes read day first); empty
    cells are NaT and not unreadable."""
    codes, _, dates, bad = _parse_unique(series)
    if not len(dates):
        return pd.Series([], dtype="datetime64[ns]", index=series.index), np.zeros(0, dtype=bool)
    return pd.Series(dates.to_numpy()[codes], index=series.index), bad[codes]


def _email_key(text: object) -> str:
    value = str(text).strip().lower()
    local, at, domain = value.rpartition("@")
    if not at:
        return value
    if "+" in local:
        local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


_GMAIL = ("@gmail.com", "@googlemail.com")
_SEP = "\x00"
"""Joins a column's cells into one string so that a text method runs once in C rather than once per cell: it has
no case, is not case-ignorable and is not a space, so ``lower``, ``upper`` and ``replace(" ", "")`` act on each cell
of the joined text exactly as on the cell alone (a column holding it is done cell by cell)."""


def _joined(values: np.ndarray | list) -> str | None:
    """The cells joined by :data:`_SEP`, or ``None`` when a cell is not text or holds the separator."""
    if not len(values):
        return None
    try:
        text = _SEP.join(values)
    except TypeError:
        return None
    return text if text.count(_SEP) == len(values) - 1 else None


_CELL_START_SPACE = re.compile(r"\x00\s")
"""A cell starting with a space in text joined by :data:`_SEP` (in the reversed text: a cell ending with one)."""


def _all_tidy(values: np.ndarray, upper: bool = False) -> bool:
    """True when no cell has spaces at either end, two spaces or a tab (nor, with ``upper``, a small letter): the
    text checks of :func:`step_trim_text` run once on the joined column; ``False`` when unsure."""
    text = _joined(values)
    if text is None or text[:1].isspace() or text[-1:].isspace() or "  " in text or "\t" in text:
        return False
    if _CELL_START_SPACE.search(text) or _CELL_START_SPACE.search(text[::-1]):
        return False
    return not upper or text.upper() == text


def _objects(cells: list[str]) -> np.ndarray:
    return np.array(cells, dtype=object) if cells else np.empty(0, dtype=object)


def email_key(series: pd.Series) -> pd.Series:
    """E-mails as one mailbox: small letters, no spaces, no ``+tag``; Gmail dots ignored (googlemail → gmail).
    Every cell is stripped and put in small letters; the full rule (:func:`_email_key`) runs only on the
    addresses it can change further: those with a ``+`` or a Gmail domain."""
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) != "string":
        return pd.Series(per_unique(series, _email_key), index=series.index)
    keys = [v.strip().lower() for v in values]
    for i in [i for i, v in enumerate(keys) if "@" in v and ("+" in v or v.endswith(_GMAIL))]:
        keys[i] = _email_key(keys[i])
    return pd.Series(_objects(keys), index=series.index)


def consent_yes(series: pd.Series) -> np.ndarray:
    return per_unique(series, lambda u: str(u).strip().lower() in CONSENT_YES, bool)


def _add_flags(frame: pd.DataFrame, mask: np.ndarray, text: np.ndarray | str) -> pd.DataFrame:
    if not mask.any():
        return frame
    flags = (frame[FLAGS].to_numpy(dtype=object).copy() if FLAGS in frame.columns
             else np.full(len(frame), "", dtype=object))
    for i in np.flatnonzero(mask):
        add = text if isinstance(text, str) else text[i]
        flags[i] = f"{flags[i]}; {add}" if flags[i] else add
    frame = frame.copy(deep=False)
    frame[FLAGS] = flags
    return frame


def _keep_rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The rows where ``keep`` is true, numbered from 0: the same as ``frame.loc[keep].reset_index(drop=True)``
    but column by column, so the frame's columns are not first stacked into one block (a copy of every cell)."""
    if not frame.columns.is_unique:
        return frame.loc[keep].reset_index(drop=True)
    out = pd.DataFrame({c: frame[c].to_numpy()[keep] for c in frame.columns}, columns=frame.columns, copy=False)
    out.attrs = dict(frame.attrs)
    return out


def _id(frame: pd.DataFrame, i: int) -> str:
    return frame["customer_id"].iat[i] if "customer_id" in frame.columns else f"row {i + 2}"


def _q(value: object, limit: int = 40) -> str:
    text = str(value)
    return f"“{text[:limit]}{'…' if len(text) > limit else ''}”"


# -- the steps ------------------------------------------------------------------------------------------------------
@dataclass
class Context:
    export_date: pd.Timestamp
    mapping: dict[str, str]
    channels: tuple[str, ...]
    options: dict[str, str]
    consent_checked: bool = False
    emails_normalised: bool = False
    parsed: dict = field(default_factory=dict)  # date column → (its values as written, their dates)
    trimmed: bool = False


@dataclass(frozen=True)
class Outcome:
    rows_affected: int
    changed: str
    examples: tuple[str, ...] = ()


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c != FLAGS]


def _tidy(text: str) -> str:
    value = text.strip()
    if "  " in value or "\t" in value:
        value = re.sub(r"\s{2,}", " ", value)
    return value


def _tidy_name(text: str) -> str:
    value = _tidy(text)
    if (value.isupper() or value.islower()) and sum(ch.isalpha() for ch in value) >= 2:
        value = value.title()
    return value


def _tidy_postcode(text: str) -> str:
    return _tidy(text).upper()


def step_trim_text(frame: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, Outcome]:
    out = frame.copy(deep=False)
    changed = np.zeros(len(frame), dtype=bool)
    per_col: dict[str, int] = {}
    examples: list[str] = []
    for c in _text_columns(frame):
        fix = _tidy_name if c in ("first_name", "last_name") else _tidy_postcode if c == "postcode" else _tidy
        values = frame[c].to_numpy(dtype=object)
        if c in HIGH_CARDINALITY:  # strip each row; squeeze spaces only where there are two
            if _all_tidy(values, upper=c == "postcode"):
                continue
            cells = [v.strip().upper() for v in values] if c == "postcode" else [v.strip() for v in values]
            fixed = _objects(cells)
            joined = _SEP.join(cells)
            if "  " in joined or "\t" in joined:
                for i in np.flatnonzero([("  " in v or "\t" in v) for v in fixed]):
                    fixed[i] = _tidy(fixed[i])
            diff = fixed != values
        else:  # the rule once per distinct value; nothing to do in a column whose values are all tidy
            codes, uniques = pd.factorize(values)
            done = np.array([fix(u) for u in uniques], dtype=object)
            moved = done != uniques.astype(object)
            if not moved.any():
                continue
            fixed, diff = done[codes], moved[codes]
        if not diff.any():
            continue
        per_col[c] = int(diff.sum())
        for i in np.flatnonzero(diff)[:2]:
            if len(examples) < 4:
                examples.append(f"{_id(frame, i)}: {c} {_q(values[i])} → {_q(fixed[i])}")
        changed |= diff
        out[c] = fixed
    ctx.trimmed = True
    what = ", ".join(f"{c} in {n:,} rows" for c, n in per_col.items()) or "nothing needed trimming"
    return out, Outcome(int(changed.sum()), f"Cells trimmed or re-cased: {what}.", tuple(examples))


def step_normalise_emails(frame: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, Outcome]:
    s = frame["email"]
    t = email_key(s)
    diff = (t != s).to_numpy()
    no_at = np.array([bool(v) and "@" not in v for v in t.to_numpy(dtype=object)], dtype=bool)
    out = frame.copy(deep=False)
    out["email"] = t
    ctx.emails_normalised = True
    examples = tuple(f"{_id(frame, i)}: {_q(s.iat[i])} → {_q(t.iat[i])}" for i in np.flatnonzero(diff)[:4])
    what = f"{int(diff.sum()):,} e-mail addresses rewritten (small letters, no +tag, Gmail dots removed)."
    if no_at.any():
        what += f" {int(no_at.sum()):,} addresses have no @ and are not valid: left as they are."
    return out, Outcome(int(diff.sum()), what, examples)


def exact_duplicate_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows identical in every column to an earlier row. Identical rows share their customer ID (or, without one,
    the hash of all their cells), so only rows whose key was seen before are compared cell by cell."""
    if "customer_id" in frame.columns:
        key = frame["customer_id"].to_numpy(dtype=object)
    else:
        key = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    seen_before = pd.Series(key).duplicated(keep=False).to_numpy()
    dup = np.zeros(len(frame), dtype=bool)
    if seen_before.any():
        rows = np.flatnonzero(seen_before)
        values = frame.iloc[rows].to_numpy(dtype=object)
        seen: set[tuple] = set()
        for j, i in enumerate(rows):
            row = tuple(values[j])
            if row in seen:
                dup[i] = True
            else:
                seen.add(row)
    return dup


def step_exact_duplicates(frame: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, Outcome]:
    dup = exact_duplicate_rows(frame)
    examples = tuple(f"{_id(frame, i)} appeared more than once" for i in np.flatnonzero(dup)[:4])
    kept = _keep_rows(frame, ~dup)
    return kept, Outcome(int(dup.sum()), f"{int(dup.sum()):,} copies removed; {len(kept):,} rows left.", examples)


def _fold_name(text: object) -> str:
    return " ".join(str(text).split()).lower()


def step_near_duplicates(frame: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, Outcome]:
    n = len(frame)
    if "customer_id" in frame.columns:
        ids = frame["customer_id"].to_numpy(dtype=object)
        if not ctx.trimmed:  # after “Trim” every ID is stripped already
            ids = [v.strip() if isinstance(v, str) else v for v in ids]
        ids = np.array(ids, dtype=str)
        lengths = np.char.str_len(ids)
        order = np.lexsort((np.arange(n), ids, lengths))
    else:
        order = np.arange(n)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    keys = []
    if "email" in frame.columns:
        emails = frame["email"] if ctx.emails_normalised else email_key(frame["email"])  # the key is idempotent
        keys.append(emails.to_numpy(dtype=object))
    if all(c in frame.columns for c in ("first_name", "last_name", "postcode")):
        parts = [per_unique(frame[c], _fold_name) for c in ("first_name", "last_name")]
        postcodes = frame["postcode"].to_numpy(dtype=object)
        joined = _joined(postcodes)
        folded = (joined.replace(" ", "").lower().split(_SEP) if joined is not None
                  else [v.replace(" ", "").lower() for v in postcodes])
        parts.append(_objects(folded))
        combined = np.zeros(n, dtype=np.int64)
        blank = np.zeros(n, dtype=bool)
        for part in parts:  # one integer per (first name, last name, postcode): no strings joined
            codes, uniques = pd.factorize(part)
            combined = combined * (len(uniques) + 1) + codes
            blank |= part == ""
        keys.append(np.where(blank, -1, combined))
    coded = []
    for key in keys:
        codes, uniques = pd.factorize(key)
        if key.dtype == object:
            empty = np.flatnonzero(uniques == "")
            if len(empty):
                codes = np.where(codes == empty[0], -1, codes)
        else:
            minus = np.flatnonzero(uniques == -1)
            if len(minus):
                codes = np.where(codes == minus[0], -1, codes)
        coded.append((codes, len(uniques)))
    label = rank.copy()
    for _ in range(20):  # join records that share either key until nothing changes
        before = label.copy()
        for codes, size in coded:
            valid = codes >= 0
            if valid.any():
                low = np.full(size, n, dtype=np.int64)
                np.minimum.at(low, codes[valid], label[valid])
                label[valid] = low[codes[valid]]
        if np.array_equal(before, label):
            break
    drop = label != rank
    kept_row = order[label]  # the row whose rank is the group's label
    examples = []
    for i in np.flatnonzero(drop)[:4]:
        j = kept_row[i]
        who = " ".join(str(frame[c].iat[i]).strip() for c in ("first_name", "last_name") if c in frame.columns)
        mail = f", {frame['email'].iat[i].strip()}" if "email" in frame.columns else ""
        examples.append(f"{_id(frame, i)} ({who}{mail}) merged into {_id(frame, j)}")
    kept = _keep_rows(frame, ~drop)
    groups = len(np.unique(label[drop])) if drop.any() else 0
    what = (f"{int(drop.sum()):,} records merged into {groups:,} customers already in the file (the lowest customer "
            f"ID kept); {len(kept):,} rows left.")
    return kept, Outcome(int(drop.sum()), what, tuple(examples))


def channel_lookup(mapping: Mapping[str, str], channels: Iterable[str]) -> dict[str, str]:
    lookup = {_label_key(c): c for c in channels}
    lookup.update({_label_key(k): v for k, v in mapping.items()})
    return lookup


def step_map_channels(frame: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, Outcome]:
    s = frame["acquisition_channel"]
    codes, uniques = pd.factorize(s)
    lookup = channel_lookup(ctx.mapping, ctx.channels)
    known = set(lookup.values())
    mapped = np.array([lookup.get(_label_key(u), u) for u in uniques], dtype=object)
    t = pd.Series(mapped[codes] if len(uniques) else s.to_numpy(), index=s.index)
    diff = (t != s).to_numpy()
    counts = pd.Series(codes[diff]).value_counts() if diff.any() else pd.Series(dtype=int)
    changes = [f"{_q(uniques[c], 30)} → {_q(mapped[c], 30)} ({k:,})" for c, k in counts.items()]
    unmapped = [(u, int((codes == c).sum())) for c, u in enumerate(uniques)
                if str(u).strip() and mapped[c] not in known]
    what = f"{int(diff.sum()):,} labels changed: " + ("; ".join(changes[:12]) or "none")
    if len(changes) > 12:
        what += f"; and {len(changes) - 12} more"
    what += "."
    if unmapped:
        unmapped.sort(key=lambda p: -p[1])
        what += (" Not in the mapping, left as they are: " + "; ".join(f"{_q(u, 30)} ({k:,})" for u, k in unmapped[:8])
                 + (f"; and {len(unmapped) - 8} more" if len(unmapped) > 8 else "") + ".")
    out = frame.copy(deep=False)
    out["acquisition_channel"] = t
    return out, Outcome(int(diff.sum()), what, tuple(changes[:4]))


def step_parse_dates(frame: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, Outcome]:
    out = frame.copy(deep=False)
    changed = np.zeros(len(frame), dtype=bool)
    bad_any = np.zeros(len(frame), dtype=bool)
    examples: list[str] = []
    rewritten = unreadable = 0
    flag_text = np.full(len(frame), "", dtype=object)
    for c in DATE_COLUMNS:
        if c not in frame.columns:
            continue
        s = frame[c]
        codes, uniques, dates, bad_u = _parse_unique(s)
        day = dates.to_numpy().astype("datetime64[D]")  # as YYYY-MM-DD in one C call (years 1677–2262)
        iso_u = np.where(np.isnat(day), "", np.datetime_as_string(day, unit="D")).astype(object)
        diff_u = iso_u != np.asarray(uniques, dtype=object)
        diff, bad = diff_u[codes], bad_u[codes]
        good_change = diff & ~bad
        rewritten += int(good_change.sum())
        unreadable += int(bad.sum())
        for i in np.flatnonzero(good_change)[:2]:
            examples.append(f"{_id(frame, i)}: {c} {_q(s.iat[i])} → {_q(iso_u[codes[i]])}")
        for i in np.flatnonzero(bad)[:1]:
            examples.append(f"{_id(frame, i)}: {c} {_q(s.iat[i])} could not be read: emptied and flagged")
        for i in np.flatnonzero(bad):
            note = f"unreadable {c} {_q(s.iat[i])}"
            flag_text[i] = note if not flag_text[i] else f"{flag_text[i]}; {note}"
        bad_any |= bad
        changed |= diff
        written = iso_u[codes]
        if diff.any():
            out[c] = written
        ctx.parsed[c] = (written, pd.Series(dates.to_numpy()[codes], index=frame.index))
    out = _add_flags(out, bad_any, flag_text)
    what = (f"{rewritten:,} dates rewritten as YYYY-MM-DD (slashes read day first); {unreadable:,} dates could not "
            "be read: emptied and flagged in cleaning_flags.")
    return out, Outcome(int(changed.sum()), what, tuple(examples[:5]))


def _dates(frame: pd.DataFrame, column: str, parsed: dict | None) -> pd.Series:
    """The column's dates, reusing what “Read dates” parsed when the column still holds exactly those values."""
    values = frame[column].to_numpy(dtype=object)
    if parsed and column in parsed:
        written, dates = parsed[column]
        if len(written) == len(values) and (written == values).all():
            return pd.Series(dates.to_numpy(), index=frame.index)
    return parse_dates(frame[column])[0]


def impossible_rules(frame: pd.DataFrame, export_date: pd.Timestamp,
                     parsed: dict | None = None) -> dict[str, tuple[np.ndarray, str]]:
    """Rule → (rows that break it, the column emptied by “Empty the value”)."""
    n = len(frame)
    none = np.zeros(n, dtype=bool)
    rules: dict[str, tuple[np.ndarray, str]] = {}
    orders = to_number(frame["orders"]) if "orders" in frame.columns else None
    spend = to_number(frame["total_spend"]) if "total_spend" in frame.columns else None
    if spend is not None:
        rules["spend below zero"] = ((spend < 0).to_numpy(), "total_spend")
    if orders is not None:
        rules["orders below zero or not a whole number"] = (((orders < 0) | (orders % 1 != 0)).fillna(False)
                                                            .to_numpy(dtype=bool), "orders")
    if orders is not None and spend is not None:
        rules["no orders but spend above zero"] = (((orders == 0) & (spend > 0)).to_numpy(), "total_spend")
    if "age" in frame.columns:
        age = to_number(frame["age"])
        rules[f"age under {MIN_AGE} or over {MAX_AGE}"] = (((age < MIN_AGE) | (age > MAX_AGE)).to_numpy(), "age")
    dates = {c: _dates(frame, c, parsed) for c in DATE_COLUMNS if c in frame.columns}
    if "signup_date" in dates:
        rules["sign-up after the export date"] = ((dates["signup_date"] > export_date).to_numpy(), "signup_date")
    if "last_order_date" in dates:
        rules["last order after the export date"] = ((dates["last_order_date"] > export_date).to_numpy(),
                                                     "last_order_date")
    if len(dates) == 2:
        rules["last order before sign-up"] = ((dates["last_order_date"] < dates["signup_date"]).to_numpy(),
                                              "last_order_date")
    return {k: (v if v is not None else none, c) for k, (v, c) in rules.items()}


def step_impossible_values(frame: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, Outcome]:
    rules = impossible_rules(frame, ctx.export_date, ctx.parsed)
    any_bad = np.zeros(len(frame), dtype=bool)
    for mask, _ in rules.values():
        any_bad |= mask
    counts = "; ".join(f"{rule} {int(mask.sum()):,}" for rule, (mask, _) in rules.items() if mask.any()) or "none"
    examples = []
    for rule, (mask, column) in rules.items():
        for i in np.flatnonzero(mask)[:1]:
            examples.append(f"{_id(frame, i)}: {rule} ({column} {_q(frame[column].iat[i])})")
    action = ctx.options.get("impossible_values", "remove")
    if action == "blank":
        out = frame.copy(deep=False)
        for rule, (mask, column) in rules.items():
            if mask.any():
                out[column] = np.where(mask, "", out[column].to_numpy(dtype=object))
                out = _add_flags(out, mask, f"impossible: {rule}")
        what = f"Values that cannot be true emptied and flagged in {int(any_bad.sum()):,} rows ({counts})."
    else:
        out = _keep_rows(frame, ~any_bad)
        what = f"{int(any_bad.sum()):,} records with a value that cannot be true removed ({counts}); {len(out):,} left."
    return out, Outcome(int(any_bad.sum()), what, tuple(examples[:5]))


def missing_cells(frame: pd.DataFrame, trimmed: bool = False) -> dict[str, np.ndarray]:
    """Column → rows where it is empty or only spaces (an empty last order date with 0 orders is not missing).
    ``trimmed``: the text has been trimmed, so an empty cell is exactly ``""``."""
    out = {}
    zero = (to_number(frame["orders"]) == 0).to_numpy() if "orders" in frame.columns else np.zeros(len(frame), bool)
    for c in _text_columns(frame):
        values = frame[c].to_numpy(dtype=object)
        empty = values == "" if trimmed else per_unique(frame[c], lambda u: not str(u).strip(), bool)
        if c == "last_order_date":
            empty &= ~zero
        if empty.any():
            out[c] = empty
    return out


def step_missing_values(frame: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, Outcome]:
    cells = missing_cells(frame, ctx.trimmed)
    any_missing = np.zeros(len(frame), dtype=bool)
    for mask in cells.values():
        any_missing |= mask
    counts = "; ".join(f"{c} {int(m.sum()):,}" for c, m in cells.items()) or "none"
    examples = []
    for i in np.flatnonzero(any_missing)[:4]:
        examples.append(f"{_id(frame, i)}: empty " + ", ".join(c for c, m in cells.items() if m[i]))
    action = ctx.options.get("missing_values", "flag")
    if action == "flag":
        text = np.full(len(frame), "", dtype=object)
        for c, m in cells.items():
            for i in np.flatnonzero(m):
                text[i] = f"{text[i]}, {c}" if text[i] else f"missing: {c}"
        out = _add_flags(frame, any_missing, text)
        return out, Outcome(int(any_missing.sum()), f"{int(any_missing.sum()):,} rows with empty cells flagged "
                                                    f"({counts}).", tuple(examples))
    if action == "leave":
        return frame, Outcome(0, f"Left as they are: {int(any_missing.sum()):,} rows have empty cells ({counts}).",
                              tuple(examples))
    drop = any_missing if action == "drop_any" else np.zeros(len(frame), dtype=bool)
    if action == "drop_needed":
        for c in NEEDED:
            if c in cells:
                drop |= cells[c]
    out = _keep_rows(frame, ~drop)
    rest = int((any_missing & ~drop).sum())
    what = f"{int(drop.sum()):,} records removed ({counts}); {len(out):,} left"
    what += f", {rest:,} of them still with empty cells." if rest else "."
    return out, Outcome(int(drop.sum()), what, tuple(examples))


def step_consent(frame: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, Outcome]:
    s = frame["marketing_consent"]
    yes = consent_yes(s)
    odd = ~yes & ~per_unique(s, lambda u: str(u).strip().lower() in CONSENT_NO, bool)
    ctx.consent_checked = True
    out = frame.copy(deep=False)
    out["marketing_consent"] = np.where(yes, "Yes", "No")
    no = int((~yes).sum())
    what = f"{no:,} records have no marketing consent and are left out of the marketing figures"
    if odd.any():
        what += f" ({int(odd.sum()):,} of them blank or unclear, treated as no consent)"
    if ctx.options.get("consent", "flag") == "remove":
        out = _keep_rows(out, yes)
        what += f"; removed, leaving a mailing list of {len(out):,}."
    else:
        what += "; kept for analysis, written as Yes or No."
    examples = tuple(f"{_id(frame, i)}: consent {_q(s.iat[i])}" for i in np.flatnonzero(~yes)[:3])
    return out, Outcome(no, what, examples)


STEPS = {"trim_text": step_trim_text, "normalise_emails": step_normalise_emails,
         "exact_duplicates": step_exact_duplicates, "near_duplicates": step_near_duplicates,
         "map_channels": step_map_channels, "parse_dates": step_parse_dates,
         "impossible_values": step_impossible_values, "missing_values": step_missing_values, "consent": step_consent}


# -- figures and the insight ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figures:
    rows: int
    customers: int
    buyers: int
    total_spend: float
    by_channel: pd.DataFrame  # channel, customers, buyers, repeat_buyers, repeat_rate, total_spend, average_spend
    consented: int
    consent_checked: bool

    @property
    def consented_share(self) -> float:
        return self.consented / self.rows if self.rows else 0.0

    @property
    def marketable(self) -> int:
        """Customers marketing may e-mail: the consenting ones once consent is checked; before that, a figure
        that ignores consent counts everyone."""
        return self.consented if self.consent_checked else self.rows

    def channel(self, name: str) -> pd.Series | None:
        rows = self.by_channel[self.by_channel["channel"] == name]
        return None if rows.empty else rows.iloc[0]


def figures(frame: pd.DataFrame, *, consent_checked: bool = False) -> Figures:
    orders = to_number(frame["orders"]).to_numpy()
    spend = to_number(frame["total_spend"]).to_numpy()
    raw_codes, raw_labels = pd.factorize(frame["acquisition_channel"].to_numpy(dtype=object), use_na_sentinel=False)
    named = np.array([str(u) if not _missing(u) and str(u).strip() else NO_CHANNEL for u in raw_labels], dtype=object)
    label_codes, channels = pd.factorize(named)  # labels that differ only in spaces are one “(blank)”
    codes = label_codes[raw_codes] if len(raw_codes) else raw_codes
    k = len(channels)
    buyer = orders >= 1
    has_spend = buyer & ~np.isnan(spend)
    count = np.bincount(codes, minlength=k)
    buyers = np.bincount(codes, weights=buyer, minlength=k)
    repeat = np.bincount(codes, weights=orders >= 2, minlength=k)
    total = np.bincount(codes, weights=np.nan_to_num(spend), minlength=k)
    buyer_spend = np.bincount(codes, weights=np.where(has_spend, spend, 0.0), minlength=k)
    spend_buyers = np.bincount(codes, weights=has_spend, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        by = pd.DataFrame({"channel": np.asarray(channels, dtype=object), "customers": count,
                           "buyers": buyers.astype(int), "repeat_buyers": repeat.astype(int),
                           "repeat_rate": np.where(buyers > 0, repeat / np.maximum(buyers, 1), np.nan),
                           "total_spend": total,
                           "average_spend": np.where(spend_buyers > 0, buyer_spend / np.maximum(spend_buyers, 1),
                                                     np.nan)})
    by = by.sort_values(["customers", "channel"], ascending=[False, True]).reset_index(drop=True)
    customers = len(pd.unique(frame["customer_id"].to_numpy(dtype=object))) if "customer_id" in frame.columns \
        else len(frame)
    consented = int(consent_yes(frame["marketing_consent"]).sum()) if "marketing_consent" in frame.columns else 0
    return Figures(rows=len(frame), customers=int(customers), buyers=int(buyer.sum()),
                   total_spend=float(np.nansum(spend)), by_channel=by, consented=consented,
                   consent_checked=consent_checked)


@dataclass(frozen=True)
class Best:
    channel: str
    rate: float
    buyers: int


def best_channel(fig: Figures, min_buyers: int, column: str = "repeat_rate") -> Best | None:
    """The channel with the highest ``column`` among channels (not blank) with at least ``min_buyers`` buyers."""
    by = fig.by_channel
    ok = by[(by["buyers"] >= min_buyers) & (by["channel"] != NO_CHANNEL) & by[column].notna()]
    if ok.empty:
        return None
    top = ok.sort_values([column, "buyers"], ascending=[False, False]).iloc[0]
    return Best(str(top["channel"]), float(top[column]), int(top["buyers"]))


@dataclass(frozen=True)
class Insight:
    before: Best | None
    after: Best | None
    before_spend: Best | None
    after_spend: Best | None
    min_buyers: int

    @property
    def changed(self) -> bool:
        return (self.before is None) != (self.after is None) or (
            self.before is not None and self.after is not None and self.before.channel != self.after.channel)

    def sentence(self) -> str:
        def part(best: Best | None, when: str) -> str:
            if best is None:
                return f"{when}, no channel has {self.min_buyers} or more buyers, so none can be called best."
            return (f"{when}, {best.channel} has the best repeat-purchase rate: {best.rate:.1%} of its "
                    f"{best.buyers:,} buyers bought again.")
        verdict = ("The cleaning changed the answer." if self.changed else
                   "The cleaning did not change which channel looks best; check whether the gap between channels "
                   "changed.")
        spend = ""
        if self.before_spend and self.after_spend:
            spend = (f" Highest average spend per buyer: {self.before_spend.channel} (£{self.before_spend.rate:,.2f}) "
                     f"before, {self.after_spend.channel} (£{self.after_spend.rate:,.2f}) after.")
        return f"{part(self.before, 'Before cleaning')} {part(self.after, 'After cleaning')} {verdict}{spend}"


@dataclass(frozen=True)
class LogEntry:
    key: str
    label: str
    option: str
    rows_affected: int
    rows_after: int
    changed: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class CleanResult:
    frame: pd.DataFrame
    log: tuple[LogEntry, ...]
    before: Figures
    after: Figures
    insight: Insight
    notes: tuple[str, ...] = ()
    skipped: tuple[str, ...] = field(default_factory=tuple)

    def rows_affected(self) -> dict[str, int]:
        return {e.key: e.rows_affected for e in self.log}


def check_steps(task: CleaningTask, steps: Iterable[str], options: Mapping[str, str] | None = None) -> tuple[
        list[str], dict[str, str]]:
    chosen = [str(s) for s in steps]
    for key in chosen:
        task.step(key)
    if len(set(chosen)) != len(chosen):
        raise ValueError("Each cleaning step can be run once: remove the repeated step.")
    opts = task.default_options()
    for key, option in (options or {}).items():
        info = task.step(key)
        if option not in info.options:
            raise ValueError(f"{info.label}: “{str(option)[:30]}” is not one of the choices; choose from the list.")
        opts[key] = option
    return chosen, opts


def clean(frame: pd.DataFrame, steps: Iterable[str], *, task: CleaningTask, options: Mapping[str, str] | None = None,
          mapping: Mapping[str, str] | None = None, column_map: Mapping[str, str] | None = None) -> CleanResult:
    """Run ``steps`` (keys, in this order) on ``frame``; the log, figures before and after and the insight.
    ``mapping`` replaces the task's channel mapping; ``column_map`` names the columns of an upload."""
    chosen, opts = check_steps(task, steps, options)
    mapping = check_mapping(task.channel_mapping if mapping is None else mapping)
    work, notes = prepare(frame, column_map)
    ctx = Context(export_date=pd.Timestamp(task.export_date), mapping=mapping, channels=tuple(task.channels),
                  options=opts)
    before = figures(work)
    log: list[LogEntry] = []
    skipped: list[str] = []
    for key in chosen:
        info = task.step(key)
        needs = STEP_NEEDS[key]
        if needs and not any(c in work.columns for c in needs):
            skipped.append(f"{info.label}: skipped, the file has no {' or '.join(ROLE_LABELS[c] for c in needs)} "
                           "column.")
            continue
        work, outcome = STEPS[key](work, ctx)
        log.append(LogEntry(key, info.label, OPTION_LABELS.get(opts.get(key, ""), "") if info.options else "",
                            outcome.rows_affected, len(work), outcome.changed, outcome.examples))
    if work.empty:
        raise ValueError("These steps removed every row, so there is nothing left to show. Choose “Flag” or "
                         "“Empty the value” instead of removing, or fewer steps.")
    after = figures(work, consent_checked=ctx.consent_checked)
    insight = Insight(best_channel(before, task.min_buyers), best_channel(after, task.min_buyers),
                      best_channel(before, task.min_buyers, "average_spend"),
                      best_channel(after, task.min_buyers, "average_spend"), task.min_buyers)
    return CleanResult(work, tuple(log), before, after, insight, notes, tuple(skipped))


# -- what the learner keeps: choices and notes ----------------------------------------------------------------------
class LabChoices(ActivityModel):
    steps: list[str] = Field([], max_length=len(STEP_KEYS))
    options: dict[str, str] = {}
    mapping: dict[str, str] = Field({}, max_length=MAX_MAPPING)
    notes: str = Field("", title="Your notes", max_length=MAX_TEXT * 2)

    @field_validator("steps")
    @classmethod
    def _steps(cls, value: list[str]) -> list[str]:
        bad = [s for s in value if s not in STEP_KEYS]
        if bad:
            raise ValueError(f"“{bad[0][:30]}” is not a cleaning step of this lab")
        return value


def to_json(task: CleaningTask, choices: LabChoices) -> str:
    return saved_json(KIND, task.id, choices)


def from_json(content: bytes | str, task: CleaningTask) -> LabChoices:
    choices = open_saved(LabChoices, content, KIND, "a saved cleaning lab")
    check_steps(task, choices.steps, choices.options)
    check_mapping(choices.mapping)
    return choices


# -- exports and HTML ------------------------------------------------------------------------------------------------
_PLAIN_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
"""A cell starting with one of these is written as it is by :func:`widgets.exports.safe_cell` (its first
character is visible and no formula sign, tab or carriage return), so the call can be skipped for it."""


def clean_csv(result: CleanResult) -> str:
    """The clean file, every cell through :mod:`widgets.exports` (formulas neutralised): exactly
    :func:`widgets.exports.frame_csv_text` of the frame. When every cell is text (as :func:`clean` leaves it),
    each cell that does not start with a letter or digit goes through :func:`widgets.exports.safe_cell`
    (once per distinct value) and the rows are written with the same CSV dialect, so a 100,000-row file is
    not formatted by pandas, parsed back and checked cell by cell."""
    frame = result.frame
    if not frame.columns.is_unique:
        return frame_csv_text(frame)
    columns = []
    for c in frame.columns:
        values = frame[c].to_numpy(dtype=object)
        if pd.api.types.infer_dtype(values, skipna=False) != "string":  # not all text: pandas formats it
            return frame_csv_text(frame)
        done: dict[str, str] = {}
        cells = [v if v[:1] in _PLAIN_START else done[v] if v in done else done.setdefault(v, safe_cell(v))
                 for v in values]
        columns.append(cells)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # as widgets.exports.csv_text writes
    writer.writerow([safe_cell(str(c)) for c in frame.columns])
    writer.writerows(zip(*columns, strict=True))
    return buf.getvalue()


def log_rows(result: CleanResult) -> list[list[object]]:
    return [[i, e.label, e.option, e.rows_affected, e.rows_after, e.changed, " | ".join(e.examples)]
            for i, e in enumerate(result.log, start=1)]


LOG_HEADER = ["Order", "Step", "Choice", "Rows affected", "Rows after", "What changed", "Examples"]


def log_csv(result: CleanResult, notes: str = "") -> str:
    rows = log_rows(result)
    if notes.strip():
        rows.append(["", "Your notes", "", "", "", notes.strip(), ""])
    return csv_text(rows, header=LOG_HEADER)


def _pct(x: float) -> str:
    return "—" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:.1%}"


def _money(x: float) -> str:
    return "—" if x is None or (isinstance(x, float) and np.isnan(x)) else f"£{x:,.2f}"


def log_table_html(result: CleanResult) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><th scope='row'>{esc(e.label)}</th><td>{esc(e.option)}</td><td>{e.rows_affected:,}</td>"
        f"<td>{e.rows_after:,}</td><td>{esc(e.changed)}"
        + (f"<ul class='cx-examples'>{''.join(f'<li>{esc(x)}</li>' for x in e.examples)}</ul>" if e.examples else "")
        + "</td></tr>" for i, e in enumerate(result.log, start=1))
    skipped = "".join(f"<p class='cx-note'>{esc(s)}</p>" for s in result.skipped)
    if not result.log:
        return "<p>No cleaning steps were chosen: the figures below are the raw file's.</p>" + skipped
    return ("<table class='cx-table cx-cleaning-log'><caption>Cleaning log: each step in the order it ran</caption>"
            "<thead><tr><th scope='col'>Order</th><th scope='col'>Step</th><th scope='col'>Choice</th>"
            "<th scope='col'>Rows affected</th><th scope='col'>Rows after</th><th scope='col'>What changed and "
            f"examples</th></tr></thead><tbody>{rows}</tbody></table>{skipped}")


def summary_table_html(result: CleanResult) -> str:
    b, a = result.before, result.after
    lines = [("Rows", f"{b.rows:,}", f"{a.rows:,}"), ("Customer IDs", f"{b.customers:,}", f"{a.customers:,}"),
             ("Buyers (1 or more orders)", f"{b.buyers:,}", f"{a.buyers:,}"),
             ("Total spend", _money(b.total_spend), _money(a.total_spend)),
             ("Share with marketing consent", _pct(b.consented_share), _pct(a.consented_share)),
             ("Customers marketing may e-mail", f"{b.marketable:,} (consent not checked)" if not b.consent_checked
              else f"{b.marketable:,}", f"{a.marketable:,}" + ("" if a.consent_checked else " (consent not checked)"))]
    body = "".join(f"<tr><th scope='row'>{esc(k)}</th><td>{esc(x)}</td><td>{esc(y)}</td></tr>" for k, x, y in lines)
    return ("<table class='cx-table cx-cleaning-summary'><caption>The file before and after cleaning</caption>"
            "<thead><tr><th scope='col'>Figure</th><th scope='col'>Before</th><th scope='col'>After</th></tr>"
            f"</thead><tbody>{body}</tbody></table>")


def _channel_rows(fig: Figures) -> pd.DataFrame:
    by = fig.by_channel
    if len(by) <= MAX_TABLE_CHANNELS:
        return by
    top, rest = by.iloc[:MAX_TABLE_CHANNELS - 1], by.iloc[MAX_TABLE_CHANNELS - 1:]
    other = {"channel": f"{len(rest):,} other labels", "customers": rest["customers"].sum(),
             "buyers": rest["buyers"].sum(), "repeat_buyers": rest["repeat_buyers"].sum(),
             "total_spend": rest["total_spend"].sum()}
    other["repeat_rate"] = other["repeat_buyers"] / other["buyers"] if other["buyers"] else np.nan
    other["average_spend"] = np.nan
    return pd.concat([top, pd.DataFrame([other])], ignore_index=True)


def channel_table_html(fig: Figures, caption: str, min_buyers: int) -> str:
    body = "".join(
        f"<tr><th scope='row'>{esc(str(r.channel))}</th><td>{int(r.customers):,}</td><td>{int(r.buyers):,}</td>"
        f"<td>{_pct(r.repeat_rate)}{'' if r.buyers >= min_buyers else ' *'}</td><td>{_money(r.total_spend)}</td>"
        f"<td>{_money(r.average_spend)}</td></tr>" for r in _channel_rows(fig).itertuples())
    return (f"<table class='cx-table cx-cleaning-channels'><caption>{esc(caption)}</caption><thead><tr>"
            "<th scope='col'>Channel label</th><th scope='col'>Rows</th><th scope='col'>Buyers</th>"
            "<th scope='col'>Repeat-purchase rate</th><th scope='col'>Total spend</th>"
            "<th scope='col'>Average spend per buyer</th></tr></thead>"
            f"<tbody>{body}</tbody></table><p class='cx-note'>* fewer than {min_buyers} buyers: too few to call "
            "a channel best.</p>")


def insight_html(result: CleanResult) -> str:
    cls = "cx-insight cx-insight-changed" if result.insight.changed else "cx-insight"
    return f"<p class='{cls}' role='status'><strong>Headline:</strong> {esc(result.insight.sentence())}</p>"


def repeat_chart(result: CleanResult, min_buyers: int) -> AccessibleChart:
    """Repeat-purchase rate by channel, before and after, for the channels after cleaning (the labels as they
    were before may be many more). The description gives every bar's value."""
    alt = import_altair()
    after = result.after.by_channel
    after = after[after["channel"] != NO_CHANNEL].head(12)
    rows, parts = [], []
    for r in after.itertuples():
        b = result.before.channel(r.channel)
        brate = None if b is None or b["buyers"] == 0 else float(b["repeat_rate"])
        if brate is not None:
            rows.append({"Channel": str(r.channel)[:30], "When": "Before", "Repeat rate": brate})
        if r.buyers:
            rows.append({"Channel": str(r.channel)[:30], "When": "After", "Repeat rate": float(r.repeat_rate)})
        parts.append(f"{r.channel}: before {_pct(brate) if brate is not None else 'no rows with this exact label'}, "
                     f"after {_pct(r.repeat_rate)} ({int(r.buyers):,} buyers)")
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("Channel:N", sort=[str(c)[:30] for c in after["channel"]], title=None),
        yOffset=alt.YOffset("When:N", sort=["Before", "After"]),
        x=alt.X("Repeat rate:Q", axis=alt.Axis(format="%"), title="Repeat-purchase rate (buyers with 2+ orders)"),
        color=alt.Color("When:N", sort=["Before", "After"], scale=alt.Scale(range=["#8a8a8a", "#1a7a4c"]),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["Channel:N", "When:N", alt.Tooltip("Repeat rate:Q", format=".1%")],
    ).properties(width=420, title="Repeat-purchase rate by channel, before and after cleaning")
    description = ("Bar chart of the repeat-purchase rate by acquisition channel before cleaning (grey, the rows "
                   "with exactly that label) and after (green). " + "; ".join(parts) + ". " + result.insight.sentence())
    return AccessibleChart(chart, description)


def result_body_html(result: CleanResult, min_buyers: int, chart_html: str = "") -> str:
    return (insight_html(result) + "<h4>Cleaning log</h4>" + log_table_html(result) + "<h4>Before and after</h4>"
            + summary_table_html(result) + chart_html
            + channel_table_html(result.before, "Before cleaning: by channel label as written", min_buyers)
            + channel_table_html(result.after, "After cleaning: by channel", min_buyers))


def log_html_document(task: CleaningTask, result: CleanResult, notes: str = "") -> str:
    """A stand-alone page: the log, the figures and the learner's notes (all escaped)."""
    notes_html = (f"<h2>My decisions and why</h2><p>{esc(notes.strip()).replace(chr(10), '<br>')}</p>"
                  if notes.strip() else "")
    steps = "".join(f"<li><strong>{esc(task.step(e.key).label)}</strong>: {esc(task.step(e.key).what)} "
                    f"<em>Risk:</em> {esc(task.step(e.key).risk)}</li>" for e in result.log)
    return ("<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
            f"<title>{esc(task.title)}: cleaning log</title></head><body><h1>{esc(task.title)}: cleaning log</h1>"
            f"{notes_html}<h2>Steps and their rules</h2><ol>{steps}</ol>"
            f"{result_body_html(result, task.min_buyers).replace('<h4>', '<h2>').replace('</h4>', '</h2>')}"
            "</body></html>")


def sample_table_html(frame: pd.DataFrame, rows: int = 12, caption: str = "The first rows of the raw export") -> str:
    """The first ``rows`` rows, every cell escaped, spaces made visible (·) so trimming problems can be seen."""
    head = frame.head(rows)

    def cell(v: object) -> str:
        text = str(v)
        shown = esc(text)
        if text != text.strip() or "  " in text:
            shown = esc(text.replace(" ", "·")) + " <small>(extra spaces)</small>"
        return shown if text else "<span class='cx-empty'>(empty)</span>"

    header = "".join(f"<th scope='col'>{esc(str(c))}</th>" for c in head.columns)
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in r) + "</tr>"
                   for r in head.itertuples(index=False))
    return (f"<div class='cx-table-scroll' tabindex='0' role='region' aria-label='{esc(caption, quote=True)}'>"
            f"<table class='cx-table cx-cleaning-sample'><caption>{esc(caption)} (· marks a space at the start or "
            f"end, or a double space)</caption><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>")


CHOICE_LABELS = {"impossible_values": "Impossible values: do what", "missing_values": "Missing values: do what",
                 "consent": "No consent: do what"}


def option_choices(info: StepInfo) -> tuple[str, list[tuple[str, str]]]:
    """The label and the (text, value) choices of a step's options, for a drop-down."""
    labels = CONSENT_OPTION_LABELS if info.key == "consent" else OPTION_LABELS
    return CHOICE_LABELS.get(info.key, "What to do"), [(labels[o], o) for o in info.options]


def step_help_html(info: StepInfo) -> str:
    return (f"<details class='cx-step-help'><summary>What “{esc(info.label)}” does, why, and its risk</summary>"
            f"<p><strong>What:</strong> {esc(info.what)}</p><p><strong>Why:</strong> {esc(info.why)}</p>"
            f"<p><strong>Risk:</strong> {esc(info.risk)}</p></details>")


def order_html(task: CleaningTask, chosen: list[str]) -> str:
    if not chosen:
        return "<p class='cx-hint'>No steps chosen: running shows the raw file's figures.</p>"
    items = "".join(f"<li>{esc(task.step(k).label)}</li>" for k in chosen)
    return f"<p>The steps will run in this order:</p><ol class='cx-step-order'>{items}</ol>"


def steps_table_html(task: CleaningTask) -> str:
    body = "".join(f"<tr><th scope='row'>{esc(s.label)}</th><td>{esc(s.what)}</td><td>{esc(s.why)}</td>"
                   f"<td>{esc(s.risk)}</td></tr>" for s in task.steps)
    return ("<table class='cx-table cx-cleaning-steps'><caption>The cleaning steps: what each does, why, and its "
            "risk</caption><thead><tr><th scope='col'>Step</th><th scope='col'>What it does</th><th scope='col'>Why"
            f"</th><th scope='col'>Risk</th></tr></thead><tbody>{body}</tbody></table>")


def questions_html(task: CleaningTask) -> str:
    if not task.questions:
        return ""
    items = "".join(f"<li>{esc(q)}</li>" for q in task.questions)
    return f"<h4>Questions to answer in your notes</h4><ol class='cx-questions'>{items}</ol>"


def worked_result(task: CleaningTask) -> CleanResult:
    """Every step of the task, in its order, with the default choices, on the task's data set."""
    return clean(task.raw_frame(), [s.key for s in task.steps], task=task)


def cleaning_lab_html(task: CleaningTask, live_link: str = "") -> str:
    """The book's static form: the messy sample, the steps, the worked cleaning (every step with its default
    choice) with its log, the before-and-after figures and chart, the questions and a link to the live lab."""
    raw = task.raw_frame()
    result = worked_result(task)
    chart = repeat_chart(result, task.min_buyers).to_html()
    return (f"<div class='cx-activity cx-cleaning-lab'><h3 class='cx-activity-title'>{esc(task.title)}</h3>"
            f"<p>{esc(task.instructions)}</p>"
            f"<h4>The raw export ({len(raw):,} rows, {len(raw.columns)} columns)</h4>"
            f"{sample_table_html(raw)}<h4>The cleaning steps</h4>{steps_table_html(task)}"
            "<h4>Worked cleaning: every step, default choices</h4>"
            f"{result_body_html(result, task.min_buyers, chart).replace('<h4>', '<h5>').replace('</h4>', '</h5>')}"
            f"{questions_html(task)}{live_link}</div>")
