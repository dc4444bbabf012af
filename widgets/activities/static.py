"""Static HTML versions of the activities for the book (no kernel, no JavaScript needed).

Every string from data or from a learner is escaped here. The markup carries the class
``cx-activity`` so that :mod:`widgets.sphinx_ext` adds ``cx-activities.css`` to the page.

* The sorting task is a printable exercise; each answer is revealed by its own ``<details>``.
* The branching scenario is fully playable: every step is a ``<section id=…>``; choices are in-page
  links; CSS ``:target`` shows only the step you are on, and the start shows when nothing is
  targeted. Sections have ``tabindex="-1"`` so following a link moves keyboard and screen-reader
  focus to the new step (the browser focuses a focusable fragment target).
* The CX model, reaction log, action plan and skills review are worked examples (tables and a chart
  figure) with a link to the live app where learners build their own.
* The observation checklist and witness testimony are printable blanks with one example row.
"""

from __future__ import annotations

import html

from widgets.activities.action_plan import ActionPlan
from widgets.activities.charts import feeling_chart, skills_chart, timeline_chart
from widgets.activities.cx_model import CXModel
from widgets.activities.reaction_log import ReactionLog, summary_html
from widgets.activities.scenario import ENDINGS, Scenario, ScenarioChoice, ScenarioNode, mood_label
from widgets.activities.skills import (
    DEVELOPMENT_TYPE_HELP,
    DEVELOPMENT_TYPES,
    RATING_SCALE,
    GuidanceDocument,
    SkillsReview,
)
from widgets.activities.skills_evidence import FORMS, EvidenceForms, SkillsEvidence, check_form
from widgets.activities.sorting import SortingTask
from widgets.live import LEARNER_NOTE, live_link_html

APP = "service-toolkit"
esc = html.escape


def _wrap(kind: str, title: str, body: str, live_label: str | None = None) -> str:
    link = live_link_html(APP, live_label, note=LEARNER_NOTE) if live_label else ""  # no command for learners
    return (f'<div class="cx-activity cx-{kind}"><h3 class="cx-activity-title">{esc(title)}</h3>'
            f"{body}{link}</div>")


def sorting_html(task: SortingTask) -> str:
    cats = "".join(f"<li><strong>{esc(c.label)}</strong>" + (f": {esc(c.description)}" if c.description else "")
                   + "</li>" for c in task.categories)
    items = []
    for n, item in enumerate(task.items, 1):
        answer = task.category(item.answer).label
        items.append(
            f"<li class='cx-sort-item'><p>{esc(item.text)}</p>"
            f"<p class='cx-write-in'>Your answer: <span class='cx-write-line' aria-hidden='true'></span></p>"
            f"<details><summary>Show the answer for example {n}</summary>"
            f"<p><strong>{esc(answer)}.</strong> {esc(item.feedback)}</p></details></li>")
    body = (f"<p>{esc(task.instructions)}</p><p><strong>The {len(task.categories)} categories:</strong></p>"
            f"<ol class='cx-sort-categories' type='A'>{cats}</ol>"
            f"<ol class='cx-sort-items'>{''.join(items)}</ol>")
    return _wrap("sorting", task.title, body, "Do this sorting task live and get your score")


def cx_model_html(model: CXModel) -> str:
    summary = f"<p>{esc(model.summary)}</p>" if model.summary else ""
    body = summary + model.to_html_table(f"Worked example: the customer experience model of {model.organisation}")
    return _wrap("cx-model", f"Customer experience model: {model.organisation}", body,
                 "Open the live version to build the model for your own organisation and download it")


def reaction_log_html(log: ReactionLog) -> str:
    s = log.summary()
    try:
        verdict = f"<p><strong>Overall (M2):</strong> {esc(log.overall_judgement())}</p>"
    except ValueError as exc:
        verdict = f"<p><strong>Overall (M2):</strong> {esc(str(exc))}</p>"
    body = (log.to_html_table() + summary_html(s) + feeling_chart(log).to_html() + verdict)
    return _wrap("reaction-log", f"Worked example: customer reaction log for {log.organisation}", body,
                 "Open the live version to keep your own reaction log, with summary and chart, and download it")


def action_plan_html(plan: ActionPlan) -> str:
    body = plan.to_html_table() + timeline_chart(plan).to_html()
    return _wrap("action-plan", f"Worked example: action plan for {plan.organisation}", body,
                 "Open the live version to write your own action plan with a timeline, and download it")


def skills_review_html(review: SkillsReview, guide: GuidanceDocument) -> str:
    """One learner's worked example: the self-review (P9) and the guidance document laid out from that
    learner's own development entries (D1), clearly marked as an example."""
    rows = "".join(
        f"<tr><th scope='row'>{esc(r.label)}</th><td>{r.rating if r.rating is not None else '—'}"
        f"{' (' + esc(RATING_SCALE[r.rating]) + ')' if r.rating else ''}</td><td>{esc(r.evidence)}</td></tr>"
        for r in review.ratings)
    who = f" by {esc(review.learner)}" if review.learner else ""
    table = ("<table class='cx-activity-table'><caption>Self-review" + who + "</caption><thead><tr>"
             "<th scope='col'>Skill</th><th scope='col'>Rating (1 to 5)</th><th scope='col'>Evidence</th></tr>"
             f"</thead><tbody>{rows}</tbody></table>")
    author = esc(guide.author or "one learner")
    types = "".join(f"<li><strong>{esc(DEVELOPMENT_TYPES[k])}</strong>: {esc(v)}</li>"
                    for k, v in DEVELOPMENT_TYPE_HELP.items())
    note = (f"<p class='cx-example-note'><strong>One learner's example.</strong> The guidance document below was "
            f"laid out from the entries of {author}: for each of {len(guide.sections)} skills, the development "
            "activity they did, what they did, what happened and what they would recommend. Yours must come from "
            "your own development activities: the live tool builds your document only from what you write.</p>")
    doc = (f"<div class='cx-guidance'><h4>{esc(guide.title)} (worked example)</h4>{guide.to_html_body(level=5)}"
           "</div>")
    body = (table + skills_chart(review).to_html() + "<h4>Types of development activity</h4>"
            f"<ul>{types}</ul>" + note + doc)
    return _wrap("skills-review", "Worked example: one learner's skills self-review and guidance document", body,
                 "Open the live version to review your own skills, record your development activities and "
                 "download your guidance document")


def skills_evidence_html(forms: EvidenceForms, form: str) -> str:
    """A printable blank observation checklist or witness testimony, with one example row marked as such."""
    blank = SkillsEvidence(form=check_form(form))
    body = (f"<p>{esc(forms.instructions[blank.form])}</p><p>The first row of the skills table is an example, "
            "filled in to show the detail an assessor needs. Print this page and fill in the form by hand, or "
            "use the live version and download it.</p>"
            f"<div class='cx-evidence-blank'>{blank.to_html_body(example=forms.example)}</div>")
    return _wrap("skills-evidence", f"{FORMS[blank.form]}: customer service skills (P9 and D2)", body,
                 f"Open the live version to fill in the {FORMS[blank.form].lower()} and download it")


# -- branching scenario ------------------------------------------------------------------------------
def _mood_html(mood: int) -> str:
    dots = "".join("●" if i <= mood + 2 else "○" for i in range(5))
    return (f"<p class='cx-scn-mood'><strong>Customer's mood:</strong> {esc(mood_label(mood))} "
            f"<span class='cx-scn-meter' aria-hidden='true'>{dots}</span></p>")


def _node_body(scenario: Scenario, node: ScenarioNode, prefix: str, start_id: str) -> str:
    parts = [f"<p class='cx-scn-customer'><strong>The customer:</strong> {esc(node.customer)}</p>",
             _mood_html(node.mood)]
    if node.ending:
        parts.append(f"<p class='cx-scn-ending cx-scn-ending-{node.ending}'>"
                     f"<strong>{esc(ENDINGS[node.ending])}.</strong></p>")
        parts.append(f"<p><a class='cx-scn-restart' href='#{start_id}'>Start the scenario again</a> "
                     "and try a different way.</p>")
    else:
        links = "".join(f"<li><a href='#{prefix}-{node.id}-{i}'>{esc(c.text)}</a></li>"
                        for i, c in enumerate(node.choices))
        parts.append(f"<p id='{prefix}-{node.id}-q'><strong>What do you do?</strong></p>"
                     f"<ol class='cx-scn-choices' aria-labelledby='{prefix}-{node.id}-q'>{links}</ol>")
    return "".join(parts)


def scenario_feedback_html(scenario: Scenario, choice: ScenarioChoice) -> str:
    """The feedback on one choice, the same in the book and live."""
    verdict = "Good choice" if choice.good else "Think again"
    return (f"<div class='cx-scn-feedback cx-scn-{'good' if choice.good else 'poor'}'>"
            f"<p><strong>You chose:</strong> {esc(choice.text)}</p>"
            f"<p><strong>{verdict}</strong> ({esc(scenario.lens)}: {esc(scenario.label(choice))}). "
            f"{esc(choice.feedback)}</p></div>")


def scenario_html(scenario: Scenario) -> str:
    """Every step as a section; one section per choice shows its feedback and the step it leads to."""
    prefix = f"cx-scn-{scenario.id}"
    start = scenario.node(scenario.start)
    start_id = f"{prefix}-{start.id}"
    sections = [
        f"<section class='cx-scn-step cx-scn-start' id='{start_id}' tabindex='-1' aria-labelledby='{start_id}-h'>"
        f"<h4 id='{start_id}-h'>{esc(start.title)}</h4>{_node_body(scenario, start, prefix, start_id)}</section>"]
    for node in scenario.nodes:
        for i, choice in enumerate(node.choices):
            nxt = scenario.node(choice.next)
            sid = f"{prefix}-{node.id}-{i}"
            sections.append(
                f"<section class='cx-scn-step' id='{sid}' tabindex='-1' aria-labelledby='{sid}-h'>"
                f"<h4 id='{sid}-h'>{esc(nxt.title)}</h4>{scenario_feedback_html(scenario, choice)}"
                f"{_node_body(scenario, nxt, prefix, start_id)}</section>")
    body = (f"<p>{esc(scenario.setting)}</p><p><strong>{esc(scenario.role)}</strong> Turn the unhappy customer into "
            "a happy one. Each choice is a link that takes you to what happens next, with feedback on the skill "
            "you used.</p>"
            f"<div class='cx-scn-steps'>{''.join(sections)}</div>")
    return _wrap("scenario", f"Scenario: {scenario.title}", body,
                 "Open the live version to play the scenario and see the customer's mood as a chart")
