"""Detailed customer experience map with an evidence checklist (BTEC HN Unit 16, LO2: P3, P4, M2, D2).

The map itself is a :class:`widgets.journey.JourneyMap` (stages, touchpoints with doing, thinking and feeling,
emotion −2 to +2 with Shaw's emotion words, pain points, opportunities, backstage owner and process, KPIs),
built in the journey builder or started from a template. This module adds only what an experience map for
the unit needs on top of it, per touchpoint (:class:`TouchpointActions`, keyed by the touchpoint's id):

* the **front-stage action** the business takes where the customer sees it (the back stage is the
  touchpoint's ``backstage_owner`` and ``backstage_process``), after the service blueprint's line of
  visibility (G. L. Shostack, "Designing services that deliver", *Harvard Business Review*, 1984);
* the **influence on behaviour**: what the touchpoint makes the customer do, say or decide next (D2).

It groups the emotions by Shaw's clusters (C. Shaw, *The DNA of Customer Experience*, 2007) and checks the
map against an **evidence checklist** whose items are named in the activity's data file. The checklist only
checks completeness (is every lane filled in, is every emotion tagged); it never writes or judges content.
Exports (an HTML document, escaped, and CSV through :mod:`widgets.exports`) are for a learner to hand in.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import Field, ValidationError, field_validator, model_validator

from widgets.activities.common import MAX_TEXT, ActivityModel, build, friendly, load_yaml, parse
from widgets.exports import csv_text
from widgets.journey import (
    MAX_UPLOAD_BYTES,
    SHAW_CLUSTERS,
    SHAW_WORDS,
    TEMPLATES,
    JourneyMap,
    Stage,
    Touchpoint,
    blank_map,
    json_depth,
    load_template,
    swimlane_html,
)

esc = html.escape
APP = "service-review"
BLANK = "blank"
FORMAT = "experience-map"
STAGE_WORDS = ("pre", "during", "post")


class TouchpointActions(ActivityModel):
    front_stage: str = Field("", title="Front-stage action", max_length=MAX_TEXT)
    influence: str = Field("", title="Influence on behaviour", max_length=MAX_TEXT)


class ExperienceMap(ActivityModel):
    """A journey map and, per touchpoint id, the business's front-stage action and the touchpoint's influence."""

    format: str = FORMAT
    journey: JourneyMap
    actions: dict[str, TouchpointActions] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_touchpoints(self) -> ExperienceMap:
        ids = {t.id for _, t in self.journey.touchpoints()}
        for key in self.actions:
            if key not in ids:
                raise ValueError("This map has actions for a touchpoint that is not in it: save it again from the app.")
        return self

    def actions_for(self, touchpoint: Touchpoint) -> TouchpointActions:
        return self.actions.get(touchpoint.id) or TouchpointActions()

    def set_actions(self, touchpoint_id: str, front_stage: str, influence: str) -> None:
        if touchpoint_id not in {t.id for _, t in self.journey.touchpoints()}:
            raise ValueError("Choose a touchpoint of this map first.")
        actions = build(TouchpointActions, front_stage=front_stage, influence=influence)  # checks the lengths
        self.actions = {**self.actions, touchpoint_id: actions}


# -- the activity's data: templates offered and the checklist -----------------------------------------------
@dataclass(frozen=True)
class CheckResult:
    criterion: str
    label: str
    met: bool
    detail: str


def _names(items: list[tuple[Stage, Touchpoint]]) -> str:
    names = [t.name for _, t in items]
    return ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")


def _every(emap: ExperienceMap, ok: Callable[[Touchpoint], bool], what: str) -> tuple[bool, str]:
    tps = emap.journey.touchpoints()
    missing = [(s, t) for s, t in tps if not ok(t)]
    if not tps:
        return False, "The map has no touchpoints yet."
    if missing:
        return False, f"Still to do ({len(missing)} of {len(tps)}): {what} at {_names(missing)}."
    return True, f"Done at all {len(tps)} touchpoints."


def _stages(emap: ExperienceMap) -> tuple[bool, str]:
    names = [s.name.lower() for s in emap.journey.as_is if s.touchpoints]
    missing = [w for w in STAGE_WORDS if not any(n.startswith(w) for n in names)]
    if missing:
        return False, ("No stage with touchpoints is named for the " + ", ".join(f"{w}-" for w in missing)
                       + " experience (start a stage's name with Pre, During or Post).")
    return True, "Pre-, during and post-experience stages all have touchpoints."


def _any_pain_point(emap: ExperienceMap) -> tuple[bool, str]:
    if any(t.pain_points for _, t in emap.journey.touchpoints()):
        return True, "At least one pain point is recorded."
    return False, "No pain point recorded yet."


def _has_text(*fields: str) -> Callable[[Touchpoint], bool]:
    return lambda t: all(getattr(t, f).strip() for f in fields)


CHECKS: dict[str, Callable[[ExperienceMap], tuple[bool, str]]] = {
    "stages": _stages,
    "doing-thinking-feeling": lambda m: _every(m, _has_text("doing", "thinking", "feeling"),
                                               "doing, thinking and feeling"),
    "emotions-tagged": lambda m: _every(m, lambda t: bool(t.emotion_words), "Shaw emotion words"),
    "actions": lambda m: _every(m, lambda t: bool(m.actions_for(t).front_stage.strip()
                                                  and (t.backstage_process.strip() or t.backstage_owner.strip())),
                                "a front-stage action and a back-stage process"),
    "opportunities": lambda m: _every(m, lambda t: bool(t.opportunities), "a business opportunity"),
    "influence": lambda m: _every(m, lambda t: bool(m.actions_for(t).influence.strip()),
                                  "the influence on behaviour"),
    "pain-points": lambda m: _any_pain_point(m),
}
"""Completeness checks the data file can name (``checklist[].check``); each returns (met, what is missing)."""


class ChecklistItem(ActivityModel):
    check: str
    criterion: str = Field(min_length=1)
    label: str = Field(min_length=1, max_length=300)

    @field_validator("check")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in CHECKS:
            raise ValueError(f"unknown check {value!r}; use one of {', '.join(CHECKS)}")
        return value


class ExperienceMapTask(ActivityModel):
    id: str
    title: str
    criteria: list[str] = []
    instructions: str = Field("", max_length=MAX_TEXT)
    templates: list[str] = Field(min_length=1)
    worked_example: str
    worked_actions: dict[str, TouchpointActions] = Field(default_factory=dict)
    checklist: list[ChecklistItem] = Field(min_length=1)

    @field_validator("templates")
    @classmethod
    def _templates(cls, value: list[str]) -> list[str]:
        for key in value:
            if key != BLANK and key not in TEMPLATES:
                raise ValueError(f"unknown template {key!r}; use {BLANK!r} or one of {', '.join(TEMPLATES)}")
        return value


def load_experience_map_task(spec_id: str, name: str) -> ExperienceMapTask:
    return parse(ExperienceMapTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def start_map(task: ExperienceMapTask, key: str) -> ExperienceMap:
    """A map to start from: a template the task offers (its worked actions only for the worked example),
    or a blank map with the pre-, during and post-experience stages."""
    if key not in task.templates:
        raise ValueError("Choose one of the starting points offered.")
    if key == BLANK:
        return ExperienceMap(journey=blank_map("experience", "My customer experience map"))
    journey = load_template(key)
    ids = {t.id for _, t in journey.touchpoints()}
    actions = {k: v for k, v in task.worked_actions.items() if k in ids} if key == task.worked_example else {}
    return ExperienceMap(journey=journey, actions=actions)


def worked_map(task: ExperienceMapTask) -> ExperienceMap:
    return start_map(task, task.worked_example)


def checklist(emap: ExperienceMap, task: ExperienceMapTask) -> list[CheckResult]:
    out = []
    for item in task.checklist:
        met, detail = CHECKS[item.check](emap)
        out.append(CheckResult(item.criterion.split(":")[-1], item.label, met, detail))
    return out


def emotions_by_cluster(journey: JourneyMap) -> dict[str, list[tuple[str, str]]]:
    """Shaw's four clusters → (touchpoint, emotion word) pairs, in journey order."""
    out: dict[str, list[tuple[str, str]]] = {c: [] for c in SHAW_CLUSTERS}
    for _, t in journey.touchpoints():
        for word in t.emotion_words:
            out[SHAW_WORDS[word]].append((t.name, word))
    return out


# -- JSON -------------------------------------------------------------------------------------------------------
def to_json(emap: ExperienceMap) -> str:
    return emap.model_dump_json(indent=2)


def from_json(content: bytes | str) -> ExperienceMap:
    """An experience map saved by this app, or a journey map saved by the journey builder (its actions then
    start empty). Every problem is a sentence a learner can act on."""
    if isinstance(content, bytes):
        if len(content) > MAX_UPLOAD_BYTES:
            raise ValueError(f"This file is {len(content) / 1e6:.1f} MB; a map file is at most "
                             f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB.")
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("This file is not UTF-8 text, so it is not a map saved by the course.") from None
    if not content.strip():
        raise ValueError("This file is empty. Choose a .json file saved by this app or the journey builder.")
    if json_depth(content) > 50:
        raise ValueError("This file is nested far more deeply than a map, so it is not one saved by the course.")
    try:
        data = json.loads(content)
    except (json.JSONDecodeError, RecursionError):
        raise ValueError("This file is not valid JSON, so it is not a map saved by the course.") from None
    if isinstance(data, dict) and "schema_version" in data:
        return ExperienceMap(journey=JourneyMap.from_dict(data))
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("journey"), dict):
        raise ValueError("This file is not an experience map or a journey map saved by the course.")
    journey = JourneyMap.from_dict(data["journey"])  # names a bad journey field in plain words
    try:
        return ExperienceMap.model_validate({**data, "journey": journey})
    except ValidationError as exc:
        raise ValueError(f"This file could not be reopened: {friendly(exc, ExperienceMap)}") from None


# -- HTML and CSV ------------------------------------------------------------------------------------------------
CSV_COLUMNS = ("stage", "touchpoint", "channel", "customer doing", "thinking", "feeling", "emotion",
               "emotion words", "Shaw clusters", "front-stage action", "back-stage owner", "back-stage process",
               "business opportunities", "influence on behaviour")


def _rows(emap: ExperienceMap) -> list[list[object]]:
    rows = []
    for s, t in emap.journey.touchpoints():
        a = emap.actions_for(t)
        rows.append([s.name, t.name, t.channel, t.doing, t.thinking, t.feeling, t.emotion, "; ".join(t.emotion_words),
                     "; ".join(sorted({SHAW_WORDS[w] for w in t.emotion_words})), a.front_stage, t.backstage_owner,
                     t.backstage_process, "; ".join(o.description for o in t.opportunities), a.influence])
    return rows


def to_csv(emap: ExperienceMap) -> str:
    return csv_text(_rows(emap), header=CSV_COLUMNS)


def checklist_html(results: list[CheckResult]) -> str:
    """The checklist as a list: met or not in words and a symbol (never colour alone)."""
    items = "".join(f"<li><strong>{'✓ Done' if r.met else '✗ Not yet'}</strong> ({esc(r.criterion)}) {esc(r.label)}"
                    f"<br><span class='cx-hint'>{esc(r.detail)}</span></li>" for r in results)
    done = sum(r.met for r in results)
    return (f"<p>{done} of {len(results)} checks met. The checklist looks only at whether each part is filled in; "
            "what you write is for you and your assessor to judge.</p>"
            f"<ul class='cx-checklist' aria-label='Evidence checklist'>{items}</ul>")


def actions_table_html(emap: ExperienceMap) -> str:
    body = "".join(
        f"<tr><th scope='row'>{esc(str(r[1]))}<br><small>{esc(str(r[0]))}</small></th><td>{esc(str(r[3])) or '–'}</td>"
        f"<td>{esc(str(r[9])) or '–'}</td><td>{esc(' — '.join(x for x in (str(r[10]), str(r[11])) if x)) or '–'}</td>"
        f"<td>{esc(str(r[7])) or '–'}<br><small>{esc(str(r[8]))}</small></td><td>{esc(str(r[12])) or '–'}</td>"
        f"<td>{esc(str(r[13])) or '–'}</td></tr>" for r in _rows(emap))
    return ("<div class='cx-journey-scroll' tabindex='0' role='region' aria-label='Activities and actions at each "
            "touchpoint'><table class='cx-activity-table'><caption>Activities and actions at each touchpoint</caption>"
            "<thead><tr><th scope='col'>Touchpoint</th><th scope='col'>Customer activity</th>"
            "<th scope='col'>Front stage (business)</th><th scope='col'>Back stage (business)</th>"
            "<th scope='col'>Emotions (Shaw cluster)</th><th scope='col'>Business opportunities</th>"
            f"<th scope='col'>Influence on behaviour</th></tr></thead><tbody>{body}</tbody></table></div>")


def clusters_html(journey: JourneyMap) -> str:
    rows = "".join(f"<tr><th scope='row'>{esc(c)}</th><td>{len(pairs)}</td><td>"
                   f"{esc('; '.join(f'{w} ({t})' for t, w in pairs)) or '–'}</td></tr>"
                   for c, pairs in emotions_by_cluster(journey).items())
    return ("<table class='cx-activity-table'><caption>Emotions by Shaw's clusters (Shaw 2007)</caption><thead><tr>"
            "<th scope='col'>Cluster</th><th scope='col'>Words tagged</th><th scope='col'>Emotion (touchpoint)</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def evidence_document_html(emap: ExperienceMap, task: ExperienceMapTask) -> str:
    """The evidence a learner hands in: checklist, swimlane map, actions table, emotions by cluster (escaped)."""
    from widgets.activities.cx_model import html_document

    j = emap.journey
    meta = " · ".join(x for x in (j.organisation, j.sector) if x)
    body = ((f"<p><em>{esc(meta)}</em></p>" if meta else "") + (f"<p>{esc(j.scenario)}</p>" if j.scenario else "")
            + "<h2>Evidence checklist</h2>" + checklist_html(checklist(emap, task))
            + "<h2>The map</h2>" + swimlane_html(j) + "<h2>Activities, actions and influence</h2>"
            + actions_table_html(emap) + "<h2>Emotions by cluster</h2>" + clusters_html(j))
    return html_document(f"Customer experience map: {j.title}", body)


def experience_map_html(emap: ExperienceMap, task: ExperienceMapTask, live_link: str = "") -> str:
    """The book: the static map of the worked template, its actions table and the checklist."""
    from widgets.journey import static_map_html

    intro = f"<p>{esc(task.instructions)}</p>" if task.instructions else ""
    return (f"<div class='cx-activity cx-experience-map'><h3 class='cx-activity-title'>{esc(task.title)}</h3>{intro}"
            f"{static_map_html(emap.journey, 'Open the live journey builder to build your own map')}"
            f"<h4>Activities, actions and influence</h4>{actions_table_html(emap)}{clusters_html(emap.journey)}"
            f"<h4>Evidence checklist</h4>{checklist_html(checklist(emap, task))}{live_link}</div>")
