"""The CX measurement app (CIM L4 Customer Experience, Unit 3): the measurement plan (5.1–5.4) and the KPI
designer with its insight report (6.1–6.4) in tabs. dashboards/cx-measurement.ipynb shows it through
:mod:`widgets.show`."""

from __future__ import annotations

import ipywidgets as w

from widgets.ui.activities.common import tools_app

TOOLS = ("Measurement plan (5.1–5.4)", "KPI designer and insight report (6.1–6.4)")


def cx_measurement_app(spec_id: str = "cim-l4-cx", plan: str = "hartwell-measurement",
                       kpis: str = "hartwell-kpis") -> w.VBox:
    from widgets.ui.activities.kpi_designer import kpi_designer_tab
    from widgets.ui.activities.measurement_plan import measurement_plan_tab

    views = [measurement_plan_tab(spec_id, plan), kpi_designer_tab(spec_id, kpis)]
    return tools_app(views, TOOLS, "Tools for measuring and improving the customer experience, for CIM Level 4 "
                     "Customer Experience, Unit 3: choose measures and research methods, analyse complaints and "
                     "other feedback, design KPIs and write a one-page insight report. Each works on your own "
                     "organisation's data too.", title="CX measurement")
