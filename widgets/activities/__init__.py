"""Activities for the OCR Level 2 Unit 10 chapters (and any later unit that needs them).

Pure models and logic live in the submodules (no ipywidgets):

* :mod:`~widgets.activities.sorting` — sorting task (1.1, P1)
* :mod:`~widgets.activities.cx_model` — customer experience model with reasons (2.1, P4, M1)
* :mod:`~widgets.activities.reaction_log` — customer reaction log and summary (3.1, 3.2, P5, P6, M2)
* :mod:`~widgets.activities.action_plan` — action plan and timeline (4.1, P7, P8, M3)
* :mod:`~widgets.activities.skills` — skills self-review and guidance document (4.2, P9, D1)
* :mod:`~widgets.activities.scenario` — branching scenario (4.2, D2)

Chapters call only the ``show_*`` functions below (the API fixed in the OCR brief). Each returns
static HTML during a book build (``CX_BOOK_BUILD=1``, see :mod:`widgets.activities.static`) and the
live ipywidgets view (:mod:`widgets.ui.activities`) in JupyterLab and Voila. Data comes from
``data/activities/<spec>/<name>.yml`` (shapes in ``data/activities/README.md``).
"""

from __future__ import annotations

from typing import Any

from widgets.charts import building_book

__all__ = ["show_sorting", "show_cx_model", "show_reaction_log", "show_action_plan", "show_skills_review",
           "show_scenario"]

WORKED_EXAMPLE = "stride-sports"
"""The data file holding the worked skills review shown by :func:`show_skills_review` in the book."""


def _static(markup: str) -> Any:
    from IPython.display import HTML

    return HTML(markup)


def show_sorting(spec_id: str, name: str) -> Any:
    """Sort examples into categories (OCR 1.1/P1: the five sources of expectations)."""
    from widgets.activities.sorting import load_sorting

    task = load_sorting(spec_id, name)
    if building_book():
        from widgets.activities.static import sorting_html

        return _static(sorting_html(task))
    from widgets.ui.activities import SortingView

    return SortingView(task).view


def show_cx_model(spec_id: str, name: str) -> Any:
    """An organisation's customer experience model with reasons (2.1/P4/M1); live: edit or start blank."""
    from widgets.activities.cx_model import load_cx_model

    model = load_cx_model(spec_id, name)
    if building_book():
        from widgets.activities.static import cx_model_html

        return _static(cx_model_html(model))
    from widgets.ui.activities import CXModelView

    return CXModelView(model).view


def show_reaction_log(spec_id: str, name: str) -> Any:
    """Customer reaction log with summary and chart (3.1/3.2/P5/P6/M2); worked example preloaded."""
    from widgets.activities.reaction_log import load_reaction_log

    log = load_reaction_log(spec_id, name)
    if building_book():
        from widgets.activities.static import reaction_log_html

        return _static(reaction_log_html(log))
    from widgets.ui.activities import ReactionLogView

    return ReactionLogView(log).view


def show_action_plan(spec_id: str, name: str) -> Any:
    """Action plan with owners, ways of implementing and a timeline (4.1/P7/P8/M3)."""
    from widgets.activities.action_plan import load_action_plan

    plan = load_action_plan(spec_id, name)
    if building_book():
        from widgets.activities.static import action_plan_html

        return _static(action_plan_html(plan))
    from widgets.ui.activities import ActionPlanView

    return ActionPlanView(plan).view


def show_skills_review(spec_id: str) -> Any:
    """Self-review of the ten 4.2 skills and a guidance document for at least three of them (P9/D1)."""
    from widgets.activities.skills import guidance_document, load_development_activities, load_example_review

    activities = load_development_activities(spec_id)
    example = load_example_review(spec_id, WORKED_EXAMPLE)
    if building_book():
        from widgets.activities.static import skills_review_html

        guide = guidance_document(example, "Stride Sports", "new Saturday staff", activities=activities)
        return _static(skills_review_html(example, guide))
    from widgets.ui.activities import SkillsReviewView

    return SkillsReviewView(activities, example).view


def show_scenario(spec_id: str, name: str) -> Any:
    """Branching scenario: turn an unhappy customer into a happy one (4.2/D2)."""
    from widgets.activities.scenario import load_scenario

    scenario = load_scenario(spec_id, name)
    if building_book():
        from widgets.activities.static import scenario_html

        return _static(scenario_html(scenario))
    from widgets.ui.activities import ScenarioView

    return ScenarioView(scenario).view
