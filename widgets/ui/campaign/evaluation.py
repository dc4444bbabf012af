"""6.4 evaluation: a measure, target, method and date for each objective; objectives with none are flagged."""

from __future__ import annotations

from widgets.activities.campaign import Evaluation
from widgets.ui.campaign.common import F, ListPart, PlanState


class EvaluationView(ListPart):
    part, noun, attr, model = "evaluation", "measure", "evaluation", Evaluation
    intro = "For each objective, say what you will count, the target, how you will measure it and when."
    fields = (F("objective", "Objective", "objective"), F("measure", "Measure"), F("target", "Target"),
              F("method", "How it will be measured"), F("when", "When"))

    def __init__(self, state: PlanState):
        super().__init__(state)
        self.view = self.frame(*self.form())
        self.refresh()
        self.render()

    def label(self, record: Evaluation) -> str:
        return f"Objective {record.objective}: {record.measure[:50]}"
