"""The journey-map model, its analysis and its exports (no widgets, no browser)."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.readable import assert_readable
from widgets.journey import (
    CHANNELS,
    CSV_COLUMNS,
    MAX_ITEMS,
    MAX_MAP_BYTES,
    MAX_STAGES,
    MAX_TOUCHPOINTS,
    MAX_UPLOAD_BYTES,
    SHAW_CLUSTERS,
    SHAW_WORDS,
    STAGE_SETS,
    TEMPLATES,
    Improvement,
    JourneyMap,
    Kpi,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
    blank_map,
    channel_mix,
    chart_png,
    chart_svg,
    compare_versions,
    curve_description,
    curve_spec,
    emotion_curve,
    emotion_curve_chart,
    expectation_gaps,
    insert_item,
    load_template,
    map_size,
    moments_of_truth,
    prioritise_improvements,
    quadrant,
    ranked_pain_points,
    set_field,
    stage_emotions,
    summarise_version,
    swimlane_html,
    to_csv,
    to_html,
    to_json_bytes,
    to_markdown,
    why_chain,
)

EVIL = "<img src=x onerror=alert(1)>"


# -- templates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_is_complete_and_valid(key):
    m = load_template(key)
    assert m.title and m.organisation and m.sector and m.scenario
    assert m.persona.name and m.persona.goals and m.persona.needs and m.persona.frustrations
    assert 4 <= len(m.as_is) <= 6, "templates have 4–6 stages"
    for stage in m.as_is:
        assert len(stage.touchpoints) >= 2, f"{stage.name} needs several touchpoints"
        for t in stage.touchpoints:
            assert t.doing and t.thinking and t.feeling, f"{t.name}: doing, thinking and feeling"
    tps = [t for _, t in m.touchpoints()]
    assert any(t.moment_of_truth for t in tps)
    assert any(t.pain_points for t in tps) and any(t.opportunities for t in tps) and any(t.kpis for t in tps)
    assert any(p.whys for t in tps for p in t.pain_points), "at least one 5 Whys chain"
    assert {t.emotion for t in tps} & {-2, -1} and {t.emotion for t in tps} & {1, 2}, "a curve with ups and downs"
    # what is saved is exactly what loads
    assert JourneyMap.from_json(m.to_json()) == m


def test_templates_use_the_specs_stage_sets():
    assert [s.name for s in load_template("online-retailer").as_is] == list(STAGE_SETS["acpra"].stages)
    assert load_template("hotel-stay").stage_set == "experience"
    assert load_template("high-street-retailer").stage_set == "buy-keep"


def test_to_be_versions_keep_touchpoint_ids_and_improve_the_curve():
    m = load_template("hotel-stay")
    c = compare_versions(m)
    assert {ch.change for ch in c.touchpoints} >= {"changed", "unchanged"}
    assert c.to_be.mean_emotion > c.as_is.mean_emotion
    assert c.to_be.pain_score < c.as_is.pain_score


# -- shaw ------------------------------------------------------------------------------------------

def test_shaw_clusters_have_the_twenty_published_emotions():
    # Shaw (2007): 8 destroying, 5 attention, 5 recommendation, 2 advocacy emotions.
    assert {k: len(v) for k, v in SHAW_CLUSTERS.items()} == {"Destroying": 8, "Attention": 5, "Recommendation": 5,
                                                             "Advocacy": 2}
    assert SHAW_WORDS["trusted"] == "Recommendation" and SHAW_WORDS["happy"] == "Advocacy"


def test_emotion_words_are_normalised_and_checked():
    t = Touchpoint(name="x", emotion_words=["Trusted", "trusted", "Cared for"])
    assert t.emotion_words == ["trusted", "cared for"]
    with pytest.raises(ValueError, match="not one of Shaw's twenty"):
        Touchpoint(name="x", emotion_words=["ecstatic"])


# -- loading and validation ----------------------------------------------------------------------------

@pytest.fixture
def small() -> JourneyMap:
    m = blank_map("acpra", "Test map")
    m.as_is[0].touchpoints = [Touchpoint(name="Advert", emotion=1), Touchpoint(name="Search", emotion=-1)]
    return m


def test_bad_json_names_line_and_column():
    with pytest.raises(ValueError, match=r"not valid JSON.*line 1, column 2"):
        JourneyMap.from_json("{oops")


def test_wrong_schema_version_is_explained(small):
    data = json.loads(small.to_json())
    data["schema_version"] = 7
    with pytest.raises(ValueError, match="schema version 7.*reads version 1"):
        JourneyMap.from_json(json.dumps(data))
    del data["schema_version"]
    with pytest.raises(ValueError, match="no schema_version"):
        JourneyMap.from_json(json.dumps(data))


def test_emotion_out_of_range_names_the_touchpoint(small):
    data = json.loads(small.to_json())
    data["as_is"][0]["touchpoints"][1]["emotion"] = 3
    with pytest.raises(ValueError) as info:
        JourneyMap.from_json(json.dumps(data))
    msg = str(info.value)
    assert "stage 1 (“Awareness”)" in msg and "touchpoint 2 (“Search”)" in msg and "field “emotion”" in msg
    assert "between −2 and +2" in msg and "3" in msg


def test_missing_field_and_unknown_field(small):
    data = json.loads(small.to_json())
    del data["title"]
    with pytest.raises(ValueError, match="field “title”: this is missing"):
        JourneyMap.from_json(json.dumps(data))
    data = json.loads(small.to_json())
    data["as_is"][0]["colour"] = "red"
    with pytest.raises(ValueError, match="“colour”: this is not a field"):
        JourneyMap.from_json(json.dumps(data))


def test_not_a_map_and_not_text():
    with pytest.raises(ValueError, match="not a journey map"):
        JourneyMap.from_json("[1, 2]")
    with pytest.raises(ValueError, match="not a text"):
        JourneyMap.from_json(b"\xff\xfe\x00garbage")


def test_oversized_file_is_refused_before_parsing():
    blob = b" " * (MAX_UPLOAD_BYTES + 1)
    with pytest.raises(ValueError, match="at most 2 MB"):
        JourneyMap.from_json(blob)


def test_duplicate_ids_are_refused(small):
    data = json.loads(small.to_json())
    data["as_is"][0]["touchpoints"][1]["id"] = data["as_is"][0]["touchpoints"][0]["id"]
    with pytest.raises(ValueError, match="used twice"):
        JourneyMap.from_json(json.dumps(data))


def test_set_field_validates_and_leaves_the_model_unchanged():
    t = Touchpoint(name="Check-in", emotion=1)
    with pytest.raises(ValueError, match="between −2 and \\+2"):
        set_field(t, "emotion", 5)
    assert t.emotion == 1
    k = Kpi(name="Wait", value=3)
    with pytest.raises(ValueError, match="“three” is not a number"):
        set_field(k, "value", "three")
    assert k.value == 3
    with pytest.raises(ValueError, match="at most 5"):
        set_field(PainPoint(description="x"), "whys", ["a"] * 6)


# -- hostile input: what the model refuses, and in what words (issue 14) -----------------------------

def _refused(call, *must_say: str) -> str:
    with pytest.raises(ValueError) as info:
        call()
    assert_readable(str(info.value), *must_say)
    return str(info.value)


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_a_map_needs_a_title(small, title):
    _refused(lambda: set_field(small, "title", title), "needs a title")
    assert small.title == "Test map"  # unchanged
    data = json.loads(small.to_json())
    data["title"] = title
    _refused(lambda: JourneyMap.from_json(json.dumps(data)), "title", "needs a title")


@pytest.mark.parametrize("typed", ["NaN", "nan", "inf", "-Infinity", "1e400", "-1e400", "9" * 400, "9" * 5000,
                                   "1" * 1_000_000, "1e13"])
def test_kpi_numbers_that_cannot_be_saved_are_refused_with_a_message(typed):
    k = Kpi(name="Wait", value=3, target=5)
    for attr in ("value", "target"):
        _refused(lambda attr=attr: set_field(k, attr, typed), f"KPI {attr}")
        as_float = float(typed) if len(typed) < 400 else float("inf")  # what float() in a view would give
        _refused(lambda attr=attr, x=as_float: set_field(k, attr, x), f"KPI {attr}")
    assert (k.value, k.target) == (3, 5)  # the last good values are kept


@pytest.mark.parametrize("written", ["NaN", "Infinity", "-Infinity", "1e400", "9" * 400, "9" * 5000])
def test_a_file_with_a_number_that_is_not_finite_is_refused_not_saved_as_null(small, written):
    small.as_is[0].touchpoints[0].kpis = [Kpi(name="Wait", value=3, target=5)]
    text = small.to_json().replace('"value": 3.0', f'"value": {written}', 1)
    assert written in text
    _refused(lambda: JourneyMap.from_json(text), "number")
    # and a map the model holds always saves numbers that load again (never null)
    again = JourneyMap.from_json(to_json_bytes(small))
    assert again.as_is[0].touchpoints[0].kpis[0].value == 3


def test_deep_nesting_is_refused_before_parsing():
    for text in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000,
                 '{"schema_version": 1, "title": "x", "notes": ' + "[" * 60 + "]" * 60 + "}"):
        for upload in (text, text.encode()):
            _refused(lambda upload=upload: JourneyMap.from_json(upload), "nested")
    # brackets inside text are only text
    m = blank_map("acpra", "[" * 45 + " brackets " + "]" * 45)
    m.scenario = "{" * 200 + "}" * 200
    m.notes = '\\"[[[' * 30  # escaped quotes and backslashes do not end the string early
    assert JourneyMap.from_json(m.to_json()) == m


_TRICKY = st.text(alphabet='[]{}"\\ab\n', max_size=8)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | _TRICKY,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY, inner, max_size=3),
                           max_leaves=40)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_json_depth_agrees_with_the_parser(value):
    from widgets.journey import json_depth

    def depth(v) -> int:
        if isinstance(v, dict | list):
            return 1 + max(map(depth, v.values() if isinstance(v, dict) else v), default=0)
        return 0

    assert json_depth(json.dumps(value), stop=0) == depth(value)  # stop=0: always scan


def test_counts_past_the_limits_are_refused_in_learner_terms(small):
    data = json.loads(small.to_json())
    stage = data["as_is"][0]
    stage["touchpoints"] = [{"name": f"T{i}", "id": f"t{i}"} for i in range(10_000)]  # the probe's 369 kB file
    _refused(lambda: JourneyMap.from_json(json.dumps(data)), f"at most {MAX_TOUCHPOINTS}")
    stage["touchpoints"] = [{"name": f"T{i}", "id": f"t{i}"} for i in range(60)]
    data["as_is"][1]["touchpoints"] = [{"name": f"U{i}", "id": f"u{i}"} for i in range(60)]
    _refused(lambda: JourneyMap.from_json(json.dumps(data)), f"A map can have at most {MAX_TOUCHPOINTS} touchpoints")
    data = json.loads(small.to_json())
    data["as_is"] = [{"name": f"S{i}", "id": f"s{i}"} for i in range(MAX_STAGES + 1)]
    _refused(lambda: JourneyMap.from_json(json.dumps(data)), f"at most {MAX_STAGES}")
    data = json.loads(small.to_json())
    data["as_is"][0]["touchpoints"][0]["pain_points"] = [{"description": "x"}] * (MAX_ITEMS + 1)
    _refused(lambda: JourneyMap.from_json(json.dumps(data)), f"at most {MAX_ITEMS}")


def test_adding_past_a_limit_is_refused_and_leaves_the_list_as_it_was(small):
    stage = small.as_is[0]
    for i in range(MAX_TOUCHPOINTS - 2):
        insert_item(small, stage.touchpoints, len(stage.touchpoints), Touchpoint(name=f"T{i}"))
    assert len(small.touchpoints()) == MAX_TOUCHPOINTS
    message = _refused(lambda: insert_item(small, small.as_is[1].touchpoints, 0, Touchpoint(name="one more")),
                       f"A map can have at most {MAX_TOUCHPOINTS} touchpoints", "remove")
    assert f"already has {MAX_TOUCHPOINTS}" in message
    assert small.as_is[1].touchpoints == [] and len(small.touchpoints()) == MAX_TOUCHPOINTS
    tp = stage.touchpoints[0]
    for i in range(MAX_ITEMS):
        insert_item(small, tp.kpis, i, Kpi(name=f"K{i}", value=i))
    _refused(lambda: insert_item(small, tp.kpis, 0, Kpi(name="K", value=1)), f"at most {MAX_ITEMS} KPIs")
    assert len(tp.kpis) == MAX_ITEMS


def test_a_map_past_a_limit_is_never_written(small):
    # a list grown in place (as the builder's Add button did) is caught by the save itself
    small.as_is[0].touchpoints.extend(Touchpoint(name=f"T{i}") for i in range(MAX_TOUCHPOINTS))
    _refused(lambda: to_json_bytes(small), f"at most {MAX_TOUCHPOINTS} touchpoints")


def test_text_that_would_make_the_map_too_big_to_reopen_is_refused_and_undone():
    m = largest_map()
    tp = m.as_is[0].touchpoints[0]
    before = tp.doing
    _refused(lambda: set_field(tp, "doing", before + "&", journey=m), "too big to save", "kB")
    assert tp.doing == before and map_size(m) <= MAX_MAP_BYTES
    _refused(lambda: set_field(m, "notes", "more"), "too big to save")
    assert m.notes == ""
    m2 = largest_map(to_be=False)
    _refused(m2.start_to_be, "to-be journey was not created", "too big to save")
    assert m2.to_be is None


# -- the largest map the model accepts -----------------------------------------------------------------

def largest_map(fill: str = "&", to_be: bool = True) -> JourneyMap:
    """The largest map the limits allow: MAX_STAGES stages and MAX_TOUCHPOINTS touchpoints with
    100-character names, every lane and a pain point with a 5 Whys chain, all text made of ``fill`` (``&``
    grows most in the exports: ``&amp;``), a to-be copy, and text added until the JSON is exactly
    MAX_MAP_BYTES. The count limits cannot all be reached at once: the size limit binds first."""
    per_stage = [MAX_TOUCHPOINTS // MAX_STAGES + (s < MAX_TOUCHPOINTS % MAX_STAGES) for s in range(MAX_STAGES)]

    def build(n: int, versions: int) -> JourneyMap:
        text = fill * n
        stages, k = [], 0
        for s, count in enumerate(per_stage):
            tps = []
            for _ in range(count):
                k += 1
                tps.append(Touchpoint(
                    name=f"{k:03d} " + fill * 96, channel=CHANNELS[k % len(CHANNELS)], emotion=k % 5 - 2,
                    moment_of_truth=k % 7 == 0, doing=text, thinking=text, feeling=text, expectation=text,
                    experience=text, backstage_process=text, expectation_score=3, experience_score=1 + k % 5,
                    emotion_words=sorted(SHAW_WORDS)[:3], backstage_owner=fill * 100,
                    pain_points=[PainPoint(description=text, whys=[text] * 5)], opportunities=[Improvement(
                        description=text)], kpis=[Kpi(name=fill * 100, value=-123456789012.5, unit="£", target=1e12)]))
            stages.append(Stage(name=f"{s:02d} " + fill * 97, description=text, touchpoints=tps))
        m = JourneyMap(title=fill * 100, organisation=fill * 100, as_is=stages)
        if versions == 2:
            m.start_to_be()
        return m

    versions = 2 if to_be else 1
    bare = map_size(build(0, versions))
    slots = versions * (MAX_TOUCHPOINTS * 13 + MAX_STAGES)  # text fields filled per map
    per_char = len(json.dumps(fill, ensure_ascii=False).encode()) - 2
    n = min(4000, (MAX_MAP_BYTES - bare) // (slots * per_char))
    m = build(n, versions)
    room = (MAX_MAP_BYTES - map_size(m)) // per_char
    set_field(m, "scenario", fill * min(room, 4000))
    return m


def test_the_largest_map_saves_reopens_and_exports_quickly():
    """Whatever the builder saves, it opens again; "Prepare files" stays around a second (issue 14: a
    10,000-touchpoint map took 33 s and wrote a 5.5 MB JSON the builder refused to open)."""
    import time

    warm = load_template("hotel-stay")  # the first chart of a process starts the renderer: not timed
    chart_svg(warm, ("as_is", "to_be"))
    chart_png(warm, ("as_is", "to_be"))
    m = largest_map()
    assert len(m.touchpoints("as_is")) == len(m.touchpoints("to_be")) == MAX_TOUCHPOINTS
    assert MAX_MAP_BYTES - 4 <= map_size(m) <= MAX_MAP_BYTES < MAX_UPLOAD_BYTES
    versions = ("as_is", "to_be")
    exports = {"JSON": lambda: to_json_bytes(m), "CSV": lambda: to_csv(m).encode(),
               "HTML": lambda: to_html(m).encode(), "Markdown": lambda: to_markdown(m).encode(),
               "SVG": lambda: chart_svg(m, versions).encode(), "PNG": lambda: chart_png(m, versions)}
    sizes, times = {}, {}
    wall, cpu = time.perf_counter(), time.process_time()  # CPU time: the charts render in the kernel's threads
    for name, make in exports.items():  # what the builder's prepare_downloads makes
        start = time.perf_counter()
        sizes[name] = len(data := make())
        times[name] = time.perf_counter() - start
        if name == "JSON":
            saved = data
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"\nlargest map: {MAX_STAGES} stages, {MAX_TOUCHPOINTS} + {MAX_TOUCHPOINTS} touchpoints; every file in "
          f"{wall:.2f} s ({cpu:.2f} s of CPU): "
          + ", ".join(f"{k} {sizes[k] / 1000:,.0f} kB in {times[k]:.2f} s" for k in exports))
    assert len(saved) <= MAX_MAP_BYTES < MAX_UPLOAD_BYTES
    assert JourneyMap.from_json(saved) == m  # the loader the upload uses (bytes, as uploaded)
    assert all(size < MAX_UPLOAD_BYTES for size in sizes.values()), sizes
    assert cpu < 5, f"preparing the files took {cpu:.1f} s of CPU time"
    # and it is the largest: one more touchpoint, or one more character, is refused
    _refused(lambda: insert_item(m, m.as_is[0].touchpoints, 0, Touchpoint(name="x")), "at most")
    _refused(lambda: set_field(m, "notes", "&"), "too big to save")


# -- round trip (property) ---------------------------------------------------------------------------

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
score = st.integers(1, 5)
touchpoints = st.builds(
    Touchpoint, name=text, channel=st.sampled_from(CHANNELS), doing=text, thinking=text, feeling=text,
    emotion=st.integers(-2, 2), emotion_words=st.lists(st.sampled_from(sorted(SHAW_WORDS)), max_size=3, unique=True),
    moment_of_truth=st.booleans(), expectation=text, experience=text,
    expectation_score=st.none() | score, experience_score=st.none() | score,
    pain_points=st.lists(st.builds(PainPoint, description=text, severity=score, frequency=score,
                                   whys=st.lists(text, max_size=5)), max_size=2),
    opportunities=st.lists(st.builds(Improvement, description=text, impact=score, effort=score), max_size=2),
    backstage_owner=text, backstage_process=text,
    kpis=st.lists(st.builds(Kpi, name=text, value=st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
                            unit=text, target=st.none() | st.floats(-1e6, 1e6)), max_size=2),
)
stages = st.builds(Stage, name=text, description=text, touchpoints=st.lists(touchpoints, max_size=4))
maps = st.builds(
    JourneyMap, title=text.filter(str.strip), organisation=text, sector=text, scenario=text,
    stage_set=st.sampled_from(sorted(STAGE_SETS)),
    persona=st.builds(Persona, name=text, segment=text, details=text, goals=st.lists(text, max_size=3),
                      needs=st.lists(text, max_size=3), frustrations=st.lists(text, max_size=3)),
    as_is=st.lists(stages, max_size=4),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(m=maps, with_to_be=st.booleans())
def test_json_round_trip_is_exact(m, with_to_be):
    if with_to_be:
        m.start_to_be()
    again = JourneyMap.from_json(m.to_json())
    assert again == m
    assert again.to_json() == m.to_json()
    # bytes (as uploaded) too
    assert JourneyMap.from_json(m.to_json().encode()) == m


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(m=maps)
def test_csv_has_one_row_per_touchpoint_and_html_escapes_everything(m):
    rows = list(csv.DictReader(io.StringIO(to_csv(m), newline="")))
    assert len(rows) == len(m.touchpoints())
    for _, t in m.touchpoints():
        t.feeling = EVIL
    m.persona.name = EVIL
    page = swimlane_html(m)
    assert EVIL not in page and "<img" not in page


# -- analysis (worked examples by hand) ------------------------------------------------------------------

def _map_with(*tps: Touchpoint, stage_names=("Find out", "Buy")) -> JourneyMap:
    half = (len(tps) + 1) // 2
    return JourneyMap(title="Worked example", as_is=[Stage(name=stage_names[0], touchpoints=list(tps[:half])),
                                                     Stage(name=stage_names[1], touchpoints=list(tps[half:]))])


def test_pain_points_ranked_by_severity_times_frequency():
    # By hand: A 5×3 = 15, B 3×5 = 15, C 4×4 = 16, D 1×2 = 2.
    # Order: C (16); then A and B tie on 15 and A is more severe; then D.
    m = _map_with(
        Touchpoint(name="t1", pain_points=[PainPoint(description="A", severity=5, frequency=3),
                                           PainPoint(description="B", severity=3, frequency=5)]),
        Touchpoint(name="t2", pain_points=[PainPoint(description="C", severity=4, frequency=4),
                                           PainPoint(description="D", severity=1, frequency=2)]),
    )
    ranked = ranked_pain_points(m)
    assert [(r.pain.description, r.score) for r in ranked] == [("C", 16), ("A", 15), ("B", 15), ("D", 2)]
    assert ranked[0].stage == "Buy" and ranked[0].touchpoint == "t2"


def test_improvements_prioritised_by_the_impact_effort_rule():
    # By hand with the stated rule (high = 3 or more):
    #   P impact 4 effort 2 -> quick win, I-E = 2      Q impact 5 effort 1 -> quick win, I-E = 4
    #   R impact 5 effort 5 -> major project           S impact 2 effort 1 -> fill-in
    #   T impact 1 effort 5 -> thankless task          U impact 3 effort 4 -> major project, I-E = -1
    # Order: Q, P (quick wins by I-E), R (I-E 0), U (I-E -1), S, T.
    imps = [Improvement(description=d, impact=i, effort=e)
            for d, i, e in (("P", 4, 2), ("Q", 5, 1), ("R", 5, 5), ("S", 2, 1), ("T", 1, 5), ("U", 3, 4))]
    m = _map_with(Touchpoint(name="t", opportunities=imps[:3]), Touchpoint(name="u", opportunities=imps[3:]))
    ranked = prioritise_improvements(m)
    assert [r.improvement.description for r in ranked] == ["Q", "P", "R", "U", "S", "T"]
    assert [r.quadrant for r in ranked] == ["Quick win", "Quick win", "Major project", "Major project", "Fill-in",
                                            "Thankless task"]
    assert quadrant(3, 2) == "Quick win" and quadrant(2, 3) == "Thankless task"


def test_expectation_gaps_worst_first_and_curve_and_moments():
    m = _map_with(
        Touchpoint(name="Queue", emotion=-2, moment_of_truth=True, expectation_score=4, experience_score=1),
        Touchpoint(name="Room", emotion=2, moment_of_truth=True, expectation_score=4, experience_score=5),
        Touchpoint(name="Bill", emotion=-1, expectation_score=5, experience_score=3),
        Touchpoint(name="Email", emotion=0),
    )
    # By hand: Queue 1 − 4 = −3, Bill 3 − 5 = −2, Room 5 − 4 = +1; Email has no scores.
    assert [(g.touchpoint, g.gap) for g in expectation_gaps(m)] == [("Queue", -3), ("Bill", -2), ("Room", 1)]
    assert [p.emotion for p in emotion_curve(m)] == [-2, 2, -1, 0]
    assert [p.order for p in emotion_curve(m)] == [1, 2, 3, 4]
    # Stage means by hand: Find out (−2 + 2)/2 = 0; Buy (−1 + 0)/2 = −0.5
    assert stage_emotions(m) == [("Find out", 0.0), ("Buy", -0.5)]
    assert [t.name for _, t in moments_of_truth(m)] == ["Queue", "Room"]
    s = summarise_version(m)
    assert s.mean_emotion == pytest.approx(-0.25) and s.lowest_emotion == -2 and s.negative_moments_of_truth == 1
    assert s.mean_gap == pytest.approx((-3 + 1 - 2) / 3)


def test_channel_mix_per_stage():
    m = _map_with(Touchpoint(name="a", channel="Email"), Touchpoint(name="b", channel="Email"),
                  Touchpoint(name="c", channel="Phone"), Touchpoint(name="d", channel="Website"))
    assert channel_mix(m) == {"Find out": {"Email": 2}, "Buy": {"Phone": 1, "Website": 1}}


def test_why_chain_ends_in_the_root_cause():
    pain = PainPoint(description="Long queue", whys=["One receptionist", "Rota ignores groups", "No handover"])
    assert why_chain(pain) == ["Problem: Long queue", "Why 1: One receptionist", "Why 2: Rota ignores groups",
                               "Root cause: No handover"]


def test_compare_versions_matches_touchpoints_by_id():
    m = _map_with(Touchpoint(name="a", emotion=-2), Touchpoint(name="b", emotion=1))
    m.start_to_be()
    m.to_be[0].touchpoints[0].emotion = 1
    m.to_be[1].touchpoints.append(Touchpoint(name="new", emotion=2))
    c = compare_versions(m)
    changes = {ch.touchpoint: ch.change for ch in c.touchpoints}
    assert changes == {"a": "changed", "b": "unchanged", "new": "added"}
    # By hand: as-is mean (−2 + 1)/2 = −0.5; to-be mean (1 + 1 + 2)/3 = 4/3
    assert c.emotion_change == pytest.approx(4 / 3 + 0.5)


def test_to_be_requires_a_copy_first(small):
    with pytest.raises(ValueError, match="no to-be journey yet"):
        small.stages("to_be")


# -- charts and exports ---------------------------------------------------------------------------------

def test_chart_spec_has_data_and_description(small):
    spec = curve_spec(small)
    rows = next(iter(spec["datasets"].values()))
    assert [r["Emotion"] for r in rows] == [1, -1]
    chart = emotion_curve_chart(small)
    assert chart.spec["description"] == chart.description
    assert "lowest −1.0 at “Search”" in chart.description
    both = load_template("online-retailer")
    assert "To-be:" in curve_description(both, ("as_is", "to_be"))


def test_csv_export_rows_and_formula_guard():
    m = load_template("hotel-stay")
    rows = list(csv.DictReader(io.StringIO(to_csv(m), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(m.touchpoints("as_is")) + len(m.touchpoints("to_be"))
    checkin = next(r for r in rows if r["touchpoint"] == "Reception check-in" and r["version"] == "As-is")
    assert checkin["emotion"] == "-2" and checkin["moment_of_truth"] == "yes" and checkin["gap"] == "-3"
    assert checkin["pain_score"] == "15"  # severity 5 × frequency 3
    m.as_is[0].touchpoints[0].name = "=HYPERLINK(\"x\")"
    row = next(csv.DictReader(io.StringIO(to_csv(m), newline="")))
    assert row["touchpoint"].startswith("'=")


def test_html_export_is_standalone_and_escaped():
    m = load_template("online-retailer")
    m.title = EVIL
    m.as_is[0].touchpoints[0].doing = EVIL
    m.persona.goals.append(EVIL)
    page = to_html(m)
    assert EVIL not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    # no external resource: the only http(s) URLs are XML namespace names inside the inline SVG
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    assert re.search(r"\b(src|href)\s*=\s*[\"']?https?:", page) is None
    assert "@media print" in page and "<svg" in page


def test_markdown_summary():
    m = load_template("charity-donor")
    md = to_markdown(m)
    assert md.startswith("# Becoming a regular donor")
    assert "## As-is compared with to-be" in md and "Root cause:" in md
    m.title = EVIL
    assert EVIL not in to_markdown(m)


def test_svg_and_png_are_valid():
    m = load_template("b2b-service")
    svg = chart_svg(m, ("as_is", "to_be"))
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    png = chart_png(m)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 400 and height > 200


def test_static_map_for_the_book_has_chart_tables_analysis_and_live_link():
    from widgets.journey import static_map_html

    m = load_template("hotel-stay")
    m.as_is[0].touchpoints[0].thinking = EVIL
    page = static_map_html(m)
    assert page.count('class="cx-chart"') == 1 and "Chart description:" in page
    assert page.count("<table class='cx-swimlane'>") >= 3  # as-is and to-be swimlanes, channel mix
    assert "voila/render/journey-builder.ipynb" in page and "cx-live-link" in page
    assert EVIL not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    spec = json.loads(re.search(r'<script type="application/json" class="cx-chart-spec">(.*?)</script>',
                                page).group(1))
    assert spec["width"] <= 500  # fits the book's text column


def test_show_journey_is_static_html_in_the_book_and_widgets_live(monkeypatch):
    import ipywidgets

    from widgets.show import show_journey

    monkeypatch.setenv("CX_BOOK_BUILD", "1")
    shown = show_journey("charity-donor")
    assert 'class="cx-chart"' in shown.data and "Riverside Hospice" in shown.data
    monkeypatch.delenv("CX_BOOK_BUILD")
    live = show_journey("charity-donor")
    assert isinstance(live, ipywidgets.VBox)
    output = live.children[0].outputs[0]
    assert "application/vnd.vegalite.v5+json" in output["data"] and "text/html" not in output["data"]
