"""Grading: one question's mark, a paper's score, and the result band. The source of truth that
``widgets/assets/quiz.js`` mirrors exactly (shared test vectors check both).

Responses (the same shape in Python and JavaScript; options, items and pairs are referred to by their
index in the bank, whatever order they were shown in):

========== ==================================================== =================================
type        response                                             mark (0 to 1)
========== ==================================================== =================================
single      index of the chosen option, or ``None``              1 if it is the correct option
multiple    list of chosen option indices                        ``max(0, right / C - wrong / W)``
true_false  ``True``/``False`` or ``None``                       1 if it equals the answer
numeric     a number (or ``None``)                               1 if ``|x - answer| <= tolerance``
ordering    list of item indices in the learner's order          share of items in their place
matching    for each left item, the chosen right index or None   share of left items matched right
text        a string                                             1 if it matches an accepted answer
========== ==================================================== =================================

Partial credit (stated for learners in ``data/quizzes/README.md``):

* **Multiple response**: with ``C`` correct and ``W`` incorrect options, each correct option chosen
  earns ``1/C`` and each incorrect option chosen takes ``1/W`` away; the mark never goes below 0.
  Choosing every option therefore earns exactly nothing (1 − 1) unless every option is correct, so
  guessing "all of them" never pays. (Moodle's multiple-answer fractions, +100/C and −100/W, give
  the same marks.)
* **Ordering**: the share of items placed in their correct position.
* **Matching**: the share of left-hand items matched to their right-hand partner.
* Every other type is right (1) or wrong (0).

A question counts as *correct* only with a full mark (1). A paper's score is the sum of marks, its
percentage ``score * 100 / questions`` (computed the same way in JavaScript, so both give the same
binary floating-point number), and the band is :func:`band_for` of that percentage.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from widgets.curriculum import load_spec
from widgets.quiz.models import Question


@dataclass(frozen=True)
class Mark:
    """The result of grading one response."""

    score: float  # 0..1
    correct: bool  # full marks
    answered: bool
    feedback: tuple[str, ...] = field(default=())  # per chosen option, or the correct/incorrect feedback

    def as_dict(self) -> dict:
        return {"score": self.score, "correct": self.correct, "answered": self.answered,
                "feedback": list(self.feedback)}


def normalise_text(text: str) -> str:
    """How short text answers are compared: case ignored, surrounding and repeated spaces removed."""
    return re.sub(r"\s+", " ", text).strip().lower()


def _int_list(response) -> list:
    if not isinstance(response, list | tuple):
        return []
    return list(response)


def grade(question: Question, response) -> Mark:
    """Grade ``response`` to ``question`` (see the module docstring for responses and marks)."""
    t = question.type
    if t in {"single", "multiple"}:
        options = question.options or ()
        chosen = [response] if t == "single" else _int_list(response)
        chosen = sorted({c for c in chosen if isinstance(c, int) and not isinstance(c, bool)
                         and 0 <= c < len(options)})
        fb = tuple(options[i].feedback for i in chosen)
        if not chosen:
            return Mark(0.0, False, False, ())
        if t == "single":
            ok = options[chosen[0]].correct
            return Mark(1.0 if ok else 0.0, ok, True, fb)
        n_correct = sum(o.correct for o in options)
        n_wrong = len(options) - n_correct
        right = sum(1 for i in chosen if options[i].correct)
        wrong = len(chosen) - right
        # the same operations, in the same order, as quiz.js (identical floating-point results)
        score = max(0.0, right / n_correct - (wrong / n_wrong if n_wrong else 0.0))
        return Mark(score, score == 1.0, True, fb)
    if t == "true_false":
        if not isinstance(response, bool):
            return Mark(0.0, False, False, ())
        fb = question.feedback.on_true if response else question.feedback.on_false  # type: ignore[union-attr]
        ok = response == question.answer
        return Mark(1.0 if ok else 0.0, ok, True, (fb,))
    fb_model = question.feedback
    if t == "numeric":
        if isinstance(response, bool) or not isinstance(response, int | float) or not math.isfinite(response):
            return Mark(0.0, False, False, ())
        ok = abs(response - question.answer) <= question.tolerance + 1e-9  # type: ignore[operator]
    elif t == "text":
        if not isinstance(response, str) or not response.strip():
            return Mark(0.0, False, False, ())
        ok = normalise_text(response) in {normalise_text(a) for a in question.accept or ()}
    elif t == "ordering":
        n = len(question.items or ())
        order = _int_list(response)
        if len(order) != n or sorted(order) != list(range(n)):
            return Mark(0.0, False, False, ())
        score = sum(1 for pos, item in enumerate(order) if pos == item) / n
        fb = fb_model.correct if score == 1.0 else fb_model.incorrect  # type: ignore[union-attr]
        return Mark(score, score == 1.0, True, (fb,))
    elif t == "matching":
        n = len(question.pairs or ())
        chosen = _int_list(response)[:n]
        if not any(isinstance(c, int) and not isinstance(c, bool) for c in chosen):
            return Mark(0.0, False, False, ())
        score = sum(1 for i, c in enumerate(chosen) if c == i and not isinstance(c, bool)) / n
        fb = fb_model.correct if score == 1.0 else fb_model.incorrect  # type: ignore[union-attr]
        return Mark(score, score == 1.0, True, (fb,))
    else:  # pragma: no cover - the Literal type rules it out
        raise ValueError(f"unknown question type {t}")
    fb = fb_model.correct if ok else fb_model.incorrect  # type: ignore[union-attr]
    return Mark(1.0 if ok else 0.0, ok, True, (fb,))


def paper_percent(marks: list[Mark] | list[float], questions: int) -> float:
    """``sum of marks * 100 / questions`` (marks summed in paper order)."""
    if questions <= 0:
        raise ValueError("a paper has at least one question")
    total = 0.0
    for m in marks:
        total += m.score if isinstance(m, Mark) else float(m)
    return total * 100 / questions


BAND_TOLERANCE = 1e-9


def bands(spec_id: str) -> list[dict]:
    """The spec's result bands, highest first: ``[{"grade": "Distinction", "min_percent": 80}, ...]``."""
    spec = load_spec(spec_id)
    if not spec.assessment.grade_bands:
        raise ValueError(f"{spec.title} has no percentage result bands")
    ordered = sorted(spec.assessment.grade_bands, key=lambda b: -b.min_percent)
    return [{"grade": b.grade, "min_percent": b.min_percent, "max_percent": b.max_percent} for b in ordered]


def band_for(percent: float, spec_id: str = "cim-l6-cjo") -> str:
    """The band of ``percent``: the highest band whose ``min_percent`` it reaches.

    The percentage is not rounded first: 79.9 % is Merit (it has not reached 80 %), and 71.1 % is
    Merit (it has passed 70 %). The spec prints bands as whole numbers (Merit 70–79 %), so any
    percentage from 70 up to but not including 80 is Merit. A tolerance of 1e-9 absorbs binary
    rounding (27 * 100 / 45 is exactly 60). ``quiz.js`` uses the same rule.
    """
    if not isinstance(percent, int | float) or math.isnan(percent) or not 0 <= percent <= 100:
        raise ValueError("a percentage must be a number from 0 to 100")
    for band in bands(spec_id):
        if percent + BAND_TOLERANCE >= band["min_percent"]:
            return band["grade"]
    raise ValueError(f"no result band covers {percent}%")
