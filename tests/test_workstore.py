"""The learner's saved work on the server (widgets.workstore) and its view (widgets.ui.my_work), no browser."""

from __future__ import annotations

import json
import os
import stat

import pytest

from widgets.journey import MAX_UPLOAD_BYTES, JourneyMap, load_template, to_json_bytes
from widgets.ui.journey import JourneyBuilder
from widgets.ui.my_work import NOTHING_SAVED, MyWork
from widgets.workstore import MAX_TITLE, WorkStore, clean_title, slug

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def store(tmp_path) -> WorkStore:
    return WorkStore(tmp_path / "cx-work", "journey-map", max_bytes=10_000)


# -- the store ----------------------------------------------------------------------------------------
def test_save_list_and_open_round_trip(store):
    item = store.save("  Hotel stay,   as-is ", b'{"title": "Hotel stay"}')
    assert item.title == "Hotel stay, as-is" and item.name == "journey-map--hotel-stay-as-is.json"
    assert [i.title for i in store.list()] == ["Hotel stay, as-is"]
    assert json.loads(store.open(item.name)) == {"title": "Hotel stay"}
    folder_mode = stat.S_IMODE(store.folder.stat().st_mode)
    file_mode = stat.S_IMODE((store.folder / item.name).stat().st_mode)
    assert folder_mode == 0o700 and file_mode == 0o600  # only the learner's account can read them


def test_saving_under_the_same_title_replaces_and_leaves_no_temporary_file(store):
    store.save("Plan", b'{"v": 1}')
    store.save("plan", b'{"v": 2}')  # the same file name
    assert len(store.list()) == 1 and json.loads(store.open("journey-map--plan.json")) == {"v": 2}
    assert sorted(p.name for p in store.folder.iterdir()) == ["journey-map--plan.json"]


@pytest.mark.parametrize("title, message", [
    ("", "Type a title"), ("   \t", "Type a title"), ("x" * (MAX_TITLE + 1), f"at most {MAX_TITLE}"),
    ("evil\u0000name", "control characters"), ("\u202eevil", "control characters"), ("!!! ??? ***", "letter or digit"),
    ("🙂🙂", "letter or digit"),
])
def test_bad_titles_are_refused_with_a_sentence_and_nothing_is_written(store, title, message):
    with pytest.raises(ValueError, match=message):
        store.save(title, b"{}")
    assert not store.folder.exists() or not list(store.folder.iterdir())


@pytest.mark.parametrize("title", ["../../etc/passwd", "/etc/passwd", "a/../../b", "C:\\Windows\\x", ".bashrc"])
def test_a_title_can_never_name_a_path_outside_the_folder(store, tmp_path, title):
    item = store.save(title, b"{}")
    assert (store.folder / item.name).resolve().parent == store.folder.resolve()
    assert "/" not in item.name and "\\" not in item.name and not item.name.startswith(".")
    assert slug(title) in item.name


def test_a_title_of_dots_alone_names_no_file(store):
    with pytest.raises(ValueError, match="letter or digit"):
        store.save("..", b"{}")


@pytest.mark.parametrize("name", ["../journey-map--x.json", "/etc/passwd", "journey-map--x.json/..",
                                  "journey-map--../../x.json", "other-kind--x.json", "journey-map--x.txt", "",
                                  "journey-map--.json", 3])
def test_open_refuses_any_name_that_is_not_a_saved_file(store, name):
    store.save("x", b"{}")
    with pytest.raises(ValueError, match="not one of your saved"):
        store.open(name)  # type: ignore[arg-type]


def test_a_symlink_planted_in_the_folder_is_neither_listed_nor_opened(store, tmp_path):
    store.save("real", b"{}")
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"cx_saved_work": 1, "kind": "journey-map", "title": "s", "document": {}}))
    (store.folder / "journey-map--planted.json").symlink_to(secret)
    assert [i.title for i in store.list()] == ["real"]
    with pytest.raises(ValueError, match="no longer there"):
        store.open("journey-map--planted.json")


def test_oversized_work_is_refused_on_save_and_on_open(store):
    with pytest.raises(ValueError, match=r"That work is 20 kB; saved work can be at most 10 kB"):
        store.save("big", json.dumps({"x": "y" * 20_000}).encode())
    assert store.list() == []
    store.save("small", b"{}")
    path = store.folder / "journey-map--small.json"
    path.write_bytes(b" " * 20_000 + path.read_bytes())  # grown on disk behind the course's back
    with pytest.raises(ValueError, match="can be at most"):
        store.open("journey-map--small.json")


@pytest.mark.parametrize("content", [b"not json", b"\xff\xfe\x00", b"[1, 2]", b'{"cx_saved_work": 1}',
                                     b'{"cx_saved_work": 1, "kind": "campaign", "title": "x", "document": {}}',
                                     b"[" * 9_000])
def test_a_corrupt_file_gives_a_message_and_is_left_out_of_the_list(store, content):
    store.save("good", b"{}")
    (store.folder / "journey-map--bad.json").write_bytes(content)
    assert [i.title for i in store.list()] == ["good"]
    with pytest.raises(ValueError, match="could not be read: it is damaged"):
        store.open("journey-map--bad.json")


def test_work_that_is_not_json_is_not_saved(store):
    with pytest.raises(ValueError, match="not in the course's file format"):
        store.save("x", b"{not json")
    with pytest.raises(ValueError, match="not readable text"):
        store.save("x", b"\xff\xfe")


def test_the_store_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("CX_WORK_DIR", raising=False)
    assert WorkStore.from_environment("journey-map") is None
    monkeypatch.setenv("CX_WORK_DIR", str(tmp_path / "w"))
    assert WorkStore.from_environment("journey-map").folder == tmp_path / "w"
    with pytest.raises(ValueError):
        WorkStore(tmp_path, "../kind")


def test_clean_title_keeps_what_the_learner_typed_apart_from_spacing():
    assert clean_title("  Café  «plan»  ") == "Café «plan»"
    assert slug("Café «plan» 2026") == "cafe-plan-2026"


# -- the view -----------------------------------------------------------------------------------------
@pytest.fixture
def panel(store):
    state = {"doc": b'{"n": 1}', "opened": []}

    def opened(data, title):
        if b"refuse" in data:
            raise ValueError("That is not a journey map.")
        state["opened"].append((json.loads(data), title))

    view = MyWork(store, lambda: ("Suggested title", state["doc"]), opened, what="journey map")
    view.state = state
    return view


def test_the_panel_saves_under_the_suggested_title_and_lists_it(panel):
    assert panel.saved.options == ((NOTHING_SAVED, ""),) and panel.open_button.disabled
    panel.save_button.click()
    assert "Saved “Suggested title”" in panel.status.value and "aria-live='polite'" in panel.status.value
    assert panel.saved.value == "journey-map--suggested-title.json" and not panel.open_button.disabled
    panel.save_button.click()
    assert "Replaced your earlier “Suggested title”" in panel.status.value


def test_a_bad_title_shows_a_message_beside_it_and_keeps_the_text(panel):
    panel.title.value = "!!!"
    panel.save_button.click()
    assert "role='alert'" in panel.save_message.value and "letter or digit" in panel.save_message.value
    assert panel.title.value == "!!!" and panel.store.list() == []
    panel.title.value = EVIL
    panel.save_button.click()
    assert EVIL not in panel.status.value and "&lt;img" in panel.status.value  # escaped
    assert panel.save_message.value == ""


def test_opening_hands_over_the_document_and_a_refusal_leaves_the_work(panel):
    panel.save_button.click()
    panel.state["doc"] = b'{"refuse": true}'
    panel.title.value = "Second"
    panel.save_button.click()
    panel.saved.value = "journey-map--suggested-title.json"
    panel.open_button.click()
    assert panel.state["opened"] == [({"n": 1}, "Suggested title")]
    assert "Opened “Suggested title”" in panel.status.value
    panel.saved.value = "journey-map--second.json"
    panel.open_button.click()
    assert "not a journey map" in panel.open_message.value and len(panel.state["opened"]) == 1


def test_a_file_damaged_since_the_list_was_shown_gives_a_message(panel):
    panel.save_button.click()
    (panel.store.folder / "journey-map--suggested-title.json").write_text("{damaged")
    panel.open_button.click()
    assert "damaged" in panel.open_message.value and panel.state["opened"] == []


# -- the journey builder with and without a work folder ---------------------------------------------------
def test_the_builder_offers_my_work_only_with_a_work_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CX_WORK_DIR", raising=False)
    assert JourneyBuilder(load_template("hotel-stay")).my_work is None
    monkeypatch.setenv("CX_WORK_DIR", str(tmp_path / "cx-work"))
    app = JourneyBuilder(load_template("hotel-stay"))
    assert app.my_work is not None and app.my_work.store.max_bytes == MAX_UPLOAD_BYTES
    assert app.my_work.view in _tree(app.view)


def test_the_builder_saves_and_reopens_a_map_from_my_work(monkeypatch, tmp_path):
    monkeypatch.setenv("CX_WORK_DIR", str(tmp_path / "cx-work"))
    app = JourneyBuilder(load_template("hotel-stay"))
    app.map_binder.fields[0].widget.value = "Riverside hotel, my map"  # the map's title
    assert app.journey.title == "Riverside hotel, my map"
    app.my_work.save_button.click()
    assert "Saved “Riverside hotel, my map”" in app.my_work.status.value
    app.start_from("blank:" + next(iter(_stage_sets())))
    assert app.journey.title != "Riverside hotel, my map"
    app.my_work.open_button.click()
    assert app.journey.title == "Riverside hotel, my map"
    assert to_json_bytes(app.journey) == to_json_bytes(JourneyMap.from_json(
        app.my_work.store.open("journey-map--riverside-hotel-my-map.json")))
    app.undo()  # the blank map comes back
    assert app.journey.title != "Riverside hotel, my map"
    # a saved file that is not a map: a message beside the list, the map on screen unchanged
    (app.my_work.store.folder / "journey-map--riverside-hotel-my-map.json").write_text(json.dumps(
        {"cx_saved_work": 1, "kind": "journey-map", "title": "Riverside", "document": {"stages": "no"}}))
    before = app.journey.title
    app.my_work.refresh()
    app.my_work.open_button.click()
    assert "role='alert'" in app.my_work.open_message.value and app.journey.title == before


def test_the_store_folder_is_created_private(monkeypatch, tmp_path):
    folder = tmp_path / "new" / "cx-work"
    WorkStore(folder, "journey-map").save("x", b"{}")
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def _tree(widget):
    stack, seen = [widget], []
    while stack:
        node = stack.pop()
        seen.append(node)
        stack.extend(getattr(node, "children", ()) or ())
    return seen


def _stage_sets():
    from widgets.journey import STAGE_SETS

    return STAGE_SETS
