"""The experience-design app (CIM L4 Customer Experience, Unit 2): the RATER analysis of Hartwell's service survey
(3.2), the framework recommender (3.2) and the offer and mix builder (4.1–4.3) in tabs.
dashboards/experience-design.ipynb shows it through :mod:`widgets.show`."""

from __future__ import annotations

import ipywidgets as w

from widgets.ui.activities.common import tools_app

TOOLS = ("RATER analysis (3.2)", "Framework recommender (3.2)", "Offer and mix builder (4.1–4.3)")


def experience_design_app(spec_id: str = "cim-l4-cx", survey: str = "hartwell-rater", frameworks: str = "cx-frameworks",
                          offer: str = "hartwell-offer") -> w.VBox:
    from widgets.activities.servqual import load_servqual_task
    from widgets.ui.activities.framework_recommender import framework_recommender_tab
    from widgets.ui.activities.offer_builder import offer_builder_tab
    from widgets.ui.activities.servqual import ServqualView

    views = [ServqualView(load_servqual_task(spec_id, survey)), framework_recommender_tab(spec_id, frameworks),
             offer_builder_tab(spec_id, offer)]
    return tools_app(views, TOOLS, "Customer experience design tools for CIM Level 4 Customer Experience, Unit 2: "
                     "analyse a service-quality survey with RATER, recommend a customer experience management "
                     "framework for a context, and build an offer, a marketing mix and promotion messages. Each tool "
                     "works for your own organisation too.", title="Experience design")
