"""The CIM Level 6 running case, Fern & Field, says the same thing everywhere (DESIGN.md, "Data flow").

Its facts live in ``data/cases/cim-l6-cjo/fern-and-field.yml``. These tests check that the file adds up (each
derived figure is worked out from the ones it comes from, with the course's own metric functions), that it
agrees with its journey map (``data/journeys/online-retailer.json``) and its worked optimisation plan, and that
the chapters, the activity data and the question banks of ``cim-l6-cjo`` state its headline figures as the
file does. A paragraph that says it is hypothetical ("suppose", "for illustration", "if …") may use other
numbers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.case_corpus import paragraphs
from widgets.metrics import (
    average_order_value,
    customer_acquisition_cost,
    customer_lifetime_value,
    ltv_to_cac_ratio,
)

ROOT = Path(__file__).resolve().parent.parent
CASE_FILE = ROOT / "data" / "cases" / "cim-l6-cjo" / "fern-and-field.yml"
CASE = yaml.safe_load(CASE_FILE.read_text(encoding="utf-8"))
MAP = json.loads((ROOT / "data" / "journeys" / "online-retailer.json").read_text(encoding="utf-8"))
PAGES = sorted((ROOT / "chapters" / "cim-l6-cjo").glob("0[0-9]*-*.ipynb"))
DATA = sorted((ROOT / "data" / "activities" / "cim-l6-cjo").glob("*.yml"))
BANKS = sorted((ROOT / "data" / "quizzes" / "cim-l6-cjo").glob("*.yml"))

PARAGRAPHS = paragraphs(PAGES, [*DATA, *BANKS])
ABOUT_THE_CASE = [(w, p) for w, p in PARAGRAPHS if "Fern & Field" in p or "Fern and Field" in p]


def _hypothetical(paragraph: str) -> bool:
    return bool(re.search(r"hypothetical|suppose|imagine|for illustration|illustrative|assumed|what if|\bif\b",
                          paragraph, re.I))


def test_the_module_has_its_pages_and_the_case_appears_in_them():
    assert len(PAGES) >= 5 and len(BANKS) == 3
    pages = {w.split(" [")[0] for w, _ in ABOUT_THE_CASE if w.endswith("]")}
    assert len(pages) == len(PAGES), sorted(pages)


# ---------------------------------------------------------------------------------- the file adds up
def test_revenue_orders_and_customers_add_up():
    assert average_order_value(CASE["revenue_2025"], CASE["orders_2025"]).value == \
        pytest.approx(CASE["average_order_value"], abs=0.01)  # 8,400,000 / 118,300 = 71.006
    assert CASE["orders_2025"] / CASE["active_customers"] == pytest.approx(CASE["orders_per_active_customer"], abs=0.01)
    assert sum(s["revenue_share"] for s in CASE["segments"]) == pytest.approx(1.0)
    assert sum(CASE["orders_by_device"].values()) == pytest.approx(1.0)


def test_acquisition_cost_and_lifetime_value_follow_from_the_case():
    """CAC = 984,000 / 41,000 = £24; LTV = 71 x 1.6 x 0.48 x 2 = £109.056 (margin-based, undiscounted);
    LTV:CAC = 109.06 / 24 = 4.54 (worked by hand in the 3.1 section)."""
    cac = customer_acquisition_cost(CASE["acquisition_spend_2025"], CASE["new_customers_2025"]).value
    assert cac == CASE["customer_acquisition_cost"] == 24
    ltv = customer_lifetime_value(CASE["average_order_value"], CASE["orders_per_active_customer"],
                                  CASE["average_customer_lifetime_years"], CASE["gross_margin"]).value
    assert ltv == pytest.approx(109.056) and round(ltv, 2) == CASE["lifetime_value"]
    assert ltv_to_cac_ratio(CASE["lifetime_value"], cac).value == pytest.approx(CASE["ltv_to_cac"], abs=0.005)


def test_the_journey_map_states_the_case_kpis_and_pain_points():
    kpis = {k["name"]: (k["value"], k["target"]) for s in MAP["as_is"] for t in s["touchpoints"] for k in t["kpis"]}
    names = {
        "Click-through rate": "instagram_click_through_rate", "Cost per click": "cost_per_click",
        "Share of new customers citing a friend": "share_of_new_customers_citing_a_friend",
        "Product page bounce rate": "product_page_bounce_rate", "Add-to-basket rate": "add_to_basket_rate",
        "Average rating": "average_rating", "Checkout abandonment rate": "checkout_abandonment_rate",
        "Conversion rate": "conversion_rate", "Average order value": "average_order_value",
        "'Where is my order' contacts per 100 orders": "where_is_my_order_contacts_per_100_orders",
        "First-attempt delivery rate": "first_attempt_delivery_rate",
        "Unsubscribe rate per email": "unsubscribe_rate_per_email",
        "Repeat purchase within 90 days": "repeat_purchase_within_90_days",
        "Chat satisfaction (CSAT)": "chat_csat", "First reply time": "first_reply_time_minutes",
        "Review rate": "review_rate", "Net Promoter Score": "net_promoter_score",
        "Referral share of new customers": "referral_share_of_new_customers",
    }
    assert set(names) == set(kpis)
    for label, key in names.items():
        fact = CASE["journey_kpis"][key]
        assert kpis[label] == (fact["value"], fact["target"]), label
    pains = [p["description"] for s in MAP["as_is"] for t in s["touchpoints"] for p in t["pain_points"]]
    assert pains == CASE["pain_points"]
    persona = MAP["persona"]
    assert persona["name"] == CASE["persona"]["name"] and "14 customer interviews" in persona["details"]
    assert "62%" in persona["details"] and CASE["segments"][0]["revenue_share"] == 0.62
    assert CASE["delivery"]["first_attempt_delivery_rate"] * 100 == CASE["journey_kpis"]["first_attempt_delivery_rate"][
        "value"]


def test_the_worked_plan_uses_the_case_budget_and_people():
    plan = yaml.safe_load((ROOT / "data" / "activities" / "cim-l6-cjo" / "fern-plan.yml").read_text(encoding="utf-8"))
    assert plan["budget_total"] == CASE["optimisation_budget_2027"]
    assert sum(i["budget"] for i in plan["improvements"]) <= plan["budget_total"]
    people = set(CASE["people"].values())
    owners = {i["owner"] for i in plan["improvements"]}
    assert owners and all(any(p in o for p in people) for o in owners), owners


# ------------------------------------------------------------------------- the pages quote it faithfully
FIGURES = [
    # (what, pattern whose group 1 is the figure, the figures the case allows)
    ("workplace accounts", r"\b(\d+) (?:business |workplace )?accounts\b", {"140"}),
    ("Plant Club subscribers", r"\b(\d[\d,]*) (?:Plant Club )?subscribers\b", {"3,100"}),
    ("the founding year", r"(?:founded|set up|started) in (\d{4})", {"2018"}),
    ("the net promoter score", r"(?:NPS|[Nn]et [Pp]romoter [Ss]core)(?: of| is| was|:)? (-?\d+)\b", {"18", "40"}),
    ("first-attempt delivery", r"first[- ]attempt delivery(?: rate)?(?: of| is| was|:)? (\d+) ?%", {"71", "92"}),
    ("checkout abandonment", r"checkout abandonment(?: rate)?(?: of| is| was|:| from)? (\d+) ?%", {"74", "60"}),
    ("the average order value", r"(?:average order value|AOV)(?: of| is| was|:)? £(\d+(?:\.\d\d)?)\b",
     {"71", "71.00", "71.01", "75", "75.00"}),
    ("the acquisition cost", r"(?:CAC|acquisition cost)(?: of| is| was|:)? £(\d+(?:\.\d\d)?)\b", {"24", "24.00"}),
    ("the lifetime value", r"(?:LTV|lifetime value)(?: of| is| was|:)? £(\d+(?:\.\d\d)?)\b", {"109.06", "109"}),
    ("analytics consent", r"(\d+) ?% (?:of (?:website )?visitors )?(?:accept|consent)", {"64"}),
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
    """A page that names a Fern & Field role-holder gives the case's name for that role."""
    roles = {"managing director": "Priya Desai", "head of customer experience": "Owen Gallagher",
             "e-commerce manager": "Hannah Reid", "CRM manager": "Luca Moretti", "operations manager": "Bea Adeyemi",
             "customer service lead": "Jonah Price", "performance marketing lead": "Farah Khan",
             "data analyst": "Tomasz Nowak"}
    wrong, found = [], 0
    for where, para in ABOUT_THE_CASE:
        for role, name in roles.items():
            for m in re.finditer(rf"\b(?i:{re.escape(role)}),? ([A-Z][a-z]+ [A-Z][a-z]+)", para):
                found += 1
                if m.group(1) != name:
                    wrong.append(f"{where}: {role} {m.group(1)!r} (the case says {name})")
            for m in re.finditer(rf"([A-Z][a-z]+ [A-Z][a-z]+) \((?:the )?(?i:{re.escape(role)})\)", para):
                found += 1
                if m.group(1) != name:
                    wrong.append(f"{where}: {m.group(1)!r} ({role}) (the case says {name})")
    assert found, "the pages no longer name the case's people beside their roles"
    assert not wrong, "\n".join(wrong)
