"""The customer-insight app (CIM Level 3 Customer Communications, Units 1 and 2): the segment evaluator
(1.2) and the customer satisfaction index (2.5) in tabs."""

from __future__ import annotations

import ipywidgets as w

from widgets.ui.activities.common import tools_app
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
    return tools_app(views, TOOLS, "Customer insight tools for CIM Level 3 Customer Communications.")
