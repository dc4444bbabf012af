"""One set of facts for a running case (DESIGN.md, "Data flow"), and worked examples that follow their chapter.

The facts of Stride Sports, the made-up shop OCR Level 2 Unit 10 follows, live in
``data/cases/ocr-l2-u10/stride-sports.yml``. These tests fail when the chapters' prose, the activity data,
the journey template the chapters show or the question banks say something different. Each rule checks
a concrete, checkable fact; the message names the file and quotes the sentence that disagrees.

The last tests check that the worked examples do what their chapter teaches (M2 judgements state the
standard, the M3 timetable has dates) and that every chapter cites a real organisation with a source.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from widgets.cases import load_case

ROOT = Path(__file__).resolve().parents[1]
SPEC = "ocr-l2-u10"
CASE = load_case(SPEC, "stride-sports")
CHAPTERS = sorted((ROOT / "chapters" / SPEC).glob("0[1-4]-*.ipynb"))
ACTIVITIES = sorted((ROOT / "data" / "activities" / SPEC).glob("*.yml"))
BANKS = sorted((ROOT / "data" / "quizzes" / SPEC).glob("*.yml"))
JOURNEY = ROOT / "data" / "journeys" / f"{CASE.journey.template}.json"
WORKED = ROOT / "data" / "activities" / SPEC / "stride-sports.yml"

NEGATION = re.compile(r"\b(no|not|nobody|nothing|never|unwritten|without|whether|unsure|unclear|isn't)\b", re.I)
PROPOSAL = re.compile(r"^\W*(add|post|publish|write|offer|let|make|put)\b|\b(could|would|should|will)\b", re.I)


# ----------------------------------------------------------------------------------------------- reading
def _md_cells(path: Path) -> list[tuple[str, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c.get("id", ""), "".join(c["source"])) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _units(markdown: str) -> Iterator[str]:
    """Table rows, list items and paragraphs of ``markdown``, each joined onto one line."""
    block: list[str] = []
    for line in markdown.splitlines() + [""]:
        stripped = line.strip()
        starts_item = re.match(r"^(\||[-*] |\d+\. |>|#)", stripped)
        if not stripped or starts_item:
            if block:
                yield " ".join(block)
            block = []
            if stripped.startswith(("|", "#")):
                yield stripped
                continue
        if stripped:
            block.append(stripped)


def _sentences(text: str) -> Iterator[str]:
    for unit in _units(text):
        if unit.startswith("|"):
            yield unit
            continue
        yield from (s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*\"“(])", unit) if s.strip())


def _strings(node) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def corpus() -> list[tuple[str, str]]:
    """(where, sentence) for every sentence the case appears in: chapters, activities, journey, banks."""
    found: list[tuple[str, str]] = []
    for path in CHAPTERS:
        for cell_id, text in _md_cells(path):
            found += [(f"{path.name} [{cell_id}]", s) for s in _sentences(text)]
    for path in [*ACTIVITIES, *BANKS]:
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found += [(str(path.relative_to(ROOT)), s) for s in _sentences(text)]
    for text in _strings(json.loads(JOURNEY.read_text(encoding="utf-8"))):
        found += [(str(JOURNEY.relative_to(ROOT)), s) for s in _sentences(text)]
    return found


CORPUS = corpus()


def _plain(text: str) -> str:
    """Quotes straightened and emphasis markers dropped, so a quotation can be compared word for word."""
    return re.sub(r"[*_]", "", text.replace("“", '"').replace("”", '"').replace("’", "'"))


def _worked() -> dict:
    return yaml.safe_load(WORKED.read_text(encoding="utf-8"))


def _journey() -> dict:
    return json.loads(JOURNEY.read_text(encoding="utf-8"))


def _touchpoints() -> dict[str, dict]:
    return {tp["name"]: tp for stage in _journey()["as_is"] for tp in stage["touchpoints"]}


# ----------------------------------------------------------------------------------------------- the facts
def test_the_case_file_loads_and_is_the_one_the_activities_use():
    assert CASE.name == "Stride Sports" and CASE.fictional
    assert _worked()["cx_model"]["organisation"] == CASE.name
    assert CASE.address in _worked()["organisation"]
    assert CASE.address.split(",")[0] in _journey()["organisation"]


def test_the_vision_is_quoted_word_for_word_wherever_it_is_quoted():
    vision = _plain(CASE.vision.text)
    wrong = [(where, s) for where, s in CORPUS
             if "Every runner" in s and vision.removeprefix("Every runner") not in _plain(s)]
    assert not wrong, f"the vision is worded differently from the case file ({vision!r}): {wrong}"
    # Quoted fragments of the vision ("confident and looked after") must be words of the vision too.
    fragments = [(where, q) for where, s in CORPUS if "vision" in s.lower() and ("Stride" in s or "runner" in s)
                 for q in re.findall(r'"([^"]{6,})"', _plain(s)) if q.rstrip(".") not in vision]
    assert not fragments, f"a quotation from the vision that is not in it: {fragments}"
    # And it is quoted where the vision is taught: chapter 2 and the customer-experience-model widget on its page.
    ch2 = " ".join(" ".join(t.split()) for _, t in _md_cells(CHAPTERS[1]))
    assert vision in _plain(ch2)
    what = " ".join({e["key"]: e["what"] for e in _worked()["cx_model"]["elements"]}["vision"].split())
    assert vision in _plain(what) and CASE.vision.where.split(" and ")[0] in what


def test_worn_shoe_swaps_are_described_as_not_written_down():
    assert CASE.returns.worn_swaps_written is False
    policy = {e["key"]: e["what"] for e in _worked()["cx_model"]["elements"]}["policy"]
    assert "not yet written down" in policy and f"within {CASE.returns.unworn_days} days" in policy
    pain = [p["description"] for p in _touchpoints()["Phone call about a return"]["pain_points"]]
    assert "Returns policy for worn shoes is not written down" in pain
    # Nowhere may a sentence about worn shoes or the heel-rub swap say a policy or procedure covers it,
    # unless it says there is none, or proposes one.
    keywords = CASE.occasion("Complaint about a heel rub").keywords
    wrong = []
    for where, s in CORPUS:
        about_swap = "worn" in s.lower() or any(k in s.lower() for k in keywords)
        claims_rule = re.search(r"\b(polic(y|ies)|procedures?|rules?|written)\b", s, re.I)
        if about_swap and claims_rule and not NEGATION.search(s) and not PROPOSAL.search(s) \
                and "28 days" not in s and "unworn" not in s.lower():
            wrong.append((where, s))
    assert not wrong, f"a policy or procedure for worn-shoe swaps is described as if it existed: {wrong}"


def test_the_reaction_log_matches_the_case_occasions():
    log = {o["title"]: o for o in _worked()["reaction_log"]["occasions"]}
    assert set(log) == {o.title for o in CASE.occasions}
    for fact in CASE.occasions:
        row = log[fact.title]
        assert (row["date"], row["situation"], row["customer"], row["expectations"], row.get("acceptable")) == \
            (fact.date, fact.situation, fact.customer, fact.expectations, fact.acceptable), fact.title


def test_the_journey_map_gives_the_same_outcome_as_the_reaction_log():
    touchpoints = _touchpoints()
    for fact in CASE.occasions:
        if not fact.touchpoint:
            continue
        tp = touchpoints[fact.touchpoint]
        gap = tp["experience_score"] - tp["expectation_score"]
        outcome = "exceeded" if gap > 0 else "met" if gap == 0 else "not met"
        assert outcome == fact.expectations, (
            f"{fact.touchpoint!r}: the journey map scores it {outcome} "
            f"({tp['expectation_score']} expected, {tp['experience_score']} experienced); the case says "
            f"{fact.expectations}")


def test_prose_gives_each_occasion_the_outcome_the_case_gives_it():
    wrong = []
    for where, s in CORPUS:
        said = re.findall(r"\(expectations? (not met|met|exceeded)\)|\bexpectations? (?:were |was )?"
                          r"(not met|met|exceeded)\b(?![,]| or)", s)
        said = [a or b for a, b in said]
        if not said:
            continue
        for fact in CASE.occasions:
            if any(k in s.lower() for k in fact.keywords) and said[0] != fact.expectations:
                wrong.append((where, fact.title, said[0], s))
    assert not wrong, f"an occasion's outcome differs from the case file: {wrong}"


def test_nobody_books_a_gait_check_because_the_shop_takes_no_bookings():
    assert CASE.gait_check.website_takes_bookings is False
    booking = re.compile(r"\b(book|books|booked|booking|appointment)\b", re.I)
    wrong = [(where, s) for where, s in CORPUS
             if re.search(r"gait", s, re.I) and booking.search(s) and not NEGATION.search(s)
             and not PROPOSAL.search(s)]
    assert not wrong, f"a gait check is booked, but {CASE.gait_check.booking}: {wrong}"
    website = _touchpoints()["Shop website"]
    assert website["experience"] == "Hours shown; nothing on booking"


def test_social_media_posts_are_what_people_read_everywhere():
    category = CASE.expectation_sources["social_media_post_by_others"]
    sorting = yaml.safe_load((ROOT / "data" / "activities" / SPEC / "expectation-sources.yml").read_text("utf-8"))
    social = re.compile(r"instagram|facebook|tiktok|social media|tweet|\bpost\b", re.I)
    wrong = [(i["id"], i["answer"]) for i in sorting["items"] if social.search(i["text"]) and i["answer"] != category]
    assert not wrong, f"a social media post is not sorted under {category!r}, as chapter 1 teaches: {wrong}"
    described = {c["id"]: c["description"] for c in sorting["categories"]}
    assert "social media" in described[category]
    assert not any("social media" in d for cid, d in described.items() if cid != category)
    cells = dict(_md_cells(CHAPTERS[0]))
    assert "social media" in cells["ocr1-read"] and "social media" not in cells["ocr1-hear-see"]


def test_loyalty_scheme_numbers_agree():
    loyalty = CASE.loyalty
    words = {"ten": 10, "nine": 9, "eight": 8, "twelve": 12, "five": 5}
    wrong = []
    for where, s in CORPUS:
        for count, percent in re.findall(r"\b(\w+) stamps give (\d+) ?%", s):
            if words.get(count, count) not in (loyalty.stamps_for_reward, str(loyalty.stamps_for_reward)) \
                    or int(percent) != loyalty.reward_percent_off:
                wrong.append((where, s))
        if re.search(r"running[- ]club|club members", s, re.I):
            for percent in re.findall(r"(\d+) ?% off", s):
                if int(percent) != loyalty.running_club_discount_percent:
                    wrong.append((where, s))
        if re.search(r"loyalty points", s, re.I):
            wrong.append((where, s))  # the scheme is a stamp card
    assert not wrong, f"loyalty facts differ from the case file: {wrong}"


def test_click_and_collect_opening_hours_and_saturday_staffing_agree():
    wrong = []
    for where, s in CORPUS:
        for cut_off in re.findall(r"[Oo]rder online before (\d+ ?[ap]m)", s):
            if cut_off != CASE.click_and_collect.cut_off:
                wrong.append((where, s))
        for opens, closes in re.findall(r"opens at (\d[\d.]* ?[ap]m) and closes at (\d[\d.]* ?[ap]m)", s):
            if (opens, closes) != (CASE.opens, CASE.closes):
                wrong.append((where, s))
        for staff in re.findall(r"\b(\w+) staff work on Saturdays", s):
            if staff.lower() != {2: "two", 3: "three"}[CASE.staff.on_a_saturday]:
                wrong.append((where, s))
        for minutes in re.findall(r"greet every customer within (\w+) minutes", s):
            if minutes != {2: "two", 3: "three", 5: "five"}[CASE.service_standards.greet_within_minutes]:
                wrong.append((where, s))
    assert not wrong, f"facts differ from the case file: {wrong}"
    assert CASE.click_and_collect.promise in " ".join(" ".join(t.split()) for _, t in _md_cells(CHAPTERS[0]))


def test_named_staff_and_the_persona_agree():
    names = {CASE.staff.owner, CASE.staff.assistant_manager, CASE.staff.senior_fitter}
    owners = [a["owner"] for a in _worked()["action_plan"]["actions"]]
    named = {m for o in owners for m in re.findall(r"\(([^)]+)\)|checked by (.+)$", o) for m in m if m}
    assert named and named <= names, f"action-plan owners not on the staff list: {named - names}"
    persona = _journey()["persona"]
    assert persona["name"] == CASE.journey.persona
    assert str(CASE.journey.persona_age) in persona["details"]
    assert CASE.journey.persona_job.capitalize() in persona["details"]
    other = {"he": r"\b(she|her|hers|they|their|them)\b", "she": r"\b(he|his|him|they|their|them)\b",
             "they": r"\b(he|his|him|she|her|hers)\b"}[CASE.journey.persona_pronoun]
    for text in (_journey()["scenario"], persona["details"], *persona["goals"]):
        assert not re.search(other, text, re.I), f"the persona is not {CASE.journey.persona_pronoun!r} here: {text}"
    gendered = {"he": r"\b(she|her|hers)\b", "she": r"\b(he|his|him)\b", "they": r"\b(he|his|him|she|her)\b"}
    wrong = [(w, s) for w, s in CORPUS if "Jordan" in s and re.search(gendered[CASE.journey.persona_pronoun], s)]
    assert not wrong, f"Jordan is referred to as someone else: {wrong}"


# ----------------------------------------------------------------------------------------------- worked examples
def test_worked_m2_judgements_state_the_standard():
    """Chapter 3 teaches: state the standard, describe what happened, judge, give the reason."""
    for row in _worked()["reaction_log"]["occasions"]:
        if row.get("acceptable") is not None:
            assert row["justification"].startswith("Standard:"), row["title"]
    cells = dict(_md_cells(CHAPTERS[2]))
    occasions = [u for u in _units(cells["ocr3-acceptable"]) if u.startswith("- **Occasion")]
    assert len(occasions) >= 2
    for occasion in occasions:
        assert "*Standard:*" in occasion and re.search(r"\*\*(Not acceptable|Acceptable)\*\*", occasion), occasion


MONTH_DATE = re.compile(r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|"
                        r"November|December) (\d{4})\b")


def test_worked_m3_timetable_has_real_dates_matching_the_action_plan():
    """Chapter 4 teaches: a timetable has a start and end date and an owner for every action."""
    table = dict(_md_cells(CHAPTERS[3]))["ocr4-timescales"]
    assert not re.search(r"\bweek \d", table, re.I), "the worked timetable uses week numbers, not dates"
    plan = {(a["start"], a["end"]) for a in _worked()["action_plan"]["actions"]}
    rows = [r for r in table.splitlines() if r.startswith("|") and MONTH_DATE.search(r)]
    assert len(rows) >= 3
    for row in rows:
        dates = [dt.datetime.strptime(" ".join(d), "%d %B %Y").date() for d in MONTH_DATE.findall(row)]
        assert len(dates) == 2 and tuple(dates) in plan, f"a row whose dates are not in the action plan: {row}"


# ----------------------------------------------------------------------------------------------- real organisations
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_cites_a_real_organisation_with_a_source(chapter):
    """Each chapter names at least one real UK organisation with a source a learner can check: a line
    starting ``Source:`` with the publisher, title, date (or "no date", for a web page that gives none)
    and a web address."""
    items = [unit.removeprefix("- ") for _, text in _md_cells(chapter) for unit in _units(text)]
    sources = [item for item in items if item.startswith("Source:")]
    assert sources, f"{chapter.name} cites no source"
    for line in sources:
        assert re.search(r"https://\S+", line), f"{chapter.name}: a source with no web address: {line}"
        assert re.search(r"\b(19|20)\d\d\b|no date", line), f"{chapter.name}: a source with no date: {line}"
