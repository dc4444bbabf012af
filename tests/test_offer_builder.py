"""Offer and mix builder (CIM Level 4 Customer Experience, 4.1–4.3): the model's checks on the offer, the mix
and the messages, its learner-readable refusals, saving and reopening, the exports and the book's static form."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from widgets.activities.offer_builder import (
    CHANNELS,
    ELEMENTS,
    MAX_MESSAGES,
    OfferWork,
    add_message,
    all_notes,
    blank_work,
    check_part,
    document_html,
    from_json,
    load_offer_task,
    message_notes,
    mix_chart,
    mix_description,
    mix_notes,
    offer_builder_html,
    offer_notes,
    remove_message,
    to_csv,
    to_json,
    with_changes,
    with_mix,
    with_offer,
)

ROOT = Path(__file__).resolve().parents[1]
EVIL = "<img src=x onerror=alert(1)>"
TASK = load_offer_task("cim-l4-cx", "hartwell-offer")
CASE = yaml.safe_load((ROOT / "data/cases/cim-l4-cx/hartwell-home-and-garden.yml").read_text(encoding="utf-8"))


def offer(**levels: str) -> OfferWork:
    work = blank_work("Test Co")
    for key, value in levels.items():
        work = with_offer(work, key, value)
    return work


def message(work: OfferWork, audience="new", channels=("digital_media",), role="inform", text="Hello there",
            reason="Because new customers need to know what we offer") -> OfferWork:
    return add_message(work, audience, list(channels), role, text, reason)


# -- the worked Hartwell example ------------------------------------------------------------------------------------
def test_the_worked_example_has_every_part_and_nothing_flagged():
    work = TASK.worked
    assert all_notes(work) == {"offer": [], "mix": [], "messages": []}
    assert [e.element for e in work.mix] == list(ELEMENTS) and all(e.rating for e in work.mix)
    assert {m.audience for m in work.messages} == {"new", "returning", "existing"}


def test_the_worked_example_uses_only_facts_from_the_case():
    work = TASK.worked
    assert work.organisation == CASE["name"]
    assert work.customer_group in [g["name"] for g in CASE["customer_groups"]]
    vp = " ".join(work.value_proposition.split()).rstrip(".")
    assert vp[0].lower() + vp[1:] == CASE["value_proposition"]
    text = json.dumps(work.model_dump(), ensure_ascii=False)
    assert CASE["brand_promise"] in text and CASE["loyalty_scheme"]["name"] in text
    assert "guaranteed for two years" in text and "click and collect" in text and "home delivery" in text
    # no new Hartwell numbers: only the case's 14 garden centres and 4 town-centre home stores
    assert set(re.findall(r"\d+", text)) <= {"14", "4"}
    assert str(CASE["stores"]["garden_centres"]) == "14" and str(CASE["stores"]["town_centre_home_stores"]) == "4"


# -- 4.1 the offer -----------------------------------------------------------------------------------------------
def test_a_guarantee_under_the_core_benefit_is_flagged_with_its_reason():
    notes = offer_notes(offer(core="A two-year guarantee on every plant"))
    assert any("“guarantee”, which belongs to the augmented product" in n for n in notes)


def test_a_core_benefit_phrased_as_a_feature_is_flagged():
    notes = offer_notes(offer(core="Plants in 2 litre pots with good packaging"))
    assert any("phrased as a feature" in n and "hole in the wall" in n for n in notes)
    assert not any("phrased as a feature" in n for n in offer_notes(offer(core="Confidence that the garden will grow")))


def test_delivery_under_the_actual_product_is_flagged():
    assert any("The actual product mentions “delivery”" in n
               for n in offer_notes(offer(actual="Healthy plants with home delivery")))


def test_a_level_copied_into_another_is_flagged():
    same = "Healthy plants chosen by trained plant people in every store"
    notes = offer_notes(offer(core=same, actual=same + "."))
    assert any("say almost the same thing" in n for n in notes)


def test_every_missing_level_and_a_recommendation_without_reasons_are_flagged():
    notes = offer_notes(offer(recommendation="Lead with the guarantee"))
    assert sum("is missing" in n for n in notes) == 3
    assert any("a recommendation without reasons cannot be judged" in n for n in notes)
    notes = offer_notes(offer(reasons="Because customers like it and it makes them happy when they shop here often"))
    assert any("do not mention the core, actual or augmented level" in n for n in notes)
    assert any("very short" in n for n in offer_notes(offer(reasons="It is good.")))


# -- 4.2 the mix --------------------------------------------------------------------------------------------------
def test_price_undermining_the_proposition_is_a_conflict():
    work = with_mix(TASK.worked, "price", rating="undermines")
    assert any(n.startswith("Price and proposition conflict") for n in mix_notes(work))


def test_discount_pricing_against_an_expert_proposition_is_a_possible_conflict():
    work = with_mix(TASK.worked, "price", rating="supports",
                    discussion="We will have the lowest price in town and big discounts every weekend")
    assert any(n.startswith("Price and proposition may conflict") for n in mix_notes(work))


def test_people_and_process_missing_are_flagged_with_why_they_matter():
    work = with_mix(with_mix(TASK.worked, "people", rating="", discussion=""), "process", rating="", discussion="")
    notes = mix_notes(work)
    assert any(n.startswith("People is missing") and "service-profit chain" in n for n in notes)
    assert any(n.startswith("Process is missing") and "self-service" in n for n in notes)


def test_an_unrated_or_unexplained_p_a_missing_proposition_and_a_one_sided_discussion_are_flagged():
    work = with_changes(blank_work(), for_against="The product is great and the place is lovely.")
    work = with_mix(work, "product", rating="supports")
    notes = mix_notes(work)
    assert "State the value proposition first: every P is judged against it." in notes
    assert "Product: give your reason for the rating." in notes
    assert any(n.startswith("Price: choose whether") for n in notes)
    assert any("one side only" in n for n in notes)


def test_the_chart_has_a_text_description_of_every_rating():
    desc = mix_description(TASK.worked)
    assert "Price neutral" in desc and "People supports" in desc and "Not rated" not in desc
    assert "Not rated: Product, Price" in mix_description(blank_work())
    chart = mix_chart(blank_work())
    assert chart.description.startswith("Bar chart")


# -- 4.3 messages -------------------------------------------------------------------------------------------------
def test_each_audience_needs_a_message_and_remind_alone_does_not_suit_new_customers():
    work = message(blank_work(), role="remind")
    notes = message_notes(work)
    assert any("“Remind” is the only role for new customers" in n for n in notes)
    assert any(n.startswith("Returning customers have no message") for n in notes)
    assert any(n.startswith("Existing customers have no message") for n in notes)
    work = message(work, role="persuade", text="Try us")
    assert not any("only role for new customers" in n for n in message_notes(work))


def test_channels_that_never_vary_are_flagged():
    work = message(message(blank_work()), audience="existing", text="Welcome back")
    assert any("Every message uses the same channels" in n for n in message_notes(work))
    work = message(work, audience="returning", channels=("in_store_pos", "personal_selling"), text="See you")
    assert not any("same channels" in n for n in message_notes(work))


# -- bad input: every kind answered in a sentence -------------------------------------------------------------------
BAD = [
    (lambda: with_offer(blank_work(), "core", "x" * 2001), "under 2000 characters"),
    (lambda: with_offer(blank_work(), "price", "x"), "not a part of the offer"),
    (lambda: with_mix(blank_work(), "packaging", rating="supports"), "not one of the seven Ps"),
    (lambda: with_mix(blank_work(), "price", rating="brilliant"), "please choose one of the options"),
    (lambda: message(blank_work(), audience="lapsed"), "please choose one of the options"),
    (lambda: message(blank_work(), role="entertain"), "please choose one of the options"),
    (lambda: message(blank_work(), channels=("carrier pigeon",)), "please choose one of the options"),
    (lambda: message(blank_work(), channels=()), "Choose at least one channel"),
    (lambda: message(blank_work(), channels=("digital_media", "digital_media")), "chosen twice"),
    (lambda: message(blank_work(), reason="  "), "Give your reason"),
    (lambda: message(blank_work(), text=""), "Write the message itself"),
    (lambda: message(blank_work(), text="x" * 601), "under 600 characters"),
    (lambda: message(message(blank_work()), text="hello   THERE"), "is already there"),
    (lambda: remove_message(blank_work(), None), "Choose a message to remove"),
    (lambda: remove_message(blank_work(), 3), "Choose a message to remove"),
    (lambda: with_changes(blank_work(), organisation="   "), "Give the name of your organisation"),
    (lambda: with_changes(blank_work(), mix=[{"element": "price"}, {"element": "price"}]), "appears twice"),
    (lambda: check_part("budget"), "is not a part of the offer and mix builder"),
]


@pytest.mark.parametrize("call, words", BAD)
def test_bad_input_gets_a_sentence(call, words):
    with pytest.raises(ValueError) as err:
        call()
    assert words in str(err.value) and "Traceback" not in str(err.value)


def test_there_is_a_limit_on_messages():
    work = blank_work()
    for n in range(MAX_MESSAGES):
        work = message(work, text=f"Message {n}")
    with pytest.raises(ValueError, match="remove one before adding another"):
        message(work, text="one more")


# -- saving and reopening -----------------------------------------------------------------------------------------
def test_saved_work_reopens_exactly():
    work = message(with_offer(TASK.worked, "core", EVIL), text=EVIL)
    assert from_json(to_json(work)) == work
    assert from_json(to_json(work).encode("utf-8")) == work


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"not json", "not valid JSON"),
    (b"\xff\xfe\x00x", "not a text (UTF-8) file"),
    (json.dumps({"kind": "something-else", "schema_version": 1}).encode(), "not a saved offer and mix"),
    (json.dumps({"kind": "cx-offer-builder", "schema_version": 9}).encode(), "different version"),
    (b"[" * 5000 + b"]" * 5000, "nested far more deeply"),
    (b" " * 1_000_001, "at most 1 MB"),
    (json.dumps({"kind": "cx-offer-builder", "schema_version": 1, "messages": "lots"}).encode(), "cannot be opened"),
    (json.dumps({"kind": "cx-offer-builder", "schema_version": 1, "mix": [{"element": "price", "rating": "wow"}]}
                ).encode(), "cannot be opened"),
    (json.dumps({"kind": "cx-offer-builder", "schema_version": 1, "extra": 1}).encode(), "cannot be opened"),
    (b'{"kind": "cx-offer-builder", "schema_version": 1, "x": NaN}', "where a number should be"),
])
def test_a_file_that_is_not_saved_work_is_refused_in_words(content, words):
    with pytest.raises(ValueError) as err:
        from_json(content)
    assert words in str(err.value)


# -- exports and the book ---------------------------------------------------------------------------------------
def test_csv_is_safe_and_complete():
    work = message(with_offer(blank_work(), "core", "=HYPERLINK(\"http://x\")"), text="+cmd|' /C calc'!A0")
    rows = list(csv.reader(io.StringIO(to_csv(work))))
    assert rows[0] == ["part", "item", "rating or role", "channels", "text", "reason"]
    cells = [c for r in rows for c in r]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells if c)
    assert sum(r[0] == "mix" for r in rows) == len(ELEMENTS) + 2 and any(r[0] == "messages" for r in rows)


def test_html_escapes_the_learners_text():
    work = message(with_changes(with_offer(blank_work(), "brand", EVIL), organisation=EVIL, value_proposition=EVIL),
                   text=EVIL, reason=EVIL + " because it is a good reason")
    for page in (document_html(work), document_html(work, "messages")):
        assert EVIL not in page and "&lt;img src=x" in page
    assert document_html(work).startswith("<!DOCTYPE html>")


def test_the_static_form_shows_each_part_of_the_worked_example_with_the_live_link():
    link = "<p class='cx-live-link'><a href='x'>live</a></p>"
    page = offer_builder_html(TASK, None, link)
    assert page.count("<section>") == 3 and page.endswith(link + "</div>")
    assert "Grow something good." in page and "cx-chart" in page and "Chart description" in page
    offer_only = offer_builder_html(TASK, "offer")
    assert "Core benefit" in offer_only and "Role (DRIP)" not in offer_only
    assert "Role (DRIP)" in offer_builder_html(TASK, "messages")
    assert len(CHANNELS) == 6
