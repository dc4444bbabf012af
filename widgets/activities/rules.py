"""Rule-based filtering of a sample data set, and reading a saved JSON file: what the CIM segment evaluator
(:mod:`widgets.activities.segments`) and the guest-data activities (:mod:`widgets.activities.guest_profiles`,
:mod:`widgets.activities.crm_explorer`) share.

A :class:`Rule` is a column that is one of some values (``benefit_sought`` is ``Ethics``) or lies in a range
(``employees`` from 50). :class:`DataRules` is a data set (``data/datasets/<dataset>.csv``) with the columns a
learner may filter by: it looks columns up, lists a category column's values, checks a rule, makes one from
form values, keeps the rows that meet every rule and describes a rule in words. :func:`read_saved` reads a
saved file's JSON object with size, nesting and number limits checked before parsing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field

from widgets.activities.common import ActivityModel
from widgets.numeric import MAX_NUMBER_CHARS, parse_number

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
