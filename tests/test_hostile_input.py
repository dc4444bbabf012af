"""A fixed list of hostile inputs fired at every live view, without a browser.

Every view is found by walking :class:`widgets.ui.view.View`'s subclasses (after importing every module
under ``widgets/ui``), so a view added later joins this test by existing; one without an ``example()``
fails it. For each view:

* every text box gets every hostile string: the learner's text stays in the box, no raw markup reaches
  the page, every message is one a learner can read (no exception names, paths or ``sys.`` advice), and
  in a box that held a number, a value that is not a usable number gets a message;
* then every text box holds the same hostile string at once and every button that submits is pressed;
* every choice, text box and date picker is sent a value no browser of ours would send (the way a
  hand-written websocket frame would), and the view answers with a message and keeps its value;
* every file upload is given hostile files (too large, nested 100,000 deep, UTF-16, binary, mixed time
  zones) and answers with a message.

Throughout, nothing may reach ipywidgets' own exception handler (which sends the traceback to the
browser), and nothing may need the guard's last resort: every hostile input here is one a model must
answer with its own sentence. ``test_hostile_voila.py`` checks the websocket frames in a real browser.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest

import widgets.ui
import widgets.ui.view as view_module
from widgets.ui.view import View

ROOT = Path(__file__).resolve().parents[1]

MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
NOT_NUMBERS = ("1e400", "NaN", "inf", "-Infinity", "9" * 400, "9" * 5000, "12abc", "١٢٣", "0x1F")
HOSTILE_TEXT = ("", "   ", "\t\n", *MARKUP, "=HYPERLINK(\"http://example.invalid\",\"x\")", " @SUM(1+1)",
                "[x](javascript:alert(1))", "\u202eevil\u0000", "🙂" * 20, "x" * 20_000, *NOT_NUMBERS)
LONG_DIGITS = "9" * 1_000_000

# Buttons that replace or empty the form on purpose: pressing them is not "submitting" the hostile text.
RESETS = re.compile(r"clear|blank|start|worked example|undo|restart|sample|remove", re.I)
LEAKS = re.compile(r"Traceback|File \"|\.py\b|sys\.|\b[A-Z][A-Za-z]*(Error|Exception)\b|<module>")
CX_ERROR = re.compile(r"<div class='cx-error'[^>]*>(.*?)</div>", re.S)


# -- finding views and widgets -------------------------------------------------------------------------
def _import_all_views() -> None:
    for info in pkgutil.walk_packages(widgets.ui.__path__, "widgets.ui."):
        importlib.import_module(info.name)


def _concrete(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        if not sub.abstract:
            yield sub
        yield from _concrete(sub)


_import_all_views()
VIEWS = sorted(set(_concrete(View)), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def walk(widget: w.Widget) -> Iterator[w.Widget]:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def _shown(widget: w.Widget) -> bool:
    return getattr(widget.layout, "display", None) != "none" and not getattr(widget, "disabled", False)


def text_boxes(view: View) -> list[w.Widget]:
    return [x for x in walk(view.view) if isinstance(x, w.Text | w.Textarea) and _shown(x)]


def page_html(view: View) -> str:
    return "\n".join(x.value for x in walk(view.view) if isinstance(x, w.HTML))


def messages(view: View) -> list[str]:
    return CX_ERROR.findall(page_html(view))


def clear_messages(view: View) -> None:
    for holder in walk(view.view):
        if isinstance(holder, w.HTML) and "cx-error" in holder.value:
            holder.value = ""


@pytest.fixture
def watch(monkeypatch):
    """Records what would have reached the browser as a traceback, and every use of the last resort."""
    seen: dict[str, list[str]] = {"traceback": [], "last_resort": []}

    class FakeShell:
        def showtraceback(self, *args, **kwargs):
            seen["traceback"].append("ipywidgets sent a traceback")

    import ipywidgets.widgets.widget as widget_module

    monkeypatch.setattr(widget_module, "get_ipython", lambda: FakeShell())
    real = view_module.log_server_only

    def record(exc, where):
        seen["last_resort"].append(f"{type(exc).__name__} in {where}: {exc}"[:300])
        real(exc, where)

    monkeypatch.setattr(view_module, "log_server_only", record)
    return seen


def check_page(view: View, context: str) -> None:
    html = page_html(view)
    for bad in MARKUP:
        assert bad not in html, f"{context}: raw learner markup on the page"
    for message in messages(view):
        assert not LEAKS.search(message), f"{context}: message a learner cannot act on: {message[:200]}"


def check_clean(seen: dict, context: str) -> None:
    assert not seen["traceback"], f"{context}: an exception reached ipywidgets' handler (a traceback to the browser)"
    assert not seen["last_resort"], f"{context}: only the last-resort guard caught: {seen['last_resort'][:3]}"


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return bool(text.strip())


# -- the tests -------------------------------------------------------------------------------------------
def test_every_view_module_is_found_and_every_view_has_an_example():
    names = {c.__name__ for c in VIEWS}
    assert {"JourneyBuilder", "CalculatorView", "Workbench", "CXModelView", "ReactionLogView", "ActionPlanView",
            "SkillsReviewView", "ScenarioView", "SortingView", "CourseMap", "QuizApp", "MockExamApp"} <= names
    for cls in VIEWS:
        assert "example" in {k for c in cls.__mro__ if c is not View for k in vars(c)}, (
            f"{cls.__name__} has no example(): add one so this test covers it")


def test_views_register_callbacks_only_through_the_guard():
    """ipywidgets' ``observe`` and one-argument ``on_click`` bypass the guard; only view.py may use them."""
    offenders = []
    for path in sorted((ROOT / "widgets" / "ui").rglob("*.py")):
        if path.name == "view.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                raw_click = node.func.attr == "on_click" and len(node.args) == 1
                if node.func.attr in ("observe", "unobserve") or raw_click:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"register callbacks with View.on_click/on_change: {offenders}"


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_hostile_text_in_every_box(cls, watch):
    view = cls.example()
    boxes = text_boxes(view)
    for n, box in enumerate(boxes):
        original = box.value
        numeric = _is_number(original)
        values = HOSTILE_TEXT + ((LONG_DIGITS,) if numeric else ())
        for value in values:
            context = f"{cls.__name__} box {n} ({box.description!r}) given {value[:30]!r}"
            box.value = value
            assert box.value == value, f"{context}: the learner's text was not kept"
            check_page(view, context)
            if numeric and (value in NOT_NUMBERS or value == LONG_DIGITS):
                assert messages(view), f"{context}: a number box accepted it without a message"
            check_clean(watch, context)
        box.value = original


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_hostile_text_everywhere_then_every_submit_button(cls, watch):
    view = cls.example()
    for value in ("   ", MARKUP[1], "1e400", "x" * 20_000):
        boxes = text_boxes(view)
        for box in boxes:
            box.value = value
        buttons = [b for b in walk(view.view) if isinstance(b, w.Button) and _shown(b)
                   and not RESETS.search(b.description or "")]
        for b in buttons:
            context = f"{cls.__name__} with {value[:20]!r} everywhere, pressing {b.description!r}"
            b.click()
            check_page(view, context)
            check_clean(watch, context)
        kept = [box for box in boxes if _shown(box) and box.value == value]
        assert kept or not boxes, f"{cls.__name__}: pressing the buttons threw away what the learner typed"


def _browser_update(widget: w.Widget, state: dict) -> None:
    """What a websocket frame from the browser would make ipywidgets do."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": []}},
                        "buffers": []})


BAD_STATES = {
    w.Dropdown: [{"index": 9999}, {"index": -5}, {"index": "<img src=x onerror=alert(1)>"}],
    w.Select: [{"index": 9999}, {"index": [1, 2]}],
    w.ToggleButtons: [{"index": 9999}],
    w.Text: [{"value": {"x": 1}}, {"value": 12345}],
    w.Textarea: [{"value": ["a"]}],
    w.DatePicker: [{"value": {"year": 20000, "month": 0, "date": 1}}, {"value": "not a date"},
                   {"value": {"year": -1, "month": 13, "date": 40}}],
}


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_values_no_browser_of_ours_would_send(cls, watch, monkeypatch):
    view = cls.example()
    reported = []
    monkeypatch.setattr(view_module, "log_server_only", lambda exc, where: reported.append(where))
    for widget in list(walk(view.view)):
        for kind, states in BAD_STATES.items():
            if type(widget) is not kind or not _shown(widget):
                continue
            for state in states:
                before = widget.value
                clear_messages(view)
                _browser_update(widget, state)
                context = f"{cls.__name__} {kind.__name__} {widget.description!r} sent {state}"
                assert widget.value == before, f"{context}: the bad value was taken"
                assert messages(view), f"{context}: no message on the page"
                check_page(view, context)
                assert not watch["traceback"], context
    assert reported or not any(_shown(x) and type(x) in BAD_STATES for x in walk(view.view))


def test_a_bad_choice_from_the_browser_gets_a_message_beside_it(watch):
    from widgets.ui.metrics import CalculatorsApp

    app = CalculatorsApp.example()
    _browser_update(app.picker, {"index": 9999})
    assert app.picker.value == "nps"
    assert "not one of the choices" in page_html(app)
    assert not watch["traceback"]


def test_dates_far_away_get_a_message(watch):
    from widgets.ui.activities.action_plan import ActionPlanView

    view = ActionPlanView.example()
    view.action.value, view.owner.value, view.success.value = "Greet within a minute", "Shop manager", "Fewer waits"
    view.feedback.value = "Waited to be greeted"
    for start, end in [(dt.date(1, 1, 1), dt.date(9999, 12, 31)), (dt.date(2026, 1, 1), dt.date(9999, 12, 31))]:
        view.start.value, view.end.value = start, end
        view.add_button.click()
        assert messages(view), f"{start}–{end} accepted without a message"
        check_clean(watch, f"action plan {start}–{end}")


HOSTILE_FILES = {
    "too large": b"a" * 40_000_000,
    "nested 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "UTF-16 text": "date,score\n2026-01-05,9\n".encode("utf-16"),
    "binary": bytes(range(256)) * 64,
    "mixed time zones": (b"date,nps_score,segment\n2026-01-05T10:00:00+00:00,9,a\n2026-01-06T10:00:00+05:00,3,b\n"
                         b"2026-01-07,7,a\n"),
    "before 1677": b"date,nps_score,segment\n1600-01-05,9,a\n1650-02-01,3,b\n",
    "empty": b"",
}


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_hostile_files(cls, watch):
    view = cls.example()
    uploads = [x for x in walk(view.view) if isinstance(x, w.FileUpload)]
    for upload in uploads:
        for name, content in HOSTILE_FILES.items():
            clear_messages(view)
            upload.value = ({"name": f"{name}.csv", "type": "text/csv", "size": len(content),
                              "content": memoryview(content),
                             "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},)
            context = f"{cls.__name__} upload of a {name} file"
            if name not in ("mixed time zones",):  # a mixed-zone file can be read, as UTC, with a note
                assert messages(view), f"{context}: no message"
            check_page(view, context)
            check_clean(watch, context)
