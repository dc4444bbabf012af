"""Organisation context explorer (CIM L4 CX 1.1, 1.2): the data, the model's checks (at least ten kinds of bad
input, each a sentence), completeness, save and reopen, safe exports, and the live view keeping the learner's
text when it refuses something."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from widgets.activities.context_explorer import (
    MAX_CHOSEN,
    PROFILE_FIELDS,
    ContextWork,
    choose,
    comparison_table_html,
    completeness,
    context_explorer_html,
    document_html,
    from_json,
    implication_notes,
    load_context_task,
    to_csv,
    to_json,
    with_implication,
    with_profile,
)

EVIL = "<img src=x onerror=alert(1)>"
FORMULA = "=HYPERLINK(\"http://example.invalid\",\"x\")"
REQUIRED_FORMS = {"multinational", "transnational", "international", "global", "sme", "micro", "b2b", "b2c",
                  "service", "retail", "charity", "voluntary", "trade-union", "professional-body", "education",
                  "national-ngo", "international-ngo", "social-enterprise", "government", "local-government",
                  "health", "police-emergency"}
GOOD = ("Because a charity is funded by donors rather than by the customers it serves, its experience has to show "
        "supporters that money is well spent, whereas my organisation is paid by its users, which means it can "
        "invest in service that users notice.")


@pytest.fixture(scope="module")
def task():
    return load_context_task("cim-l4-cx", "organisation-contexts")


def _profile(work: ContextWork, name: str = "Riverside Leisure Trust") -> ContextWork:
    return with_profile(work, name=name, **{k: f"my own words about {k}" for k, _ in PROFILE_FIELDS})


def test_every_form_of_the_range_is_there_with_every_field(task):
    assert {f.id for f in task.forms} == REQUIRED_FORMS
    for form in task.forms:
        for key, _ in PROFILE_FIELDS:
            assert len(getattr(form, key).split()) >= 3, (form.id, key)
        assert form.example.startswith("For example"), form.id


def test_legal_forms_are_the_uk_ones(task):
    text = {f.id: f.legal_forms for f in task.forms}
    assert "CIC Regulator" in text["social-enterprise"] and "asset lock" in text["social-enterprise"]
    assert "CIO" in text["charity"] and "Charity Commission" in text["charity"]
    assert "Certification Officer" in text["trade-union"]
    assert "Royal Charter" in text["professional-body"]
    assert "LLP" in text["sme"] and "sole trader" in text["micro"].lower()
    assert "plc" in text["multinational"]
    assert "statutory" in text["health"] and "statutory" in text["local-government"]


def test_the_worked_example_uses_only_case_facts(task):
    own = task.worked.own
    assert "Private limited company" in own.legal_forms and "third generation" in own.legal_forms
    assert "18 stores (14 garden centres, 4 town-centre home stores)" in own.size and "1,450" in own.size
    assert "Grow something good" in own.marketing_role
    assert completeness(task, task.worked) == []


def test_choosing_keeps_implications_of_forms_kept(task):
    work = choose(task, ContextWork(), ["charity", "health"])
    work = with_implication(task, work, "charity", GOOD)
    work = choose(task, work, ["charity", "micro", "retail"])
    assert work.chosen == ["charity", "micro", "retail"]
    assert [c.form for c in work.comparisons] == ["charity"]
    work = choose(task, work, ["micro", "retail"])
    assert work.comparisons == []


def test_completeness_lists_every_gap_and_passes_when_done(task):
    notes = completeness(task, ContextWork())
    assert any("Choose 2 to 4" in n for n in notes) and any("Name your organisation" in n for n in notes)
    assert sum("is empty" in n for n in notes) == len(PROFILE_FIELDS)
    work = _profile(choose(task, ContextWork(), ["charity", "government"]))
    notes = completeness(task, work)
    assert len(notes) == 2 and all("not written yet" in n for n in notes)
    work = with_implication(task, with_implication(task, work, "charity", GOOD), "government", GOOD)
    assert completeness(task, work) == []
    short = with_profile(work, size="Small")
    assert any("“Size” has 1 word" in n for n in completeness(task, short))


def test_an_implication_must_give_a_reason_and_name_the_difference():
    assert implication_notes("") == ["not written yet"]
    no_reason = ("The charity has donors and we have paying customers and the experience is different in many ways "
                 "for all of the people who use the services of both of these organisations every day.")
    assert any("no reason" in n for n in implication_notes(no_reason))
    no_difference = ("It is quite different because the experience feels another way and so the people think about "
                     "it differently when they come in and look around at everything that is there to see.")
    assert any("does not name the difference" in n for n in implication_notes(no_difference))
    assert any("words" in n for n in implication_notes("Because of funding."))
    assert implication_notes(GOOD) == []


@pytest.mark.parametrize(("make", "words"), [
    (lambda t: choose(t, ContextWork(), ["charity"]), "at least 2"),                              # 1 too few
    (lambda t: choose(t, ContextWork(), ["charity", "micro", "sme", "b2b", "b2c"]), "at most 4"),  # 2 too many
    (lambda t: choose(t, ContextWork(), ["charity", "bank"]), "not one of the organisation forms"),  # 3 unknown
    (lambda t: choose(t, ContextWork(), ["charity", "charity"]), "only once"),                     # 4 twice
    (lambda t: with_profile(ContextWork(), size="x" * 5000), "under 2000 characters"),             # 5 too long
    (lambda t: with_profile(ContextWork(), size=12), "please type text"),                          # 6 not text
    (lambda t: with_profile(ContextWork(), colour="red"), "not a field"),                          # 7 unknown field
    (lambda t: with_implication(t, choose(t, ContextWork(), ["charity", "sme"]), "charity", "  "),
     "Write the implications"),                                                                    # 8 empty
    (lambda t: with_implication(t, choose(t, ContextWork(), ["charity", "sme"]), "charity", "x" * 3000),
     "under 2000"),                                                                                # 9 too long
    (lambda t: with_implication(t, choose(t, ContextWork(), ["charity", "sme"]), "micro", GOOD),
     "Choose the forms to compare first"),                                                         # 10 not chosen
    (lambda t: from_json("not json"), "not valid JSON"),                                           # 11
    (lambda t: from_json(json.dumps({"kind": "cx-disconfirmation", "schema_version": 1})), "not a saved"),  # 12
    (lambda t: from_json(b""), "empty"),                                                           # 13
    (lambda t: from_json(b" " * 1_100_000), "at most 1 MB"),                                       # 14
    (lambda t: from_json(json.dumps({"kind": "cx-context-explorer", "schema_version": 1,
                                     "chosen": ["charity", "bank"]}), t), "cannot be opened"),     # 15
    (lambda t: from_json(json.dumps({"kind": "cx-context-explorer", "schema_version": 1,
                                     "chosen": ["a", "b", "c", "d", "e"]})), "cannot be opened"),  # 16
    (lambda t: from_json('{"kind": "cx-context-explorer", "schema_version": 1, "x": NaN}'), "NaN"),  # 17
])
def test_bad_input_is_answered_in_words(task, make, words):
    with pytest.raises(ValueError, match=words):
        make(task)


def test_save_and_reopen_round_trip(task):
    work = _profile(choose(task, ContextWork(), ["charity", "police-emergency", "micro"]), name=EVIL)
    work = with_implication(task, work, "micro", GOOD)
    again = from_json(to_json(work).encode("utf-8"), task)
    assert again == work and len(again.chosen) <= MAX_CHOSEN


def test_exports_escape_and_neutralise(task):
    work = with_profile(choose(task, ContextWork(), ["charity", "sme"]), name=EVIL, size=FORMULA)
    work = with_implication(task, work, "sme", EVIL + " " + GOOD)
    page = document_html(task, work)
    assert EVIL not in page and "&lt;img" in page and "<caption>" in page and "scope='col'" in page
    rows = list(csv.reader(io.StringIO(to_csv(task, work))))
    assert rows[0] == ["Field", "Charity", "Small or medium-sized enterprise (SME)", EVIL]
    size_row = next(r for r in rows if r[0] == "Size")
    assert size_row[-1].startswith("'=")
    assert EVIL not in comparison_table_html(task, work)
    static = context_explorer_html(task, "<a href='#'>live</a>")
    assert "British Heart Foundation" in static and "Hartwell" in static


# -- the view ----------------------------------------------------------------------------------------------
def test_view_refuses_with_a_message_and_keeps_the_text():
    from widgets.ui.activities.context_explorer import ContextExplorerView

    view = ContextExplorerView.example()
    view.forms.value = ("charity",)
    view.compare.click()
    assert "at least 2" in view.choose_msg.value and view.forms.value == ("charity",)
    view.forms.value = ("charity", "health")
    view.compare.click()
    assert view.choose_msg.value == "" and "Health organisation" in view.table.value
    view.own_name.value = EVIL
    view.own_fields["size"].value = "x" * 5000
    view.save_profile.click()
    assert "2000 characters" in view.profile_msg.value and view.own_fields["size"].value == "x" * 5000
    view.own_fields["size"].value = "About 300 staff in one city"
    view.save_profile.click()
    assert view.profile_msg.value == "" and EVIL not in view.table.value and "&lt;img" in view.table.value
    view.implication.value = "   "
    view.save_implication.click()
    assert "Write the implications" in view.imp_msg.value
    view.implication.value = GOOD
    view.save_implication.click()
    assert view.imp_msg.value == "" and view.implication.value == GOOD
    view.which.value = "health"  # unsaved text? no: saved, so the box shows the health implication (empty)
    assert view.implication.value == ""
    view.implication.value = "draft not saved yet"
    view.which.value = "charity"
    assert view.implication.value == "draft not saved yet" and "unsaved text is kept" in view.imp_msg.value
    view.check.click()
    assert "Still to do" in view.notes.value
    view.prepare.click()
    assert "organisation-contexts.json" in view.downloads.value


def test_view_reopens_a_saved_file_and_refuses_a_bad_one(task):
    from widgets.ui.activities.context_explorer import ContextExplorerView

    view = ContextExplorerView.example()
    view.upload.value = ({"name": "bad.json", "content": b"{nope", "size": 5, "type": "application/json",
                          "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},)
    assert "not valid JSON" in view.upload_message.value
    saved = to_json(task.worked).encode("utf-8")
    view.upload.value = ({"name": "mine.json", "content": saved, "size": len(saved), "type": "application/json",
                          "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},)
    assert view.work == task.worked and view.forms.value == ("charity", "local-government")
    assert view.implication.value.startswith("A charity such as")
