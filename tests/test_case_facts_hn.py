"""The BTEC HN Unit 16 running case, Millbrook Hotels, says the same thing everywhere (DESIGN.md, "Data flow").

Its facts live in ``data/cases/hn-l4-u16/millbrook-hotels.yml``; its 2025 guest survey is the sample
``data/datasets/hotel_survey.csv`` and its guest database ``data/datasets/millbrook_guests.csv``. These
tests check that the chapters, activity data, journey templates and banks of ``hn-l4-u16`` quote the
promise and the service standards word for word, give Millbrook's figures as the file does, and that
survey figures a page states are the ones the survey file gives.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.case_corpus import paragraphs

ROOT = Path(__file__).resolve().parent.parent
CASE_FILE = ROOT / "data" / "cases" / "hn-l4-u16" / "millbrook-hotels.yml"
CASE = yaml.safe_load(CASE_FILE.read_text(encoding="utf-8"))
PAGES = sorted((ROOT / "chapters" / "hn-l4-u16").glob("[0-9][0-9]*-*.ipynb"))
DATA = sorted((ROOT / "data" / "activities" / "hn-l4-u16").glob("*.yml"))
BANKS = sorted((ROOT / "data" / "quizzes" / "hn-l4-u16").glob("*.yml"))
TEMPLATES = [ROOT / "data" / "journeys" / "restaurant-visit.json"]
SURVEY = ROOT / "data" / "datasets" / "hotel_survey.csv"


PARAGRAPHS = paragraphs(PAGES, [*DATA, *BANKS], TEMPLATES)
ABOUT_THE_CASE = [(w, p) for w, p in PARAGRAPHS if "Millbrook" in p or any(
    h["name"] in p for h in CASE["hotels"])]


def test_the_unit_has_its_four_chapters_and_the_case_appears_in_each():
    assert sorted({p.name[:2] for p in PAGES}) == ["01", "02", "03", "04"] and len(BANKS) == 4
    for page in PAGES:
        assert any(w.startswith(page.name) for w, _ in ABOUT_THE_CASE), f"{page.name} never mentions Millbrook"


def test_the_file_adds_up():
    assert sum(h["rooms"] for h in CASE["hotels"]) == CASE["rooms_total"] == 300
    assert {s for h in CASE["hotels"] for s in h["main_segments"]} <= set(CASE["segments"])
    survey = pd.read_csv(SURVEY)
    assert len(survey) == CASE["survey_2025"]["responses"]
    assert set(survey["segment"]) == set(CASE["segments"])
    assert set(survey["hotel"]) == {f"{h['name']}, {h['place']}" for h in CASE["hotels"]}


QUOTED = {"the promise": CASE["promise"],
          **{f"service standard {n}": s for n, s in enumerate(CASE["service_standards"], 1)}}


@pytest.mark.parametrize("what", sorted(QUOTED))
def test_quotations_are_word_for_word(what):
    full = QUOTED[what]
    opening = " ".join(full.split()[:5])
    found = 0
    for where, para in PARAGRAPHS:
        if opening in para and not re.search(r"weak|vague|rewrite|improve", para, re.I):
            found += 1
            cut = re.search(re.escape(opening) + r"([^\"]*?) ?(?:\.\.\.|…)", para)  # a marked elision
            if cut:
                assert full.startswith(opening + cut.group(1)), f"{where}: {what} is misquoted: {para[:300]}"
                continue
            assert full.rstrip(".") in para, f"{where}: {what} is not quoted word for word: {para[:300]}"
    assert found, f"{what} is never quoted"


HOTEL_ROOMS = {h["name"]: h["rooms"] for h in CASE["hotels"]}
FIGURES = [
    ("Millbrook's staff", r"Millbrook[^.]*?\b(\d+) (?:staff|employees|people)\b", {str(CASE["employees"])}),
    ("the founding year", r"(?:founded|set up|started|opened) in (\d{4})", {str(CASE["founded"])}),
    ("Millbrook Circle members", r"\b(\d{1,3}(?:,\d{3})+|\d+) (?:Millbrook Circle )?members\b", {"18,500"}),
    ("the average daily rate", r"average (?:daily|room) rate[^.]*?£ ?(\d+)", {str(CASE["average_daily_rate_2025"])}),
    ("the direct booking share",
     r"(\d+) ?% (?:of (?:its |all |the group's )?(?:rooms|bookings|stays) )?(?:are |were )?(?:booked )?direct",
     {str(round(CASE["direct_booking_share_2025"] * 100))}),
]


@pytest.mark.parametrize("what, pattern, allowed", FIGURES, ids=[f[0] for f in FIGURES])
def test_headline_figures_agree_with_the_case(what, pattern, allowed):
    wrong, found = [], 0
    for where, para in ABOUT_THE_CASE:
        found += len(re.findall(pattern, para))
        if re.search(r"hypothetical|what if|suppose|imagine|made-up ratings|not Millbrook data", para, re.I):
            continue
        wrong += [f"{where}: {m.group(1)!r} in …{para[max(0, m.start() - 80):m.end() + 40]}…"
                  for m in re.finditer(pattern, para) if m.group(1) not in allowed]
    assert found, f"no page states {what}: the pattern no longer finds it"
    assert not wrong, f"{what} disagree with {CASE_FILE.name}:\n" + "\n".join(wrong)


def test_rooms_per_hotel_agree():
    wrong = []
    for where, para in ABOUT_THE_CASE:
        for name, rooms in HOTEL_ROOMS.items():
            for m in re.finditer(rf"{re.escape(name)}[^.|]*?\b(\d+) (?:bedrooms|rooms)\b", para):
                if int(m.group(1)) != rooms:
                    wrong.append(f"{where}: {name} has {m.group(1)} rooms")
    assert not wrong, "\n".join(wrong)


def _nps(scores: pd.Series) -> float:
    """NPS = % promoters (9-10) - % detractors (0-6) (Reichheld 2003), to one decimal place."""
    return round(100 * ((scores >= 9).mean() - (scores <= 6).mean()), 1)


def test_survey_figures_stated_in_a_table_are_the_survey_files():
    """A table row "| <group> | <responses> | <NPS> |" gives the count and NPS the survey file gives."""
    survey = pd.read_csv(SURVEY)
    groups = {"all guests": survey}
    groups.update({h: g for h, g in survey.groupby("hotel")})
    groups.update({s: g for s, g in survey.groupby("segment")})
    seen = 0
    for where, para in PARAGRAPHS:
        for m in re.finditer(r"\| ([^|]+?) \| ([\d,]+) \| ([+−-]?\d+\.\d) \|", para):
            name, count, nps = m.group(1).strip(), int(m.group(2).replace(",", "")), m.group(3)
            if name not in groups:
                continue
            seen += 1
            g = groups[name]
            assert count == len(g), f"{where}: {name} has {len(g)} responses, not {count}"
            assert float(nps.replace("−", "-")) == _nps(g["nps_score"]), \
                f"{where}: {name} NPS is {_nps(g['nps_score'])}"
    assert seen >= 4
