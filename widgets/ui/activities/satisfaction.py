"""Customer satisfaction index view (CIM Level 3 Customer Communications 2.5): edit the attributes, their
importance and both organisations' scores; see each step of the working, the benchmark table and chart;
download the result. A box that holds something unusable gets a message beside it and keeps its text."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.satisfaction import (
    MAX_ATTRIBUTES,
    SatisfactionTask,
    benchmark_table_html,
    build_task,
    document_html,
    read_name,
    read_score,
    satisfaction_chart,
    steps_html,
    to_csv,
)
from widgets.charts import show_in
from widgets.ui.activities.common import WIDE, ActivityView, button, download_links, heading, style_tag, text
from widgets.ui.common import error_html

SMALL = {"description_width": "9rem"}


def _box(label: str, value: str, width: str) -> w.Text:
    return w.Text(value=value, description=label, continuous_update=False, style=SMALL, layout=w.Layout(width=width))


class _Row:
    """One attribute: its name, importance and both scores, with a message area beside them."""

    def __init__(self, n: int, values: tuple[str, str, str, str]):
        name, importance, own, competitor = values
        self.name = _box(f"Attribute {n}", name, "24rem")
        self.importance = _box(f"Importance {n}", importance, "15rem")
        self.own = _box(f"Your score {n}", own, "15rem")
        self.competitor = _box(f"Competitor score {n}", competitor, "17rem")
        self.message = w.HTML(layout=WIDE)
        self.box = w.VBox([w.HBox([self.name, self.importance], layout=w.Layout(flex_flow="row wrap")),
                           w.HBox([self.own, self.competitor], layout=w.Layout(flex_flow="row wrap")), self.message],
                          layout=w.Layout(border_bottom="1px solid #767676", padding="0.25rem 0"))

    @property
    def inputs(self) -> list[w.Text]:
        return [self.name, self.importance, self.own, self.competitor]

    def read(self, low: float, high: float) -> tuple[str, float, float, float]:
        """The row's values, or a ``ValueError`` naming the box (shown beside the row)."""
        n = self.name.description.rsplit(" ", 1)[1]
        return (read_name(self.name.value, f"Attribute {n}"), read_score(self.importance.value, f"Importance {n}"),
                read_score(self.own.value, f"Your score {n}", low, high),
                read_score(self.competitor.value, f"Competitor score {n}", low, high))


class SatisfactionIndexView(ActivityView):
    @classmethod
    def example(cls) -> SatisfactionIndexView:
        from widgets.activities.satisfaction import load_satisfaction

        return cls(load_satisfaction("cim-l3-cc", "kettleby-csi"))

    def __init__(self, task: SatisfactionTask):
        super().__init__()
        self.task = task
        self.organisation = text("Your organisation", task.organisation)
        self.competitor = text("Competitor", task.competitor)
        start = [(a.attribute, f"{a.importance:g}", f"{a.own:g}", f"{a.competitor:g}") for a in task.attributes]
        start += [("", "", "", "")] * (MAX_ATTRIBUTES - len(start))
        self.rows = [_Row(n, values) for n, values in enumerate(start, 1)]
        self.count = len(task.attributes)
        for widget in (self.organisation, self.competitor, *(box for row in self.rows for box in row.inputs)):
            self.on_change(widget, lambda _change: self.recompute())
        self.add = button("Add an attribute")
        self.drop = button("Remove the last attribute")
        self.on_click(self.add, self.add_row)
        self.on_click(self.drop, self.remove_row)
        self.table, self.working = w.HTML(layout=WIDE), w.HTML(layout=WIDE)
        self.chart = w.Output(layout=WIDE)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.current: SatisfactionTask | None = None
        self.view = w.VBox([
            style_tag(), heading("Customer satisfaction index"),
            w.HTML("<p>For each attribute, give how important customers say it is and how satisfied they are with "
                   f"your organisation and with a competitor (scores from {task.low:g} to {task.high:g}). The index "
                   "weights each score by its importance and rescales the result to 0 to 100. Everything "
                   "updates as you type; nothing is saved on the server.</p>", layout=WIDE),
            self.organisation, self.competitor, heading("Attributes", 4), *(r.box for r in self.rows),
            w.HBox([self.add, self.drop]), self.error, self.status, heading("Benchmark", 4), self.table,
            self.chart, heading("The working, step by step", 4), self.working, self.prepare, self.downloads])
        self._show_rows()
        self.recompute()

    def _show_rows(self) -> None:
        for n, row in enumerate(self.rows):
            row.box.layout.display = None if n < self.count else "none"

    def add_row(self) -> None:
        if self.count >= MAX_ATTRIBUTES:
            self.fail(f"An index can have at most {MAX_ATTRIBUTES} attributes.")
            return
        self.count += 1
        self._show_rows()
        self.say(f"Attribute {self.count} added: give its name, importance and both scores.")
        self.recompute()

    def remove_row(self) -> None:
        if self.count <= 1:
            self.fail("An index needs at least one attribute.")
            return
        row = self.rows[self.count - 1]
        self.count -= 1
        self._show_rows()
        row.message.value = ""
        self.say(f"Attribute {self.count + 1} removed from the index (its boxes keep what you typed).")
        self.recompute()

    def read(self) -> SatisfactionTask | None:
        """The task from the form, or ``None`` after showing each problem beside its row."""
        values, ok = [], True
        for row in self.rows[: self.count]:
            try:
                values.append(row.read(self.task.low, self.task.high))
                row.message.value = ""
            except ValueError as exc:
                row.message.value = error_html(str(exc))
                ok = False
        if not ok:
            self.say("Please check the message beside the box you changed.")
            return None
        try:
            task = build_task(self.organisation.value, self.competitor.value, values, self.task.low, self.task.high)
        except ValueError as exc:
            self.fail(exc)
            return None
        self.clear_error()
        return task

    def recompute(self) -> None:
        task = self.read()
        self.current = task
        self.downloads.value = ""
        if task is None:
            self.table.value = ("<p class='cx-hint'>The index updates when every attribute has a name and usable "
                                "numbers.</p>")
            self.working.value = ""
            show_in(self.chart)
            return
        result = task.compare()
        self.table.value = benchmark_table_html(task, result)
        self.working.value = steps_html(task, result)
        show_in(self.chart, satisfaction_chart(task, result))
        self.say(f"Index: {task.organisation} {result.own.value:.2f}, {task.competitor} "
                 f"{result.competitor.value:.2f} out of 100.")

    def prepare_downloads(self) -> None:
        task = self.current
        if task is None:
            self.fail("Fix the boxes with a message first: the files hold a complete index.")
            return
        result = task.compare()
        self.downloads.value = download_links([
            ("satisfaction-index.csv", "text/csv", to_csv(task, result), "Download the index as a spreadsheet (.csv)"),
            ("satisfaction-index.html", "text/html", document_html(task, result),
             "Download the index and its working as a web page (.html)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")
