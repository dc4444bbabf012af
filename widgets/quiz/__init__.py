"""Self-check quizzes and mock exams: validated banks, grading, paper assembly, Moodle export, display.

* :mod:`widgets.quiz.models` — the bank schema (``data/quizzes/README.md``), ``load_bank``/``load_banks``.
* :mod:`widgets.quiz.grading` — ``grade`` (partial-credit rules), ``paper_percent``, ``band_for``.
* :mod:`widgets.quiz.assembly` — ``assemble_paper``/``assemble_papers`` (stratified, seeded, no repeats).
* :mod:`widgets.quiz.moodle` — ``to_moodle_xml``; ``python -m widgets.quiz moodle <bank-or-spec> -o f.xml``.
* :mod:`widgets.quiz.payload` — the JSON and static HTML the one browser renderer (``quiz.js``) reads.

Chapters and dashboards show a quiz with ``show_quiz`` and ``show_mock_exam`` from :mod:`widgets.show`
(static HTML in the book build, the live widget in JupyterLab and Voila); this package holds no views.
"""

from __future__ import annotations

from pathlib import Path

from widgets.quiz.assembly import assemble_paper, assemble_papers
from widgets.quiz.grading import Mark, band_for, grade, paper_percent
from widgets.quiz.models import BankError, Question, QuestionBank, load_bank, load_banks, specs_with_banks
from widgets.quiz.moodle import to_moodle_xml

__all__ = ["BankError", "Mark", "Question", "QuestionBank", "assemble_paper", "assemble_papers", "band_for",
           "find_bank", "grade", "load_bank", "load_banks", "paper_percent", "specs_with_banks", "to_moodle_xml"]


def find_bank(spec_id: str, name: str) -> QuestionBank:
    """The bank of ``spec_id`` whose file is ``<name>.yml`` or whose ``outcome`` is ``name`` (e.g. ``LO1``)."""
    banks = load_banks(spec_id)
    for bank in banks:
        if Path(bank.source).stem == name or (bank.outcome or "").lower() == name.lower():
            return bank
    names = ", ".join(Path(b.source).stem for b in banks) or "none yet"
    raise ValueError(f"{spec_id} has no question bank called {name!r} (banks: {names})")

