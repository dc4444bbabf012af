"""Progress by assessment criterion: the learner's *My progress* page data, and the tutor's class view.

A learner's browser records every Check of a practice question and every marked mock exam (``quiz.js``,
``cx-progress:<spec>`` in ``localStorage``); the *My progress* page (``book/progress.md``, or
:func:`widgets.show.show_progress` live) exports them as a **progress file**, format ``cx-progress``
version 1, documented in ``data/quizzes/README.md``. This module

* builds the page's data at build time (:func:`progress_page_data`: every criterion of every spec with
  the sections that teach it and the practice quizzes that check it, from the coverage scan);
* reads progress files as the tutor's class view does (:func:`parse_progress`, :func:`load_class`): the
  same checks as ``parseProgressFile`` in ``quiz.js``; a bad file is named with its reason and skipped;
* computes the criterion × learner grid, who needs help, the class's weakest criteria and the item
  analysis of each question (facility and discrimination, as Moodle's quiz statistics report defines
  them), and writes each as CSV through :mod:`widgets.exports`.

No views here: :mod:`widgets.ui.class_progress` shows the results.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from widgets.curriculum import SPEC_IDS, load_spec

ROOT = Path(__file__).resolve().parent.parent

FORMAT = "cx-progress"
VERSION = 1
MAX_BYTES = 2 * 1024 * 1024
"""Largest progress file read (the same limit as ``PROGRESS_MAX_BYTES`` in quiz.js). A learner who has
answered every question of every bank and sat every mock paper makes a file of about 100 kB."""
MAX_FILES = 400
"""Largest number of files the class view reads at once."""
QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

HELP_BELOW = 0.6
"""A learner **needs help** on a criterion when their share right at the latest attempt of its practice
questions is below 60 %, or when they have not tried it yet. (60 % is this course's rule of thumb for
"secure enough to move on", not an awarding body's pass mark.)"""

# Item analysis thresholds. Moodle's quiz statistics report (https://docs.moodle.org/en/Quiz_statistics_report
# and its developer page "Quiz report statistics", https://docs.moodle.org/dev/Quiz_report_statistics) reads
# a facility index of 5 % or less as extremely difficult or something wrong with the question, 6–10 % very
# difficult, 11–20 % difficult, 95–100 % extremely easy; and a discrimination index of 20–29 % as weak, 0–19 %
# very weak and a negative one as "question probably invalid". The flags below use the edges of those bands.
FACILITY_LOW = 0.20
FACILITY_HIGH = 0.95
DISCRIMINATION_LOW = 0.20
MIN_LEARNERS = 5
"""Below this many learners on a question, its statistics are shown but no question is flagged."""


# -- the My progress page's data (build time) ------------------------------------------------------------
SHOW_QUIZ = re.compile(r"show_quiz\(\s*[\"']([a-z0-9-]+)[\"']\s*,\s*[\"']([A-Za-z0-9_-]+)[\"']"
                       r"(?:\s*,\s*criterion\s*=\s*[\"']([A-Za-z0-9.]+)[\"'])?")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


@cache
def practice_places(root: str = str(ROOT)) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Per criterion key, (title, page, anchor) of each chapter section that shows a practice quiz
    checking it: ``show_quiz(spec, bank, criterion=...)`` checks that criterion, ``show_quiz(spec, bank)``
    every criterion of the bank (the criteria the coverage scan found in ``data/quizzes/<spec>/<bank>.yml``).
    Found by reading the chapters' code cells; no bank is loaded again."""
    from widgets.coverage import slugify
    from widgets.quiz.payload import _coverage

    by_bank: dict[str, set[str]] = {}
    for key, places in _coverage().by_key.items():
        for place in places:
            if place.kind == "quiz":
                by_bank.setdefault(place.path, set()).add(key)
    places: dict[str, list[tuple[str, str, str]]] = {}
    base = Path(root)
    for path in sorted((base / "chapters").glob("*/*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        page = PurePosixPath(path.relative_to(base).as_posix()).with_suffix("").as_posix()
        title, anchor = nb.get("metadata", {}).get("title") or path.stem, ""
        for cell in nb.get("cells", []):
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else src
            if cell.get("cell_type") == "markdown":
                for m in HEADING.finditer(src):
                    title = re.sub(r"\{ac\}`([^`]+)`", r"\1", m.group(2))
                    anchor = slugify(title)
                continue
            for m in SHOW_QUIZ.finditer(src):
                spec_id, bank_name, criterion = m.groups()
                keys = ([f"{spec_id}:{criterion}"] if criterion else
                        sorted(by_bank.get(f"data/quizzes/{spec_id}/{bank_name}.yml", ())))
                for key in keys:
                    entry = (title, page, anchor)
                    if entry not in places.setdefault(key, []):
                        places[key].append(entry)
    return {k: tuple(v) for k, v in places.items()}


def progress_page_data(links: str = "book") -> dict:
    """What the *My progress* renderer (``quiz.js``, ``mode: "progress"``) reads: each spec with its
    criteria, where each is taught and where it is practised. ``links`` is ``"book"`` (relative to the
    book's root) or ``"absolute"`` (the published book, for JupyterLab and Voila)."""
    from widgets.live import book_page_url
    from widgets.quiz.payload import criterion_info

    if links not in ("book", "absolute"):
        raise ValueError(f"links is book or absolute, not {links!r}")

    def url(page: str, anchor: str) -> str:
        return book_page_url(page, anchor) if links == "absolute" else f"{page}.html" + (f"#{anchor}" if anchor else "")

    practice = practice_places()
    specs = []
    for spec_id in SPEC_IDS:
        spec = load_spec(spec_id)
        info = criterion_info(spec_id)
        criteria = []
        for c in spec.criteria():
            key = f"{spec_id}:{c.id}"
            criteria.append({"key": key, "id": c.id, "label": info[key]["label"],
                             "teach": [{"title": link["title"], "url": url(link["page"], link["anchor"])}
                                       for link in info[key]["links"]],
                             "practice": [{"title": t, "url": url(p, a)} for t, p, a in practice.get(key, ())]})
        specs.append({"id": spec_id, "title": spec.title, "criteria": criteria})
    return {"v": 1, "mode": "progress", "key": "cx-progress", "title": "My progress",
            "surface": "book" if links == "book" else "live", "links_from_root": links == "book", "specs": specs}


# -- progress files -----------------------------------------------------------------------------------------
class Attempt(NamedTuple):
    """A learner's latest attempt at one question: score 0–1 and when (``None`` if not recorded)."""

    question: str
    spec: str
    criteria: tuple[str, ...]
    score: float
    correct: bool
    at: str | None


@dataclass(frozen=True)
class MockAttempt:
    spec: str
    key: str
    paper: int | None
    at: str
    score: float
    questions: int
    percent: float
    band: str | None
    criteria: dict[str, tuple[float, int]]
    marks: dict[str, float]


@dataclass
class LearnerProgress:
    """One learner's progress file, checked."""

    name: str
    attempts: dict[str, Attempt] = field(default_factory=dict)
    mocks: list[MockAttempt] = field(default_factory=list)
    _shares: dict[str, float] | None = field(default=None, repr=False)

    def criterion_shares(self) -> dict[str, float]:
        """Per criterion tried, the mean of the latest scores of its practice questions (computed once)."""
        if self._shares is None:
            sums: dict[str, list[float]] = {}
            for a in self.attempts.values():
                for c in a.criteria:
                    t = sums.setdefault(c, [0.0, 0])
                    t[0] += a.score
                    t[1] += 1
            self._shares = {c: t[0] / t[1] for c, t in sums.items()}
        return self._shares


@functools.lru_cache(maxsize=4096)
def _is_time_text(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_time(value: object) -> bool:
    return isinstance(value, str) and len(value) <= 40 and _is_time_text(value)


def _share(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and 0 <= value <= 1


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10000


def parse_progress(raw: bytes | str, name: str = "progress.json") -> LearnerProgress:
    """Check a progress file (format ``cx-progress``, version 1) and return it; raise ``ValueError`` with
    the reason otherwise. The checks are those of ``parseProgressFile`` in ``quiz.js``: at most
    :data:`MAX_BYTES`, JSON, this format, a version this code reads, known spec ids, and the type and
    range of every field. The learner is the file's ``learner`` name, or else the file name."""
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_BYTES:
        raise ValueError(f"the file is larger than {MAX_BYTES // 1048576} MB, so it cannot be a progress file")
    try:
        d = json.loads(raw)
    except (ValueError, RecursionError):
        raise ValueError("it is not valid JSON") from None
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise ValueError("it is not a progress file from this course (no \"format\": \"cx-progress\")")
    version = d.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("it has no version number")
    if version > VERSION:
        raise ValueError(f"it was made by a newer version of the course (version {version}); "
                         f"this reads version {VERSION}")
    if version < 1:
        raise ValueError(f"version {version} is not a progress file version")
    learner = d.get("learner", "")
    if not isinstance(learner, str) or len(learner) > 100:
        raise ValueError("the learner name must be text of at most 100 characters")
    specs = d.get("specs")
    if not isinstance(specs, dict):
        raise ValueError("it has no \"specs\" section")
    out = LearnerProgress(name=learner.strip() or PurePosixPath(name).stem)
    for spec_id, body in specs.items():
        if spec_id not in SPEC_IDS:
            raise ValueError(f"it holds progress for {spec_id[:40]!r}, which is not a specification of this course")
        if not (isinstance(body, dict) and isinstance(body.get("questions"), dict)
                and isinstance(body.get("mocks"), list)):
            raise ValueError(f"{spec_id}: needs \"questions\" and \"mocks\"")
        prefix, known = spec_id + ":", set()  # criteria already seen in this file (most repeat)
        for qid, r in body["questions"].items():
            if not (len(qid) <= 80 and QUESTION_ID.match(qid)):
                raise ValueError(f"{spec_id}: question {qid[:40]!r}: not a question id")
            crit = r.get("criteria") if isinstance(r, dict) else None
            if not (isinstance(crit, list) and crit and all(c in known or (isinstance(c, str) and c.startswith(prefix)
                                                                           and len(c) <= 60) for c in crit)):
                raise ValueError(f"{spec_id}: question {qid[:40]!r}: criteria must be a list of this "
                                 "specification's criteria")
            known.update(crit)
            score, at = r.get("score"), r.get("at")
            if not _share(score):
                raise ValueError(f"{spec_id}: question {qid[:40]!r}: score must be a number from 0 to 1")
            if not isinstance(r.get("correct"), bool):
                raise ValueError(f"{spec_id}: question {qid[:40]!r}: correct must be true or false")
            if at is not None and not _is_time(at):
                raise ValueError(f"{spec_id}: question {qid[:40]!r}: at must be a date and time")
            out.attempts[qid] = Attempt(qid, spec_id, tuple(crit), float(score), r["correct"], at)
        for i, m in enumerate(body["mocks"], 1):
            where = f"{spec_id}: mock attempt {i}"
            key = m.get("key") if isinstance(m, dict) else None
            if not (isinstance(key, str) and key.startswith(f"cx-exam:{spec_id}:") and len(key) <= 80):
                raise ValueError(f"{where}: not a mock exam of this specification")
            if not _is_time(m.get("at")):
                raise ValueError(f"{where}: at must be a date and time")
            score, n = m.get("score"), m.get("questions")
            if not (_count(n) and isinstance(score, int | float) and not isinstance(score, bool) and 0 <= score <= n):
                raise ValueError(f"{where}: score and questions must be numbers, "
                                 "the score no more than the questions")
            pct = m.get("percent")
            if not (isinstance(pct, int | float) and not isinstance(pct, bool) and 0 <= pct <= 100):
                raise ValueError(f"{where}: percent must be from 0 to 100")
            band = m.get("band")
            if band is not None and not (isinstance(band, str) and len(band) <= 40):
                raise ValueError(f"{where}: band must be text")
            crit = m.get("criteria")
            if not (isinstance(crit, dict) and all(
                    k.startswith(spec_id + ":") and isinstance(c, dict) and _count(c.get("n"))
                    and isinstance(c.get("score"), int | float) and 0 <= c["score"] <= c["n"]
                    for k, c in crit.items())):
                raise ValueError(f"{where}: marks by criterion are malformed")
            marks = m.get("marks")
            if not (isinstance(marks, dict) and all(QUESTION_ID.match(k) and _share(s) for k, s in marks.items())):
                raise ValueError(f"{where}: question marks must be numbers from 0 to 1")
            paper = m.get("paper")
            out.mocks.append(MockAttempt(spec_id, m["key"], paper if _count(paper) else None, m["at"], float(score), n,
                                         float(pct), band, {k: (float(c["score"]), c["n"]) for k, c in crit.items()},
                                         {k: float(s) for k, s in marks.items()}))
    return out


@dataclass
class ClassProgress:
    """The learners whose files loaded, and the files skipped with the reason."""

    learners: list[LearnerProgress]
    skipped: list[tuple[str, str]]

    @property
    def names(self) -> list[str]:
        return [learner.name for learner in self.learners]


def load_class(files: list[tuple[str, bytes]]) -> ClassProgress:
    """Read ``(file name, content)`` pairs: each good file is a learner (two learners of one name are told
    apart by a number), each bad one is skipped with its reason."""
    if len(files) > MAX_FILES:
        raise ValueError(f"choose at most {MAX_FILES} files at once, not {len(files)}")
    learners, skipped, seen = [], [], {}
    for name, raw in files:
        try:
            learner = parse_progress(raw, name)
        except ValueError as exc:
            skipped.append((name, str(exc)))
            continue
        base = learner.name
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            learner.name = f"{base} ({seen[base]})"
        learners.append(learner)
    return ClassProgress(learners, skipped)


# -- the class view's tables ------------------------------------------------------------------------------
def criterion_keys(spec_id: str) -> list[str]:
    return [f"{spec_id}:{c.id}" for c in load_spec(spec_id).criteria()]


def criterion_share(learner: LearnerProgress, key: str) -> float | None:
    """Share right at the latest attempt of the learner's practice questions on criterion ``key`` (the mean
    of their latest scores), or ``None`` if they have not tried it: the same figure as the learner's page."""
    return learner.criterion_shares().get(key)


def criterion_grid(cls: ClassProgress, spec_id: str) -> list[dict]:
    """One row per criterion of ``spec_id``: ``{"criterion": key, "label": …, <learner>: share or None}``."""
    spec = load_spec(spec_id)
    return [{"criterion": f"{spec_id}:{c.id}", "label": f"{c.id} {c.statement}",
             **{lr.name: criterion_share(lr, f"{spec_id}:{c.id}") for lr in cls.learners}} for c in spec.criteria()]


def needs_help(cls: ClassProgress, spec_id: str, below: float = HELP_BELOW) -> dict[str, list[str]]:
    """Per criterion, the learners who need help: share right below ``below`` or not yet tried (see
    :data:`HELP_BELOW`)."""
    out = {}
    for key in criterion_keys(spec_id):
        out[key] = [lr.name for lr in cls.learners
                    if (s := criterion_share(lr, key)) is None or s < below - 1e-12]
    return out


def weakest_criteria(cls: ClassProgress, spec_id: str, k: int = 5) -> list[dict]:
    """The criteria the class is weakest on: most learners needing help first, then the lowest mean share
    among those who tried (a criterion nobody tried comes before one that was tried)."""
    helpers = needs_help(cls, spec_id)
    rows = []
    for key in criterion_keys(spec_id):
        shares = [s for lr in cls.learners if (s := criterion_share(lr, key)) is not None]
        rows.append({"criterion": key, "need_help": len(helpers[key]), "tried": len(shares),
                     "mean_share": sum(shares) / len(shares) if shares else None})
    rows.sort(key=lambda r: (-r["need_help"], -1 if r["mean_share"] is None else r["mean_share"], r["criterion"]))
    return rows[:k]


def latest_scores(cls: ClassProgress):
    """Question ids, and a learners × questions array of each learner's latest score (NaN if not attempted):
    practice checks and mock-exam marks together, the later one winning."""
    import numpy as np

    rows = []
    for lr in cls.learners:
        if lr.mocks:
            best: dict[str, tuple[str, float]] = {qid: (a.at or "", a.score) for qid, a in lr.attempts.items()}
            for m in lr.mocks:
                for qid, s in m.marks.items():
                    if qid not in best or m.at >= best[qid][0]:
                        best[qid] = (m.at, s)
            rows.append({qid: s for qid, (_at, s) in best.items()})
        else:
            rows.append({qid: a.score for qid, a in lr.attempts.items()})
    ids = sorted(set().union(*rows)) if rows else []
    column = {q: j for j, q in enumerate(ids)}
    grid = np.full((len(rows), len(ids)), np.nan)
    for i, r in enumerate(rows):
        grid[i, [column[q] for q in r]] = list(r.values())
    return ids, grid


def item_analysis(cls: ClassProgress) -> list[dict]:
    """Per question, Moodle's item statistics on each learner's latest score (0–1):

    * **facility index** F = the mean score of the learners who attempted it (Moodle: "the mean score on
      the item, as a share of its maximum"; here every question is out of 1);
    * **discrimination index** D = Pearson's correlation, across those learners, between their score on
      the question and their score on the rest of the test (Moodle: the correlation of the item score with
      the test score *minus that item*, https://docs.moodle.org/dev/Quiz_statistics_calculations).

    Learners here do not all answer the same questions, so "the rest of the test" is the learner's
    **mean** latest score on the other questions they attempted (Moodle's sum, divided by their count).
    When every learner attempted every question this is Moodle's sum divided by the same number for
    everyone, so D is exactly Moodle's. D is ``None`` with fewer than 3 learners, or when either score
    does not vary. A question is flagged (with at least :data:`MIN_LEARNERS` learners) when F is below
    :data:`FACILITY_LOW` or above :data:`FACILITY_HIGH`, or D is below :data:`DISCRIMINATION_LOW`."""
    import numpy as np

    ids, m = latest_scores(cls)
    if not ids or not cls.learners:
        return []
    seen = ~np.isnan(m)
    x = np.where(seen, m, 0.0)
    count = seen.sum(axis=1, keepdims=True)
    total = x.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        rest = np.where(seen & (count > 1), (total - x) / (count - 1), 0.0)
    attempted = seen.sum(axis=0)
    facility = np.where(attempted > 0, x.sum(axis=0) / np.maximum(attempted, 1), np.nan)
    pair = seen & (count > 1)
    n = pair.sum(axis=0)
    safe_n = np.maximum(n, 1)
    mx = np.where(pair, x, 0).sum(axis=0) / safe_n
    mr = np.where(pair, rest, 0).sum(axis=0) / safe_n
    dx = np.where(pair, x - mx, 0.0)
    dr = np.where(pair, rest - mr, 0.0)
    sxx, srr, sxr = (dx * dx).sum(axis=0), (dr * dr).sum(axis=0), (dx * dr).sum(axis=0)
    out = []
    for j, qid in enumerate(ids):
        d = None
        if n[j] >= 3 and sxx[j] > 1e-12 and srr[j] > 1e-12:
            d = float(sxr[j] / math.sqrt(sxx[j] * srr[j]))
        f = float(facility[j])
        flags = []
        if attempted[j] >= MIN_LEARNERS:
            if f < FACILITY_LOW:
                flags.append(f"very hard: facility below {FACILITY_LOW:.0%}")
            if f > FACILITY_HIGH:
                flags.append(f"very easy: facility above {FACILITY_HIGH:.0%}")
            if d is not None and d < 0:
                flags.append("negative discrimination: check the key")
            elif d is not None and d < DISCRIMINATION_LOW:
                flags.append(f"weak discrimination: below {DISCRIMINATION_LOW:.2f}")
        out.append({"question": qid, "learners": int(attempted[j]), "facility": f, "discrimination": d,
                    "flag": "; ".join(flags)})
    return out


# -- CSV ---------------------------------------------------------------------------------------------------
def _num(v: float | None, digits: int = 3) -> str:
    return "" if v is None else f"{v:.{digits}f}"


def grid_csv(cls: ClassProgress, spec_id: str) -> str:
    """The criterion × learner grid as CSV (share right at the latest attempt, empty = not tried)."""
    from widgets.exports import csv_text

    rows = criterion_grid(cls, spec_id)
    return csv_text([[r["criterion"], r["label"], *(_num(r[n]) for n in cls.names)] for r in rows],
                    header=["criterion", "statement", *cls.names])


def help_csv(cls: ClassProgress, spec_id: str) -> str:
    from widgets.exports import csv_text

    return csv_text([[k, n] for k, names in needs_help(cls, spec_id).items() for n in names],
                    header=["criterion", "learner needing help"])


def items_csv(cls: ClassProgress, rows: list[dict] | None = None) -> str:
    """The item analysis as CSV (``rows`` from :func:`item_analysis`, computed here if not given)."""
    from widgets.exports import csv_text

    return csv_text([[r["question"], r["learners"], _num(r["facility"]), _num(r["discrimination"]), r["flag"]]
                     for r in (item_analysis(cls) if rows is None else rows)],
                    header=["question", "learners", "facility index", "discrimination index", "flag"])


def skipped_csv(cls: ClassProgress) -> str:
    from widgets.exports import csv_text

    return csv_text(cls.skipped, header=["file", "why it was skipped"])


# -- chart -------------------------------------------------------------------------------------------------
def grid_chart(cls: ClassProgress, spec_id: str):
    """The criterion × learner grid as a heat map (share right, with the percentage written in each cell,
    so colour is never the only signal), and a text description naming the weakest criteria."""
    from widgets.charts import AccessibleChart, import_altair

    alt = import_altair()
    rows = criterion_grid(cls, spec_id)
    data = [{"Criterion": r["criterion"].split(":", 1)[1], "Learner": n,
             "Share right": r[n], "Label": "not tried" if r[n] is None else f"{r[n]:.0%}"}
            for r in rows for n in cls.names]
    base = alt.Chart(alt.Data(values=data), title=f"{load_spec(spec_id).title}: share right by criterion and learner")
    heat = base.mark_rect(stroke="#6b6b6b").encode(
        x=alt.X("Learner:N", sort=cls.names, title="Learner"),
        y=alt.Y("Criterion:N", sort=None, title="Criterion"),
        color=alt.Color("Share right:Q", scale=alt.Scale(domain=[0, 1], scheme="blues"), title="Share right"),
        tooltip=["Criterion:N", "Learner:N", "Label:N"])
    text = base.mark_text(fontSize=11).encode(
        x=alt.X("Learner:N", sort=cls.names), y=alt.Y("Criterion:N", sort=None), text="Label:N",
        color=alt.condition("datum['Share right'] > 0.6", alt.value("white"), alt.value("black")))
    chart = (heat + text).properties(width=max(160, 70 * len(cls.names)), height=alt.Step(24))
    weak = weakest_criteria(cls, spec_id, k=3)
    weak_text = "; ".join(f"{w['criterion'].split(':', 1)[1]} ({w['need_help']} of {len(cls.learners)} need help)"
                          for w in weak)
    description = (f"Heat map of the share of practice questions each of {len(cls.learners)} learners got right at "
                   f"their latest attempt, for each of the {len(rows)} criteria; cells read 'not tried' where a "
                   f"learner has not attempted the criterion. Weakest criteria: {weak_text}. "
                   "The table below gives the same figures.")
    return AccessibleChart(chart, description)
