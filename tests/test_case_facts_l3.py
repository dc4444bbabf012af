"""The CIM Level 3 running case, Kettleby Coffee, says the same thing everywhere (DESIGN.md, "Data flow").

Its facts live in ``data/cases/cim-l3-cc/kettleby-coffee.yml``. These tests check that the file adds up
(each derived figure is worked out from the ones it comes from) and that the chapters, the activity
data and the question banks of ``cim-l3-cc`` quote it faithfully: the promise, the campaign message and
the four objectives word for word, and the headline figures wherever a page states them. A worked
"what if" with invented results is allowed when the paragraph says it is hypothetical.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.case_corpus import paragraphs
from widgets.metrics import (
    budget_incremental,
    budget_objective_and_task,
    budget_percentage_of_sales,
    customer_lifetime_value,
    customer_satisfaction_index,
)

ROOT = Path(__file__).resolve().parent.parent
CASE_FILE = ROOT / "data" / "cases" / "cim-l3-cc" / "kettleby-coffee.yml"
CASE = yaml.safe_load(CASE_FILE.read_text(encoding="utf-8"))
PAGES = sorted((ROOT / "chapters" / "cim-l3-cc").glob("[0-9][0-9]-*"))
DATA = sorted((ROOT / "data" / "activities" / "cim-l3-cc").glob("*.yml"))
BANKS = sorted((ROOT / "data" / "quizzes" / "cim-l3-cc").glob("*.yml"))


PARAGRAPHS = paragraphs(PAGES, [*DATA, *BANKS])
ABOUT_THE_CASE = [(w, p) for w, p in PARAGRAPHS if "Kettleby" in p or "Pennine" in p]


def _hypothetical(paragraph: str) -> bool:
    return bool(re.search(r"hypothetical|what if|suppose|imagine", paragraph, re.I))


def test_the_module_has_its_pages_and_the_case_appears_in_them():
    assert len([p for p in PAGES if p.suffix == ".ipynb"]) >= 6 and len(BANKS) == 6
    pages_naming_the_case = {w.split(" [")[0] for w, _ in ABOUT_THE_CASE if w.endswith("]") or w.endswith(".md")}
    assert len(pages_naming_the_case) >= 8, pages_naming_the_case


# ---------------------------------------------------------------------------------- the file adds up
def test_turnover_splits_add_up():
    f = CASE["finances"]
    assert f["wholesale_turnover"] + f["consumer_turnover"] == f["turnover"] == 4_200_000
    assert f["wholesale_turnover"] == round(f["turnover"] * 0.55)
    c, b = CASE["consumers"], CASE["businesses"]
    assert c["subscribers"] * c["bag_price"] * 12 == 1_113_600  # the subscriptions' share of consumer turnover
    assert b["accounts"] * b["average_annual_spend"] == f["wholesale_turnover"]
    assert b["cafes_and_restaurants"] + b["offices"] == b["accounts"]
    assert b["market_share_by_outlets"] == b["cafes_and_restaurants"] / 1000


def test_lifetime_value_follows_from_churn_price_and_margin():
    """Average lifetime = 1 / monthly churn = 1 / 0.05 = 20 months; CLV = 14.50 x 20 x 40 % = 116
    (undiscounted, the chapter's 2.3 worked example; the calculator needs its discount rate set to 0)."""
    c = CASE["consumers"]
    assert round(1 / c["monthly_churn"]) == c["average_lifetime_months"] == 20
    assert c["bag_price"] * c["average_lifetime_months"] * c["gross_margin"] == pytest.approx(c["lifetime_value"])
    clv = customer_lifetime_value(14.50, 12, 20 / 12, 0.40, 0)
    assert clv.value == pytest.approx(116.0)


def test_cancellation_reasons_cover_everyone():
    assert sum(CASE["consumers"]["cancellation_reasons"].values()) == pytest.approx(1.0)


def test_budget_lines_and_the_six_methods_follow_from_the_case():
    camp = CASE["campaign"]
    assert sum(camp["budget"].values()) == camp["budget_total"] == 60_000
    methods = camp["budget_methods"]
    assert budget_objective_and_task(list(camp["budget"].items()), 0).value == methods["objective and task"]
    assert budget_percentage_of_sales(CASE["finances"]["turnover"], 1.5).value == methods["percentage of sales"]
    assert budget_incremental(CASE["finances"]["marketing_spend"], 10).value == pytest.approx(methods["incremental"])
    assert methods["competitive parity"] == CASE["competitor"]["estimated_marketing_spend"]


def test_satisfaction_index_figures_are_the_hand_worked_ones():
    """Sum of importance 49.2; Kettleby 394.02 / 49.2 = 8.0085 -> (8.0085 - 1) / 9 x 100 = 77.87;
    Pennine Roast 372.80 / 49.2 = 7.5772 -> 73.08 (worked by hand in the 2.5 section)."""
    rows = CASE["satisfaction_index"]
    importance = {r["attribute"]: r["importance"] for r in rows}
    assert customer_satisfaction_index(importance, {r["attribute"]: r["kettleby"] for r in rows}).value == \
        pytest.approx(77.87, abs=0.01)
    assert customer_satisfaction_index(importance, {r["attribute"]: r["pennine"] for r in rows}).value == \
        pytest.approx(73.08, abs=0.01)


def test_the_schedule_fits_the_campaign_weeks():
    import datetime as dt

    camp = CASE["campaign"]
    weeks = ((camp["ends"] - camp["starts"]).days // 7) + 1
    assert camp["starts"].weekday() == 0 and camp["starts"] == dt.date(2027, 3, 1)
    for line in camp["schedule"]:
        assert 1 <= line["from_week"] <= line["to_week"] <= weeks, line


# ------------------------------------------------------------------------- the pages quote it faithfully
QUOTED = {
    "the brand promise": CASE["brand"]["promise"],
    "the campaign message": CASE["campaign"]["message"],
    **{f"objective {n}": text for n, text in enumerate(CASE["campaign"]["objectives"], 1)},
}


@pytest.mark.parametrize("what", sorted(QUOTED))
def test_quotations_are_word_for_word(what):
    """Where a page quotes the promise, the message or an objective, it quotes all of it exactly. (A page
    may propose a safer wording of the message; that differs from the seventh word on.)"""
    full = QUOTED[what]
    opening = " ".join(full.split()[:7])  # enough words to be distinctive (the safer message differs at word 7)
    found = 0
    for where, para in PARAGRAPHS:
        if opening in para and not re.search(r"weak (?:draft|version)", para, re.I):  # a weak draft to fix
            found += 1
            assert full.rstrip(".") in para, f"{where}: {what} is not quoted word for word: {para[:300]}"
    assert found, f"{what} is never quoted"


FIGURES = [
    # (what, pattern whose group 1 is the figure, the figures the case allows)
    ("subscribers",
     r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+) (?:active |existing |new |current )?(?:bean |pod )?subscribers\b",
     {"6,400", "1,500", "900", "2,400"}),  # 2,400 = the 1,500 new + 900 existing pod subscribers
    ("Kettleby's staff", r"Kettleby[^.]*?\b(\d+) (?:staff|employees|people)\b", {"38"}),
    ("complaints", r"\b(\d[\d,]*) (?:subscriber )?complaints\b", {"318"}),
    ("the founding year", r"(?:founded|set up|started) in (\d{4})", {"2014"}),
    ("the bag price", r"(?:£|pounds? )?(\d+\.\d\d)(?: pounds)? a (?:bag|month)", {"14.50"}),
    ("the index", r"\bindex\b[^.]*?\b(7\d\.\d+)", {"77.9", "77.87", "73.1", "73.08"}),
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


def test_the_six_budget_figures_agree_wherever_a_table_lists_them():
    methods = CASE["campaign"]["budget_methods"]
    seen = 0
    for where, para in ABOUT_THE_CASE + [(w, p) for w, p in PARAGRAPHS if "| percentage of sales |" in p]:
        for method, amount in methods.items():
            for m in re.finditer(rf"\| {re.escape(method)} \| £?([\d,]+) \|", para, re.I):
                seen += 1
                assert int(m.group(1).replace(",", "")) == amount, f"{where}: {method} is {m.group(1)}"
    assert seen >= 6
