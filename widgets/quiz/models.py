"""Question banks: the schema (version 1) as validated models, and loading banks from YAML.

A bank is one YAML file ``data/quizzes/<spec-id>/<slug>.yml``; the schema is documented for authors in
``data/quizzes/README.md``. Loading validates everything the schema promises (unknown keys, types,
option rules, criteria that exist in the curriculum, ids unique across the spec's banks, and the length
balance: the correct option is strictly the longest in at most 35 % of a bank's single-choice questions)
and a bad bank raises :class:`BankError` whose message reads ``file: question id: field: message``.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from widgets.curriculum import SPEC_IDS, resolve_key

QUIZ_DIR_ENV = "CX_QUIZ_DIR"
"""Environment variable naming another quizzes folder (used only by the tests, with fixture banks)."""

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
MAX_KEYED_LONGEST_SHARE = 0.35
"""Largest share of a bank's single-choice questions whose correct option may be strictly the longest."""
LENGTH_BALANCE_EXEMPT: frozenset[str] = frozenset()
"""Banks (``spec/file.yml``) let off the length-balance rule for now (none; ``tests/test_quiz.py`` fails
when an exempt bank would pass, so an entry cannot outlive its reason)."""
QuestionType = Literal["single", "multiple", "true_false", "numeric", "ordering", "matching", "text"]
Difficulty = Literal["foundation", "intermediate", "advanced"]
Pool = Literal["practice", "exam"]
EXAM_TYPES = frozenset({"single", "multiple"})
"""The types an exam-pool question may have: CIM's on-screen test asks single-choice and multiple-response
questions only."""
NonEmpty = Annotated[str, Field(min_length=1)]


class BankError(ValueError):
    """A question bank is missing or malformed; the message names file, question id and field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    """A choice in a ``single`` or ``multiple`` question."""

    text: NonEmpty
    correct: bool = False
    feedback: NonEmpty


class TrueFalseFeedback(_Model):
    """Feedback for choosing True and for choosing False (YAML keys ``true``/``false``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    on_true: NonEmpty = Field(alias="true")
    on_false: NonEmpty = Field(alias="false")

    @model_validator(mode="before")
    @classmethod
    def _boolean_keys(cls, value: object) -> object:
        # YAML reads the keys true/false as booleans.
        if isinstance(value, dict):
            return {("true" if k is True else "false" if k is False else k): v for k, v in value.items()}
        return value


class OutcomeFeedback(_Model):
    """Feedback for a correct and for an incorrect answer."""

    correct: NonEmpty
    incorrect: NonEmpty


class Pair(_Model):
    left: NonEmpty
    right: NonEmpty


FIELDS_BY_TYPE: dict[str, frozenset[str]] = {
    "single": frozenset({"options", "shuffle_options"}),
    "multiple": frozenset({"options", "shuffle_options"}),
    "true_false": frozenset({"answer", "feedback"}),
    "numeric": frozenset({"answer", "tolerance", "unit", "feedback"}),
    "ordering": frozenset({"items", "feedback"}),
    "matching": frozenset({"pairs", "feedback"}),
    "text": frozenset({"accept", "feedback"}),
}
_TYPED = frozenset().union(*FIELDS_BY_TYPE.values())
_REQUIRED_BY_TYPE: dict[str, tuple[str, ...]] = {
    "single": ("options",),
    "multiple": ("options",),
    "true_false": ("answer", "feedback"),
    "numeric": ("answer", "feedback"),
    "ordering": ("items", "feedback"),
    "matching": ("pairs", "feedback"),
    "text": ("accept", "feedback"),
}


class Question(_Model):
    """One question of any type; which fields apply depends on ``type`` (see ``FIELDS_BY_TYPE``)."""

    id: str = Field(pattern=ID_PATTERN)
    type: QuestionType
    criteria: tuple[NonEmpty, ...] = Field(min_length=1)
    difficulty: Difficulty
    stem: NonEmpty
    explanation: NonEmpty
    options: tuple[Option, ...] | None = None
    shuffle_options: bool = True
    answer: bool | float | None = None
    tolerance: float = Field(default=0.0, ge=0)
    unit: str | None = None
    feedback: TrueFalseFeedback | OutcomeFeedback | None = None
    items: tuple[NonEmpty, ...] | None = None
    pairs: tuple[Pair, ...] | None = None
    accept: tuple[NonEmpty, ...] | None = None
    pool: Pool | None = None

    @model_validator(mode="before")
    @classmethod
    def _fields_fit_the_type(cls, value: object) -> object:
        if not isinstance(value, dict):
            raise ValueError("a question must be a mapping of fields")
        qtype = value.get("type")
        if qtype not in FIELDS_BY_TYPE:
            return value  # the Literal check reports it
        allowed = FIELDS_BY_TYPE[qtype]
        for key in value:
            if key in _TYPED and key not in allowed:
                raise ValueError(f"{key}: a {qtype} question does not take {key!r}")
        for key in _REQUIRED_BY_TYPE[qtype]:
            if value.get(key) is None:
                raise ValueError(f"{key}: a {qtype} question needs {key!r}")
        value = dict(value)
        fb = value.get("feedback")
        if qtype == "true_false":
            if not isinstance(value.get("answer"), bool):
                raise ValueError("answer: a true_false answer must be true or false")
            if isinstance(fb, dict):
                value["feedback"] = TrueFalseFeedback.model_validate(fb)
        elif qtype == "numeric":
            answer = value.get("answer")
            if isinstance(answer, bool) or not isinstance(answer, int | float):
                raise ValueError("answer: a numeric answer must be a number")
        if qtype in {"numeric", "ordering", "matching", "text"} and isinstance(fb, dict):
            value["feedback"] = OutcomeFeedback.model_validate(fb)
        return value

    @field_validator("criteria")
    @classmethod
    def _criteria_exist(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for key in value:
            resolve_key(key)  # ValueError names the spec and criterion
        return value

    @model_validator(mode="after")
    def _type_rules(self) -> Question:
        if self.options is not None:
            if not 2 <= len(self.options) <= 8:
                raise ValueError(f"options: a question has 2 to 8 options, not {len(self.options)}")
            texts = [o.text.strip() for o in self.options]
            if len(set(texts)) != len(texts):
                raise ValueError("options: two options have the same text")
            n_correct = sum(o.correct for o in self.options)
            if self.type == "single" and n_correct != 1:
                raise ValueError(f"options: a single-choice question has exactly one correct option, not {n_correct}")
            if self.type == "multiple" and n_correct < 1:
                raise ValueError("options: a multiple-response question needs at least one correct option")
        if self.items is not None:
            if not 3 <= len(self.items) <= 8:
                raise ValueError(f"items: an ordering question has 3 to 8 items, not {len(self.items)}")
            if len(set(self.items)) != len(self.items):
                raise ValueError("items: two items have the same text")
        if self.pairs is not None:
            if not 2 <= len(self.pairs) <= 8:
                raise ValueError(f"pairs: a matching question has 2 to 8 pairs, not {len(self.pairs)}")
            rights = [p.right for p in self.pairs]
            if len(set(rights)) != len(rights):
                raise ValueError("pairs: every right-hand value must be different")
            lefts = [p.left for p in self.pairs]
            if len(set(lefts)) != len(lefts):
                raise ValueError("pairs: every left-hand value must be different")
        if self.pool == "exam" and self.type not in EXAM_TYPES:
            raise ValueError(f"pool: an exam-pool question is single-choice or multiple-response (as in the "
                             f"on-screen test), not {self.type}; put it in pool: practice")
        if self.type == "numeric" and self.feedback is not None and not isinstance(self.feedback, OutcomeFeedback):
            raise ValueError("feedback: numeric feedback has the keys correct and incorrect")
        return self

    @property
    def primary_criterion(self) -> str:
        """The first criterion listed: the one a paper is stratified by."""
        return self.criteria[0]


class QuestionBank(_Model):
    """One bank file: schema version, spec, optional outcome, title and its questions."""

    schema_: Literal[1] = Field(alias="schema")
    spec: str
    outcome: str | None = Field(default=None, pattern=r"^LO\d+$")
    title: NonEmpty
    questions: tuple[Question, ...] = Field(min_length=1)
    source: str = Field(default="", exclude=True)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("spec")
    @classmethod
    def _known_spec(cls, value: str) -> str:
        if value not in SPEC_IDS:
            raise ValueError(f"unknown specification {value!r}; expected one of {', '.join(SPEC_IDS)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> QuestionBank:
        from widgets.curriculum import load_spec

        spec = load_spec(self.spec)
        if self.outcome is not None:
            ids = [o.id for o in spec.outcomes()]
            if self.outcome not in ids:
                raise ValueError(f"outcome: {self.spec} has no learning outcome {self.outcome}")
        if spec.assessment.exam is not None:
            missing = [q.id for q in self.questions if q.pool is None]
            if missing:
                raise ValueError(f"pool: {self.spec} has a mock exam, so every question says pool: practice or "
                                 f"pool: exam; missing in {', '.join(missing[:8])}"
                                 + (f" and {len(missing) - 8} more" if len(missing) > 8 else ""))
        return self

    def pool(self, pool: str) -> QuestionBank:
        """This bank with only the questions of one pool (``"practice"`` or ``"exam"``). A question without a
        pool (banks of specs that have no mock exam) counts as practice."""
        return self.model_copy(update={"questions": tuple(q for q in self.questions
                                                          if (q.pool or "practice") == pool)})

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


def keyed_is_longest(question: Question) -> bool:
    """True when a single-choice question's correct option is strictly the longest: its text (stripped)
    has more characters than every other option's. A learner who always picks the longest answer
    scores on such a question without understanding it."""
    if question.type != "single" or not question.options:
        return False
    keyed = [len(o.text.strip()) for o in question.options if o.correct]
    others = [len(o.text.strip()) for o in question.options if not o.correct]
    return len(keyed) == 1 and all(keyed[0] > n for n in others)


def keyed_longest_share(questions: tuple[Question, ...] | list[Question]) -> tuple[int, int]:
    """(single-choice questions whose keyed option is strictly the longest, single-choice questions)."""
    singles = [q for q in questions if q.type == "single"]
    return sum(keyed_is_longest(q) for q in singles), len(singles)


def check_length_balance(bank: QuestionBank, filename: str) -> None:
    """The keyed option may be strictly the longest in at most ``MAX_KEYED_LONGEST_SHARE`` of a bank's
    single-choice questions (a bank without single-choice questions passes)."""
    if f"{bank.spec}/{PurePosixPath(filename).name}" in LENGTH_BALANCE_EXEMPT:
        return
    longest, singles = keyed_longest_share(bank.questions)
    if singles and longest / singles > MAX_KEYED_LONGEST_SHARE:
        ids = ", ".join(q.id for q in bank.questions if keyed_is_longest(q))
        raise BankError(
            f"{filename}: (bank): options: the correct option is the longest in {longest} of {singles} "
            f"single-choice questions ({round(100 * longest / singles, 1):g} %); the limit is "
            f"{100 * MAX_KEYED_LONGEST_SHARE:.0f} %, "
            f"so a learner who always picks the longest answer would do too well. Lengthen a wrong option "
            f"or shorten the right one in some of: {ids}"
        )


def check_multiple_variety(bank: QuestionBank, filename: str) -> None:
    """Multiple-response questions must not always have the same number of right options: a learner who
    learns that "two are always right" scores without understanding. A bank with three or more
    multiple-response questions fails when all of them have the same number of correct options."""
    counts = [sum(o.correct for o in q.options or ()) for q in bank.questions if q.type == "multiple"]
    if len(counts) >= 3 and len(set(counts)) == 1:
        raise BankError(f"{filename}: (bank): options: every multiple-response question has exactly {counts[0]} "
                        f"correct options, so a learner could learn the count instead of the content; vary how "
                        f"many options are right")


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def parse_bank(text: str, filename: str) -> QuestionBank:
    """Parse and validate one bank; errors read ``file: question id: field: message``."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BankError(f"{filename}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise BankError(f"{filename}: expected a mapping with schema, spec, title and questions")
    questions = raw.get("questions") if isinstance(raw.get("questions"), list) else []
    try:
        bank = QuestionBank.model_validate(raw).model_copy(update={"source": filename})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = err["loc"]
            msg = err["msg"].removeprefix("Value error, ")
            if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
                q = questions[loc[1]] if loc[1] < len(questions) else None
                qid = q.get("id") if isinstance(q, dict) and q.get("id") else f"question {loc[1] + 1}"
                rest = [p for p in loc[2:] if not (isinstance(p, str) and p.startswith(("function-", "tagged")))]
                field = _loc(tuple(rest))
                if not field and ": " in msg and msg.split(": ", 1)[0].isidentifier():
                    field, msg = msg.split(": ", 1)
                problems.append(f"{filename}: {qid}: {field or '(question)'}: {msg}")
            else:
                problems.append(f"{filename}: (bank): {_loc(loc) or '(top level)'}: {msg}")
        raise BankError("; ".join(problems)) from None
    check_length_balance(bank, filename)
    check_multiple_variety(bank, filename)
    return bank


def quizzes_dir() -> Path:
    """The quizzes folder: ``data/quizzes`` of this checkout, or ``$CX_QUIZ_DIR`` (tests only)."""
    override = os.environ.get(QUIZ_DIR_ENV, "").strip()
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent.parent / "data" / "quizzes"


def load_bank(path: str | Path) -> QuestionBank:
    """Load one bank file; its ``spec`` must equal the folder name."""
    path = Path(path)
    name = f"{path.parent.name}/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BankError(f"{name}: cannot be read ({exc.strerror})") from None
    bank = parse_bank(text, name)
    if bank.spec != path.parent.name:
        raise BankError(f"{name}: (bank): spec: {bank.spec!r} does not match the folder {path.parent.name!r}")
    return bank


def check_unique_ids(banks: list[QuestionBank]) -> None:
    """Question ids are unique across all banks of a spec."""
    seen: dict[str, str] = {}
    for bank in banks:
        for q in bank.questions:
            if q.id in seen:
                raise BankError(f"{bank.source}: {q.id}: id: already used in {seen[q.id]}")
            seen[q.id] = bank.source


def load_banks(spec_id: str, root: Path | None = None) -> list[QuestionBank]:
    """Every bank of a spec (sorted by file name), validated, ids unique across them. May be empty."""
    if spec_id not in SPEC_IDS:
        raise BankError(f"unknown specification {spec_id!r}; choose one of {', '.join(SPEC_IDS)}")
    folder = (root or quizzes_dir()) / spec_id
    banks = [load_bank(p) for p in sorted(folder.glob("*.yml"))]
    check_unique_ids(banks)
    return banks


def specs_with_banks(root: Path | None = None) -> list[str]:
    """Spec ids (book order) that have at least one bank."""
    base = root or quizzes_dir()
    return [s for s in SPEC_IDS if any((base / s).glob("*.yml"))]
