"""Activity views without a browser (set values, assert on model and messages) and the static book HTML."""

from __future__ import annotations

import base64
import datetime as dt
import html as html_lib
import re

import ipywidgets as w
import pytest

import widgets.show as activities
from widgets.activities.action_plan import load_action_plan
from widgets.activities.common import build
from widgets.activities.cx_model import load_cx_model
from widgets.activities.reaction_log import ReactionLog, load_reaction_log
from widgets.activities.scenario import load_scenario
from widgets.activities.skills import (
    SKILL_KEYS,
    SKILLS,
    load_development_activities,
    load_development_log,
)
from widgets.activities.sorting import load_sorting
from widgets.activities.static import scenario_html, sorting_html
from widgets.show import service_toolkit
from widgets.ui.activities.action_plan import ActionPlanView
from widgets.ui.activities.cx_model import CXModelView
from widgets.ui.activities.reaction_log import ReactionLogView
from widgets.ui.activities.scenario import ScenarioView
from widgets.ui.activities.skills import SkillsReviewView
from widgets.ui.activities.skills_evidence import SkillsEvidenceView
from widgets.ui.activities.sorting import SortingView

SPEC = "ocr-l2-u10"
EVIL = "<img src=x onerror=alert(1)>"


def esc_text(text: str) -> str:
    return html_lib.escape(" ".join(text.split()))


def _decoded_links(html: str) -> dict[str, str]:
    return {name: base64.b64decode(data).decode() for name, data in
            re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', html)}


def test_sorting_view_marks_answers_and_announces_the_score():
    task = load_sorting(SPEC, "expectation-sources")
    view = SortingView(task)
    for item in task.items:
        view.pickers[item.id].value = item.answer
    wrong = task.items[0]
    view.pickers[wrong.id].value = next(c.id for c in task.categories if c.id != wrong.answer)
    view.check_button.click()
    assert f"{len(task.items) - 1} out of {len(task.items)} right" in view.status.value
    assert "aria-live='polite'" in view.status.value
    assert "Not quite" in view.marks[wrong.id].value
    assert task.category(wrong.answer).label in view.marks[wrong.id].value
    assert "Right" in view.marks[task.items[1].id].value
    view.reset_button.click()
    assert all(p.value == "" for p in view.pickers.values())


def test_cx_model_view_edits_escapes_and_keeps_text_on_error():
    view = CXModelView(load_cx_model(SPEC, "stride-sports"))
    what, why, err = view.fields["vision"]
    what.value = EVIL
    assert view.model.element("vision").what == EVIL
    assert "<img" not in view.preview.value and "&lt;img src=x" in view.preview.value
    view.organisation.value = ""
    assert "Please name the organisation" in view.error.value and "role='alert'" in view.error.value
    assert view.organisation.value == "" and view.model.organisation == "Stride Sports"  # nothing lost
    why.value = "x" * 2001
    assert "under 2000 characters" in err.value and why.value == "x" * 2001
    view.organisation.value = "Oakfield Leisure Centre"
    view.blank_button.click()
    assert view.model.organisation == "Oakfield Leisure Centre" and len(view.model.missing()) == 8
    assert view.fields["vision"][0].value == ""
    view.prepare.click()
    files = _decoded_links(view.downloads.value)
    assert set(files) == {"cx-model.md", "cx-model.html", "cx-model.csv"}
    assert "Oakfield Leisure Centre" in files["cx-model.md"]


def test_reaction_log_view_add_with_error_keeps_values_then_succeeds():
    view = ReactionLogView(load_reaction_log(SPEC, "stride-sports"))
    assert len(view.log.occasions) == 5 and view.chooser.value == 0
    assert len(view.chart.outputs) == 1
    view.clear_button.click()
    view.title.value = EVIL
    view.situation.value = "support"
    view.staff_action.value = "Showed the member how to book in the app"
    view.words.value = "Oh, that's easy"
    view.why.value = "Quick, clear help"
    view.feeling_words.value = "pleased"
    view.add_button.click()  # no feeling chosen
    assert "Choose how the outcome made the customer feel" in view.error.value
    assert len(view.log.occasions) == 5 and view.title.value == EVIL and view.words.value == "Oh, that's easy"
    view.feeling.value = 4
    view.acceptable.value = "yes"
    view.add_button.click()
    assert "add your justification" in view.error.value
    view.justification.value = "Smiled and booked a class"
    view.add_button.click()
    assert view.error.value == "" and len(view.log.occasions) == 6 and view.chooser.value == 5
    assert "<img" not in view.table.value and "&lt;img" in view.table.value
    # The summary counts it: support requests now felt 2, 4 and 4 (average 3.3); 5 judged, 3 acceptable.
    assert "<td>3</td><td>3.3</td>" in view.summary.value and "3 of 5 judged occasions (60%)" in view.summary.value
    view.prepare.click()
    files = _decoded_links(view.downloads.value)
    assert set(files) == {"reaction-log.csv", "reaction-log.md", "reaction-log.html"}
    assert EVIL in files["reaction-log.csv"]  # the file keeps the learner's text as typed
    assert "<img" not in files["reaction-log.html"] and "&lt;img" in files["reaction-log.html"]
    view.chooser.value = 0
    assert view.title.value == "Complaint about a heel rub"
    view.remove_button.click()
    assert len(view.log.occasions) == 5


def test_reaction_log_view_shows_the_date_as_read():
    view = ReactionLogView(build(ReactionLog, organisation="Oakfield"))
    assert "No date chosen" in view.date_note.value
    view.date.value = dt.date(2026, 9, 8)
    assert "Observed on Tuesday 08 September 2026." in view.date_note.value  # 8 Sep 2026 is a Tuesday
    view.date.value = None
    assert "No date chosen" in view.date_note.value


def test_reaction_log_view_starting_empty_explains_m2():
    view = ReactionLogView(build(ReactionLog, organisation="Oakfield"))
    assert view.chart.outputs == () and "at least 2 occasions" in view.judgement.value
    assert "response to a complaint" in view.judgement.value


def test_action_plan_view_bad_date_then_fixed_updates_the_timeline():
    view = ActionPlanView(load_action_plan(SPEC, "stride-sports"))
    view.clear_button.click()
    assert "Choose a start date and an end date" in view.dates_note.value
    view.action.value = "Add a booking form for gait checks"
    view.feedback.value = "Website does not say whether gait checks need booking"
    view.owner.value = "Shop owner"
    view.how.value = "other"
    view.how_detail.value = "ask the freelance web designer"
    view.start.value = dt.date(2026, 9, 10)
    view.end.value = dt.date(2026, 9, 1)
    assert "The end date (01 Sep 2026) is before the start date (10 Sep 2026)" in view.dates_note.value
    before = view.chart.outputs
    view.add_button.click()
    assert "is before the start date" in view.error.value and len(view.plan.actions) == 6
    assert view.action.value == "Add a booking form for gait checks" and view.end.value == dt.date(2026, 9, 1)
    assert view.chart.outputs == before
    view.end.value = dt.date(2026, 9, 30)
    assert "Runs 10 Sep 2026 to 30 Sep 2026: 21 days" in view.dates_note.value  # 30 − 10 + 1
    view.add_button.click()
    assert view.error.value == "" and len(view.plan.actions) == 7
    assert "Add a booking form for gait checks (Shop owner): 10 Sep 2026 to 30 Sep 2026, 21 days" in \
        view.timeline_text.value
    spec = view.chart.outputs[0]["data"]["application/vnd.vegalite.v5+json"]
    assert "10 Sep 2026 to 30 Sep 2026" in spec["description"]
    view.prepare.click()
    files = _decoded_links(view.downloads.value)
    assert set(files) == {"action-plan.csv", "action-plan.md", "action-plan.html"}
    assert files["action-plan.csv"].splitlines()[-1].startswith("7,Add a booking form for gait checks")
    view.owner.value = ""
    view.save_button.click()
    assert "name the owner" in view.error.value and view.plan.actions[-1].owner == "Shop owner"


def _fill_entry(view, key: str, pick: str = "0", **own: str) -> None:
    view.skill_picker.value = key
    fields = view.entries[key]
    fields["pick"].value = pick
    for name in ("what_i_did", "what_happened", "recommendation"):
        fields[name].value = own.get(name, f"My own {name.replace('_', ' ')} for {key}")


def test_skills_view_d1_needs_the_learners_own_entries():
    view = SkillsReviewView.example()
    view.example_button.click()  # fills the self-review, not the development entries
    view.make_button.click()
    assert "needs every entry for at least 3 skills" in view.error.value and view.document.value == ""
    assert view.guide is None
    # The worked example's entries are shown as greyed examples, never as values.
    example = view.example_log.entry("clear-communication")
    assert view.entries["clear-communication"]["what_i_did"].value == ""
    assert example.what_i_did in view.entries["clear-communication"]["what_i_did"].placeholder
    # Copying the example in is refused.
    for name in ("what_i_did", "what_happened", "recommendation"):
        view.entries["clear-communication"][name].value = getattr(example, name)
    view.entries["clear-communication"]["pick"].value = "0"
    view.make_button.click()
    assert "own words" in view.error.value and view.document.value == ""
    # Choosing an activity fills its name and its type; the learner writes the rest.
    _fill_entry(view, "clear-communication", pick="1")
    chosen = view.activities.for_skill("clear-communication").activities[1]
    assert view.entries["clear-communication"]["type"].value == chosen.type == "practice"
    _fill_entry(view, "patience", what_happened=EVIL)
    view.make_button.click()
    assert "at least 3 skills" in view.error.value and "Patience" in view.error.value
    view.skill_picker.value = "adaptability"
    assert view.panels["adaptability"].layout.display is None and view.panels["patience"].layout.display == "none"
    fields = view.entries["adaptability"]
    fields["pick"].value = "other"
    fields["activity"].value, fields["type"].value = "Helped on the phones for a week", "other-area"
    for name in ("what_i_did", "what_happened", "recommendation"):
        fields[name].value = f"Adaptability: {name}"
    assert view.entries["patience"]["what_happened"].value == EVIL  # switching skill keeps every entry
    view.make_button.click()
    assert view.error.value == ""
    assert [e.skill for e in view.guide.sections] == ["patience", "adaptability", "clear-communication"]
    assert "Developing customer service skills at Stride Sports" in view.document.value
    assert "covers Patience, Adaptability, Clear communication" in view.status.value
    assert "<img" not in view.document.value and "&lt;img" in view.document.value
    files = _decoded_links(view.downloads.value)
    assert set(files) == {"guidance-document.html", "guidance-document.md"}
    assert "Working in another area" in files["guidance-document.md"]
    why = view.activities.for_skill("patience").why_it_matters
    assert why not in files["guidance-document.md"] and why in view.entries["patience"]["why_it_matters"].placeholder
    view.chart_button.click()
    assert "Clear communication, Knowledge of the product or service, Adaptability" in view.suggestion.value
    assert len(view.rows) == len(SKILL_KEYS) == len(view.panels)


def test_skills_evidence_view_records_checks_and_exports():
    view = SkillsEvidenceView.example()
    assert view.form.value == "witness" and "witness testimony must clearly show" in view.instructions.value
    view.form.value = "checklist"
    assert "assessor or workplace observer" in view.instructions.value
    example = view.forms.example
    assert example.action in view.rows[example.skill]["action"].placeholder  # an example, never a value
    assert all(box.value == "" for box in view.rows[example.skill].values())
    view.details["learner"].value = "Sam Okafor"
    view.skill_picker.value = "patience"
    assert view.panels["patience"].layout.display is None and view.panels["attentiveness"].layout.display == "none"
    row = view.rows["patience"]
    row["when"].value, row["where"].value = "Tue 10 March 2026, 11 am", "Till"
    row["saw"].value, row["action"].value, row["effect"].value = "A long queue", EVIL, "The customer smiled"
    view.rows["procedures"]["when"].value = "Wed 11 March 2026"
    view.d2["before"].value = "Raised voice"
    view.prepare_button.click()
    assert view.error.value == ""
    assert "P9: 1 of the 10 skills recorded in full (Patience)" in view.status.value
    assert "Following the organisation&#x27;s procedures: add where" in view.preview.value
    files = _decoded_links(view.downloads.value)
    assert set(files) == {"skills-evidence.html", "skills-evidence.md", "skills-evidence.csv"}
    assert "<img" not in files["skills-evidence.html"] and "&lt;img" in files["skills-evidence.html"]
    assert "&lt;img" in files["skills-evidence.md"] and files["skills-evidence.csv"].count("\r\n") == 12
    assert "Observation checklist" in files["skills-evidence.csv"]
    row["saw"].value = "x" * 2001
    view.prepare_button.click()
    assert "What the observer saw" in view.error.value and view.downloads.value == ""
    assert row["saw"].value == "x" * 2001  # kept


def test_scenario_view_plays_to_a_happy_ending():
    view = ScenarioView(load_scenario(SPEC, "unhappy-customer"))
    assert "An angry member arrives" in view.step.value
    for _ in range(5):
        view.choice_buttons[0].click()
    assert view.play.finished and "Happy ending" in view.step.value
    assert "Happy ending" in view.status.value and "aria-live" in view.status.value
    assert all(b.layout.display == "none" for b in view.choice_buttons)
    spec = view.chart.outputs[0]["data"]["application/vnd.vegalite.v5+json"]
    assert "step 6 Ending: a happy member: +2 (very happy)" in spec["description"]
    view.restart_button.click()
    assert view.play.path() == ["arrival"] and view.choice_buttons[2].layout.display is None
    view.choice_buttons[2].click()  # "calm down"
    assert "Think again" in view.feedback.value and "Patience" in view.feedback.value


def test_service_toolkit_has_six_tabs():
    app = service_toolkit()
    tabs = app.children[1]
    assert isinstance(tabs, w.Tab) and len(tabs.children) == 6
    assert tabs.titles == ("Customer experience model", "Reaction log", "Action plan", "Skills review", "Scenario",
                           "Skills evidence")


# -- static book versions --------------------------------------------------------------------------
@pytest.fixture
def book_mode(monkeypatch):
    monkeypatch.setenv("CX_BOOK_BUILD", "1")


@pytest.mark.parametrize(("func", "args"), [
    ("show_sorting", ("expectation-sources",)), ("show_cx_model", ("stride-sports",)),
    ("show_reaction_log", ("stride-sports",)), ("show_action_plan", ("stride-sports",)),
    ("show_skills_review", ()), ("show_scenario", ("unhappy-customer",)), ("show_skills_evidence", ()),
    ("show_skills_evidence", ("witness",))])
def test_book_build_returns_static_html_with_a_live_link(book_mode, func, args):
    html = getattr(activities, func)(SPEC, *args).data
    assert html.startswith('<div class="cx-activity ')
    assert "voila/render/service-toolkit.ipynb" in html
    if func in {"show_reaction_log", "show_action_plan", "show_skills_review"}:
        assert 'class="cx-chart"' in html and "Chart description:" in html


def test_book_skills_review_is_one_learners_example_built_from_their_entries(book_mode):
    html = activities.show_skills_review(SPEC).data
    assert "One learner's example." in html and "Sam Okafor" in html
    example = load_development_log(SPEC, "development-log-example")
    assert all(esc_text(e.what_happened) in html for e in example.entries)
    acts = load_development_activities(SPEC)
    assert not any(esc_text(s.why_it_matters) in html for s in acts.skills)  # catalogue text is not content


def test_book_evidence_forms_are_printable_blanks_with_one_example_row(book_mode):
    for form, title in (("checklist", "Observation checklist"), ("witness", "Witness testimony")):
        html = activities.show_skills_evidence(SPEC, form).data
        assert title in html and html.count("<th scope='row'>Example: ") == 1
        assert all(f"{n}. {esc_text(s.label)}</th>" in html for n, s in enumerate(SKILLS, 1))
        assert "D2: an unhappy customer turned into a happy customer" in html and "Date" in html
    with pytest.raises(ValueError, match="not a form"):
        activities.show_skills_evidence(SPEC, "essay")


def test_live_mode_returns_widgets(monkeypatch):
    monkeypatch.delenv("CX_BOOK_BUILD", raising=False)
    assert isinstance(activities.show_scenario(SPEC, "unhappy-customer"), w.VBox)


def test_static_sorting_reveals_each_answer_in_details_and_escapes():
    task = load_sorting(SPEC, "expectation-sources")
    html = sorting_html(task)
    assert html.count("<details>") == len(task.items)
    evil = task.model_copy(update={"items": [task.items[0].model_copy(update={"text": EVIL, "feedback": EVIL})]})
    out = sorting_html(evil)
    assert "<img" not in out and out.count("&lt;img src=x onerror=alert(1)&gt;") == 2


def test_static_scenario_has_a_section_per_choice_and_links_that_resolve():
    sc = load_scenario(SPEC, "unhappy-customer")
    html = scenario_html(sc)
    ids = re.findall(r"<section class='cx-scn-step[^']*' id='([^']+)' tabindex='-1'", html)
    assert len(ids) == 1 + sum(len(n.choices) for n in sc.nodes) and len(set(ids)) == len(ids)
    targets = set(re.findall(r"href='#([^']+)'", html))
    assert targets <= set(ids)  # every choice and restart link lands on a step
    assert ids[0] == "cx-scn-unhappy-customer-arrival" and "cx-scn-start" in html.split("</section>")[0]
    node = sc.nodes[0].model_copy(update={"customer": EVIL, "title": EVIL})
    out = scenario_html(sc.model_copy(update={"nodes": [node, *sc.nodes[1:]]}))
    assert "<img" not in out and "&lt;img src=x" in out


def test_static_worked_examples_escape_data_text(book_mode):
    from widgets.activities.static import action_plan_html, cx_model_html, reaction_log_html

    model = load_cx_model(SPEC, "stride-sports").with_element("vision", EVIL, EVIL)
    assert "<img" not in cx_model_html(model)
    log = load_reaction_log(SPEC, "stride-sports")
    log = log.replace(0, log.occasions[0].model_copy(update={"title": EVIL, "why": EVIL}))
    assert "<img" not in reaction_log_html(log)
    plan = load_action_plan(SPEC, "stride-sports")
    plan = plan.replace(0, plan.actions[0].model_copy(update={"action": EVIL, "owner": EVIL}))
    out = action_plan_html(plan)
    assert "<img" not in out and "\\u003cimg" in out  # escaped in the table and inside the chart's JSON
