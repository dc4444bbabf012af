"""The front door: every function a chapter or a dashboard calls, and nothing else.

A chapter cell is one call, ``show_<kind>(...)``; a dashboard's last cell is one call, ``<app>()``. Each
``show_*`` chooses the form for the surface it runs on:

* during a book build (``CX_BOOK_BUILD=1``, set by :mod:`widgets.sphinx_ext`) the **static** form:
  HTML that works with no kernel, with a link to the live app;
* in JupyterLab and Voila the **live** form: the ipywidgets view from :mod:`widgets.ui`.

Models (:mod:`widgets.activities`, :mod:`widgets.quiz`, :mod:`widgets.journey`, …) never import views;
views import models; only this module imports both. A new activity kind adds its model module, its
static HTML, one view module under ``widgets/ui/`` and one ``show_*`` function here.
"""

from __future__ import annotations

from typing import Any

from widgets.charts import building_book

__all__ = [
    # chapters
    "show_action_plan", "show_calculator", "show_cx_model", "show_journey", "show_mock_exam", "show_quiz",
    "show_reaction_log", "show_scenario", "show_skills_evidence", "show_skills_review", "show_sorting",
    # dashboards
    "calculators", "course_map", "journey_builder", "metrics_workbench", "mock_exam_app", "quiz_app",
    "service_toolkit",
]
__all__ += ["show_campaign_planner", "campaign_planner"]  # CIM Level 3 Unit 3 campaign planner
__all__ += ["show_segment_evaluator", "show_satisfaction_index", "customer_insight"]  # CIM L3 1.2, 2.5
__all__ += ["show_experience_map", "show_service_review", "service_review"]  # BTEC HN Unit 16, LO2 and LO4
__all__ += ["show_segment_profile", "show_crm_explorer", "guest_insight"]  # BTEC HN Unit 16 LO1, LO3
__all__ += ["show_persona_builder", "show_journey_audit", "show_optimisation_plan"]  # CIM L6 1.2, 2.1, 3.1, 3.2
__all__ += ["show_cleaning_lab", "show_attribution", "show_patterns", "show_servqual", "journey_data_lab"]  # CIM L6
__all__ += ["show_delphi", "journey_optimiser"]  # CIM L6 2.3; the optimiser app
__all__ += ["show_context_explorer", "show_disconfirmation", "customer_context"]  # CIM L4 1.1, 1.2, 2.1, 2.4
__all__ += ["show_framework_recommender", "show_offer_builder", "experience_design"]  # CIM L4 3.2, 4.1-4.3
__all__ += ["show_measurement_plan", "show_kpi_designer", "cx_measurement"]  # CIM L4 5.1-6.4
__all__ += ["show_progress", "class_progress"]  # issue 21: My progress, and the tutor's class view

WORKED_EXAMPLE = "stride-sports"
"""The data file holding the worked skills review shown by :func:`show_skills_review` in the book."""
WORKED_DEVELOPMENT_LOG = "development-log-example"
"""The data file holding one learner's development entries, the worked D1 example."""


class StaticHTML:
    """Static HTML for the book, with a plain-text alternative for other front ends."""

    def __init__(self, html: str, text: str = "Open this page in the online book to see this activity."):
        self.html, self.text = html, text

    @property
    def data(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html, "text/plain": self.text}


# -- activities (OCR Unit 10 and any later spec that uses these kinds) -----------------------------
def show_sorting(spec_id: str, name: str) -> Any:
    """Sort examples into categories (OCR 1.1/P1: the five sources of expectations)."""
    from widgets.activities.sorting import load_sorting

    task = load_sorting(spec_id, name)
    if building_book():
        from widgets.activities.static import sorting_html

        return StaticHTML(sorting_html(task))
    from widgets.ui.activities.sorting import SortingView

    return SortingView(task).view


def show_cx_model(spec_id: str, name: str) -> Any:
    """An organisation's customer experience model with reasons (2.1/P4/M1); live: edit or start blank."""
    from widgets.activities.cx_model import load_cx_model

    model = load_cx_model(spec_id, name)
    if building_book():
        from widgets.activities.static import cx_model_html

        return StaticHTML(cx_model_html(model))
    from widgets.ui.activities.cx_model import CXModelView

    return CXModelView(model).view


def show_reaction_log(spec_id: str, name: str) -> Any:
    """Customer reaction log with summary and chart (3.1/3.2/P5/P6/M2); worked example preloaded."""
    from widgets.activities.reaction_log import load_reaction_log

    log = load_reaction_log(spec_id, name)
    if building_book():
        from widgets.activities.static import reaction_log_html

        return StaticHTML(reaction_log_html(log))
    from widgets.ui.activities.reaction_log import ReactionLogView

    return ReactionLogView(log).view


def show_action_plan(spec_id: str, name: str) -> Any:
    """Action plan with owners, ways of implementing and a timeline (4.1/P7/P8/M3)."""
    from widgets.activities.action_plan import load_action_plan

    plan = load_action_plan(spec_id, name)
    if building_book():
        from widgets.activities.static import action_plan_html

        return StaticHTML(action_plan_html(plan))
    from widgets.ui.activities.action_plan import ActionPlanView

    return ActionPlanView(plan).view


def show_skills_review(spec_id: str) -> Any:
    """Self-review of the ten 4.2 skills (P9) and a guidance document for at least three of them laid out
    from the learner's own development activities (D1). The book shows one learner's worked example."""
    from widgets.activities.skills import (
        guidance_document,
        load_development_activities,
        load_development_log,
        load_example_review,
    )

    activities = load_development_activities(spec_id)
    example = load_example_review(spec_id, WORKED_EXAMPLE)
    example_log = load_development_log(spec_id, WORKED_DEVELOPMENT_LOG)
    if building_book():
        from widgets.activities.static import skills_review_html

        return StaticHTML(skills_review_html(example, guidance_document(example_log)))
    from widgets.ui.activities.skills import SkillsReviewView

    return SkillsReviewView(activities, example, example_log).view


def show_skills_evidence(spec_id: str, form: str = "checklist", name: str = "skills-evidence") -> Any:
    """An observation checklist (``form="checklist"``) or a witness testimony (``form="witness"``) covering
    the ten 4.2 skills and D2 (P9/D2): a printable blank with one example row in the book; live, a form to
    fill in, check and download (HTML, Markdown, CSV)."""
    from widgets.activities.skills_evidence import check_form, load_evidence_forms

    forms = load_evidence_forms(spec_id, name)
    form = check_form(form)
    if building_book():
        from widgets.activities.static import skills_evidence_html

        return StaticHTML(skills_evidence_html(forms, form))
    from widgets.ui.activities.skills_evidence import SkillsEvidenceView

    return SkillsEvidenceView(forms, form).view


def show_scenario(spec_id: str, name: str) -> Any:
    """Branching scenario: turn an unhappy customer into a happy one (4.2/D2)."""
    from widgets.activities.scenario import load_scenario

    scenario = load_scenario(spec_id, name)
    if building_book():
        from widgets.activities.static import scenario_html

        return StaticHTML(scenario_html(scenario))
    from widgets.ui.activities.scenario import ScenarioView

    return ScenarioView(scenario).view


# -- campaign planner (CIM Level 3 Customer Communications, Unit 3: 5.1 to 6.4) -----------------------
def show_campaign_planner(spec_id: str, name: str, part: str | None = None) -> Any:
    """The campaign planner: ``part`` is one of "objectives" (5.1), "message" (5.2), "mix" (5.3),
    "resourcing" (6.1), "schedule" (6.2), "budget" (6.3), "evaluation" (6.4), or ``None`` for the whole plan.
    The book shows that part of the worked plan ``name`` with a link to the live app; live, the planner
    starts blank with a button to open the worked example and an upload to reopen a saved plan."""
    from widgets.activities.campaign import campaign_html, check_part, load_campaign_plan, load_tools

    if part is not None:
        check_part(part)
    plan, tools = load_campaign_plan(spec_id, name), load_tools(spec_id, name)
    if building_book():
        from widgets.live import live_link_html

        link = live_link_html("campaign-planner", "Open the live campaign planner to plan your own campaign, "
                                                  "check it and download it")
        return StaticHTML(campaign_html(plan, tools, part, link), f"Worked example: {plan.campaign}")
    from widgets.ui.activities.campaign import CampaignPlannerView

    return CampaignPlannerView(part=part, spec_id=spec_id, name=name).view


def campaign_planner() -> Any:
    """The campaign planner app (``dashboards/campaign-planner.ipynb``)."""
    from widgets.ui.activities.campaign import CampaignPlannerView

    return CampaignPlannerView().view


# -- customer insight (CIM Level 3 Customer Communications: 1.2 segments, 2.5 satisfaction index) -----------
def show_segment_evaluator(spec_id: str, name: str) -> Any:
    """Propose segments of a sample customer data set, test them against the five effectiveness criteria
    and choose a targeting strategy (1.2). The book shows the data set and the worked evaluation with a
    link to the live app; live, the learner starts with no segments and writes every reason."""
    from widgets.activities.segments import load_segment_task

    task = load_segment_task(spec_id, name)
    if building_book():
        from widgets.activities.segments import segments_static_html
        from widgets.live import live_link_html

        link = live_link_html("customer-insight", "Open the live segment evaluator to propose and test your own "
                                                  "segments")
        return StaticHTML(segments_static_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.segments import SegmentEvaluatorView

    return SegmentEvaluatorView(task).view


def show_satisfaction_index(spec_id: str, name: str) -> Any:
    """An importance-weighted customer satisfaction index, step by step, benchmarked against a competitor
    (2.5). The book shows the worked calculation; live, the learner edits attributes and scores."""
    from widgets.activities.satisfaction import load_satisfaction

    task = load_satisfaction(spec_id, name)
    if building_book():
        from widgets.activities.satisfaction import satisfaction_html
        from widgets.live import live_link_html

        link = live_link_html("customer-insight", "Open the live satisfaction index to work out your own "
                                                  "organisation's index")
        return StaticHTML(satisfaction_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.satisfaction import SatisfactionIndexView

    return SatisfactionIndexView(task).view


def customer_insight() -> Any:
    """The customer-insight app (``dashboards/customer-insight.ipynb``): both tools in tabs."""
    from widgets.ui.insight import customer_insight as app

    return app()


# -- guest insight (BTEC HN Unit 16: LO1 segment profiles, LO3 CRM explorer) ------------------------------
def show_segment_profile(spec_id: str, name: str) -> Any:
    """Profiles of target customer groups from a guest database: figures from the data, then the learner's
    characteristics, needs, engagement factors, onboarding and post-boarding strategies, compared side by side
    (HN Unit 16 LO1). The book shows the four segments in figures and the worked profile with a link to the
    live app; live, the learner starts with no groups and writes every part."""
    from widgets.activities.guest_profiles import load_profile_task

    task = load_profile_task(spec_id, name)
    if building_book():
        from widgets.activities.guest_profiles import profile_static_html
        from widgets.live import live_link_html

        link = live_link_html("guest-insight", "Open the live segment profile to build and compare your own "
                                               "profiles")
        return StaticHTML(profile_static_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.guest_profiles import SegmentProfileView

    return SegmentProfileView(task).view


def show_crm_explorer(spec_id: str, name: str) -> Any:
    """Segment a guest database (with recency, frequency and spend bands), plan a retention and an acquisition
    campaign with consent enforced, see which type of CRM does each step and evaluate a CRM system against
    weighted criteria (HN Unit 16 LO3). The book shows the worked plan; live, the learner starts blank."""
    from widgets.activities.crm_explorer import load_crm_task

    task = load_crm_task(spec_id, name)
    if building_book():
        from widgets.activities.crm_explorer import crm_static_html
        from widgets.live import live_link_html

        link = live_link_html("guest-insight", "Open the live CRM explorer to segment the guests and plan your own "
                                               "campaigns")
        return StaticHTML(crm_static_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.crm_explorer import CrmExplorerView

    return CrmExplorerView(task).view


def guest_insight() -> Any:
    """The guest-insight app (``dashboards/guest-insight.ipynb``): both tools in tabs."""
    from widgets.ui.guest_insight import guest_insight as app

    return app()


# -- experience map and service review (BTEC HN Unit 16: LO2 P3, P4, M2, D2; LO4 P6, P7, M4, D4) -------------
def show_experience_map(spec_id: str, name: str) -> Any:
    """A detailed customer experience map with an evidence checklist (LO2). The book shows the worked
    template's static map, the business's actions and influence at each touchpoint and the checklist; live,
    the learner starts from a template or a blank map (or a map saved by the journey builder), adds the actions
    and influence, and downloads the evidence."""
    from widgets.activities.experience_map import load_experience_map_task, worked_map

    task = load_experience_map_task(spec_id, name)
    if building_book():
        from widgets.activities.experience_map import experience_map_html
        from widgets.live import live_link_html

        link = live_link_html("service-review", "Open the live experience map (first tab of the service-review app) "
                                                "to add the actions and see your own checklist")
        return StaticHTML(experience_map_html(worked_map(task), task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.experience_map import ExperienceMapView

    return ExperienceMapView(task).view


def show_service_review(spec_id: str, name: str) -> Any:
    """Touchpoint analysis and service review (LO4): importance–performance matrix, service standards and
    recommendations with their evidence. The book shows the worked example; live, the learner edits it or
    starts blank, downloads it and saves it to reopen."""
    from widgets.activities.service_review import load_service_review

    review = load_service_review(spec_id, name)
    if building_book():
        from widgets.activities.service_review import service_review_html
        from widgets.live import live_link_html

        link = live_link_html("service-review", "Open the live service review to rate your own touchpoints")
        return StaticHTML(service_review_html(review, link), f"Worked example: {review.organisation}")
    from widgets.ui.activities.service_review import ServiceReviewView

    return ServiceReviewView(review).view


def service_review(spec_id: str = "hn-l4-u16", experience_map: str = "experience-map",
                   review: str = "millbrook-service-review") -> Any:
    """The service-review app (``dashboards/service-review.ipynb``): the experience map and the service review
    in tabs."""
    from widgets.ui.activities.service_review import service_review_app

    return service_review_app(spec_id, experience_map, review)


# -- journey data lab (CIM L6: cleaning 1.3, attribution 1.3, patterns 1.3/2.2, SERVQUAL 2.1) ---------------
def show_cleaning_lab(spec_id: str, name: str) -> Any:
    """Data-cleaning lab (CIM L6 1.3): choose cleaning steps for a messy export or an uploaded CSV; rows affected,
    cleaning log, figures before/after, the insight change; downloads. The book shows the worked cleaning."""
    from widgets.activities.cleaning import load_cleaning_task

    task = load_cleaning_task(spec_id, name)
    if building_book():
        from widgets.activities.cleaning import cleaning_lab_html
        from widgets.live import live_link_html

        link = live_link_html("journey-data-lab", "Open the live data-cleaning lab to choose your own steps "
                              "or clean your own CSV")
        return StaticHTML(cleaning_lab_html(task, link), f"Worked cleaning: {task.organisation} customer export")
    from widgets.ui.activities.cleaning import CleaningLabView

    return CleaningLabView(task).view


def show_attribution(spec_id: str, name: str) -> Any:
    """Marketing attribution (CIM L6 1.3): first-touch, last-touch, linear, position-based and time-decay
    credit by channel side by side on a paths data set or an upload, with the learner's interpretation. The
    book shows the five models on the course's paths; live, the learner narrows the paths, changes the
    half-life, uploads paths and writes notes."""
    from widgets.activities.attribution import load_attribution_task

    task = load_attribution_task(spec_id, name)
    if building_book():
        from widgets.activities.attribution import attribution_html
        from widgets.live import live_link_html

        link = live_link_html("journey-data-lab", "Open the live attribution tool to compare the models on a "
                                                  "segment, change the half-life, upload your own paths and "
                                                  "write your notes")
        return StaticHTML(attribution_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.attribution import AttributionView

    return AttributionView(task).view


def show_servqual(spec_id: str, name: str) -> Any:
    """SERVQUAL analysis (CIM L6 2.1; CIM L4 3.2 as RATER): gaps by dimension, weighted and unweighted, by segment
    and item by item, from a survey data set or an upload, with the learner's interpretation. The book shows the
    gaps of the course's survey; live, the learner explores and writes notes."""
    from widgets.activities.servqual import load_servqual_task

    task = load_servqual_task(spec_id, name)
    if building_book():
        from widgets.activities.servqual import servqual_html
        from widgets.live import live_link_html

        link = live_link_html(task.app, "Open the live SERVQUAL tool to look at each segment, drill into the items, "
                                        "upload your own survey and write your notes")
        return StaticHTML(servqual_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.servqual import ServqualView

    return ServqualView(task).view


def journey_data_lab() -> Any:
    """The journey data lab app (``dashboards/journey-data-lab.ipynb``): cleaning, attribution, patterns and
    SERVQUAL in tabs (CIM L6 1.3, 2.1, 2.2)."""
    from widgets.ui.journey_tools import journey_data_lab as app

    return app()


def show_patterns(spec_id: str, name: str, part: str | None = None) -> Any:
    """Patterns, trends and prediction on an orders file (CIM L6 1.3, 2.2): ``part`` is "trend",
    "preferences", "correlation", "rfm" or "prediction"; None shows all (tabs when live). The book shows the
    worked result on the sample data with a link to the journey data lab; live, the learner changes the
    options, uploads a CSV, writes an interpretation and downloads it."""
    from widgets.activities.patterns import load_patterns_task

    task = load_patterns_task(spec_id, name)
    if part is not None:
        task.part(part)  # a ValueError in words for an unknown part
    if building_book():
        from widgets.activities.patterns import APP, patterns_static_html
        from widgets.live import live_link_html

        link = live_link_html(APP, "Open the live journey data lab to run this analysis yourself, change the "
                                   "options and upload your own orders")
        title = task.title if part is None else task.part(part).title
        return StaticHTML(patterns_static_html(task, part, link), f"Worked example: {title}")
    from widgets.ui.activities.patterns import PatternsView

    return PatternsView(task, part).view


# -- journey optimiser (CIM L6: persona 1.2/2.1, journey audit 1.2/2.1, Delphi 2.3, optimisation plan 3.1/3.2) --
def show_persona_builder(spec_id: str, name: str) -> Any:
    """Persona builder (CIM L6 1.2, 2.1): a segment's figures from data plus research, evidence on every line,
    flags, persona card. The book shows the worked persona; live, the learner starts blank."""
    from widgets.activities.persona import load_persona_task

    task = load_persona_task(spec_id, name)
    if building_book():
        from widgets.activities.persona import persona_static_html
        from widgets.live import live_link_html

        link = live_link_html("journey-optimiser", "Open the live persona builder to build your own persona "
                                                   "from the data and research")
        return StaticHTML(persona_static_html(task, link), f"Worked example: {task.worked.name}")
    from widgets.ui.activities.persona import PersonaView

    return PersonaView(task).view


def show_journey_audit(spec_id: str, name: str) -> Any:
    """Journey audit (CIM L6 1.2, 2.1) on an ACPRA journey map: emotions, goals, pain points, channels per
    stage, gaps, 5 Whys depth, changes and the metric for each. The book shows the audit of the case's map."""
    from widgets.activities.journey_audit import load_audit_task

    task = load_audit_task(spec_id, name)
    if building_book():
        from widgets.activities.journey_audit import audit_static_html
        from widgets.live import live_link_html

        link = live_link_html("journey-optimiser", "Open the live journey audit to add your own goals, whys, "
                                                   "changes and metrics")
        return StaticHTML(audit_static_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.journey_audit import JourneyAuditView

    return JourneyAuditView(task).view


def show_delphi(spec_id: str, name: str) -> Any:
    """The Delphi method (CIM L6 2.3): a scripted, anonymous expert panel; the learner sets a stopping rule,
    chooses the feedback before each round, reads the median and IQR and judges consensus and when to stop.
    The book shows the worked three-round run; live, the learner runs the panel, downloads and reopens it."""
    from widgets.activities.delphi import load_delphi

    task = load_delphi(spec_id, name)
    if building_book():
        from widgets.activities.delphi import delphi_html
        from widgets.live import live_link_html

        link = live_link_html("journey-optimiser", "Open the live Delphi panel to run the rounds yourself")
        return StaticHTML(delphi_html(task, task.worked, link), f"Worked Delphi run: {task.organisation}")
    from widgets.ui.activities.delphi import DelphiView

    return DelphiView(task).view


def journey_optimiser() -> Any:
    """The journey optimiser app (``dashboards/journey-optimiser.ipynb``): persona, journey audit, Delphi panel
    and optimisation plan in tabs (CIM L6 1.2, 2.1, 2.3, 3.1, 3.2)."""
    from widgets.ui.journey_tools import journey_optimiser as app

    return app()


def show_optimisation_plan(spec_id: str, name: str) -> Any:
    """Optimisation plan builder (CIM L6 3.1, 3.2): improvements from the journey audit, each with a SMART
    objective checked part by part, the metric and target with its calculator, priority by impact and effort,
    owner, resources, channels and review date; the matrix, ranking and gaps. The book shows the worked plan;
    live, the learner starts blank or from it, downloads it and saves it to reopen."""
    from widgets.activities.optimisation_plan import load_plan

    plan = load_plan(spec_id, name)
    if building_book():
        from widgets.activities.optimisation_plan import optimisation_plan_html
        from widgets.live import live_link_html

        link = live_link_html("journey-optimiser", "Open the live optimisation plan builder to write your own plan")
        return StaticHTML(optimisation_plan_html(plan, link), f"Worked example: {plan.title}")
    from widgets.ui.activities.optimisation_plan import OptimisationPlanView

    return OptimisationPlanView(plan).view


# -- customer context (CIM L4 Unit 1: context explorer 1.1/1.2, disconfirmation 2.1/2.4) -----------------------
def show_context_explorer(spec_id: str, name: str) -> Any:
    """Organisation context explorer (CIM L4 1.1, 1.2): compare 2–4 organisation forms with the learner's own
    organisation and write the implications for the customer experience. The book shows the worked Hartwell
    comparison; live, the learner adds their own organisation and writes every implication."""
    from widgets.activities.context_explorer import load_context_task

    task = load_context_task(spec_id, name)
    if building_book():
        from widgets.activities.context_explorer import context_explorer_html
        from widgets.live import live_link_html

        link = live_link_html("customer-context", "Open the live context explorer to compare your own organisation")
        return StaticHTML(context_explorer_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.context_explorer import ContextExplorerView

    return ContextExplorerView(task).view


def show_disconfirmation(spec_id: str, name: str) -> Any:
    """Disconfirmation and satisfaction (CIM L4 2.1, 2.4): expected vs perceived performance, the satisfaction
    outcome, post-purchase dissonance and the value of retention (CLV). The book shows the worked Hartwell visit;
    live, the learner enters their own scores and scenarios."""
    from widgets.activities.disconfirmation import load_disconfirmation

    task = load_disconfirmation(spec_id, name)
    if building_book():
        from widgets.activities.disconfirmation import disconfirmation_html
        from widgets.live import live_link_html

        link = live_link_html("customer-context", "Open the live disconfirmation tool for your own organisation")
        return StaticHTML(disconfirmation_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.disconfirmation import DisconfirmationView

    return DisconfirmationView(task).view


def customer_context() -> Any:
    """The customer-context app (``dashboards/customer-context.ipynb``): context explorer and disconfirmation."""
    from widgets.ui.customer_context import customer_context_app

    return customer_context_app()


# -- experience design (CIM L4 Unit 2: RATER 3.2, framework recommender 3.2, offer and mix builder 4.1-4.3) ----
def show_framework_recommender(spec_id: str, name: str) -> Any:
    """Framework recommender (CIM L4 3.2): RATER, IDIC and the three pillars weighed against the learner's
    criteria, scored 1–5 with reasons; weighted totals with the working, ranking, sensitivity check; the
    recommendation checked for completeness. The book shows the worked Hartwell scoring."""
    from widgets.activities.framework_recommender import load_recommender_task

    task = load_recommender_task(spec_id, name)
    if building_book():
        from widgets.activities.framework_recommender import recommender_html
        from widgets.live import live_link_html

        link = live_link_html("experience-design", "Open the live framework recommender to weigh and score the "
                                                   "frameworks for your own organisation")
        return StaticHTML(recommender_html(task, link), f"Worked example: {task.title}")
    from widgets.ui.activities.framework_recommender import FrameworkRecommenderView

    return FrameworkRecommenderView(task).view


def experience_design() -> Any:
    """The experience-design app (``dashboards/experience-design.ipynb``): the RATER analysis, the framework
    recommender and the offer and mix builder in tabs (CIM L4 3.2, 4.1–4.3)."""
    from widgets.ui.experience_design import experience_design_app as app

    return app()


def show_offer_builder(spec_id: str, name: str, part: str | None = None) -> Any:
    """Offer and mix builder (CIM L4 4.1–4.3): ``part`` is "offer" (core, actual and augmented product and the
    brand's contribution, 4.1), "mix" (the seven Ps against the value proposition, 4.2), "messages" (promotion-mix
    messages for new, returning and existing customers with Fill's DRIP, 4.3), or ``None`` for all three in tabs.
    The book shows that part of the worked example with a link to the live app; live, the learner starts blank,
    checks, downloads, saves and reopens."""
    from widgets.activities.offer_builder import check_part, load_offer_task

    check_part(part)
    task = load_offer_task(spec_id, name)
    if building_book():
        from widgets.activities.offer_builder import offer_builder_html
        from widgets.live import live_link_html

        link = live_link_html("experience-design", "Open the live offer and mix builder to write your own offer, "
                                                   "mix and messages, check them and download them")
        return StaticHTML(offer_builder_html(task, part, link), f"Worked example: {task.worked.organisation}")
    from widgets.ui.activities.offer_builder import OfferBuilderView

    return OfferBuilderView(task, part).view


# -- measuring the experience (CIM L4 Unit 3: measurement plan 5.1-5.4, KPI designer and insight report 6.1-6.4) --
def show_measurement_plan(spec_id: str, name: str, part: str | None = None) -> Any:
    """Measurement plan (CIM L4 5.1–5.4): ``part`` is "measures" (measures and research methods for a context,
    5.1, 5.2), "feedback" (complaints, compliments and other feedback analysed, 5.3) or "stakeholders" (customer,
    organisation, employee and competitor perspectives, 5.4); None shows all in tabs. The book shows that part of
    the worked Hartwell plan; live, the learner chooses, analyses and writes their own."""
    from widgets.activities.measurement_plan import PART_TITLES, check_part, load_task

    task = load_task(spec_id, name)
    check_part(part)
    if building_book():
        from widgets.activities.measurement_plan import measurement_plan_html
        from widgets.live import live_link_html

        link = live_link_html("cx-measurement", "Open the live measurement plan to choose your own measures and "
                                                "methods, analyse feedback data and write your evaluation")
        title = task.title + ("" if part is None else f": {PART_TITLES[part]}")
        return StaticHTML(measurement_plan_html(task, part, link), f"Worked example: {title}")
    from widgets.ui.activities.measurement_plan import MeasurementPlanView

    return MeasurementPlanView(task, part).view


def show_kpi_designer(spec_id: str, name: str, part: str | None = None) -> Any:
    """KPI designer and insight report (CIM L4 6.1–6.4): ``part`` is "kpis" (KPIs with definition, formula,
    target, source, frequency and owner, 6.1), "analysis" (the data analysed against a KPI, 6.2) or "report" (a
    one-page insight report with a chart, finding and recommendations, 6.3, 6.4); None shows all in tabs. The book
    shows the worked Hartwell example; live, the interpretation and report start blank."""
    from widgets.activities.kpi_designer import load_task

    task = load_task(spec_id, name)
    if building_book():
        from widgets.activities.kpi_designer import kpi_designer_html
        from widgets.live import live_link_html

        link = live_link_html("cx-measurement", "Open the live KPI designer to design your own KPIs and write your "
                                                "insight report")
        return StaticHTML(kpi_designer_html(task, link, part), f"Worked example: {task.title}")
    from widgets.ui.activities.kpi_designer import KpiDesignerView

    return KpiDesignerView(task, name, part).view


def cx_measurement() -> Any:
    """The CX measurement app (``dashboards/cx-measurement.ipynb``): the measurement plan and the KPI designer
    with its insight report in tabs (CIM L4 5.1–6.4)."""
    from widgets.ui.cx_measurement import cx_measurement_app as app

    return app()


# -- quizzes -----------------------------------------------------------------------------------------
def _quiz(data: dict) -> Any:
    if building_book():
        from widgets.quiz.payload import quiz_html

        return StaticHTML(quiz_html(data), f"{data['title']} ({len(data['questions'])} questions)")
    from widgets.ui.quiz import QuizWidget

    return QuizWidget(data)


def show_quiz(spec_id: str, bank: str, criterion: str | None = None) -> Any:
    """A practice quiz on one bank (``bank`` = file name without ``.yml`` or outcome id): every question,
    or with ``criterion`` (e.g. ``"1.2"``) only the questions that check that criterion. Live, a widget
    whose ``result`` trait holds the learner's latest result."""
    from widgets.quiz import find_bank
    from widgets.quiz.payload import practice_data

    return _quiz(practice_data(find_bank(spec_id, bank), criterion=criterion))


def show_mock_exam(spec_id: str = "cim-l6-cjo", paper: int = 1) -> Any:
    """The timed mock exam (paper 1 to 3) of a spec assessed by an on-screen test."""
    from widgets.quiz.payload import exam_data, exam_questions

    if building_book():
        return _quiz(exam_data(spec_id, paper, links="book", marking="sealed"))
    from widgets.ui.quiz import QuizWidget

    return QuizWidget(exam_data(spec_id, paper, links="absolute", marking="kernel"), exam_questions(spec_id, paper))


def show_progress() -> Any:
    """*My progress*: every criterion of every spec with the learner's practice results and mock attempts,
    export, import and reset (the same renderer as the book's ``book/progress.md``). Live, it reads what the
    quizzes saved in this browser at this server's address, which is not the book's address."""
    from widgets.progress import progress_page_data

    if building_book():
        from widgets.quiz.payload import quiz_html

        return StaticHTML(quiz_html(progress_page_data("book")), "My progress")
    import ipywidgets as w

    from widgets.ui.quiz import QuizWidget

    return w.VBox([QuizWidget(progress_page_data("absolute"))], layout=w.Layout(width="100%"))


def class_progress(spec_id: str = "cim-l6-cjo") -> Any:
    """The tutor's class view from learners' progress files (``dashboards/class-progress.ipynb``)."""
    from widgets.ui.class_progress import class_progress_app

    return class_progress_app(spec_id)


# -- journeys and metrics ------------------------------------------------------------------------------
def show_journey(template: Any, level: str = "full") -> Any:
    """A journey map in a chapter (a template name or a ``JourneyMap``). ``level="full"`` (the default, for
    the levels that teach journey analysis): the emotion curve, swimlanes and analysis, with a link to the
    live builder in the book. ``level="simple"`` (Level 2): the steps, what the customer does, thinks or asks
    and feels, the emotion line and the barriers, with a link to the study centre's journey builder."""
    from widgets.journey import load_template, static_map_html
    from widgets.journey_simple import check_level, simple_map_html

    level = check_level(level)
    journey = load_template(template) if isinstance(template, str) else template
    if building_book():
        if level == "simple":
            return StaticHTML(simple_map_html(journey))
        return StaticHTML(static_map_html(journey, "Open the live journey builder (choose this template under "
                                                   "“Start from”)"))
    if level == "simple":
        from widgets.ui.journey_simple import simple_journey_preview

        return simple_journey_preview(journey)
    from widgets.ui.journey import journey_preview

    return journey_preview(journey)


def show_calculator(key: str) -> Any:
    """One calculator: a worked example with a live link in the book, live in JupyterLab and Voila."""
    if building_book():
        from widgets.calculators import static_calculator_html

        return StaticHTML(static_calculator_html(key))
    from widgets.ui.metrics import CalculatorView

    return CalculatorView(key).view


# -- dashboards (each Voila app's single call) ---------------------------------------------------------
def course_map() -> Any:
    """The course map app (``dashboards/course-map.ipynb``)."""
    from widgets.ui.course_map import CourseMap

    return CourseMap().view


def calculators(start: str = "nps") -> Any:
    """Every calculator, chosen from one list (``dashboards/calculators.ipynb``)."""
    from widgets.ui.metrics import CalculatorsApp

    return CalculatorsApp(start).view


def metrics_workbench(sample: str = "hotel_survey") -> Any:
    """The metrics workbench (``dashboards/metrics-workbench.ipynb``)."""
    from widgets.ui.workbench import Workbench

    return Workbench(sample).view


def journey_builder(template: str = "hotel-stay") -> Any:
    """The journey builder (``dashboards/journey-builder.ipynb``)."""
    from widgets.journey import load_template
    from widgets.ui.journey import JourneyBuilder

    return JourneyBuilder(load_template(template)).view


def quiz_app() -> Any:
    """Practice quizzes by specification and outcome (``dashboards/quiz.ipynb``)."""
    from widgets.ui.quiz import QuizApp

    return QuizApp().view


def mock_exam_app(spec_id: str = "cim-l6-cjo") -> Any:
    """The timed mock exam app (``dashboards/mock-exam.ipynb``)."""
    from widgets.ui.quiz import MockExamApp

    return MockExamApp(spec_id).view


def service_toolkit(spec_id: str = "ocr-l2-u10", example: str = "stride-sports",
                    scenario: str = "unhappy-customer") -> Any:
    """The OCR Unit 10 service toolkit (``dashboards/service-toolkit.ipynb``)."""
    from widgets.ui.activities.toolkit import service_toolkit as toolkit

    return toolkit(spec_id, example, scenario)
