"""5.2 message: proposition, tone, audience, the brand values it expresses and how, a call to action and
evidence for any environmental claim (the CMA's Green Claims Code)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.activities.campaign import CampaignPlan, Message, ValueLink
from widgets.activities.common import build
from widgets.ui.activities.common import WIDE, text
from widgets.ui.campaign.common import F, FormPart, PlanState


class MessageView(FormPart):
    part = "message"
    intro = ("Write the message for one audience. For each brand value it expresses, say how. If you use words "
             "such as compostable, recyclable or sustainable, enter the evidence.")
    fields = (F("proposition", "Proposition", "area"), F("tone", "Tone of voice"), F("audience", "Audience"),
              F("call_to_action", "Call to action"), F("evidence", "Evidence for green claims", "area"))

    def __init__(self, state: PlanState):
        super().__init__(state)
        self.values_box = w.VBox(layout=w.Layout(width="100%"))
        self.how: list[tuple[str, w.Text, w.HTML]] = []
        self.view = self.frame(*self.boxes()[:3], w.HTML("<p><strong>Brand values it expresses</strong> (leave "
                                                         "“how” empty for a value it does not express)</p>",
                                                         layout=WIDE),
                               self.values_box, *self.boxes()[3:])
        with self.muted():
            self.refresh()
        self.render()

    def current(self) -> Message:
        return self.plan.message

    def replace(self, values: dict[str, Any]) -> CampaignPlan:
        data = {**self.plan.message.model_dump(), **values}
        return self.plan.with_(message=build(Message, **data))

    def refresh(self) -> None:
        super().refresh()
        chosen = {v.value: v.how for v in self.plan.message.values}
        names = list(dict.fromkeys([*self.plan.brand_values, *chosen]))
        self.how = []
        for name in names:
            box, note = text(f"How: {name[:40]}", chosen.get(name, "")), w.HTML(layout=WIDE)
            box.description_tooltip = name
            self.on_change(box, lambda _c, note=note: self.values_changed(note), note)
            self.how.append((name, box, note))
        self.values_box.children = [self.field_box(box, note) for _, box, note in self.how]

    def values_changed(self, note: w.HTML) -> None:
        if self._muted:
            return
        try:
            links = [build(ValueLink, value=name, how=box.value) for name, box, _ in self.how if box.value.strip()]
            plan = self.replace({"values": links})
        except ValueError as exc:
            self.fail(f"{exc} What you typed is kept.", note)
            return
        note.value = ""
        self.state.set(plan, self.part)
        self.say("Brand values saved in the plan.")
