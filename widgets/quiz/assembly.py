"""Assembling exam papers from question banks: stratified by criterion, seeded, without repeats.

Rule (documented in ``data/quizzes/README.md``):

1. Each question counts towards its *primary* criterion, the first in its ``criteria`` list.
2. Each criterion of the spec that has questions gets a weight: its learning outcome's weighting
   shared equally among that outcome's criteria; when the spec gives no weightings (CIM L6), every
   criterion weighs the same.
3. The paper's ``n`` places are shared in proportion to the weights by the largest-remainder method
   (Hamilton): every criterion gets the whole part of its exact share, then the places left go to
   the largest fractional parts, ties to the criterion listed first in the spec. A criterion never
   gets more places than it has questions; places it cannot fill are shared again among the others
   by the same method.
4. Within a criterion, questions are drawn at random (``random.Random(seed)``) without repeats, and
   the paper's order is shuffled with the same generator, so a seed always gives the same paper.

For ``k`` disjoint papers the ``k * n`` places are shared first (so the whole bank is used as evenly
as possible), then each criterion's places are dealt round-robin to the papers: every paper gets
``n`` questions, each criterion's count differs by at most one between papers, and no question
appears twice.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

from widgets.curriculum import load_spec
from widgets.quiz.models import Question, QuestionBank


def largest_remainder(weights: dict[str, Fraction], total: int, capacity: dict[str, int]) -> dict[str, int]:
    """Share ``total`` places among keys in proportion to ``weights`` (largest-remainder), capped by
    ``capacity``; keys keep their dict order for ties. ``ValueError`` if the capacity is too small."""
    if total < 0:
        raise ValueError("the number of questions cannot be negative")
    if sum(capacity.values()) < total:
        raise ValueError(f"the banks hold {sum(capacity.values())} questions, fewer than the {total} needed")
    alloc = {k: 0 for k in weights}
    remaining = total
    open_keys = [k for k in weights if capacity.get(k, 0) > 0 and weights[k] > 0]
    while remaining > 0 and open_keys:
        wsum = sum(weights[k] for k in open_keys)
        exact = {k: weights[k] * remaining / wsum for k in open_keys}
        share = {k: int(exact[k]) for k in open_keys}
        left = remaining - sum(share.values())
        order = sorted(open_keys, key=lambda k: (-(exact[k] - share[k]), open_keys.index(k)))
        for k in order[:left]:
            share[k] += 1
        for k in open_keys:
            give = min(share[k], capacity[k] - alloc[k])
            alloc[k] += give
            remaining -= give
        open_keys = [k for k in open_keys if alloc[k] < capacity[k]]
    if remaining:
        raise ValueError(f"the banks cannot supply {total} questions")
    return alloc


def criterion_weights(spec_id: str, present: Sequence[str]) -> dict[str, Fraction]:
    """Weights of the criteria in ``present`` (spec order): outcome weighting shared equally among its
    criteria, or equal weights when the spec has no weightings."""
    spec = load_spec(spec_id)
    weights: dict[str, Fraction] = {}
    for outcome in spec.outcomes():
        for c in outcome.criteria:
            key = f"{spec_id}:{c.id}"
            if key in present:
                w = Fraction(1) if outcome.weighting is None else Fraction(str(outcome.weighting)) / len(
                    outcome.criteria)
                weights[key] = w
    return weights


def _pools(banks: Sequence[QuestionBank]) -> tuple[str, dict[str, list[Question]]]:
    if not banks:
        raise ValueError("there are no question banks to build a paper from")
    spec_ids = {b.spec for b in banks}
    if len(spec_ids) != 1:
        raise ValueError("a paper is built from the banks of one specification")
    spec_id = spec_ids.pop()
    pools: dict[str, list[Question]] = {}
    seen: set[str] = set()
    for bank in banks:
        for q in bank.questions:
            if q.id in seen:
                raise ValueError(f"question id {q.id} appears in two banks")
            seen.add(q.id)
            pools.setdefault(q.primary_criterion, []).append(q)
    return spec_id, pools


def assemble_papers(banks: Sequence[QuestionBank], k: int = 3, n: int = 45, seed: int = 0) -> list[list[Question]]:
    """``k`` disjoint papers of ``n`` questions each (see the module docstring for the rule)."""
    if k < 1 or n < 1:
        raise ValueError("ask for at least one paper of at least one question")
    spec_id, pools = _pools(banks)
    weights = criterion_weights(spec_id, list(pools))
    capacity = {key: len(pools[key]) for key in weights}
    if sum(capacity.values()) < k * n:
        raise ValueError(f"the banks hold {sum(capacity.values())} questions: not enough for {k} separate "
                         f"papers of {n}")
    totals = largest_remainder(weights, k * n, capacity)
    rng = random.Random(seed)
    per_paper: list[dict[str, int]] = [{key: totals[key] // k for key in weights} for _ in range(k)]
    extras = [key for key in weights for _ in range(totals[key] % k)]
    for i, key in enumerate(extras):
        per_paper[i % k][key] += 1
    drawn = {key: rng.sample(sorted(pools[key], key=lambda q: q.id), totals[key]) for key in weights}
    papers: list[list[Question]] = []
    taken = {key: 0 for key in weights}
    for quota in per_paper:
        paper: list[Question] = []
        for key in weights:
            paper += drawn[key][taken[key]:taken[key] + quota[key]]
            taken[key] += quota[key]
        rng.shuffle(paper)
        papers.append(paper)
    return papers


def assemble_paper(banks: Sequence[QuestionBank], n: int = 45, seed: int = 0) -> list[Question]:
    """One paper of ``n`` questions, stratified by criterion weight, seeded, no repeats."""
    return assemble_papers(banks, k=1, n=n, seed=seed)[0]
