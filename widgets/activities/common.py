"""Shared pieces of the activity models: strict pydantic base, learner-readable errors, data loading.

Every model in :mod:`widgets.activities` raises :class:`ValueError` with a sentence a learner can act
on. Pydantic's own :class:`~pydantic.ValidationError` is technical, so constructors are called through
:func:`build`, which turns it into a plain ``ValueError`` naming the field by its label.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

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
