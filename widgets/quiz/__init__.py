"""Self-check quizzes and mock exams: validated banks, grading, paper assembly, Moodle export, display.

* :mod:`widgets.quiz.models` — the bank schema (``data/quizzes/README.md``), ``load_bank``/``load_banks``.
* :mod:`widgets.quiz.grading` — ``grade`` (partial-credit rules), ``paper_percent``, ``band_for``.
* :mod:`widgets.quiz.assembly` — ``assemble_paper``/``assemble_papers`` (stratified, seeded, no repeats).
* :mod:`widgets.quiz.moodle` — ``to_moodle_xml``; ``python -m widgets.quiz moodle <bank-or-spec> -o f.xml``.
* :mod:`widgets.quiz.payload` — the JSON and static HTML the one browser renderer (``quiz.js``) reads.

``show_quiz`` and ``show_mock_exam`` are what chapters and dashboards call: in the book build
(``CX_BOOK_BUILD=1``) they return static HTML; in JupyterLab and Voila a widget whose ``result``
trait holds the learner's latest result.
"""

from __future__ import annotations

from pathlib import Path

from widgets.quiz.assembly import assemble_paper, assemble_papers
from widgets.quiz.grading import Mark, band_for, grade, paper_percent
from widgets.quiz.models import BankError, Question, QuestionBank, load_bank, load_banks, specs_with_banks
from widgets.quiz.moodle import to_moodle_xml

__all__ = ["BankError", "Mark", "Question", "QuestionBank", "assemble_paper", "assemble_papers", "band_for",
           "find_bank", "grade", "load_bank", "load_banks", "paper_percent", "show_mock_exam", "show_quiz",
           "specs_with_banks", "to_moodle_xml"]


def find_bank(spec_id: str, name: str) -> QuestionBank:
    """The bank of ``spec_id`` whose file is ``<name>.yml`` or whose ``outcome`` is ``name`` (e.g. ``LO1``)."""
    banks = load_banks(spec_id)
    for bank in banks:
        if Path(bank.source).stem == name or (bank.outcome or "").lower() == name.lower():
            return bank
    names = ", ".join(Path(b.source).stem for b in banks) or "none yet"
    raise ValueError(f"{spec_id} has no question bank called {name!r} (banks: {names})")


class _StaticHTML:
    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html, "text/plain": self.text}


def _display(data: dict):
    from widgets.charts import building_book
    from widgets.quiz.payload import quiz_html

    if building_book():
        return _StaticHTML(quiz_html(data), f"{data['title']} ({len(data['questions'])} questions)")
    from widgets.ui.quiz import QuizWidget

    return QuizWidget(data)


def show_quiz(spec_id: str, bank: str, criterion: str | None = None):
    """A practice quiz on one bank (``bank`` = file name without ``.yml`` or outcome id): every question,
    or with ``criterion`` (e.g. ``"1.2"``) only the questions that check that criterion."""
    from widgets.quiz.payload import practice_data

    return _display(practice_data(find_bank(spec_id, bank), criterion=criterion))


def show_mock_exam(spec_id: str = "cim-l6-cjo", paper: int = 1):
    """The timed mock exam (paper 1 to 3) of a spec assessed by an on-screen test."""
    from widgets.charts import building_book
    from widgets.quiz.payload import exam_data

    return _display(exam_data(spec_id, paper, links="book" if building_book() else "absolute"))
