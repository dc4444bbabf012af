"""What the browser renderer (``widgets/assets/quiz.js``) receives: quiz data as JSON, and the static
HTML that carries it in the book.

The same JSON drives every surface: embedded in a ``<script type="application/json">`` block in the
static book, or synced as the ``data`` trait of :class:`widgets.ui.quiz.QuizWidget` in JupyterLab
and Voila. Text stays Markdown-subset source; the renderer builds DOM nodes with ``textContent``.
"""

from __future__ import annotations

import base64
import html
import json
import re
from functools import cache
from pathlib import Path

from widgets.curriculum import load_spec
from widgets.quiz.assembly import assemble_paper, assemble_papers
from widgets.quiz.grading import bands
from widgets.quiz.models import Question, QuestionBank, load_banks, quizzes_dir

ROOT = Path(__file__).resolve().parent.parent.parent
EXTRA_TIME = 0.25
"""Reasonable adjustment offered before a timed attempt: 25 % extra time."""
PAPER_SEED = 2026
"""Seed of the mock-exam papers, fixed so that every learner and the tests see the same papers."""


def question_data(q: Question) -> dict:
    """One question as the renderer reads it (answers included: grading runs in the browser)."""
    # Kept lean (page-size budget): no difficulty (not shown), ``correct`` only on correct options,
    # ``shuffle`` only when false.
    d: dict = {"id": q.id, "type": q.type, "criteria": list(q.criteria), "stem": q.stem,
               "explanation": q.explanation}
    if q.options is not None:
        d["options"] = [{"text": o.text, "feedback": o.feedback, **({"correct": True} if o.correct else {})}
                        for o in q.options]
        if not q.shuffle_options:
            d["shuffle"] = False
    if q.type == "true_false":
        d["answer"] = q.answer
        d["feedback"] = {"true": q.feedback.on_true, "false": q.feedback.on_false}  # type: ignore[union-attr]
    elif q.feedback is not None:
        d["feedback"] = {"correct": q.feedback.correct, "incorrect": q.feedback.incorrect}  # type: ignore[union-attr]
    if q.type == "numeric":
        d["answer"] = float(q.answer)  # type: ignore[arg-type]
        d["tolerance"] = q.tolerance
        d["unit"] = q.unit or ""
    if q.items is not None:
        d["items"] = list(q.items)
    if q.pairs is not None:
        d["pairs"] = [{"left": p.left, "right": p.right} for p in q.pairs]
    if q.accept is not None:
        d["accept"] = list(q.accept)
    return d


MARKINGS = ("sealed", "kernel")
"""How a mock exam's answers are kept from the browser until the learner submits:

* ``"kernel"`` (JupyterLab and Voila): the key never reaches the browser. The page sends the responses to
  the kernel, which marks them with :func:`widgets.quiz.grading.grade` and only then sends the key back
  for the review (:class:`widgets.ui.quiz.QuizWidget`).
* ``"sealed"`` (the static book, where nothing can be secret): each question's key, option feedback and
  explanation travel as an obfuscated string (:func:`seal`) that the page opens on submission, so a
  learner cannot read the answers off the page's JSON by accident. It is not encryption; the book's mock
  says it is for self-study.
"""


def _fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _keystream(salt: str, n: int) -> bytes:
    """``n`` bytes of mulberry32 seeded with FNV-1a of ``salt``: the same bytes as ``keystream`` in quiz.js."""
    m = 0xFFFFFFFF
    a = _fnv1a(salt)
    out = bytearray()
    for _ in range(n):
        a = (a + 0x6D2B79F5) & m
        t = ((a ^ (a >> 15)) * (a | 1)) & m
        t = ((t + (((t ^ (t >> 7)) * (t | 61)) & m)) & m) ^ t
        out.append(((t ^ (t >> 14)) & m) >> 24)
    return bytes(out)


def seal(value: object, salt: str) -> str:
    """``value`` as JSON, XOR-ed with a keystream from ``salt`` and base64-encoded (see ``MARKINGS``)."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(bytes(b ^ k for b, k in zip(raw, _keystream(salt, len(raw)), strict=True))).decode()


def unseal(text: str, salt: str) -> object:
    """The inverse of :func:`seal` (what quiz.js does on submission)."""
    raw = base64.b64decode(text)
    return json.loads(bytes(b ^ k for b, k in zip(raw, _keystream(salt, len(raw)), strict=True)).decode("utf-8"))


def question_key(q: Question) -> dict:
    """What an exam question keeps back until the learner submits: which options are right, the feedback
    on each option and the explanation."""
    return {"options": [{"correct": o.correct, "feedback": o.feedback} for o in q.options or ()],
            "explanation": q.explanation}


def exam_question_data(q: Question, marking: str, key: str) -> dict:
    """An exam-pool question as the renderer reads it before submission: stem and option texts only, and
    for ``marking="sealed"`` the key in sealed form."""
    d: dict = {"id": q.id, "type": q.type, "criteria": list(q.criteria), "stem": q.stem,
               "options": [{"text": o.text} for o in q.options or ()]}
    if not q.shuffle_options:
        d["shuffle"] = False
    if marking == "sealed":
        d["sealed"] = seal(question_key(q), f"{key}:{q.id}")
    return d


def practice_data(bank: QuestionBank, key: str | None = None, criterion: str | None = None) -> dict:
    """A practice quiz: every practice-pool question of ``bank`` (or, with ``criterion`` such as ``"1.2"``,
    those that check that criterion), Check per question, shuffled, progress saved. Exam-pool questions are
    never shown here: they are kept for the mock exam, so its score measures readiness on unseen questions."""
    slug = Path(bank.source).stem if bank.source else "bank"
    questions, title = bank.pool("practice").questions, bank.title
    if not questions:
        raise ValueError(f"the {slug} bank of {bank.spec} has no practice questions")
    if criterion is not None:
        wanted = criterion if ":" in criterion else f"{bank.spec}:{criterion}"
        questions = [q for q in questions if wanted in q.criteria]
        if not questions:
            raise ValueError(f"the {slug} bank of {bank.spec} has no questions on criterion {criterion}")
        slug, title = f"{slug}-{wanted.split(':', 1)[1]}", f"{bank.title}: criterion {wanted.split(':', 1)[1]}"
    return {"v": 1, "mode": "practice", "key": key or f"cx-quiz:{bank.spec}:{slug}", "title": title,
            "spec": bank.spec, "questions": [question_data(q) for q in questions]}


def _section_links(spec_id: str) -> dict[str, list[dict]]:
    links: dict[str, list[dict]] = {}
    for key, places in _section_places(spec_id):
        for title, page, anchor in places:
            links.setdefault(key, []).append({"title": title, "page": page, "anchor": anchor})
    return links


@cache
def _coverage():
    """One coverage scan of the chapters per kernel, shared by every spec (the My progress page asks for all)."""
    from widgets.coverage import scan

    return scan(ROOT)


@cache
def _section_places(spec_id: str) -> tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]:
    """Per criterion, (title, page, anchor) of each chapter section that teaches it: one coverage scan
    of the chapters (about 0.3 s) per kernel, not one per paper shown."""
    coverage = _coverage()
    keys = [f"{spec_id}:{c.id}" for c in load_spec(spec_id).criteria()]
    return tuple((key, tuple((p.title, re.sub(r"\.ipynb$", "", p.path), p.anchor)
                             for p in coverage.places(key, "section"))) for key in keys)


def criterion_info(spec_id: str) -> dict[str, dict]:
    """Per criterion: its label, and where it is taught. Links are ``page`` paths from the book root with
    an ``anchor``; without a chapter section yet, the criterion on the spec's overview page."""
    from widgets.sphinx_ext import criterion_label

    sections = _section_links(spec_id)
    info = {}
    for c in load_spec(spec_id).criteria():
        key = f"{spec_id}:{c.id}"
        links = sections.get(key) or [{"title": f"{c.id} on the specification overview",
                                       "page": f"book/specs/{spec_id}", "anchor": criterion_label(key)}]
        info[key] = {"label": f"{c.id} {c.statement}", "links": links}
    return info


def exam_papers(spec_id: str, k: int = 3) -> list[list[Question]]:
    """The mock-exam papers of a spec: ``k`` disjoint papers when the banks hold enough questions,
    otherwise one paper per seed (papers may then share questions)."""
    return [list(paper) for paper in _exam_papers(spec_id, k, str(quizzes_dir()))]


@cache
def _exam_papers(spec_id: str, k: int, banks_dir: str) -> tuple[tuple[Question, ...], ...]:
    """Assembled once per kernel (about 0.2 s), not each time a learner switches paper. ``banks_dir`` is
    not read here (``load_banks`` finds the folder itself); it keys the cache, so a kernel whose
    ``CX_QUIZ_DIR`` changes gets papers from the new banks."""
    spec = load_spec(spec_id)
    if spec.assessment.exam is None:
        raise ValueError(f"{spec.title} is not assessed by a timed test, so it has no mock exam")
    n = spec.assessment.exam.questions
    banks = [b for b in (bank.pool("exam") for bank in load_banks(spec_id)) if b.questions]
    if not banks:
        raise ValueError(f"{spec.title} has no exam-pool questions yet, so its mock exam cannot be set")
    try:
        papers = assemble_papers(banks, k=k, n=n, seed=PAPER_SEED)
    except ValueError:
        papers = [assemble_paper(banks, n=n, seed=PAPER_SEED + i) for i in range(k)]
    return tuple(tuple(paper) for paper in papers)


def exam_questions(spec_id: str, paper: int = 1) -> list[Question]:
    """The questions of mock-exam paper ``paper`` (1 to 3), in the order they are shown."""
    papers = exam_papers(spec_id)
    if not 1 <= paper <= len(papers):
        raise ValueError(f"choose paper 1 to {len(papers)}")
    return papers[paper - 1]


def exam_data(spec_id: str, paper: int = 1, *, links: str = "book", time_scale: float = 1.0,
              marking: str = "sealed") -> dict:
    """A timed mock exam (paper 1, 2 or 3): the spec's question count and minutes, extra-time option,
    result bands and criterion links. ``links`` is ``"book"`` (relative to the book's root, for the
    static book) or ``"absolute"`` (``widgets.live.book_page_url``, for JupyterLab and Voila). No answer is
    in the data: ``marking`` says how the page gets the key after submission (see ``MARKINGS``)."""
    from widgets.live import book_page_url

    if marking not in MARKINGS:
        raise ValueError(f"marking is one of {', '.join(MARKINGS)}, not {marking!r}")
    spec = load_spec(spec_id)
    questions = exam_questions(spec_id, paper)
    info = criterion_info(spec_id)
    for entry in info.values():
        for link in entry["links"]:
            link["url"] = (book_page_url(link.pop("page"), link.pop("anchor")) if links == "absolute"
                           else f"{link.pop('page')}.html#{link.pop('anchor')}")
    used = {q.primary_criterion for q in questions} | {c for q in questions for c in q.criteria}
    key = f"cx-exam:{spec_id}:paper{paper}"
    return {"v": 1, "mode": "exam", "key": key, "marking": marking,
            "title": f"{spec.qualification}: mock exam, paper {paper}", "spec": spec_id,
            "questions": [exam_question_data(q, marking, key) for q in questions],
            "minutes": spec.assessment.exam.minutes, "extra_time": EXTRA_TIME,  # type: ignore[union-attr]
            "bands": bands(spec_id), "links_from_root": links == "book",
            "criteria": {k: v for k, v in info.items() if k in used}, "time_scale": time_scale}


def json_for_script(data: dict) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` and the JS
    line separators are escaped, so no text can close the script element or open markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


_WHAT = {"exam": "mock exam", "practice": "quiz", "progress": "progress page"}


def quiz_html(data: dict) -> str:
    """The static-book form: a container the renderer fills, with the data in a JSON script block."""
    ident = "cx-quiz-" + re.sub(r"[^a-z0-9-]+", "-", data["key"].lower()).strip("-")
    return (f'<div class="cx-quiz" id="{html.escape(ident)}" data-cx-mode="{html.escape(data["mode"])}">'
            f'<script type="application/json" class="cx-quiz-data">{json_for_script(data)}</script>'
            f'<noscript><p>This {_WHAT.get(data["mode"], "quiz")} needs JavaScript, '
            f"which your browser has turned off.</p></noscript></div>")
