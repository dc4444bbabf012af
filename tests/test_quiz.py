"""widgets.quiz: bank validation, grading and partial credit, bands, paper assembly, Moodle export.

Worked examples are computed by hand in the comments; property tests use hypothesis."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.quiz import (
    BankError,
    assemble_paper,
    assemble_papers,
    band_for,
    grade,
    load_bank,
    load_banks,
    paper_percent,
    to_moodle_xml,
)
from widgets.quiz.assembly import largest_remainder
from widgets.quiz.markdown import markdown_html
from widgets.quiz.models import QuestionBank, keyed_is_longest, keyed_longest_share, parse_bank
from widgets.quiz.payload import json_for_script, practice_data, quiz_html

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quizzes"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def fixture_dir(monkeypatch):
    monkeypatch.setenv("CX_QUIZ_DIR", str(FIXTURES))
    return FIXTURES


def l6_banks() -> list[QuestionBank]:
    return load_banks("cim-l6-cjo", root=FIXTURES)


def l6_exam_banks() -> list[QuestionBank]:
    """The fixture's exam pool: 136 single-choice and multiple-response questions, 17 per criterion (what the
    mock exam assembles its papers from)."""
    return [b.pool("exam") for b in l6_banks()]


def hostile_bank() -> QuestionBank:
    return load_bank(FIXTURES / "ocr-l2-u10" / "hostile.yml")


def q_of(bank: QuestionBank, qtype: str):
    return next(q for q in bank.questions if q.type == qtype)


# -- validation ------------------------------------------------------------------------------------
GOOD = {"schema": 1, "spec": "ocr-l2-u10", "title": "T", "questions": [
    {"id": "q-1", "type": "single", "criteria": ["ocr-l2-u10:P1"], "difficulty": "foundation", "stem": "S",
     "explanation": "E", "options": [{"text": "A", "correct": True, "feedback": "a"}, {"text": "B", "feedback": "b"}]}]}


def _bad(mutate) -> str:
    raw = json.loads(json.dumps(GOOD))
    mutate(raw)
    with pytest.raises(BankError) as info:
        parse_bank(yaml.safe_dump(raw), "ocr-l2-u10/bad.yml")
    return str(info.value)


def test_the_good_bank_is_valid():
    bank = parse_bank(yaml.safe_dump(GOOD), "ocr-l2-u10/good.yml")
    assert bank.questions[0].options[1].correct is False and bank.questions[0].shuffle_options is True


@pytest.mark.parametrize("mutate, field, words", [
    (lambda r: r["questions"][0].update(colour="red"), "colour", "Extra inputs"),
    (lambda r: r["questions"][0].update(criteria=["ocr-l2-u10:P99"]), "criteria", "no criterion 'P99'"),
    (lambda r: r["questions"][0]["options"][1].update(correct=True), "options", "exactly one correct"),
    (lambda r: r["questions"][0]["options"][1].update(text="A"), "options", "same text"),
    (lambda r: r["questions"][0]["options"][1].pop("feedback"), "options[1].feedback", "Field required"),
    (lambda r: r["questions"][0].pop("explanation"), "explanation", "Field required"),
    (lambda r: r["questions"][0].update(difficulty="hard"), "difficulty", "foundation"),
    (lambda r: r["questions"][0].update(type="numeric", answer=1, tolerance=-1,
                                        feedback={"correct": "c", "incorrect": "i"}), "options", "does not take"),
    (lambda r: r["questions"][0].update(id="Q 1"), "id", "pattern"),
])
def test_a_bad_question_names_file_id_and_field(mutate, field, words):
    msg = _bad(mutate)
    qid = "q-1" if "Q 1" not in msg else "Q 1"
    assert msg.startswith(f"ocr-l2-u10/bad.yml: {qid}: {field}"), msg
    assert words in msg


def test_numeric_tolerance_and_sizes_are_checked():
    numeric = {"id": "n-1", "type": "numeric", "criteria": ["ocr-l2-u10:P1"], "difficulty": "advanced",
               "stem": "S", "explanation": "E", "answer": 3, "tolerance": -0.1,
               "feedback": {"correct": "c", "incorrect": "i"}}
    assert "n-1: tolerance" in _bad(lambda r: r.update(questions=[numeric]))
    ordering = {"id": "o-1", "type": "ordering", "criteria": ["ocr-l2-u10:P1"], "difficulty": "advanced",
                "stem": "S", "explanation": "E", "items": ["a", "b"], "feedback": {"correct": "c", "incorrect": "i"}}
    assert "o-1: items: an ordering question has 3 to 8 items" in _bad(lambda r: r.update(questions=[ordering]))
    matching = {"id": "m-1", "type": "matching", "criteria": ["ocr-l2-u10:P1"], "difficulty": "advanced",
                "stem": "S", "explanation": "E", "pairs": [{"left": "a", "right": "x"}, {"left": "b", "right": "x"}],
                "feedback": {"correct": "c", "incorrect": "i"}}
    assert "m-1: pairs: every right-hand value must be different" in _bad(lambda r: r.update(questions=[matching]))


def test_bank_level_errors_name_the_field():
    assert "ocr-l2-u10/bad.yml: (bank): schema" in _bad(lambda r: r.update(schema=2))
    assert "(bank): wibble" in _bad(lambda r: r.update(wibble=1))
    assert "outcome: ocr-l2-u10 has no learning outcome LO9" in _bad(lambda r: r.update(outcome="LO9"))


def test_ids_are_unique_across_a_specs_banks_and_spec_matches_folder(tmp_path):
    folder = tmp_path / "ocr-l2-u10"
    folder.mkdir()
    (folder / "a.yml").write_text(yaml.safe_dump(GOOD))
    (folder / "b.yml").write_text(yaml.safe_dump(GOOD))
    with pytest.raises(BankError, match=r"ocr-l2-u10/b.yml: q-1: id: already used in ocr-l2-u10/a.yml"):
        load_banks("ocr-l2-u10", root=tmp_path)
    wrong = tmp_path / "cim-l3-cc"
    wrong.mkdir()
    (wrong / "c.yml").write_text(yaml.safe_dump(GOOD))
    with pytest.raises(BankError, match=r"does not match the folder"):
        load_banks("cim-l3-cc", root=tmp_path)


def test_fixture_banks_are_valid_and_l6_shaped():
    banks = l6_banks()
    questions = [q for b in banks for q in b.questions]
    assert len(questions) == 272
    for pool in ("practice", "exam"):
        assert Counter(q.primary_criterion for q in questions if q.pool == pool) == {
            f"cim-l6-cjo:{c}": 17 for c in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2")}
    types = {"single", "multiple", "true_false", "numeric", "ordering", "matching", "text"}
    assert {q.type for q in questions if q.pool == "practice"} == types
    assert {q.type for q in questions if q.pool == "exam"} == {"single", "multiple"}


def test_real_banks_when_present_are_valid():
    from widgets.quiz.models import specs_with_banks

    real = Path(__file__).resolve().parent.parent / "data" / "quizzes"
    for spec_id in specs_with_banks(real):
        assert load_banks(spec_id, root=real)


# -- length balance: the right answer is not given away by being the longest -----------------------
def _balance_bank(n_single: int, n_longest: int) -> dict:
    """A bank of ``n_single`` single-choice questions; in the first ``n_longest`` the keyed option is
    strictly the longest, in the rest a wrong option is as long or longer."""
    questions = []
    for i in range(n_single):
        right = "The right answer, which is long" if i < n_longest else "Right"
        questions.append({"id": f"q-{i}", "type": "single", "criteria": ["ocr-l2-u10:P1"],
                          "difficulty": "foundation", "stem": "S", "explanation": "E",
                          "options": [{"text": right, "correct": True, "feedback": "a"},
                                      {"text": "Wrong", "feedback": "b"},
                                      {"text": "Wrong too, and long", "feedback": "c"}]})
    questions.append({"id": "tf", "type": "true_false", "criteria": ["ocr-l2-u10:P1"], "difficulty": "foundation",
                      "stem": "S", "explanation": "E", "answer": True, "feedback": {True: "t", False: "f"}})
    return {"schema": 1, "spec": "ocr-l2-u10", "title": "T", "questions": questions}


def test_keyed_longest_in_40_percent_of_single_choice_questions_fails():
    with pytest.raises(BankError) as info:
        parse_bank(yaml.safe_dump(_balance_bank(10, 4)), "ocr-l2-u10/long.yml")
    msg = str(info.value)
    assert msg.startswith("ocr-l2-u10/long.yml: (bank): options:"), msg
    assert "4 of 10 single-choice questions (40 %)" in msg and "the limit is 35 %" in msg
    assert "q-0, q-1, q-2, q-3" in msg


@pytest.mark.parametrize("n_single, n_longest", [(10, 3), (20, 7), (7, 2), (3, 1), (4, 0), (0, 0)])
def test_keyed_longest_at_most_35_percent_passes(n_single, n_longest):
    bank = parse_bank(yaml.safe_dump(_balance_bank(n_single, n_longest)), "ocr-l2-u10/ok.yml")
    assert keyed_longest_share(bank.questions) == (n_longest, n_single)


def test_strictly_longest_means_longer_than_every_other_option():
    q = {"id": "q", "type": "single", "criteria": ["ocr-l2-u10:P1"], "difficulty": "foundation", "stem": "S",
         "explanation": "E", "options": [{"text": "Equal", "correct": True, "feedback": "a"},
                                         {"text": "Same!", "feedback": "b"}, {"text": "No", "feedback": "c"}]}
    bank = parse_bank(yaml.safe_dump({"schema": 1, "spec": "ocr-l2-u10", "title": "T", "questions": [q]}), "x.yml")
    assert not keyed_is_longest(bank.questions[0])  # a tie is not strictly the longest
    q["options"][0]["text"] = "Equal  "  # surrounding spaces do not count
    bank = parse_bank(yaml.safe_dump({"schema": 1, "spec": "ocr-l2-u10", "title": "T", "questions": [q]}), "x.yml")
    assert not keyed_is_longest(bank.questions[0])
    q["options"][0]["text"] = "Equals"
    with pytest.raises(BankError, match=r"1 of 1 single-choice questions \(100 %\)"):
        parse_bank(yaml.safe_dump({"schema": 1, "spec": "ocr-l2-u10", "title": "T", "questions": [q]}), "x.yml")


def test_every_real_bank_meets_the_length_balance_and_exemptions_are_still_needed():
    from widgets.quiz.models import LENGTH_BALANCE_EXEMPT, MAX_KEYED_LONGEST_SHARE, specs_with_banks

    real = Path(__file__).resolve().parent.parent / "data" / "quizzes"
    for spec_id in specs_with_banks(real):
        for bank in load_banks(spec_id, root=real):
            longest, singles = keyed_longest_share(bank.questions)
            name = f"{spec_id}/{Path(bank.source).name}"
            if name in LENGTH_BALANCE_EXEMPT:
                assert singles and longest / singles > MAX_KEYED_LONGEST_SHARE, (
                    f"{name} now meets the length balance: remove it from LENGTH_BALANCE_EXEMPT")
            else:
                assert not singles or longest / singles <= MAX_KEYED_LONGEST_SHARE, name


def test_the_real_l6_bank_makes_three_full_papers_and_exports_every_question():
    """Issue 4: at least 135 original questions (three disjoint papers) over all eight criteria. Issue 16:
    every question is in the practice or the exam pool; the papers come from the exam pool only."""
    real = Path(__file__).resolve().parent.parent / "data" / "quizzes"
    banks = load_banks("cim-l6-cjo", root=real)
    questions = [q for b in banks for q in b.questions]
    assert len(questions) >= 135 and all(q.pool in ("practice", "exam") for q in questions)
    exam = [q for q in questions if q.pool == "exam"]
    assert {q.type for q in exam} <= {"single", "multiple"}
    per = Counter(q.primary_criterion for q in exam)
    assert set(per) == {f"cim-l6-cjo:{c}" for c in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2")}
    assert min(per.values()) >= 13  # every paper draws 5 or 6 per criterion
    exam_banks = [b.pool("exam") for b in banks]
    papers = assemble_papers(exam_banks, k=3, n=45, seed=2026) if len(exam) >= 135 else \
        [assemble_papers(exam_banks, k=1, n=45, seed=2026 + i)[0] for i in range(3)]
    ids = [q.id for p in papers for q in p]
    assert len(ids) == 135 and set(ids) <= {q.id for q in exam}
    exported = ET.fromstring(to_moodle_xml(banks))
    assert {e.findtext("idnumber") for e in exported.findall("question") if e.get("type") != "category"} == \
        {q.id for q in questions}


def test_practice_on_one_criterion_keeps_only_its_questions():
    bank = next(b for b in l6_banks() if b.outcome == "LO1")
    data = practice_data(bank, criterion="1.2")
    ids = {q["id"] for q in data["questions"]}
    assert ids == {q.id for q in bank.questions if "cim-l6-cjo:1.2" in q.criteria and q.pool == "practice"}
    assert len(ids) == 17  # the 17 exam-pool questions on 1.2 are kept for the mock exam
    assert data["key"] == "cx-quiz:cim-l6-cjo:lo1-1.2" and data["title"].endswith("criterion 1.2")
    assert practice_data(bank)["key"] == "cx-quiz:cim-l6-cjo:lo1"  # the whole bank keeps its own progress
    with pytest.raises(ValueError, match="no questions on criterion 2.1"):
        practice_data(bank, criterion="2.1")


# -- grading ------------------------------------------------------------------------------------------
def test_single_true_false_numeric_text():
    bank = hostile_bank()
    single = q_of(bank, "single")
    right = next(i for i, o in enumerate(single.options) if o.correct)
    assert grade(single, right).score == 1 and grade(single, right).feedback == (single.options[right].feedback,)
    assert grade(single, (right + 1) % 3).score == 0
    assert grade(single, None).answered is False
    assert grade(single, True).answered is False  # a boolean is not an option index
    tf = q_of(bank, "true_false")
    assert grade(tf, True).correct and grade(tf, False).feedback == (tf.feedback.on_false,)
    num = q_of(bank, "numeric")  # answer 12.5, tolerance 0.05
    assert grade(num, 12.55).correct and grade(num, 12.45).correct
    assert not grade(num, 12.56).correct and grade(num, 12.56).answered
    assert grade(num, float("nan")).answered is False
    text = q_of(bank, "text")  # accept NPS, net promoter score
    assert grade(text, "  Net   PROMOTER score ").correct
    assert not grade(text, "net promoter").correct
    assert grade(text, "   ").answered is False


def test_multiple_response_partial_credit_worked_example():
    # Two correct options (A, B) and one wrong (C): C = 2, W = 1; each right choice +1/2, the wrong one -1/1.
    q = q_of(hostile_bank(), "multiple")
    a, b, c = 0, 1, 2
    assert grade(q, [a, b]).score == 1.0
    assert grade(q, [a]).score == 0.5           # 1/2
    assert grade(q, [a, c]).score == 0.0        # max(0, 1/2 - 1)
    assert grade(q, [a, b, c]).score == 0.0     # 2/2 - 1/1: choosing everything earns nothing
    assert grade(q, [c]).score == 0.0           # max(0, -1)
    assert grade(q, []).answered is False
    assert grade(q, [a, a]).score == 0.5        # a repeated index counts once


def test_ordering_and_matching_partial_credit_worked_examples():
    bank = hostile_bank()
    order = q_of(bank, "ordering")  # 3 items, correct order [0, 1, 2]
    assert grade(order, [0, 1, 2]).score == 1
    assert grade(order, [0, 2, 1]).score == pytest.approx(1 / 3)  # only the first in place
    assert grade(order, [1, 2, 0]).score == 0
    assert grade(order, [0, 0, 1]).answered is False
    match = q_of(bank, "matching")  # 3 pairs; correct response [0, 1, 2]
    assert grade(match, [0, 1, 2]).correct
    assert grade(match, [0, 2, 1]).score == pytest.approx(1 / 3)
    assert grade(match, [0, None, None]).score == pytest.approx(1 / 3)
    assert grade(match, [None, None, None]).answered is False


@given(st.lists(st.integers(min_value=-2, max_value=5), max_size=8))
def test_multiple_score_is_between_0_and_1_and_full_only_for_the_exact_set(chosen):
    q = q_of(hostile_bank(), "multiple")
    m = grade(q, chosen)
    assert 0 <= m.score <= 1
    valid = {c for c in chosen if 0 <= c < 3}
    assert m.correct == (valid == {0, 1})


def test_choosing_every_option_never_pays_in_the_real_banks():
    """With 3 correct of 5 (e.g. 20 L6 questions) the old rule, (right - wrong) / C, gave 1/3 for
    ticking everything; right/C - wrong/W gives 0. Worked example: 3 right + 1 wrong = 1 - 1/2."""
    real = Path(__file__).resolve().parent.parent / "data" / "quizzes"
    checked = 0
    for spec_id in ("cim-l6-cjo", "ocr-l2-u10"):
        for q in (q for b in load_banks(spec_id, root=real) for q in b.questions if q.type == "multiple"):
            right = [i for i, o in enumerate(q.options) if o.correct]
            wrong = [i for i, o in enumerate(q.options) if not o.correct]
            assert grade(q, list(range(len(q.options)))).score == 0.0, q.id
            if len(right) == 3 and len(wrong) == 2:
                assert grade(q, right + wrong[:1]).score == 0.5, q.id
            checked += 1
    assert checked >= 20


@given(st.permutations([0, 1, 2]))
def test_ordering_score_is_the_share_in_place(order):
    m = grade(q_of(hostile_bank(), "ordering"), list(order))
    assert m.score == sum(1 for i, x in enumerate(order) if i == x) / 3


# -- bands -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("correct, band", [(26, "Fail"), (27, "Pass"), (31, "Pass"), (32, "Merit"),
                                           (35, "Merit"), (36, "Distinction"), (45, "Distinction"), (0, "Fail")])
def test_l6_bands_for_correct_answers_out_of_45(correct, band):
    # 26/45 = 57.8 %, 27/45 = 60 %, 31/45 = 68.9 %, 32/45 = 71.1 %, 35/45 = 77.8 %, 36/45 = 80 %.
    percent = paper_percent([1.0] * correct + [0.0] * (45 - correct), 45)
    assert band_for(percent, "cim-l6-cjo") == band


def test_non_integer_percentages_are_not_rounded():
    assert band_for(79.9) == "Merit" and band_for(80) == "Distinction"
    assert band_for(69.5) == "Pass" and band_for(71.1) == "Merit" and band_for(59.99) == "Fail"
    with pytest.raises(ValueError):
        band_for(101)


@given(st.floats(min_value=0, max_value=100))
def test_band_is_monotonic(p):
    order = ["Fail", "Pass", "Merit", "Distinction"]
    assert order.index(band_for(p)) <= order.index(band_for(min(100.0, p + 0.5)))


# -- assembly -----------------------------------------------------------------------------------------
def test_largest_remainder_worked_example():
    # 45 places over 8 equal weights: 5.625 each -> 5 each (40), the 5 places left go to the first five.
    w = {k: 1 for k in "abcdefgh"}
    from fractions import Fraction
    alloc = largest_remainder({k: Fraction(1) for k in w}, 45, {k: 17 for k in w})
    assert list(alloc.values()) == [6, 6, 6, 6, 6, 5, 5, 5]
    # a capped key passes its places on: a has only 2 questions.
    alloc = largest_remainder({k: Fraction(1) for k in "abc"}, 9, {"a": 2, "b": 10, "c": 10})
    assert alloc == {"a": 2, "b": 4, "c": 3}


def test_a_paper_is_stratified_seeded_and_without_repeats():
    banks = l6_exam_banks()
    paper = assemble_paper(banks, n=45, seed=7)
    assert len(paper) == 45 and len({q.id for q in paper}) == 45
    counts = Counter(q.primary_criterion for q in paper)
    assert sorted(counts.values()) == [5, 5, 5, 6, 6, 6, 6, 6]
    assert [q.id for q in assemble_paper(banks, n=45, seed=7)] == [q.id for q in paper]
    assert [q.id for q in assemble_paper(banks, n=45, seed=8)] != [q.id for q in paper]


def test_three_disjoint_papers_from_136_questions():
    papers = assemble_papers(l6_exam_banks(), k=3, n=45, seed=2026)
    ids = [q.id for p in papers for q in p]
    assert len(ids) == 135 and len(set(ids)) == 135
    for p in papers:
        counts = Counter(q.primary_criterion for q in p)
        assert len(counts) == 8 and max(counts.values()) - min(counts.values()) <= 1


def test_too_few_questions_is_a_clear_error():
    with pytest.raises(ValueError, match="not enough for 4 separate papers"):
        assemble_papers(l6_exam_banks(), k=4, n=45)
    with pytest.raises(ValueError, match="no question banks"):
        assemble_paper([], n=5)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(min_value=1, max_value=136), seed=st.integers(min_value=0, max_value=10**6))
def test_assembly_properties(n, seed):
    banks = l6_exam_banks()
    paper = assemble_paper(banks, n=n, seed=seed)
    assert len(paper) == n and len({q.id for q in paper}) == n
    counts = Counter(q.primary_criterion for q in paper)
    full = [counts.get(f"cim-l6-cjo:{c}", 0) for c in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2")]
    assert max(full) - min(full) <= 1  # equal weights: counts differ by at most one


@settings(max_examples=25, deadline=None)
@given(k=st.integers(min_value=1, max_value=4), n=st.integers(min_value=1, max_value=34),
       seed=st.integers(min_value=0, max_value=1000))
def test_disjoint_papers_properties(k, n, seed):
    papers = assemble_papers(l6_exam_banks(), k=k, n=n, seed=seed)
    ids = [q.id for p in papers for q in p]
    assert len(papers) == k and all(len(p) == n for p in papers) and len(set(ids)) == k * n


# -- Markdown subset and safe embedding ------------------------------------------------------------------
def test_markdown_subset_escapes_html():
    out = markdown_html(f"Say **hi** to *you* and `{HOSTILE}`\n\n- one\n- two\n\n1. first")
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "<strong>hi</strong>" in out and "<em>you</em>" in out and "<ul><li>one</li><li>two</li></ul>" in out
    assert "<ol><li>first</li></ol>" in out


def test_json_in_the_page_cannot_close_the_script():
    data = {"key": "k", "mode": "practice", "title": "</script><script>alert(1)</script>", "questions": []}
    text = json_for_script(data)
    assert "</" not in text and "<" not in text and json.loads(text) == data
    assert "<script>alert" not in quiz_html(data)


# -- Moodle ------------------------------------------------------------------------------------------------
def test_moodle_export_keeps_every_question():
    banks = l6_banks() + [hostile_bank()]
    root = ET.fromstring(to_moodle_xml(banks))
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    expected = {q.id: q for b in banks for q in b.questions}
    assert {q.findtext("idnumber") for q in questions} == set(expected)
    moodle_type = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
                   "numeric": "numerical", "ordering": "ordering", "matching": "matching", "text": "shortanswer"}
    for el in questions:
        q = expected[el.findtext("idnumber")]
        assert el.get("type") == moodle_type[q.type]
        assert [t.findtext("text") for t in el.find("tags")] == [*q.criteria, q.difficulty]
        if q.type in {"single", "multiple"}:
            fractions = [float(a.get("fraction")) for a in el.findall("answer")]
            assert len(fractions) == len(q.options)
            assert el.findtext("single") == ("true" if q.type == "single" else "false")
            assert sum(f for f in fractions if f > 0) == pytest.approx(100)
            if q.type == "multiple" and not all(o.correct for o in q.options):
                assert sum(f for f in fractions if f < 0) == pytest.approx(-100)  # as our marking: all = 0
        elif q.type == "numeric":
            assert float(el.find("answer").findtext("text")) == q.answer
            assert float(el.find("answer").findtext("tolerance")) == q.tolerance
        elif q.type == "ordering":
            assert len(el.findall("answer")) == len(q.items)
        elif q.type == "matching":
            assert [s.find("answer").findtext("text") for s in el.findall("subquestion")] == [p.right for p in q.pairs]
        elif q.type == "text":
            assert [a.findtext("text") for a in el.findall("answer")] == list(q.accept)
        elif q.type == "true_false":
            right = next(a for a in el.findall("answer") if a.get("fraction") == "100")
            assert right.findtext("text") == ("true" if q.answer else "false")
    hostile = next(e for e in questions if e.findtext("idnumber") == "fx-hostile-1")
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile.find("questiontext").findtext("text")


def test_moodle_command_line(tmp_path, fixture_dir, capsys):
    from widgets.quiz.__main__ import main

    out = tmp_path / "l6.xml"
    assert main(["moodle", "cim-l6-cjo", "-o", str(out)]) == 0
    assert len(ET.parse(out).getroot().findall("question[@type='multichoice']")) > 0
    assert main(["moodle", str(fixture_dir / "ocr-l2-u10" / "hostile.yml")]) == 0
    assert "<quiz>" in capsys.readouterr().out
    assert main(["moodle", "cim-l4-cx"]) == 1
    assert "has no question banks" in capsys.readouterr().err


# -- views (no browser) -------------------------------------------------------------------------------------
def test_practice_app_offers_only_specs_with_banks_and_swaps_the_quiz(fixture_dir):
    from widgets.ui.quiz import QuizApp

    app = QuizApp()
    assert [v for _, v in app.spec_picker.options] == ["ocr-l2-u10", "cim-l6-cjo"]
    assert app.quiz.data["title"] == "Fixture: hostile text and Markdown"
    app.spec_picker.value = "cim-l6-cjo"
    assert [v for _, v in app.bank_picker.options] == ["lo1", "lo2", "lo3"]
    app.bank_picker.value = "lo3"
    assert app.quiz.data["title"] == "Fixture LO3 practice" and len(app.quiz.data["questions"]) == 34
    assert app.holder.children == (app.quiz,)


def test_apps_without_banks_explain_instead_of_failing(tmp_path, monkeypatch):
    from widgets.ui.quiz import MockExamApp, QuizApp

    monkeypatch.setenv("CX_QUIZ_DIR", str(tmp_path))
    assert "No question banks are installed yet." in QuizApp().view.children[0].value
    exam = MockExamApp()
    assert "role='alert'" in exam.message.value and "no exam-pool questions" in exam.message.value
    assert exam.holder.children == ()


def test_show_functions_give_static_html_in_the_book_build(fixture_dir, monkeypatch):
    from widgets.show import show_mock_exam, show_quiz
    from widgets.ui.quiz import QuizWidget

    monkeypatch.setenv("CX_BOOK_BUILD", "1")
    bundle = show_quiz("ocr-l2-u10", "hostile")._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"} and 'class="cx-quiz"' in bundle["text/html"]
    assert HOSTILE not in bundle["text/html"]  # escaped inside the JSON block
    exam = show_mock_exam("cim-l6-cjo", paper=2)._repr_mimebundle_()["text/html"]
    assert exam.count('"id":"fx-') == 45
    # each criterion links to the section that teaches it (or, before it is taught, its overview entry)
    assert re.search(r'"cim-l6-cjo:1\.1":\{"label":"1\.1 [^"]*","links":\[\{"title":"[^"]+","url":'
                     r'"(chapters/cim-l6-cjo/[^"#]+\.html#[^"]+|book/specs/cim-l6-cjo\.html#ac-cim-l6-cjo-1-1)"', exam)
    # the book's mock holds no readable key: the key of each question is sealed until submission
    assert '"correct":' not in exam and '"explanation":' not in exam and exam.count('"sealed":"') == 45
    monkeypatch.delenv("CX_BOOK_BUILD")
    widget = show_quiz("cim-l6-cjo", "LO2")
    assert isinstance(widget, QuizWidget) and widget.data["key"] == "cx-quiz:cim-l6-cjo:lo2"
    with pytest.raises(ValueError, match="has no question bank called 'lo9'"):
        show_quiz("cim-l6-cjo", "lo9")


def test_book_page_url(monkeypatch):
    from widgets.live import book_page_url

    monkeypatch.delenv("CX_BOOK_URL", raising=False)
    assert book_page_url("chapters/cim-l6-cjo/99-mock-exam", "sit-the-exam") == \
        "http://127.0.0.1:8000/chapters/cim-l6-cjo/99-mock-exam.html#sit-the-exam"
    monkeypatch.setenv("CX_BOOK_URL", "https://centre.example.org/cx")
    assert book_page_url("book/specs/cim-l6-cjo.html") == "https://centre.example.org/cx/book/specs/cim-l6-cjo.html"
    with pytest.raises(ValueError):
        book_page_url("../secret")


# -- pools and an honest mock exam (issue 16) ------------------------------------------------------------
def _l6_bank(questions: list[dict]) -> dict:
    return {"schema": 1, "spec": "cim-l6-cjo", "title": "T", "questions": questions}


def _multiple(qid: str, right: int, pool: str = "exam") -> dict:
    return {"id": qid, "type": "multiple", "pool": pool, "criteria": ["cim-l6-cjo:1.1"], "difficulty": "advanced",
            "stem": "Which?", "explanation": "Because.",
            "options": [{"text": f"Option {i}", "correct": i < right, "feedback": "Why."} for i in range(4)]}


def test_pools_are_required_where_there_is_a_mock_exam_and_the_exam_pool_is_choice_only():
    q = dict(GOOD["questions"][0], criteria=["cim-l6-cjo:1.1"])
    with pytest.raises(BankError, match=r"pool: cim-l6-cjo has a mock exam, so every question says pool"):
        parse_bank(yaml.safe_dump(_l6_bank([q])), "cim-l6-cjo/x.yml")
    assert parse_bank(yaml.safe_dump(_l6_bank([dict(q, pool="exam")])), "cim-l6-cjo/x.yml").questions[0].pool == "exam"
    numeric = {"id": "n1", "type": "numeric", "pool": "exam", "criteria": ["cim-l6-cjo:3.1"], "difficulty": "advanced",
               "stem": "How many?", "explanation": "So many.", "answer": 3, "tolerance": 0,
               "feedback": {"correct": "Yes.", "incorrect": "No."}}
    with pytest.raises(BankError, match=r"n1: pool: an exam-pool question is single-choice or multiple-response"):
        parse_bank(yaml.safe_dump(_l6_bank([numeric])), "cim-l6-cjo/x.yml")
    with pytest.raises(BankError, match=r"pool"):
        parse_bank(yaml.safe_dump(_l6_bank([dict(q, pool="homework")])), "cim-l6-cjo/x.yml")
    # a spec without a mock exam does not need pools
    assert parse_bank(yaml.safe_dump(GOOD), "ocr-l2-u10/good.yml").questions[0].pool is None


def test_multiple_response_questions_must_vary_in_how_many_options_are_right():
    same = [_multiple(f"m{i}", 2) for i in range(3)]
    with pytest.raises(BankError, match="every multiple-response question has exactly 2 correct options"):
        parse_bank(yaml.safe_dump(_l6_bank(same)), "cim-l6-cjo/x.yml")
    varied = [_multiple("m0", 2), _multiple("m1", 2), _multiple("m2", 3)]
    assert parse_bank(yaml.safe_dump(_l6_bank(varied)), "cim-l6-cjo/x.yml")
    assert parse_bank(yaml.safe_dump(_l6_bank(same[:2])), "cim-l6-cjo/x.yml")  # two questions: too few to judge


def test_every_real_bank_varies_its_multiple_response_questions():
    from widgets.quiz.models import specs_with_banks

    real = Path(__file__).resolve().parent.parent / "data" / "quizzes"
    for spec_id in specs_with_banks(real):
        for bank in load_banks(spec_id, root=real):
            counts = [sum(o.correct for o in q.options) for q in bank.questions if q.type == "multiple"]
            assert len(counts) < 3 or len(set(counts)) > 1, bank.source


def test_practice_never_shows_exam_questions_and_papers_come_only_from_the_exam_pool(fixture_dir):
    from widgets.quiz.payload import exam_papers

    for bank in l6_banks():
        shown = {q["id"] for q in practice_data(bank)["questions"]}
        assert shown == {q.id for q in bank.questions if q.pool == "practice"} and shown
    papers = exam_papers("cim-l6-cjo")
    assert all(q.pool == "exam" for p in papers for q in p)
    assert len({q.id for p in papers for q in p}) == 135  # 136 exam-pool questions: three disjoint papers


def test_sealed_keys_open_only_with_their_salt():
    from widgets.quiz.payload import seal, unseal

    value = {"options": [{"correct": True, "feedback": "Ça — “quoted” & <b>"}], "explanation": "Because."}
    sealed = seal(value, "cx-exam:cim-l6-cjo:paper1:q1")
    assert unseal(sealed, "cx-exam:cim-l6-cjo:paper1:q1") == value
    assert "correct" not in sealed and "Because" not in sealed
    with pytest.raises(ValueError):  # another question's salt gives noise, not the key
        unseal(sealed, "cx-exam:cim-l6-cjo:paper1:q2")


def test_exam_data_carries_no_key_and_the_kernel_marks(fixture_dir):
    """In JupyterLab and Voila the key never reaches the browser: the kernel marks the submitted responses,
    sets the result itself and only then sends each question's key for the review."""
    from widgets.quiz.payload import exam_data, exam_questions
    from widgets.ui.quiz import QuizWidget

    data = exam_data("cim-l6-cjo", 1, links="absolute", marking="kernel")
    text = json.dumps(data)
    assert '"correct"' not in text and '"feedback"' not in text and '"explanation"' not in text
    assert '"sealed"' not in text and data["marking"] == "kernel"
    questions = exam_questions("cim-l6-cjo", 1)
    widget = QuizWidget(data, questions)
    # the fixture's right answers are "Right …" options: answer the first 27 right, the rest wrong
    responses = {}
    for n, q in enumerate(questions):
        right = [i for i, o in enumerate(q.options) if o.correct]
        wrong = next(i for i, o in enumerate(q.options) if not o.correct)
        responses[q.id] = (right[0] if q.type == "single" else right) if n < 27 else \
            (wrong if q.type == "single" else [wrong])
    reply = widget.mark(responses, how="submitted")
    assert widget.result["score"] == 27 and widget.result["percent"] == 60 and widget.result["band"] == "Pass"
    assert reply["band"] == "Pass" and set(reply["questions"]) == {q.id for q in questions}
    first = questions[0]
    assert reply["questions"][first.id]["explanation"] == first.explanation
    assert [o["correct"] for o in reply["questions"][first.id]["options"]] == [o.correct for o in first.options]
    # hostile or malformed responses are marked as unanswered, never a traceback
    assert widget.mark({"x": "<script>", questions[0].id: {"a": 1}})["score"] == 0
    assert widget.mark("not a mapping")["band"] == "Fail"
    sent = []
    widget.send = sent.append
    widget._on_message(widget, {"type": "submit", "responses": responses, "how": "time"}, [])
    assert sent[-1]["type"] == "marked" and widget.result["finished"] == "time"
    widget._on_message(widget, {"type": "something else"}, [])
    assert len(sent) == 1
    with pytest.raises(ValueError, match="same questions"):
        QuizWidget(data, questions[1:])
    with pytest.raises(ValueError, match="marking is one of"):
        exam_data("cim-l6-cjo", 1, marking="open")
