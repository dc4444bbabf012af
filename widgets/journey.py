"""Customer journey maps: the model, the analysis and the exports (pure; no ipywidgets).

A :class:`JourneyMap` holds a persona, a scenario and ordered :class:`Stage` objects, each with
:class:`Touchpoint` objects. A touchpoint records the building blocks of an experience map (what
the customer is *doing*, *thinking* and *feeling* — BTEC HN Unit 16, LO2), an emotion score from
−2 to +2 with optional emotion words from Shaw's four clusters, a moment-of-truth flag, the
expectation and the experience (and so the gap between them), pain points (each with a 5 Whys
chain), opportunities for improvement, the backstage owner and process, and KPIs with values.
A map holds an *as-is* journey and, optionally, a *to-be* journey.

Every object carries a short id generated once and kept in the JSON, so a touchpoint can be
followed from the as-is to the to-be version. ``JourneyMap.from_json`` validates and names the
bad field in a sentence a learner can act on.

Sources for the analysis rules are given in each function's docstring.
"""

from __future__ import annotations

import html
import json
import statistics
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.exports import csv_text, md_text
from widgets.numeric import MAX_AMOUNT, MAX_NUMBER_CHARS, check_number, parse_number

SCHEMA_VERSION = 1
MAX_UPLOAD_BYTES = 2_000_000  # 2 MB: the reopen limit (a map the limits below allow is at most 0.4 MB)
MAX_WHYS = 5

# -- limits ------------------------------------------------------------------------------------------
# Whatever the builder saves, it must open again, and "Prepare files" must stay quick. The largest map
# these limits allow (tests/test_journey.py::test_the_largest_map_saves_reopens_and_exports_quickly)
# writes all six files in about a second of CPU time; its JSON is at most MAX_MAP_BYTES (a fifth of the
# reopen limit) and every other file stays under the reopen limit too, even when all its text is “&”,
# which grows fivefold in HTML. Real maps are far smaller: the templates have 11–14 touchpoints and
# 17–45 kB of JSON.
MAX_STAGES = 12
"""Stages in a journey (the as-is, and the to-be, each): the specs' stage sets have 3 to 5."""
MAX_TOUCHPOINTS = 100
"""Touchpoints in a journey (the as-is, and the to-be, each). The emotion curve draws every one, and
drawing it as SVG and PNG for the downloads is what takes the time."""
MAX_ITEMS = 10
"""Pain points, opportunities and KPIs at a touchpoint; goals, needs and frustrations of a persona."""
MAX_MAP_BYTES = 400_000
"""The most a map may take as a saved JSON file (400 kB, a fifth of MAX_UPLOAD_BYTES). Every text field
has its own limit too, but 100 touchpoints with every lane full of long text would pass any sensible one,
so the whole map is measured as well (:func:`check_limits`). A 100-touchpoint map with every lane written
(a sentence each, a pain point with its whys, an opportunity and a KPI) and a to-be copy is about 320 kB."""
MAX_JSON_DEPTH = 50
"""Deepest nesting of brackets a map file may have (a map needs 8); checked before the JSON is parsed."""

# -- vocabulary ----------------------------------------------------------------------------------

CHANNELS: tuple[str, ...] = (
    "In person", "Phone", "Website", "App", "Email", "Social media", "Live chat", "Post",
    "Text message", "Advertising", "Word of mouth", "Self-service", "Other",
)

EMOTION_LABELS: dict[int, str] = {
    -2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive",
}

#: Colin Shaw's four clusters of emotions that drive or destroy value, with the twenty emotion
#: words in them. Source: C. Shaw, *The DNA of Customer Experience: How Emotions Drive Value*
#: (Palgrave Macmillan, 2007), the research by Beyond Philosophy summarised there. The
#: Destroying cluster destroys value; Attention, Recommendation and Advocacy drive it, in that
#: order of strength (Advocacy most).
SHAW_CLUSTERS: dict[str, tuple[str, ...]] = {
    "Destroying": ("irritated", "hurried", "neglected", "unhappy", "unsatisfied", "stressed",
                   "disappointed", "frustrated"),
    "Attention": ("interested", "energetic", "stimulated", "exploratory", "indulgent"),
    "Recommendation": ("trusted", "valued", "cared for", "safe", "focused"),
    "Advocacy": ("happy", "pleased"),
}
SHAW_WORDS: dict[str, str] = {word: cluster for cluster, words in SHAW_CLUSTERS.items() for word in words}


@dataclass(frozen=True)
class StageSet:
    key: str
    label: str
    stages: tuple[str, ...]
    source: str


STAGE_SETS: dict[str, StageSet] = {s.key: s for s in (
    StageSet("acpra", "Awareness to advocacy (CIM L6)",
             ("Awareness", "Consideration", "Purchase", "Retention", "Advocacy"),
             "CIM L6 Customer Journey Optimisation 1.2: map the journey from awareness to advocacy (ACPRA)."),
    StageSet("experience", "Pre-, during and post-experience (BTEC HN, CIM L4)",
             ("Pre-experience", "During the experience", "Post-experience"),
             "BTEC HN Unit 16 LO2 and CIM L4 2.4: touch points pre-, during and post the experience."),
    StageSet("buy-keep", "Steps to buy and to keep the relationship (OCR)",
             ("Find out", "Choose", "Buy", "Use and get help", "Come back"),
             "OCR Unit 10 P3: the steps to buy a product or service and the activities that keep the "
             "relationship going."),
    StageSet("custom", "Custom (name your own stages)", (), "Your own stages."),
)}


def new_id() -> str:
    """A short random id (8 hex digits), generated once and then kept in the JSON."""
    return uuid.uuid4().hex[:8]


# -- model -----------------------------------------------------------------------------------------

MAX_KPI = MAX_AMOUNT
"""A KPI's value and target are at most a trillion in size (any revenue, count or time in the course)."""

Score = Annotated[int, Field(ge=1, le=5)]
Text = Annotated[str, Field(max_length=4000)]
Name = Annotated[str, Field(max_length=100)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


class Kpi(_Model):
    """A key performance indicator measured at a touchpoint (e.g. NPS, wait time in minutes)."""

    id: str = Field(default_factory=new_id)
    name: Name
    value: float
    unit: Name = ""
    target: float | None = None
    higher_is_better: bool = True

    @field_validator("value", "target", mode="before")
    @classmethod
    def _finite(cls, value: Any, info) -> Any:
        """Typed text or a number → a finite number of at most a trillion in size (``widgets.numeric``)."""
        if value is None and info.field_name == "target":
            return None
        label = f"KPI {info.field_name}"
        if isinstance(value, str):
            if info.field_name == "target" and not value.strip():
                return None
            return parse_number(value, label, example="4.5", limit=MAX_KPI)
        return check_number(value, label, limit=MAX_KPI)

    @property
    def on_target(self) -> bool | None:
        if self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


class PainPoint(_Model):
    """A problem at a touchpoint, rated 1–5 for severity and for frequency, with its 5 Whys."""

    id: str = Field(default_factory=new_id)
    description: Text
    severity: Score = 3
    frequency: Score = 3
    whys: list[Text] = Field(default_factory=list)

    @field_validator("whys")
    @classmethod
    def _at_most_five(cls, value: list[str]) -> list[str]:
        if len(value) > MAX_WHYS:
            raise ValueError(f"a 5 Whys chain has at most {MAX_WHYS} answers (this one has {len(value)})")
        return value

    @property
    def score(self) -> int:
        return self.severity * self.frequency


class Improvement(_Model):
    """An opportunity to improve a touchpoint, rated 1–5 for impact and for effort."""

    id: str = Field(default_factory=new_id)
    description: Text
    impact: Score = 3
    effort: Score = 3


class Touchpoint(_Model):
    """One interaction between the customer and the organisation."""

    id: str = Field(default_factory=new_id)
    name: Name
    channel: Literal[CHANNELS] = "In person"  # type: ignore[valid-type]
    doing: Text = ""
    thinking: Text = ""
    feeling: Text = ""
    emotion: int = Field(0, ge=-2, le=2)
    emotion_words: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=len(SHAW_WORDS))
    moment_of_truth: bool = False
    expectation: Text = ""
    experience: Text = ""
    expectation_score: Score | None = None
    experience_score: Score | None = None
    pain_points: list[PainPoint] = Field(default_factory=list, max_length=MAX_ITEMS)
    opportunities: list[Improvement] = Field(default_factory=list, max_length=MAX_ITEMS)
    backstage_owner: Name = ""
    backstage_process: Text = ""
    kpis: list[Kpi] = Field(default_factory=list, max_length=MAX_ITEMS)

    @field_validator("emotion_words")
    @classmethod
    def _shaw_words(cls, value: list[str]) -> list[str]:
        out = []
        for word in value:
            w = word.strip().lower()
            if w not in SHAW_WORDS:
                raise ValueError(f"“{word}” is not one of Shaw's twenty emotion words ({', '.join(SHAW_WORDS)})")
            if w not in out:
                out.append(w)
        return out

    @property
    def gap(self) -> int | None:
        """Experience minus expectation (1–5 each): negative means the experience fell short."""
        if self.expectation_score is None or self.experience_score is None:
            return None
        return self.experience_score - self.expectation_score


class Stage(_Model):
    id: str = Field(default_factory=new_id)
    name: Name
    description: Text = ""
    touchpoints: list[Touchpoint] = Field(default_factory=list, max_length=MAX_TOUCHPOINTS)


class Persona(_Model):
    name: Name = ""
    segment: Name = ""
    details: Text = ""
    goals: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    needs: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    frustrations: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)


Version = Literal["as_is", "to_be"]
VERSION_LABELS: dict[str, str] = {"as_is": "As-is", "to_be": "To-be"}


class JourneyMap(_Model):
    """A customer journey map: persona, scenario, and the as-is (and optionally to-be) journey."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = Field(default_factory=new_id)
    title: Name
    organisation: Name = ""
    sector: Name = ""
    scenario: Text = ""
    stage_set: Literal["acpra", "experience", "buy-keep", "custom"] = "custom"
    persona: Persona = Field(default_factory=Persona)
    as_is: list[Stage] = Field(default_factory=list, max_length=MAX_STAGES)
    to_be: list[Stage] | None = Field(None, max_length=MAX_STAGES)
    notes: Text = ""

    @field_validator("title")
    @classmethod
    def _has_a_title(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the map needs a title: type a few words, such as “Hotel stay, as-is”")
        return value

    @model_validator(mode="after")
    def _within_limits(self) -> JourneyMap:
        check_limits(self)
        return self

    @model_validator(mode="after")
    def _unique_ids(self) -> JourneyMap:
        for version in ("as_is", "to_be"):
            seen: set[str] = set()
            for stage in getattr(self, version) or []:
                for obj in (stage, *stage.touchpoints):
                    if obj.id in seen:
                        raise ValueError(f"the id {obj.id!r} is used twice in the {VERSION_LABELS[version]} journey")
                    seen.add(obj.id)
        return self

    # -- versions
    def stages(self, version: Version = "as_is") -> list[Stage]:
        if version == "to_be":
            if self.to_be is None:
                raise ValueError("this map has no to-be journey yet: create one from the as-is journey first")
            return self.to_be
        return self.as_is

    def touchpoints(self, version: Version = "as_is") -> list[tuple[Stage, Touchpoint]]:
        return [(s, t) for s in self.stages(version) for t in s.touchpoints]

    def start_to_be(self) -> None:
        """Copy the as-is journey into a to-be journey (ids are kept, so touchpoints can be compared).

        Refused with the reason, and the map left as it was, if both journeys would be too big to save."""
        old = self.to_be
        try:
            self.to_be = [s.model_copy(deep=True) for s in self.as_is]
        except ValidationError as exc:
            self.__dict__["to_be"] = old  # pydantic has already assigned when a rule about the whole map fails
            reason = str(exc.errors()[0].get("msg", "")).removeprefix("Value error, ")
            raise ValueError(f"The to-be journey was not created. {reason}") from None

    # -- JSON
    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> JourneyMap:
        """Parse and validate a map; a problem raises ``ValueError`` naming the field in plain words."""
        if isinstance(text, bytes):
            if len(text) > MAX_UPLOAD_BYTES:
                raise ValueError(f"this file is {len(text) / 1e6:.1f} MB; a journey map file can be at most "
                                 f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB")
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ValueError("this file is not a text (UTF-8) file, so it cannot be a journey map") from exc
        elif len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
            raise ValueError(f"a journey map can be at most {MAX_UPLOAD_BYTES / 1e6:.0f} MB")
        if json_depth(text) > MAX_JSON_DEPTH:  # a linear scan, before the parser recurses
            raise ValueError(f"this file has brackets nested more than {MAX_JSON_DEPTH} deep, and a journey map "
                             "has fewer than 10 levels, so it is not a map saved by this builder. Choose a .json "
                             "file you saved with “Prepare files to download”")
        try:
            data = json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)
        except json.JSONDecodeError as exc:
            raise ValueError(f"this file is not valid JSON: {exc.msg} at line {exc.lineno}, "
                             f"column {exc.colno}") from exc
        except RecursionError:  # not reached after json_depth; kept so no such error can reach a learner
            raise ValueError("this file is nested too deeply to be a journey map") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> JourneyMap:
        if not isinstance(data, dict):
            raise ValueError("this file holds JSON but not a journey map (expected an object with a title and stages)")
        version = data.get("schema_version")
        if version is None:
            raise ValueError("this file has no schema_version, so it is not a journey map saved by this builder")
        if version != SCHEMA_VERSION:
            raise ValueError(f"this map uses schema version {version!r}, but this builder reads version "
                             f"{SCHEMA_VERSION}; save it again from a matching version of the course")
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ValueError(describe_validation_error(exc, data)) from None


def json_depth(text: str | bytes, stop: int = MAX_JSON_DEPTH) -> int:
    """How deeply the brackets of a JSON text nest outside strings: a linear, vectorised scan (a few ms for
    a real map, under 0.3 s for 2 MB of brackets), so it can run before ``json.loads``, whose parser
    recurses once per level.

    A quote ends a string unless an odd number of backslashes comes straight before it; brackets inside
    strings do not count. A text with at most ``stop`` opening brackets cannot nest deeper than ``stop``:
    then that count is returned (an upper bound) without scanning. For any valid JSON prefix this agrees
    with the parser, so the parser can never go deeper than the number returned.
    """
    import numpy as np

    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    opening = data.count(b"[") + data.count(b"{")
    if opening <= stop:
        return opening
    b = np.frombuffer(data, dtype=np.uint8)
    # only quotes, backslashes and brackets matter: work on their positions (UTF-8 never hides these bytes)
    pos = np.flatnonzero((b == 34) | (b == 92) | (b == 91) | (b == 93) | (b == 123) | (b == 125))
    kind = b[pos]
    entry = np.arange(pos.size)
    backslash = kind == 92
    adjacent = np.zeros(pos.size, dtype=bool)  # straight after the previous special byte in the text
    adjacent[1:] = np.diff(pos) == 1
    after_backslash = np.zeros(pos.size, dtype=bool)
    after_backslash[1:] = backslash[:-1]
    run_start = np.maximum.accumulate(np.where(backslash & ~(adjacent & after_backslash), entry, 0))
    run = np.where(backslash, entry - run_start + 1, 0)  # length of the run of backslashes ending here
    escaped = np.zeros(pos.size, dtype=bool)
    escaped[1:] = adjacent[1:] & after_backslash[1:] & (run[:-1] % 2 == 1)
    outside = np.cumsum((kind == 34) & ~escaped) % 2 == 0
    step = ((kind == 91) | (kind == 123)).astype(np.int8) - ((kind == 93) | (kind == 125)).astype(np.int8)
    step[~outside] = 0
    return int(np.cumsum(step, dtype=np.int64).max())


def _long_number(text: str) -> ValueError:
    return ValueError(f"this file has a number with {len(text):,} characters (“{text[:12]}…”); a journey map's "
                      f"numbers have at most {MAX_NUMBER_CHARS}. Correct it, or save the map again from the builder")


def _json_int(text: str) -> int:
    """Integers in a map file, refused before ``int()`` if absurdly long (Python refuses over 4,300 digits
    with advice about ``sys`` that a learner cannot act on)."""
    if len(text) > MAX_NUMBER_CHARS:
        raise _long_number(text)
    return int(text)


def _json_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _long_number(text)
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"this file has the number {text}, which is too large to use (numbers in a map are at most "
                         f"{MAX_KPI:,.0f} in size). Correct it, or save the map again from the builder")
    return value


def _json_constant(name: str) -> float:
    raise ValueError(f"this file has “{name}” where a number should be, and a journey map holds ordinary numbers "
                     "only. Replace it with a number, or save the map again from the builder")


def map_size(journey: JourneyMap) -> int:
    """The size in bytes of the map's JSON file, as :func:`to_json_bytes` writes it."""
    return len(journey.to_json().encode("utf-8"))


def check_limits(journey: JourneyMap, adding: bool = False) -> None:
    """Raise ``ValueError`` in the learner's terms if the map passes one of the limits (``MAX_STAGES``,
    ``MAX_TOUCHPOINTS``, ``MAX_ITEMS``, ``MAX_WHYS``, ``MAX_MAP_BYTES``), so that it can be saved and
    opened again. Validation runs it for a whole map; the builder runs it after an edit inside the map
    (pydantic does not see an item added to a list in place): see :func:`insert_item` and :func:`set_field`.
    ``adding``: the map holds one item just added, so a count is told as what it held before.
    """

    def holds(n: int) -> str:
        return f"already has {n - 1:,}" if adding else f"has {n:,}"

    persona = journey.persona
    for label, items in (("goals", persona.goals), ("needs", persona.needs), ("frustrations", persona.frustrations)):
        if len(items) > MAX_ITEMS:
            raise ValueError(f"A persona can have at most {MAX_ITEMS} {label} (this one {holds(len(items))}). "
                             "Keep the ones that matter most.")
    for version in ("as_is", "to_be"):
        stages = journey.as_is if version == "as_is" else journey.to_be
        if stages is None:
            continue
        name = VERSION_LABELS[version].lower()
        if len(stages) > MAX_STAGES:
            raise ValueError(f"A map can have at most {MAX_STAGES} stages in its {name} journey (this one "
                             f"{holds(len(stages))}). Remove a stage you do not need, or merge two.")
        count = sum(len(s.touchpoints) for s in stages)
        if count > MAX_TOUCHPOINTS:
            raise ValueError(f"A map can have at most {MAX_TOUCHPOINTS} touchpoints in its {name} journey (this one "
                             f"{holds(count)}). Remove touchpoints you do not need, or merge similar ones.")
        for stage in stages:
            for t in stage.touchpoints:
                for label, items in (("pain points", t.pain_points), ("opportunities", t.opportunities),
                                     ("KPIs", t.kpis)):
                    if len(items) > MAX_ITEMS:
                        raise ValueError(f"A touchpoint can have at most {MAX_ITEMS} {label} (“{t.name[:40]}” "
                                         f"{holds(len(items))}). Keep the ones that matter most.")
                for pain in t.pain_points:
                    if len(pain.whys) > MAX_WHYS:
                        raise ValueError(f"A 5 Whys chain has at most {MAX_WHYS} answers (“{pain.description[:40]}” "
                                         f"has {len(pain.whys)}).")
    size = map_size(journey)
    if size > MAX_MAP_BYTES:
        raise ValueError(f"This map is too big to save: as a file it would be {size / 1000:,.0f} kB, and a map can be "
                         f"at most {MAX_MAP_BYTES / 1000:,.0f} kB so that it opens again. Shorten some long text, or "
                         "remove touchpoints you do not need.")


def insert_item(journey: JourneyMap, items: list, position: int, item: Any) -> None:
    """Insert ``item`` into one of the map's lists (stages, touchpoints, pain points …) at ``position``, as
    the builder's “Add” button does, within the limits: if it would pass one, ``ValueError`` in the
    learner's terms (“A map can have at most 100 touchpoints …”) and the list is left as it was."""
    items.insert(position, item)
    try:
        check_limits(journey, adding=True)
    except ValueError:
        del items[position]
        raise


_FIELD_NAMES = {
    "as_is": "as-is journey", "to_be": "to-be journey", "touchpoints": "touchpoint", "pain_points": "pain point",
    "opportunities": "opportunity", "kpis": "KPI", "whys": "why", "emotion_words": "emotion word",
}


def _human_field(name: str) -> str:
    return name.replace("_", " ")


def describe_location(data: Any, loc: tuple) -> str:
    """Turn a pydantic location such as ``('as_is', 1, 'touchpoints', 0, 'emotion')`` into words:
    ``as-is journey, stage 2 (“Stay”), touchpoint 1 (“Check-in”), field “emotion”``."""
    parts: list[str] = []
    node = data
    container: str | None = None
    for pos, item in enumerate(loc):
        if isinstance(item, int):
            noun = "stage" if container in ("as_is", "to_be") else _FIELD_NAMES.get(container or "", "item")
            try:
                node = node[item]
            except (IndexError, KeyError, TypeError):
                node = None
            name = (node.get("name") or node.get("description") or "") if isinstance(node, dict) else ""
            parts.append(f"{noun} {item + 1}" + (f" (“{str(name)[:40]}”)" if name else ""))
            container = None
            continue
        node = node.get(item) if isinstance(node, dict) else None
        followed_by_index = pos + 1 < len(loc) and isinstance(loc[pos + 1], int)
        if followed_by_index:
            container = item
            if item in ("as_is", "to_be"):
                parts.append(_FIELD_NAMES[item])
        elif pos + 1 < len(loc):
            parts.append(_human_field(item))
        else:
            parts.append(f"field “{_human_field(item)}”")
    return ", ".join(parts) or "the map"


def describe_validation_error(exc: ValidationError, data: Any) -> str:
    """The first problem in learner words (and how many more there are)."""
    errors = exc.errors()
    first = errors[0]
    # pydantic adds tags like 'literal[...]' for unions; they are not places in the file
    where = describe_location(data, tuple(x for x in first["loc"] if not isinstance(x, str) or "[" not in x))
    msg = str(first.get("msg", "is not valid"))
    kind = first.get("type", "")
    if kind == "missing":
        what = "is missing"
    elif kind == "extra_forbidden":
        what = "is not a field a journey map has (check the spelling)"
    elif kind in ("greater_than_equal", "less_than_equal"):
        bounds = "−2 and +2" if first["loc"][-1] == "emotion" else "1 and 5"
        what = f"must be between {bounds} (it is {_shown_input(first.get('input'))})"
    elif kind == "literal_error":
        what = f"must be one of the listed options ({msg.removeprefix('Input should be ')})"
    elif kind == "string_too_long":
        what = f"is too long: keep it under {first.get('ctx', {}).get('max_length')} characters"
    elif kind == "too_long":
        what = f"has too many items: there can be at most {first.get('ctx', {}).get('max_length')}"
    elif kind == "value_error" and not first["loc"]:  # a rule about the whole map: its own sentence
        sentence = msg.removeprefix("Value error, ")
        return sentence[0].upper() + sentence[1:].rstrip(".") + "."
    else:
        what = f"is not valid: {msg.removeprefix('Value error, ')}"
    extra = len(errors) - 1
    more = f" ({extra} more problem{'s' if extra > 1 else ''} after this one)" if extra else ""
    return f"In {where}: this {what}.{more}"


def set_field(model: BaseModel, field: str, value: Any, journey: JourneyMap | None = None) -> None:
    """Assign a validated value; a bad value raises ``ValueError`` in learner words and leaves the model as it was.

    Pass the whole map as ``journey`` when ``model`` is inside it (a touchpoint, a KPI …): the map's own
    limits (:func:`check_limits`, e.g. its size as a file) are then checked too, and the edit undone if it
    would pass one."""
    old = getattr(model, field, None)
    try:
        setattr(model, field, value)
    except ValidationError as exc:
        model.__dict__[field] = old  # a rule about the whole object fails after pydantic has assigned: undo it
        err = exc.errors()[0]
        kind = err.get("type", "")
        label = _human_field(field)
        if isinstance(model, Kpi) and field in ("value", "target"):
            label = f"KPI {field}"
        if kind in ("greater_than_equal", "less_than_equal"):
            bounds = "−2 and +2" if field == "emotion" else "1 and 5"
            raise ValueError(f"{label} must be between {bounds}") from None
        if kind.startswith("float") or kind.startswith("int"):
            raise ValueError(f"{label} must be a number (you typed {_shown_input(value)})") from None
        if kind == "string_too_long":
            raise ValueError(f"{label} is too long: keep it under {err.get('ctx', {}).get('max_length')} characters") \
                from None
        if kind == "too_long":
            raise ValueError(f"{label}: there can be at most {err.get('ctx', {}).get('max_length')}") from None
        reason = str(err.get("msg", "not valid")).removeprefix("Value error, ")
        if not err.get("loc") or reason.startswith(f"{label}:"):  # a rule about the whole map, or already named
            raise ValueError(reason) from None
        raise ValueError(f"{label}: {reason}") from None
    if journey is not None:
        try:
            check_limits(journey)
        except ValueError:
            setattr(model, field, old)
            raise


def _shown_input(value: Any, limit: int = 40) -> str:
    """A short, safe rendering of a bad value for a message (``repr`` of a huge int would itself fail)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**MAX_NUMBER_CHARS:
        return "a number too large to use"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- templates --------------------------------------------------------------------------------

TEMPLATES: dict[str, str] = {
    "hotel-stay": "Hotel stay (hospitality, BTEC HN)",
    "high-street-retailer": "High-street retailer (OCR)",
    "online-retailer": "Online retailer, awareness to advocacy (CIM L6)",
    "charity-donor": "Charity donor (CIM L4)",
    "b2b-service": "B2B service (CIM L3/L4)",
    "restaurant-visit": "Restaurant visit, The Mill Kitchen (hospitality, BTEC HN)",
    "attraction-day": "Family day at a visitor attraction (BTEC HN)",
    "garden-centre": "Garden centre, Hartwell Home & Garden (CIM L4)",
}


def load_template(key: str) -> JourneyMap:
    """A template from ``data/journeys/<key>.json``."""
    if key not in TEMPLATES:
        raise ValueError(f"there is no template called {key!r}; choose one of {', '.join(TEMPLATES)}")
    return JourneyMap.from_json(template_path(key).read_text(encoding="utf-8"))


def template_path(key: str) -> Path:
    """Templates live beside the curriculum data (``data/journeys``), like ``widgets.curriculum``'s YAML."""
    return Path(__file__).resolve().parent.parent / "data" / "journeys" / f"{key}.json"


def blank_map(stage_set: str = "acpra", title: str = "My customer journey map") -> JourneyMap:
    """A new map whose stages come from a stage set (the specs' own stage names)."""
    if stage_set not in STAGE_SETS:
        raise ValueError(f"unknown stage set {stage_set!r}")
    names = STAGE_SETS[stage_set].stages or ("Stage 1",)
    return JourneyMap(title=title, stage_set=stage_set, as_is=[Stage(name=n) for n in names])  # type: ignore[arg-type]


# -- analysis ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurvePoint:
    order: int
    stage: str
    touchpoint: str
    touchpoint_id: str
    channel: str
    emotion: int
    moment_of_truth: bool


def emotion_curve(journey: JourneyMap, version: Version = "as_is") -> list[CurvePoint]:
    """The emotion score of every touchpoint in journey order (the emotional curve of the map)."""
    return [CurvePoint(i + 1, s.name, t.name, t.id, t.channel, t.emotion, t.moment_of_truth)
            for i, (s, t) in enumerate(journey.touchpoints(version))]


def stage_emotions(journey: JourneyMap, version: Version = "as_is") -> list[tuple[str, float | None]]:
    """Mean emotion per stage (None for a stage with no touchpoints)."""
    return [(s.name, statistics.fmean(t.emotion for t in s.touchpoints) if s.touchpoints else None)
            for s in journey.stages(version)]


@dataclass(frozen=True)
class RankedPain:
    stage: str
    touchpoint: str
    pain: PainPoint

    @property
    def score(self) -> int:
        return self.pain.score


def ranked_pain_points(journey: JourneyMap, version: Version = "as_is") -> list[RankedPain]:
    """Pain points ranked by severity × frequency (each 1–5, so 1–25), highest first.

    The rule is the risk-matrix product (impact × likelihood) used in service-failure and FMEA-style
    prioritisation: a moderate problem that happens to every customer can outrank a severe but rare
    one. Ties go to the more severe problem, then to journey order.
    """
    rows = [RankedPain(s.name, t.name, p) for s, t in journey.touchpoints(version) for p in t.pain_points]
    order = {id(r): i for i, r in enumerate(rows)}
    return sorted(rows, key=lambda r: (-r.score, -r.pain.severity, order[id(r)]))


def moments_of_truth(journey: JourneyMap, version: Version = "as_is") -> list[tuple[Stage, Touchpoint]]:
    """Touchpoints flagged as moments of truth (the interactions that make or break the relationship)."""
    return [(s, t) for s, t in journey.touchpoints(version) if t.moment_of_truth]


@dataclass(frozen=True)
class Gap:
    stage: str
    touchpoint: str
    expectation: str
    experience: str
    gap: int


def expectation_gaps(journey: JourneyMap, version: Version = "as_is") -> list[Gap]:
    """Touchpoints with both scores, gap = experience − expectation (1–5 each), worst first.

    Negative: the experience fell short of what the customer expected (negative disconfirmation,
    Oliver 1980; the perception − expectation gap of SERVQUAL, Parasuraman, Zeithaml and Berry 1988).
    """
    gaps = [Gap(s.name, t.name, t.expectation, t.experience, t.gap)
            for s, t in journey.touchpoints(version) if t.gap is not None]
    return sorted(gaps, key=lambda g: g.gap)


def channel_mix(journey: JourneyMap, version: Version = "as_is") -> dict[str, dict[str, int]]:
    """For each stage, how many touchpoints use each channel (stage order, channels by count)."""
    return {s.name: dict(Counter(t.channel for t in s.touchpoints).most_common()) for s in journey.stages(version)}


def why_chain(pain: PainPoint) -> list[str]:
    """The 5 Whys chain as sentences: the problem, then each answer to “why?”; the last is the root cause.

    Root-cause analysis by asking “why?” up to five times (Ohno, *Toyota Production System*, 1988).
    """
    steps = [f"Problem: {pain.description}"]
    for i, answer in enumerate(pain.whys, start=1):
        prefix = "Root cause" if i == len(pain.whys) else f"Why {i}"
        steps.append(f"{prefix}: {answer}")
    return steps


QUADRANTS = ("Quick win", "Major project", "Fill-in", "Thankless task")


def quadrant(impact: int, effort: int) -> str:
    """Impact–effort matrix: impact and effort are 'high' at 3 or more on the 1–5 scale."""
    high_impact, high_effort = impact >= 3, effort >= 3
    if high_impact:
        return "Major project" if high_effort else "Quick win"
    return "Thankless task" if high_effort else "Fill-in"


@dataclass(frozen=True)
class RankedImprovement:
    stage: str
    touchpoint: str
    improvement: Improvement
    quadrant: str


def prioritise_improvements(journey: JourneyMap, version: Version = "as_is") -> list[RankedImprovement]:
    """Opportunities in priority order by the impact–effort matrix.

    Rule (stated so a learner can check it by hand): first by quadrant — quick wins (impact ≥ 3,
    effort ≤ 2), then major projects (impact ≥ 3, effort ≥ 3), then fill-ins (impact ≤ 2, effort
    ≤ 2), then thankless tasks (impact ≤ 2, effort ≥ 3); within a quadrant by impact − effort,
    highest first, then by impact, then journey order.
    """
    rows = [RankedImprovement(s.name, t.name, o, quadrant(o.impact, o.effort))
            for s, t in journey.touchpoints(version) for o in t.opportunities]
    order = {id(r): i for i, r in enumerate(rows)}
    return sorted(rows, key=lambda r: (QUADRANTS.index(r.quadrant), -(r.improvement.impact - r.improvement.effort),
                                       -r.improvement.impact, order[id(r)]))


@dataclass(frozen=True)
class VersionSummary:
    touchpoints: int
    mean_emotion: float | None
    lowest_emotion: int | None
    negative_moments_of_truth: int
    pain_score: int
    mean_gap: float | None


def summarise_version(journey: JourneyMap, version: Version = "as_is") -> VersionSummary:
    tps = [t for _, t in journey.touchpoints(version)]
    gaps = [t.gap for t in tps if t.gap is not None]
    return VersionSummary(
        touchpoints=len(tps),
        mean_emotion=statistics.fmean(t.emotion for t in tps) if tps else None,
        lowest_emotion=min((t.emotion for t in tps), default=None),
        negative_moments_of_truth=sum(1 for t in tps if t.moment_of_truth and t.emotion < 0),
        pain_score=sum(p.score for t in tps for p in t.pain_points),
        mean_gap=statistics.fmean(gaps) if gaps else None,
    )


@dataclass(frozen=True)
class TouchpointChange:
    stage: str
    touchpoint: str
    change: Literal["added", "removed", "changed", "unchanged"]
    emotion_before: int | None
    emotion_after: int | None


@dataclass(frozen=True)
class Comparison:
    as_is: VersionSummary
    to_be: VersionSummary
    touchpoints: list[TouchpointChange]

    @property
    def emotion_change(self) -> float | None:
        if self.as_is.mean_emotion is None or self.to_be.mean_emotion is None:
            return None
        return self.to_be.mean_emotion - self.as_is.mean_emotion


def compare_versions(journey: JourneyMap) -> Comparison:
    """As-is against to-be: summaries and, touchpoint by touchpoint (matched by id), what changed."""
    before = {t.id: (s, t) for s, t in journey.touchpoints("as_is")}
    after = {t.id: (s, t) for s, t in journey.touchpoints("to_be")}
    changes: list[TouchpointChange] = []
    for tid, (s, t) in before.items():
        if tid not in after:
            changes.append(TouchpointChange(s.name, t.name, "removed", t.emotion, None))
            continue
        s2, t2 = after[tid]
        same = t.model_dump(exclude={"id"}) == t2.model_dump(exclude={"id"}) and s.name == s2.name
        changes.append(TouchpointChange(s2.name, t2.name, "unchanged" if same else "changed", t.emotion, t2.emotion))
    for tid, (s, t) in after.items():
        if tid not in before:
            changes.append(TouchpointChange(s.name, t.name, "added", None, t.emotion))
    return Comparison(summarise_version(journey, "as_is"), summarise_version(journey, "to_be"), changes)


# -- charts -------------------------------------------------------------------------------------------

def _signed(v: float) -> str:
    return f"{v:+.1f}".replace("+0.0", "0").replace("-", "−")


def curve_rows(journey: JourneyMap, version: Version = "as_is") -> list[dict[str, Any]]:
    """Chart data: one row per touchpoint (plain dicts, ready for a Vega-Lite dataset)."""
    label = VERSION_LABELS[version]
    return [{"Step": p.order, "Stage": p.stage, "Touchpoint": p.touchpoint, "Label": f"{p.order}. {p.touchpoint}",
             "Emotion": p.emotion, "Feeling": EMOTION_LABELS[p.emotion], "Channel": p.channel,
             "Moment of truth": "Moment of truth" if p.moment_of_truth else "Other touchpoint", "Version": label}
            for p in emotion_curve(journey, version)]


def curve_description(journey: JourneyMap, versions: tuple[Version, ...] = ("as_is",)) -> str:
    """A text description of the emotion curve (for screen readers and the printed page)."""
    parts = [f"Emotion curve for “{journey.title}”, emotion from −2 (very negative) to +2 (very positive) "
             f"at each touchpoint in journey order."]
    for version in versions:
        points = emotion_curve(journey, version)
        name = VERSION_LABELS[version]
        if not points:
            parts.append(f"{name}: no touchpoints yet.")
            continue
        low = min(points, key=lambda p: p.emotion)
        high = max(points, key=lambda p: p.emotion)
        mean = statistics.fmean(p.emotion for p in points)
        stages = "; ".join(f"{n} {_signed(m)}" for n, m in stage_emotions(journey, version) if m is not None)
        mots = [p.touchpoint for p in points if p.moment_of_truth]
        parts.append(
            f"{name}: {len(points)} touchpoint{'s' if len(points) != 1 else ''}, mean emotion {_signed(mean)}; "
            f"lowest {_signed(low.emotion)} at "
            f"“{low.touchpoint}” ({low.stage}); highest {_signed(high.emotion)} at “{high.touchpoint}” ({high.stage}). "
            f"Stage means: {stages}. Moments of truth (diamonds): {', '.join(mots) if mots else 'none marked'}.")
    return " ".join(parts)


_SPEC_CACHE: dict[tuple, dict[str, Any]] = {}
CURVE_DATASET = "journey_curve"


def curve_spec_template(two_versions: bool, width: int = 640) -> dict[str, Any]:
    """The Vega-Lite spec of the emotion curve with a named dataset (data is filled in by ``curve_spec``).

    Built with Altair once and cached, so an edit in the builder only swaps the data rows.
    """
    key = (two_versions, width)
    if key not in _SPEC_CACHE:
        alt = import_altair()
        base = alt.Chart(alt.Data(name=CURVE_DATASET))
        colour = (alt.Color("Version:N", title="Version",
                            scale=alt.Scale(domain=["As-is", "To-be"], range=[PALETTE[1], PALETTE[0]]))
                  if two_versions else alt.value(PALETTE[0]))
        x = alt.X("Step:O", title="Touchpoint (in journey order)",
                  axis=alt.Axis(labelExpr="datum.value", labelAngle=0, labelOverlap=True))
        y = alt.Y("Emotion:Q", title="Emotion (−2 to +2)", scale=alt.Scale(domain=[-2.2, 2.2], nice=False),
                  axis=alt.Axis(values=[-2, -1, 0, 1, 2]))
        tooltip = ["Label:N", "Stage:N", "Channel:N", "Emotion:Q", "Feeling:N", "Moment of truth:N"]
        line = base.mark_line(point=False, strokeWidth=2).encode(
            x=x, y=y, color=colour,
            strokeDash=alt.StrokeDash("Version:N", title="Version",
                                      scale=alt.Scale(domain=["As-is", "To-be"], range=[[6, 4], [1, 0]]))
            if two_versions else alt.value([1, 0]))
        points = base.mark_point(filled=True, size=90, opacity=1).encode(
            x=x, y=y, color=colour,
            shape=alt.Shape("Moment of truth:N", scale=alt.Scale(domain=["Moment of truth", "Other touchpoint"],
                                                                  range=["diamond", "circle"]),
                            legend=alt.Legend(title=None)),
            tooltip=tooltip)
        zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(color="#5c5c5c", strokeDash=[4, 4]).encode(y="y:Q")
        # legends below the plot, so the chart is no wider than its plot area plus the axis
        chart = (alt.layer(zero, line, points).properties(width=width, height=260, title="Emotion curve")
                 .configure_legend(orient="bottom", direction="horizontal"))
        spec = chart.to_dict()
        spec.pop("datasets", None)
        _SPEC_CACHE[key] = spec
    return _SPEC_CACHE[key]


def curve_spec(journey: JourneyMap, versions: tuple[Version, ...] = ("as_is",),
               max_width: int = 1600) -> dict[str, Any]:
    """The full Vega-Lite spec of the emotion curve for the given versions (data included).

    The plot is 44 px per touchpoint, between 420 px and ``max_width`` (the book caps it to fit its page)."""
    rows: list[dict[str, Any]] = []
    for version in versions:
        rows += curve_rows(journey, version)
    width = max(420, min(max_width, 44 * max((len(journey.touchpoints(v)) for v in versions), default=1)))
    spec = dict(curve_spec_template(len(versions) > 1, width))
    spec["datasets"] = {CURVE_DATASET: rows}
    return spec


def emotion_curve_chart(journey: JourneyMap, versions: tuple[Version, ...] = ("as_is",),
                        max_width: int = 1600) -> SpecChart:
    """The emotion curve as an :class:`widgets.charts.AccessibleChart` (spec built without re-running Altair)."""
    return SpecChart(curve_spec(journey, versions, max_width), curve_description(journey, versions))


class SpecChart(AccessibleChart):
    """An AccessibleChart made from a ready Vega-Lite spec (the builder swaps data, not the chart)."""

    def __init__(self, spec: dict[str, Any], description: str):
        if not description.strip():
            raise ValueError("every chart needs a text description for people who cannot see it")
        self.chart = None
        self.description = description
        self.spec = {**spec, "description": description}


def chart_svg(journey: JourneyMap, versions: tuple[Version, ...] = ("as_is",)) -> str:
    """The emotion curve as SVG (rendered offline by vl-convert)."""
    return emotion_curve_chart(journey, versions).to_svg()


def chart_png(journey: JourneyMap, versions: tuple[Version, ...] = ("as_is",), scale: float = 2.0) -> bytes:
    """The emotion curve as PNG (rendered offline by vl-convert)."""
    return emotion_curve_chart(journey, versions).to_png(scale=scale)


# -- exports ------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "version", "stage_order", "stage", "touchpoint_order", "touchpoint", "touchpoint_id", "channel", "doing",
    "thinking", "feeling", "emotion", "emotion_words", "shaw_clusters", "moment_of_truth", "expectation",
    "experience", "expectation_score", "experience_score", "gap", "pain_points", "pain_score", "opportunities",
    "backstage_owner", "backstage_process", "kpis",
)


def _kpi_text(k: Kpi) -> str:
    target = f" (target {k.target:g})" if k.target is not None else ""
    return f"{k.name}: {k.value:g}{(' ' + k.unit) if k.unit else ''}{target}"


def to_csv(journey: JourneyMap) -> str:
    """One row per touchpoint (both versions if there is a to-be journey), columns ``CSV_COLUMNS``.

    Written by :func:`widgets.exports.csv_text`: RFC 4180, and formula cells neutralised (OWASP "CSV
    Injection"); numbers such as the emotion score −2 stay numbers.
    """
    rows: list[list[Any]] = []
    versions: list[Version] = ["as_is"] + (["to_be"] if journey.to_be is not None else [])
    for version in versions:
        for si, stage in enumerate(journey.stages(version), start=1):
            for ti, t in enumerate(stage.touchpoints, start=1):
                row = [
                    VERSION_LABELS[version], si, stage.name, ti, t.name, t.id, t.channel, t.doing, t.thinking,
                    t.feeling, t.emotion, "; ".join(t.emotion_words),
                    "; ".join(sorted({SHAW_WORDS[w] for w in t.emotion_words})), "yes" if t.moment_of_truth else "no",
                    t.expectation, t.experience, t.expectation_score or "", t.experience_score or "",
                    "" if t.gap is None else t.gap,
                    "; ".join(f"{p.description} (S{p.severity}×F{p.frequency})" for p in t.pain_points),
                    sum(p.score for p in t.pain_points),
                    "; ".join(f"{o.description} (impact {o.impact}, effort {o.effort})" for o in t.opportunities),
                    t.backstage_owner, t.backstage_process, "; ".join(_kpi_text(k) for k in t.kpis),
                ]
                rows.append(row)
    return csv_text(rows, header=CSV_COLUMNS)


def _md(text: str) -> str:
    """Learner text for the Markdown summary: :func:`widgets.exports.md_text` (no HTML, no links)."""
    return md_text(text)


def to_markdown(journey: JourneyMap) -> str:
    """A Markdown summary for an assignment: persona, stages, analysis, and the to-be comparison."""
    p = journey.persona
    out = [f"# {_md(journey.title)}", ""]
    meta = [x for x in (journey.organisation, journey.sector) if x]
    if meta:
        out += [f"*{_md(' · '.join(meta))}*", ""]
    if journey.scenario:
        out += [f"**Scenario.** {_md(journey.scenario)}", ""]
    out += ["## Persona", "", f"**{_md(p.name or 'Unnamed persona')}**" + (f" — {_md(p.segment)}" if p.segment else ""),
            ""]
    if p.details:
        out += [_md(p.details), ""]
    for label, items in (("Goals", p.goals), ("Needs", p.needs), ("Frustrations", p.frustrations)):
        if items:
            out += [f"**{label}:**", ""] + [f"- {_md(i)}" for i in items] + [""]
    versions: list[Version] = ["as_is"] + (["to_be"] if journey.to_be is not None else [])
    for version in versions:
        out += [f"## {VERSION_LABELS[version]} journey", ""]
        out += ["| Stage | Touchpoint | Channel | Doing | Thinking | Feeling | Emotion | Moment of truth |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for s, t in journey.touchpoints(version):
            out.append(f"| {_md(s.name)} | {_md(t.name)} | {t.channel} | {_md(t.doing)} | {_md(t.thinking)} | "
                       f"{_md(t.feeling)} | {_signed(t.emotion)} | {'yes' if t.moment_of_truth else ''} |")
        out += ["", _md(curve_description(journey, (version,))), ""]
        pains = ranked_pain_points(journey, version)
        if pains:
            out += ["### Pain points (severity × frequency)", ""]
            for r in pains:
                out.append(f"1. **{r.score}** — {_md(r.pain.description)} ({_md(r.stage)}: {_md(r.touchpoint)}; "
                           f"severity {r.pain.severity}, frequency {r.pain.frequency})")
                for step in why_chain(r.pain)[1:]:
                    out.append(f"   - {_md(step)}")
            out.append("")
        gaps = [g for g in expectation_gaps(journey, version) if g.gap < 0]
        if gaps:
            out += ["### Expectation gaps (experience − expectation)", ""]
            out += [f"- {_md(g.touchpoint)} ({_md(g.stage)}): {g.gap:+d}" for g in gaps] + [""]
        imps = prioritise_improvements(journey, version)
        if imps:
            out += ["### Improvements in priority order", ""]
            out += [f"1. {_md(r.improvement.description)} — {r.quadrant} (impact {r.improvement.impact}, "
                    f"effort {r.improvement.effort}; {_md(r.touchpoint)})" for r in imps] + [""]
    if journey.to_be is not None:
        c = compare_versions(journey)
        out += ["## As-is compared with to-be", "", "| Measure | As-is | To-be |", "| --- | --- | --- |"]
        for label, a, b in _comparison_rows(c):
            out.append(f"| {label} | {a} | {b} |")
        out.append("")
    return "\n".join(out)


def _fmt(v: float | int | None, signed: bool = False) -> str:
    if v is None:
        return "–"
    return _signed(v) if signed else f"{v:g}"


def _comparison_rows(c: Comparison) -> list[tuple[str, str, str]]:
    a, b = c.as_is, c.to_be
    return [
        ("Touchpoints", _fmt(a.touchpoints), _fmt(b.touchpoints)),
        ("Mean emotion", _fmt(a.mean_emotion, True), _fmt(b.mean_emotion, True)),
        ("Lowest emotion", _fmt(a.lowest_emotion, True), _fmt(b.lowest_emotion, True)),
        ("Moments of truth below zero", _fmt(a.negative_moments_of_truth), _fmt(b.negative_moments_of_truth)),
        ("Total pain score (Σ severity × frequency)", _fmt(a.pain_score), _fmt(b.pain_score)),
        ("Mean expectation gap", _fmt(a.mean_gap, True), _fmt(b.mean_gap, True)),
    ]


SWIMLANE_CSS = """
.cx-journey { font-family: inherit; color: #1a1a1a; }
.cx-journey-scroll { overflow-x: auto; max-width: 100%; }
.cx-journey-scroll:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
table.cx-swimlane { border-collapse: collapse; font-size: 0.9rem; }
table.cx-swimlane th, table.cx-swimlane td { border: 1px solid #767676; padding: 4px 6px; vertical-align: top;
  min-width: 9rem; max-width: 16rem; text-align: left; background: #fff; color: #1a1a1a; }
table.cx-swimlane thead th { background: #e8eef6; }
table.cx-swimlane th[scope=row] { background: #f3f3f3; min-width: 7rem; }
.cx-emotion-neg { color: #8a1c1c; font-weight: 600; }
.cx-emotion-pos { color: #155c38; font-weight: 600; }
.cx-mot { font-weight: 700; }
"""


def _signed_int(v: int) -> str:
    return f"{v:+d}".replace("-", "−") if v else "0"


def _emotion_cell(t: Touchpoint) -> str:
    cls = "cx-emotion-neg" if t.emotion < 0 else "cx-emotion-pos" if t.emotion > 0 else ""
    words = f"<br>{html.escape(', '.join(t.emotion_words))}" if t.emotion_words else ""
    return f"<span class='{cls}'>{_signed_int(t.emotion)} ({EMOTION_LABELS[t.emotion]})</span>{words}"


def swimlane_html(journey: JourneyMap, version: Version = "as_is", caption: str | None = None,
                  include_style: bool = True) -> str:
    """The map as a swimlane table: a column per touchpoint grouped by stage, a row per lane.

    Every piece of learner text is escaped. The table scrolls sideways in a keyboard-focusable region.
    """
    e = html.escape
    stages = journey.stages(version)
    tps = [(s, t) for s in stages for t in s.touchpoints]
    head1 = "".join(f"<th scope='colgroup' colspan='{max(1, len(s.touchpoints))}'>{e(s.name)}</th>" for s in stages)
    cols: list[Touchpoint | None] = []
    for s in stages:
        cols += s.touchpoints or [None]

    def row(label: str, cell) -> str:
        cells = "".join(f"<td>{cell(t)}</td>" if t is not None else "<td>–</td>" for t in cols)
        return f"<tr><th scope='row'>{label}</th>{cells}</tr>"

    def lst(items: list[str]) -> str:
        return "<br>".join(e(i) for i in items) or "–"

    def pain(t: Touchpoint) -> str:
        return lst([f"{p.description} (severity {p.severity} × frequency {p.frequency} = {p.score})"
                    for p in t.pain_points])

    def gap(t: Touchpoint) -> str:
        bits = []
        if t.expectation:
            bits.append(f"<strong>Expected:</strong> {e(t.expectation)}")
        if t.experience:
            bits.append(f"<strong>Got:</strong> {e(t.experience)}")
        if t.gap is not None:
            bits.append(f"Gap {_signed_int(t.gap)}")
        return "<br>".join(bits) or "–"

    body = "".join([
        "<tr><th scope='row'>Touchpoint</th>" + "".join(
            (f"<th scope='col'>{e(t.name)}" + (" <span class='cx-mot'>◆ moment of truth</span>" if t.moment_of_truth
                                               else "") + "</th>") if t is not None else "<td>(no touchpoints)</td>"
            for t in cols) + "</tr>",
        row("Channel", lambda t: e(t.channel)),
        row("Doing", lambda t: e(t.doing) or "–"),
        row("Thinking", lambda t: e(t.thinking) or "–"),
        row("Feeling", lambda t: e(t.feeling) or "–"),
        row("Emotion", _emotion_cell),
        row("Expectation and experience", gap),
        row("Pain points", pain),
        row("Opportunities", lambda t: lst([f"{o.description} (impact {o.impact}, effort {o.effort})"
                                            for o in t.opportunities])),
        row("Backstage", lambda t: "<br>".join(x for x in (
            f"<strong>Owner:</strong> {e(t.backstage_owner)}" if t.backstage_owner else "",
            e(t.backstage_process)) if x) or "–"),
        row("KPIs", lambda t: lst([_kpi_text(k) for k in t.kpis])),
    ])
    cap = caption or f"{VERSION_LABELS[version]} journey: {journey.title}"
    label = e(cap, quote=True)
    # A live view leaves the style out (include_style=False) and adds SWIMLANE_CSS once: a new <style>
    # element on every update would make the browser recompute the style of the whole page.
    style = f"<style>{SWIMLANE_CSS}</style>" if include_style else ""
    return (f"<div class='cx-journey'>{style}"
            f"<div class='cx-journey-scroll' tabindex='0' role='region' aria-label='{label}'>"
            f"<table class='cx-swimlane'><caption>{e(cap)} ({len(tps)} touchpoints in {len(stages)} stages)</caption>"
            f"<thead><tr><td></td>{head1}</tr></thead><tbody>{body}</tbody></table></div></div>")


def _list_html(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>" if items else "<p>–</p>"


PRINT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2rem; color: #1a1a1a;
  background: #fff; line-height: 1.4; }
h1, h2, h3 { color: #0b3d73; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #767676; padding: 4px 6px; text-align: left; vertical-align: top; }
figure { margin: 1rem 0; }
svg { max-width: 100%; height: auto; }
@media print {
  body { margin: 0; font-size: 10pt; }
  .cx-journey-scroll { overflow: visible !important; }
  table.cx-swimlane { font-size: 8pt; }
  h2 { page-break-before: auto; break-after: avoid; }
  tr, figure { break-inside: avoid; }
  @page { size: A4 landscape; margin: 12mm; }
}
"""


def to_html(journey: JourneyMap) -> str:
    """A standalone, printable HTML page: no scripts, no external requests; the chart as inline SVG.

    All learner text is escaped.
    """
    e = html.escape
    p = journey.persona
    versions: tuple[Version, ...] = ("as_is", "to_be") if journey.to_be is not None else ("as_is",)
    chart = emotion_curve_chart(journey, versions)
    svg = chart.to_svg()
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1]
    svg = svg.replace("<svg ", "<svg role='img' aria-label='" + e(chart.description, quote=True) + "' ", 1)
    parts = [
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{e(journey.title)}</title><style>{PRINT_CSS}</style></head><body><main>",
        f"<h1>{e(journey.title)}</h1>",
    ]
    meta = " · ".join(x for x in (journey.organisation, journey.sector) if x)
    if meta:
        parts.append(f"<p><em>{e(meta)}</em></p>")
    if journey.scenario:
        parts.append(f"<p><strong>Scenario.</strong> {e(journey.scenario)}</p>")
    parts += [f"<h2>Persona: {e(p.name or 'unnamed')}</h2>",
              f"<p>{e(p.segment)}</p>" if p.segment else "", f"<p>{e(p.details)}</p>" if p.details else "",
              "<h3>Goals</h3>", _list_html(p.goals), "<h3>Needs</h3>", _list_html(p.needs),
              "<h3>Frustrations</h3>", _list_html(p.frustrations),
              f"<h2>Emotion curve</h2><figure>{svg}<figcaption>{e(chart.description)}</figcaption></figure>"]
    for version in versions:
        parts.append(f"<h2>{VERSION_LABELS[version]} journey</h2>")
        parts.append(swimlane_html(journey, version))
        pains = ranked_pain_points(journey, version)
        if pains:
            parts.append("<h3>Pain points ranked by severity × frequency</h3><ol>")
            for r in pains:
                whys = "".join(f"<li>{e(s)}</li>" for s in why_chain(r.pain)[1:])
                parts.append(f"<li><strong>{r.score}</strong> {e(r.pain.description)} ({e(r.stage)}: "
                             f"{e(r.touchpoint)})" + (f"<ul>{whys}</ul>" if whys else "") + "</li>")
            parts.append("</ol>")
        imps = prioritise_improvements(journey, version)
        if imps:
            parts.append("<h3>Improvements in priority order</h3><ol>")
            parts += [f"<li>{e(r.improvement.description)} — {r.quadrant} (impact {r.improvement.impact}, "
                      f"effort {r.improvement.effort}; {e(r.touchpoint)})</li>" for r in imps]
            parts.append("</ol>")
    if journey.to_be is not None:
        c = compare_versions(journey)
        rows = "".join(f"<tr><th scope='row'>{label}</th><td>{a}</td><td>{b}</td></tr>"
                       for label, a, b in _comparison_rows(c))
        parts.append("<h2>As-is compared with to-be</h2><table><thead><tr><th scope='col'>Measure</th>"
                     f"<th scope='col'>As-is</th><th scope='col'>To-be</th></tr></thead><tbody>{rows}</tbody></table>")
    parts.append("</main></body></html>")
    return "".join(parts)


def to_json_bytes(journey: JourneyMap) -> bytes:
    """The map's JSON file. A map past a limit (see :func:`check_limits`) is refused with the reason, so no
    file is ever written that the builder would refuse to open again."""
    check_limits(journey)
    return journey.to_json().encode("utf-8")


def analysis_html(journey: JourneyMap, version: Version = "as_is", limit: int = 8) -> str:
    """The analysis panel: pain points ranked, moments of truth, expectation gaps, channel mix,
    improvements in priority order and (when there is a to-be journey) the comparison. Escaped."""
    e = html.escape
    out = ["<div class='cx-journey cx-journey-analysis'>"]
    pains = ranked_pain_points(journey, version)
    out.append("<h3>Pain points ranked by severity × frequency</h3>")
    if pains:
        items = []
        for r in pains[:limit]:
            whys = why_chain(r.pain)[1:]
            chain = f"<br><small>{' → '.join(e(s) for s in whys)}</small>" if whys else ""
            items.append(f"<li><strong>{r.score}</strong> ({r.pain.severity} × {r.pain.frequency}) "
                         f"{e(r.pain.description)} <em>— {e(r.stage)}: {e(r.touchpoint)}</em>{chain}</li>")
        more = f"<p>and {len(pains) - limit} more.</p>" if len(pains) > limit else ""
        out.append(f"<ol>{''.join(items)}</ol>{more}")
    else:
        out.append("<p>No pain points recorded yet.</p>")
    mots = moments_of_truth(journey, version)
    out.append("<h3>Moments of truth</h3>")
    out.append("<ul>" + "".join(f"<li>{e(t.name)} ({e(s.name)}): emotion {_signed(t.emotion)}"
                                f"{' — below zero, a priority' if t.emotion < 0 else ''}</li>" for s, t in mots)
               + "</ul>" if mots else "<p>No touchpoint is marked as a moment of truth.</p>")
    gaps = expectation_gaps(journey, version)
    out.append("<h3>Expectation gaps (experience − expectation)</h3>")
    out.append("<ul>" + "".join(f"<li>{g.gap:+d}: {e(g.touchpoint)} ({e(g.stage)})"
                                f"{' — fell short' if g.gap < 0 else ''}</li>" for g in gaps[:limit]) + "</ul>"
               if gaps else "<p>No touchpoint has both an expectation and an experience score.</p>")
    mix = channel_mix(journey, version)
    out.append("<h3>Channel mix per stage</h3><table class='cx-swimlane'><thead><tr><th scope='col'>Stage</th>"
               "<th scope='col'>Channels (number of touchpoints)</th></tr></thead><tbody>")
    out += [f"<tr><th scope='row'>{e(stage)}</th><td>{e(', '.join(f'{c} {n}' for c, n in counts.items())) or '–'}"
            f"</td></tr>" for stage, counts in mix.items()]
    out.append("</tbody></table>")
    imps = prioritise_improvements(journey, version)
    out.append("<h3>Improvements in priority order (impact–effort)</h3>")
    out.append("<ol>" + "".join(f"<li><strong>{r.quadrant}</strong> (impact {r.improvement.impact}, effort "
                                f"{r.improvement.effort}): {e(r.improvement.description)} <em>— {e(r.touchpoint)}</em>"
                                f"</li>" for r in imps[:limit]) + "</ol>" if imps else "<p>No opportunities yet.</p>")
    if journey.to_be is not None:
        rows = "".join(f"<tr><th scope='row'>{label}</th><td>{a}</td><td>{b}</td></tr>"
                       for label, a, b in _comparison_rows(compare_versions(journey)))
        out.append("<h3>As-is compared with to-be</h3><table class='cx-swimlane'><thead><tr>"
                   "<th scope='col'>Measure</th><th scope='col'>As-is</th><th scope='col'>To-be</th></tr></thead>"
                   f"<tbody>{rows}</tbody></table>")
    out.append("</div>")
    return "".join(out)


def static_map_html(journey: JourneyMap, live_label: str = "Open the live journey builder") -> str:
    """A rendered map for a static page (the book): emotion-curve figure, swimlane(s), analysis and a link to
    the live builder. Everything is escaped; the chart is drawn by the book's local Vega bundle."""
    from widgets.live import live_link_html

    versions: tuple[Version, ...] = ("as_is", "to_be") if journey.to_be is not None else ("as_is",)
    e = html.escape
    parts = [f"<div class='cx-journey-static'><p><strong>{e(journey.title)}</strong>"
             + (f" — {e(journey.organisation)}" if journey.organisation else "") + "</p>"]
    p = journey.persona
    if p.name:
        parts.append(f"<p><strong>Persona:</strong> {e(p.name)}" + (f", {e(p.segment)}" if p.segment else "")
                     + (f". {e(p.details)}" if p.details else "") + "</p>")
    if journey.scenario:
        parts.append(f"<p><strong>Scenario:</strong> {e(journey.scenario)}</p>")
    parts.append(emotion_curve_chart(journey, versions, max_width=500).to_html())  # fits the book's text column
    for version in versions:
        parts.append(swimlane_html(journey, version))
    parts.append(analysis_html(journey, versions[-1] if len(versions) == 1 else "as_is"))
    parts.append(live_link_html("journey-builder", live_label))
    parts.append("</div>")
    return "".join(parts)
