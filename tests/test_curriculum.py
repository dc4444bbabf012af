"""The curriculum files hold every learning outcome, criterion and content bullet of the five seeds."""

from __future__ import annotations

import html
import re

import pytest

from widgets.curriculum import SPEC_IDS, CurriculumError, load_all, load_spec, parse_spec, resolve_key

# (learning outcomes, assessment criteria) as the seed documents state them; see shared/seeds/README.md.
EXPECTED = {
    "ocr-l2-u10": (4, 14),  # P1–P9, M1–M3, D1–D2
    "cim-l3-cc": (6, 24),   # 1.1–6.4
    "cim-l4-cx": (6, 21),   # 1.1–6.4
    "hn-l4-u16": (4, 15),   # P1–P7, M1–M4, D1–D4
    "cim-l6-cjo": (3, 8),   # 1.1–3.2
}
SEED_FILE = {
    "cim-l4-cx": "000_b84367239570c20d.txt",
    "cim-l3-cc": "001_d99e0f244a3e69ca.txt",
    "cim-l6-cjo": "002_d3c7393adb8dca71.txt",
    "hn-l4-u16": "003_677adfdd9db8098b.txt",
    "ocr-l2-u10": "004_a30726437fca4438.txt",
}


@pytest.mark.parametrize("spec_id", SPEC_IDS)
def test_counts_match_the_seed(spec_id):
    spec = load_spec(spec_id)
    assert (len(spec.outcomes()), len(spec.criteria())) == EXPECTED[spec_id]


def test_82_criteria_in_all():
    assert sum(len(s.criteria()) for s in load_all()) == 82


def test_book_order_is_by_level():
    levels = [s.level for s in load_all()]
    assert levels == [2, 3, 4, 4, 6]


def test_graded_specs_have_the_stated_criteria():
    ocr = [c.id for c in load_spec("ocr-l2-u10").criteria()]
    assert sorted(ocr) == sorted([f"P{i}" for i in range(1, 10)] + ["M1", "M2", "M3", "D1", "D2"])
    hn = [c.id for c in load_spec("hn-l4-u16").criteria()]
    assert sorted(hn) == sorted([f"P{i}" for i in range(1, 8)] + [f"M{i}" for i in range(1, 5)]
                                + [f"D{i}" for i in range(1, 5)])


def test_cim_weightings_from_the_seeds():
    assert [o.weighting for o in load_spec("cim-l4-cx").outcomes()] == [15, 15, 20, 20, 15, 15]
    assert [o.weighting for o in load_spec("cim-l3-cc").outcomes()] == [15, 15, 10, 30, 20, 10]


def test_l6_exam_and_bands():
    spec = load_spec("cim-l6-cjo")
    assert spec.assessment.exam.questions == 45 and spec.assessment.exam.minutes == 90
    # Band edges from the seed: Distinction 80%+, Merit 70-79%, Pass 60-69%, Fail 0-59%.
    cases = {100: "Distinction", 80: "Distinction", 79.9: "Merit", 70: "Merit", 69.9: "Pass", 60: "Pass",
             59.9: "Fail", 0: "Fail"}
    for percent, grade in cases.items():
        assert spec.grade_for(percent).startswith(grade), percent
    verbs = {v.verb for v in spec.command_verbs}
    assert {"Analyse", "Evaluate", "Recommend", "Justify", "Explain"} <= verbs


def test_ocr_teaching_content_topics():
    topics = [t.id for o in load_spec("ocr-l2-u10").outcomes() for t in o.topics]
    assert topics == ["1.1", "1.2", "2.1", "3.1", "3.2", "4.1", "4.2"]
    skills = next(t for o in load_spec("ocr-l2-u10").outcomes() for t in o.topics if t.id == "4.2")
    assert len(skills.content) == 10  # the ten customer-service skills of 4.2


def _normalise(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = text.replace("`", "'").replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"[\s•○\uf0b7]+", " ", text).strip().lower()


@pytest.mark.parametrize("spec_id", SPEC_IDS)
def test_every_statement_and_bullet_is_quoted_from_the_seed(spec_id, seeds_dir):
    """Nothing invented: each LO title, criterion statement and bullet appears in the seed."""
    seed = _normalise((seeds_dir / SEED_FILE[spec_id]).read_text(encoding="utf-8"))
    spec = load_spec(spec_id)
    texts = [o.title for o in spec.outcomes()] + [c.statement for c in spec.criteria()]
    texts += [b.text.rstrip(":- —") for b in spec.bullets()]
    missing = [t for t in texts if _normalise(t).rstrip(" .,:-") not in seed]
    # Multi-line bullets whose words the PDF split with page furniture are checked word by word.
    really_missing = [t for t in missing if not all(w in seed for w in _normalise(t).split())]
    assert not really_missing, really_missing[:5]


# Bullet glyphs counted in each seed's content tables (by the grep in the comment), and how many
# heading bullets the transcription added (lines that introduce a list but are not glyph items).
SEED_GLYPH_ITEMS = {
    # grep -o '[•○]' on the content tables: 141 bullets + 4 sub-bullets; +4 headings (5.2 x2, 6.1, 6.4)
    "cim-l4-cx": (145, 4),
    # grep -o '<li>' on the content tables: 102; plus the stray page-break line "Above-the-line and
    # below-the-line" (4.1), which carries no glyph
    "cim-l3-cc": (103, 0),
    # 47 '•'/'○' items in sections 1.1–4.2
    "ocr-l2-u10": (47, 0),
}


@pytest.mark.parametrize("spec_id", sorted(SEED_GLYPH_ITEMS))
def test_no_content_bullet_is_lost(spec_id):
    items, headings = SEED_GLYPH_ITEMS[spec_id]
    assert len(load_spec(spec_id).bullets()) == items + headings


def test_l6_every_li_item_is_kept(seeds_dir):
    """Each <li> item of the L6 module content appears as (part of) a bullet."""
    seed = (seeds_dir / SEED_FILE["cim-l6-cjo"]).read_text(encoding="utf-8")
    content = seed.split("## **Module Content**", 1)[1].split("# Credits", 1)[0]
    items = [_normalise(m) for m in re.findall(r"<li>(.*?)(?=<li>|</li>|<ul>|</ul>)", content, flags=re.S)]
    items = [i for i in items if i]
    bullets = " | ".join(_normalise(b.text) for b in load_spec("cim-l6-cjo").bullets())
    lost = [i for i in items if not all(word in bullets for word in i.split())]
    assert len(items) >= 60 and not lost, lost[:5]


def test_hn_every_essential_content_line_is_kept(seeds_dir):
    seed = (seeds_dir / SEED_FILE["hn-l4-u16"]).read_text(encoding="utf-8")
    essential = seed.split("Essential Content", 1)[1].split("Learning Outcomes and Assessment Criteria", 1)[0]
    lines = [ln.strip() for ln in essential.splitlines() if ln.strip()]
    content_lines = [ln for ln in lines if not ln.startswith("LO") and not ln.endswith(":")]
    bullets = {_normalise(b.text) for b in load_spec("hn-l4-u16").bullets()}
    lost = [ln for ln in content_lines if _normalise(ln) not in bullets]
    assert content_lines and not lost, lost[:5]


# -- validation errors name the file and the field ------------------------------------------------
GOOD = """
id: cim-l6-cjo
title: T
qualification: Q
awarding_body: A
level: 6
source: s.txt
aims: [An aim]
assessment: {method: M, format: F}
units:
  - id: U1
    title: U
    outcomes:
      - id: LO1
        title: O
        criteria:
          - id: "1.1"
            statement: S
            content: [one, {text: two, items: [three]}]
"""


def test_a_good_file_parses_with_nested_bullets():
    spec = parse_spec(GOOD, "good.yml")
    assert [b.text for b in spec.bullets()] == ["one", "two", "three"]


@pytest.mark.parametrize(
    "change, field",
    [
        (("level: 6", "level: eleven"), "level"),
        (('id: "1.1"', 'id: "one"'), "units[0].outcomes[0].criteria[0].id"),
        (("        title: O\n", ""), "units[0].outcomes[0].title"),
        (('id: "1.1"', 'id: "P1"'), "units[0].outcomes[0].criteria[0]"),
        (("id: cim-l6-cjo", "id: cim-l9"), "id"),
        (("title: O\n", "title: O\n        weighting: 140\n"), "units[0].outcomes[0].weighting"),
    ],
)
def test_a_malformed_file_names_file_and_field(change, field):
    bad = GOOD.replace(*change, 1)
    assert bad != GOOD
    with pytest.raises(CurriculumError) as info:
        parse_spec(bad, "broken.yml")
    message = str(info.value)
    assert message.startswith("broken.yml: ")
    assert field in message


def test_invalid_yaml_is_reported_with_the_file():
    with pytest.raises(CurriculumError, match=r"^broken.yml: not valid YAML"):
        parse_spec("id: [unclosed", "broken.yml")


def test_weightings_must_sum_to_100():
    bad = GOOD.replace("title: O\n", "title: O\n        weighting: 40\n", 1)
    with pytest.raises(CurriculumError, match="add up to 40"):
        parse_spec(bad, "w.yml")


def test_resolve_key():
    spec, criterion = resolve_key("ocr-l2-u10:P1")
    assert spec.id == "ocr-l2-u10" and criterion.statement.startswith("Describe how customer expectations")
    for bad in ("ocr-l2-u10:P99", "nope:1.1", "P1"):
        with pytest.raises(ValueError):
            resolve_key(bad)
