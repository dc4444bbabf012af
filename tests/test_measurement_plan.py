"""Measurement plan model (CIM Level 4, 5.1–5.4): the analysis hand-checked on a small log, Hartwell's figures,
the committed feedback CSV equal to its generator, the checks, bad input answered in a sentence, save/reopen and
safe exports."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from widgets.activities import measurement_plan as mp
from widgets.sample_hartwell_feedback import COLUMNS, PATH, hartwell_feedback

ROOT = Path(__file__).resolve().parent.parent
EVIL = "<script>alert(1)</script>"

SMALL_LOG = """complaint_id,opened_at,channel,category,first_response_at,resolved_at,outcome,resolved_first_contact
A1,2025-01-05 09:00,Phone,Delivery,2025-01-05 10:00,2025-01-05 12:00,Upheld,yes
A2,2025-01-20 09:00,Email,Delivery,2025-01-21 09:00,2025-01-23 09:00,Upheld,no
A3,2025-02-01 09:00,Email,Billing,2025-02-03 09:00,,Open,no
A4,2025-02-10 09:00,Phone,Billing,2025-02-10 11:00,2025-02-10 13:00,Not upheld,yes
A5,2025-03-01 09:00,Web chat,Delivery,2025-03-01 09:30,2025-03-02 09:00,Partly upheld,no
"""
SMALL_FEEDBACK = """feedback_id,received_at,type,channel,store_type,topic,rating,complaint_id,\
satisfied_with_complaint_response
F1,2025-01-02 10:00,Compliment,In store,Garden centre,Advice from staff,,,
F2,2025-01-03 10:00,Compliment,Email,Garden centre,Advice from staff,,,
F3,2025-04-03 10:00,Question,Email,Online,Delivery,,,
F4,2025-04-04 10:00,Review,Review site,Online,Delivery,2,,
F5,2025-04-05 10:00,Review,Review site,Garden centre,Plants,5,,
F6,2025-01-08 10:00,Complaint follow-up,Email,Online,Delivery,,A1,yes
F7,2025-01-25 10:00,Complaint follow-up,Email,Online,Delivery,,A2,yes
F8,2025-02-12 10:00,Complaint follow-up,Email,Garden centre,Billing,,A4,no
F9,2025-03-05 10:00,Complaint follow-up,Email,Online,Delivery,,A5,yes
"""


def _log():
    return mp.read_upload(SMALL_LOG.encode(), "log.csv")


def test_small_log_hand_checked():
    kind, frame = _log()
    assert kind == "complaints"
    s = mp.complaint_summary(frame, 24)
    assert s.total == 5 and s.by_category == {"Delivery": 3, "Billing": 2}
    assert s.by_month == {"2025-01": 2, "2025-02": 2, "2025-03": 1}
    # first replies: 1, 24, 48, 2, 0.5 hours → median 2; within 24 h: 4 of 5
    assert s.first_response_median == 2.0 and s.within_target == 4 and s.within_target_pct == 80.0
    # resolutions: 3, 72, 4, 24 hours (A3 open) → median (4 + 24) / 2 = 14
    assert s.resolution_median == 14.0 and s.resolved == 4
    assert s.fcr_pct == 40.0 and s.by_outcome["Upheld"] == 2
    assert s.first_response_p90 == pytest.approx(pd.Series([1, 24, 48, 2, 0.5]).quantile(0.9), abs=0.05)


def test_small_feedback_hand_checked():
    _, log = _log()
    kind, fb = mp.read_upload(SMALL_FEEDBACK.encode(), "fb.csv")
    assert kind == "feedback"
    f = mp.feedback_summary(fb, log, 24)
    assert f.by_type["Compliment"] == 2 and f.compliments_by_topic == {"Advice from staff": 2}
    assert f.reviews == 2 and f.mean_rating == 3.5
    assert f.follow_ups == 4 and f.satisfied_pct == 75.0
    # A1 (1 h) yes, A2 (24 h) yes, A4 (2 h) no, A5 (0.5 h) yes: all within 24 h → 3 of 4
    assert f.satisfied_within_pct == 75.0 and f.satisfied_late_pct is None
    assert f.delivery_by_month == {"2025-04": 1}


def test_hartwell_figures_match_the_case():
    import yaml

    case = yaml.safe_load((ROOT / "data/cases/cim-l4-cx/hartwell-home-and-garden.yml").read_text(encoding="utf-8"))
    s = mp.complaint_summary(mp.hartwell_complaints(), case["measures_2025"]["complaint_first_response_target_hours"])
    log = case["complaints_from_the_log_2025"]
    assert s.total == case["complaints_2025"] == 2500
    assert s.by_category["Delivery"] == log["delivery"] and s.by_category["Billing"] == log["billing"]
    assert s.within_target == log["first_response_within_24_hours"] == 2221
    assert (s.first_response_median, s.first_response_p90) == (0.7, 26.7)
    assert (s.resolution_median, s.resolution_p90, s.resolved) == (19.6, 139.7, 2413)
    assert s.fcr_pct == 41.5


def test_metrics_and_numpy_medians_agree():
    from widgets.metrics import complaint_resolution_time, complaint_response_time

    c = mp.hartwell_complaints()
    first, res = c["first_response_hours"].dropna(), c["resolution_hours"].dropna()
    assert round(complaint_response_time(first.tolist()).value, 1) == round(float(first.median()), 1)
    assert round(complaint_resolution_time(res.tolist()).value, 1) == round(float(res.median()), 1)


def test_feedback_data_set_is_the_generator_and_has_its_patterns():
    committed = PATH.read_text(encoding="utf-8")
    fresh = hartwell_feedback(seed=2025).to_csv(index=False, lineterminator="\n")
    assert committed == fresh
    assert list(pd.read_csv(PATH, nrows=1).columns) == COLUMNS
    f = mp.feedback_summary(mp.hartwell_feedback_frame(), mp.hartwell_complaints(), 24)
    assert f.total == 2778 and f.by_type["Compliment"] == 620 and f.follow_ups == 978
    assert max(f.compliments_by_topic, key=f.compliments_by_topic.get) == "Advice from staff"
    assert f.compliments_by_topic["Advice from staff"] == 235
    spring = sum(f.delivery_by_month.get(f"2025-{m:02d}", 0) for m in (3, 4, 5))
    assert spring == 69 and spring > sum(f.delivery_by_month.values()) - spring - 20
    assert (f.satisfied_within_pct, f.satisfied_late_pct, f.satisfied_pct) == (76.1, 32.3, 70.6)
    assert f.mean_rating == 3.78 and f.rating_by_store_type["Online"] < f.rating_by_store_type["Garden centre"]
    assert hartwell_feedback(seed=7).shape != () and not hartwell_feedback(seed=7).equals(hartwell_feedback(2025))


def test_checks_flag_gaps_and_never_choose():
    w = mp.blank_work()
    notes = " ".join(mp.measure_notes(w))
    assert "context" in notes and "No measures" in notes and "No research methods" in notes
    w = mp.add_choice(w, "measure", "nps", "Because members are asked after each purchase already")
    w = mp.add_choice(w, "method", "surveys", "A survey reaches many customers cheaply", sample="")
    notes = " ".join(mp.measure_notes(w))
    assert "NPS is your only measure" in notes and "behavioural" in notes
    assert "Surveys: state the sample" in notes and "no secondary research method" in notes
    assert [c.key for c in w.choices] == ["nps", "surveys"]  # nothing added by the tool
    w = mp.add_choice(w, "measure", "repeat", "Shows whether customers come back over the season")
    w = mp.add_choice(w, "method", "sales_analysis", "Sales data exists already so it is cheap to analyse")
    notes = " ".join(mp.measure_notes(w))
    assert "behavioural" not in notes.split("NPS")[0] and "no secondary" not in notes
    assert mp.measure_notes(mp.load_task("cim-l4-cx", "hartwell-measurement").worked) == []


def test_perspective_and_evaluation_checks():
    w = mp.blank_work()
    assert len([n for n in mp.perspective_notes(w) if "not written yet" in n]) == 4
    w = mp.with_perspective(w, "customer", "justification", "Customers matter a lot.")
    assert any("gives no reason" in n for n in mp.perspective_notes(w))
    w = mp.with_perspective(w, "customer", "justification", "Because loyal customers spend more.")
    assert not any("Customer: the justification" in n for n in mp.perspective_notes(w))
    w = mp.with_evaluation(w, "cannot_show", "Trends by month.")
    assert any("reads like another thing" in n for n in mp.evaluation_notes(w))
    task = mp.load_task("cim-l4-cx", "hartwell-measurement")
    assert mp.perspective_notes(task.worked) == [] and mp.evaluation_notes(task.worked) == []


BAD_MODEL = [
    (lambda w: mp.add_choice(w, "measure", "happiness", "because"), "not one of the measures offered"),
    (lambda w: mp.add_choice(w, "method", "surveys", ""), "Give your reason"),
    (lambda w: mp.add_choice(w, "measure", None, "x"), "Choose a measure"),
    (lambda w: mp.add_choice(w, "gadget", "csat", "x"), "measure or a research method"),
    (lambda w: mp.add_choice(mp.add_choice(w, "measure", "csat", "r"), "measure", "csat", "r"), "already in your plan"),
    (lambda w: mp.add_choice(w, "measure", "csat", "x" * 5000), "2000"),
    (lambda w: mp.remove_choice(w, 3), "Choose a measure or method to remove"),
    (lambda w: mp.with_changes(w, organisation=""), "name of your organisation"),
    (lambda w: mp.with_perspective(w, "shareholders", "why", "x"), "not one of the four perspectives"),
    (lambda w: mp.with_perspective(w, "customer", "when", "x"), "not a part of a perspective"),
    (lambda w: mp.with_evaluation(w, "mood", "x"), "not a part of the evaluation"),
    (lambda w: mp.check_part("charts"), "not a part of the measurement plan"),
]


@pytest.mark.parametrize(("action", "words"), BAD_MODEL)
def test_bad_input_answered_in_a_sentence(action, words):
    with pytest.raises(ValueError, match=words):
        action(mp.blank_work())


def _csv(text: str) -> bytes:
    return text.encode()


BAD_UPLOADS = [
    (b"", "is empty"),
    (b"PK\x03\x04rest", "not a CSV file"),
    (b"a,b,c\n1,2,3\n", "neither a complaints log nor a feedback file"),
    (_csv("complaint_id,opened_at,channel\nA1,2025-01-01 10:00,Phone\n"), "no columns category"),
    (_csv(SMALL_LOG.replace("2025-01-05 09:00", "soon")), "“soon” in opened_at \\(row 2\\) is not a date"),
    (_csv(SMALL_LOG.replace("2025-01-05 10:00", "2025-01-04 10:00")), "row 2 the first reply comes before"),
    (_csv(SMALL_LOG.replace("Upheld,yes", "Upheld,maybe", 1)), "must be yes or no; row 2"),
    (_csv(SMALL_FEEDBACK.replace(",2,,", ",7,,")), "rating must be a whole number from 1 to 5"),
    (_csv(SMALL_FEEDBACK.replace("A1,yes", "A1,sort of")), "must be yes, no or blank"),
    (_csv(SMALL_LOG.splitlines()[0] + "\n"), "headings but no rows"),
    (_csv(SMALL_FEEDBACK.replace("F1,2025-01-02 10:00", "F1,")), "received_at is blank in row 2"),
    (b"x" * (mp.MAX_UPLOAD_BYTES + 1), "MB"),
]


@pytest.mark.parametrize(("content", "words"), BAD_UPLOADS)
def test_bad_uploads_answered_in_a_sentence(content, words):
    with pytest.raises(ValueError, match=words):
        mp.read_upload(content, "mine.csv")


def test_uk_dates_and_spaces_are_read():
    text = SMALL_LOG.replace("2025-03-01 09:00,Web chat", " 01/03/2025 09:00,Web chat ")
    _, frame = mp.read_upload(text.encode(), "log.csv")
    assert frame["opened_at"].iloc[4] == pd.Timestamp(2025, 3, 1, 9) and frame["channel"].iloc[4] == "Web chat"


def test_save_reopen_and_bad_saved_files():
    work = mp.load_task("cim-l4-cx", "hartwell-measurement").worked
    work = mp.with_changes(work, organisation="Org " + EVIL)
    assert mp.from_json(mp.to_json(work)) == work
    data = json.loads(mp.to_json(work))
    for bad, words in [(b"", "empty"), (b"[1]", "not a saved measurement plan"),
                       (json.dumps({**data, "kind": "cx-offer-builder"}), "not a saved measurement plan"),
                       (json.dumps({**data, "schema_version": 9}), "different version"),
                       (json.dumps({**data, "choices": [{"kind": "measure", "key": "csat", "reason": ""}]}),
                        "Give your reason"),
                       (b"{" * 50, "nested")]:
        with pytest.raises(ValueError, match=words):
            mp.from_json(bad)


def test_exports_escape_and_neutralise():
    work = mp.blank_work("=HYPERLINK(\"http://x\")")
    work = mp.with_changes(work, context=EVIL)
    work = mp.add_choice(work, "measure", "csat", "+cmd|' /C calc'!A0 " + EVIL)
    page = mp.document_html(work)
    assert EVIL not in page and "&lt;script&gt;" in page
    rows = list(__import__("csv").reader(mp.to_csv(work).splitlines()))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    static = mp.measurement_plan_html(mp.load_task("cim-l4-cx", "hartwell-measurement"), "feedback", "")
    assert "Chart description" in static and "2,221 of 2,500" in static


def test_feedback_follows_the_generated_complaints_log():
    """write_all passes the freshly generated log; with the default seed and rows it is the committed one."""
    from widgets.sample_data import DEFAULT_ROWS, DEFAULT_SEED, retail_complaints

    log = retail_complaints(DEFAULT_ROWS["retail_complaints"], seed=DEFAULT_SEED)
    assert hartwell_feedback(complaints=log).to_csv(index=False, lineterminator="\n") == PATH.read_text(
        encoding="utf-8")
