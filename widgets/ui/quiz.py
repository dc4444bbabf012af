"""Quiz views for JupyterLab and Voila: an anywidget whose front end is ``widgets/assets/quiz.js`` (the
same renderer as the static book), and the two apps (practice by outcome, mock exam).

The widget syncs the quiz data down (``data``) and the learner's latest result up (``result``), so a
tutor's notebook can read ``quiz.result``. anywidget's front end ships inside its wheel as a
prebuilt JupyterLab extension, which Voila also loads: nothing comes from a CDN.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from widgets.curriculum import load_spec
from widgets.ui.common import error_html
from widgets.ui.view import View


def _asset(name: str) -> str:
    return resources.files("widgets").joinpath("assets", name).read_text(encoding="utf-8")


class QuizWidget(anywidget.AnyWidget):
    """A practice quiz or mock exam. ``result`` holds the latest score, percentage, band (exams) and
    per-question marks, updated on every Check or on submitting the exam."""

    _esm = _asset("quiz.js")
    _css = _asset("quiz.css")
    data = traitlets.Dict().tag(sync=True)
    result = traitlets.Dict().tag(sync=True)

    def __init__(self, data: dict, **kwargs):
        super().__init__(data=data, **kwargs)


def _bank_choices(spec_id: str) -> list[tuple[str, str]]:
    from widgets.quiz import load_banks

    return [(b.title, Path(b.source).stem) for b in load_banks(spec_id)]


class QuizApp(View):
    """Pick a specification (only those with banks), then a bank (a learning outcome), and practise."""

    @classmethod
    def example(cls) -> QuizApp:
        return cls()

    def __init__(self) -> None:
        from widgets.quiz import specs_with_banks

        super().__init__()
        self.message = self.error
        self.holder = w.Box(layout=w.Layout(display="block", width="100%"))
        specs = specs_with_banks()
        self.quiz: QuizWidget | None = None
        if not specs:
            self.view = w.VBox([w.HTML(error_html("No question banks are installed yet."))])
            return
        self.spec_picker = w.Dropdown(options=[(load_spec(s).qualification, s) for s in specs], value=specs[0],
                                      description="Specification", style={"description_width": "initial"},
                                      layout=w.Layout(width="100%"))
        self.bank_picker = w.Dropdown(options=_bank_choices(specs[0]), description="Learning outcome",
                                      style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        self.on_change(self.spec_picker, self._on_spec)
        self.on_change(self.bank_picker, self._on_bank)
        self._show()
        self.view = w.VBox([w.HTML("<p>Choose a specification and a learning outcome, then answer the questions. "
                                   "Press Check after each one to see feedback.</p>"),
                            self.spec_picker, self.bank_picker, self.message, self.holder])

    def _on_spec(self, change) -> None:
        with self.bank_picker.hold_trait_notifications():
            self.bank_picker.options = _bank_choices(change["new"])
        self._show()

    def _on_bank(self, change) -> None:
        self._show()

    def _show(self) -> None:
        from widgets.quiz import find_bank
        from widgets.quiz.payload import practice_data

        try:
            data = practice_data(find_bank(self.spec_picker.value, self.bank_picker.value))
        except ValueError as exc:
            self.message.value = error_html(str(exc))
            return
        self.message.value = ""
        self.quiz = QuizWidget(data)
        self.holder.children = [self.quiz]


class MockExamApp(View):
    """Choose paper 1, 2 or 3 of a spec's mock exam and sit it."""

    @classmethod
    def example(cls) -> MockExamApp:
        return cls("cim-l6-cjo")

    def __init__(self, spec_id: str = "cim-l6-cjo") -> None:
        super().__init__()
        self.spec_id = spec_id
        self.message = self.error
        self.holder = w.Box(layout=w.Layout(display="block", width="100%"))
        self.quiz: QuizWidget | None = None
        self.paper_picker = w.Dropdown(options=[("Paper 1", 1), ("Paper 2", 2), ("Paper 3", 3)], value=1,
                                       description="Paper", style={"description_width": "initial"})
        self.on_change(self.paper_picker, lambda _change: self._show())
        self._show()
        spec = load_spec(spec_id)
        exam = spec.assessment.exam
        intro = (f"<p>A practice run of the {spec.qualification} test: {exam.questions} questions in "
                 f"{exam.minutes} minutes. Choose a paper; each paper has different questions.</p>"
                 if exam else "")
        self.view = w.VBox([w.HTML(intro), self.paper_picker, self.message, self.holder])

    def _show(self) -> None:
        from widgets.quiz.payload import exam_data

        try:
            data = exam_data(self.spec_id, self.paper_picker.value, links="absolute")
        except ValueError as exc:
            self.message.value = error_html(str(exc))
            self.holder.children = []
            return
        self.message.value = ""
        self.quiz = QuizWidget(data)
        self.holder.children = [self.quiz]

