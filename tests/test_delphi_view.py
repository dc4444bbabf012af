"""The Delphi panel's live view (no browser): the stopping rule checked box by box with the message beside it
and the typed value kept, rounds run with the chosen feedback and question, the judgement required before
stopping, files downloaded and reopened, hostile text escaped; and the book's static form."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest

from widgets.activities.delphi import load_delphi, new_run, next_round, to_json

TASK = load_delphi("cim-l6-cjo", "fern-delphi")
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def view():
    from widgets.ui.activities.delphi import DelphiView

    return DelphiView.example()


def upload(content: bytes, name: str = "run.json") -> tuple[dict, ...]:
    return ({"name": name, "type": "application/json", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2026, 11, 2, tzinfo=dt.UTC)},)


def test_starts_at_round_one_with_the_default_rule(view):
    assert "Round 1" in view.table.value and "Median <strong>86</strong>" in view.table.value
    assert "IQR <strong>7 points</strong>" in view.table.value and "linear interpolation" in view.table.value
    assert view.feedback.value == "reasons" and view.run.rule == TASK.default_rule
    assert "An expert at 80" in view.preview.value  # what the panel will be shown
    assert view.chart.outputs and not view.error.value


@pytest.mark.parametrize(("box", "msg", "value", "words"), [
    ("max_iqr", "iqr_msg", "abc", "not a number"),
    ("max_iqr", "iqr_msg", "-2", "below zero"),
    ("max_iqr", "iqr_msg", "150", "more than 100"),
    ("max_change", "change_msg", "lots", "not a number"),
    ("max_change", "change_msg", "-1", "below zero"),
    ("max_rounds", "rounds_msg", "1", "too few"),
    ("max_rounds", "rounds_msg", "9", "too many"),
    ("max_rounds", "rounds_msg", "3.5", "whole number"),
])
def test_bad_rule_boxes_answered_beside_the_box(view, box, msg, value, words):
    before = view.run.rule
    getattr(view, box).value = value
    assert words in getattr(view, msg).value and "role='alert'" in getattr(view, msg).value
    assert getattr(view, box).value == value  # what the learner typed is kept
    assert view.run.rule == before
    view.run_next.click()  # a rule with a box to correct cannot start round 2
    assert "box to correct first" in view.next_msg.value and len(view.run.choices) == 0


def test_good_rule_then_rounds_lock_it(view):
    view.max_iqr.value, view.combine.value, view.max_rounds.value = "2", "either", "3"
    assert view.run.rule.max_iqr == 2 and view.run.rule.combine == "either" and view.run.rule.max_rounds == 3
    view.feedback.value, view.question.value = "median", "cause"
    view.run_next.click()
    assert len(view.run.choices) == 1 and "Answer given to the panel" in view.answer.value
    assert view.max_iqr.disabled and "Round 2" in view.table.value
    assert ("cause", "cause") not in [(q[1], q[1]) for q in view.question.options]  # asked once only
    view.max_iqr.value = "5"  # a browser can still send a value: refused, rule unchanged
    assert "fixed once round 2" in view.iqr_msg.value and view.run.rule.max_iqr == 2
    view.run_next.click()
    view.run_next.click()
    assert "at most 3 rounds" in view.next_msg.value and len(view.run.choices) == 2


def test_judgement_required_before_stopping_and_text_kept(view):
    view.run_next.click()
    view.judgement.value = EVIL
    view.stop_button.click()
    assert "Choose your judgement" in view.verdict_msg.value and "Write why you stop" in view.stop_msg.value
    assert view.judgement_msg.value == "" and view.judgement.value == EVIL and not view.run.stopped
    view.verdict.value, view.stop_reason.value = "conformity", "x" * 2001
    view.stop_button.click()
    assert "under 2000 characters" in view.stop_msg.value and view.stop_reason.value == "x" * 2001
    view.stop_reason.value = "IQR 2 is within my rule"
    view.stop_button.click()
    assert view.run.stopped and "Feedback on your choices" in view.summary.value
    assert EVIL not in view.summary.value and "&lt;img" in view.summary.value
    assert view.run_next.disabled and view.stop_button.disabled
    view.restart.click()
    assert not view.run.stopped and view.run.choices == [] and not view.run_next.disabled


def test_worked_run_and_downloads(view):
    view.worked.click()
    assert len(view.run.choices) == 2 and "Round 3" in view.table.value and view.run.stopped
    assert view.judgement.value == TASK.worked.judgement
    view.prepare.click()
    names = re.findall(r"download=['\"]([^'\"]+)['\"]", view.downloads.value)
    assert names == ["delphi-panel.html", "delphi-panel.csv", "delphi-panel.json"]
    payload = re.findall(r"base64,([A-Za-z0-9+/=]+)", view.downloads.value)[-1]
    saved = json.loads(base64.b64decode(payload))
    assert saved["kind"] == "cx-delphi-run" and saved["task"] == "fern-delphi"


def test_reopen_good_and_bad_files(view):
    run = next_round(TASK, next_round(TASK, new_run(TASK), "full", "scope"), "median")
    view.upload.value = upload(to_json(TASK, run).encode())
    assert view.run == run and "Reopened" in view.status.value and "Round 3" in view.table.value
    for content in (b"{broken", b"", json.dumps({"kind": "other", "schema_version": 1}).encode(), b"x" * 300_000):
        view.upload.value = upload(content)
        assert "role='alert'" in view.upload_message.value and "unchanged" in view.upload_message.value
        assert view.run == run


def test_static_form_and_tab():
    from widgets.ui.activities.delphi import DelphiView, delphi_static, delphi_tab

    page = delphi_static("cim-l6-cjo", "fern-delphi")
    assert "journey-optimiser" in page and "Round 3" in page and "Median <strong>84</strong>" in page
    assert "<figure" in page or "vega" in page.lower()
    assert isinstance(delphi_tab(), DelphiView)
