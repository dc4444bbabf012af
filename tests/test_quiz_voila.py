"""The quiz apps in Voila (committed configuration, network blocked), with the fixture banks: the same
renderer works by keyboard, shows hostile text as text, sends the result to Python, and the mock
exam's bands and timer behave as in the book."""

from __future__ import annotations

import json
import os
import shutil

import nbformat
import pytest

from tests.conftest import ROOT, VoilaServer, code_notebook, free_port, page_error_text
from tests.quiz_vectors import FIXTURES
from tests.test_quiz_browser import HOSTILE, _as_bank_question, _correct_response, _wrong_response
from widgets.quiz import band_for, grade, paper_percent
from widgets.quiz.models import Question

pytestmark = [pytest.mark.voila, pytest.mark.browser]

ECHO = """import ipywidgets as w
from widgets.quiz import find_bank
from widgets.quiz.payload import practice_data
from widgets.ui.quiz import QuizWidget

quiz = QuizWidget(practice_data(find_bank("ocr-l2-u10", "hostile"), key="cx-quiz:test:echo"))
echo = w.Label("Python has no result yet")


def show(change):
    echo.value = "Python received: score {score} of {questions}".format(**change["new"])


quiz.observe(show, names="result")
w.VBox([echo, quiz])"""


@pytest.fixture(scope="module")
def voila_quiz(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quiz-apps")
    for name in ("quiz.ipynb", "mock-exam.ipynb"):
        shutil.copy(ROOT / "dashboards" / name, folder / name)
    nb = code_notebook(ECHO)
    nbformat.write(nb, folder / "echo.ipynb")
    old = os.environ.get("CX_QUIZ_DIR")
    os.environ["CX_QUIZ_DIR"] = str(FIXTURES)  # the fixture banks, for this server only
    try:
        server = VoilaServer(str(folder), free_port())
    finally:
        if old is None:
            os.environ.pop("CX_QUIZ_DIR")
        else:
            os.environ["CX_QUIZ_DIR"] = old
    with server:
        yield server


def _open(gp, url: str):
    gp.page.goto(url, wait_until="domcontentloaded")
    gp.page.wait_for_selector(".cx-quiz-root[data-ready]", timeout=90000)
    return gp.page


def test_practice_app_by_keyboard_with_hostile_text(voila_quiz, guarded):
    gp = guarded()
    page = _open(gp, f"{voila_quiz.url}/voila/render/quiz.ipynb")
    q = 'fieldset[data-qid="fx-hostile-1"]'
    assert HOSTILE in page.inner_text(f"{q} .cx-q-stem")
    assert page.locator(".cx-quiz img").count() == 0
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => !!document.activeElement.closest(sel)", q):
            break
    else:
        pytest.fail("the hostile question cannot be reached with Tab")
    page.keyboard.press("ArrowDown")  # option 2, "A broken image": selected, not graded
    assert page.inner_text(f"{q} .cx-q-feedback") == ""
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the Check button
    text = page.inner_text(f"{q} .cx-q-feedback")
    assert "✘ Incorrect" in text and f"No: {HOSTILE} must not become an image." in text
    page.wait_for_timeout(300)
    assert gp.dialogs == [] and gp.blocked == [] and page_error_text(gp) == []
    violations = gp.axe()
    assert violations == [], json.dumps(violations, indent=1)


def test_the_result_reaches_python(voila_quiz, guarded):
    gp = guarded()
    page = _open(gp, f"{voila_quiz.url}/voila/render/echo.ipynb")
    page.wait_for_function("() => document.body.innerText.includes('Python received: score 0 of 7')", timeout=20000)
    q = 'fieldset[data-qid="fx-hostile-2"]'  # true/false, answer True
    page.check(f"{q} input >> nth=0")
    page.click(f"{q} button:has-text('Check')")
    page.wait_for_function("() => document.body.innerText.includes('Python received: score 1 of 7')", timeout=20000)
    assert gp.blocked == []


def test_mock_exam_bands_and_timer_in_voila(voila_quiz, guarded):
    gp = guarded()
    url = f"{voila_quiz.url}/voila/render/mock-exam.ipynb"
    from widgets.quiz.payload import exam_questions, question_data

    old = os.environ.get("CX_QUIZ_DIR")
    os.environ["CX_QUIZ_DIR"] = str(FIXTURES)  # the same fixture banks as the server
    try:
        # the page never holds the key (the kernel marks); the test reads it from the banks
        qdata = {q.id: question_data(q) for q in exam_questions("cim-l6-cjo", 1)}
    finally:
        if old is None:
            os.environ.pop("CX_QUIZ_DIR")
        else:
            os.environ["CX_QUIZ_DIR"] = old
    key = "cx-exam:cim-l6-cjo:paper1"
    for correct in (26, 27, 31, 32, 35, 36):
        page = _open(gp, url)
        questions = page.evaluate("""() => [...document.querySelectorAll('fieldset.cx-q')].map(f => f.dataset.qid)""")
        assert questions == []  # the start screen
        page.click("button:has-text('Start the exam')")
        page.wait_for_selector(".cx-exam-clock")
        state = page.evaluate("(k) => JSON.parse(localStorage.getItem(k))", key)
        ids = page.evaluate("() => [...document.querySelectorAll('fieldset.cx-q')].map(f => f.dataset.qid)")
        assert sorted(ids) == sorted(qdata)
        qs = [qdata[i] for i in ids]
        responses = {q["id"]: (_correct_response(q) if n < correct else _wrong_response(q)) for n, q in enumerate(qs)}
        state["responses"] = responses
        page.evaluate("([k, s]) => localStorage.setItem(k, JSON.stringify(s))", [key, state])
        page = _open(gp, url)
        page.click("button:has-text('Submit answers')")
        page.wait_for_selector(".cx-quiz-root[data-finished='submitted']")
        marks = [grade(Question.model_validate(_as_bank_question(q)), responses[q["id"]]) for q in qs]
        assert page.inner_text(".cx-exam-band") == band_for(paper_percent(marks, 45), "cim-l6-cjo"), correct
        hrefs = page.eval_on_selector_all(".cx-exam-breakdown a", "as => as.map(a => a.href)")
        assert hrefs and all(h.startswith("http://127.0.0.1:8000/") for h in hrefs)
        page.click("button:has-text('Start again')")
    # the accelerated timer ends the attempt
    page = _open(gp, url + "?cx-quiz-time-scale=240")
    page.click("button:has-text('Start the exam')")
    page.wait_for_selector(".cx-quiz-root[data-finished='time']", timeout=60000)
    assert "Time ran out" in page.inner_text(".cx-exam-result")
    assert gp.blocked == [] and gp.dialogs == []
    violations = gp.axe()
    assert violations == [], json.dumps(violations, indent=1)
