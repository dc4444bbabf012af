"""Sorting task view: sort examples into categories (OCR 1.1, P1)."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.sorting import SortingTask
from widgets.ui.activities.common import WIDE, ActivityView, button, dropdown, esc, heading, style_tag


class SortingView(ActivityView):

    @classmethod
    def example(cls) -> SortingView:
        """The view on the OCR Unit 10 worked example (the hostile-input test builds it this way)."""
        from widgets.activities.sorting import load_sorting

        return cls(load_sorting("ocr-l2-u10", "expectation-sources"))
    def __init__(self, task: SortingTask):
        super().__init__()
        self.task = task
        choices = [("Choose a source…", "")] + [(c.label, c.id) for c in task.categories]
        self.pickers: dict[str, w.Dropdown] = {}
        self.marks: dict[str, w.HTML] = {}
        rows: list[w.Widget] = []
        for n, item in enumerate(task.items, 1):
            self.pickers[item.id] = dropdown(f"Example {n}: source", choices, "")
            self.marks[item.id] = w.HTML(layout=WIDE)
            rows += [w.HTML(f"<p><strong>Example {n}.</strong> {esc(item.text)}</p>", layout=WIDE),
                     self.pickers[item.id], self.marks[item.id]]
        self.check_button = button("Check my answers", style="primary")
        self.on_click(self.check_button, self.check)
        self.reset_button = button("Clear my answers")
        self.on_click(self.reset_button, self.reset)
        cats = "".join(f"<li><strong>{esc(c.label)}</strong>: {esc(c.description)}</li>" for c in task.categories)
        self.view = w.VBox([style_tag(), heading(task.title), w.HTML(f"<p>{esc(task.instructions)}</p><ul>{cats}</ul>",
                                                                      layout=WIDE),
                            *rows, w.HBox([self.check_button, self.reset_button]), self.error, self.status])

    def answers(self) -> dict[str, str | None]:
        return {k: (p.value or None) for k, p in self.pickers.items()}

    def check(self) -> None:
        try:
            result = self.task.check(self.answers())
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        for r in result.items:
            if not r.answered:
                self.marks[r.item.id].value = "<p class='cx-sort-mark'>Not answered yet.</p>"
            elif r.correct:
                self.marks[r.item.id].value = (f"<p><span class='cx-sort-mark'>✓ Right.</span> "
                                               f"{esc(r.item.feedback)}</p>")
            else:
                self.marks[r.item.id].value = (f"<p><span class='cx-sort-mark'>✗ Not quite.</span> The answer is "
                                               f"<strong>{esc(r.answer_label)}</strong>. {esc(r.item.feedback)}</p>")
        self.say(f"You got {result.summary}")

    def reset(self) -> None:
        for p in self.pickers.values():
            p.value = ""
        for m in self.marks.values():
            m.value = ""
        self.say("Your answers have been cleared.")
