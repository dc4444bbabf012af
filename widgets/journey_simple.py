"""A simple view of a journey map for Level 2 (OCR Unit 10, P3): pure HTML, no ipywidgets.

OCR Unit 10 asks learners to describe the steps of a customer journey with "questions, barriers,
emotions" (assessment guidance for P3). The full map (:func:`widgets.journey.static_map_html`) adds
analysis the unit does not teach: 5 Whys chains, severity × frequency scores, expectation-gap scores,
channel mix and impact–effort priorities. This view shows only what the unit teaches: each step in order,
what the customer does, thinks or asks, and feels (with the emotion line), and the barriers they meet, as
plain text. Moments of truth, which chapter 2 teaches, are marked in words. The full view stays the
default for the levels that teach the analysis.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from widgets.journey import EMOTION_LABELS, SWIMLANE_CSS, JourneyMap, emotion_curve_chart

LEVELS = ("full", "simple")
SIMPLE_LIVE_LABEL = "Open the journey builder in your study centre's app to map the journey of your own organisation"


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"{level!r} is not a journey view: choose {' or '.join(repr(v) for v in LEVELS)}")
    return level


@dataclass(frozen=True)
class SimpleStep:
    number: int
    stage: str
    step: str
    does: str
    thinks_or_asks: str
    feels: str
    emotion: int
    moment_of_truth: bool
    barriers: tuple[str, ...]


def simple_steps(journey: JourneyMap) -> list[SimpleStep]:
    """The as-is journey, one :class:`SimpleStep` per touchpoint in order; barriers are the pain points'
    descriptions, without scores."""
    return [SimpleStep(n, s.name, t.name, t.doing, t.thinking, t.feeling, t.emotion, t.moment_of_truth,
                       tuple(p.description for p in t.pain_points))
            for n, (s, t) in enumerate(journey.touchpoints("as_is"), 1)]


def _feeling(step: SimpleStep) -> str:
    score = f"{step.emotion:+d}".replace("-", "−") if step.emotion else "0"
    words = f"{step.feels} " if step.feels else ""
    return f"{words}({EMOTION_LABELS[step.emotion]}, {score} on a scale from −2 to +2)"


def simple_table_html(journey: JourneyMap, include_style: bool = True) -> str:
    """The steps as a table, one row per step: stage, step, does, thinks or asks, feels, barriers. Escaped."""
    e = html.escape
    steps = simple_steps(journey)
    rows = []
    for st in steps:
        mot = "<br><strong>Moment of truth</strong>" if st.moment_of_truth else ""
        barriers = "<br>".join(e(b) for b in st.barriers) or "None noted"
        rows.append(f"<tr><td>{e(st.stage)}</td><th scope='row'>{st.number}. {e(st.step)}{mot}</th>"
                    f"<td>{e(st.does) or '–'}</td><td>{e(st.thinks_or_asks) or '–'}</td><td>{e(_feeling(st))}</td>"
                    f"<td>{barriers}</td></tr>")
    cap = f"The steps of the journey: {journey.title} ({len(steps)} steps)"
    head = "".join(f"<th scope='col'>{h}</th>" for h in ("Stage", "Step", "What the customer does",
                                                        "What they think or ask", "How they feel", "Barriers"))
    style = f"<style>{SWIMLANE_CSS}</style>" if include_style else ""
    return (f"<div class='cx-journey cx-journey-simple'>{style}"
            f"<div class='cx-journey-scroll' tabindex='0' role='region' aria-label='{e(cap, quote=True)}'>"
            f"<table class='cx-swimlane'><caption>{e(cap)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></div>")


def simple_intro_html(journey: JourneyMap) -> str:
    e = html.escape
    parts = [f"<p><strong>{e(journey.title)}</strong>"
             + (f" — {e(journey.organisation)}" if journey.organisation else "") + "</p>"]
    p = journey.persona
    if p.name:
        parts.append(f"<p><strong>The customer:</strong> {e(p.name)}" + (f", {e(p.segment)}" if p.segment else "")
                     + "</p>")
    if journey.scenario:
        parts.append(f"<p><strong>What happens:</strong> {e(journey.scenario)}</p>")
    parts.append("<p>The emotion line shows how the customer feels at each step, from −2 (very negative) to +2 "
                 "(very positive). The table below gives every step in order: what the customer does, what they "
                 "think or ask, how they feel and the barriers they meet.</p>")
    return "".join(parts)


def simple_map_html(journey: JourneyMap, live_label: str = SIMPLE_LIVE_LABEL) -> str:
    """The simple view for a static page (the book): intro, emotion line, steps table and a link to the study
    centre's journey builder (no command to run). Everything is escaped."""
    from widgets.live import LEARNER_NOTE, live_link_html

    return ("<div class='cx-journey-static cx-journey-simple-view'>" + simple_intro_html(journey)
            + emotion_curve_chart(journey, ("as_is",), max_width=500).to_html() + simple_table_html(journey)
            + live_link_html("journey-builder", live_label, note=LEARNER_NOTE) + "</div>")
