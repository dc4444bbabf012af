"""The customer-insight app (CIM Level 3 Customer Communications, Units 1 and 2): the segment evaluator
(1.2) and the customer satisfaction index (2.5) in tabs."""

from __future__ import annotations

import ipywidgets as w

from widgets.ui.activities.common import WIDE
from widgets.ui.activities.satisfaction import SatisfactionIndexView
from widgets.ui.activities.segments import SegmentEvaluatorView

TOOLS = ("Segment evaluator", "Satisfaction index")


def customer_insight(spec_id: str = "cim-l3-cc", segments: str = "kettleby-segments",
                     satisfaction: str = "kettleby-csi") -> w.Widget:
    """Both tools in tabs: the segment evaluator starts with no segments; the satisfaction index starts
    from the worked example's attributes and scores, for the learner to change to their own."""
    from widgets.activities.satisfaction import load_satisfaction
    from widgets.activities.segments import load_segment_task

    views = [SegmentEvaluatorView(load_segment_task(spec_id, segments)),
             SatisfactionIndexView(load_satisfaction(spec_id, satisfaction))]
    tabs = w.Tab(children=[v.view for v in views], titles=TOOLS)
    tabs.add_class("cx-insight-tabs")
    tabs.add_class("cx-toolkit-tabs")  # the stylesheet's readable tab labels and visible focus (cx-activities.css)
    intro = w.HTML("<p>Customer insight tools for CIM Level 3 Customer Communications. Choose a tool from the tabs "
                   "(use the arrow keys to move between tabs). Nothing is saved on the server: download your "
                   "work before you close the page.</p>", layout=WIDE)
    app = w.VBox([intro, tabs])
    app._cx_views = views  # for tests
    return app
