"""Grading test vectors shared by Python and the browser: (question data, response, expected mark),
computed by widgets.quiz.grading, checked against quiz.js in Chromium."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from widgets.quiz import grade, load_bank, load_banks
from widgets.quiz.payload import question_data

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quizzes"


def _responses(q, rng: random.Random) -> list:
    t = q.type
    if t == "single":
        return [None, True, -1, 99, *range(len(q.options))]
    if t == "multiple":
        n = len(q.options)
        subsets = [list(c) for r in range(n + 1) for c in itertools.combinations(range(n), r)]
        return subsets + [[0, 0], [0, 7], "x"]
    if t == "true_false":
        return [True, False, None, 1]
    if t == "numeric":
        a, tol = float(q.answer), q.tolerance
        return [a, a + tol, a - tol, a + tol + 0.01, a - 2 * tol - 0.001, None, "12.5", 0, -a]
    if t == "ordering":
        n = len(q.items)
        return [list(p) for p in itertools.permutations(range(n))][:24] + [[0, 0, 1], [], None]
    if t == "matching":
        n = len(q.pairs)
        perms = [list(p) for p in itertools.permutations(range(n))][:12]
        return perms + [[None] * n, [0] + [None] * (n - 1), [rng.randrange(n) for _ in range(n)]]
    return ["NPS", "  nps ", "net   promoter  score", "Net Promoter", "", "   ", None, 5]


def vectors() -> list[dict]:
    rng = random.Random(4)
    banks = [load_bank(FIXTURES / "ocr-l2-u10" / "hostile.yml"), *load_banks("cim-l6-cjo", root=FIXTURES)]
    seen_types: set[str] = set()
    out = []
    for bank in banks:
        for q in bank.questions:
            if q.type in seen_types and bank.spec == "cim-l6-cjo":
                continue
            seen_types.add(q.type)
            for r in _responses(q, rng):
                out.append({"question": question_data(q), "response": r, "expected": grade(q, r).as_dict()})
    return out
