"""Part 1 of the KPI designer (6.1): the KPI form with its metric's calculator and working, the KPI list, and
the checks on the set (areas covered, vanity measures). Every rule is in :mod:`widgets.activities.kpi_designer`."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.activities.kpi_designer import (
    AREAS,
    FREQUENCIES,
    METRIC_LABELS,
    METRICS,
    OTHER,
    KpiTask,
    Work,
    add_kpi,
    compute_metric,
    formula_of,
    kpi_card_html,
    kpi_from_form,
    kpi_notes,
)
from widgets.activities.optimisation_plan import parse_values
from widgets.numeric import parse_number
from widgets.ui.activities.common import STYLE, WIDE, ActivityView, area, button, dropdown, text

esc = html.escape
NEW = -1


def combo(label: str, options: list[str], placeholder: str) -> w.Combobox:
    """A text box that offers the case's names but takes anything typed."""
    return w.Combobox(options=options, ensure_option=False, description=label, placeholder=placeholder,
                      continuous_update=False, style=STYLE, layout=WIDE)


def checked(view: ActivityView, action, where: w.HTML):
    """``action`` with a refused entry (a ``ValueError`` in the model's words) shown at ``where``, the learner's
    text kept; anything unexpected still goes to the view's guard."""

    def run(*args):
        try:
            action(*args)
        except ValueError as exc:
            view.fail(exc, where)

    return run


class KpiForm(ActivityView):
    abstract = True
    task: KpiTask
    work: Work

    def build_kpi_form(self) -> None:
        t = self.task
        self.chosen = dropdown("KPI to edit", [("(a new KPI)", NEW)], NEW)
        self.on_change(self.chosen, checked(self, lambda _c: self.fill_kpi_form(), self.status), self.status)
        self.k_name = text("KPI name", placeholder="e.g. Complaints answered within 24 hours")
        self.k_area = dropdown("Area", [(v, k) for k, v in AREAS.items()], "service")
        self.k_definition = area("Definition", placeholder="What exactly is counted, and for whom")
        self.k_metric = dropdown("Metric", [(v, k) for k, v in METRIC_LABELS.items()], OTHER)
        self.k_formula = text("Formula", placeholder="e.g. complaints ÷ transactions × 1,000")
        self.calc_box = w.VBox(layout=WIDE)
        self.calc_inputs: dict[str, w.Widget] = {}
        self.compute = button("Show the working")
        self.working = w.HTML(layout=WIDE)
        self.k_baseline = text("Baseline (optional)", placeholder="e.g. 31")
        self.k_target = text("Target", placeholder="e.g. 35")
        self.k_unit = text("Unit", placeholder="e.g. % or hours")
        self.k_direction = dropdown("Better when", [("Higher is better", "higher"), ("Lower is better", "lower")],
                                    "higher")
        self.k_source = text("Data source", placeholder="e.g. complaints log")
        self.k_frequency = dropdown("Frequency", [(f, f) for f in FREQUENCIES], "Monthly")
        self.k_owner = combo("Owner", t.owners, "Choose or type a name and role")
        self.k_plain = area("In plain words", placeholder="What it means to a store team or a board member")
        self.k_benchmark = combo("Best-practice benchmark", t.benchmarks, "Choose or type a source")
        self.kpi_msg = w.HTML(layout=WIDE)
        self.add_k, self.update_k, self.remove_k = button("Add the KPI", style="primary"), \
            button("Update this KPI"), button("Remove this KPI")
        self.on_click(self.add_k, checked(self, lambda: self.save_kpi(None), self.kpi_msg), self.kpi_msg)
        update = checked(self, lambda: self.save_kpi(self.chosen.value), self.kpi_msg)
        self.on_click(self.update_k, update, self.kpi_msg)
        self.on_click(self.remove_k, checked(self, self.remove_kpi, self.kpi_msg), self.kpi_msg)
        self.on_change(self.k_metric, checked(self, self.metric_changed, self.kpi_msg), self.kpi_msg)
        self.on_click(self.compute, checked(self, self.show_working, self.working), self.working)
        self.kpi_list, self.kpi_checks = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        for box, label in ((self.k_baseline, "Baseline"), (self.k_target, "Target")):
            self.on_change(box, checked(self, lambda c, x=label: self.check_number(c["new"], x), self.kpi_msg),
                           self.kpi_msg)

    def check_number(self, value: str, label: str) -> None:
        """A number box answered as it is typed (the whole KPI is checked when it is added)."""
        if value.strip():
            parse_number(value, label, example="35", limit=1e9)
        self.kpi_msg.value = ""

    def kpi_widgets(self) -> list[w.Widget]:
        return [self.chosen, self.k_name, self.k_area, self.k_definition, self.k_metric, self.k_formula,
                self.calc_box, self.compute, self.working, self.k_baseline, self.k_target, self.k_unit,
                self.k_direction, self.k_source, self.k_frequency, self.k_owner, self.k_plain, self.k_benchmark,
                self.kpi_msg, w.HBox([self.add_k, self.update_k, self.remove_k]), self.kpi_checks, self.kpi_list]

    def metric_changed(self, _change=None, keep: dict | None = None) -> None:
        key = self.k_metric.value
        kept = keep if keep is not None else {n: b.value for n, b in self.calc_inputs.items()}
        self.calc_inputs = {}
        m = METRICS.get(key)
        if m is not None:
            for inp in m.inputs:
                make = area if inp.kind == "list" else text
                box = make(inp.label, kept.get(inp.name, ""), f"e.g. {inp.example}")
                self.on_change(box, checked(self, lambda c, i=inp: self.check_input(i, c["new"]), self.working),
                               self.working)
                self.calc_inputs[inp.name] = box
            if keep is None:
                self.k_formula.value = formula_of(key)
                self.k_unit.value = m.unit
                self.k_direction.value = "higher" if m.higher_is_better else "lower"
            note = (f"<p class='cx-hint'>Linked to <code>widgets.metrics.{esc(m.calculator)}</code>: type the "
                    "inputs and press “Show the working” (optional).</p>")
            self.calc_box.children = [w.HTML(note), *self.calc_inputs.values()]
        else:
            self.calc_box.children = [w.HTML("<p class='cx-hint'>No calculator for this measure: write its "
                                             "formula yourself.</p>")]
        self.compute.disabled = m is None
        self.k_unit.disabled = self.k_direction.disabled = m is not None
        self.working.value = ""

    def check_input(self, inp, value: str) -> None:
        if value.strip():
            if inp.kind == "list":
                parse_values(value, inp.label)
            else:
                parse_number(value, inp.label, example=inp.example, whole=inp.kind == "count", allow_negative=False)
        self.working.value = ""

    def show_working(self) -> None:
        res = compute_metric(self.k_metric.value, {n: b.value for n, b in self.calc_inputs.items()})
        steps = "".join(f"<li>{esc(s)}</li>" for s in res.steps)
        head = f"{esc(res.metric)}: {res.value:,.2f} {esc(res.unit)}"
        self.working.value = f"<p><strong>{head}</strong></p><ul>{steps}</ul>"
        if not self.k_baseline.value.strip():
            self.k_baseline.value = f"{res.value:.2f}".rstrip("0").rstrip(".")
        self.say("Working shown; the result is in the baseline box if it was empty.")

    def read_kpi(self):
        return kpi_from_form(
            name=self.k_name.value, area=self.k_area.value, definition=self.k_definition.value,
            metric=self.k_metric.value, formula=self.k_formula.value,
            inputs={n: b.value for n, b in self.calc_inputs.items()}, baseline=self.k_baseline.value,
            target=self.k_target.value, unit=self.k_unit.value, direction=self.k_direction.value,
            source=self.k_source.value, frequency=self.k_frequency.value, owner=self.k_owner.value,
            plain_words=self.k_plain.value, benchmark=self.k_benchmark.value)

    def save_kpi(self, index: int | None) -> None:
        if index == NEW:
            raise ValueError("Choose the KPI to update in “KPI to edit”, or press “Add the KPI”.")
        kpis = add_kpi(self.work.kpis, self.read_kpi(), index)
        self.work = self.work.model_copy(update={"kpis": kpis})
        self.kpi_msg.value = ""
        self.refresh_kpis(len(kpis) - 1 if index is None else index)
        self.say("KPI added." if index is None else "KPI updated.")

    def remove_kpi(self) -> None:
        if self.chosen.value == NEW:
            raise ValueError("Choose the KPI to remove in “KPI to edit”.")
        kpis = [k for n, k in enumerate(self.work.kpis) if n != self.chosen.value]
        self.work = self.work.model_copy(update={"kpis": kpis})
        self.refresh_kpis(NEW)
        self.say("KPI removed.")

    def fill_kpi_form(self) -> None:
        if self._quiet:
            return
        n = self.chosen.value
        k = self.work.kpis[n] if n != NEW and n < len(self.work.kpis) else None
        with self._silent():
            self.k_metric.value = k.metric if k else OTHER
        self.metric_changed(keep=dict(k.inputs) if k else {})
        for box, value in ((self.k_name, k.name if k else ""), (self.k_definition, k.definition if k else ""),
                           (self.k_formula, k.formula if k else ""),
                           (self.k_baseline, "" if not k or k.baseline is None else f"{k.baseline:g}"),
                           (self.k_target, f"{k.target:g}" if k else ""), (self.k_unit, k.unit if k else ""),
                           (self.k_source, k.source if k else ""), (self.k_owner, k.owner if k else ""),
                           (self.k_plain, k.plain_words if k else ""), (self.k_benchmark, k.benchmark if k else "")):
            box.value = value
        if k:
            self.k_area.value, self.k_frequency.value = k.area, k.frequency if k.frequency in FREQUENCIES else "Monthly"
            self.k_direction.value = "higher" if k.higher_is_better else "lower"
        self.kpi_msg.value = ""

    def refresh_kpis(self, select: int = NEW) -> None:
        kpis = self.work.kpis
        with self._silent():
            self.chosen.options = [("(a new KPI)", NEW)] + [(f"{n + 1}. {k.name}", n) for n, k in enumerate(kpis)]
            self.chosen.value = select if select < len(kpis) else NEW
        self.fill_kpi_form()
        notes = kpi_notes(kpis, self.task.vanity)
        items = "".join(f"<li>{esc(x)}</li>" for x in notes) or "<li>Every area has a KPI and none is a duplicate.</li>"
        self.kpi_checks.value = f"<h4>Checks on your set ({len(kpis)} KPIs)</h4><ul>{items}</ul>"
        self.kpi_list.value = "".join(kpi_card_html(k, self.task.vanity) for k in kpis)
        if hasattr(self, "r_kpi"):
            self.refresh_report()
