"""The two CIM Level 6 apps (Fern & Field, Customer Journey Optimisation), each a family of tools in tabs:

* the **journey data lab** (``dashboards/journey-data-lab.ipynb``): data cleaning and marketing attribution (1.3),
  patterns, trends and prediction (1.3, 2.2) and SERVQUAL analysis (2.1);
* the **journey optimiser** (``dashboards/journey-optimiser.ipynb``): the persona builder and the journey audit
  (1.2, 2.1), the Delphi panel (2.3) and the optimisation plan builder (3.1, 3.2).

Each tab is the same view a chapter shows live; the apps only gather them.
"""

from __future__ import annotations

import ipywidgets as w

from widgets.ui.activities.common import tools_app

SPEC = "cim-l6-cjo"
DATA_LAB_TOOLS = ("Data cleaning (1.3)", "Attribution (1.3)", "Patterns, trends and prediction (1.3, 2.2)",
                  "SERVQUAL (2.1)")
OPTIMISER_TOOLS = ("Persona (1.2, 2.1)", "Journey audit (1.2, 2.1)", "Delphi panel (2.3)",
                   "Optimisation plan (3.1, 3.2)")


def journey_data_lab(spec_id: str = SPEC) -> w.VBox:
    """The data tools in tabs, on Fern & Field's synthetic data sets (each also takes an upload)."""
    from widgets.activities.attribution import load_attribution_task
    from widgets.activities.cleaning import load_cleaning_task
    from widgets.activities.patterns import load_patterns_task
    from widgets.activities.servqual import load_servqual_task
    from widgets.ui.activities.attribution import AttributionView
    from widgets.ui.activities.cleaning import CleaningLabView
    from widgets.ui.activities.patterns import PatternsView
    from widgets.ui.activities.servqual import ServqualView

    views = [CleaningLabView(load_cleaning_task(spec_id, "fern-cleaning")),
             AttributionView(load_attribution_task(spec_id, "fern-attribution")),
             PatternsView(load_patterns_task(spec_id, "fern-patterns")),
             ServqualView(load_servqual_task(spec_id, "fern-servqual"))]
    return tools_app(views, DATA_LAB_TOOLS, "Data tools for the CIM Level 6 Award in Customer Journey Optimisation, "
                     "with Fern & Field's data (synthetic): clean a messy export, compare attribution models, find "
                     "patterns and test a prediction, and measure service-quality gaps. Each tool also reads a CSV "
                     "you upload.", title="Journey data lab")


def journey_optimiser(spec_id: str = SPEC) -> w.VBox:
    """The optimisation tools in tabs; each starts from Fern & Field's worked example or blank."""
    from widgets.activities.journey_audit import load_audit_task
    from widgets.activities.persona import load_persona_task
    from widgets.ui.activities.delphi import delphi_tab
    from widgets.ui.activities.journey_audit import JourneyAuditView
    from widgets.ui.activities.optimisation_plan import optimisation_plan_tab
    from widgets.ui.activities.persona import PersonaView

    views = [PersonaView(load_persona_task(spec_id, "fern-persona")),
             JourneyAuditView(load_audit_task(spec_id, "fern-audit")),
             delphi_tab(spec_id, "fern-delphi"), optimisation_plan_tab(spec_id, "fern-plan")]
    return tools_app(views, OPTIMISER_TOOLS, "Tools for the CIM Level 6 Award in Customer Journey Optimisation: "
                     "build a persona from data and research, audit an ACPRA journey, run a Delphi panel, and write "
                     "an optimisation plan with SMART objectives and metrics. Save your work as a file to reopen it "
                     "later.", title="Journey optimiser")
