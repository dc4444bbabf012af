"""Every export is safe where a learner opens it (issue 14, part 3).

A fixed list of hostile strings goes into every learner-text field of every export. The files are then
read the way the program that opens them would read them:

* CSV: parsed with :mod:`csv`; a spreadsheet strips leading whitespace and runs a cell starting with
  ``=``, ``+``, ``-`` or ``@`` (and DDE through a leading tab or carriage return) as a formula, so no
  cell may start that way unless it is a plain number (OWASP "CSV Injection").
* Markdown: rendered by markdown-it-py's ``commonmark`` preset with raw HTML on and **no** link-scheme
  filter (``validateLink`` accepts everything), i.e. the most permissive viewer; the HTML it makes must
  hold no tag Markdown does not make itself, no event-handler attribute and no ``href``/``src`` whose
  scheme is not http(s).
* HTML: parsed with BeautifulSoup; no script, image or other active tag, no event handlers, no
  non-http(s) link.

Each check also asserts that the learner's text is still there (escaped, not dropped).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
import urllib.parse

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from widgets import exports, workbench
from widgets.activities.action_plan import ActionPlan, PlannedAction
from widgets.activities.common import build
from widgets.activities.cx_model import ELEMENT_KEYS, CXModel
from widgets.activities.reaction_log import ReactionLog, log_html_document, new_occasion
from widgets.activities.skills import SKILL_KEYS, DevelopmentLog, guidance_document
from widgets.activities.skills_evidence import SkillsEvidence
from widgets.journey import (
    CSV_COLUMNS,
    Improvement,
    JourneyMap,
    Kpi,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
    to_csv,
    to_html,
    to_markdown,
)

# -- the hostile strings ----------------------------------------------------------------------------

FORMULAS = (
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=cmd|' /C calc'!A0",  # OWASP: a leading tab is a formula sign in some spreadsheets
)
LEADING = ("", " ", "\t", "\n", "\r\n", "\u00a0", " \t ")  # a spreadsheet strips these before it looks
MARKUP = (
    '=HYPERLINK("http://x","y")',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)",
    "[x]\n\n[x]: javascript:alert(1)",
    "\\[x](javascript:alert(1))",  # a learner's own backslash must not undo the escaping
    "`<b>` &lt;script&gt; *bold* _it_ | pipe",
)
HOSTILE = tuple(lead + f for f in FORMULAS for lead in LEADING) + MARKUP
IDS = [repr(h)[1:-1][:40] for h in HOSTILE]

FORMULA_SIGNS = ("=", "+", "-", "@")
PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Markdown makes these tags itself; anything else in the rendered page came from raw HTML.
MARKDOWN_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "br", "hr",
                 "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a"}
ACTIVE_TAGS = ["script", "img", "iframe", "object", "embed", "link", "base", "form", "input", "button",
               "video", "audio", "source", "math", "template"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}


def visible(text: str) -> str:
    """What a reader sees of ``text``: runs of whitespace read as one space."""
    return " ".join(text.split())


# -- how the files are read -------------------------------------------------------------------------


def spreadsheet_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_csv_safe(text: str, hostile: str) -> None:
    """No cell would run as a formula; the learner's text is still in the file."""
    rows = spreadsheet_cells(text)
    assert rows, "the export is empty"
    width = len(rows[0])
    for row in rows:
        assert len(row) == width, f"a row has {len(row)} cells, the header {width}: {row!r}"
        for cell in row:
            assert not cell.startswith(("\t", "\r")), f"cell starts with a tab or CR: {cell!r}"
            # A spreadsheet drops leading whitespace; be stricter and drop control and format characters too.
            head = re.sub(r"^[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]+", "", cell)
            if head.startswith(FORMULA_SIGNS):
                assert PLAIN_NUMBER.fullmatch(cell), f"cell would run as a formula: {cell!r}"
    assert any(hostile.strip() in cell for row in rows for cell in row), "the learner's text was lost"


def permissive_markdown(source: str) -> str:
    """Render as a careless viewer would: CommonMark + tables, raw HTML on, every link scheme allowed."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # markdown-it's own javascript: filter is not what we rely on
    return md.render(source)


def assert_no_active_content(page: str, *, allowed_tags: set[str] | None = None,
                             schemes: frozenset[str] = frozenset({"http", "https"})) -> BeautifulSoup:
    soup = BeautifulSoup(page, "html.parser")
    low = page.lower()
    assert "<script" not in low and "<img" not in low and "<iframe" not in low
    assert not soup.find_all(ACTIVE_TAGS)
    assert not soup.find_all("meta", attrs={"http-equiv": True}), "a <meta http-equiv> (refresh) reached the page"
    for tag in soup.find_all(True):
        if allowed_tags is not None:
            assert tag.name in allowed_tags, f"raw HTML reached the page: <{tag.name}>"
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), f"event handler on <{tag.name}>: {attr}={value!r}"
            if attr.lower() in URL_ATTRIBUTES:
                scheme = urllib.parse.urlsplit(str(value).strip()).scheme.lower()
                assert scheme in schemes, f"<{tag.name} {attr}={value!r}> is not an http(s) link"
    return soup


def assert_markdown_safe(source: str, hostile: str) -> None:
    page = permissive_markdown(source)
    soup = assert_no_active_content(page, allowed_tags=MARKDOWN_TAGS)
    assert visible(hostile) in visible(soup.get_text()), "the learner's text does not read as typed"


def assert_html_safe(page: str, hostile: str) -> None:
    soup = assert_no_active_content(page)
    assert visible(hostile) in visible(soup.get_text()), "the learner's text does not read as typed"


# -- every export, with the hostile string in every learner-text field -------------------------------
DAY = dt.date(2025, 3, 3)


def cx_model(h: str) -> CXModel:
    return build(CXModel, organisation=h, summary=h, elements=[{"key": k, "what": h, "why": h} for k in ELEMENT_KEYS])


def reaction_log(h: str) -> ReactionLog:
    texts = dict(title=h, expected=h, staff_action=h, reaction_words=h, reaction_tone=h, reaction_body=h,
                 feeling_words=h, why=h, justification=h)
    occasions = [new_occasion(date=DAY, situation="complaint", customer="new", feeling=2, expectations="not met",
                              acceptable=False, **texts),
                 new_occasion(date=None, situation="support", customer="existing", feeling=5,
                              expectations="exceeded", acceptable=True, **texts)]
    return build(ReactionLog, organisation=h, occasions=occasions)


def action_plan(h: str) -> ActionPlan:
    action = build(PlannedAction, action=h, feedback=h, owner=h, how="other", how_detail=h, start=DAY,
                   end=DAY + dt.timedelta(days=13), success=h)
    return build(ActionPlan, organisation=h, actions=[action, action])


def skills_document(h: str):
    entry = {"activity": h, "type": "practice", "why_it_matters": h, "what_i_did": h, "time_taken": h,
             "what_happened": h, "recommendation": h}
    log = build(DevelopmentLog, learner=h, organisation=h, audience=h,
                entries=[{"skill": k, **entry} for k in SKILL_KEYS[:3]])
    return guidance_document(log)


def journey(h: str) -> JourneyMap:
    def touchpoint() -> Touchpoint:
        return Touchpoint(name=h, channel="Website", doing=h, thinking=h, feeling=h, emotion=-2,
                          emotion_words=["frustrated"], moment_of_truth=True, expectation=h, experience=h,
                          expectation_score=5, experience_score=2,
                          pain_points=[PainPoint(description=h, severity=5, frequency=3, whys=[h, h])],
                          opportunities=[Improvement(description=h, impact=4, effort=2)],
                          backstage_owner=h, backstage_process=h,
                          kpis=[Kpi(name=h, value=-3, unit=h, target=2)])

    def stages() -> list[Stage]:
        return [Stage(name=h, description=h, touchpoints=[touchpoint(), touchpoint()]), Stage(name=h)]

    persona = Persona(name=h, segment=h, details=h, goals=[h], needs=[h], frustrations=[h])
    return JourneyMap(title=h, organisation=h, sector=h, scenario=h, persona=persona, as_is=stages(),
                      to_be=stages(), notes=h)


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_cx_model_exports_are_neutral(hostile):
    model = cx_model(hostile)
    assert_csv_safe(model.to_csv(), hostile)
    assert_markdown_safe(model.to_markdown(), hostile)
    assert_html_safe(model.to_html_document(), hostile)


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_reaction_log_exports_are_neutral(hostile):
    log = reaction_log(hostile)
    assert_csv_safe(log.to_csv(), hostile)
    assert_markdown_safe(log.to_markdown(), hostile)
    assert_html_safe(log_html_document(log), hostile)


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_action_plan_exports_are_neutral(hostile):
    plan = action_plan(hostile)
    assert_csv_safe(plan.to_csv(), hostile)
    assert_markdown_safe(plan.to_markdown(), hostile)
    assert_html_safe(plan.to_html_document(), hostile)


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_skills_guidance_exports_are_neutral(hostile):
    doc = skills_document(hostile)
    assert_markdown_safe(doc.to_markdown(), hostile)
    assert_html_safe(doc.to_html_document(), hostile)


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
@pytest.mark.parametrize("form", ["checklist", "witness"])
def test_skills_evidence_exports_are_neutral(hostile, form):
    row = dict.fromkeys(("when", "where", "saw", "action", "effect"), hostile)
    record = SkillsEvidence(form=form, learner=hostile, witness=hostile, role=hostile, organisation=hostile)
    for key in SKILL_KEYS:
        record = record.with_observation(key, **row)
    record = record.with_turnaround(when=hostile, where=hostile, before=hostile, action=hostile, after=hostile)
    assert_csv_safe(record.to_csv(), hostile)
    assert_markdown_safe(record.to_markdown(), hostile)
    assert_html_safe(record.to_html_document(), hostile)


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_journey_csv_and_markdown_are_neutral(hostile):
    m = journey(hostile)
    text = to_csv(m)
    assert_csv_safe(text, hostile)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    # numbers stay numbers: the emotion score and the gap are negative and must not become text
    assert {r["emotion"] for r in rows} == {"-2"} and {r["gap"] for r in rows} == {"-3"}
    assert_markdown_safe(to_markdown(m), hostile)


@pytest.mark.parametrize("hostile", [HOSTILE[0], HOSTILE[2], *MARKUP], ids=repr)
def test_journey_html_is_neutral(hostile):
    # The printable page renders an SVG chart (slower), so it takes a sample: the Markdown cases all matter.
    assert_html_safe(to_html(journey(hostile)), hostile)


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_workbench_csv_is_neutral(hostile):
    # Segment values and (in the funnel) column names come from the learner's uploaded file.
    survey = pd.DataFrame({"score": [10, 3, 7], "month": ["2025-01", "2025-02", "2025-02"],
                           "segment": [hostile, "Leisure", hostile]})
    table = workbench.survey_by_group(survey, "score", "month", "segment")
    assert_csv_safe(workbench.results_csv(table), hostile.strip())  # segment names are tidied (stripped)
    funnel = pd.DataFrame({hostile: [1, 0, 1], "source": [hostile, "Email", "Email"]})
    assert_csv_safe(workbench.results_csv(workbench.funnel_by_group(funnel, [hostile], "source")), hostile)


@pytest.mark.parametrize("hostile", [FORMULAS[0], " " + FORMULAS[1], "\t" + FORMULAS[2], *MARKUP[:4]], ids=repr)
def test_workbench_download_link_is_neutral(hostile):
    """The whole path: analysis, then the data-URI link the view shows."""
    funnel = pd.DataFrame({hostile: [1, 0, 1], "source": [hostile, "Email", "Email"]})
    result = workbench.run_analysis(funnel, "funnel", {"step2": hostile, "segment": "source"})
    link = workbench.download_link_html(result.table, result.filename)
    # the file travels in a data: URI (nothing is written on the server); it must be CSV, nothing else
    anchor = assert_no_active_content(link, schemes=frozenset({"data"})).find("a")
    assert anchor["href"].startswith("data:text/csv;charset=utf-8;base64,")
    assert_csv_safe(base64.b64decode(anchor["href"].split(",", 1)[1]).decode("utf-8"), hostile)


def test_workbench_numbers_stay_numbers():
    table = pd.DataFrame({"segment": ["-5", " -5", "=1+1", None], "nps": [-12.5, -100.0, float("nan"), 3.0],
                          "change": [float("-inf"), 1.0, 2.0, 3.0]})
    rows = spreadsheet_cells(workbench.results_csv(table))
    assert rows[0] == ["segment", "nps", "change"]
    assert rows[1] == ["-5", "-12.5", "'-inf"]  # a plain negative number is a number; -inf is not
    assert rows[2] == ["' -5", "-100.0", "1.0"]  # a spreadsheet would strip the space: kept as text
    assert rows[3] == ["'=1+1", "", "2.0"]
    assert rows[4] == ["", "3.0", "3.0"]


# -- the module itself ------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), (" =1+1", "' =1+1"), ("\t=1+1", "'\t=1+1"), ("\n@x", "'\n@x"), ("\u00a0+x", "'\u00a0+x"),
    ("\u200b=x", "'\u200b=x"), ("\ufeff-x", "'\ufeff-x"), ("\tplain", "'\tplain"), ("\rplain", "'\rplain"),
    ("＝1+1", "'＝1+1"), ("-", "'-"), ("+44 20 7946 0000", "'+44 20 7946 0000"), ("-inf", "'-inf"),
    ("1e400", "1e400"), ("-1e400", "'-1e400"), ("- 3", "'- 3"), (" -3", "' -3"),
    ("-3", "-3"), ("-3.25", "-3.25"), ("-.5", "-.5"), ("-1e-05", "-1e-05"), ("0", "0"), ("12", "12"),
    ("Hotel", "Hotel"), ("a=b", "a=b"), ("'=quoted", "'=quoted"), ("", ""),
    (-3, "-3"), (-2.5, "-2.5"), (float("nan"), ""), (float("-inf"), "'-inf"), (None, ""), (True, "True"),
    (dt.date(2025, 3, 3), "2025-03-03"),
])
def test_safe_cell(value, expected):
    assert exports.safe_cell(value) == expected


def test_csv_text_is_rfc_4180():
    text = exports.csv_text([["a,b", 'say "hi"', "line\nbreak", -3, None]], header=["x", "=y", "z", "n", "e"])
    assert text == "x,'=y,z,n,e\r\n\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",-3,\r\n"
    assert exports.csv_text([]) == ""


def test_frame_csv_text_matches_pandas_formatting():
    frame = pd.DataFrame({"month": pd.period_range("2025-01", periods=2, freq="M"),
                          "when": pd.to_datetime(["2025-01-01", "2025-02-01"]), "n": [1, -2], "x": [0.5, None]})
    assert exports.frame_csv_text(frame) == "month,when,n,x\r\n2025-01,2025-01-01,1,0.5\r\n2025-02,2025-02-01,-2,\r\n"
    assert exports.frame_csv_text(pd.DataFrame({"=a": ["@b"]}, index=["-c"]), index=True) == ",'=a\r\n'-c,'@b\r\n"


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_md_text_reads_as_typed_and_is_inert(hostile):
    for source in (exports.md_text(hostile), "x " + exports.md_text(hostile),
                   "| a |\n| --- |\n| " + exports.md_text(hostile) + " |"):
        assert_markdown_safe(source, hostile)
    assert "\n" not in exports.md_text(hostile)


def test_md_text_keeps_prose_readable():
    assert exports.md_text("Staff greet every guest (see the policy). It's 50% off!") == (
        "Staff greet every guest (see the policy). It's 50% off!")
    assert exports.md_text("Fish & chips <3") == "Fish &amp; chips &lt;3"
    assert exports.md_text("# 1 priority") == "\\# 1 priority"
    assert exports.md_text("1. First") == "1\\. First"
    assert exports.md_text("- a point") == "\\- a point"
    assert exports.md_text(None) == ""


@pytest.mark.parametrize(("url", "linked"), [
    ("https://example.org/a_(b)?q=1&r=2", True), ("HTTP://example.org", True), ("http://x.test/<script>", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("java\tscript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False), ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox(1)", False), ("//evil.test/x", False), ("/relative", False), ("mailto:a@b.test", False),
    ("https:javascript:alert(1)", False), ("\x01https://x.test", False), ("", False),
])
def test_md_link_keeps_only_http_links(url, linked):
    source = exports.md_link("[the <b>guide</b>]", url)
    page = permissive_markdown(source)
    soup = assert_no_active_content(page, allowed_tags=MARKDOWN_TAGS)
    assert visible(soup.get_text()) == "[the <b>guide</b>]"
    links = soup.find_all("a")
    assert len(links) == (1 if linked else 0)
    if linked:
        assert links[0]["href"].lower().startswith(("http://", "https://"))
