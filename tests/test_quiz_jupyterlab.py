"""The quiz widget in JupyterLab (network blocked): it renders from anywidget's bundled front end and
the learner's result reaches the kernel, where a tutor's cell can read ``quiz.result``."""

from __future__ import annotations

import nbformat
import pytest

from tests.conftest import code_notebook, jupyterlab
from tests.quiz_vectors import FIXTURES

pytestmark = pytest.mark.browser

TOKEN = "cx-quiz-test-token"


@pytest.fixture
def lab(tmp_path):
    nb = code_notebook("from widgets.show import show_quiz\nquiz = show_quiz('ocr-l2-u10', 'hostile')\nquiz",
                       "print('tutor sees score', quiz.result.get('score'), 'of', quiz.result.get('questions'))")
    nbformat.write(nb, tmp_path / "quiz.ipynb")
    with jupyterlab(tmp_path, TOKEN, {"CX_QUIZ_DIR": str(FIXTURES)}) as url:
        yield url


def _run_cell(page, index: int) -> None:
    page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")


def test_quiz_result_reaches_the_kernel_in_jupyterlab(lab, guarded):
    gp = guarded()
    page = gp.page
    page.goto(f"{lab}/lab/tree/quiz.ipynb?token={TOKEN}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
    # the status bar says the kernel is idle once it has started
    page.wait_for_function("() => /Python 3 \\(ipykernel\\) \\| Idle/.test(document.body.innerText)", timeout=90000)
    _run_cell(page, 0)
    page.wait_for_selector(".cx-quiz-root[data-ready]", timeout=90000)
    q = 'fieldset[data-qid="fx-hostile-2"]'  # true/false, answer True
    page.check(f"{q} input >> nth=0")
    page.click(f"{q} button:has-text('Check')")
    assert "✔ Correct" in page.inner_text(f"{q} .cx-q-feedback")
    page.wait_for_timeout(500)
    _run_cell(page, 1)
    page.wait_for_function("() => document.body.innerText.includes('tutor sees score 1 of 7')", timeout=60000)
    assert gp.blocked == [], f"requests to other hosts: {gp.blocked}"
