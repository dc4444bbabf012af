"""The customer-context app (CIM L4 Customer Experience, Unit 1): the organisation context explorer (1.1, 1.2)
and the disconfirmation and satisfaction tool (2.1, 2.4) in tabs. dashboards/customer-context.ipynb shows it
through :mod:`widgets.show`."""

from __future__ import annotations

import ipywidgets as w

from widgets.ui.activities.common import tools_app


def customer_context_app(spec_id: str = "cim-l4-cx", contexts: str = "organisation-contexts",
                         disconfirmation: str = "hartwell-disconfirmation") -> w.VBox:
    from widgets.ui.activities.context_explorer import context_explorer_tab
    from widgets.ui.activities.disconfirmation import disconfirmation_tab

    views = [context_explorer_tab(spec_id, contexts), disconfirmation_tab(spec_id, disconfirmation)]
    return tools_app(views, ("Organisation contexts (1.1, 1.2)", "Disconfirmation and satisfaction (2.1, 2.4)"),
                     "Customer context tools for CIM Level 4 Customer Experience, Unit 1: compare organisation "
                     "forms with your own organisation, then see how expectations, perceived performance and "
                     "retention shape satisfaction and value.", title="Customer context")
