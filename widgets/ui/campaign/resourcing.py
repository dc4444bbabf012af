"""6.1 resourcing: internal communications, stakeholders, customer-facing staff and the agency brief."""

from __future__ import annotations

from typing import Any

from widgets.activities.campaign import CampaignPlan, Resourcing
from widgets.activities.common import build
from widgets.ui.campaign.common import F, FormPart, PlanState


class ResourcingView(FormPart):
    part = "resourcing"
    intro = "Say who must know, agree and be ready before customers see the campaign, and what the agency will do."
    fields = (F("internal_comms", "Internal communications", "area"),
              F("stakeholders", "Stakeholders to align", "area"),
              F("customer_facing", "Briefing customer-facing staff", "area"), F("agency", "Agency"),
              F("agency_does", "What the agency will do", "area"), F("agency_deadline", "Agency brief: by when"))

    def __init__(self, state: PlanState):
        super().__init__(state)
        self.view = self.frame(*self.boxes())
        with self.muted():
            self.refresh()
        self.render()

    def current(self) -> Resourcing:
        return self.plan.resourcing

    def replace(self, values: dict[str, Any]) -> CampaignPlan:
        return self.plan.with_(resourcing=build(Resourcing, **{**self.plan.resourcing.model_dump(), **values}))
