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
    per-question marks, updated on every Check or on submitting the exam.

    A mock exam with ``data["marking"] == "kernel"`` is given its ``questions`` here and marked here: the
    page's data holds no key, the page sends the responses on submission, the kernel marks them with
    :func:`widgets.quiz.grading.grade`, sets ``result`` and only then sends the key back for the review."""

    _esm = _asset("quiz.js")
    _css = _asset("quiz.css")
    data = traitlets.Dict().tag(sync=True)
    result = traitlets.Dict().tag(sync=True)

    def __init__(self, data: dict, questions: list | None = None, **kwargs):
        super().__init__(data=data, **kwargs)
        self._questions = {q.id: q for q in questions or ()}
        if data.get("marking") == "kernel":
            if [q["id"] for q in data["questions"]] != list(self._questions):
                raise ValueError("a mock exam marked in the kernel needs the same questions as its data")
            self.on_msg(self._on_message)

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("type") != "submit":
            return
        try:
            reply = self.mark(content.get("responses"), how=content.get("how"),
                              extra_time=content.get("extra_time") is True)
        except Exception as exc:  # never a traceback in a websocket frame: the page says it could not mark
            from widgets.ui.view import log_server_only

            log_server_only(exc, "marking a mock exam")
            reply = {"type": "marked", "error": "the answers could not be marked"}
        self.send(reply)

    def mark(self, responses: object, how: object = "submitted", extra_time: bool = False) -> dict:
        """Mark ``responses`` (question id → response, as the page sends them), set ``result`` and return the
        reply for the page: the score, and each question's key for the review."""
        import datetime as dt

        from widgets.quiz.grading import band_for, grade, paper_percent
        from widgets.quiz.payload import question_key

        given = responses if isinstance(responses, dict) else {}
        rows, marks = [], []
        for qid, q in self._questions.items():
            m = grade(q, given.get(qid))
            marks.append(m)
            rows.append({"id": qid, "criteria": list(q.criteria), "response": given.get(qid) if m.answered else None,
                         "score": m.score, "correct": m.correct, "answered": m.answered})
        percent = paper_percent(marks, len(marks))
        band = band_for(percent, self.data["spec"])
        self.result = {"key": self.data["key"], "title": self.data["title"], "mode": "exam", "spec": self.data["spec"],
                       "questions": len(rows), "score": sum(m.score for m in marks), "percent": percent,
                       "band": band, "answers": rows, "finished": how if how in ("submitted", "time") else "submitted",
                       "extra_time": extra_time, "marked_by": "kernel",
                       "updated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        return {"type": "marked", "score": self.result["score"], "percent": percent, "band": band,
                "questions": {qid: question_key(q) for qid, q in self._questions.items()}}


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
        from widgets.quiz.payload import exam_data, exam_questions

        try:
            data = exam_data(self.spec_id, self.paper_picker.value, links="absolute", marking="kernel")
            questions = exam_questions(self.spec_id, self.paper_picker.value)
        except ValueError as exc:
            self.message.value = error_html(str(exc))
            self.holder.children = []
            return
        self.message.value = ""
        self.quiz = QuizWidget(data, questions)
        self.holder.children = [self.quiz]

