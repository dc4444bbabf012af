"""My progress in the built book (Chromium, network blocked, keyboard only): two practice questions answered
on a quiz page appear under their criterion; export gives a version-1 file; a bad or foreign file is refused
beside the control and changes nothing; a good file merges (latest attempt wins); reset asks first, in the
page, and clears that specification; axe clean. One page session for all of it (the suite's time budget)."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import choose_file
from tests.test_progress import MOCK, progress_file

pytestmark = [pytest.mark.browser, pytest.mark.book]

PRACTICE_1_1 = "chapters/cim-l6-cjo/91-practice-1-1.html"
PROGRESS = "book/progress.html"
STORE = "() => localStorage.getItem('cx-progress:cim-l6-cjo')"


def _press(page, locator, key: str = "Enter") -> None:
    """Give ``locator`` the keyboard focus (as Tab would) and press ``key``; its focus ring must show."""
    locator.focus()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press(key)


def _row(page, criterion: str):
    return page.locator(f".cx-progress-table tr[data-criterion='{criterion}']")


def test_my_progress_in_the_book(book_url, guarded, tmp_path):
    gp = guarded()
    page = gp.page
    page.goto(f"{book_url}/{PRACTICE_1_1}", wait_until="load")
    page.wait_for_selector(".cx-quiz-root[data-ready]", timeout=15000)
    data = json.loads(page.eval_on_selector(".cx-quiz script.cx-quiz-data", "s => s.textContent"))
    singles = [q for q in data["questions"] if q["type"] == "single"][:2]
    assert len(singles) == 2
    for q in singles:  # answer two questions: the right option of the first, a wrong one of the second
        right = next(i for i, o in enumerate(q["options"]) if o.get("correct"))
        want = right if q is singles[0] else (right + 1) % len(q["options"])
        box = page.locator(f'fieldset[data-qid="{q["id"]}"]')
        labels = [" ".join(t.split()) for t in box.locator("label").all_inner_texts()]
        wanted = " ".join(re.sub(r"[*`]", "", q["options"][want]["text"]).split())
        radio = box.locator("input").nth(labels.index(wanted))
        _press(page, radio, "Space")
        _press(page, box.locator("button:has-text('Check')"))
        page.wait_for_function("(id) => document.querySelector(`fieldset[data-qid='${id}'] .cx-q-verdict`)",
                               arg=q["id"])

    page.goto(f"{book_url}/{PROGRESS}", wait_until="load")
    page.wait_for_selector(".cx-progress-root[data-ready]", timeout=15000)
    assert page.locator(".cx-progress-table").count() == 5  # one table per specification
    row = _row(page, "cim-l6-cjo:1.1")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "2" and cells[1] == "1 of 2 (50%)" and cells[2]  # attempted, share right, when
    assert row.locator("a").count() >= 2  # the section that teaches it and its practice questions
    assert _row(page, "cim-l6-cjo:3.2").inner_text().count("Not yet tried") == 1
    tried = len({c for q in singles for c in q["criteria"]})
    assert f"{tried} of 8 criteria tried" in page.inner_text(".cx-progress-spec:has(#cx-prog-cim-l6-cjo)")
    before = page.evaluate(STORE)

    # Export (keyboard): a version-1 file with both attempts.
    with page.expect_download() as download:
        _press(page, page.locator("button:has-text('Export my progress')"))
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["format"] == "cx-progress" and exported["version"] == 1
    assert set(exported["specs"]) == {"cim-l6-cjo"}
    assert {q["id"] for q in singles} == set(exported["specs"]["cim-l6-cjo"]["questions"])

    # Bad files: a message beside the control, nothing changed.
    file_input = page.locator("input[type='file']")
    message = page.locator(".cx-progress-msg")
    for name, content, reason in [
            ("notes.json", b"these are notes", "not valid JSON"),
            ("other.json", json.dumps({"format": "cx-progress", "version": 1,
                                       "specs": {"aqa-gcse": {"questions": {}, "mocks": []}}}).encode(),
             "not a specification of this course"),
            ("newer.json", json.dumps({"format": "cx-progress", "version": 9, "specs": {}}).encode(), "newer version")]:
        path = tmp_path / name
        path.write_bytes(content)
        file_input.focus()
        choose_file(page, path, lambda: page.keyboard.press("Space"))
        page.wait_for_function("(n) => document.querySelector('.cx-progress-msg').textContent.includes(n)", arg=name)
        text = message.inner_text()
        assert reason in text and "Nothing has changed" in text, text
        assert file_input.get_attribute("aria-describedby") == message.get_attribute("id")
        assert page.evaluate(STORE) == before
    page.wait_for_function("() => document.querySelector('.cx-quiz-live').textContent.includes('Nothing has changed')")

    # A good file: another spec, a later attempt at the second question (now right), and a mock attempt.
    later = {singles[1]["id"]: 1}
    good = json.loads(progress_file(later, "Asha", criteria={singles[1]["id"]: "1.1"}, mocks=[MOCK]))
    good["specs"]["cim-l6-cjo"]["questions"][singles[1]["id"]]["at"] = "2099-01-01T00:00:00.000Z"
    good["specs"]["ocr-l2-u10"] = {"questions": {"ocr-x1": {"criteria": ["ocr-l2-u10:P1"], "score": 1,
                                                            "correct": True, "at": "2026-11-30T09:00:00.000Z"}},
                                   "mocks": []}
    path = tmp_path / "asha.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    file_input.focus()
    choose_file(page, path, lambda: page.keyboard.press("Space"))
    page.wait_for_function("() => document.querySelector('.cx-progress-msg').textContent.includes('imported')")
    assert _row(page, "cim-l6-cjo:1.1").locator("td").nth(1).inner_text() == "2 of 2 (100%)"
    assert _row(page, "ocr-l2-u10:P1").locator("td").nth(0).inner_text() == "1"
    mocks = page.locator(".cx-progress-mocks[data-spec='cim-l6-cjo']")
    assert "Pass" in mocks.inner_text() and "1.1: 2 of 3" in mocks.inner_text()

    # Reset one spec: asks first in the page; Cancel keeps everything, Yes clears it.
    reset = page.locator("button:has-text('Reset my progress in Customer Journey Optimisation')")
    _press(page, reset)
    assert page.evaluate("() => document.activeElement.textContent") == "Cancel"
    assert page.locator("[role='alertdialog']").count() == 1
    page.keyboard.press("Enter")
    assert page.evaluate(STORE) is not None and page.locator("[role='alertdialog']").count() == 0
    _press(page, reset)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.textContent").startswith("Yes, reset")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.cx-progress-msg').textContent.startsWith('Reset')")
    assert page.evaluate(STORE) is None
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('cx-quiz:cim-l6-cjo:'))") == []
    assert "Not yet tried" in _row(page, "cim-l6-cjo:1.1").inner_text()
    assert _row(page, "ocr-l2-u10:P1").locator("td").nth(0).inner_text() == "1"  # the other spec is kept
    assert page.evaluate("() => document.activeElement.id") == "cx-prog-cim-l6-cjo"

    assert gp.blocked == [] and gp.dialogs == []  # no window.confirm
    violations = gp.axe()
    assert violations == [], violations
