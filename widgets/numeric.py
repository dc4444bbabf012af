"""Reading the numbers learners type (or upload): one parser for the whole package.

Every numeric field — the calculators' counts, amounts, percentages and lists, a journey map's KPI
values and targets, the workbench's number cells — goes through :func:`parse_number` (typed text) or
:func:`check_number` (a value that is already a number, e.g. from a JSON file or a widget). Both raise
``ValueError`` with a sentence a learner can act on, and never let through what the rest of the course
cannot use:

* not a number, ``NaN`` or infinity (``inf``, ``1e400``);
* more than :data:`MAX_NUMBER_CHARS` characters: checked *before* ``float()`` or ``int()`` runs, so a
  megabyte of digits is refused at once (and Python's own "use sys.set_int_max_str_digits()" message for
  a number of more than 4,300 digits can never reach a learner);
* beyond a sane bound for the field: :data:`MAX_COUNT` for a count of things (customers, answers,
  sessions) and :data:`MAX_AMOUNT` for an amount (pounds, hours, a KPI). A trillion is more than any
  organisation's figure in the course, and every whole number up to it is exact in floating point, so the
  formulas (which square counts and divide shares) stay exact and finite.
"""

from __future__ import annotations

import math
import numbers
import re

MAX_NUMBER_CHARS = 30
"""The most characters of digits (with the sign, point and exponent) a typed number may have."""
MAX_COUNT = 10**12
"""The largest count of things accepted: a trillion (far beyond any organisation's customers or answers)."""
MAX_AMOUNT = 1e12
"""The largest amount (in size) accepted: a trillion pounds, hours or units."""

NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
"""Plain decimal notation in ASCII digits (an exponent is allowed: 1.5e3); no NaN, infinity, hexadecimal or
other scripts' digits (``float()`` would read ``١٢٣``)."""

_RAW_LIMIT = 4 * MAX_NUMBER_CHARS  # room for thousands separators, spaces and a currency or % sign
_LONG_NUMBER = re.compile(r"^[+-]?£?[0-9][0-9, .\u00a0\u202f]*(?:[eE][+-]?[0-9]+)?%?$")  # digits, however many


def _bound(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def too_large(label: str = "", *, whole: bool = False, limit: float | None = None, negative: bool = False) -> str:
    """The message for a number beyond the field's bound (``label`` is the field's name, if any)."""
    limit = (MAX_COUNT if whole else MAX_AMOUNT) if limit is None else limit
    what = "a count" if whole else "a number"
    if negative and whole:
        sentence = "that number is below zero, and a count cannot be. Enter 0 or more."
    elif negative:
        sentence = f"that number is too far below zero. Enter {what} between −{_bound(limit)} and {_bound(limit)}."
    else:
        sentence = f"that number is too large. Enter {what} of at most {_bound(limit)}."
    return f"{label}: {sentence}" if label else sentence[0].upper() + sentence[1:]


def _prefix(label: str, sentence: str) -> str:
    return f"{label}: {sentence}" if label else sentence[0].upper() + sentence[1:]


def _shown(raw: str) -> str:
    raw = raw.strip()
    return raw if len(raw) <= 30 else raw[:29] + "…"


def clean_number_text(text: str) -> str:
    """Typed text without what people add to numbers: £, %, thousands commas and spaces."""
    return (str(text).strip().replace("£", "").replace(",", "").replace("%", "").replace(" ", "")
            .replace("\u00a0", "").replace("\u202f", ""))


def parse_number(text: object, label: str = "", *, example: str = "4.5", whole: bool = False,
                 limit: float | None = None, allow_negative: bool = True) -> float:
    """Typed text → a finite number within ±``limit`` (an ``int`` when ``whole``), or a ``ValueError``.

    ``£``, ``%``, spaces and thousands commas are ignored (``£12,000`` is 12000). ``limit`` defaults to
    :data:`MAX_COUNT` for whole numbers and :data:`MAX_AMOUNT` otherwise. Messages start with ``label``.
    """
    if isinstance(text, bool):
        raise ValueError(_prefix(label, f"enter a number, like {example}."))
    if isinstance(text, numbers.Real):
        return check_number(text, label, whole=whole, limit=limit, allow_negative=allow_negative)
    raw = "" if text is None else str(text)
    if len(raw) > _RAW_LIMIT and raw.strip():  # before any cleaning or conversion: a megabyte of digits stops here
        if _LONG_NUMBER.match(raw.strip()):
            raise ValueError(too_large(label, whole=whole, limit=limit, negative=raw.strip().startswith("-")))
        raise ValueError(_prefix(label, f"“{_shown(raw)}” is not a number. Type digits only, like {example}."))
    cleaned = clean_number_text(raw)
    if not cleaned:
        raise ValueError(_prefix(label, "enter a number."))
    if not NUMBER.match(cleaned):
        raise ValueError(_prefix(label, f"“{_shown(raw)}” is not a number. Type digits only, like {example}."))
    if len(cleaned) > MAX_NUMBER_CHARS:
        mantissa = cleaned.lstrip("+-").split("e")[0].split("E")[0]
        if len(mantissa.split(".")[0].lstrip("0")) > 15:  # more digits before the point than any bound
            raise ValueError(too_large(label, whole=whole, limit=limit, negative=cleaned.startswith("-")))
        raise ValueError(_prefix(label, f"“{_shown(raw)}” has too many digits: use at most {MAX_NUMBER_CHARS}, "
                                        f"like {example}."))
    return check_number(float(cleaned), label, whole=whole, limit=limit, allow_negative=allow_negative,
                        typed=raw)


def check_number(value: object, label: str = "", *, whole: bool = False, limit: float | None = None,
                 allow_negative: bool = True, typed: str | None = None) -> float:
    """A value that is already a number (from a file or a widget): finite and within ±``limit``.

    Returns a ``float`` (an ``int`` when ``whole``); a ``ValueError`` in learner words otherwise.
    """
    limit = (MAX_COUNT if whole else MAX_AMOUNT) if limit is None else limit
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        shown = _shown(str(value)) if value is not None else "nothing"
        raise ValueError(_prefix(label, f"“{shown}” is not a number. Type digits, for example 4.5."))
    if isinstance(value, int) and not (-limit <= value <= limit):  # a huge int: compare before float()
        raise ValueError(too_large(label, whole=whole, limit=limit, negative=value < 0))
    x = float(value)
    if math.isnan(x):
        raise ValueError(_prefix(label, "“NaN” (not a number) cannot be used: type digits, for example 4.5."))
    if math.isinf(x) or abs(x) > limit:
        raise ValueError(too_large(label, whole=whole, limit=limit, negative=x < 0))
    if not allow_negative and x < 0:
        raise ValueError(_prefix(label, "enter 0 or more (a negative number cannot be used here)."))
    if whole:
        if x != int(x):
            shown = _shown(typed if typed is not None else f"{x:g}")
            raise ValueError(_prefix(label, f"enter a whole number (you typed {shown})."))
        return int(x)
    return x

