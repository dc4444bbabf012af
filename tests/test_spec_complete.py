"""A specification whose issue is done stays done: every criterion taught in a section, practised in an
activity and checked by enough self-check questions (the "done when" of each specification's issue).

Add a specification to ``COMPLETE`` when its chapters land; the coverage page then shows it at 100 %.
"""

from __future__ import annotations

import pytest

from widgets.bookgen import ROOT
from widgets.coverage import scan
from widgets.curriculum import load_spec

COMPLETE = {
    # spec id: least number of self-check questions per criterion (issue 19: at least 3)
    "cim-l3-cc": 3,
    "hn-l4-u16": 3,  # issue 18: at least 3
    "cim-l6-cjo": 2,  # issue 16: at least 2 practice questions (the self-checks draw the practice pool only)
    "cim-l4-cx": 3,  # issue 17: at least 3
}

COVERAGE = scan(ROOT)


def _questions(spec_id: str) -> list:
    """Every question of the spec's banks; exam-pool questions (kept for the mock exam) never appear in a
    self-check, so they do not count here."""
    from widgets.quiz import load_banks

    return [q for bank in load_banks(spec_id) for q in bank.questions]


@pytest.mark.parametrize("spec_id", sorted(COMPLETE))
def test_every_criterion_is_taught_practised_and_checked(spec_id):
    least = COMPLETE[spec_id]
    gaps = []
    for criterion in load_spec(spec_id).criteria():
        key = f"{spec_id}:{criterion.id}"
        sections = COVERAGE.places(key, "section")
        activities = COVERAGE.places(key, "activity")
        questions = [q for q in _questions(spec_id) if key in q.criteria and q.pool != "exam"]
        if not sections:
            gaps.append(f"{key}: not taught in any chapter section")
        if not activities:
            gaps.append(f"{key}: no activity practises it")
        if len(questions) < least:
            gaps.append(f"{key}: {len(questions)} self-check questions (at least {least})")
    assert not gaps, "\n".join(gaps)
    assert COVERAGE.percent(spec_id) == 100
