"""Branching scenario view: choices and their consequences (OCR 4.2 D2, and any spec with a scenario file)."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.charts import mood_chart
from widgets.activities.scenario import ENDINGS, Scenario, ScenarioPlay, mood_label
from widgets.activities.static import scenario_feedback_html
from widgets.charts import show_in
from widgets.ui.activities.common import WIDE, ActivityView, button, esc, heading, style_tag


class ScenarioView(ActivityView):

    @classmethod
    def example(cls) -> ScenarioView:
        """The view on the OCR Unit 10 worked example (the hostile-input test builds it this way)."""
        from widgets.activities.scenario import load_scenario

        return cls(load_scenario("ocr-l2-u10", "unhappy-customer"))
    def __init__(self, scenario: Scenario):
        super().__init__()
        self.scenario = scenario
        self.play = ScenarioPlay(scenario)
        most = max(len(n.choices) for n in scenario.nodes)
        self.choice_buttons = [button("") for _ in range(most)]
        for i, b in enumerate(self.choice_buttons):
            self.on_click(b, lambda i=i: self.choose(i))
            b.layout = w.Layout(width="100%", max_width="46rem", height="auto")
        self.restart_button = button("Start again")
        self.on_click(self.restart_button, self.restart)
        self.step = w.HTML(layout=WIDE)
        self.feedback = w.HTML(layout=WIDE)
        self.chart = w.Output(layout=WIDE)
        self.path = w.HTML(layout=WIDE)
        self.view = w.VBox([
            style_tag(), heading(f"Scenario: {scenario.title}"),
            w.HTML(f"<p>{esc(scenario.setting)}</p><p><strong>{esc(scenario.role)}</strong> Turn the unhappy "
                   "customer into a happy one. Choose what you would do at each step.</p>", layout=WIDE),
            self.feedback, self.step, w.VBox(self.choice_buttons), self.restart_button, self.error, self.status,
            heading("Your path", 4), self.path, self.chart])
        self._render()

    def choose(self, index: int) -> None:
        try:
            self.play.choose(index)
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        self._render()

    def restart(self) -> None:
        self.play.restart()
        self._render()

    def _render(self) -> None:
        node = self.play.current
        choice = self.play.last_choice
        if choice:
            self.feedback.value = scenario_feedback_html(self.play.scenario, choice)
        else:
            self.feedback.value = ""
        ending = f"<p class='cx-scn-ending'><strong>{esc(ENDINGS[node.ending])}.</strong></p>" if node.ending else ""
        self.step.value = (f"<h4>{esc(node.title)}</h4><p><strong>The customer:</strong> {esc(node.customer)}</p>"
                           f"<p><strong>Customer's mood:</strong> {esc(mood_label(node.mood))}</p>{ending}")
        for i, b in enumerate(self.choice_buttons):
            if i < len(node.choices):
                b.description = f"{i + 1}. {node.choices[i].text}"
                b.tooltip = node.choices[i].text
                b.layout.display = None
            else:
                b.layout.display = "none"
        skills = self.play.skills_used()
        used = "".join(f"<li>{esc(label)}: {'shown well' if good else 'needs work'}</li>" for label, good in skills)
        self.path.value = (f"<p>Steps taken: {len(self.play.steps)}.</p>" + (f"<ul>{used}</ul>" if used else ""))
        show_in(self.chart, mood_chart(self.play))
        prefix = f"{'Good choice. ' if choice and choice.good else 'Think again. ' if choice else ''}"
        if node.ending:
            self.say(f"{prefix}{ENDINGS[node.ending]}: {node.customer} Choose “Start again” to try another way.")
        else:
            self.say(f"{prefix}{node.title}. The customer: {node.customer} Mood {mood_label(node.mood)}. "
                     "What do you do?")
