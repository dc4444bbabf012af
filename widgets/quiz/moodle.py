"""Export question banks to Moodle XML, the format study centres import into Moodle's question bank.

Mapping (Moodle 4.4+ core question types; ``ordering`` became a core type in Moodle 4.4):

=========== ============== ===========================================================================
ours         Moodle         notes
=========== ============== ===========================================================================
single       multichoice    ``<single>true</single>``; correct option 100 %, others 0 %
multiple     multichoice    ``<single>false</single>``; each of the C correct options ``+100/C`` %,
                            each of the W incorrect ones ``-100/W`` % (the same rule as ours)
true_false   truefalse      feedback for choosing True sits on the ``true`` answer
numeric      numerical      answer with ``<tolerance>``; the unit is added to the question text
ordering     ordering       items in the correct order, absolute-position grading, all items shown
matching     matching       one ``<subquestion>`` per pair
text         shortanswer    every accepted answer at 100 %, case-insensitive
=========== ============== ===========================================================================

Every question keeps its id as the Moodle ``idnumber`` and name, and its criteria as tags, so a
centre can build a random quiz by criterion. Text is converted from the safe Markdown subset with
:func:`widgets.quiz.markdown.markdown_html` (escaped first), and ElementTree escapes it again as XML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from widgets.quiz.markdown import inline_html, markdown_html
from widgets.quiz.models import Question, QuestionBank


def _text(parent: ET.Element, tag: str, value: str, *, html_format: bool = True) -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": "html"} if html_format else {})
    ET.SubElement(el, "text").text = value
    return el


def _fraction(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".") if value not in (0, 100) else str(int(value))


def _feedback_answer(parent: ET.Element, fraction: str, text: str, feedback: str, *, md: bool = True) -> None:
    ans = ET.SubElement(parent, "answer", {"fraction": fraction, "format": "html" if md else "moodle_auto_format"})
    ET.SubElement(ans, "text").text = markdown_html(text) if md else text
    fb = ET.SubElement(ans, "feedback", {"format": "html"})
    ET.SubElement(fb, "text").text = markdown_html(feedback)


def question_element(question: Question) -> ET.Element:
    """One ``<question>`` element."""
    qtype = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
             "numeric": "numerical", "ordering": "ordering", "matching": "matching",
             "text": "shortanswer"}[question.type]
    q = ET.Element("question", {"type": qtype})
    name = ET.SubElement(q, "name")
    ET.SubElement(name, "text").text = question.id
    stem = markdown_html(question.stem)
    if question.type == "numeric" and question.unit:
        stem += f"<p>(Answer in {inline_html(question.unit)}.)</p>"
    _text(q, "questiontext", stem)
    _text(q, "generalfeedback", markdown_html(question.explanation))
    ET.SubElement(q, "defaultgrade").text = "1"
    ET.SubElement(q, "penalty").text = "0.3333333"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = question.id
    fb = question.feedback
    if question.type in {"single", "multiple"}:
        options = question.options or ()
        n_correct = sum(o.correct for o in options)
        n_wrong = len(options) - n_correct
        ET.SubElement(q, "single").text = "true" if question.type == "single" else "false"
        ET.SubElement(q, "shuffleanswers").text = "true" if question.shuffle_options else "false"
        ET.SubElement(q, "answernumbering").text = "abc"
        for opt in options:
            if question.type == "single":
                frac = 100.0 if opt.correct else 0.0
            else:
                frac = 100.0 / n_correct if opt.correct else -100.0 / n_wrong
            _feedback_answer(q, _fraction(frac), opt.text, opt.feedback)
    elif question.type == "true_false":
        _feedback_answer(q, "100" if question.answer else "0", "true", fb.on_true, md=False)  # type: ignore[union-attr]
        _feedback_answer(q, "0" if question.answer else "100", "false", fb.on_false, md=False)  # type: ignore[union-attr]
    elif question.type == "numeric":
        ans = ET.SubElement(q, "answer", {"fraction": "100", "format": "moodle_auto_format"})
        ET.SubElement(ans, "text").text = repr(float(question.answer))  # type: ignore[arg-type]
        ET.SubElement(ans, "tolerance").text = repr(float(question.tolerance))
        fbe = ET.SubElement(ans, "feedback", {"format": "html"})
        ET.SubElement(fbe, "text").text = markdown_html(fb.correct)  # type: ignore[union-attr]
        _text(q, "incorrectfeedback", markdown_html(fb.incorrect))  # type: ignore[union-attr]
    elif question.type == "ordering":
        ET.SubElement(q, "layouttype").text = "VERTICAL"
        ET.SubElement(q, "selecttype").text = "ALL"
        ET.SubElement(q, "selectcount").text = "0"
        ET.SubElement(q, "gradingtype").text = "ABSOLUTE_POSITION"
        ET.SubElement(q, "showgrading").text = "SHOW"
        ET.SubElement(q, "numberingstyle").text = "none"
        ET.SubElement(q, "shownumcorrect").text = "1"  # explicit, so Moodle's import creates no NULL hints
        for position, item in enumerate(question.items or (), start=1):
            ans = ET.SubElement(q, "answer", {"fraction": str(position), "format": "html"})
            ET.SubElement(ans, "text").text = markdown_html(item)
    elif question.type == "matching":
        ET.SubElement(q, "shuffleanswers").text = "true"
        for pair in question.pairs or ():
            sub = ET.SubElement(q, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = markdown_html(pair.left)
            ans = ET.SubElement(sub, "answer")
            ET.SubElement(ans, "text").text = pair.right
    elif question.type == "text":
        ET.SubElement(q, "usecase").text = "0"
        for accepted in question.accept or ():
            ans = ET.SubElement(q, "answer", {"fraction": "100", "format": "moodle_auto_format"})
            ET.SubElement(ans, "text").text = accepted
            fbe = ET.SubElement(ans, "feedback", {"format": "html"})
            ET.SubElement(fbe, "text").text = markdown_html(fb.correct)  # type: ignore[union-attr]
    if question.type in {"numeric", "ordering", "matching", "text"}:
        if question.type != "numeric":
            _text(q, "correctfeedback", markdown_html(fb.correct))  # type: ignore[union-attr]
            _text(q, "partiallycorrectfeedback", markdown_html(fb.incorrect))  # type: ignore[union-attr]
            _text(q, "incorrectfeedback", markdown_html(fb.incorrect))  # type: ignore[union-attr]
    tags = ET.SubElement(q, "tags")
    for key in (*question.criteria, question.difficulty):
        tag = ET.SubElement(tags, "tag")
        ET.SubElement(tag, "text").text = key
    return q


def to_moodle_xml(banks: QuestionBank | Iterable[QuestionBank]) -> str:
    """A Moodle XML ``<quiz>`` document: for each bank a category (``$course$/<spec>/<title>``) and
    its questions."""
    if isinstance(banks, QuestionBank):
        banks = [banks]
    quiz = ET.Element("quiz")
    for bank in banks:
        cat = ET.SubElement(quiz, "question", {"type": "category"})
        category = ET.SubElement(cat, "category")
        ET.SubElement(category, "text").text = f"$course$/top/{bank.spec}/{bank.title}"
        for question in bank.questions:
            quiz.append(question_element(question))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
