"""Course map view: pick a specification and a learning outcome; see its criteria, hours, weighting."""

from __future__ import annotations

import html

import ipywidgets as w

from widgets.charts import show_in, weighting_chart
from widgets.course_map import OutcomeSummary, outcome_choices, spec_choices, summarise
from widgets.curriculum import load_spec
from widgets.ui.common import error_html
from widgets.ui.view import View


def summary_html(summary: OutcomeSummary) -> str:
    """Everything shown is escaped: spec text is data, never markup."""
    e = html.escape
    o = summary.outcome
    rows = []
    for c in o.criteria:
        grade = f" <span class='cx-grade'>({e(c.grade)})</span>" if c.grade else ""
        rows.append(f"<li><strong>{e(c.id)}</strong>{grade} {e(c.statement)}</li>")
    topics = ""
    if o.topics:
        items = "".join(f"<li>{e(t.id)} {e(t.title)}</li>" for t in o.topics)
        topics = f"<h3>Teaching content</h3><ul>{items}</ul>"
    return (
        f"<section class='cx-course-map' aria-label='{e(o.id)} details'>"
        f"<h2>{e(o.id)}: {e(o.title)}</h2>"
        f"<p><strong>Weighting:</strong> {e(summary.weighting_text)}</p>"
        f"<p><strong>Hours:</strong> {e(summary.hours_text)}</p>"
        f"<h3>Assessment criteria ({len(o.criteria)})</h3><ul>{''.join(rows)}</ul>{topics}"
        f"</section>"
    )


class CourseMap(View):
    """The widget tree for the course-map app."""

    @classmethod
    def example(cls) -> CourseMap:
        return cls()

    def __init__(self) -> None:
        super().__init__()
        specs = spec_choices()
        self.spec_picker = w.Dropdown(options=specs, value=specs[0][1], description="Specification",
                                      style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        self.outcome_picker = w.Dropdown(options=outcome_choices(specs[0][1]), description="Learning outcome",
                                         style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        self.details = w.HTML()
        self.chart = w.Output()
        self.message = self.error
        self.on_change(self.spec_picker, self._on_spec)
        self.on_change(self.outcome_picker, self._on_outcome)
        self._chart_for: str | None = None
        self._render()
        self.view = w.VBox([
            w.HTML("<p>Choose a specification, then a learning outcome, to see what it asks of you: "
                   "its assessment criteria, hours and weighting.</p>"),
            self.spec_picker, self.outcome_picker, self.message, self.details, self.chart,
        ])

    def _on_spec(self, change) -> None:
        with self.outcome_picker.hold_trait_notifications():
            self.outcome_picker.options = outcome_choices(change["new"])
        self._render()

    def _on_outcome(self, change) -> None:
        self._render()

    def _render(self) -> None:
        try:
            summary = summarise(self.spec_picker.value, self.outcome_picker.value)
        except ValueError as exc:
            self.message.value = error_html(str(exc))
            return
        self.message.value = ""
        self.details.value = summary_html(summary)
        self._render_chart(summary.spec.id)

    def _render_chart(self, spec_id: str) -> None:
        if self._chart_for == spec_id:
            return
        spec = load_spec(spec_id)
        outcomes = spec.outcomes()
        if all(o.weighting for o in outcomes):
            show_in(self.chart, weighting_chart([o.id for o in outcomes], [float(o.weighting or 0) for o in outcomes],
                                                f"{spec.title}: weighting by learning outcome"))
        else:
            show_in(self.chart)
        self._chart_for = spec_id

