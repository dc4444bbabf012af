"""Curriculum models: the five specifications as validated data.

Each ``data/curriculum/<spec-id>.yml`` file describes one specification. This
module loads a file, validates it against the models below and returns a
:class:`Spec`. A malformed file raises :class:`CurriculumError` whose message
names the file and the field (for example ``units[0].outcomes[1].weighting``).

The shape is documented for authors in ``data/curriculum/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SPEC_IDS: tuple[str, ...] = ("ocr-l2-u10", "cim-l3-cc", "cim-l4-cx", "hn-l4-u16", "cim-l6-cjo")
"""The specification ids in book order (by level: 2, 3, 4, 4, 6)."""

Grade = Literal["Pass", "Merit", "Distinction"]


class CurriculumError(ValueError):
    """A curriculum file is missing or malformed; the message names file and field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bullet(_Model):
    """One indicative/teaching-content bullet, possibly with sub-bullets."""

    text: str = Field(min_length=1)
    items: tuple[Bullet, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        if isinstance(value, str):
            return {"text": value}
        return value

    def walk(self) -> Iterator[Bullet]:
        """This bullet and every sub-bullet, depth first."""
        yield self
        for item in self.items:
            yield from item.walk()


class Topic(_Model):
    """A teaching-content topic (OCR ``1.1``, BTEC HN ``Target markets``)."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    content: tuple[Bullet, ...] = ()


class Criterion(_Model):
    """An assessment criterion: a CIM AC (``1.1``) or a graded criterion (``P1``, ``M2``, ``D1``)."""

    id: str = Field(pattern=r"^(\d+\.\d+|[PMD]\d+)$")
    statement: str = Field(min_length=1)
    grade: Grade | None = None
    content: tuple[Bullet, ...] = ()
    guidance: str | None = None

    @model_validator(mode="after")
    def _grade_matches_id(self) -> Criterion:
        if self.id[0] in "PMD":
            expected = {"P": "Pass", "M": "Merit", "D": "Distinction"}[self.id[0]]
            if self.grade != expected:
                raise ValueError(f"criterion {self.id} must have grade {expected!r}")
        elif self.grade is not None:
            raise ValueError(f"criterion {self.id} is not a graded criterion, so it takes no grade")
        return self


class Outcome(_Model):
    """A learning outcome with its weighting, criteria and teaching content."""

    id: str = Field(pattern=r"^LO\d+$")
    title: str = Field(min_length=1)
    weighting: float | None = Field(default=None, gt=0, le=100)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    topics: tuple[Topic, ...] = ()

    @property
    def number(self) -> int:
        return int(self.id[2:])


class Unit(_Model):
    id: str = Field(pattern=r"^U\d+$")
    title: str = Field(min_length=1)
    outcomes: tuple[Outcome, ...] = Field(min_length=1)


class GradeBand(_Model):
    grade: str
    min_percent: float = Field(ge=0, le=100)
    max_percent: float = Field(ge=0, le=100)


class CommandVerb(_Model):
    verb: str
    meaning: str
    interpretation: str | None = None


class Exam(_Model):
    questions: int = Field(gt=0)
    minutes: int = Field(gt=0)
    format: str


class Assessment(_Model):
    method: str
    format: str
    grading: str | None = None
    guidance: str | None = None
    exam: Exam | None = None
    grade_bands: tuple[GradeBand, ...] = ()


class Spec(_Model):
    """One specification, as in its ``data/curriculum/<id>.yml`` file."""

    id: str
    title: str
    qualification: str
    awarding_body: str
    level: int = Field(ge=1, le=8)
    unit_code: str | None = None
    credits: int | None = None
    glh: int | None = None
    tqt: int | None = None
    source: str
    aims: tuple[str, ...] = Field(min_length=1)
    assessment: Assessment
    command_verbs: tuple[CommandVerb, ...] = ()
    units: tuple[Unit, ...] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _known_id(cls, value: str) -> str:
        if value not in SPEC_IDS:
            raise ValueError(f"unknown spec id {value!r}; expected one of {', '.join(SPEC_IDS)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Spec:
        seen: set[str] = set()
        for criterion in self.criteria():
            if criterion.id in seen:
                raise ValueError(f"criterion id {criterion.id} appears twice")
            seen.add(criterion.id)
        weights = [o.weighting for o in self.outcomes()]
        if any(w is not None for w in weights):
            if any(w is None for w in weights):
                raise ValueError("either every learning outcome has a weighting or none does")
            if abs(sum(weights) - 100) > 0.01:  # type: ignore[arg-type]
                raise ValueError(f"learning-outcome weightings add up to {sum(weights)}, not 100")  # type: ignore[arg-type]
        for band in self.assessment.grade_bands:
            if band.min_percent > band.max_percent:
                raise ValueError(f"grade band {band.grade} has min_percent above max_percent")
        return self

    # -- navigation ---------------------------------------------------------
    def outcomes(self) -> list[Outcome]:
        return [o for u in self.units for o in u.outcomes]

    def criteria(self) -> list[Criterion]:
        return [c for o in self.outcomes() for c in o.criteria]

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria():
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def outcome_of(self, criterion_id: str) -> Outcome:
        for o in self.outcomes():
            if any(c.id == criterion_id for c in o.criteria):
                return o
        raise KeyError(criterion_id)

    def bullets(self) -> list[Bullet]:
        """Every content bullet (criterion content and topic content), flattened."""
        found: list[Bullet] = []
        for o in self.outcomes():
            for c in o.criteria:
                for b in c.content:
                    found.extend(b.walk())
            for t in o.topics:
                for b in t.content:
                    found.extend(b.walk())
        return found

    @property
    def chapters_by(self) -> Literal["unit", "outcome"]:
        """A spec with several units gets a chapter per unit; otherwise one per learning outcome."""
        return "unit" if len(self.units) > 1 else "outcome"

    def hours_summary(self, missing: str) -> str:
        """"150 guided learning hours; 170 hours total qualification time", or ``missing``."""
        parts = []
        if self.glh:
            parts.append(f"{self.glh} guided learning hours")
        if self.tqt:
            parts.append(f"{self.tqt} hours total qualification time")
        return "; ".join(parts) or missing

    def grade_for(self, percent: float) -> str:
        """The grade band containing ``percent`` (bands from the spec, e.g. CIM L6)."""
        if not self.assessment.grade_bands:
            raise ValueError(f"{self.title} has no percentage grade bands")
        if not 0 <= percent <= 100:
            raise ValueError("a percentage must be between 0 and 100")
        for band in sorted(self.assessment.grade_bands, key=lambda b: -b.min_percent):
            if percent >= band.min_percent:
                return band.grade
        raise ValueError(f"no grade band covers {percent}%")


def _format_location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def parse_spec(text: str, filename: str) -> Spec:
    """Parse YAML text into a :class:`Spec`; errors name ``filename`` and the field."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CurriculumError(f"{filename}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise CurriculumError(f"{filename}: expected a mapping at the top level")
    try:
        return Spec.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{_format_location(err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise CurriculumError(f"{filename}: {problems}") from None


def curriculum_dir() -> Path:
    """The folder of curriculum YAML files in this checkout."""
    return Path(__file__).resolve().parent.parent / "data" / "curriculum"


def load_spec_file(path: Path) -> Spec:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CurriculumError(f"{path.name}: cannot be read ({exc.strerror})") from None
    spec = parse_spec(text, path.name)
    if spec.id != path.stem:
        raise CurriculumError(f"{path.name}: id: {spec.id!r} does not match the file name")
    return spec


@cache
def load_spec(spec_id: str) -> Spec:
    """Load and validate one specification by id (cached)."""
    if spec_id not in SPEC_IDS:
        raise CurriculumError(f"unknown specification {spec_id!r}; choose one of {', '.join(SPEC_IDS)}")
    return load_spec_file(curriculum_dir() / f"{spec_id}.yml")


def load_all() -> list[Spec]:
    """All five specifications in book order."""
    return [load_spec(s) for s in SPEC_IDS]


def criterion_key(spec_id: str, criterion_id: str) -> str:
    """The global id of a criterion, used in content and quiz banks: ``ocr-l2-u10:P1``."""
    return f"{spec_id}:{criterion_id}"


def resolve_key(key: str) -> tuple[Spec, Criterion]:
    """Look up a global criterion id; ``ValueError`` if the spec or criterion does not exist."""
    spec_id, sep, criterion_id = key.partition(":")
    if not sep:
        raise ValueError(f"{key!r} is not a criterion reference; write it as spec-id:criterion, e.g. ocr-l2-u10:P1")
    try:
        spec = load_spec(spec_id)
    except CurriculumError as exc:
        raise ValueError(str(exc)) from None
    try:
        return spec, spec.criterion(criterion_id)
    except KeyError:
        raise ValueError(f"{spec.title} ({spec_id}) has no criterion {criterion_id!r}") from None
