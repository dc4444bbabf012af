"""Coverage scanning: sections, activities and quiz questions; unknown criteria are errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from widgets.bookgen import ROOT, coverage_page
from widgets.coverage import CoverageError, scan
from widgets.curriculum import load_all


def _notebook(cells: list[dict]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _bank(spec: str, qid: str, criteria: str) -> str:
    """A minimal valid bank (schema in data/quizzes/README.md) with one true/false question (a practice-pool
    question: every question of a spec with a mock exam names its pool)."""
    return (f"schema: 1\nspec: {spec}\ntitle: T\nquestions:\n  - id: {qid}\n    type: true_false\n    pool: practice\n"
            f"    criteria: {criteria}\n    difficulty: foundation\n    stem: S\n    explanation: E\n"
            "    answer: true\n    feedback: {true: 'Yes', false: 'No'}\n")


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_sections_activities_and_quiz_questions_are_found(tmp_path):
    cells = [
        _md("# Chapter\n\n## Where expectations come from\n\n{ac}`ocr-l2-u10:P1` text"),
        _md("## Why satisfaction matters\n\nSee {ac}`ocr-l2-u10:P2`."),
        {"cell_type": "code", "metadata": {"cx": {"activity": "Sort the sources", "criteria": ["ocr-l2-u10:P1"]}},
         "source": "x()", "outputs": [], "execution_count": None},
    ]
    _write(tmp_path, "chapters/ocr-l2-u10/01-expectations.ipynb", _notebook(cells))
    _write(tmp_path, "data/quizzes/ocr-l2-u10/lo1.yml", _bank("ocr-l2-u10", "q1", "[ocr-l2-u10:P1, ocr-l2-u10:P2]"))
    cov = scan(tmp_path)
    sections = cov.places("ocr-l2-u10:P1", "section")
    assert [(p.title, p.anchor) for p in sections] == [("Where expectations come from", "where-expectations-come-from")]
    assert cov.places("ocr-l2-u10:P2", "section")[0].title == "Why satisfaction matters"
    assert [p.title for p in cov.places("ocr-l2-u10:P1", "activity")] == ["Sort the sources"]
    assert len(cov.places("ocr-l2-u10:P2", "quiz")) == 1
    assert cov.percent("ocr-l2-u10") == pytest.approx(100 * 2 / 14)
    assert cov.percent("cim-l6-cjo") == 0


def test_quiz_questions_alone_do_not_make_a_criterion_covered(tmp_path):
    _write(tmp_path, "data/quizzes/cim-l6-cjo/lo1.yml", _bank("cim-l6-cjo", "q1", "[cim-l6-cjo:1.1]"))
    cov = scan(tmp_path)
    assert cov.count("cim-l6-cjo", "quiz") == 1
    assert cov.count("cim-l6-cjo") == 0 and cov.percent("cim-l6-cjo") == 0
    page = coverage_page(load_all(), cov)
    row = next(line for line in page.splitlines() if "ac-cim-l6-cjo-1.1" in line or "ac-cim-l6-cjo-1-1" in line)
    assert "**not yet taught**" in row and "1 question(s)" in row


@pytest.mark.parametrize("where", ["section", "activity", "quiz"])
def test_a_reference_to_a_criterion_that_does_not_exist_fails(tmp_path, where):
    if where == "section":
        _write(tmp_path, "chapters/ocr-l2-u10/01.ipynb", _notebook([_md("## S\n{ac}`ocr-l2-u10:P10`")]))
    elif where == "activity":
        cell = {"cell_type": "code", "metadata": {"cx": {"activity": "A", "criteria": ["cim-l4-cx:7.1"]}},
                "source": "", "outputs": [], "execution_count": None}
        _write(tmp_path, "chapters/cim-l4-cx/01.ipynb", _notebook([cell]))
    else:
        _write(tmp_path, "data/quizzes/cim-l6-cjo/bank.yml", _bank("cim-l6-cjo", "q9", "[cim-l6:1.1]"))
    with pytest.raises(CoverageError) as info:
        scan(tmp_path)
    assert ("01.ipynb" in str(info.value)) or ("bank.yml" in str(info.value) and "q9" in str(info.value))


def test_the_repository_content_refers_only_to_real_criteria():
    scan(ROOT)  # raises CoverageError on any unknown reference


def test_the_coverage_page_lists_all_82_criteria_honestly(tmp_path):
    page = coverage_page(load_all(), scan(tmp_path))  # an empty tree: nothing is covered yet
    rows = [line for line in page.splitlines() if line.startswith("| {ref}")]
    assert len(rows) == 82
    assert all("not yet covered" in row for row in rows)
    assert "| 0% |" in page


def test_a_malformed_bank_fails_the_scan_naming_file_question_and_field(tmp_path):
    bad = _bank("ocr-l2-u10", "q3", "[ocr-l2-u10:P1]").replace("difficulty: foundation", "difficulty: easy")
    _write(tmp_path, "data/quizzes/ocr-l2-u10/lo1.yml", bad)
    with pytest.raises(CoverageError, match=r"data/quizzes/ocr-l2-u10/lo1.yml: q3: difficulty: "):
        scan(tmp_path)
