"""The Delphi method (CIM L6 Customer Journey Optimisation, criterion 2.3): a scripted, anonymous expert panel
forecasts a figure the optimisation plan needs; the learner facilitates the rounds and judges the result.

The Delphi method (N. Dalkey and O. Helmer, "An experimental application of the Delphi method to the use of
experts", *Management Science* 9(3), 1963, pp. 458–467) has four features: anonymity, iteration, controlled
feedback and a statistical group response. This module scripts a panel so that the rounds are reproducible and
the learner's choices matter.

**Quartiles.** The course uses one method, the one the LO2 chapter page uses: sort the estimates; the median is
the middle one (the mean of the two middle ones for an even count); the lower quartile Q1 is the median of the
lower half and the upper quartile Q3 the median of the upper half, where for an odd count the halves *exclude*
the median. IQR = Q3 − Q1. Linear interpolation (numpy's and many spreadsheets' default) gives a different IQR:
for 80, 82, 83, 84, 85, 86, 87, 88, 90, 92, 95 this course's IQR is 90 − 83 = 7, linear interpolation's
89 − 83.5 = 5.5. :func:`linear_iqr` gives the second one for comparison only.

**Revision rule.** Before each new round the learner chooses the feedback the panel sees:

* ``median`` — the median and IQR only. Each expert moves ``conform`` of the way to the median shown.
* ``reasons`` — also the anonymised reasons of the extremes (estimates below Q1 or above Q3). Each expert moves
  ``evidence`` of the way to the *evidence point*: the mean of the median and the estimates of the extremes whose
  reasons are strong (``strong: true``); weak reasons ("a target focuses the team") persuade nobody.
* ``full`` — also every estimate and every reason: the evidence point is the mean of the median and the
  estimates of *all* experts with strong reasons.

The result is rounded to a whole point, halves up; then the nudge of the clarifying question answered that round
(if any) is added, and the estimate is kept within the scale. An expert with weight 0 holds out. So conformity
(median-only feedback) narrows the spread around the first median, while shared reasons can move the median.

**Stopping rule.** Set by the learner before round 2 runs: the IQR at most ``max_iqr`` points and/or the median
moving at most ``max_median_change`` points from the last round (``combine`` "both" or "either"), and at the
latest after ``max_rounds`` rounds (2 to 6). Everything from data or a learner is escaped in HTML; CSV goes
through :mod:`widgets.exports`.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    build,
    load_yaml,
    open_saved,
    parse,
    saved_json,
)
from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.exports import csv_text
from widgets.numeric import parse_number

esc = html.escape
APP = "journey-optimiser"
KIND = "cx-delphi-run"
MIN_ROUNDS, MAX_ROUNDS = 2, 6
"""The learner's round limit: one round is a survey, not a Delphi; after six, panels tire and drop out."""
MIN_EXPERTS, MAX_EXPERTS = 5, 30
MAX_FILE_BYTES = 200_000
"""Largest saved run the tool reopens (a saved run is about 3 kB)."""

Feedback = Literal["median", "reasons", "full"]
FEEDBACK: dict[str, str] = {
    "median": "Median and IQR only",
    "reasons": "Median and IQR, plus the anonymised reasons of the extremes",
    "full": "Median and IQR, plus every estimate and every reason (the full distribution)",
}
VERDICTS = ("consensus", "conformity", "stable disagreement", "no agreement yet")
VERDICT_HELP = {
    "consensus": "the experts agree, and they moved for reasons",
    "conformity": "the spread narrowed because experts moved towards the number they were shown",
    "stable disagreement": "estimates have stopped moving but a real difference of view remains",
    "no agreement yet": "estimates are still moving and spread out",
}
OUTLIER_WORDS = ("outlier", "holdout", "hold-out", "holds out", "held out", "minority", "dissent", "lone", "one expert",
                 "low expert", "bottom", "disagree")


# -- the panel and the learner's run ------------------------------------------------------------------------------
class Expert(ActivityModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)
    role: str = Field(min_length=1, max_length=120)
    estimate: float
    reason: str = Field(min_length=1, max_length=MAX_TEXT)
    strong: bool = False
    conform: float = Field(ge=0, le=1)
    evidence: float = Field(ge=0, le=1)

    @property
    def holds_out(self) -> bool:
        return self.conform == 0 and self.evidence == 0


class ClarifyingQuestion(ActivityModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)
    question: str = Field(min_length=1, max_length=300)
    answer: str = Field(min_length=1, max_length=MAX_TEXT)
    note: str = Field(min_length=1, max_length=MAX_TEXT)
    leading: bool = False
    nudges: dict[str, float] = {}


def points(x: float) -> str:
    return f"{x:g} point" + ("" if x == 1 else "s")


def read_threshold(value: object, label: str) -> float:
    """A stopping threshold in percentage points: a number from 0 to 100, or a sentence naming ``label``."""
    if isinstance(value, str) and len(value) > 40:
        raise ValueError(f"{label}: “{value[:20]}…” is not a number. Type a number of points, like 3.")
    x = parse_number(value, label, example="3", limit=1e9)
    if x < 0:
        raise ValueError(f"{label}: {x:g} is below zero. A spread or a change cannot be negative: type a number of "
                         "points from 0 to 100, like 3.")
    if x > 100:
        raise ValueError(f"{label}: {x:g} is more than 100 points, the whole scale, so the rule would always be met. "
                         "Type a number from 0 to 100, like 3.")
    return x


def read_max_rounds(value: object, label: str = "Most rounds") -> int:
    """The round limit as a whole number from 2 to 6, or a sentence naming ``label``."""
    if isinstance(value, str) and len(value) > 40:
        raise ValueError(f"{label}: “{value[:20]}…” is not a number. Type a whole number from {MIN_ROUNDS} to "
                         f"{MAX_ROUNDS}.")
    x = parse_number(value, label, example="4", limit=1e9)
    if x != int(x):
        raise ValueError(f"{label}: type a whole number of rounds from {MIN_ROUNDS} to {MAX_ROUNDS} (you typed {x:g}).")
    if x < MIN_ROUNDS:
        raise ValueError(f"{label}: {x:g} is too few. One round is a survey, not a Delphi: allow at least "
                         f"{MIN_ROUNDS} rounds, so the experts can revise.")
    if x > MAX_ROUNDS:
        raise ValueError(f"{label}: {x:g} is too many. Panels tire and drop out after three or four rounds: allow "
                         f"at most {MAX_ROUNDS}.")
    return int(x)


class StopRule(ActivityModel):
    max_iqr: float = Field(title="IQR at most (points)")
    max_median_change: float = Field(title="Median moves at most (points)")
    combine: Literal["both", "either"] = "both"
    max_rounds: int = Field(4, title="Most rounds")

    @field_validator("max_iqr", "max_median_change", mode="before")
    @classmethod
    def _threshold(cls, value: object, info) -> float:
        return read_threshold(value, cls.model_fields[info.field_name].title)

    @field_validator("max_rounds", mode="before")
    @classmethod
    def _rounds(cls, value: object) -> int:
        return read_max_rounds(value)

    def describe(self) -> str:
        join = "and" if self.combine == "both" else "or"
        return (f"stop when the IQR is at most {points(self.max_iqr)} {join} the median moved at most "
                f"{points(self.max_median_change)} from the last round; at the latest after {self.max_rounds} "
                "rounds")


class RoundChoice(ActivityModel):
    feedback: Feedback = Field("reasons", title="Feedback to the panel")
    question: str = Field("", title="Clarifying question", max_length=40)


class DelphiRun(ActivityModel):
    """The learner's choices: replaying them on the task gives every round again."""

    rule: StopRule
    choices: list[RoundChoice] = Field([], title="Rounds", max_length=MAX_ROUNDS - 1)
    stopped: bool = False
    verdict: str = Field("", title="Your judgement", max_length=40)
    judgement: str = Field("", title="Your judgement of consensus", max_length=MAX_TEXT)
    stop_reason: str = Field("", title="Why stop now", max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _consistent(self) -> DelphiRun:
        if len(self.choices) + 1 > self.rule.max_rounds:
            raise ValueError(f"This run has {len(self.choices) + 1} rounds but its stopping rule allows at most "
                             f"{self.rule.max_rounds}.")
        asked = [c.question for c in self.choices if c.question]
        if len(asked) != len(set(asked)):
            raise ValueError("Each clarifying question can be asked once: choose a question not yet answered.")
        if self.verdict and self.verdict not in VERDICTS:
            raise ValueError("Your judgement: choose one of consensus, conformity, stable disagreement or no "
                             "agreement yet.")
        if self.stopped:
            if not self.verdict:
                raise ValueError("Choose your judgement (consensus, conformity, stable disagreement or no agreement "
                                 "yet) before you stop.")
            if not self.judgement.strip():
                raise ValueError("Write your judgement of consensus with its reasons: what do the rounds show, and "
                                 "why?")
            if not self.stop_reason.strip():
                raise ValueError("Write why you stop now: which part of your stopping rule is met, or why you stop "
                                 "anyway.")
        return self


class DelphiTask(ActivityModel):
    id: str
    title: str = Field(max_length=200)
    criteria: list[str] = []
    organisation: str = Field(min_length=1, max_length=120)
    question: str = Field(min_length=1, max_length=MAX_TEXT)
    unit: str = Field("%", max_length=10)
    baseline: float
    target: float
    context: str = Field("", max_length=MAX_TEXT)
    instructions: str = Field("", max_length=MAX_TEXT)
    scale_min: float = 0
    scale_max: float = 100
    default_feedback: Feedback = "reasons"
    default_rule: StopRule
    experts: list[Expert] = Field(min_length=MIN_EXPERTS, max_length=MAX_EXPERTS)
    questions: list[ClarifyingQuestion] = Field([], max_length=20)
    worked: DelphiRun | None = None

    @model_validator(mode="after")
    def _consistent(self) -> DelphiTask:
        ids = [e.id for e in self.experts]
        if len(ids) != len(set(ids)):
            raise ValueError("two experts have the same id")
        for e in self.experts:
            if not self.scale_min <= e.estimate <= self.scale_max:
                raise ValueError(f"expert {e.id}'s estimate is outside the scale")
        for q in self.questions:
            odd = [k for k in q.nudges if k not in ids]
            if odd:
                raise ValueError(f"question {q.id} nudges an unknown expert {odd[0]!r}")
        if self.worked is not None:
            check_run(self, self.worked)
        return self

    def question_by_id(self, qid: str) -> ClarifyingQuestion:
        for q in self.questions:
            if q.id == qid:
                return q
        raise ValueError(f"“{qid[:40]}” is not one of the clarifying questions: choose one from the list.")

    def label(self, index: int) -> str:
        """The anonymous name of the expert at ``index``: Expert A, B, …"""
        return f"Expert {chr(ord('A') + index)}" if index < 26 else f"Expert {index + 1}"


def check_run(task: DelphiTask, run: DelphiRun) -> DelphiRun:
    for c in run.choices:
        if c.question:
            task.question_by_id(c.question)
    return run


# -- statistics ---------------------------------------------------------------------------------------------------
def _median_sorted(xs: list[float]) -> float:
    n = len(xs)
    mid = n // 2
    return float(xs[mid]) if n % 2 else (xs[mid - 1] + xs[mid]) / 2


@dataclass(frozen=True)
class Summary:
    n: int
    median: float
    q1: float
    q3: float
    low: float
    high: float

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1


def summarise(values) -> Summary:
    """Median and quartiles by the course's method (module docstring: medians of the lower and upper halves,
    the median excluded for an odd count). ``ValueError`` for no values or a value that is not a finite number."""
    xs = sorted(float(v) for v in values)
    if not xs:
        raise ValueError("There are no estimates to summarise.")
    if not all(map(math.isfinite, xs)):
        raise ValueError("Every estimate must be an ordinary number.")
    n = len(xs)
    if n == 1:
        return Summary(1, xs[0], xs[0], xs[0], xs[0], xs[0])
    half = n // 2
    lower, upper = xs[:half], xs[n - half:]
    return Summary(n, _median_sorted(xs), _median_sorted(lower), _median_sorted(upper), xs[0], xs[-1])


def linear_iqr(values) -> float:
    """The IQR by linear interpolation between order statistics (numpy's default), for comparison only."""
    xs = sorted(float(v) for v in values)
    if not xs:
        raise ValueError("There are no estimates to summarise.")

    def q(p: float) -> float:
        pos = p * (len(xs) - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, len(xs) - 1)
        return xs[lo] + (pos - lo) * (xs[hi] - xs[lo])

    return q(0.75) - q(0.25)


def half_up(x: float) -> int:
    """Round to a whole number, halves up (83.5 → 84), immune to binary fractions like 84.49999999."""
    return math.floor(round(x, 6) + 0.5)


# -- running the rounds -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Round:
    number: int
    estimates: tuple[float, ...]            # in the task's expert order
    summary: Summary
    choice: RoundChoice | None              # what produced this round (None for round 1)
    shown_point: float | None               # the point experts moved towards
    stop_met: bool
    stop_why: str

    def median_change(self, previous: Round | None) -> float | None:
        return None if previous is None else self.summary.median - previous.summary.median


def extremes(task: DelphiTask, estimates: tuple[float, ...], s: Summary) -> list[int]:
    """Indices of the experts outside the quartiles (below Q1 or above Q3)."""
    return [i for i, x in enumerate(estimates) if x < s.q1 or x > s.q3]


def evidence_point(task: DelphiTask, estimates: tuple[float, ...], s: Summary, feedback: str) -> float:
    """The point the panel moves towards under ``feedback`` (module docstring)."""
    if feedback == "median":
        return s.median
    pool = extremes(task, estimates, s) if feedback == "reasons" else range(len(task.experts))
    strong = [estimates[i] for i in pool if task.experts[i].strong]
    return (s.median + sum(strong)) / (1 + len(strong))


def revise(task: DelphiTask, estimates: tuple[float, ...], choice: RoundChoice) -> tuple[tuple[float, ...], float]:
    """The next round's estimates and the point the panel moved towards."""
    s = summarise(estimates)
    point = evidence_point(task, estimates, s, choice.feedback)
    nudges = task.question_by_id(choice.question).nudges if choice.question else {}
    weights = [e.conform for e in task.experts] if choice.feedback == "median" else \
        [e.evidence for e in task.experts]
    if len(weights) != len(estimates):
        raise ValueError("There must be one estimate for each expert.")
    import numpy as np

    x, w = np.asarray(estimates, dtype=float), np.asarray(weights, dtype=float)
    y = np.floor(np.round(x + w * (point - x), 6) + 0.5)  # half_up, element by element
    if nudges:
        y += np.array([nudges.get(e.id, 0) for e in task.experts], dtype=float)
    return tuple(np.clip(y, task.scale_min, task.scale_max).tolist()), point


def stop_check(rule: StopRule, number: int, s: Summary, change: float | None) -> tuple[bool, str]:
    """Whether the learner's rule says stop after round ``number``, and why in words."""
    narrow = s.iqr <= rule.max_iqr + 1e-9
    still = change is not None and abs(change) <= rule.max_median_change + 1e-9
    parts = [f"IQR {s.iqr:g} {'≤' if narrow else '>'} {rule.max_iqr:g}"]
    parts.append("no earlier round to compare the median with" if change is None else
                 f"median moved {abs(change):g} {'≤' if still else '>'} {rule.max_median_change:g}")
    met = (narrow and still) if rule.combine == "both" else (narrow or still)
    if met:
        return True, f"Stopping rule met ({'; '.join(parts)})."
    if number >= rule.max_rounds:
        return True, f"Round limit reached ({rule.max_rounds} rounds); the spread part of the rule is not met " \
                     f"({'; '.join(parts)})."
    return False, f"Stopping rule not met yet ({'; '.join(parts)})."


def run_rounds(task: DelphiTask, run: DelphiRun) -> list[Round]:
    """Every round of ``run``, from the panel's first estimates and the learner's choices (reproducible)."""
    check_run(task, run)
    estimates = tuple(float(e.estimate) for e in task.experts)
    s = summarise(estimates)
    met, why = stop_check(run.rule, 1, s, None)
    rounds = [Round(1, estimates, s, None, None, met, why)]
    for number, choice in enumerate(run.choices, start=2):
        estimates, point = revise(task, estimates, choice)
        s = summarise(estimates)
        met, why = stop_check(run.rule, number, s, s.median - rounds[-1].summary.median)
        rounds.append(Round(number, estimates, s, choice, point, met, why))
    return rounds


# -- building and changing a run ----------------------------------------------------------------------------------
def load_delphi(spec_id: str, name: str) -> DelphiTask:
    return parse(DelphiTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def new_run(task: DelphiTask, rule: StopRule | None = None) -> DelphiRun:
    return build(DelphiRun, rule=(rule or task.default_rule).model_dump())


def make_rule(max_iqr: object, max_median_change: object, combine: str, max_rounds: object) -> StopRule:
    return build(StopRule, max_iqr=max_iqr, max_median_change=max_median_change, combine=combine,
                 max_rounds=max_rounds)


def with_rule(run: DelphiRun, rule: StopRule) -> DelphiRun:
    if run.choices:
        raise ValueError("The stopping rule is fixed once round 2 has run: a rule changed after seeing the results "
                         "can be bent to fit them. Start again to use a different rule.")
    return build(DelphiRun, **{**run.model_dump(), "rule": rule.model_dump()})


def next_round(task: DelphiTask, run: DelphiRun, feedback: str, question: str = "") -> DelphiRun:
    """``run`` with one more round, or a ``ValueError`` in plain words."""
    if run.stopped:
        raise ValueError("You have stopped the panel. Start again to run more rounds; your judgement is kept in the "
                         "summary.")
    if feedback not in FEEDBACK:
        raise ValueError("Feedback to the panel: choose one of the options in the list.")
    if len(run.choices) + 1 >= run.rule.max_rounds:
        raise ValueError(f"Your stopping rule allows at most {run.rule.max_rounds} rounds, and round "
                         f"{len(run.choices) + 1} was the last. Write your judgement and stop.")
    if question:
        task.question_by_id(question)
        if any(c.question == question for c in run.choices):
            raise ValueError("That question has already been answered: choose another or none.")
    choices = [*run.model_dump()["choices"], {"feedback": feedback, "question": question}]
    return build(DelphiRun, **{**run.model_dump(), "choices": choices})


def stop(run: DelphiRun, verdict: str, judgement: str, stop_reason: str) -> DelphiRun:
    """``run`` stopped with the learner's judgement, or a ``ValueError`` naming what is missing."""
    if run.stopped:
        raise ValueError("The panel has already stopped. Start again to run it differently.")
    if verdict not in VERDICTS:
        raise ValueError("Your judgement: choose consensus, conformity, stable disagreement or no agreement yet.")
    for text, what in ((judgement, "Your judgement of consensus"), (stop_reason, "Why stop now")):
        if len(text.strip()) > MAX_TEXT:
            raise ValueError(f"{what}: please keep this under {MAX_TEXT} characters (it has {len(text.strip()):,}).")
    return build(DelphiRun, **{**run.model_dump(), "stopped": True, "verdict": verdict, "judgement": judgement,
                               "stop_reason": stop_reason})


def to_json(task: DelphiTask, run: DelphiRun) -> str:
    return saved_json(KIND, task.id, run)


def from_json(task: DelphiTask, content: bytes | str) -> DelphiRun:
    """A saved run, checked against the task; every problem a sentence a learner can act on."""
    if isinstance(content, bytes | bytearray) and len(content) > MAX_FILE_BYTES:
        raise ValueError(f"This file is {len(content) / 1e6:.1f} MB; a saved Delphi run is at most "
                         f"{MAX_FILE_BYTES / 1e3:.0f} kB. Choose a .json file saved by this tool.")
    run = open_saved(DelphiRun, content, KIND, "a Delphi run saved by this tool")
    try:
        return check_run(task, run)
    except ValueError as exc:
        raise ValueError(f"This file cannot be opened: {exc}") from None


# -- feedback on the learner's choices ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Note:
    level: Literal["good", "caution", "problem"]
    text: str


def stable_outliers(task: DelphiTask, rounds: list[Round]) -> list[int]:
    """Experts outside the final quartiles whose estimate did not change in the last round."""
    if len(rounds) < 2:
        return []
    last, before = rounds[-1], rounds[-2]
    return [i for i in extremes(task, last.estimates, last.summary) if last.estimates[i] == before.estimates[i]]


def choice_feedback(task: DelphiTask, run: DelphiRun, rounds: list[Round] | None = None) -> list[Note]:
    """Comments on the facilitator's choices: never the answer, always the reason."""
    rounds = rounds or run_rounds(task, run)
    notes: list[Note] = []
    last = rounds[-1]
    first_met = next((r.number for r in rounds if r.stop_met), None)
    if len(rounds) == 1:
        notes.append(Note("problem", "You stopped at round 1. One round is a survey, not a Delphi: nobody saw the "
                                     "group's answer or revised. Run at least one more round."))
    if first_met == 1 and len(rounds) == 1:
        notes.append(Note("caution", "Your rule was met before any revision. A rule the first round already meets "
                                     "is too loose to tell you anything: tighten it."))
    if run.stopped and not last.stop_met:
        notes.append(Note("caution", f"You stopped at round {last.number} before your own rule was met. That can be "
                                     "right (fatigue, a stable split) but say why in your reasons."))
    if first_met is not None and first_met < last.number:
        change = last.summary.median - rounds[first_met - 1].summary.median
        notes.append(Note("caution", f"Your rule was met in round {first_met} but you ran to round {last.number}: "
                                     f"the median moved {signed(change)} points since. Extra rounds tire a panel and "
                                     "push it towards the middle; decide the rule first and keep to it."))
    used = [c.feedback for c in run.choices]
    if used and all(f == "median" for f in used):
        notes.append(Note("caution", "You showed only the median and IQR. The experts moved towards the number they "
                                     "were shown, so the narrowing is at least partly conformity. Sharing the "
                                     "extremes' reasons lets them update on evidence instead."))
        if run.verdict == "consensus":
            notes.append(Note("problem", "You judged this consensus, but the panel only ever saw the median: treating "
                                         "conformity as truth. Agreement reached by moving to the middle is not "
                                         "evidence that the middle is right."))
    elif used:
        notes.append(Note("good", "You shared reasons, not just the median, so movement can reflect evidence."))
    outliers = stable_outliers(task, rounds)
    if outliers:
        labels = ", ".join(task.label(i) for i in outliers)
        mentioned = any(w in run.judgement.lower() for w in OUTLIER_WORDS)
        if run.stopped and not mentioned:
            notes.append(Note("problem", f"{labels} stayed outside the quartiles and did not move in the last round, "
                                         "but your judgement does not mention them. A stable outlier with a reason "
                                         "is a finding: report it alongside the median."))
        elif run.stopped:
            notes.append(Note("good", f"You took account of the stable outlier ({labels}) in your judgement."))
        if run.verdict == "consensus":
            notes.append(Note("caution", "With an expert holding out, 'consensus' overstates it: consider 'stable "
                                         "disagreement' with the minority view reported."))
    for c in run.choices:
        if c.question:
            q = task.question_by_id(c.question)
            notes.append(Note("problem" if q.leading else "good", f"Your question “{q.question}”: {q.note}"))
    return notes


def forecast_words(task: DelphiTask, rounds: list[Round]) -> str:
    s = rounds[-1].summary
    u = task.unit
    gap = s.median - task.target
    side = "short of" if gap < 0 else "above" if gap > 0 else "at"
    return (f"Forecast after round {rounds[-1].number}: median {s.median:g}{u} (quartiles {s.q1:g}{u} to "
            f"{s.q3:g}{u}, IQR {points(s.iqr)}; all estimates from {s.low:g}{u} to {s.high:g}{u}). That is "
            f"{abs(gap):g} points {side} the target of {task.target:g}{u}, from a baseline of {task.baseline:g}{u}.")


# -- chart, HTML and CSV ------------------------------------------------------------------------------------------
def _n(x: float) -> str:
    return f"{x:g}"


def signed(x: float) -> str:
    """A change with its sign: +2, −1.5, 0."""
    return "0" if x == 0 else f"+{x:g}" if x > 0 else f"−{-x:g}"


def dot_plot(task: DelphiTask, rounds: list[Round]) -> AccessibleChart:
    """One row of dots per round (each dot an anonymous estimate), with the median as a tick and the IQR as a
    bar; the description gives each round's numbers."""
    alt = import_altair()
    from collections import Counter

    dots = [{"Round": f"Round {r.number}", "Estimate": x, "Experts": k}
            for r in rounds for x, k in sorted(Counter(r.estimates).items())]
    stats = [{"Round": f"Round {r.number}", "Median": r.summary.median, "Q1": r.summary.q1, "Q3": r.summary.q3}
             for r in rounds]
    order = [f"Round {r.number}" for r in rounds]
    all_x = [d["Estimate"] for d in dots]
    lo, hi = max(task.scale_min, min(all_x + [task.baseline]) - 2), min(task.scale_max, max(all_x + [task.target]) + 2)
    x = alt.X("Estimate:Q", scale=alt.Scale(domain=[lo, hi]), title=f"Estimate ({task.unit})")
    y = alt.Y("Round:N", sort=order, title=None)
    band = alt.Chart(alt.Data(values=stats)).mark_bar(height=18, color="#d6e4f5").encode(
        x=alt.X("Q1:Q", scale=alt.Scale(domain=[lo, hi])), x2="Q3:Q", y=y)
    points = alt.Chart(alt.Data(values=dots)).mark_circle(color=PALETTE[0], opacity=0.85).encode(
        x=x, y=y, size=alt.Size("Experts:Q", scale=alt.Scale(range=[60, 600]), legend=None),
        tooltip=["Round:N", "Estimate:Q", "Experts:Q"])
    counts = alt.Chart(alt.Data(values=[d for d in dots if d["Experts"] > 1])).mark_text(
        dy=-16, fontSize=11, color="#1a1a1a").encode(x=x, y=y, text="Experts:Q")
    med = alt.Chart(alt.Data(values=stats)).mark_tick(color=PALETTE[1], thickness=3, size=30).encode(
        x=alt.X("Median:Q", scale=alt.Scale(domain=[lo, hi])), y=y, tooltip=["Round:N", "Median:Q", "Q1:Q", "Q3:Q"])
    target = alt.Chart(alt.Data(values=[{"t": task.target}])).mark_rule(strokeDash=[4, 4], color=PALETTE[2]).encode(
        x="t:Q")
    chart = (band + points + med + counts + target).properties(width=420, height=alt.Step(56),
                                                      title="Panel estimates by round")
    return AccessibleChart(chart, plot_description(task, rounds))


def plot_description(task: DelphiTask, rounds: list[Round]) -> str:
    """The dot plot's text description: every round's estimates, median, quartiles and IQR."""
    parts = "; ".join(f"round {r.number}: {', '.join(_n(v) for v in sorted(r.estimates))} "
                      f"(median {_n(r.summary.median)}, "
                      f"Q1 {_n(r.summary.q1)}, Q3 {_n(r.summary.q3)}, IQR {_n(r.summary.iqr)})" for r in rounds)
    return (f"Dot plot of the {len(task.experts)} anonymous estimates ({task.unit}) in each round (a larger "
            "dot, numbered, where several experts gave the same estimate), with the median marked and the "
            f"band from Q1 to Q3; dashed line at the target of {_n(task.target)}. {parts}.")


def round_table_html(task: DelphiTask, rounds: list[Round]) -> str:
    """The latest round's anonymous estimates with the change from the round before."""
    r = rounds[-1]
    before = rounds[-2] if len(rounds) > 1 else None
    rows = []
    for i, x in enumerate(r.estimates):
        change = "—" if before is None else signed(x - before.estimates[i])
        rows.append(f"<tr><th scope='row'>{esc(task.label(i))}</th><td>{_n(x)}</td><td>{change}</td></tr>")
    s = r.summary
    mchange = r.median_change(before)
    return (f"<table class='cx-table'><caption>Round {r.number}: the anonymous estimates ({esc(task.unit)})"
            "</caption><thead><tr><th scope='col'>Expert</th><th scope='col'>Estimate</th>"
            "<th scope='col'>Change from last round</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            f"<p>Median <strong>{_n(s.median)}</strong>, Q1 {_n(s.q1)}, Q3 {_n(s.q3)}, IQR <strong>{points(s.iqr)}"
            f"</strong>; range {_n(s.low)} to {_n(s.high)}"
            + ("" if mchange is None else f"; the median moved {signed(mchange)} from round {r.number - 1}") + ". "
            f"<span class='cx-hint'>Quartiles are the medians of the lower and upper halves (the median itself "
            f"left out when the count is odd); linear interpolation, as in numpy or many spreadsheets, would give an "
            f"IQR of {linear_iqr(r.estimates):g}.</span></p><p><strong>{esc(r.stop_why)}</strong></p>")


def history_html(task: DelphiTask, rounds: list[Round]) -> str:
    rows = []
    for k, r in enumerate(rounds):
        change = r.median_change(rounds[k - 1] if k else None)
        fb = "—" if r.choice is None else esc(FEEDBACK[r.choice.feedback])
        q = "" if r.choice is None or not r.choice.question else \
            f"; question: {esc(task.question_by_id(r.choice.question).question)}"
        rows.append(f"<tr><th scope='row'>{r.number}</th><td>{_n(r.summary.median)}</td><td>{_n(r.summary.q1)}</td>"
                    f"<td>{_n(r.summary.q3)}</td><td>{_n(r.summary.iqr)}</td>"
                    f"<td>{'—' if change is None else signed(change)}</td><td>{fb}{q}</td>"
                    f"<td>{'yes' if r.stop_met else 'no'}</td></tr>")
    return ("<table class='cx-table'><caption>Rounds so far</caption><thead><tr><th scope='col'>Round</th>"
            "<th scope='col'>Median</th><th scope='col'>Q1</th><th scope='col'>Q3</th><th scope='col'>IQR</th>"
            "<th scope='col'>Median change</th><th scope='col'>Feedback before it</th>"
            "<th scope='col'>Rule says stop</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def panel_feedback_html(task: DelphiTask, rounds: list[Round], feedback: str) -> str:
    """What the panel would be shown before the next round under ``feedback`` (anonymised)."""
    r = rounds[-1]
    s = r.summary
    parts = [f"<p>Group median {_n(s.median)}{esc(task.unit)}; the middle half of the panel from {_n(s.q1)} to "
             f"{_n(s.q3)} (IQR {_n(s.iqr)} points).</p>"]
    if feedback == "reasons":
        idx = extremes(task, r.estimates, s)
        items = "".join(f"<li>An expert at {_n(r.estimates[i])}: {esc(task.experts[i].reason)}</li>" for i in idx)
        parts.append(f"<p>Reasons of the experts outside the middle half:</p><ul>{items}</ul>" if items else
                     "<p>No expert is outside the middle half.</p>")
    elif feedback == "full":
        order = sorted(range(len(r.estimates)), key=lambda i: (r.estimates[i], i))
        items = "".join(f"<li>{_n(r.estimates[i])}: {esc(task.experts[i].reason)}</li>" for i in order)
        parts.append(f"<p>Every estimate with its reason, lowest first:</p><ul>{items}</ul>")
    return "".join(parts)


def notes_html(notes: list[Note]) -> str:
    if not notes:
        return ""
    mark = {"good": "✓ Good", "caution": "! Think again", "problem": "✗ Problem"}
    items = "".join(f"<li class='cx-note-{n.level}'><strong>{mark[n.level]}:</strong> {esc(n.text)}</li>"
                    for n in notes)
    return f"<ul class='cx-feedback'>{items}</ul>"


def summary_html(task: DelphiTask, run: DelphiRun, rounds: list[Round] | None = None) -> str:
    rounds = rounds or run_rounds(task, run)
    out = [f"<p><strong>{esc(forecast_words(task, rounds))}</strong></p>",
           f"<p>Your stopping rule: {esc(run.rule.describe())}.</p>"]
    if run.stopped:
        out.append(f"<p>Your judgement: <strong>{esc(run.verdict)}</strong>. {esc(run.judgement)}</p>"
                   f"<p>Why stop now: {esc(run.stop_reason)}</p>")
        out.append("<h4>Feedback on your choices</h4>" + notes_html(choice_feedback(task, run, rounds)))
    return "".join(out)


def panel_html(task: DelphiTask) -> str:
    roles = "".join(f"<li>{esc(r)}</li>" for r in sorted(e.role for e in task.experts))
    return (f"<p><strong>Question to the panel:</strong> {esc(task.question)}</p><p>{esc(task.context)}</p>"
            f"<p>The panel ({len(task.experts)} experts, answering anonymously; the table names them Expert A, B, … "
            f"in an order unrelated to this list):</p><ul>{roles}</ul>")


def run_body_html(task: DelphiTask, run: DelphiRun, chart_html: str = "") -> str:
    """The whole run for the book and the download: every round's table, with what the panel was shown before it."""
    rounds = run_rounds(task, run)
    parts = []
    for k, r in enumerate(rounds):
        if r.choice is not None:
            asked = "" if not r.choice.question else (
                f"<p>Question answered: {esc(task.question_by_id(r.choice.question).question)} "
                f"{esc(task.question_by_id(r.choice.question).answer)}</p>")
            parts.append(f"<h4>Before round {r.number}: the panel was shown</h4>"
                         + panel_feedback_html(task, rounds[:k], r.choice.feedback) + asked)
        parts.append(round_table_html(task, rounds[:k + 1]))
    return (panel_html(task) + chart_html + history_html(task, rounds) + "".join(parts)
            + "<h4>Summary</h4>" + summary_html(task, run, rounds))


def document_html(task: DelphiTask, run: DelphiRun) -> str:
    from widgets.activities.cx_model import html_document

    description = f"<p>{esc(plot_description(task, run_rounds(task, run)))}</p>"
    return html_document(f"Delphi panel: {task.organisation}", description + run_body_html(task, run))


def to_csv(task: DelphiTask, run: DelphiRun) -> str:
    """One row per expert per round (anonymous), then one summary row per round."""
    rounds = run_rounds(task, run)
    rows: list[list[object]] = []
    for r in rounds:
        fb = "" if r.choice is None else r.choice.feedback
        rows += [["estimate", r.number, task.label(i), _n(x), "", "", "", fb] for i, x in enumerate(r.estimates)]
    for r in rounds:
        s = r.summary
        rows.append(["summary", r.number, "", "", _n(s.median), _n(s.q1), _n(s.q3),
                     "" if r.choice is None else r.choice.feedback])
    if run.stopped:
        rows.append(["judgement", rounds[-1].number, run.verdict, "", "", "", "", run.judgement])
        rows.append(["why stop", rounds[-1].number, "", "", "", "", "", run.stop_reason])
    return csv_text(rows, header=["row", "round", "expert or verdict", "estimate", "median", "Q1", "Q3",
                                  "feedback before the round or text"])


def delphi_html(task: DelphiTask, run: DelphiRun | None = None, live_link: str = "") -> str:
    """The book's static form: the worked run (default feedback) with its chart, tables and summary."""
    run = run or task.worked or new_run(task)
    chart = dot_plot(task, run_rounds(task, run)).to_html()
    intro = f"<p>{esc(task.instructions)}</p>" if task.instructions else ""
    return (f"<div class='cx-activity cx-delphi'><h3 class='cx-activity-title'>{esc(task.title)}: "
            f"{esc(task.organisation)}</h3>{intro}<p>Worked run: {len(run.choices) + 1} rounds, with the feedback "
            f"“{esc(FEEDBACK[task.default_feedback])}”.</p>{run_body_html(task, run, chart)}{live_link}</div>")
