"""Calculator views: one form per metric, the message next to the field it is about, the working
step by step, a chart where it helps. All maths and parsing live in ``widgets.calculators`` and
``widgets.metrics``; this module only builds widgets and shows what they return."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.calculators import CALCULATORS, Calculator, FieldError, calculate, calculator_choices, result_html
from widgets.charts import show_in
from widgets.ui.common import error_html
from widgets.ui.view import View

_FULL = w.Layout(width="100%", max_width="640px")
_STYLE = {"description_width": "initial"}


def _input_for(f) -> w.Widget:
    if f.kind == "choice":
        return w.Dropdown(options=list(f.options), value=f.example, description=f.label, style=_STYLE, layout=_FULL)
    if f.kind in ("list", "tasks", "optional_list"):
        height = "5em" if f.kind == "tasks" else "auto"
        return w.Textarea(value=f.example, description=f.label, style=_STYLE, continuous_update=False,
                          layout=w.Layout(width="100%", max_width="640px", height=height))
    return w.Text(value=f.example, description=f.label, style=_STYLE, continuous_update=False, layout=_FULL)


class CalculatorView(View):
    """One calculator: inputs (pre-filled with the worked example), per-field messages, result."""

    @classmethod
    def example(cls) -> CalculatorView:
        return cls("nps")

    def __init__(self, key: str) -> None:
        super().__init__()
        self.calc: Calculator = CALCULATORS[key]
        self.inputs: dict[str, w.Widget] = {}
        self.errors: dict[str, w.HTML] = {}
        rows: list[w.Widget] = []
        for f in self.calc.fields:
            widget = _input_for(f)
            self.inputs[f.key] = widget
            self.errors[f.key] = w.HTML()
            self.on_change(widget, self._on_change, where=self.errors[f.key])
            rows.append(widget)
            if f.help:
                rows.append(w.HTML(f"<p class='cx-help'>{html.escape(f.help)}</p>"))
            rows.append(self.errors[f.key])
        self.button = w.Button(description="Show the working", button_style="primary",
                               tooltip="Recalculate and show the working")
        self.message = self.error
        self.on_click(self.button, self.update)
        self.result = w.HTML()
        self.chart = w.Output()
        self._chart_key: object = None
        e = html.escape
        header = w.HTML(f"<h2>{e(self.calc.title)}</h2><p>{e(self.calc.intro)}</p>"
                        f"<p><strong>Formula:</strong> {e(self.calc.formula)}</p>")
        footer_bits = []
        if self.calc.benchmark:
            footer_bits.append(f"<p><strong>Reference point:</strong> {e(self.calc.benchmark)}</p>")
        footer_bits.append(f"<p class='cx-source'><strong>Source:</strong> {e(self.calc.source)}</p>")
        self.view = w.VBox([header, *rows, self.button, self.message, self.result, self.chart,
                            w.HTML("".join(footer_bits))])
        self.update()

    def values(self) -> dict[str, object]:
        return {k: widget.value for k, widget in self.inputs.items()}

    def _on_change(self, _change) -> None:
        self.update()

    def update(self) -> None:
        for box in self.errors.values():
            box.value = ""
        self.message.value = ""
        try:
            results = calculate(self.calc, self.values())
        except FieldError as exc:
            self.errors[exc.key].value = error_html(str(exc))
            self._clear_result("Correct the field marked “Please check” to see the working.")
            return
        except ValueError as exc:
            self.message.value = error_html(str(exc))
            self._clear_result("")
            return
        self.result.value = f"<div role='status' class='cx-result-area'>{result_html(results)}</div>"
        self._show_chart(results)

    def _clear_result(self, text: str) -> None:
        self.result.value = f"<div role='status'><p>{html.escape(text)}</p></div>" if text else ""
        show_in(self.chart)
        self._chart_key = None

    def _show_chart(self, results) -> None:
        if not self.calc.chart:
            return
        key = tuple(str(r.steps) for r in results)
        if key == self._chart_key:
            return
        chart = self.calc.chart(results)
        show_in(self.chart, *([chart] if chart is not None else []))
        self._chart_key = key


class CalculatorsApp(View):
    """Every calculator, chosen from one grouped list."""

    @classmethod
    def example(cls) -> CalculatorsApp:
        return cls()

    def __init__(self, start: str = "nps") -> None:
        super().__init__()
        choices = calculator_choices()
        self.picker = w.Dropdown(options=choices, value=start, description="Calculator", style=_STYLE,
                                 layout=_FULL)
        self.views: dict[str, CalculatorView] = {}
        self.holder = w.VBox()
        self.on_change(self.picker, lambda change: self.show(change["new"]))
        self.show(start)
        self.view = w.VBox([
            w.HTML("<p>Choose a calculator. Each one starts with a worked example: change the numbers to see "
                   "the working and the result update. Press Tab to move between boxes; a box's new value is "
                   "used when you leave it or press Enter.</p>"),
            self.picker, self.error, self.holder])

    def show(self, key: str) -> None:
        if key not in self.views:
            self.views[key] = CalculatorView(key)
        self.holder.children = (self.views[key].view,)

