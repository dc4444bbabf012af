"""5.3 the communications mix: tools chosen per objective and audience, with each tool's trade-offs from the
data table; an objective with no tool is flagged."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.campaign import TOOLS, MixChoice, tools_table
from widgets.ui.activities.common import WIDE
from widgets.ui.campaign.common import F, ListPart, PlanState


class MixView(ListPart):
    part, noun, attr, model = "mix", "tool choice", "mix", MixChoice
    intro = "Choose tools for each objective and audience. The table shows what each tool is good and weak at."
    fields = (F("tool", "Tool", "tool"), F("objective", "Objective", "objective"), F("audience", "Audience"),
              F("why", "Why this tool", "area"))

    def __init__(self, state: PlanState):
        super().__init__(state)
        self.table = w.HTML(tools_table(state.tools), layout=WIDE)
        self.view = self.frame(*self.form(), self.table)
        self.refresh()
        self.render()

    def label(self, record: MixChoice) -> str:
        return f"{TOOLS[record.tool]} for objective {record.objective}"
