"""attribute_conversions and servqual_gaps (widgets.metrics): worked examples computed by hand, bad input,
and properties that must hold for any input (credit always adds up to the conversions)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.metrics import (
    ATTRIBUTION_MODELS,
    SERVQUAL_DIMENSIONS,
    attribute_conversions,
    attribution_weights,
    compare_attribution_models,
    servqual_gaps,
)

# -- attribution: the worked example -----------------------------------------------------------------------
# Four converting paths, 5 conversions in all:
#   P1  Paid social > Email > Paid search                       1 conversion
#   P2  Paid search                                              2 conversions
#   P3  Influencer > Paid social > Organic search > Email        1 conversion
#   P4  Email > Email   (the same channel twice: credited twice)  1 conversion
PATHS = [
    (["Paid social", "Email", "Paid search"], 1),
    (["Paid search"], 2),
    (["Influencer", "Paid social", "Organic search", "Email"], 1),
    (["Email", "Email"], 1),
]

# By hand:
# first_touch: P1 → Paid social 1; P2 → Paid search 2; P3 → Influencer 1; P4 → Email 1.
# last_touch:  P1 → Paid search 1; P2 → Paid search 2; P3 → Email 1; P4 → Email 1.
#              Paid search 3, Email 2.
# linear:      P1 thirds: Paid social 1/3, Email 1/3, Paid search 1/3. P2: Paid search 2.
#              P3 quarters: Influencer, Paid social, Organic search, Email 1/4 each. P4: Email 1/2 + 1/2 = 1.
#              Paid social 1/3 + 1/4 = 7/12; Email 1/3 + 1/4 + 1 = 19/12; Paid search 1/3 + 2 = 7/3;
#              Influencer 1/4; Organic search 1/4.  Sum = (7 + 19 + 28 + 3 + 3) / 12 = 60/12 = 5.
# position_based (40/20/40): P1 (3 touches) 0.4 / 0.2 / 0.4; P2 (1 touch) 1 × 2; P3 (4 touches)
#              0.4 / 0.1 / 0.1 / 0.4; P4 (2 touches) 0.5 / 0.5.
#              Paid social 0.4 + 0.1 = 0.5; Email 0.2 + 0.4 + 1 = 1.6; Paid search 0.4 + 2 = 2.4;
#              Influencer 0.4; Organic search 0.1.  Sum = 5.
# time_decay, half-life 1 touch (weight 2^−k for a touch k before the last, then scaled to add up to 1):
#              P1 raw 1/4, 1/2, 1 (sum 7/4) → 1/7, 2/7, 4/7.  P3 raw 1/8, 1/4, 1/2, 1 (sum 15/8) → 1/15, 2/15,
#              4/15, 8/15.  P4 raw 1/2, 1 (sum 3/2) → 1/3, 2/3, both Email.
#              Paid social 1/7 + 2/15 = 29/105; Email 2/7 + 8/15 + 1 = 191/105; Paid search 4/7 + 2 = 18/7;
#              Influencer 1/15; Organic search 4/15.  Sum = (29 + 191 + 270 + 7 + 28) / 105 = 525/105 = 5.
EXPECTED = {
    "first_touch": {"Paid social": 1, "Paid search": 2, "Influencer": 1, "Email": 1},
    "last_touch": {"Paid search": 3, "Email": 2},
    "linear": {"Paid social": 7 / 12, "Email": 19 / 12, "Paid search": 7 / 3, "Influencer": 1 / 4,
               "Organic search": 1 / 4},
    "position_based": {"Paid social": 0.5, "Email": 1.6, "Paid search": 2.4, "Influencer": 0.4,
                       "Organic search": 0.1},
    "time_decay": {"Paid social": 29 / 105, "Email": 191 / 105, "Paid search": 18 / 7, "Influencer": 1 / 15,
                   "Organic search": 4 / 15},
}


@pytest.mark.parametrize("model", list(EXPECTED))
def test_worked_example_by_hand(model):
    result = attribute_conversions(PATHS, model)
    got = {c: v for c, v in result.by_channel.items() if v != 0}
    assert set(got) == set(EXPECTED[model])
    for channel, value in EXPECTED[model].items():
        assert got[channel] == pytest.approx(value, abs=1e-12)
    assert result.total_conversions == 5
    assert result.paths == 4 and result.touches == 10
    assert sum(result.by_channel.values()) == pytest.approx(5)
    assert result.model == model and result.model_name == ATTRIBUTION_MODELS[model]
    assert any("convention" in s for s in result.steps)


def test_models_disagree_on_who_opens_and_who_closes():
    first = attribute_conversions(PATHS, "first_touch")
    last = attribute_conversions(PATHS, "last_touch")
    assert first.by_channel["Paid social"] == 1 and last.by_channel.get("Paid social", 0) == 0
    assert first.share("Paid search") == pytest.approx(40) and last.share("Paid search") == pytest.approx(60)
    assert last.share("Nobody") == 0


def test_time_decay_half_life_two_by_hand():
    # P1 with half-life 2: raw 2^(−2/2) = 0.5, 2^(−1/2) = 0.707107, 2^0 = 1; sum 2.207107
    # → 0.5/2.207107 = 0.226541, 0.707107/2.207107 = 0.320377, 1/2.207107 = 0.453082.
    result = attribute_conversions([PATHS[0]], "time_decay", half_life=2)
    assert result.by_channel["Paid social"] == pytest.approx(0.226541, abs=1e-6)
    assert result.by_channel["Email"] == pytest.approx(0.320377, abs=1e-6)
    assert result.by_channel["Paid search"] == pytest.approx(0.453082, abs=1e-6)
    assert result.half_life == 2
    assert "half-life 2 touches" in result.steps[0]


def test_weights_rules():
    assert attribution_weights(1, "position_based") == (1.0,)
    assert attribution_weights(2, "position_based") == (0.5, 0.5)
    assert attribution_weights(5, "position_based") == pytest.approx((0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.4))
    assert attribution_weights(3, "time_decay", 1) == pytest.approx((1 / 7, 2 / 7, 4 / 7))
    # A long half-life tends to linear; a tiny one to last touch.
    assert attribution_weights(4, "time_decay", 1e6) == pytest.approx((0.25,) * 4, abs=1e-5)
    assert attribution_weights(3, "time_decay", 0.01)[-1] == pytest.approx(1.0)


def test_model_names_are_forgiving_about_case_and_spaces():
    assert attribute_conversions(PATHS, "Position based").model == "position_based"
    assert attribute_conversions(PATHS, " time-decay ").model == "time_decay"


def test_accepts_tuples_generators_and_zero_conversion_paths():
    paths = ((tuple(t), c) for t, c in PATHS + [(["Direct"], 0)])
    result = attribute_conversions(paths, "linear")
    assert result.paths == 5 and result.by_channel["Direct"] == 0


def test_channel_names_are_trimmed():
    result = attribute_conversions([([" Email ", "Email"], 2)], "first_touch")
    assert result.by_channel == {"Email": 2}


@pytest.mark.parametrize("paths, model, kwargs, message", [
    ([([], 1)], "linear", {}, "empty"),
    ([(["Email"], -1)], "linear", {}, "negative"),
    (PATHS, "data_driven", {}, "not an attribution model"),
    (PATHS, None, {}, "not an attribution model"),
    (PATHS, "time_decay", {"half_life": 0}, "half-life"),
    (PATHS, "time_decay", {"half_life": -2}, "half-life"),
    (PATHS, "time_decay", {"half_life": float("nan")}, "half-life"),
    (PATHS, "linear", {"half_life": "1"}, "half-life"),
    ([], "linear", {}, "no paths"),
    ([(["Email", 3], 1)], "linear", {}, "channel name"),
    ([(["Email", None], 1)], "linear", {}, "channel name"),
    ([(["Email", "  "], 1)], "linear", {}, "no channel name"),
    ([("Email > Direct", 1)], "linear", {}, "not one piece of text"),
    ([(["Email"], "1")], "linear", {}, "must be a number"),
    ([(["Email"], float("nan"))], "linear", {}, "must be a number"),
    ([(["Email"], True)], "linear", {}, "must be a number"),
    ([(["Email"], 1, 2)], "linear", {}, "pair"),
    (["Email"], "linear", {}, "pair"),
    ([(["Email"], 0)], "linear", {}, "nothing to credit"),
    ("Email", "linear", {}, r"list of \(touchpoints"),
    (None, "linear", {}, r"list of \(touchpoints"),
    ([(["Email"] * 1001, 1)], "linear", {}, "not a realistic path"),
    ([(["Email"], 1e15)], "linear", {}, "too large"),
])
def test_bad_input_is_a_readable_value_error(paths, model, kwargs, message):
    with pytest.raises(ValueError, match=message):
        attribute_conversions(paths, model, **kwargs)


channel = st.sampled_from(["Paid social", "Paid search", "Organic search", "Email", "Influencer", "Direct"])
path_strategy = st.lists(st.tuples(st.lists(channel, min_size=1, max_size=8),
                                   st.integers(min_value=0, max_value=50)), min_size=1, max_size=40).filter(
    lambda ps: sum(c for _t, c in ps) > 0)


@settings(max_examples=150, deadline=None)
@given(paths=path_strategy, model=st.sampled_from(list(ATTRIBUTION_MODELS)),
       half_life=st.floats(min_value=0.1, max_value=20))
def test_credit_always_adds_up_to_the_conversions(paths, model, half_life):
    result = attribute_conversions(paths, model, half_life=half_life)
    total = sum(c for _t, c in paths)
    assert result.total_conversions == total
    assert math.fsum(result.by_channel.values()) == pytest.approx(total, rel=1e-9)
    assert all(v >= 0 for v in result.by_channel.values())
    # only channels met in a path are credited, and a channel's credit never exceeds its paths' conversions
    for name, value in result.by_channel.items():
        assert value <= sum(c for t, c in paths if name in t) + 1e-9


@settings(max_examples=100, deadline=None)
@given(n=st.integers(min_value=1, max_value=30), model=st.sampled_from(list(ATTRIBUTION_MODELS)),
       half_life=st.floats(min_value=0.05, max_value=50))
def test_weights_add_up_to_one(n, model, half_life):
    weights = attribution_weights(n, model, half_life)
    assert len(weights) == n and math.fsum(weights) == pytest.approx(1.0)
    if model == "time_decay":
        assert list(weights) == sorted(weights)  # later touches never count less


@settings(max_examples=60, deadline=None)
@given(paths=path_strategy)
def test_one_touch_paths_agree_under_every_model(paths):
    single = [([t[0]], c) for t, c in paths]
    results = [attribute_conversions(single, m).by_channel for m in ATTRIBUTION_MODELS]
    for other in results[1:]:
        assert other == pytest.approx(results[0])


# -- SERVQUAL: the worked example --------------------------------------------------------------------------
# Item scores (1–7), two or three items per dimension:
#   Reliability     E 7, 6, 7 → 20/3 = 6.6667   P 4, 5, 4 → 13/3 = 4.3333   gap = −7/3 = −2.3333
#   Assurance       E 6, 6    → 6.0             P 5, 6    → 5.5             gap = −0.5
#   Tangibles       E 5, 6, 4 → 5.0             P 5, 5, 5 → 5.0             gap =  0.0
#   Empathy         E 6, 5    → 5.5             P 4, 5    → 4.5             gap = −1.0
#   Responsiveness  E 6, 7    → 6.5             P 7, 7    → 7.0             gap = +0.5
# Unweighted overall = (−7/3 − 0.5 + 0 − 1 + 0.5) ÷ 5 = (−10/3) ÷ 5 = −2/3 = −0.6667.
# Weighted with 100 importance points (R 30, A 20, T 10, E 15, Rs 25):
#   (30 × −7/3 + 20 × −0.5 + 10 × 0 + 15 × −1 + 25 × 0.5) ÷ 100 = (−70 − 10 + 0 − 15 + 12.5) ÷ 100 = −0.825.
# Weighted with weights that do not add up to 100 (R 3, A 1, others 0):
#   (3 × −7/3 + 1 × −0.5) ÷ 4 = −7.5 ÷ 4 = −1.875.
E = {"Reliability": [7, 6, 7], "Assurance": [6, 6], "Tangibles": [5, 6, 4], "Empathy": [6, 5],
     "Responsiveness": [6, 7]}
P = {"Reliability": [4, 5, 4], "Assurance": [5, 6], "Tangibles": [5, 5, 5], "Empathy": [4, 5],
     "Responsiveness": [7, 7]}
W = {"Reliability": 30, "Assurance": 20, "Tangibles": 10, "Empathy": 15, "Responsiveness": 25}


def test_servqual_unweighted_by_hand():
    result = servqual_gaps(E, P)
    assert result.by_dimension == pytest.approx({"Reliability": -7 / 3, "Assurance": -0.5, "Tangibles": 0.0,
                                                 "Empathy": -1.0, "Responsiveness": 0.5})
    assert result.value == pytest.approx(-2 / 3) and result.unweighted == pytest.approx(-2 / 3)
    assert result.weighted is None and result.weights is None
    assert result.expectations["Reliability"] == pytest.approx(20 / 3)
    assert result.perceptions["Responsiveness"] == 7
    assert result.largest_gap == "Reliability"
    assert list(result.by_dimension) == list(SERVQUAL_DIMENSIONS)
    assert result.dimensions[0][4] == 6  # three expectation and three perception scores
    assert result.steps[5] == ("Unweighted overall gap = ((−2.33) + (−0.50) + 0.00 + (−1.00) + 0.50) ÷ 5 = "
                               "−0.67.")


def test_servqual_weighted_by_hand():
    result = servqual_gaps(E, P, W)
    assert result.value == pytest.approx(-0.825) and result.weighted == pytest.approx(-0.825)
    assert result.unweighted == pytest.approx(-2 / 3)
    assert dict(result.weights) == W
    assert any("30 × (−2.33)" in s and "25 × 0.50) ÷ 100 = −0.83" in s for s in result.steps)
    other = servqual_gaps(E, P, {"Reliability": 3, "Assurance": 1, "Tangibles": 0, "Empathy": 0,
                                 "Responsiveness": 0})
    assert other.value == pytest.approx(-1.875)


def test_servqual_accepts_arrays_series_item_means_and_any_case():
    e = {d.lower(): np.array(v) for d, v in E.items()}
    p = {d.upper(): pd.Series(v) for d, v in P.items()}
    assert servqual_gaps(e, p, W).value == pytest.approx(-0.825)
    means = servqual_gaps({d: [sum(v) / len(v)] for d, v in E.items()}, P)
    assert means.value == pytest.approx(-2 / 3)


def _with(side, dimension, values):
    out = dict(side)
    out[dimension] = values
    return out


@pytest.mark.parametrize("expectations, perceptions, weights, message", [
    (_with(E, "Reliability", [7, 8]), P, None, "outside the scale"),
    (E, _with(P, "Empathy", [0, 5]), None, "outside the scale"),
    (E, _with(P, "Empathy", np.array([3, 9])), None, "outside the scale"),
    ({k: v for k, v in E.items() if k != "Tangibles"}, P, None, "no scores for Tangibles"),
    (E, _with(P, "Assurance", []), None, "no scores"),
    (E, _with(P, "Assurance", np.array([], dtype=float)), None, "no scores"),
    (E, P, {**W, "Empathy": -5}, "cannot be negative"),
    (E, P, {d: 0 for d in W}, "Every weight is 0"),
    (E, P, {k: v for k, v in W.items() if k != "Reliability"}, "no weight for Reliability"),
    (E, P, {**W, "Empathy": "high"}, "not a number"),
    (E, P, {**W, "Empathy": float("nan")}, "not a number"),
    (E, P, [30, 20, 10, 15, 25], "importance points"),
    (_with(E, "Price", [5]), P, None, "not a SERVQUAL dimension"),
    (E, P, {**W, "Price": 5}, "not a SERVQUAL dimension"),
    (_with(E, "Empathy", ["6", 5]), P, None, "not a number"),
    (_with(E, "Empathy", [6, float("nan")]), P, None, "not a number"),
    (_with(E, "Empathy", np.array([6, np.nan])), P, None, "missing"),
    (_with(E, "Empathy", [True, 5]), P, None, "not a number"),
    (_with(E, "Empathy", "65"), P, None, "list of item scores"),
    (_with(E, "Empathy", 6), P, None, "list of item scores"),
    ([7, 6], P, None, "each of the five dimensions"),
    ({**E, "reliability ": [5]}, P, None, "given twice"),
])
def test_servqual_bad_input_is_a_readable_value_error(expectations, perceptions, weights, message):
    with pytest.raises(ValueError, match=message):
        servqual_gaps(expectations, perceptions, weights)


scores = st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=12)
side = st.fixed_dictionaries({d: scores for d in SERVQUAL_DIMENSIONS})
weights = st.fixed_dictionaries({d: st.integers(min_value=0, max_value=100) for d in SERVQUAL_DIMENSIONS}).filter(
    lambda w: sum(w.values()) > 0)


@settings(max_examples=150, deadline=None)
@given(e=side, p=side, w=weights)
def test_servqual_properties(e, p, w):
    result = servqual_gaps(e, p, w)
    gaps = list(result.by_dimension.values())
    assert all(-6 <= g <= 6 for g in gaps)
    # both overall figures lie between the smallest and the largest gap
    for overall in (result.unweighted, result.weighted):
        assert min(gaps) - 1e-9 <= overall <= max(gaps) + 1e-9
    assert result.unweighted == pytest.approx(sum(gaps) / 5)
    # swapping expectations and perceptions flips every sign
    swapped = servqual_gaps(p, e, w)
    assert swapped.value == pytest.approx(-result.value)
    # equal weights give the unweighted figure
    assert servqual_gaps(e, p, dict.fromkeys(SERVQUAL_DIMENSIONS, 7)).value == pytest.approx(result.unweighted)


def test_compare_attribution_models_checks_once_and_matches_each_model():
    both = compare_attribution_models(PATHS, half_life=2)
    assert list(both) == list(ATTRIBUTION_MODELS)
    for model, result in both.items():
        assert result == attribute_conversions(PATHS, model, half_life=2)
    assert list(compare_attribution_models(PATHS, models=["linear", "First touch"])) == ["linear", "first_touch"]
    with pytest.raises(ValueError, match="at least one"):
        compare_attribution_models(PATHS, models=[])
    with pytest.raises(ValueError, match="not an attribution model"):
        compare_attribution_models(PATHS, models=["shapley"])
    with pytest.raises(ValueError, match="Path 1 is empty"):
        compare_attribution_models([([], 1)])
