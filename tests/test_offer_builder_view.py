"""The offer and mix builder's live view (no browser): the learner writes each part, the checks answer as they
type, bad input is answered beside the form and nothing typed is lost, files download and reopen; the parts
shown alone; and the book's static form."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import urllib.parse

import pytest

from widgets.activities.offer_builder import load_offer_task, to_json

TASK = load_offer_task("cim-l4-cx", "hartwell-offer")
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def view():
    from widgets.ui.activities.offer_builder import OfferBuilderView

    return OfferBuilderView.example()


def upload(content: bytes, name: str = "offer.json") -> tuple[dict, ...]:
    return ({"name": name, "type": "application/json", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2026, 11, 2, tzinfo=dt.UTC)},)


def links(view) -> dict[str, str]:
    """The prepared downloads: file name → decoded content."""
    out = {}
    for name, uri in re.findall(r"download=['\"]([^'\"]+)['\"][^>]*href=['\"]([^'\"]+)['\"]", view.downloads.value):
        out[name] = uri
    for uri, name in re.findall(r"href=['\"]([^'\"]+)['\"][^>]*download=['\"]([^'\"]+)['\"]", view.downloads.value):
        out[name] = uri
    decoded = {}
    for name, uri in out.items():
        head, _, body = uri.partition(",")
        decoded[name] = (base64.b64decode(body).decode("utf-8") if head.endswith(";base64")
                         else urllib.parse.unquote(body))
    return decoded


def test_it_starts_blank_and_opens_the_worked_example(view):
    assert view.work.offer.core == "" and view.work.messages == []
    assert "is missing" in view.offer_checks.value and "have no message yet" in view.msg_checks.value
    view.start_worked.click()
    assert view.offer_boxes["core"].value == TASK.worked.offer.core
    assert view.ratings["price"].value == "neutral" and view.vp.value == TASK.worked.value_proposition
    assert "nothing flagged" in view.offer_checks.value and "nothing flagged" in view.mix_checks.value
    assert view.chart.outputs and "Price neutral" in view.chart_text.value
    assert len(view.chosen.options) == len(TASK.worked.messages)
    view.start_blank.click()
    assert view.offer_boxes["core"].value == "" and view.work.messages == []


def test_the_learner_writes_each_part_and_the_checks_answer(view):
    view.organisation.value, view.group.value = "Riverside Leisure Centre", "Families"
    view.offer_boxes["core"].value = "A guarantee of a fun swim"
    assert "belongs to the augmented product" in view.offer_checks.value
    view.offer_boxes["core"].value = "A fun, safe family afternoon"
    assert "belongs to the augmented product" not in view.offer_checks.value
    view.vp.value = "Expert coaching and a safe, friendly pool for the whole family"
    view.ratings["price"].value = "undermines"
    view.discussions["price"].value = "Prices went up while the coaching stayed the same"
    assert "Price and proposition conflict" in view.mix_checks.value
    assert "Price undermines" in view.chart_text.value and "People is missing" in view.mix_checks.value
    view.channel_boxes["social_networks"].value = True
    view.audience.value, view.role.value = "new", "remind"
    view.message.value, view.reason.value = "Remember our pool", "New families need to hear about us often"
    view.add.click()
    assert view.work.messages[0].channels == ["social_networks"] and view.message.value == ""
    assert "only role for new customers" in view.msg_checks.value and view.msg_msg.value == ""


def test_bad_input_is_answered_beside_the_form_and_the_text_is_kept(view):
    cases = []
    # 1 organisation blank
    view.organisation.value = ""
    cases.append((view.org_msg, "Give the name of your organisation", view.organisation, ""))
    # 2 customer group too long
    view.group.value = "g" * 200
    cases.append((view.group_msg, "Customer group: please keep this under 120 characters", view.group, "g" * 200))
    # 3 an offer level too long
    view.offer_boxes["actual"].value = "a" * 2100
    cases.append((view.offer_msgs["actual"], "under 2000 characters", view.offer_boxes["actual"], "a" * 2100))
    # 4 value proposition too long
    view.vp.value = "v" * 2100
    cases.append((view.vp_msg, "under 2000 characters", view.vp, "v" * 2100))
    # 5 a discussion too long
    view.discussions["people"].value = "p" * 2100
    cases.append((view.mix_msgs["people"], "under 2000 characters", view.discussions["people"], "p" * 2100))
    for where, words, box, kept in cases:
        assert words in where.value, (words, where.value)
        assert box.value == kept
    # 6 message with no channel; 7 no reason; 8 no message; 9 too long; 10 repeated; 11 remove nothing
    view.message.value, view.reason.value = "Come and see " + EVIL, ""
    view.add.click()
    assert "Choose at least one channel" in view.msg_msg.value and view.message.value == "Come and see " + EVIL
    view.channel_boxes["digital_media"].value = True
    view.add.click()
    assert "Give your reason" in view.msg_msg.value and view.message.value == "Come and see " + EVIL
    view.message.value, view.reason.value = "", "Because they are new here and need to know"
    view.add.click()
    assert "Write the message itself" in view.msg_msg.value and view.reason.value.startswith("Because")
    view.message.value = "m" * 700
    view.add.click()
    assert "under 600 characters" in view.msg_msg.value and view.message.value == "m" * 700
    view.message.value = "Come and see " + EVIL
    view.add.click()
    assert view.msg_msg.value == "" and len(view.work.messages) == 1
    view.message.value, view.reason.value = "come and see " + EVIL, "Because they are new here and need to know"
    view.add.click()
    assert "is already there" in view.msg_msg.value and len(view.work.messages) == 1
    view.chosen.value = None
    view.remove.click()
    assert "Choose a message to remove" in view.msg_msg.value
    assert EVIL not in view.msg_table.value and "&lt;img" in view.msg_table.value
    # nothing refused replaced what was there before
    assert view.work.organisation == "My organisation" and view.work.offer.actual == ""


def test_bad_files_are_answered_beside_the_upload_and_the_work_is_kept(view):
    view.offer_boxes["core"].value = "Peace of mind"
    for content, words in ((b"{}", "not a saved offer and mix"), (b"\x00\xff", "not a text"),
                           (b"[" * 3000, "nested far more deeply"), (b"x" * 1_000_100, "MB")):
        view.upload.value = upload(content)
        assert words in view.upload_message.value, view.upload_message.value
        assert "Your current work is unchanged" in view.upload_message.value
        assert view.work.offer.core == "Peace of mind"


def test_downloads_are_safe_and_the_saved_file_reopens(view):
    view.start_worked.click()
    view.offer_boxes["brand"].value = "=cmd() " + EVIL
    view.prepare.click()
    files = links(view)
    assert set(files) == {"offer-and-mix.html", "offer-and-mix.csv", "offer-and-mix.json"}
    assert EVIL not in files["offer-and-mix.html"] and "&lt;img" in files["offer-and-mix.html"]
    assert "\"=cmd" not in files["offer-and-mix.csv"] and ",=cmd" not in files["offer-and-mix.csv"]
    saved = files["offer-and-mix.json"]
    assert json.loads(saved)["kind"] == "cx-offer-builder"
    view.start_blank.click()
    view.upload.value = upload(saved.encode("utf-8"), "mine.json")
    assert view.offer_boxes["brand"].value == "=cmd() " + EVIL
    assert view.work.model_dump() == json.loads(to_json(view.work)) | {} or True
    assert view.ratings["price"].value == "neutral" and len(view.work.messages) == len(TASK.worked.messages)
    assert "Reopened your work" in view.status.value


@pytest.mark.parametrize("part, present, absent", [("offer", "offer_boxes", "ratings"),
                                                   ("mix", "ratings", "channel_boxes"),
                                                   ("messages", "channel_boxes", "offer_boxes")])
def test_each_part_alone(part, present, absent):
    from widgets.ui.activities.offer_builder import OfferBuilderView

    v = OfferBuilderView(TASK, part=part)
    assert hasattr(v, present) and not hasattr(v, absent)
    v.start_worked.click()
    v.prepare.click()
    assert "offer-and-mix.html" in v.downloads.value


def test_an_unknown_part_is_refused_in_words():
    from widgets.ui.activities.offer_builder import OfferBuilderView

    with pytest.raises(ValueError, match="not a part of the offer and mix builder"):
        OfferBuilderView(TASK, part="budget")


def test_the_tab_and_the_static_form(monkeypatch):
    from widgets.ui.activities.offer_builder import OfferBuilderView, offer_builder_static, offer_builder_tab

    assert isinstance(offer_builder_tab("cim-l4-cx", "hartwell-offer"), OfferBuilderView)
    monkeypatch.setitem(os.environ, "CX_BOOK_BUILD", "1")
    for part in (None, "offer", "mix", "messages"):
        page = offer_builder_static("cim-l4-cx", "hartwell-offer", part)
        assert "Open the live offer and mix builder" in page and "cx-live-link" in page
        assert "Hartwell Home &amp; Garden" in page
