"""The metric's calculator beside an improvement: the chosen metric's inputs (each checked as it is typed),
the result with its working, and the result taken as the baseline."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.optimisation_plan import METRICS, OTHER, compute_metric, parse_values
from widgets.numeric import parse_number
from widgets.ui.activities.common import WIDE, ActivityView, area, button, text
from widgets.ui.common import error_html

esc = html.escape


class MetricCalculator(ActivityView):
    """Part of :class:`~widgets.ui.activities.optimisation_plan.OptimisationPlanView`: the calculator panel of
    the improvement form (``self.metric`` and the boxes for another measure are the form's)."""

    abstract = True

    def build_calculator(self) -> None:
        self.calc_box = w.VBox(layout=WIDE)
        self.calc_inputs: dict[str, w.Text] = {}
        self.compute = button("Compute the baseline")
        self.use_result = button("Use the result as the baseline")
        self.working = w.HTML(layout=WIDE)
        self.last_result = None
        self.on_click(self.compute, self.compute_baseline, self.working)
        self.on_click(self.use_result, self.take_result, self.working)

    def metric_changed(self, _change: dict) -> None:
        key = self.metric.value
        other = key == OTHER
        for box in (self.metric_name, self.unit, self.direction):
            box.layout.display = None if other else "none"
        kept = {name: box.value for name, box in self.calc_inputs.items()}
        self.calc_inputs = {}
        if key in METRICS:
            m = METRICS[key]
            for inp in m.inputs:
                hint = f"e.g. {inp.example}" + (f" (blank: {inp.default})" if inp.default is not None else "")
                box = (area if inp.kind == "list" else text)(inp.label, kept.get(inp.name, ""), hint)
                self.on_change(box, lambda _c, i=inp: self.check_input(i), self.working)
                self.calc_inputs[inp.name] = box
            way = "higher" if m.higher_is_better else "lower"
            note = (f"<p class='cx-hint'>{esc(m.label)}: {way} is better; unit {esc(m.unit)}. Calculator: "
                    f"<code>widgets.metrics.{esc(m.calculator)}</code>.</p>")
            self.calc_box.children = [w.HTML(note), *self.calc_inputs.values()]
            self.compute.disabled = False
        else:
            self.calc_box.children = [w.HTML("<p class='cx-hint'>Choose a metric from the list to use its "
                                             "calculator" + (" (this measure has none: say where the baseline "
                                                             "comes from)" if other else "") + ".</p>")]
            self.compute.disabled = True
        self.working.value = ""
        self.last_result = None
        self.use_result.disabled = True
        self.draft_changed({})

    def check_input(self, inp) -> None:
        """A calculator input that is not a usable number is answered at once, beside the calculator."""
        raw = self.calc_inputs[inp.name].value if inp.name in self.calc_inputs else ""
        if not raw.strip():
            return
        try:
            if inp.kind == "list":
                parse_values(raw, inp.label)
            else:
                parse_number(raw, inp.label, example=inp.example, whole=inp.kind == "count",
                             limit=1 if inp.kind == "fraction" else None, allow_negative=False)
        except ValueError as exc:
            self.working.value = error_html(f"{exc} Your text is kept.")
            self.use_result.disabled = True
            return
        self.working.value = ""

    def compute_baseline(self) -> None:
        try:
            result = compute_metric(self.metric.value, {k: b.value for k, b in self.calc_inputs.items()})
        except ValueError as exc:
            self.working.value = error_html(f"{exc} Your inputs are kept.")
            self.use_result.disabled = True
            self.say("Please check the message under the calculator.")
            return
        self.last_result = result
        steps = "".join(f"<li>{esc(s)}</li>" for s in result.steps)
        self.working.value = (f"<div role='status'><p>{esc(result.metric)}: <strong>{esc(result.display)}</strong>"
                              f"</p><ol class='cx-working'>{steps}</ol></div>")
        self.use_result.disabled = False
        self.say(f"Computed: {result.metric} {result.display}.")

    def take_result(self) -> None:
        if self.last_result is None:
            self.working.value = error_html("Compute the baseline first.")
            return
        self.baseline.value = f"{round(self.last_result.value, 2):g}"
        self.say(f"Baseline set to {self.baseline.value}.")
