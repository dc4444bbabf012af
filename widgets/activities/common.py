"""Shared pieces of the activity models: strict pydantic base, learner-readable errors, data loading, and
rules on a sample data set with the reader of saved JSON files.

Every model in :mod:`widgets.activities` raises :class:`ValueError` with a sentence a learner can act
on. Pydantic's own :class:`~pydantic.ValidationError` is technical, so constructors are called through
:func:`build`, which turns it into a plain ``ValueError`` naming the field by its label.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from widgets.numeric import MAX_NUMBER_CHARS, parse_number

MAX_TEXT = 2000
"""Longest free-text answer kept (characters): long enough for a paragraph, short enough for a table."""
MAX_ROWS = 50
"""Most occasions in a reaction log and actions in an action plan: far more than an assignment asks for
(two to six), few enough that every export and chart stays small and quick."""
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
"""Dates the toolkit accepts: what a learner observed or plans is in this century. Outside it a typing
slip (the year 20000, or 0001) is far more likely than a real date, and a timeline to 31 December 9999
cannot even be drawn (the day after it does not exist)."""


def check_date(value: dt.date | None, what: str) -> dt.date | None:
    """``value`` if it is between :data:`FIRST_DATE` and :data:`LAST_DATE` (or ``None``), else a message."""
    if value is not None and not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"The {what} ({value.day} {value:%B} {value.year:04d}) is outside the dates the toolkit works "
                         f"with: choose a date from {FIRST_DATE.day} {FIRST_DATE:%B %Y} to {LAST_DATE.day} "
                         f"{LAST_DATE:%B %Y}. Check the year.")
    return value

M = TypeVar("M", bound=BaseModel)


class ActivityModel(BaseModel):
    """Strict base: unknown fields are an error, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)


def field_label(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    if info is not None and info.title:
        return info.title
    return name.replace("_", " ")


def friendly(exc: ValidationError, model: type[BaseModel]) -> str:
    """The first problem in ``exc`` as a sentence: our own validator messages pass through unchanged."""
    err = exc.errors()[0]
    msg = str(err.get("msg", "this value is not valid"))
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    loc = [p for p in err.get("loc", ()) if isinstance(p, str)]
    label = field_label(model, loc[0]) if loc else "a field"
    kind = err.get("type", "")
    if kind == "missing":
        return f"{label}: please fill this in."
    if kind in {"string_too_long"}:
        return f"{label}: please keep this under {err.get('ctx', {}).get('max_length', MAX_TEXT)} characters."
    if kind == "too_long":
        return f"{label}: there can be at most {err.get('ctx', {}).get('max_length', MAX_ROWS)}."
    if kind in {"int_parsing", "int_type", "float_parsing", "int_from_float"}:
        return f"{label}: please give a whole number."
    if kind.startswith("date"):
        return f"{label}: please give a date, for example 2026-03-02."
    if kind in {"literal_error", "enum"}:
        return f"{label}: please choose one of the options."
    return f"{label}: {msg[0].lower() + msg[1:]}."


def build(model: type[M], **data: Any) -> M:
    """``model(**data)``, raising a learner-readable ``ValueError`` instead of a ``ValidationError``."""
    try:
        return model(**data)
    except ValidationError as exc:
        raise ValueError(friendly(exc, model)) from None


def rebuild(work: M, **changes: Any) -> M:
    """A copy of ``work`` with ``changes`` applied and everything checked again (``ValueError`` in plain words):
    every change to a learner's work goes through this, so a refusal leaves the work as it was."""
    return build(type(work), **{**work.model_dump(), **changes})


def check_part(part: str | None, parts: Mapping[str, Any] | tuple[str, ...], tool: str) -> str | None:
    """``part`` when it names one of ``parts`` of ``tool`` (``None`` shows them all); ``ValueError`` otherwise."""
    if part is not None and part not in parts:
        count = ("two", "three", "four", "five", "six")[len(parts) - 2] if 2 <= len(parts) <= 6 else len(parts)
        raise ValueError(f"“{str(part)[:30]}” is not a part of {tool}: use one of {', '.join(parts)} (or none for "
                         f"all {count}).")
    return part


def require_text(value: str | None, what: str) -> str:
    """Strip ``value``; raise a learner-readable error if it is empty or too long."""
    text = (value or "").strip()
    if not text:
        raise ValueError(f"Please write {what}.")
    if len(text) > MAX_TEXT:
        raise ValueError(f"Please keep {what} under {MAX_TEXT} characters.")
    return text


def optional_text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise ValueError(f"Please keep {what} under {MAX_TEXT} characters.")
    return text


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check_name(name: str, what: str) -> str:
    if not _SLUG.match(name or ""):
        raise ValueError(f"{name!r} is not a {what} name: use lower-case letters, digits and hyphens")
    return name


def activities_dir() -> Path:
    """The folder of activity data files in this checkout (``data/activities``)."""
    return Path(__file__).resolve().parent.parent.parent / "data" / "activities"


def data_path(spec_id: str, name: str) -> Path:
    check_name(spec_id, "specification")
    check_name(name, "data file")
    return activities_dir() / spec_id / f"{name}.yml"


@cache
def load_yaml(spec_id: str, name: str) -> Any:
    """Read ``data/activities/<spec>/<name>.yml`` (cached); ``ValueError`` if missing or malformed."""
    path = data_path(spec_id, name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise ValueError(f"there is no activity data {spec_id}/{name}.yml") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{spec_id}/{name}.yml is not valid YAML: {exc}") from None


def parse(model: type[M], data: Any, source: str) -> M:
    """Validate data from a file; the error names the file and the field path."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        raise ValueError(f"{source}: {where or 'top level'}: {msg}") from None


# -- rules on a sample data set, and reading a saved file ----------------------------------------------------------
# What the CIM segment evaluator (:mod:`widgets.activities.segments`) and the guest-data activities
# (:mod:`widgets.activities.guest_profiles`, :mod:`widgets.activities.crm_explorer`) share. A :class:`Rule` is a
# column that is one of some values (``benefit_sought`` is ``Ethics``) or lies in a range (``employees`` from 50).
# :class:`DataRules` is a data set (``data/datasets/<dataset>.csv``) with the columns a learner may filter by: it
# looks columns up, lists a category column's values, checks a rule, makes one from form values, keeps the rows
# that meet every rule and describes a rule in words. :func:`read_saved` reads a saved file's JSON object with
# size, nesting and number limits checked before parsing.
MAX_UPLOAD_BYTES, MAX_JSON_DEPTH = 1_000_000, 12


class Rule(ActivityModel):
    column: str = Field(max_length=80)
    values: list[str] = Field([], max_length=100)
    minimum: float | None = None
    maximum: float | None = None


class RuleColumn(ActivityModel):
    column: str
    label: str
    kind: Literal["category", "number"]


@cache
def dataset_frame(dataset: str):
    """``data/datasets/<dataset>.csv`` as a frame (read once; only an empty cell is missing)."""
    import pandas as pd

    path = Path(__file__).resolve().parents[2] / "data" / "datasets" / f"{dataset}.csv"
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


class DataRules(ActivityModel):
    """A data set and the columns a learner may filter it by. ``column_verb`` words the error for a column not
    in the list ("segment by", "filter by"); ``range_example`` is the example in a range's number errors."""

    column_verb: ClassVar[str] = "filter by"
    range_example: ClassVar[str] = "2"

    dataset: str = Field(pattern=r"^[a-z0-9_]+$")
    columns: list[RuleColumn] = Field(min_length=1)

    def frame(self):
        return dataset_frame(self.dataset)

    def column(self, name: str) -> RuleColumn:
        for col in self.columns:
            if col.column == name:
                return col
        raise ValueError(f"“{str(name)[:40]}” is not one of the columns you can {self.column_verb}: choose one from "
                         "the list.")

    def values(self, name: str) -> list[str]:
        """The values a category column takes in the data, in order."""
        col = self.column(name)
        if col.kind != "category":
            return []
        return sorted(str(v) for v in self.frame()[col.column].dropna().unique())

    def check_columns(self) -> None:
        missing = [c.column for c in self.columns if c.column not in self.frame().columns]
        if missing:
            raise ValueError(f"the data set has no column {missing[0]!r}")

    def check_rule(self, rule: Rule) -> Rule:
        col = self.column(rule.column)
        if col.kind == "category":
            if not rule.values:
                raise ValueError(f"{col.label}: choose at least one value for the rule.")
            known = set(self.values(col.column))
            odd = [v for v in rule.values if v not in known]
            if odd:
                raise ValueError(f"{col.label}: “{odd[0][:40]}” is not a value in the data. Choose from the list.")
        else:
            if rule.minimum is None and rule.maximum is None:
                raise ValueError(f"{col.label}: give a lowest value, a highest value or both.")
            for bound in (rule.minimum, rule.maximum):
                if bound is not None and not math.isfinite(bound):
                    raise ValueError(f"{col.label}: give ordinary numbers for the range.")
            if rule.minimum is not None and rule.maximum is not None and rule.minimum > rule.maximum:
                raise ValueError(f"{col.label}: the lowest value ({rule.minimum:g}) is more than the highest "
                                 f"({rule.maximum:g}). Swap them.")
        return rule

    def read_range(self, column: str, low: str, high: str) -> tuple[float | None, float | None]:
        """Typed bounds for a number column (blank = no bound), read by the course's one number parser."""
        label = self.column(column).label
        lo, hi = (None if not str(raw).strip() else parse_number(raw, f"{label}, {what} value",
                                                                  example=self.range_example, limit=1e6)
                  for raw, what in ((low, "lowest"), (high, "highest")))
        return lo, hi

    def rule_from_form(self, column: str, values: tuple[str, ...] | list[str], low: str = "",
                       high: str = "") -> Rule:
        """A rule from a form, not yet checked: the chosen values of a category column, or typed bounds of a
        number one."""
        col = self.column(column)
        lo, hi = self.read_range(column, low, high) if col.kind == "number" else (None, None)
        return Rule(column=col.column, values=list(values) if col.kind == "category" else [], minimum=lo, maximum=hi)

    def make_rule(self, column: str, values: tuple[str, ...] | list[str], low: str = "", high: str = "") -> Rule:
        """A checked rule from a form."""
        return self.check_rule(self.rule_from_form(column, values, low, high))

    def rows_where(self, rules: list[Rule], keep):
        """``keep`` (a boolean series over the frame) narrowed to the rows that meet every rule."""
        frame = self.frame()
        for rule in rules:
            col = self.column(rule.column)
            series = frame[col.column]
            if col.kind == "category":
                keep &= series.astype(str).isin(rule.values)
            else:
                if rule.minimum is not None:
                    keep &= series >= rule.minimum
                if rule.maximum is not None:
                    keep &= series <= rule.maximum
        return keep.fillna(False).astype(bool)

    def describe_rule(self, rule: Rule) -> str:
        col = self.column(rule.column)
        if col.kind == "category":
            return f"{col.label} is {' or '.join(rule.values)}"
        if rule.minimum is not None and rule.maximum is not None:
            return f"{col.label} from {rule.minimum:g} to {rule.maximum:g}"
        if rule.minimum is not None:
            return f"{col.label} at least {rule.minimum:g}"
        return f"{col.label} at most {rule.maximum:g}"


# -- reading a saved file ---------------------------------------------------------------------------------------
def money(x: float | None) -> str:
    return "—" if x is None else f"£{x:,.2f}"


def json_number(text: str) -> float:
    """``parse_int`` and ``parse_float`` for :func:`json.loads`: a finite number of reasonable length."""
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError("This file has a number with far too many digits to be a saved evaluation.")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("This file has a number too large to use.")
    return value


def json_constant(name: str) -> float:
    """``parse_constant`` for :func:`json.loads`: ``NaN`` and ``Infinity`` refused."""
    raise ValueError(f"This file has “{name}” where a number should be, so it is not a saved evaluation.")


SAVED_WORDING = {
    "too_big": "This file is {mb:.1f} MB; {what} are at most 1 MB.",
    "too_long": "This file is too large: {what} are at most 1 MB.",
    "empty": "This file is empty: choose a .json file of {what}.",
    "not_kind": "This file is not {what} saved by this tool.",
    "other_version": "This file was saved by a different version of the tool, so it cannot be opened.",
}


def read_saved(text: str | bytes, kind: str, what: str, *, schema_version: int = 1,
               wording: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A saved file's JSON object of ``kind``, with size, nesting and number limits checked first, without its
    ``kind``, ``schema_version`` and ``task``; a ``ValueError`` in plain words (``what`` names the file, e.g.
    "saved segment profiles") otherwise. ``wording`` replaces any of the sentences in :data:`SAVED_WORDING`."""
    from widgets.journey import json_depth

    words = {**SAVED_WORDING, **(wording or {})}
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise ValueError(words["too_big"].format(mb=len(raw) / 1e6, what=what))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(f"This file is not a text (UTF-8) file, so it is not {what}.") from None
    if len(text) > MAX_UPLOAD_BYTES:
        raise ValueError(words["too_long"].format(what=what))
    if not text.strip():
        raise ValueError(words["empty"].format(what=what))
    if json_depth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ValueError(f"This file is nested far more deeply than {what}, so it is not one.")
    try:
        data = json.loads(text, parse_int=json_number, parse_float=json_number, parse_constant=json_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"This file is not valid JSON ({exc.msg} at line {exc.lineno}), so it is not "
                         f"{what}.") from None
    if not isinstance(data, dict) or data.get("kind") != kind:
        raise ValueError(words["not_kind"].format(what=what))
    if data.get("schema_version") != schema_version:
        raise ValueError(words["other_version"].format(what=what))
    return {k: v for k, v in data.items() if k not in ("kind", "schema_version", "task")}


def saved_json(kind: str, task: str, work: BaseModel, schema_version: int = 1) -> str:
    """The learner's ``work`` as the JSON file :func:`open_saved` reads back (``kind``, ``schema_version``,
    ``task`` first)."""
    return json.dumps({"kind": kind, "schema_version": schema_version, "task": task, **work.model_dump()},
                      ensure_ascii=False, indent=1)


def open_saved(model: type[M], text: str | bytes, kind: str, what: str, *, schema_version: int = 1,
               wording: Mapping[str, str] | None = None) -> M:
    """A saved file read by :func:`read_saved` and validated as ``model``; a ``ValueError`` in plain words."""
    body = read_saved(text, kind, what, schema_version=schema_version, wording=wording)
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise ValueError(f"This file cannot be opened: {friendly(exc, model)}") from None


# ----------------------------------------------------------------------------- uploaded CSV files
DOCUMENT_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")  # xlsx/docx (zip), old Office, PDF


def read_uploaded_csv(content: bytes | str, name: str, *, max_bytes: int, max_rows: int, what: str, row: str,
                      sample: str, **read_options: Any):
    """An uploaded CSV file as a frame of at most ``max_rows + 1`` rows (so the caller can say the file is too
    long), blank cells as missing. ``ValueError`` with a sentence naming the file (“``name``”) when it is too big
    (``what`` names the kind of file, ``sample`` says what to upload instead), empty (one ``row`` per line), a
    spreadsheet or document, not UTF-8 text, not readable as CSV, or has two columns with the same heading.
    ``read_options`` go to :func:`pandas.read_csv` (``usecols``, for example)."""
    import pandas as pd

    if isinstance(content, str):
        content = content.encode("utf-8")
    if len(content) > max_bytes:
        raise ValueError(f"“{name}” is {len(content) / 1e6:.1f} MB; {what} can be at most {max_bytes / 1e6:.0f} MB. "
                         f"{sample}")
    if not content.strip():
        raise ValueError(f"“{name}” is empty: choose a CSV file with a heading row and one row per {row}.")
    if content[:4] in DOCUMENT_STARTS:
        raise ValueError(f"“{name}” is a spreadsheet or document, not a CSV file. In a spreadsheet use Save As › "
                         "CSV UTF-8, then upload that file.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"“{name}” is not a UTF-8 text file. Save it as “CSV UTF-8” and try again.") from None
    if "\x00" in text[:4096]:
        raise ValueError(f"“{name}” is not a text CSV file. Save it as “CSV UTF-8” and try again.")
    try:
        frame = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""], nrows=max_rows + 1,
                            low_memory=False, **read_options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise ValueError(f"“{name}” could not be read as CSV ({str(exc).splitlines()[0][:80]}).") from None
    # pandas renames a repeated heading “x” to “x.1”
    if any(re.fullmatch(r"(.+)\.\d+", str(c)) and re.sub(r"\.\d+$", "", str(c)) in frame.columns
           for c in frame.columns):
        raise ValueError(f"“{name}” has two columns with the same heading. Give each column its own name.")
    return frame
