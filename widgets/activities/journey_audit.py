"""Journey audit (CIM L6 Customer Journey Optimisation 1.2 and 2.1), built on the journey-map model
:mod:`widgets.journey`: the audit reads a :class:`~widgets.journey.JourneyMap` (its touchpoints, emotions,
expectation and experience scores, pain points with their 5 Whys, opportunities and KPIs) and adds only what a
map does not hold — the customer's goal at each stage, which metric would show each recommended change worked,
and the channels the organisation expects to see on the journey.

The audit, stage by stage (awareness, consideration, purchase, retention, advocacy — ACPRA):

* **emotions** — each touchpoint's score (−2 to +2) and the stage mean (:func:`widgets.journey.stage_emotions`);
* **goals** — the learner's statement of what the customer is trying to do at the stage, beside the
  expectations recorded at its touchpoints;
* **pain points** — ranked by severity × frequency (:func:`widgets.journey.ranked_pain_points`);
* **channels** — the channels used at the stage (:func:`widgets.journey.channel_mix`).

Then the **gaps**, each a line a learner can act on:

1. expectation against experience, worst first (:func:`widgets.journey.expectation_gaps`; negative
   disconfirmation, Oliver 1980; the perception − expectation gap of SERVQUAL, Parasuraman, Zeithaml and Berry
   1988), and touchpoints where the gap was never measured;
2. ACPRA stages missing from the map, stages with no touchpoint, expected channels with no touchpoint;
3. a touchpoint with an expectation gap of −2 or worse but no pain point recorded;
4. pain points with no recommended change at their touchpoint;
5. changes with no metric (neither a chosen KPI nor a KPI at the touchpoint), a metric with no target, or several
   KPIs at the touchpoint and none chosen.

**5 Whys depth** (Ohno, *Toyota Production System*, 1988). Asking "why?" until the answer is a cause the
organisation can remove. Each chain gets a status: *not analysed* (no whys); *stops early* (one or two answers:
the chain usually still describes a symptom — ask why again); *ends in blame* (the last answer names a person or
group at fault, or "human error": blame stops the analysis before the process that let it happen); otherwise
*candidate root cause* (three or more answers — a tutor or team still judges whether removing it would stop the
problem recurring). The depth thresholds are the course's rule of thumb, stated here so they can be checked.

**The metric that would show a change worked.** A change is measured by the KPI the learner links to it, or, if
none is linked, by the KPIs at the change's own touchpoint (shown as "at this touchpoint", not as a choice the
learner made). Each metric is shown with its current value and target.

Nothing here writes the learner's audit: the tool computes the map's evidence and checks the learner's additions.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from widgets.activities.common import ActivityModel, friendly, json_constant, json_number, load_yaml, parse
from widgets.exports import csv_text
from widgets.journey import (
    CHANNELS,
    MAX_UPLOAD_BYTES,
    STAGE_SETS,
    Improvement,
    JourneyMap,
    Kpi,
    PainPoint,
    Touchpoint,
    blank_map,
    channel_mix,
    expectation_gaps,
    json_depth,
    load_template,
    prioritise_improvements,
    ranked_pain_points,
    stage_emotions,
)

esc = html.escape
KIND = "journey-audit"
SCHEMA_VERSION = 1
ACPRA = STAGE_SETS["acpra"].stages
MAX_JSON_DEPTH = 20
"""A saved audit nests the map one level deeper than the map itself (which needs 8)."""
MAX_GOAL = 400
DEEP_ENOUGH = 3
"""A 5 Whys chain of at least this many answers (and not ending in blame) is a candidate root cause."""
BIG_GAP = -2
"""An expectation gap this bad or worse with no pain point recorded is itself a gap in the audit."""
_BLAME = re.compile(
    r"\b(human error|careless(ness)?|lazy|laziness|incompetent|incompetence|not bothered|didn'?t bother|"
    r"can'?t be bothered|fault|blame|stupid|forgot|forgetful|(staff|driver|courier|agent|customer|employee|"
    r"he|she|they|colleague|someone|somebody)s? (did ?n[o']t|failed to|forgot|should have|made a mistake|"
    r"was lazy|were lazy|ignored))\b", re.I)

GAP_ORDER = ("Missing stage", "Stage with no touchpoint", "Expectation gap", "Gap with no pain point",
             "Pain point with no change", "5 Whys not analysed", "5 Whys ends in blame", "5 Whys stops early",
             "Change with no metric", "Metric with no target", "Metric not chosen", "Channel with no touchpoint",
             "Gap not measured", "No customer goal")
"""The order gaps are listed in: what the customer suffers first, then what the analysis lacks."""

WhyStatus = Literal["not analysed", "stops early", "ends in blame", "candidate root cause"]


class AuditNotes(ActivityModel):
    """What the audit adds to a map: stage goals (stage id → goal), change metrics (opportunity id → KPI id)
    and the channels the organisation expects on the journey."""

    stage_goals: dict[str, str] = Field({}, max_length=12)
    change_metrics: dict[str, str] = Field({}, max_length=200)
    expected_channels: list[str] = Field([], max_length=len(CHANNELS))

    @field_validator("stage_goals")
    @classmethod
    def _short_goals(cls, value: dict[str, str]) -> dict[str, str]:
        for goal in value.values():
            if len(goal) > MAX_GOAL:
                raise ValueError(f"Keep a stage goal under {MAX_GOAL} characters.")
        return {k: v for k, v in value.items() if v.strip()}

    @field_validator("expected_channels")
    @classmethod
    def _known_channels(cls, value: list[str]) -> list[str]:
        for channel in value:
            if channel not in CHANNELS:
                raise ValueError(f"“{str(channel)[:30]}” is not one of the journey map's channels "
                                 f"({', '.join(CHANNELS)}).")
        return list(dict.fromkeys(value))


class AuditTask(ActivityModel):
    """The activity data file: the map to open first and the channels the organisation expects."""

    id: str
    title: str
    criteria: list[str] = []
    instructions: str = Field("", max_length=2000)
    organisation: str
    template: str
    expected_channels: list[str] = []
    channel_note: str = Field("", max_length=1000)

    def notes(self) -> AuditNotes:
        return AuditNotes(expected_channels=self.expected_channels)

    def journey(self) -> JourneyMap:
        return load_template(self.template)


def load_audit_task(spec_id: str, name: str) -> AuditTask:
    task = parse(AuditTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")
    task.notes()  # the channels are checked when the file is read
    return task


@dataclass
class Audit:
    """A journey map and the audit's notes, kept together (the map is the journey builder's own model)."""

    journey: JourneyMap
    notes: AuditNotes = field(default_factory=AuditNotes)


def blank_acpra_audit(task: AuditTask | None = None) -> Audit:
    notes = task.notes() if task else AuditNotes()
    return Audit(blank_map("acpra", "My ACPRA journey audit"), notes)


# -- the audit ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WhyCheck:
    stage: str
    touchpoint: str
    pain: PainPoint
    status: WhyStatus
    advice: str
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Metric:
    kpi: Kpi
    stage: str
    touchpoint: str
    chosen: bool

    def describe(self) -> str:
        k = self.kpi

        def fmt(v: float) -> str:
            if k.unit == "£":
                return f"£{v:g}"
            return f"{v:g}%" if k.unit == "%" else f"{v:g} {k.unit}".strip()

        target = "no target" if k.target is None else f"target {fmt(k.target)}"
        where = "chosen" if self.chosen else "at this touchpoint"
        return f"{k.name}: now {fmt(k.value)}, {target} ({where})"


@dataclass(frozen=True)
class ChangeCheck:
    stage: str
    touchpoint: str
    change: Improvement
    quadrant: str
    metrics: tuple[Metric, ...]


@dataclass(frozen=True)
class StageAudit:
    name: str
    stage_id: str
    acpra: bool
    goal: str
    expectations: tuple[str, ...]
    touchpoints: tuple[tuple[str, str, int, tuple[str, ...]], ...]
    """(touchpoint, channel, emotion, emotion words)."""
    mean_emotion: float | None
    channels: dict[str, int]
    pains: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    kind: str
    where: str
    message: str


@dataclass(frozen=True)
class AuditResult:
    title: str
    stages: tuple[StageAudit, ...]
    whys: tuple[WhyCheck, ...]
    changes: tuple[ChangeCheck, ...]
    gaps: tuple[Gap, ...]
    expectation_gaps: tuple[tuple[str, str, int, str, str], ...]
    """(stage, touchpoint, gap, expectation, experience), worst first."""


def _signed(v: float) -> str:
    return f"{v:+g}".replace("-", "−")


def why_status(pain: PainPoint) -> tuple[WhyStatus, str]:
    """The 5 Whys status of a pain point and advice on what to do next (module docstring: the thresholds)."""
    whys = [w for w in pain.whys if w.strip()]
    if not whys:
        return "not analysed", "Ask “why?” about this problem and record each answer until you reach a cause you " \
                               "could remove."
    if _BLAME.search(whys[-1]):
        return "ends in blame", "The last answer blames someone. Ask why the process let that happen (training, " \
                                "tools, targets, ownership) and record that cause instead."
    if len(whys) < DEEP_ENOUGH:
        return "stops early", f"Only {len(whys)} answer{'s' if len(whys) > 1 else ''}: the chain probably still " \
                              "describes a symptom. Ask why again."
    return "candidate root cause", "Check it: if this cause were removed, would the problem stop recurring?"


def _kpi_index(journey: JourneyMap) -> dict[str, tuple[str, str, Kpi]]:
    return {k.id: (s.name, t.name, k) for s, t in journey.touchpoints() for k in t.kpis}


def audit_journey(audit: Audit) -> AuditResult:
    """The audit of the as-is journey: stage by stage, the 5 Whys checks, the changes and their metrics, and the
    gaps (module docstring: the rules)."""
    journey, notes = audit.journey, audit.notes
    emotions = dict(stage_emotions(journey))
    mix = channel_mix(journey)
    ranked = ranked_pain_points(journey)
    stages: list[StageAudit] = []
    gaps: list[Gap] = []
    names = [s.name.strip().lower() for s in journey.as_is]
    for wanted in ACPRA:
        if wanted.lower() not in names:
            gaps.append(Gap("Missing stage", wanted, f"The map has no {wanted} stage, so the audit cannot show what "
                                                     "happens there (ACPRA runs from awareness to advocacy)."))
    for stage in journey.as_is:
        tps = stage.touchpoints
        stages.append(StageAudit(
            name=stage.name, stage_id=stage.id, acpra=stage.name.strip().lower() in {a.lower() for a in ACPRA},
            goal=notes.stage_goals.get(stage.id, ""),
            expectations=tuple(f"{t.name}: {t.expectation}" for t in tps if t.expectation.strip()),
            touchpoints=tuple((t.name, t.channel, t.emotion, tuple(t.emotion_words)) for t in tps),
            mean_emotion=emotions.get(stage.name), channels=mix.get(stage.name, {}),
            pains=tuple(f"{r.pain.description} (severity {r.pain.severity} × frequency {r.pain.frequency} = "
                        f"{r.score})" for r in ranked if r.stage == stage.name)))
        if not tps:
            gaps.append(Gap("Stage with no touchpoint", stage.name, f"{stage.name} has no touchpoint: add the "
                                                                    "interactions the customer has there."))
        if not notes.stage_goals.get(stage.id, "").strip():
            gaps.append(Gap("No customer goal", stage.name, f"Write what the customer is trying to do at "
                                                            f"{stage.name} (use the expectations recorded there)."))
    used = {t.channel for _, t in journey.touchpoints()}
    for channel in notes.expected_channels:
        if channel not in used:
            gaps.append(Gap("Channel with no touchpoint", channel, f"{channel} is a channel the organisation uses, "
                                                                   "but no touchpoint on the map is in it."))
    exp = expectation_gaps(journey)
    for g in exp:
        if g.gap < 0:
            gaps.append(Gap("Expectation gap", f"{g.stage} · {g.touchpoint}",
                            f"Experience {_signed(g.gap)} against expectation (expected “{g.expectation}”, got "
                            f"“{g.experience}”)."))
    for s, t in journey.touchpoints():
        if t.gap is None:
            gaps.append(Gap("Gap not measured", f"{s.name} · {t.name}", "No expectation and experience scores: the "
                                                                        "gap at this touchpoint is unknown."))
        elif t.gap <= BIG_GAP and not t.pain_points:
            gaps.append(Gap("Gap with no pain point", f"{s.name} · {t.name}",
                            f"The experience falls {-t.gap} points short of the expectation, but no pain point is "
                            "recorded here."))
    whys: list[WhyCheck] = []
    pain_tp = {p.id: t for _, t in journey.touchpoints() for p in t.pain_points}
    for r in ranked:
        t = pain_tp[r.pain.id]
        status, advice = why_status(r.pain)
        whys.append(WhyCheck(r.stage, r.touchpoint, r.pain, status, advice, tuple(o.description for o in
                                                                                  t.opportunities)))
        if not t.opportunities:
            gaps.append(Gap("Pain point with no change", f"{r.stage} · {r.touchpoint}",
                            f"“{r.pain.description}” has no recommended change at its touchpoint."))
        if status != "candidate root cause":
            gaps.append(Gap("5 Whys " + status, f"{r.stage} · {r.touchpoint}", f"“{r.pain.description}”: {advice}"))
    kpis = _kpi_index(journey)
    opp_tp = {o.id: (s, t) for s, t in journey.touchpoints() for o in t.opportunities}
    changes: list[ChangeCheck] = []
    for ri in prioritise_improvements(journey):
        s, t = opp_tp[ri.improvement.id]
        linked = notes.change_metrics.get(ri.improvement.id)
        if linked in kpis:
            st, tn, k = kpis[linked]
            metrics: tuple[Metric, ...] = (Metric(k, st, tn, True),)
        else:
            metrics = tuple(Metric(k, s.name, t.name, False) for k in t.kpis)
        changes.append(ChangeCheck(ri.stage, ri.touchpoint, ri.improvement, ri.quadrant, metrics))
        if linked not in kpis and len(metrics) > 1:
            gaps.append(Gap("Metric not chosen", f"{ri.stage} · {ri.touchpoint}",
                            f"“{ri.improvement.description}” could be measured by {len(metrics)} KPIs at its "
                            "touchpoint: choose the one that would show this change worked."))
        if not metrics:
            gaps.append(Gap("Change with no metric", f"{ri.stage} · {ri.touchpoint}",
                            f"“{ri.improvement.description}” has no metric: add a KPI that would show it worked."))
        for m in metrics:
            if m.kpi.target is None:
                gaps.append(Gap("Metric with no target", f"{m.stage} · {m.touchpoint}",
                                f"{m.kpi.name} measures “{ri.improvement.description}” but has no target."))
    gaps.sort(key=lambda g: GAP_ORDER.index(g.kind))  # stable: within a kind, the order found (worst gap first)
    return AuditResult(journey.title, tuple(stages), tuple(whys), tuple(changes), tuple(gaps),
                       tuple((g.stage, g.touchpoint, g.gap, g.expectation, g.experience) for g in exp))


# -- the learner's additions: every change goes through the journey model, so its limits hold -------------------
def _copy(audit: Audit) -> Audit:
    return Audit(audit.journey.model_copy(deep=True), audit.notes.model_copy(deep=True))


def _touchpoint(journey: JourneyMap, tid: str) -> Touchpoint:
    for _, t in journey.touchpoints():
        if t.id == tid:
            return t
    raise ValueError("Choose a touchpoint on the map.")


def _pain(journey: JourneyMap, pid: str) -> PainPoint:
    for _, t in journey.touchpoints():
        for p in t.pain_points:
            if p.id == pid:
                return p
    raise ValueError("Choose a pain point on the map.")


def _validated(journey: JourneyMap) -> JourneyMap:
    """The changed map checked again as a whole (sizes, ids), so whatever the audit saves reopens."""
    try:
        return JourneyMap.model_validate(journey.model_dump())
    except ValidationError as exc:
        raise ValueError(friendly(exc, JourneyMap)) from None


def _text(value: str, what: str, limit: int = 400) -> str:
    text = (value or "").strip()
    if not text:
        raise ValueError(f"Write {what} first.")
    if len(text) > limit:
        raise ValueError(f"Keep {what} under {limit} characters (this has {len(text)}).")
    return text


def _score(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what}: choose a whole number from {low} to {high}.")
    return value


def add_touchpoint(audit: Audit, stage_id: str, name: str, channel: str, emotion: int = 0,
                   expectation_score: int | None = None, experience_score: int | None = None) -> Audit:
    """A touchpoint at a stage (for a blank map; the journey builder records the rest of its lanes)."""
    name = _text(name, "the touchpoint's name", 100)
    if channel not in CHANNELS:
        raise ValueError(f"Choose a channel from the list ({', '.join(CHANNELS)}).")
    _score(emotion, "Emotion", -2, 2)
    for value, what in ((expectation_score, "Expectation"), (experience_score, "Experience")):
        if value is not None:
            _score(value, what, 1, 5)
    new = _copy(audit)
    stage = next((s for s in new.journey.as_is if s.id == stage_id), None)
    if stage is None:
        raise ValueError("Choose a stage of the map.")
    if any(t.name.strip().lower() == name.lower() for t in stage.touchpoints):
        raise ValueError(f"{stage.name} already has a touchpoint called “{name[:40]}”.")
    try:
        stage.touchpoints = [*stage.touchpoints, Touchpoint(name=name, channel=channel, emotion=emotion,
                                                            expectation_score=expectation_score,
                                                            experience_score=experience_score)]
    except ValidationError as exc:
        raise ValueError(friendly(exc, Touchpoint)) from None
    new.journey = _validated(new.journey)
    return new


def add_pain_point(audit: Audit, touchpoint_id: str, description: str, severity: int, frequency: int) -> Audit:
    """A pain point at a touchpoint, rated 1–5 for severity and frequency (its 5 Whys are added one by one)."""
    description = _text(description, "the pain point")
    _score(severity, "Severity", 1, 5)
    _score(frequency, "Frequency", 1, 5)
    new = _copy(audit)
    t = _touchpoint(new.journey, touchpoint_id)
    if len(t.pain_points) >= 10:
        raise ValueError(f"“{t.name}” already has 10 pain points: merge some first.")
    t.pain_points = [*t.pain_points, PainPoint(description=description, severity=severity, frequency=frequency)]
    new.journey = _validated(new.journey)
    return new


def add_why(audit: Audit, pain_id: str, answer: str) -> Audit:
    """The next answer in a pain point's 5 Whys chain (at most five)."""
    answer = _text(answer, "the answer to “why?”")
    new = _copy(audit)
    pain = _pain(new.journey, pain_id)
    if len(pain.whys) >= 5:
        raise ValueError("This chain already has five answers: the fifth should be the root cause. Remove the last "
                         "answer to change it.")
    pain.whys = [*pain.whys, answer]
    new.journey = _validated(new.journey)
    return new


def remove_last_why(audit: Audit, pain_id: str) -> Audit:
    new = _copy(audit)
    pain = _pain(new.journey, pain_id)
    if not pain.whys:
        raise ValueError("This pain point has no answers to remove.")
    pain.whys = pain.whys[:-1]
    return new


def add_change(audit: Audit, touchpoint_id: str, description: str, impact: int, effort: int) -> Audit:
    """A recommended change (an opportunity, in the journey model) at a touchpoint, rated 1–5 for impact and effort."""
    description = _text(description, "the recommended change")
    new = _copy(audit)
    t = _touchpoint(new.journey, touchpoint_id)
    if len(t.opportunities) >= 10:
        raise ValueError(f"“{t.name}” already has 10 changes: remove or merge one first.")
    _score(impact, "Impact", 1, 5)
    _score(effort, "Effort", 1, 5)
    t.opportunities = [*t.opportunities, Improvement(description=description, impact=impact, effort=effort)]
    new.journey = _validated(new.journey)
    return new


def add_metric(audit: Audit, touchpoint_id: str, name: str, value: str, target: str, unit: str = "",
               higher_is_better: bool = True) -> Audit:
    """A KPI at a touchpoint with its current value and target (typed text read by the course's number parser)."""
    name = _text(name, "the metric's name", 100)
    if not str(target or "").strip():
        raise ValueError("Give the metric a target: without one nobody can tell whether the change worked.")
    new = _copy(audit)
    t = _touchpoint(new.journey, touchpoint_id)
    if len(t.kpis) >= 10:
        raise ValueError(f"“{t.name}” already has 10 metrics: remove one first.")
    try:
        kpi = Kpi(name=name, value=value, target=target, unit=(unit or "").strip()[:100],
                  higher_is_better=bool(higher_is_better))
    except ValidationError as exc:
        raise ValueError(friendly(exc, Kpi).replace("KPI value", "Current value").replace("KPI target", "Target")
                         ) from None
    t.kpis = [*t.kpis, kpi]
    new.journey = _validated(new.journey)
    return new


def link_metric(audit: Audit, change_id: str, kpi_id: str) -> Audit:
    """Choose the KPI that would show a change worked."""
    journey = audit.journey
    if change_id not in {o.id for _, t in journey.touchpoints() for o in t.opportunities}:
        raise ValueError("Choose a recommended change on the map.")
    if kpi_id not in _kpi_index(journey):
        raise ValueError("Choose a metric on the map (add one first if none fits).")
    new = _copy(audit)
    new.notes = AuditNotes(**{**new.notes.model_dump(),
                              "change_metrics": {**new.notes.change_metrics, change_id: kpi_id}})
    return new


def set_goal(audit: Audit, stage_id: str, goal: str) -> Audit:
    if stage_id not in {s.id for s in audit.journey.as_is}:
        raise ValueError("Choose a stage of the map.")
    goal = _text(goal, "the customer's goal at this stage", MAX_GOAL)
    new = _copy(audit)
    new.notes = AuditNotes(**{**new.notes.model_dump(), "stage_goals": {**new.notes.stage_goals, stage_id: goal}})
    return new


def set_channels(audit: Audit, channels: list[str] | tuple[str, ...]) -> Audit:
    new = _copy(audit)
    try:
        new.notes = AuditNotes(**{**new.notes.model_dump(), "expected_channels": list(channels)})
    except ValidationError as exc:
        raise ValueError(friendly(exc, AuditNotes)) from None
    return new


# -- saving and opening --------------------------------------------------------------------------------------------
def to_json(audit: Audit, task: str = "") -> str:
    """The audit as one JSON file: the journey map (as the journey builder saves it) and the audit's notes."""
    return json.dumps({"kind": KIND, "schema_version": SCHEMA_VERSION, "task": task,
                       "journey": json.loads(audit.journey.to_json(indent=None)), **audit.notes.model_dump()},
                      ensure_ascii=False, indent=1)


def open_file(content: bytes | str, task: AuditTask | None = None) -> Audit:
    """A saved audit, or a journey-map JSON saved by the journey builder (its loader and limits), checked.

    ``ValueError`` in plain words for anything else: too big, not text, not JSON, nested too deeply, another
    kind of file, or a map the journey builder would refuse."""
    if isinstance(content, bytes | bytearray | memoryview):
        raw = bytes(content)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise ValueError(f"This file is {len(raw) / 1e6:.1f} MB; a journey audit or map is at most "
                             f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB.")
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("This file is not a text (UTF-8) file, so it is not a journey audit or map.") from None
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError(f"A journey audit or map is at most {MAX_UPLOAD_BYTES / 1e6:.0f} MB.")
    if not content.strip():
        raise ValueError("This file is empty: choose a .json file saved by the journey audit or the journey builder.")
    if json_depth(content, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ValueError("This file is nested far more deeply than a journey map, so it is not one.")
    try:
        data = json.loads(content, parse_int=json_number, parse_float=json_number, parse_constant=json_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"This file is not valid JSON ({exc.msg} at line {exc.lineno}), so it is not a journey "
                         "audit or map.") from None
    if not isinstance(data, dict):
        raise ValueError("This file holds JSON but not a journey audit or map.")
    if data.get("kind") == KIND:
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError("This audit was saved by a different version of the tool, so it cannot be opened.")
        journey = JourneyMap.from_dict(data.get("journey"))
        body = {k: v for k, v in data.items() if k not in ("kind", "schema_version", "task", "journey")}
        try:
            notes = AuditNotes.model_validate(body)
        except ValidationError as exc:
            raise ValueError(f"This audit cannot be opened: {friendly(exc, AuditNotes)}") from None
        return Audit(journey, notes)
    if "kind" in data:
        raise ValueError("This file was saved by another tool, not the journey audit or the journey builder.")
    journey = JourneyMap.from_dict(data)
    return Audit(journey, task.notes() if task else AuditNotes())


# -- exports ---------------------------------------------------------------------------------------------------------
def _emotion(v: float | None) -> str:
    return "—" if v is None else f"{v:+.1f}".replace("+0.0", "0.0").replace("-", "−")


NOT_YET = "<span class='cx-blank'>not written yet</span>"


def audit_body_html(audit: Audit, result: AuditResult | None = None) -> str:
    """The audit as HTML tables (everything from the map or the learner escaped)."""
    r = result or audit_journey(audit)
    stage_rows = []
    for s in r.stages:
        tps = "; ".join(f"{n} ({c}, {_signed(e) if e else '0'}{', ' + ', '.join(words) if words else ''})"
                        for n, c, e, words in s.touchpoints) or "none"
        stage_rows.append(
            f"<tr><th scope='row'>{esc(s.name)}</th><td>{esc(s.goal) or NOT_YET}"
            f"{'<br><small>Expectations: ' + esc('; '.join(s.expectations)) + '</small>' if s.expectations else ''}"
            f"</td><td>{_emotion(s.mean_emotion)}<br><small>{esc(tps)}</small></td>"
            f"<td>{esc('; '.join(s.pains)) or 'none recorded'}</td>"
            f"<td>{esc(', '.join(f'{c} ({n})' for c, n in s.channels.items())) or 'none'}</td></tr>")
    stages = ("<table class='cx-activity-table'><caption>The journey stage by stage (emotion −2 to +2)</caption>"
              "<thead><tr><th scope='col'>Stage</th><th scope='col'>Customer goal</th><th scope='col'>Emotion: stage "
              "mean and touchpoints</th><th scope='col'>Pain points (severity × frequency)</th><th scope='col'>"
              f"Channels (touchpoints)</th></tr></thead><tbody>{''.join(stage_rows)}</tbody></table>")
    exp_rows = "".join(f"<tr><td>{esc(st)} · {esc(tp)}</td><td>{_signed(g)}</td><td>{esc(e)}</td><td>{esc(x)}</td>"
                       "</tr>" for st, tp, g, e, x in r.expectation_gaps)
    exp = ("<table class='cx-activity-table'><caption>Expectation against experience (experience − expectation, "
           "1–5 each; worst first)</caption><thead><tr><th scope='col'>Touchpoint</th><th scope='col'>Gap</th>"
           "<th scope='col'>Expected</th><th scope='col'>Experienced</th></tr></thead>"
           f"<tbody>{exp_rows}</tbody></table>") if exp_rows else "<p>No touchpoint has both scores yet.</p>"
    why_rows = "".join(
        f"<tr><td>{esc(w.stage)} · {esc(w.touchpoint)}</td><td>{esc(w.pain.description)} ({w.pain.score})</td>"
        f"<td><ol>{''.join(f'<li>{esc(a)}</li>' for a in w.pain.whys)}</ol>{'' if w.pain.whys else 'none yet'}</td>"
        f"<td><strong>{esc(w.status)}</strong> ({len(w.pain.whys)} of 5). {esc(w.advice)}</td>"
        f"<td>{esc('; '.join(w.changes)) or '<strong>no change recommended</strong>'}</td></tr>" for w in r.whys)
    whys = ("<table class='cx-activity-table'><caption>Pain points, their 5 Whys and the changes at their touchpoint"
            "</caption><thead><tr><th scope='col'>Where</th><th scope='col'>Pain point (score)</th><th scope='col'>"
            "Why? (answers in order)</th><th scope='col'>Depth</th><th scope='col'>Recommended changes</th></tr>"
            f"</thead><tbody>{why_rows}</tbody></table>") if why_rows else "<p>No pain points recorded yet.</p>"
    change_rows = "".join(
        f"<tr><td>{esc(c.change.description)}</td><td>{esc(c.stage)} · {esc(c.touchpoint)}</td>"
        f"<td>{esc(c.quadrant)} (impact {c.change.impact}, effort {c.change.effort})</td>"
        f"<td>{'<br>'.join(esc(m.describe()) for m in c.metrics) or '<strong>no metric</strong>'}</td></tr>"
        for c in r.changes)
    changes = ("<table class='cx-activity-table'><caption>Recommended changes in priority order and the metric that "
               "would show each worked</caption><thead><tr><th scope='col'>Change</th><th scope='col'>Where</th>"
               "<th scope='col'>Priority</th><th scope='col'>Metric: now and target</th></tr></thead>"
               f"<tbody>{change_rows}</tbody></table>") if change_rows else "<p>No changes recommended yet.</p>"
    gap_items = "".join(f"<li><strong>{esc(g.kind)}</strong> — {esc(g.where)}: {esc(g.message)}</li>" for g in r.gaps)
    gaps = (f"<p>{len(r.gaps)} gaps found:</p><ol class='cx-audit-gaps'>{gap_items}</ol>" if gap_items
            else "<p>No gaps found.</p>")
    return (f"<h4>1. Stages: goals, emotions, pain points, channels</h4>{stages}<h4>2. Gaps</h4>{exp}{gaps}"
            f"<h4>3. Root causes (5 Whys)</h4>{whys}<h4>4. Changes and metrics</h4>{changes}")


def audit_html(audit: Audit) -> str:
    from widgets.activities.cx_model import html_document

    return html_document(f"Journey audit: {audit.journey.title}", audit_body_html(audit))


def to_csv(audit: Audit) -> str:
    """One row per finding (column "part": stage, gap, why, change), safe to open in a spreadsheet."""
    r = audit_journey(audit)
    rows: list[list[object]] = []
    for s in r.stages:
        rows.append(["stage", s.name, s.goal, "" if s.mean_emotion is None else round(s.mean_emotion, 2),
                     "; ".join(s.pains), "; ".join(f"{c} ({n})" for c, n in s.channels.items())])
    for g in r.gaps:
        rows.append(["gap", g.where, g.kind, "", g.message, ""])
    for w in r.whys:
        rows.append(["5 whys", f"{w.stage} · {w.touchpoint}", w.pain.description, w.pain.score, w.status,
                     " → ".join(w.pain.whys)])
    for c in r.changes:
        rows.append(["change", f"{c.stage} · {c.touchpoint}", c.change.description, c.quadrant,
                     "; ".join(m.describe() for m in c.metrics) or "no metric", ""])
    return csv_text(rows, header=["part", "where", "what", "score", "finding", "detail"])


def audit_static_html(task: AuditTask, live_link: str = "") -> str:
    """The book's form: the audit of the task's map (the Fern & Field template) and the link to the live app."""
    audit = Audit(task.journey(), task.notes())
    intro = f"<p>{esc(task.instructions)}</p>" if task.instructions else ""
    note = f"<p>{esc(task.channel_note)}</p>" if task.channel_note else ""
    return (f"<div class='cx-activity cx-journey-audit'><h3 class='cx-activity-title'>{esc(task.title)}</h3>{intro}"
            f"{note}{audit_body_html(audit)}{live_link}</div>")
