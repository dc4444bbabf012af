"""The service-toolkit app: the OCR Unit 10 tools in tabs, each preloaded with the worked example."""

from __future__ import annotations

import ipywidgets as w

from widgets.ui.activities.action_plan import ActionPlanView
from widgets.ui.activities.common import tools_app
from widgets.ui.activities.cx_model import CXModelView
from widgets.ui.activities.reaction_log import ReactionLogView
from widgets.ui.activities.scenario import ScenarioView
from widgets.ui.activities.skills import SkillsReviewView
from widgets.ui.activities.skills_evidence import SkillsEvidenceView

TOOLS = ("Customer experience model", "Reaction log", "Action plan", "Skills review", "Scenario", "Skills evidence")


def service_toolkit(spec_id: str = "ocr-l2-u10", example: str = "stride-sports",
                    scenario: str = "unhappy-customer") -> w.Widget:
    """The service-toolkit app: the six tools in tabs, each preloaded with the worked example (the skills
    evidence tab opens the observation checklist; its first list switches to the witness testimony)."""
    from widgets.activities.action_plan import load_action_plan
    from widgets.activities.cx_model import load_cx_model
    from widgets.activities.reaction_log import load_reaction_log
    from widgets.activities.scenario import load_scenario
    from widgets.activities.skills import load_development_activities, load_development_log, load_example_review
    from widgets.activities.skills_evidence import load_evidence_forms

    views = [CXModelView(load_cx_model(spec_id, example)), ReactionLogView(load_reaction_log(spec_id, example)),
             ActionPlanView(load_action_plan(spec_id, example)),
             SkillsReviewView(load_development_activities(spec_id), load_example_review(spec_id, example),
                              load_development_log(spec_id, "development-log-example")),
             ScenarioView(load_scenario(spec_id, scenario)),
             SkillsEvidenceView(load_evidence_forms(spec_id, "skills-evidence"))]
    return tools_app(views, TOOLS, "Your customer service toolkit for OCR Unit 10.")
