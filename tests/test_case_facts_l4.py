"""The CIM Level 4 running case, Hartwell Home & Garden, says the same thing everywhere (DESIGN.md, "Data flow").

Its facts live in ``data/cases/cim-l4-cx/hartwell-home-and-garden.yml``. These tests check that the file adds up,
that the figures it takes from the complaints log (``data/datasets/retail_complaints.csv``) are what the log
gives, and that the chapters, the activity data, the journey template and the question banks of ``cim-l4-cx``
state its headline figures and quote its promise as the file does. A paragraph that says it is hypothetical
("suppose", "for illustration", "if …") may use other numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.case_corpus import paragraphs

ROOT = Path(__file__).resolve().parent.parent
CASE_FILE = ROOT / "data" / "cases" / "cim-l4-cx" / "hartwell-home-and-garden.yml"
CASE = yaml.safe_load(CASE_FILE.read_text(encoding="utf-8"))
PAGES = sorted((ROOT / "chapters" / "cim-l4-cx").glob("[0-9][0-9]*-*"))
DATA = sorted((ROOT / "data" / "activities" / "cim-l4-cx").glob("*.yml"))
BANKS = sorted((ROOT / "data" / "quizzes" / "cim-l4-cx").glob("*.yml"))
TEMPLATE = ROOT / "data" / "journeys" / "garden-centre.json"

PARAGRAPHS = paragraphs(PAGES, [*DATA, *BANKS], [TEMPLATE])
ABOUT_THE_CASE = [(w, p) for w, p in PARAGRAPHS if "Hartwell" in p]


def _hypothetical(paragraph: str) -> bool:
    return bool(re.search(r"hypothetical|suppose|imagine|for illustration|illustrative|assumed|what if|\bif\b",
                          paragraph, re.I))


def test_the_module_has_its_pages_and_the_case_appears_in_them():
    notebooks = [p for p in PAGES if p.suffix == ".ipynb"]
    assert len(notebooks) >= 6 and len(BANKS) == 6
    pages = {w.split(" [")[0] for w, _ in ABOUT_THE_CASE if w.endswith("]") or w.endswith(".md")}
    assert len(pages) >= len(notebooks), sorted(pages)


# ---------------------------------------------------------------------------------- the file adds up
def test_the_figures_add_up():
    assert CASE["revenue_2025"] / CASE["transactions_2025"] == CASE["average_transaction_value"] == 40
    per_1000 = round(CASE["complaints_2025"] / CASE["transactions_2025"] * 1000, 2)
    assert per_1000 == CASE["complaints_per_1000_transactions"]
    assert sum(g["revenue_share"] for g in CASE["customer_groups"]) == pytest.approx(1.0)
    s = CASE["stores"]
    assert s["garden_centres"] + s["town_centre_home_stores"] == s["total"] == 18


def test_the_complaint_figures_are_the_logs():
    log = pd.read_csv(ROOT / "data" / "datasets" / "retail_complaints.csv",
                      parse_dates=["opened_at", "first_response_at", "resolved_at"])
    assert len(log) == CASE["complaints_2025"] and set(log["opened_at"].dt.year) == {CASE["year"]}
    counts = log["category"].value_counts()
    facts = CASE["complaints_from_the_log_2025"]
    for category, key in (("Delivery", "delivery"), ("Product quality", "product_quality"),
                          ("Returns and refunds", "returns_and_refunds"), ("Staff and service", "staff_and_service"),
                          ("Billing", "billing"), ("Website and app", "website_and_app")):
        assert counts[category] == facts[key], category
    hours = (log["first_response_at"] - log["opened_at"]).dt.total_seconds() / 3600
    assert int((hours <= CASE["measures_2025"]["complaint_first_response_target_hours"]).sum()) == \
        facts["first_response_within_24_hours"]


# ------------------------------------------------------------------------- the pages quote it faithfully
def test_the_brand_promise_is_quoted_word_for_word():
    promise = CASE["brand_promise"].rstrip(".")
    found = [(w, p) for w, p in ABOUT_THE_CASE if "Grow something" in p]
    assert found, "no page quotes the brand promise"
    wrong = [f"{w}: {p[:200]}" for w, p in found if promise not in p]
    assert not wrong, "\n".join(wrong)


NOT_A_YEAR = r"\b(?!(?:19|20)\d\d\b)"
FIGURES = [
    # (what, pattern whose group 1 is the figure, the figures the case (or its complaints log) allows)
    ("stores", r"\b(\d+) (?:stores|garden centres|town-centre home stores)\b", {"18", "14", "4"}),
    ("employees", NOT_A_YEAR + r"(\d[\d,]*) (?:employees|staff|people)\b", {"1,450"}),
    ("the founding year", r"(?:founded|set up|started|opened) in (\d{4})", {"1979"}),
    ("Rewards members", NOT_A_YEAR + r"(\d[\d,]*) (?:active )?(?:Hartwell )?(?:Rewards )?members\b", {"210,000"}),
    ("trade accounts", r"\b(\d[\d,]*) trade accounts\b", {"1,300"}),
    ("the NPS", r"(?:NPS|[Nn]et [Pp]romoter [Ss]core)(?: of| is| was|:)? (-?\d+)\b", {"31"}),
    ("complaints in 2025", NOT_A_YEAR + r"(\d[\d,]*) complaints\b",
     {"2,500", "782", "547", "408", "318", "259", "186", "2,221", "1,037", "724", "446", "279", "278", "242", "228",
      "156", "84", "72", "2,413", "87", "6"}),  # 2,413 resolved, 87 open; 6 in December (the log ends on 1 Dec)
]


@pytest.mark.parametrize("what, pattern, allowed", FIGURES, ids=[f[0] for f in FIGURES])
def test_headline_figures_agree_with_the_case(what, pattern, allowed):
    wrong, found = [], 0
    for where, para in ABOUT_THE_CASE:
        found += len(re.findall(pattern, para))
        if _hypothetical(para):
            continue
        wrong += [f"{where}: {m.group(1)!r} in …{para[max(0, m.start() - 80):m.end() + 40]}…"
                  for m in re.finditer(pattern, para) if m.group(1) not in allowed]
    assert found, f"no page states {what}: the pattern no longer finds it"
    assert not wrong, f"{what} disagree with {CASE_FILE.name}:\n" + "\n".join(wrong)


def test_the_people_are_named_as_in_the_case():
    roles = {role.replace("_", " "): name for role, name in CASE["people"].items()}
    wrong, found = [], 0
    for where, para in ABOUT_THE_CASE:
        for role, name in roles.items():
            for m in re.finditer(rf"\b(?i:{re.escape(role)}),? ([A-Z][a-z]+ [A-Z][a-z]+)", para):
                found += 1
                if m.group(1) != name:
                    wrong.append(f"{where}: {role} {m.group(1)!r} (the case says {name})")
    assert found, "the pages no longer name the case's people beside their roles"
    assert not wrong, "\n".join(wrong)
