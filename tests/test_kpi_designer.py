"""KPI designer and insight report model (CIM L4 CX 6.1–6.4): hand-checked metric values and case figures,
the checks on KPIs and reports, bad input refused in plain words, save/reopen, safe exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pandas as pd
import pytest

from widgets.activities import kpi_designer as k

EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def task():
    return k.load_task("cim-l4-cx", "hartwell-kpis")


@pytest.fixture(scope="module")
def analysis(task):
    return k.hartwell_analysis(task)


def form(**over):
    base = dict(name="Complaints per 1,000 transactions", area="complaints", definition="Complaints per 1,000 sales.",
                metric="complaint_rate", formula="", inputs={"complaints": "2500", "customers": "2400000"},
                baseline="1.04", target="0.9", unit="", direction="lower", source="Complaints log",
                frequency="Monthly", owner="Dev Patel", plain_words="How many in a thousand complain.",
                benchmark="UKCSI")
    base.update(over)
    return base


# -- figures from the case's data, checked by hand -------------------------------------------------------------------
def test_case_figures_from_the_complaints_log(analysis):
    frame = pd.read_csv("data/datasets/retail_complaints.csv")
    opened = pd.to_datetime(frame["opened_at"])
    hours = (pd.to_datetime(frame["first_response_at"]) - opened).dt.total_seconds() / 3600
    assert analysis.total == len(frame) == 2500
    assert analysis.within == int((hours <= 24).sum()) == 2221   # case file: first_response_within_24_hours
    assert analysis.share == 88.8                               # 2,221 ÷ 2,500 = 88.84 %
    email = analysis.by_channel.set_index("group").loc["Email"]
    assert (int(email["complaints"]), int(email["within_target"]), email["share_within"]) == (724, 446, 61.6)
    cats = analysis.by_category.set_index("group")["complaints"].to_dict()
    assert cats == {"Delivery": 782, "Product quality": 547, "Returns and refunds": 408, "Staff and service": 318,
                    "Billing": 259, "Website and app": 186}               # as the case file says
    months = analysis.by_month.set_index("group")["complaints"]
    assert months["2025-01"] == 234 and months["2025-12"] == 6 and months.sum() == 2500
    assert (frame["resolved_first_contact"] == "yes").sum() == 1037


def test_metric_working_by_hand():
    rate = k.compute_metric("complaint_rate", {"complaints": "2500", "customers": "2400000"})
    assert rate.value == pytest.approx(2500 / 2400000 * 1000)           # 1.0417 per 1,000 (case: 1.04)
    fcr = k.compute_metric("fcr", {"resolved_first_time": "1037", "contacts": "2500"})
    assert fcr.value == pytest.approx(41.48)
    nps = k.compute_metric("nps", {"promoters": "50", "passives": "30", "detractors": "20"})
    assert nps.value == pytest.approx(30.0)                              # 50 % − 20 %
    csat = k.compute_metric("csat", {"satisfied": "3900", "total": "4800"})
    assert csat.value == pytest.approx(81.25)
    ret = k.compute_metric("retention", {"customers_at_start": "1000", "customers_at_end": "950",
                                         "new_customers": "100"})
    assert ret.value == pytest.approx(85.0)                              # (950 − 100) ÷ 1,000
    times = k.compute_metric("response_time", {"hours": "2, 5, 30"})
    assert times.value == 5 and times.steps
    assert "÷" in k.formula_of("fcr")


def test_worked_set_and_report_pass_their_checks(task, analysis):
    notes = k.kpi_notes(task.kpis, task.vanity)
    assert len(notes) == 1 and "vanity" in notes[0] and "emails sent" in notes[0]
    assert {kp.area for kp in task.kpis} == set(k.AREAS)
    assert k.report_notes(task.report, task.kpis, analysis) == []
    assert k.interpretation_notes(task.interpretation) == []
    assert k.worked_work(task).report == k.Report()        # the live tool never writes the report


def test_checks_find_gaps(task, analysis):
    notes = k.kpi_notes(task.kpis[:1], task.vanity)
    assert sum("No KPI yet" in n for n in notes) == 4
    wrong = task.kpis[4].model_copy(update={"higher_is_better": True})     # complaints per 1,000: lower is better
    notes = " ".join(k.kpi_notes([wrong], task.vanity))
    assert "wrong side of the baseline" in notes and "the other way" in notes
    r = task.report.model_copy(update={"finding": "Fewer than 95 % within 24 hours."})   # only the targets
    assert any("quote a number" in n for n in k.report_notes(r, task.kpis, analysis))
    r = task.report.model_copy(update={"finding": "Email replies are slow.", "title": "word " * 20})
    notes = " ".join(k.report_notes(r, task.kpis, analysis))
    assert "quote a number" in notes and "keep it to 15" in notes
    rec = task.report.recommendations[0].model_copy(update={"kpi": "Footfall"})
    r = task.report.model_copy(update={"recommendations": [rec]})
    assert any("not a KPI in your set" in n for n in k.report_notes(r, task.kpis, analysis))
    assert k.quoted_numbers("61.6 % (446 of 1,724)") == [61.6, 446, 1724]


def test_a_good_kpi_is_built():
    kpi = k.kpi_from_form(**form())
    assert kpi.unit == "per 1,000" and not kpi.higher_is_better and "× 1,000" in kpi.formula
    assert kpi.inputs == {"complaints": "2500", "customers": "2400000"}


@pytest.mark.parametrize(("over", "words"), [
    ({"name": " "}, "KPI name: please fill this in"),
    ({"area": "sales"}, "Area: choose"),
    ({"metric": "footfall"}, "Metric: choose"),
    ({"direction": "higher"}, "lower is better"),
    ({"target": "1.2"}, "above the baseline"),
    ({"target": "lots"}, "Target"),
    ({"target": ""}, "Target: enter a number"),
    ({"metric": "nps", "inputs": {}, "direction": "higher", "baseline": "31", "target": "150"},
     "runs from -100 to 100"),
    ({"inputs": {"complaints": "2500", "customers": "0"}}, "at least 1"),
    ({"inputs": {"complaints": "-3", "customers": "10"}}, "Complaints"),
    ({"frequency": "Hourly"}, "Frequency"),
    ({"metric": "other", "formula": " "}, "Formula"),
    ({"metric": "other", "formula": "a ÷ b", "unit": ""}, "Unit"),
    ({"definition": "x" * 2001}, "Definition"),
    ({"baseline": "1e400"}, "Baseline"),
])
def test_bad_kpi_input_refused_in_words(over, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        k.kpi_from_form(**form(**over))


def test_duplicates_and_limits_refused(task):
    kpi = k.kpi_from_form(**form())
    with pytest.raises(ValueError, match="already has a KPI called"):
        k.add_kpi(task.kpis, kpi)
    renamed = kpi.model_copy(update={"name": "Complaint rate"})
    with pytest.raises(ValueError, match="would duplicate"):
        k.add_kpi(task.kpis, renamed)
    assert len(k.add_kpi(task.kpis, renamed, replace=4)) == len(task.kpis)
    many = [kpi.model_copy(update={"name": f"K{n}", "metric": "other"}) for n in range(k.MAX_KPIS)]
    with pytest.raises(ValueError, match="at most"):
        k.add_kpi(many, renamed)


def test_bad_recommendations_refused(task):
    ok = dict(text="Answer email daily.", lever="processes", kpi="First-contact resolution", effect="+5 points",
              owner="Dev Patel", due=dt.date(2026, 3, 31), kpis=task.kpis)
    assert k.recommendation_from_form(**ok).lever == "processes"
    for over, words in (({"text": ""}, "Recommendation: please write"), ({"text": "word " * 61}, "60 words"),
                        ({"lever": "price"}, "Lever"), ({"kpi": "Footfall"}, "choose a KPI from your set"),
                        ({"kpis": []}, "add KPIs"), ({"effect": ""}, "Expected effect"), ({"owner": ""}, "Owner"),
                        ({"due": dt.date(1900, 1, 1)}, "outside the dates")):
        with pytest.raises(ValueError, match=re.escape(words)):
            k.recommendation_from_form(**{**ok, **over})
    r = task.report
    for _ in range(k.MAX_RECS - len(r.recommendations)):
        r = k.add_recommendation(r, r.recommendations[0])
    with pytest.raises(ValueError, match="at most"):
        k.add_recommendation(r, r.recommendations[0])


def _log(rows):
    return pd.DataFrame(rows, columns=["opened_at", "first_response_at", "resolved_at", "category", "channel"])


MAP = {"opened": "opened_at", "first_response": "first_response_at", "resolved": "resolved_at",
       "category": "category", "channel": "channel"}


def test_bad_analysis_input_refused():
    good = _log([["2025-01-01 10:00", "2025-01-01 11:00", "2025-01-02 10:00", "Delivery", "Email"]])
    assert k.analyse(good, MAP, 24, 90).within == 1
    cases = [
        (good, {**MAP, "opened": None}, "Opened: choose"),
        (good, {**MAP, "resolved": "first_response_at"}, "chosen twice"),
        (good, {**MAP, "channel": "nope"}, "no column called"),
        (_log([["2025-01-02 10:00", "2025-01-01 11:00", "", "D", "E"]]), MAP, "before the complaint was opened"),
        (_log([["yesterday", "2025-01-01 11:00", "", "D", "E"]]), MAP, "not a date"),
        (_log([]), MAP, "no rows"),
    ]
    for frame, mapping, words in cases:
        with pytest.raises(ValueError, match=re.escape(words)):
            k.analyse(frame, mapping, 24, 90)
    with pytest.raises(ValueError, match="Target"):
        k.analyse(good, MAP, 0, 90)
    with pytest.raises(ValueError, match="MB"):
        k.read_upload(b"x" * 5_000_001, "big.csv")
    uk = _log([["01/02/2025 10:00", "01/02/2025 12:00", "", "D", "E"]])   # falls back to the workbench's reader
    assert k.analyse(uk, MAP, 24, 90).by_month["group"].tolist() == ["2025-02"]


def test_save_and_reopen(task):
    work = k.worked_work(task).model_copy(update={"report": task.report, "interpretation": task.interpretation})
    text = k.save_work(work, "hartwell-kpis")
    assert k.open_work(text) == work and k.open_work(text.encode()) == work
    body = json.loads(text)
    for bad, words in ((json.dumps({**body, "kind": "x"}), "not a saved KPI set"), ("", "empty"),
                       (text.replace('"target_share": 95', '"target_share": NaN'), "where a number should be"),
                       (json.dumps({**body, "kpis": [{"name": "x"}]}), "cannot be opened"),
                       ("{" * 50, "nested"), (b"\xff\xfe\xfd", "not a text"), ("x" * 1_000_001, "too large")):
        with pytest.raises(ValueError, match=words):
            k.open_work(bad)


def test_exports_are_safe(task, analysis):
    kpi = task.kpis[0].model_copy(update={"name": "=HYPERLINK(\"http://evil\")", "definition": EVIL})
    rows = list(csv.reader(io.StringIO(k.kpis_csv([kpi, *task.kpis[1:]]))))
    assert rows[0][0] == "KPI" and not rows[1][0].startswith("=") and len(rows) == len(task.kpis) + 1
    r = task.report.model_copy(update={"title": EVIL, "finding": EVIL + " 88.8"})
    page = k.report_html(r, analysis)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<script" not in page.lower()
    assert "<svg" in page and "Content-Security-Policy" in page
    urls = set(re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+", page))
    assert urls <= {"http://www.w3.org", "//www.w3.org"}, urls
    assert "Email: 61.6 % of 724" in page      # the chart's text description


def test_static_html_per_part(task):
    link = "<a href='#'>live</a>"
    for part, words in (("kpis", "Vanity measure?"), ("analysis", "2,221 (88.8 %)"),
                        ("report", "Email complaints wait too long")):
        page = k.kpi_designer_html(task, link, part)
        assert words in page and link in page
    whole = k.kpi_designer_html(task, link)
    assert all(t in whole for t in ("1. KPIs", "2. Analysis", "3. Insight report"))
    assert "Dev Patel" in whole and "1.04" in whole and "41.5%" in whole
    with pytest.raises(ValueError):
        k.kpi_designer_html(task, link, "nope")
