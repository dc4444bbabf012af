"""Customer-experience metrics: exact formulas that show their working and their uncertainty.

Every function here is pure. It validates its input and raises ``ValueError`` with a sentence a
learner understands (never ``ZeroDivisionError``, ``KeyError`` or ``TypeError``), and returns a small
frozen result: the value, the steps of the working as plain-English lines with the numbers
substituted, and the sample size and 95 % interval where they make sense.

Conventions
-----------
* Rates are returned as percentages (0–100). Inputs that are fractions say so in their names'
  docstrings (``gross_margin=0.4`` means 40 %, ``discount_rate=0.1`` means 10 % a year).
* Money is in pounds; the working shows ``£`` with two decimal places.
* 95 % intervals use z = 1.96 (``Z95``). Intervals for shares use Wilson's score interval
  (Wilson 1927), which behaves well for small samples and shares near 0 % or 100 %.
* The NPS interval uses the closed-form variance of the difference of two multinomial shares
  (promoters minus detractors): Var = (p + d − (p − d)²) / n on the −1..1 scale. The interval is
  NPS ± 1.96 × 100 × √Var, clipped to the possible range −100..100 (the clipping is stated in the
  working when it happens). It is a normal approximation; the working warns when n < 30.

Sources
-------
* Net Promoter Score: F. F. Reichheld (2003) "The one number you need to grow", *Harvard Business
  Review* 81(12), 46–54.
* Wilson interval: E. B. Wilson (1927) "Probable inference, the law of succession, and statistical
  inference", *Journal of the American Statistical Association* 22(158), 209–212.
* Customer Effort Score: M. Dixon, K. Freeman & N. Toman (2010) "Stop trying to delight your
  customers", *Harvard Business Review* 88(7/8), 116–122; the 7-point agreement version ("The
  organisation made it easy for me to handle my issue") is from M. Dixon, N. Toman & R. DeLisi
  (2013) *The Effortless Experience*, Portfolio/Penguin.
* Retention, churn, average order value, conversion, bounce, acquisition cost, ROMI and other
  marketing ratios: P. W. Farris, N. T. Bendle, P. E. Pfeifer & D. J. Reibstein (2010) *Marketing
  Metrics*, 2nd edn, Pearson.
* Customer lifetime value: P. D. Berger & N. I. Nasr (1998) "Customer lifetime value: marketing
  models and applications", *Journal of Interactive Marketing* 12(1), 17–30.
* LTV:CAC benchmark of about 3:1: D. Skok (2013) "SaaS metrics 2.0 – a guide to measuring and
  improving what matters", forEntrepreneurs.com.
* Budgeting methods (percentage of sales, competitive parity, objective and task): P. R. Smith &
  Z. Zook (2020) *Marketing Communications*, 7th edn, Kogan Page, ch. on budgeting.
* Advertising value equivalent and why it is not a measure of PR's value: AMEC (2020) *Barcelona
  Principles 3.0*, International Association for Measurement and Evaluation of Communication.
* Sample size for a margin of error: W. G. Cochran (1977) *Sampling Techniques*, 3rd edn, Wiley,
  eqs 4.2 and 4.3 (with the finite population correction).
"""

from __future__ import annotations

import math
import numbers
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from widgets import numeric as _numeric

Z95 = 1.96
SMALL_SAMPLE = 30
# Far beyond any real organisation's figures; larger inputs are almost certainly typing mistakes (and
# would overflow floating-point arithmetic). The same bounds as typed text (``widgets.numeric``).
MAX_COUNT = _numeric.MAX_COUNT
MAX_AMOUNT = _numeric.MAX_AMOUNT

# -- result objects ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricResult:
    """A metric's value with the working that produced it.

    ``value`` is in ``unit`` (``"%"``, ``"points"``, ``"£"``, ``":1"``, ``"days"``, ``"hours"``,
    ``"responses"``, ``"per 1,000"``, ``"out of 7"``); ``interval`` is the 95 % interval in the same
    unit, where one makes sense; ``parts`` holds named intermediate numbers; ``steps`` are the lines
    of working in plain English.
    """

    metric: str
    value: float
    unit: str
    steps: tuple[str, ...]
    n: int | None = None
    interval: tuple[float, float] | None = None
    parts: tuple[tuple[str, float], ...] = ()
    note: str = ""

    def part(self, name: str) -> float:
        for key, value in self.parts:
            if key == name:
                return value
        raise ValueError(f"{self.metric} has no part called {name!r}")

    @property
    def display(self) -> str:
        """The value formatted for a learner, e.g. ``"45.0 points"``, ``"£1,250.00"``, ``"72.5%"``."""
        return format_value(self.value, self.unit)


@dataclass(frozen=True)
class NPSResult:
    """Net Promoter Score with its counts, shares and 95 % interval (all scores on −100..100)."""

    value: float
    promoters: int
    passives: int
    detractors: int
    n: int
    promoter_share: float
    passive_share: float
    detractor_share: float
    standard_error: float
    interval: tuple[float, float]
    steps: tuple[str, ...]
    metric: str = "Net Promoter Score"
    unit: str = "points"
    note: str = ""

    @property
    def shares(self) -> tuple[float, float, float]:
        return (self.promoter_share, self.passive_share, self.detractor_share)

    @property
    def display(self) -> str:
        return format_value(self.value, self.unit)


@dataclass(frozen=True)
class NPSComparison:
    """The change in NPS from wave ``a`` to wave ``b`` with its 95 % interval and a reading."""

    difference: float
    interval: tuple[float, float]
    standard_error: float
    first: NPSResult
    second: NPSResult
    reading: str
    steps: tuple[str, ...]
    metric: str = "Change in Net Promoter Score"
    unit: str = "points"

    @property
    def value(self) -> float:
        return self.difference

    @property
    def n(self) -> int:
        return self.first.n + self.second.n


# -- formatting -------------------------------------------------------------------------------------


def _fmt(x: float, dp: int = 1) -> str:
    """A number with thousands separators and ``dp`` decimals, without a negative zero."""
    text = f"{x:,.{dp}f}"
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


def format_value(value: float, unit: str) -> str:
    if unit == "£":
        return ("−£" if value < 0 else "£") + _fmt(abs(value), 2)
    if unit == "%":
        return f"{_fmt(value)}%"
    if unit == ":1":
        return f"{_fmt(value, 2)}:1"
    if unit in {"responses", "customers"}:
        return f"{int(value):,} {unit}"
    return f"{_fmt(value)} {unit}"


def _money(x: float) -> str:
    return format_value(x, "£")


def _pct(x: float) -> str:
    return f"{_fmt(x)}%"


# -- validation -------------------------------------------------------------------------------------


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _number(value: object, label: str, *, minimum: float | None = 0.0, maximum: float | None = None,
            strictly_positive: bool = False) -> float:
    """A finite real number within bounds, or a learner-readable ValueError."""
    if not _is_number(value):
        raise ValueError(f"{label} must be a number (you gave {_shown(value)}).")
    x = float(value)  # type: ignore[arg-type]
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"{label} must be an actual number, not {_shown(value)}.")
    if abs(x) > MAX_AMOUNT:
        raise ValueError(f"{label} is too large to be realistic (you gave {_shown(value)}).")
    if strictly_positive and x <= 0:
        raise ValueError(f"{label} must be more than 0 (you gave {_fmt(x, 2)}).")
    if minimum is not None and x < minimum:
        raise ValueError(f"{label} cannot be less than {_fmt(minimum, 2).rstrip('0').rstrip('.')} "
                         f"(you gave {_fmt(x, 2)}).")
    if maximum is not None and x > maximum:
        raise ValueError(f"{label} cannot be more than {_fmt(maximum, 2).rstrip('0').rstrip('.')} "
                         f"(you gave {_fmt(x, 2)}).")
    return x


def _count(value: object, label: str, *, positive: bool = False) -> int:
    """A whole number of things (0 or more; more than 0 when ``positive``)."""
    if not _is_number(value):
        raise ValueError(f"{label} must be a whole number (you gave {_shown(value)}).")
    x = float(value)  # type: ignore[arg-type]
    if math.isnan(x) or math.isinf(x) or x != int(x):
        raise ValueError(f"{label} must be a whole number (you gave {_shown(value)}).")
    n = int(x)
    if n < 0:
        raise ValueError(f"{label} cannot be negative (you gave {n}).")
    if n > MAX_COUNT:
        raise ValueError(f"{label} is too large to be realistic (you gave {n:,}).")
    if positive and n == 0:
        raise ValueError(f"{label} must be at least 1: the rate cannot be worked out from nothing.")
    return n


def _values(values: object, label: str) -> list[float]:
    """A non-empty list of finite numbers from any iterable (list, tuple, NumPy array, pandas Series)."""
    if values is None or isinstance(values, (str, bytes, Mapping)) or _is_number(values):
        raise ValueError(f"{label} must be a list of numbers (you gave {_shown(values)}).")
    try:
        items = list(values)  # type: ignore[call-overload]
    except TypeError:
        raise ValueError(f"{label} must be a list of numbers (you gave {_shown(values)}).") from None
    if not items:
        raise ValueError(f"{label}: none were given. Enter at least one.")
    out = []
    for i, item in enumerate(items, start=1):
        if not _is_number(item) or math.isnan(float(item)) or math.isinf(float(item)):
            raise ValueError(f"{label}: answer {i} is {_shown(item)}, which is not a number.")
        if abs(float(item)) > MAX_AMOUNT:
            raise ValueError(f"{label}: answer {i} is too large to be realistic.")
        out.append(float(item))
    return out


def _scores(values: object, label: str, low: int, high: int) -> list[int]:
    """Whole-number scores from ``low`` to ``high`` inclusive."""
    out = []
    for i, x in enumerate(_values(values, label), start=1):
        if x != int(x) or not low <= x <= high:
            raise ValueError(f"{label}: answer {i} is {_fmt(x, 2).rstrip('0').rstrip('.')}, but answers must be "
                             f"whole numbers from {low} to {high}.")
        out.append(int(x))
    return out


def _scale(scale: object, allowed: tuple[int, ...], label: str) -> int:
    if not _is_number(scale) or float(scale) not in allowed:  # type: ignore[arg-type]
        choices = ", ".join(str(a) for a in allowed[:-1]) + f" or {allowed[-1]}"
        raise ValueError(f"{label} must be a {choices}-point scale (you gave {_shown(scale)}).")
    return int(scale)  # type: ignore[arg-type]


def _share(value: object, label: str) -> float:
    return _number(value, label, minimum=0.0, maximum=1.0)


# -- intervals --------------------------------------------------------------------------------------


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion, as fractions (Wilson 1927).

    centre = (p̂ + z²/2n) / (1 + z²/n);  half-width = z / (1 + z²/n) × √(p̂(1 − p̂)/n + z²/4n²).
    """
    k = _count(successes, "The number of successes")
    n = _count(n, "The number of answers", positive=True)
    if k > n:
        raise ValueError(f"The number of successes ({k}) cannot be more than the number of answers ({n}).")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def nps_standard_error(promoter_share: float, detractor_share: float, n: int) -> float:
    """Standard error of NPS on the −1..1 scale: √((p + d − (p − d)²) / n)."""
    p, d = promoter_share, detractor_share
    return math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)


# -- Net Promoter Score -----------------------------------------------------------------------------


def net_promoter_score_from_counts(promoters: int, passives: int, detractors: int) -> NPSResult:
    """Net Promoter Score from the counts of promoters (9–10), passives (7–8) and detractors (0–6).

    NPS = 100 × (P − D) / n, where n = P + passives + D (Reichheld 2003). With p = P/n and d = D/n,
    Var(p − d) = (p + d − (p − d)²) / n, so the 95 % interval is NPS ± 1.96 × 100 × √Var, clipped to
    −100..100.
    """
    pr = _count(promoters, "The number of promoters")
    pa = _count(passives, "The number of passives")
    de = _count(detractors, "The number of detractors")
    n = pr + pa + de
    if n == 0:
        raise ValueError("There are no answers: enter how many promoters, passives and detractors you have.")
    p, a, d = pr / n, pa / n, de / n
    value = 100 * (pr - de) / n
    se = nps_standard_error(p, d, n)
    low_raw, high_raw = value - Z95 * 100 * se, value + Z95 * 100 * se
    low, high = max(-100.0, low_raw), min(100.0, high_raw)
    steps = [
        f"Answers: {pr} promoters (9–10) + {pa} passives (7–8) + {de} detractors (0–6) = {n}.",
        f"Promoters: {pr} ÷ {n} = {_pct(100 * p)}. Passives: {pa} ÷ {n} = {_pct(100 * a)}. "
        f"Detractors: {de} ÷ {n} = {_pct(100 * d)}.",
        f"NPS = % promoters − % detractors = {_fmt(100 * p)} − {_fmt(100 * d)} = {_fmt(value)} points.",
        f"Variance = (p + d − (p − d)²) ÷ n = ({p:.4f} + {d:.4f} − {p - d:.4f}²) ÷ {n} = "
        f"{se * se:.6f}; standard error = √{se * se:.6f} = {se:.4f} (on the −1 to 1 scale).",
        f"95% interval = {_fmt(value)} ± 1.96 × 100 × {se:.4f} = {_fmt(value)} ± {_fmt(Z95 * 100 * se)} "
        f"→ {_fmt(low)} to {_fmt(high)} points.",
    ]
    if low != low_raw or high != high_raw:
        steps.append("The interval is cut at the ends of the scale (−100 and 100), since NPS cannot go beyond them.")
    note = ""
    if n < SMALL_SAMPLE:
        note = (f"Only {n} answers: the interval is a rough guide (it relies on a normal approximation, "
                f"which needs about {SMALL_SAMPLE} answers or more).")
        steps.append(note)
    return NPSResult(value=value, promoters=pr, passives=pa, detractors=de, n=n, promoter_share=p,
                     passive_share=a, detractor_share=d, standard_error=se, interval=(low, high),
                     steps=tuple(steps), note=note)


def nps_category(score: int) -> str:
    """``"promoter"`` for 9–10, ``"passive"`` for 7–8, ``"detractor"`` for 0–6."""
    s = _scores([score], "The score", 0, 10)[0]
    return "promoter" if s >= 9 else "passive" if s >= 7 else "detractor"


def net_promoter_score(scores: Iterable[int]) -> NPSResult:
    """Net Promoter Score from answers to "How likely are you to recommend us…?" on 0–10.

    Promoters answer 9–10, passives 7–8, detractors 0–6 (Reichheld 2003); then as
    :func:`net_promoter_score_from_counts`.
    """
    values = _scores(scores, "The scores", 0, 10)
    pr = sum(1 for s in values if s >= 9)
    de = sum(1 for s in values if s <= 6)
    result = net_promoter_score_from_counts(pr, len(values) - pr - de, de)
    first = f"Sorted {len(values)} answers: 9–10 are promoters, 7–8 passives, 0–6 detractors."
    return _replace_steps(result, (first, *result.steps))


def _replace_steps(result, steps):
    return replace(result, steps=tuple(steps))


def _as_nps(wave: object, label: str) -> NPSResult:
    if isinstance(wave, NPSResult):
        return wave
    try:
        return net_promoter_score(wave)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ValueError(f"{label}: {exc}") from None


def compare_nps(a: NPSResult | Iterable[int], b: NPSResult | Iterable[int]) -> NPSComparison:
    """The change in NPS from wave ``a`` to wave ``b`` (two independent samples).

    difference = NPS_b − NPS_a; SE = 100 × √(Var_a + Var_b) with each Var as in
    :func:`net_promoter_score_from_counts`; 95 % interval = difference ± 1.96 × SE, clipped to −200..200.
    Each wave is an :class:`NPSResult` (e.g. from :func:`net_promoter_score_from_counts`) or a list
    of 0–10 scores.
    """
    first = _as_nps(a, "First wave")
    second = _as_nps(b, "Second wave")
    diff = second.value - first.value
    se = 100 * math.sqrt(first.standard_error ** 2 + second.standard_error ** 2)
    low, high = max(-200.0, diff - Z95 * se), min(200.0, diff + Z95 * se)
    direction = "higher" if diff > 0 else "lower" if diff < 0 else "the same as"
    size = f"{_fmt(abs(diff))} points " if diff else ""
    if low > 0 or high < 0:
        reading = (f"The second wave's NPS is {size}{direction} than the first. The 95% interval "
                   f"({_fmt(low)} to {_fmt(high)}) does not include zero, so a real change is likely, "
                   "not just the luck of who answered.")
    else:
        than = "" if diff == 0 else " than"
        reading = (f"The second wave's NPS is {size}{direction}{than} the first, but the 95% interval "
                   f"({_fmt(low)} to {_fmt(high)}) includes zero, so these samples cannot show that NPS "
                   "really changed. More answers would narrow the interval.")
    steps = (
        f"First wave: NPS {_fmt(first.value)} from {first.n} answers (standard error {first.standard_error:.4f}).",
        f"Second wave: NPS {_fmt(second.value)} from {second.n} answers "
        f"(standard error {second.standard_error:.4f}).",
        f"Change = {_fmt(second.value)} − {_fmt(first.value)} = {_fmt(diff)} points.",
        f"Standard error of the change = 100 × √({first.standard_error:.4f}² + {second.standard_error:.4f}²) "
        f"= {_fmt(se, 2)} points (the waves are independent samples).",
        f"95% interval = {_fmt(diff)} ± 1.96 × {_fmt(se, 2)} → {_fmt(low)} to {_fmt(high)} points.",
        reading,
    )
    return NPSComparison(difference=diff, interval=(low, high), standard_error=se, first=first, second=second,
                         reading=reading, steps=steps)


# -- satisfaction and effort ------------------------------------------------------------------------


def csat_from_counts(satisfied: int, total: int, scale: int = 5) -> MetricResult:
    """CSAT as the percentage of satisfied answers (top-two-box), with a Wilson 95 % interval.

    CSAT = 100 × satisfied ÷ total; interval from :func:`wilson_interval` (Wilson 1927).
    """
    k = _count(satisfied, "The number of satisfied answers")
    n = _count(total, "The number of answers", positive=True)
    scale = _scale(scale, (5, 7, 10), "The satisfaction scale")
    if k > n:
        raise ValueError(f"Satisfied answers ({k}) cannot be more than all answers ({n}).")
    value = 100 * k / n
    lo, hi = wilson_interval(k, n)
    steps = [
        f"Satisfied answers are the top two boxes: {scale - 1} or {scale} on the 1–{scale} scale.",
        f"CSAT = satisfied ÷ all answers × 100 = {k} ÷ {n} × 100 = {_pct(value)}.",
        f"95% Wilson interval: {_pct(100 * lo)} to {_pct(100 * hi)}.",
    ]
    return MetricResult("Customer satisfaction (CSAT)", value, "%", tuple(steps), n=n,
                        interval=(100 * lo, 100 * hi), parts=(("satisfied", k), ("total", n)))


def csat(scores: Iterable[int], scale: int = 5) -> MetricResult:
    """CSAT from answers on a 1–``scale`` satisfaction scale (5, 7 or 10): % in the top two boxes.

    CSAT = 100 × (answers ≥ scale − 1) ÷ n, with a Wilson 95 % interval (Wilson 1927). Top-two-box is
    the usual definition (Farris et al. 2010); some organisations report the mean instead, shown in
    the working.
    """
    scale = _scale(scale, (5, 7, 10), "The satisfaction scale")
    values = _scores(scores, "The scores", 1, scale)
    k = sum(1 for s in values if s >= scale - 1)
    result = csat_from_counts(k, len(values), scale)
    mean = statistics.fmean(values)
    steps = (f"{len(values)} answers; {k} of them are {scale - 1} or {scale}.", *result.steps,
             f"For comparison, the mean score is {_fmt(mean, 2)} out of {scale}.")
    return _replace_steps(result, steps)


def customer_effort_score(scores: Iterable[int], scale: int = 7) -> MetricResult:
    """Customer Effort Score: the mean agreement with "The organisation made it easy for me to
    handle my issue" on 1 (strongly disagree) to ``scale`` (7, or 5 for older surveys).

    Higher is easier. CES = Σ scores ÷ n; 95 % interval = mean ± 1.96 × s ÷ √n (normal
    approximation; s is the sample standard deviation). Also reported: the % who agree (answers
    above the middle of the scale, 5–7 on a 7-point scale) with a Wilson interval. Sources: Dixon,
    Freeman & Toman (2010); Dixon, Toman & DeLisi (2013).
    """
    scale = _scale(scale, (5, 7), "The effort scale")
    values = _scores(scores, "The scores", 1, scale)
    n = len(values)
    mean = statistics.fmean(values)
    middle = (scale + 1) / 2
    agree = sum(1 for s in values if s > middle)
    steps = [f"{n} answers on the 1–{scale} scale (1 = strongly disagree that it was easy, {scale} = strongly agree).",
             f"CES = sum of scores ÷ answers = {_fmt(sum(values), 0)} ÷ {n} = {_fmt(mean, 2)} out of {scale}."]
    interval = None
    if n >= 2:
        sd = statistics.stdev(values)
        half = Z95 * sd / math.sqrt(n)
        interval = (max(1.0, mean - half), min(float(scale), mean + half))
        steps.append(f"Standard deviation = {sd:.3f}; 95% interval = {_fmt(mean, 2)} ± 1.96 × {sd:.3f} ÷ √{n} "
                     f"→ {_fmt(interval[0], 2)} to {_fmt(interval[1], 2)}.")
    else:
        steps.append("With one answer there is no spread, so no interval can be given.")
    lo, hi = wilson_interval(agree, n)
    share = 100 * agree / n
    steps.append(f"Agreeing it was easy (answers {int(middle) + 1}–{scale}): {agree} ÷ {n} = {_pct(share)} "
                 f"(95% interval {_pct(100 * lo)} to {_pct(100 * hi)}).")
    return MetricResult("Customer Effort Score (CES)", mean, f"out of {scale}", tuple(steps), n=n,
                        interval=interval, parts=(("percent_agree", share), ("agree", agree),
                                                  ("agree_low", 100 * lo), ("agree_high", 100 * hi)))


# -- retention, value and acquisition ---------------------------------------------------------------


def _retention_counts(customers_at_start: int, customers_at_end: int, new_customers: int) -> tuple[int, int, int]:
    s = _count(customers_at_start, "Customers at the start", positive=True)
    e = _count(customers_at_end, "Customers at the end")
    n = _count(new_customers, "New customers")
    if n > e:
        raise ValueError(f"New customers ({n}) cannot be more than customers at the end ({e}): "
                         "everyone who joined in the period and stayed is counted at the end.")
    if e - n > s:
        raise ValueError(f"Customers at the end minus new customers ({e} − {n} = {e - n}) cannot be more than "
                         f"customers at the start ({s}): check the three numbers.")
    return s, e, n


def retention_rate(customers_at_start: int, customers_at_end: int, new_customers: int) -> MetricResult:
    """Customer retention rate = ((E − N) ÷ S) × 100: S customers at the start of the period, E at
    the end, N new during it (Farris et al. 2010)."""
    s, e, n = _retention_counts(customers_at_start, customers_at_end, new_customers)
    kept = e - n
    value = 100 * kept / s
    steps = (f"Customers kept = customers at the end − new customers = {e:,} − {n:,} = {kept:,}.",
             f"Retention rate = kept ÷ customers at the start × 100 = {kept:,} ÷ {s:,} × 100 = {_pct(value)}.")
    return MetricResult("Customer retention rate", value, "%", steps, n=s, parts=(("kept", kept),))


def churn_rate(customers_at_start: int, customers_at_end: int, new_customers: int) -> MetricResult:
    """Churn rate = customers lost ÷ customers at the start × 100, where lost = S − (E − N); it is
    100 − the retention rate (Farris et al. 2010)."""
    s, e, n = _retention_counts(customers_at_start, customers_at_end, new_customers)
    lost = s - (e - n)
    value = 100 * lost / s
    steps = (f"Customers lost = start − (end − new) = {s:,} − ({e:,} − {n:,}) = {lost:,}.",
             f"Churn rate = lost ÷ customers at the start × 100 = {lost:,} ÷ {s:,} × 100 = {_pct(value)}.",
             f"Check: retention {_pct(100 - value)} + churn {_pct(value)} = 100%.")
    return MetricResult("Churn rate", value, "%", steps, n=s, parts=(("lost", lost),))


def customer_lifetime_value(average_order_value: float, purchases_per_year: float, years: float,
                            gross_margin: float = 1.0, discount_rate: float = 0.0) -> MetricResult:
    """Customer lifetime value: the (discounted) margin a customer brings over their relationship.

    Yearly value A = average order value × purchases per year × gross margin (a fraction, 1.0 =
    revenue). Without discounting CLV = A × years; with a yearly discount rate r (a fraction) each
    year's value is counted at the end of the year: CLV = A × (1 − (1 + r)^−years) ÷ r (the annuity
    form, Berger & Nasr 1998).
    """
    aov = _number(average_order_value, "Average order value", strictly_positive=True)
    freq = _number(purchases_per_year, "Purchases per year", strictly_positive=True)
    t = _number(years, "Years as a customer", strictly_positive=True, maximum=100)
    m = _number(gross_margin, "Gross margin", strictly_positive=True, maximum=1.0)
    r = _number(discount_rate, "Discount rate", minimum=0.0, maximum=1.0)
    yearly = aov * freq * m
    steps = [f"Yearly value = average order value × purchases a year × margin = {_money(aov)} × {_fmt(freq, 2)} × "
             f"{_fmt(m, 2)} = {_money(yearly)}."]
    if r == 0:
        value = yearly * t
        steps.append(f"CLV = yearly value × years = {_money(yearly)} × {_fmt(t, 2)} = {_money(value)}.")
    else:
        factor = (1 - (1 + r) ** -t) / r
        value = yearly * factor
        steps.append(f"Discount factor = (1 − (1 + {_fmt(r, 3)})^−{_fmt(t, 2)}) ÷ {_fmt(r, 3)} = {factor:.4f} "
                     "(later years count for less).")
        steps.append(f"CLV = {_money(yearly)} × {factor:.4f} = {_money(value)}.")
    return MetricResult("Customer lifetime value (CLV)", value, "£", tuple(steps), parts=(("yearly_value", yearly),))


def customer_acquisition_cost(marketing_spend: float, new_customers: int) -> MetricResult:
    """Customer acquisition cost = marketing and sales spend ÷ new customers won (Farris et al. 2010)."""
    spend = _number(marketing_spend, "Marketing spend")
    n = _count(new_customers, "New customers", positive=True)
    value = spend / n
    steps = (f"CAC = marketing spend ÷ new customers = {_money(spend)} ÷ {n:,} = {_money(value)}.",)
    return MetricResult("Customer acquisition cost (CAC)", value, "£", steps, n=n)


LTV_CAC_BENCHMARK = ("A ratio of about 3:1 is a widely quoted target for subscription businesses "
                     "(Skok 2013, “SaaS metrics 2.0”); well below 1:1 loses money on each customer won.")


def ltv_to_cac_ratio(lifetime_value: float, acquisition_cost: float) -> MetricResult:
    """LTV:CAC = customer lifetime value ÷ customer acquisition cost (benchmark about 3:1, Skok 2013)."""
    ltv = _number(lifetime_value, "Customer lifetime value")
    cac = _number(acquisition_cost, "Customer acquisition cost", strictly_positive=True)
    value = ltv / cac
    steps = (f"LTV:CAC = {_money(ltv)} ÷ {_money(cac)} = {_fmt(value, 2)}:1.",
             f"Each £1 spent winning a customer comes back as {_money(value)} of lifetime value.")
    return MetricResult("LTV:CAC ratio", value, ":1", steps, note=LTV_CAC_BENCHMARK)


def return_on_marketing_investment(attributable_revenue: float, marketing_spend: float,
                                   gross_margin: float = 1.0) -> MetricResult:
    """ROMI = ((revenue × margin − spend) ÷ spend) × 100 (Farris et al. 2010).

    ``attributable_revenue`` is the extra revenue the activity brought in; ``gross_margin`` a
    fraction (1.0 treats all revenue as return, which flatters the result).
    """
    rev = _number(attributable_revenue, "Revenue from the campaign")
    spend = _number(marketing_spend, "Marketing spend", strictly_positive=True)
    m = _number(gross_margin, "Gross margin", strictly_positive=True, maximum=1.0)
    contribution = rev * m
    value = 100 * (contribution - spend) / spend
    steps = (f"Contribution = revenue × margin = {_money(rev)} × {_fmt(m, 2)} = {_money(contribution)}.",
             f"ROMI = (contribution − spend) ÷ spend × 100 = ({_money(contribution)} − {_money(spend)}) ÷ "
             f"{_money(spend)} × 100 = {_pct(value)}.",
             "Above 0% the campaign earned back more than it cost; below 0% it did not.")
    return MetricResult("Return on marketing investment (ROMI)", value, "%", steps,
                        parts=(("contribution", contribution),))


def average_order_value(revenue: float, orders: int) -> MetricResult:
    """Average order value = revenue ÷ number of orders (Farris et al. 2010)."""
    rev = _number(revenue, "Revenue")
    n = _count(orders, "Number of orders", positive=True)
    value = rev / n
    return MetricResult("Average order value (AOV)", value, "£",
                        (f"AOV = revenue ÷ orders = {_money(rev)} ÷ {n:,} = {_money(value)}.",), n=n)


def _rate(name: str, numerator: int, denominator: int, num_label: str, den_label: str, formula: str,
          *, interval: bool = True) -> MetricResult:
    k = _count(numerator, num_label)
    n = _count(denominator, den_label, positive=True)
    if k > n:
        raise ValueError(f"{num_label} ({k:,}) cannot be more than {den_label.lower()} ({n:,}).")
    value = 100 * k / n
    steps = [f"{formula} = {k:,} ÷ {n:,} × 100 = {_pct(value)}."]
    ci = None
    if interval:
        lo, hi = wilson_interval(k, n)
        ci = (100 * lo, 100 * hi)
        steps.append(f"95% Wilson interval: {_pct(ci[0])} to {_pct(ci[1])}.")
    return MetricResult(name, value, "%", tuple(steps), n=n, interval=ci)


def conversion_rate(conversions: int, visitors: int) -> MetricResult:
    """Conversion rate = conversions ÷ visitors (or sessions) × 100, Wilson 95 % interval."""
    return _rate("Conversion rate", conversions, visitors, "Conversions", "Visitors",
                 "Conversion rate = conversions ÷ visitors × 100")


def bounce_rate(single_page_sessions: int, sessions: int) -> MetricResult:
    """Bounce rate = single-page sessions ÷ all sessions × 100 (Farris et al. 2010). Analytics tools
    define a bounce differently (GA4 counts sessions that were not "engaged"); check which is used."""
    return _rate("Bounce rate", single_page_sessions, sessions, "Single-page sessions", "Sessions",
                 "Bounce rate = single-page sessions ÷ sessions × 100")


def abandonment_rate(started: int, completed: int) -> MetricResult:
    """Abandonment rate = (started − completed) ÷ started × 100 (baskets, forms or checkouts)."""
    s = _count(started, "Started", positive=True)
    c = _count(completed, "Completed")
    if c > s:
        raise ValueError(f"Completed ({c:,}) cannot be more than started ({s:,}).")
    result = _rate("Abandonment rate", s - c, s, "Abandoned", "Started",
                   "Abandonment rate = (started − completed) ÷ started × 100")
    first = f"Abandoned = started − completed = {s:,} − {c:,} = {s - c:,}."
    return _replace_steps(result, (first, *result.steps))


def repeat_purchase_rate(repeat_customers: int, customers: int) -> MetricResult:
    """Repeat-purchase rate = customers who bought more than once ÷ all customers × 100."""
    return _rate("Repeat-purchase rate", repeat_customers, customers, "Customers who bought again", "Customers",
                 "Repeat-purchase rate = repeat customers ÷ customers × 100")


def first_contact_resolution(resolved_first_time: int, contacts: int) -> MetricResult:
    """First-contact resolution = issues resolved in the first contact ÷ all issues × 100."""
    return _rate("First-contact resolution", resolved_first_time, contacts, "Resolved at first contact",
                 "Contacts", "First-contact resolution = resolved first time ÷ contacts × 100")


def complaint_rate(complaints: int, customers: int, per: int = 1000) -> MetricResult:
    """Complaint rate = complaints ÷ customers (or orders) × ``per`` (1,000 by default)."""
    k = _count(complaints, "Complaints")
    n = _count(customers, "Customers or orders", positive=True)
    base = _count(per, "The 'per' base", positive=True)
    value = base * k / n
    unit = f"per {base:,}"
    steps = (f"Complaint rate = complaints ÷ customers × {base:,} = {k:,} ÷ {n:,} × {base:,} = {_fmt(value, 2)} "
             f"{unit}.",)
    return MetricResult("Complaint rate", value, unit, steps, n=n)


def _durations(name: str, durations: Iterable[float], unit: str, target: float | None) -> MetricResult:
    values = _values(durations, f"The {unit}")
    if any(v < 0 for v in values):
        raise ValueError(f"The {unit} cannot be negative: check that each finish time is after its start.")
    n = len(values)
    median = statistics.median(values)
    mean = statistics.fmean(values)
    steps = [f"{n} {'case' if n == 1 else 'cases'}; sorted, the middle value (median) is {_fmt(median, 1)} {unit}.",
             f"Mean = total ÷ cases = {_fmt(sum(values), 1)} ÷ {n} = {_fmt(mean, 1)} {unit}. "
             "A few very slow cases pull the mean above the median, so the median is the headline."]
    parts: list[tuple[str, float]] = [("mean", mean)]
    if target is not None:
        t = _number(target, f"The target ({unit})", strictly_positive=True)
        within = sum(1 for v in values if v <= t)
        share = 100 * within / n
        steps.append(f"Within the target of {_fmt(t, 1)} {unit}: {within} ÷ {n} = {_pct(share)}.")
        parts.append(("percent_within_target", share))
    return MetricResult(name, median, unit, tuple(steps), n=n, parts=tuple(parts))


def time_to_conversion(days: Iterable[float], target_days: float | None = None) -> MetricResult:
    """Time to conversion: the median number of days from first visit (or enquiry) to purchase,
    with the mean and, if ``target_days`` is given, the % converting within it."""
    return _durations("Time to conversion", days, "days", target_days)


def complaint_response_time(hours: Iterable[float], target_hours: float | None = None) -> MetricResult:
    """Complaint response time: median hours from a complaint being made to the first reply."""
    return _durations("Complaint response time", hours, "hours", target_hours)


def complaint_resolution_time(hours: Iterable[float], target_hours: float | None = None) -> MetricResult:
    """Complaint resolution time: median hours from a complaint being made to it being resolved."""
    return _durations("Complaint resolution time", hours, "hours", target_hours)


# -- campaigns (CIM L3) -----------------------------------------------------------------------------


def budget_percentage_of_sales(sales: float, percentage: float) -> MetricResult:
    """Percentage-of-sales budget = sales (last year's or forecast) × percentage ÷ 100 (Smith & Zook 2020)."""
    s = _number(sales, "Sales")
    pct = _number(percentage, "The percentage of sales", maximum=100)
    value = s * pct / 100
    steps = (f"Budget = sales × percentage = {_money(s)} × {_fmt(pct, 2)}% = {_money(value)}.",
             "Simple and affordable, but it ties spending to past sales rather than to what the campaign must do.")
    return MetricResult("Budget: percentage of sales", value, "£", steps)


def budget_competitive_parity(competitor_spends: Iterable[float], own_sales: float | None = None,
                              competitor_sales: Iterable[float] | None = None) -> MetricResult:
    """Competitive-parity budget (Smith & Zook 2020).

    Without sales figures: match the average competitor, budget = Σ competitor spend ÷ number of
    competitors. With ``own_sales`` and ``competitor_sales``: spend the same share of sales as they
    do, budget = own sales × Σ competitor spend ÷ Σ competitor sales.
    """
    spends = _values(competitor_spends, "Competitors' spend")
    if any(s < 0 for s in spends):
        raise ValueError("Competitors' spend cannot be negative.")
    if (own_sales is None) != (competitor_sales is None):
        raise ValueError("To match competitors' share of sales, give both your own sales and theirs; "
                         "otherwise leave both out.")
    if own_sales is None:
        value = statistics.fmean(spends)
        steps = (f"Average competitor spend = ({' + '.join(_money(s) for s in spends)}) ÷ {len(spends)} "
                 f"= {_money(value)}.", f"Budget = {_money(value)}, matching the typical competitor.")
        return MetricResult("Budget: competitive parity", value, "£", steps)
    own = _number(own_sales, "Your sales")
    sales = _values(competitor_sales, "Competitors' sales")
    if len(sales) != len(spends):
        raise ValueError(f"Give one sales figure for each competitor ({len(spends)} spends but {len(sales)} sales).")
    if any(s < 0 for s in sales) or sum(sales) == 0:
        raise ValueError("Competitors' sales must be 0 or more and not all 0.")
    ratio = sum(spends) / sum(sales)
    value = own * ratio
    steps = (f"Competitors spend {_money(sum(spends))} on sales of {_money(sum(sales))}: "
             f"{_pct(100 * ratio)} of sales.",
             f"Budget = your sales × that share = {_money(own)} × {_pct(100 * ratio)} = {_money(value)}.")
    return MetricResult("Budget: competitive parity", value, "£", steps, parts=(("share_of_sales", 100 * ratio),))


def budget_objective_and_task(tasks: Mapping[str, float] | Iterable[tuple[str, float]],
                              contingency_percent: float = 0.0) -> MetricResult:
    """Objective-and-task budget = Σ cost of each task needed to meet the objectives, plus a
    contingency (Smith & Zook 2020)."""
    if isinstance(tasks, Mapping):
        items = list(tasks.items())
    elif tasks is None or isinstance(tasks, (str, bytes)):
        raise ValueError("List the tasks with their costs, e.g. [('Leaflet print run', 1200)].")
    else:
        try:
            items = [tuple(t) for t in tasks]  # type: ignore[union-attr]
        except TypeError:
            raise ValueError("List the tasks with their costs, e.g. [('Leaflet print run', 1200)].") from None
    if not items:
        raise ValueError("Add at least one task with its cost.")
    rows = []
    for i, item in enumerate(items, start=1):
        if len(item) != 2 or not isinstance(item[0], str) or not item[0].strip():
            raise ValueError(f"Task {i} needs a name and a cost.")
        rows.append((item[0].strip(), _number(item[1], f"The cost of task {i} ({item[0].strip()[:30]})")))
    c = _number(contingency_percent, "Contingency", maximum=100)
    subtotal = sum(cost for _, cost in rows)
    value = subtotal * (1 + c / 100)
    steps = [f"{name}: {_money(cost)}" for name, cost in rows]
    steps.append(f"Tasks total = {_money(subtotal)}.")
    steps.append(f"Budget = total × (1 + {_fmt(c, 1)}% contingency) = {_money(value)}.")
    return MetricResult("Budget: objective and task", value, "£", tuple(steps), parts=(("subtotal", subtotal),))


# -- more budgeting methods (CIM Level 3 Customer Communications 6.3; the campaign planner) --------------------
def budget_affordable(available: float, committed: float = 0.0) -> MetricResult:
    """Affordable budget = what the business says it can spare, less anything already committed from it
    (Smith & Zook 2020). Simple, but it starts from the money, not from what the campaign must do."""
    a = _number(available, "What the business can afford")
    c = _number(committed, "Money already committed")
    if c > a:
        raise ValueError(f"Money already committed ({_money(c)}) cannot be more than what the business can afford "
                         f"({_money(a)}).")
    value = a - c
    steps = [f"The business can spare {_money(a)}."]
    if c:
        steps.append(f"Budget = {_money(a)} − {_money(c)} already committed = {_money(value)}.")
    else:
        steps.append(f"Budget = {_money(value)}.")
    steps.append("Easy to agree, but it ignores what the objectives need: it may be too little or too much.")
    return MetricResult("Budget: affordable", value, "£", tuple(steps))


def budget_incremental(last_budget: float, change_percent: float) -> MetricResult:
    """Incremental budget = last budget × (1 + change ÷ 100) (Smith & Zook 2020): the change is a percentage
    from −100 (nothing) to 1,000 (eleven times as much; more is almost certainly a typing slip)."""
    last = _number(last_budget, "Last budget")
    change = _number(change_percent, "The change", minimum=-100, maximum=1000)
    value = round(last * (1 + change / 100), 2)
    sign = "+" if change >= 0 else "−"
    steps = (f"Budget = last budget × (1 {sign} {_fmt(abs(change), 2).rstrip('0').rstrip('.')}%) = {_money(last)} × "
             f"{1 + change / 100:.4g} = {_money(value)}.",
             "Quick and predictable, but it carries last year's spending forward without asking whether it worked.")
    return MetricResult("Budget: incremental", value, "£", steps, parts=(("last_budget", last),))


def budget_zero_based(lines: Iterable[tuple[str, float, str]]) -> MetricResult:
    """Zero-based budget = Σ the cost of every line, where each line is justified from nothing
    (``(item, cost, justification)``); a line without a justification is refused."""
    if lines is None or isinstance(lines, (str, bytes, Mapping)):
        raise ValueError("List the budget lines as (item, cost, justification).")
    try:
        items = [tuple(line) for line in lines]  # type: ignore[union-attr]
    except TypeError:
        raise ValueError("List the budget lines as (item, cost, justification).") from None
    if not items:
        raise ValueError("Add at least one budget line with its cost and justification.")
    steps, total = [], 0.0
    for i, item in enumerate(items, start=1):
        if len(item) != 3 or not isinstance(item[0], str) or not item[0].strip():
            raise ValueError(f"Budget line {i} needs an item, a cost and a justification.")
        name = item[0].strip()
        cost = _number(item[1], f"The cost of line {i} ({name[:30]})")
        why = item[2].strip() if isinstance(item[2], str) else ""
        if not why:
            raise ValueError(f"Line {i} ({name[:30]}) has no justification: zero-based budgeting starts from nothing, "
                             "so every line must say why it is needed.")
        total += cost
        steps.append(f"{name}: {_money(cost)} (because {why[:80]})")
    if total > MAX_AMOUNT:
        raise ValueError("The budget lines add up to more than is realistic: check the costs.")
    steps.append(f"Budget = sum of the justified lines = {_money(total)}.")
    return MetricResult("Budget: zero-based", total, "£", tuple(steps))


def response_rate(responses: int, contacts: int) -> MetricResult:
    """Response rate = responses ÷ people contacted × 100, with a Wilson 95 % interval."""
    return _rate("Response rate", responses, contacts, "Responses", "People contacted",
                 "Response rate = responses ÷ people contacted × 100")


def cost_per_response(campaign_cost: float, responses: int) -> MetricResult:
    """Cost per response = campaign cost ÷ responses."""
    cost = _number(campaign_cost, "Campaign cost")
    n = _count(responses, "Responses", positive=True)
    value = cost / n
    return MetricResult("Cost per response", value, "£",
                        (f"Cost per response = cost ÷ responses = {_money(cost)} ÷ {n:,} = {_money(value)}.",), n=n)


AVE_CAUTION = ("AVE measures what the space would have cost, not what the coverage achieved; the Barcelona "
               "Principles (AMEC 2020) advise against using it as the value of PR.")


def advertising_value_equivalent(coverage_size: float, rate_per_unit: float, multiplier: float = 1.0) -> MetricResult:
    """Advertising value equivalent = coverage size (column cm, or seconds of air time) × the
    advertising rate per unit × an optional multiplier (AMEC 2020 advises against multipliers and
    against treating AVE as the value of PR)."""
    size = _number(coverage_size, "Coverage size")
    rate = _number(rate_per_unit, "Advertising rate per unit")
    mult = _number(multiplier, "Multiplier", strictly_positive=True, maximum=10)
    value = size * rate * mult
    text = f"AVE = size × rate = {_fmt(size, 1)} × {_money(rate)}"
    if mult != 1:
        text += f" × {_fmt(mult, 2)}"
    steps = (f"{text} = {_money(value)}.", AVE_CAUTION)
    return MetricResult("Advertising value equivalent (AVE)", value, "£", steps, note=AVE_CAUTION)


# -- sample size ------------------------------------------------------------------------------------


def sample_size_for_margin(margin_of_error: float, confidence: float = 0.95, expected_share: float = 0.5,
                           population: int | None = None) -> MetricResult:
    """Responses needed so a percentage is within ± ``margin_of_error`` (a fraction: 0.05 = ±5 points).

    n₀ = z² × p(1 − p) ÷ e² (Cochran 1977, eq. 4.2), with z for the confidence level and p the
    expected share (0.5 is the safe choice); for a population of N, n = n₀ ÷ (1 + (n₀ − 1) ÷ N)
    (eq. 4.3). Rounded up. For NPS the worst case needs about four times as many answers, since its
    variance can reach 1 on the −1..1 scale rather than 0.25.
    """
    e = _number(margin_of_error, "The margin of error", minimum=0.001, maximum=0.5)
    conf = _number(confidence, "The confidence level", minimum=0.5, maximum=0.999)
    p = _number(expected_share, "The expected share", minimum=0.0, maximum=1.0)
    if p in (0.0, 1.0):
        raise ValueError("The expected share must be between 0 and 1 (not exactly 0 or 1); use 0.5 if unsure.")
    z = statistics.NormalDist().inv_cdf(0.5 + conf / 2)
    n0 = z * z * p * (1 - p) / (e * e)
    steps = [f"z for {_fmt(100 * conf, 1)}% confidence = {z:.3f}.",
             f"n₀ = z² × p × (1 − p) ÷ e² = {z:.3f}² × {_fmt(p, 2)} × {_fmt(1 - p, 2)} ÷ {_fmt(e, 3)}² = {n0:,.1f}."]
    n = n0
    if population is not None:
        pop = _count(population, "The population size", positive=True)
        n = n0 / (1 + (n0 - 1) / pop)
        steps.append(f"For a population of {pop:,}: n = n₀ ÷ (1 + (n₀ − 1) ÷ N) = {n0:,.1f} ÷ (1 + {n0 - 1:,.1f} ÷ "
                     f"{pop:,}) = {n:,.1f}.")
    needed = math.ceil(round(n, 9))
    steps.append(f"Round up: {needed:,} responses.")
    return MetricResult("Sample size", float(needed), "responses", tuple(steps), n=needed, parts=(("z", z),))


__all__ = [
    "MetricResult", "NPSResult", "NPSComparison", "Z95", "wilson_interval", "nps_standard_error", "nps_category",
    "net_promoter_score", "net_promoter_score_from_counts", "compare_nps", "csat", "csat_from_counts",
    "customer_effort_score", "retention_rate", "churn_rate", "customer_lifetime_value", "customer_acquisition_cost",
    "ltv_to_cac_ratio", "return_on_marketing_investment", "average_order_value", "conversion_rate", "bounce_rate",
    "abandonment_rate", "time_to_conversion", "repeat_purchase_rate", "complaint_rate", "complaint_response_time",
    "complaint_resolution_time", "first_contact_resolution", "budget_percentage_of_sales",
    "budget_competitive_parity", "budget_objective_and_task", "budget_affordable", "budget_incremental",
    "budget_zero_based", "response_rate", "cost_per_response",
    "advertising_value_equivalent", "sample_size_for_margin", "format_value",
]


# -- customer satisfaction index (CIM Level 3 Customer Communications 2.5; the satisfaction index tool) ------
@dataclass(frozen=True)
class SatisfactionComparison:
    """Two importance-weighted satisfaction indices on the same attributes and weights, with each
    attribute's gap and its weighted contribution to the difference (the contributions add up to it)."""

    own: MetricResult
    competitor: MetricResult
    own_name: str
    competitor_name: str
    difference: float
    gaps: tuple[tuple[str, float, float, float, float, float], ...]
    """(attribute, importance, own score, competitor score, gap = own − competitor, contribution in index points)"""
    steps: tuple[str, ...]
    metric: str = "Difference in customer satisfaction index"
    unit: str = "points"

    @property
    def value(self) -> float:
        return self.difference

    @property
    def display(self) -> str:
        return format_value(self.difference, self.unit)


def _csi_scale(low: object, high: object) -> tuple[float, float]:
    lo = _number(low, "The bottom of the scale", minimum=None)
    hi = _number(high, "The top of the scale", minimum=None)
    if hi <= lo:
        raise ValueError(f"The top of the scale ({_fmt(hi, 2)}) must be more than the bottom ({_fmt(lo, 2)}).")
    return lo, hi


def _csi_scores(values: object, label: str) -> dict[str, float]:
    """Attribute → number from a mapping; names stripped, none blank or repeated, every value a number."""
    if not isinstance(values, Mapping):
        raise ValueError(f"{label}: give a score for each attribute, as attribute and score pairs.")
    if not values:
        raise ValueError(f"{label}: there are no attributes. Add at least one attribute with its score.")
    out: dict[str, float] = {}
    for name, value in values.items():
        key = str(name).strip() if name is not None else ""
        if not key:
            raise ValueError(f"{label}: one attribute has no name. Give every attribute a name.")
        if key in out:
            raise ValueError(f"{label}: “{key[:40]}” appears twice. Give each attribute once.")
        if not _is_number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
            raise ValueError(f"{label}: the score for “{key[:40]}” is {_shown(value)}, which is not a number.")
        if abs(float(value)) > MAX_AMOUNT:  # type: ignore[arg-type]
            raise ValueError(f"{label}: the score for “{key[:40]}” is too large to be realistic.")
        out[key] = float(value)  # type: ignore[arg-type]
    return out


def _csi_inputs(importance: object, satisfaction: object, low: object, high: object, who: str = ""):
    lo, hi = _csi_scale(low, high)
    weights = _csi_scores(importance, "Importance")
    scores = _csi_scores(satisfaction, f"Satisfaction{' for ' + who if who else ''}")
    missing = [a for a in weights if a not in scores]
    extra = [a for a in scores if a not in weights]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"no satisfaction score for {', '.join('“' + a[:40] + '”' for a in missing[:5])}")
        if extra:
            parts.append(f"no importance for {', '.join('“' + a[:40] + '”' for a in extra[:5])}")
        raise ValueError("The attributes do not match: there is " + " and ".join(parts)
                         + ". Give every attribute both an importance and a satisfaction score.")
    for name, w in weights.items():
        if w < 0:
            raise ValueError(f"The importance of “{name[:40]}” is {_fmt(w, 2)}: importance cannot be negative.")
    if sum(weights.values()) <= 0:
        raise ValueError("Every importance is 0, so there is nothing to weight by: give at least one attribute an "
                         "importance above 0.")
    for name, s in scores.items():
        if not lo <= s <= hi:
            raise ValueError(f"The satisfaction score for “{name[:40]}”{' (' + who + ')' if who else ''} is "
                             f"{_n(s)}, outside the scale: scores must be from {_n(lo)} to {_n(hi)}.")
    return weights, scores, lo, hi


def _n(x: float) -> str:
    """A score or weight as typed: up to four decimals, no trailing zeros."""
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def customer_satisfaction_index(importance: Mapping[str, float], satisfaction: Mapping[str, float], *,
                                low: float = 1, high: float = 10) -> MetricResult:
    """An importance-weighted customer satisfaction index from 0 to 100.

    ``importance`` and ``satisfaction`` map each attribute (e.g. "Freshness") to a score; both must name
    the same attributes. Satisfaction scores are on the scale ``low`` to ``high`` (1 to 10 by default);
    importance scores are weights (0 or more, not all 0; often on the same scale).

    weighted mean = Σ(wᵢ × sᵢ) ÷ Σwᵢ;  index = (weighted mean − low) ÷ (high − low) × 100.

    Source: importance-weighted satisfaction indices as described by N. Hill and J. Alexander (2006)
    *The Handbook of Customer Satisfaction and Loyalty Measurement*, 3rd edn, Gower: each attribute's
    satisfaction score is weighted by how important customers say it is. Rescaling the weighted mean to
    0–100 in this way is this course's convention: 0 means every attribute scored at the bottom of the
    scale, 100 every attribute at the top, whatever the scale. The working shows each step.
    """
    weights, scores, lo, hi = _csi_inputs(importance, satisfaction, low, high)
    total_w = sum(weights.values())
    products = {a: weights[a] * scores[a] for a in weights}
    total_p = sum(products.values())
    mean = total_p / total_w
    index = (mean - lo) / (hi - lo) * 100
    steps = ["Multiply each attribute's importance by its satisfaction score: "
             + "; ".join(f"{a}: {_n(weights[a])} × {_n(scores[a])} = {products[a]:,.2f}" for a in weights) + ".",
             f"Add the products: {' + '.join(f'{p:,.2f}' for p in products.values())} = {total_p:,.2f}.",
             f"Add the importance weights: {' + '.join(_n(w) for w in weights.values())} = {_n(total_w)}.",
             f"Weighted mean satisfaction = {total_p:,.2f} ÷ {_n(total_w)} = {mean:.4f} (on the {_n(lo)} to {_n(hi)} "
             f"scale).",
             f"Index = (weighted mean − {_n(lo)}) ÷ ({_n(hi)} − {_n(lo)}) × 100 = ({mean:.4f} − {_n(lo)}) ÷ "
             f"{_n(hi - lo)} × 100 = {index:.2f} out of 100."]
    return MetricResult("Customer satisfaction index", index, "out of 100", tuple(steps), n=len(weights),
                        parts=(("sum_of_products", total_p), ("sum_of_weights", total_w), ("weighted_mean", mean)),
                        note="0 = every attribute at the bottom of the scale; 100 = every attribute at the top.")


def compare_satisfaction_index(importance: Mapping[str, float], own: Mapping[str, float],
                               competitor: Mapping[str, float], *, low: float = 1, high: float = 10,
                               own_name: str = "Your organisation",
                               competitor_name: str = "Competitor") -> SatisfactionComparison:
    """Both indices (:func:`customer_satisfaction_index`, same weights), each attribute's gap (own −
    competitor) and its weighted contribution to the difference in index points:
    contributionᵢ = wᵢ × (ownᵢ − competitorᵢ) ÷ Σw ÷ (high − low) × 100; the contributions add up to
    the difference between the two indices."""
    own_name = str(own_name or "").strip() or "Your organisation"
    competitor_name = str(competitor_name or "").strip() or "Competitor"
    weights, own_scores, lo, hi = _csi_inputs(importance, own, low, high, own_name)
    _, comp_scores, _, _ = _csi_inputs(importance, competitor, low, high, competitor_name)
    a = customer_satisfaction_index(weights, own_scores, low=lo, high=hi)
    b = customer_satisfaction_index(weights, comp_scores, low=lo, high=hi)
    total_w = sum(weights.values())
    gaps = tuple((name, weights[name], own_scores[name], comp_scores[name], own_scores[name] - comp_scores[name],
                  weights[name] * (own_scores[name] - comp_scores[name]) / total_w / (hi - lo) * 100)
                 for name in weights)
    difference = a.value - b.value
    steps = [f"{own_name}: index {a.value:.2f}. {competitor_name}: index {b.value:.2f}.",
             f"Difference = {a.value:.2f} − {b.value:.2f} = {difference:+.2f} points.",
             "Each attribute's share of the difference = importance × (own score − competitor's score) ÷ "
             f"{_n(total_w)} ÷ {_n(hi - lo)} × 100: "
             + "; ".join(f"{g[0]}: {_n(g[1])} × ({_n(g[2])} − {_n(g[3])}) → {g[5]:+.2f}" for g in gaps) + "."]
    best = max(gaps, key=lambda g: g[5])
    worst = min(gaps, key=lambda g: g[5])
    if best[5] > 0:
        steps.append(f"{best[0]} does most for {own_name} ({best[5]:+.2f} points).")
    if worst[5] < 0:
        steps.append(f"{worst[0]} costs {own_name} most ({worst[5]:+.2f} points).")
    return SatisfactionComparison(a, b, own_name, competitor_name, difference, gaps, tuple(steps))


__all__ += ["SatisfactionComparison", "customer_satisfaction_index", "compare_satisfaction_index"]


# -- marketing attribution and SERVQUAL (CIM Level 6 Customer Journey Optimisation 1.3 and 2.1) ----------------
ATTRIBUTION_MODELS = {
    "first_touch": "First touch",
    "last_touch": "Last touch",
    "linear": "Linear",
    "position_based": "Position-based (40/20/40)",
    "time_decay": "Time decay",
}
"""The attribution models :func:`attribute_conversions` knows: key → name for a learner."""
ATTRIBUTION_RULES = {
    "first_touch": "all of a path's conversions go to its first touch",
    "last_touch": "all of a path's conversions go to its last touch",
    "linear": "a path's conversions are shared equally by its touches",
    "position_based": ("40 % to the first touch, 40 % to the last and 20 % shared equally by the touches between "
                       "(a one-touch path gives its touch everything, a two-touch path 50/50)"),
    "time_decay": ("a touch k touches before the last gets weight 2^(−k ÷ half-life), and the weights of a path are "
                   "scaled to add up to 1"),
}
MAX_TOUCHES_PER_PATH = 1000
"""Longer paths are almost certainly a data error (a session log pasted as one path)."""


@dataclass(frozen=True)
class AttributionResult:
    """Conversions credited to channels by one attribution model, with the working.

    ``credits`` holds (channel, credited conversions) in the order the channels are first met;
    :attr:`by_channel` is the same as a dict. The credits add up to ``total_conversions``.
    """

    model: str
    model_name: str
    credits: tuple[tuple[str, float], ...]
    total_conversions: float
    paths: int
    touches: int
    steps: tuple[str, ...]
    half_life: float | None = None
    metric: str = "Attributed conversions"
    unit: str = "conversions"

    @property
    def by_channel(self) -> dict[str, float]:
        return dict(self.credits)

    @property
    def value(self) -> float:
        return self.total_conversions

    def share(self, channel: str) -> float:
        """The channel's share of all credited conversions, in % (0 for a channel it never met)."""
        if self.total_conversions == 0:
            return 0.0
        return self.by_channel.get(channel, 0.0) / self.total_conversions * 100

    @property
    def display(self) -> str:
        return f"{_fmt(self.total_conversions, 2)} conversions"


def _attribution_model(model: object) -> str:
    key = str(model).strip().lower().replace("-", "_").replace(" ", "_") if isinstance(model, str) else ""
    if key not in ATTRIBUTION_MODELS:
        raise ValueError(f"{_shown(model)} is not an attribution model this tool knows. Choose one of: "
                         + ", ".join(ATTRIBUTION_MODELS) + ".")
    return key


def attribution_weights(touches: int, model: str, half_life: float = 1.0) -> tuple[float, ...]:
    """The share of a ``touches``-long path's conversions that each touch gets, first touch first."""
    n = _count(touches, "The number of touches", positive=True)
    key = _attribution_model(model)
    if key == "first_touch":
        return (1.0,) + (0.0,) * (n - 1)
    if key == "last_touch":
        return (0.0,) * (n - 1) + (1.0,)
    if key == "linear":
        return (1.0 / n,) * n
    if key == "position_based":
        if n == 1:
            return (1.0,)
        if n == 2:
            return (0.5, 0.5)
        return (0.4,) + (0.2 / (n - 2),) * (n - 2) + (0.4,)
    h = _number(half_life, "The half-life", strictly_positive=True)
    raw = [2.0 ** (-(n - 1 - i) / h) for i in range(n)]
    total = math.fsum(raw)
    return tuple(w / total for w in raw)


def _path(item: object, i: int) -> tuple[tuple[str, ...], float]:
    if type(item) is tuple and len(item) == 2:  # the usual shape, accepted without the wordier checks below
        touchpoints, conversions = item
        if (type(touchpoints) in (list, tuple) and 0 < len(touchpoints) <= MAX_TOUCHES_PER_PATH
                and type(conversions) in (int, float) and all(type(name) is str for name in touchpoints)):
            names = tuple(name.strip() for name in touchpoints)
            value = float(conversions)
            if "" not in names and 0 <= value <= MAX_COUNT:  # False for NaN and infinity too
                return names, value
    where = f"Path {i:,}"
    if isinstance(item, (str, bytes, Mapping)) or not isinstance(item, Iterable):
        raise ValueError(f"{where} must be a pair: its touchpoints and its number of conversions "
                         f"(you gave {_shown(item)}).")
    parts = tuple(item)
    if len(parts) != 2:
        raise ValueError(f"{where} must be a pair: its touchpoints and its number of conversions "
                         f"(it has {len(parts)} parts).")
    touchpoints, conversions = parts
    if isinstance(touchpoints, (str, bytes)):
        raise ValueError(f"{where}: give its touchpoints as a list of channel names, not one piece of text "
                         f"({_shown(touchpoints)}).")
    if isinstance(touchpoints, Mapping) or not isinstance(touchpoints, Iterable):
        raise ValueError(f"{where}: its touchpoints must be a list of channel names (you gave "
                         f"{_shown(touchpoints)}).")
    if isinstance(touchpoints, (tuple, list)) and len(touchpoints) <= MAX_TOUCHES_PER_PATH and all(
            type(name) is str for name in touchpoints):  # the usual case, checked in one go
        names = [name.strip() for name in touchpoints]
        if "" in names:
            raise ValueError(f"{where}: touch {names.index('') + 1} has no channel name. Name every channel.")
    else:
        names = []
        for j, name in enumerate(touchpoints, start=1):
            if not isinstance(name, str):
                raise ValueError(f"{where}: touch {j} is {_shown(name)}; every touch must be a channel name "
                                 "(text).")
            if not name.strip():
                raise ValueError(f"{where}: touch {j} has no channel name. Name every channel.")
            names.append(name.strip())
            if len(names) > MAX_TOUCHES_PER_PATH:
                raise ValueError(f"{where} has more than {MAX_TOUCHES_PER_PATH:,} touches, which is not a "
                                 "realistic path: check how the data was exported.")
    if not names:
        raise ValueError(f"{where} is empty: a converting path needs at least one touch.")
    if not _is_number(conversions) or not math.isfinite(float(conversions)):  # type: ignore[arg-type]
        raise ValueError(f"{where}: its conversions must be a number (you gave {_shown(conversions)}).")
    value = float(conversions)  # type: ignore[arg-type]
    if value < 0:
        raise ValueError(f"{where} has {_n(value)} conversions: conversions cannot be negative.")
    if value > MAX_COUNT:
        raise ValueError(f"{where}: {_n(value)} conversions is too large to be realistic.")
    return tuple(names), value


def attribute_conversions(paths: Iterable[tuple[Iterable[str], float]], model: str, *,
                          half_life: float = 1) -> AttributionResult:
    """Credit the conversions of converting paths to marketing channels with one attribution model.

    ``paths`` is an iterable of ``(touchpoints, conversions)``: ``touchpoints`` the ordered channel names of
    one converting path (first touch first), ``conversions`` how many conversions (orders) it ended in (0 or
    more). A channel met twice in a path is credited twice. For a path of n touches, touch i (1 … n) gets
    the share wᵢ of the path's conversions, Σwᵢ = 1:

    * ``"first_touch"``: w₁ = 1;  ``"last_touch"``: wₙ = 1;  ``"linear"``: wᵢ = 1 ÷ n;
    * ``"position_based"``: w₁ = wₙ = 0.4 and 0.2 ÷ (n − 2) for each touch between; n = 1: w₁ = 1;
      n = 2: 0.5 and 0.5;
    * ``"time_decay"``: a touch k = n − i touches before the last has raw weight 2^(−k ÷ half_life), and
      wᵢ = rawᵢ ÷ Σraw, so with ``half_life=1`` each touch counts half as much as the one after it.

    A channel's credit = Σ over paths and touches of wᵢ × conversions; the credits add up to the total
    conversions. Source: the rule-based models as Google Analytics and Google Ads described them (Google
    Analytics Help, attribution models): first click, last click, linear, position-based (40 % / 20 % /
    40 %) and time decay. In 2023 Google withdrew first click, linear, position-based and time decay from GA4
    and Google Ads, keeping data-driven and last-click attribution; its time decay halved a touch's weight
    every 7 days, where this function counts touches (``half_life`` in touches), as issue 16 specifies. None of
    these models measures what a channel *caused*; they are conventions, and the working says so.
    """
    key = _attribution_model(model)
    h = _number(half_life, "The half-life", strictly_positive=True)
    return _credit(_attribution_paths(paths), key, h)


def compare_attribution_models(paths: Iterable[tuple[Iterable[str], float]], *, half_life: float = 1,
                               models: Iterable[str] = tuple(ATTRIBUTION_MODELS)) -> dict[str, AttributionResult]:
    """:func:`attribute_conversions` for several models on the same paths (all five by default), the paths
    checked once: model key → result, in the order given."""
    keys = [_attribution_model(m) for m in models]
    if not keys:
        raise ValueError("Choose at least one attribution model to compare.")
    h = _number(half_life, "The half-life", strictly_positive=True)
    prepared = _attribution_paths(paths)
    return {key: _credit(prepared, key, h) for key in keys}


@dataclass(frozen=True)
class _Paths:
    """Checked paths, identical ones added together, and one entry per touch in flat arrays (channel number,
    position in its path, its path's length and conversions) so that each model is a weighted count."""

    grouped: dict[tuple[str, ...], float]
    count: int
    touches: int
    total: float
    examples: tuple[tuple[tuple[str, ...], float], ...]
    channels: tuple[str, ...] = ()
    flat: tuple = ()


def _attribution_paths(paths: object) -> _Paths:
    """The checked paths, identical ones added together, with the flat per-touch arrays of :class:`_Paths`."""
    import numpy as np

    if paths is None or isinstance(paths, (str, bytes, Mapping)) or not isinstance(paths, Iterable):
        raise ValueError(f"The paths must be a list of (touchpoints, conversions) pairs (you gave {_shown(paths)}).")
    grouped: dict[tuple[str, ...], float] = {}
    count = touches = 0
    examples: list[tuple[tuple[str, ...], float]] = []
    for i, item in enumerate(paths, start=1):
        names, conversions = _path(item, i)
        grouped[names] = grouped.get(names, 0.0) + conversions
        count += 1
        touches += len(names)
        if len(examples) < 3 and conversions > 0:
            examples.append((names, conversions))
    if count == 0:
        raise ValueError("There are no paths: give at least one converting path.")
    total = math.fsum(grouped.values())
    if total == 0:
        raise ValueError("Every path has 0 conversions, so there is nothing to credit: give at least one path "
                         "with a conversion.")
    number: dict[str, int] = {}
    channel, position, length, weight = [], [], [], []
    for names, conversions in grouped.items():
        n = len(names)
        channel += [number.setdefault(name, len(number)) for name in names]
        position += range(n)
        length += [n] * n
        weight += [conversions] * n
    flat = (np.array(channel, dtype=np.intp), np.array(position, dtype=np.intp), np.array(length, dtype=np.intp),
            np.array(weight, dtype=float))
    return _Paths(grouped, count, touches, total, tuple(examples), tuple(number), flat)


def _credit(prepared: _Paths, key: str, h: float) -> AttributionResult:
    import numpy as np

    count, touches, total = prepared.count, prepared.touches, prepared.total
    channel, position, length, conversions = prepared.flat
    share = np.empty(len(position), dtype=float)
    cache: dict[int, tuple[float, ...]] = {}
    for n in np.unique(length).tolist():
        at = length == n
        cache[n] = attribution_weights(n, key, h)
        share[at] = np.asarray(cache[n])[position[at]]
    sums = np.bincount(channel, weights=share * conversions, minlength=len(prepared.channels))
    credits = tuple((name, float(value)) for name, value in zip(prepared.channels, sums, strict=True))
    for names, _conversions in prepared.examples:
        cache.setdefault(len(names), attribution_weights(len(names), key, h))
    name = ATTRIBUTION_MODELS[key]
    steps = [f"{name} model: {ATTRIBUTION_RULES[key]}"
             + (f" (half-life {_n(h)} touch{'es' if h != 1 else ''})." if key == "time_decay" else "."),
             f"{count:,} paths, {touches:,} touches, {_n(total)} conversions in all."]
    for names, conversions in prepared.examples:
        weights = cache[len(names)]
        split = "; ".join(f"{c} {w:.3f} × {_n(conversions)} = {w * conversions:.3f}"
                          for c, w in zip(names, weights, strict=True))
        steps.append(f"For example, {' > '.join(names)} ({_n(conversions)} conversion"
                     f"{'s' if conversions != 1 else ''}): {split}.")
    ranked = sorted(credits, key=lambda pair: -pair[1])
    steps.append("Add each channel's credit over all paths: "
                 + "; ".join(f"{c} {v:,.2f} ({v / total * 100:.1f}%)" for c, v in ranked) + ".")
    steps.append(f"The credits add up to {math.fsum(v for _c, v in credits):,.2f}, the {_n(total)} conversions. "
                 "The model decides the split by convention: it does not show what each channel caused.")
    return AttributionResult(key, name, credits, total, count, touches, tuple(steps),
                             half_life=h if key == "time_decay" else None)


SERVQUAL_DIMENSIONS = ("Reliability", "Assurance", "Tangibles", "Empathy", "Responsiveness")
"""The five SERVQUAL dimensions (Parasuraman, Zeithaml and Berry 1988), in the RATER order."""
SERVQUAL_LOW, SERVQUAL_HIGH = 1, 7


@dataclass(frozen=True)
class ServqualResult:
    """SERVQUAL gaps (perception − expectation) by dimension and overall, with the working.

    ``dimensions`` holds (dimension, mean expectation, mean perception, gap, scores given) in the RATER
    order; ``value`` is the overall gap: the weighted one when weights were given, otherwise the plain
    mean of the five gaps (``unweighted``, always worked out).
    """

    value: float
    unweighted: float
    weighted: float | None
    dimensions: tuple[tuple[str, float, float, float, int], ...]
    weights: tuple[tuple[str, float], ...] | None
    steps: tuple[str, ...]
    metric: str = "SERVQUAL gap"
    unit: str = "points"

    @property
    def by_dimension(self) -> dict[str, float]:
        return {d: gap for d, _e, _p, gap, _n in self.dimensions}

    @property
    def expectations(self) -> dict[str, float]:
        return {d: e for d, e, _p, _gap, _n in self.dimensions}

    @property
    def perceptions(self) -> dict[str, float]:
        return {d: p for d, _e, p, _gap, _n in self.dimensions}

    @property
    def largest_gap(self) -> str:
        """The dimension furthest below expectations (the most negative gap)."""
        return min(self.dimensions, key=lambda row: row[3])[0]

    @property
    def display(self) -> str:
        return f"{_gap(self.value)} points"


def _servqual_dimension(name: object, label: str) -> str:
    key = name.strip().lower() if isinstance(name, str) else None
    for dimension in SERVQUAL_DIMENSIONS:
        if key == dimension.lower():
            return dimension
    raise ValueError(f"{label}: {_shown(name)} is not a SERVQUAL dimension. The five are "
                     + ", ".join(SERVQUAL_DIMENSIONS) + ".")


def _servqual_mean(values: object, label: str) -> tuple[float, int]:
    """Mean and count of item scores from 1 to 7 (a NumPy array or pandas Series is checked in one go)."""
    dtype = getattr(values, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", "") in "iuf" and getattr(values, "ndim", 1) == 1:
        import numpy as np

        array = np.asarray(values, dtype=float)
        if array.size == 0:
            raise ValueError(f"{label}: there are no scores. Give at least one item score.")
        bad = ~np.isfinite(array)
        if bad.any():
            raise ValueError(f"{label}: score {int(np.argmax(bad)) + 1:,} is missing or not a number. Remove or "
                             "fill blank answers first.")
        outside = (array < SERVQUAL_LOW) | (array > SERVQUAL_HIGH)
        if outside.any():
            at = int(np.argmax(outside))
            raise ValueError(f"{label}: score {at + 1:,} is {_n(float(array[at]))}, outside the scale: SERVQUAL "
                             f"scores run from {SERVQUAL_LOW} to {SERVQUAL_HIGH}.")
        return float(array.mean()), int(array.size)
    if values is None or isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise ValueError(f"{label}: give a list of item scores from {SERVQUAL_LOW} to {SERVQUAL_HIGH} "
                         f"(you gave {_shown(values)}).")
    items = list(values)
    if not items:
        raise ValueError(f"{label}: there are no scores. Give at least one item score.")
    for i, item in enumerate(items, start=1):
        if not _is_number(item) or not math.isfinite(float(item)):  # type: ignore[arg-type]
            raise ValueError(f"{label}: score {i:,} is {_shown(item)}, which is not a number.")
        if not SERVQUAL_LOW <= float(item) <= SERVQUAL_HIGH:  # type: ignore[arg-type]
            raise ValueError(f"{label}: score {i:,} is {_n(float(item))}, outside the scale: SERVQUAL scores "  # type: ignore[arg-type]
                             f"run from {SERVQUAL_LOW} to {SERVQUAL_HIGH}.")
    return math.fsum(float(x) for x in items) / len(items), len(items)  # type: ignore[arg-type]


def _servqual_side(scores: object, label: str) -> dict[str, tuple[float, int]]:
    if not isinstance(scores, Mapping):
        raise ValueError(f"{label}: give the item scores for each of the five dimensions ("
                         + ", ".join(SERVQUAL_DIMENSIONS) + ").")
    out: dict[str, tuple[float, int]] = {}
    for name, values in scores.items():
        dimension = _servqual_dimension(name, label)
        if dimension in out:
            raise ValueError(f"{label}: {dimension} is given twice. Give each dimension once.")
        out[dimension] = _servqual_mean(values, f"{label} for {dimension}")
    missing = [d for d in SERVQUAL_DIMENSIONS if d not in out]
    if missing:
        raise ValueError(f"{label}: there are no scores for {', '.join(missing)}. SERVQUAL needs all five "
                         "dimensions.")
    return out


def _servqual_weights(weights: object) -> dict[str, float]:
    if not isinstance(weights, Mapping):
        raise ValueError("The weights must give the importance points for each dimension (you gave "
                         f"{_shown(weights)}).")
    out: dict[str, float] = {}
    for name, value in weights.items():
        dimension = _servqual_dimension(name, "The weights")
        if dimension in out:
            raise ValueError(f"The weights: {dimension} is given twice. Give each dimension once.")
        if not _is_number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
            raise ValueError(f"The weight for {dimension} is {_shown(value)}, which is not a number.")
        w = float(value)  # type: ignore[arg-type]
        if w < 0:
            raise ValueError(f"The weight for {dimension} is {_n(w)}: importance points cannot be negative.")
        if w > MAX_AMOUNT:
            raise ValueError(f"The weight for {dimension} is too large to be realistic.")
        out[dimension] = w
    missing = [d for d in SERVQUAL_DIMENSIONS if d not in out]
    if missing:
        raise ValueError(f"The weights: there is no weight for {', '.join(missing)}. Give all five dimensions a "
                         "weight (0 is allowed).")
    if sum(out.values()) <= 0:
        raise ValueError("Every weight is 0, so there is nothing to weight by: give at least one dimension some "
                         "importance points.")
    return out


def _gap(x: float) -> str:
    """A gap with its sign and a true minus sign: ``+0.50``, ``−1.53``, ``0.00``."""
    text = f"{x:+.2f}"
    return "0.00" if float(text) == 0 else text.replace("-", "−")


def _term(x: float) -> str:
    """A gap inside a sum: negative ones in brackets, ``(−1.53)``."""
    text = _gap(x)
    return f"({text})" if text.startswith("−") else text.lstrip("+")


def servqual_gaps(expectations: Mapping[str, Iterable[float]], perceptions: Mapping[str, Iterable[float]],
                  weights: Mapping[str, float] | None = None) -> ServqualResult:
    """SERVQUAL gap scores by dimension and overall.

    ``expectations`` and ``perceptions`` map each of the five dimensions ``"Reliability"``,
    ``"Assurance"``, ``"Tangibles"``, ``"Empathy"`` and ``"Responsiveness"`` to item scores on the 1–7
    scale (all respondents' answers to the dimension's items, or item means). For each dimension

    gap = mean(perception scores) − mean(expectation scores)

    (negative: the service falls short of what customers expect). Overall = the mean of the five gaps, or
    with ``weights`` (importance points per dimension, e.g. a 100-point split) Σ(weight × gap) ÷ Σweights.

    Source: A. Parasuraman, V. A. Zeithaml and L. L. Berry (1988) "SERVQUAL: a multiple-item scale for
    measuring consumer perceptions of service quality", *Journal of Retailing* 64(1), 12–40 (the 22 items,
    the five dimensions and P − E scores), building on their 1985 gaps model ("A conceptual model of service
    quality and its implications for future research", *Journal of Marketing* 49(4), 41–50): this is gap 5,
    between expected and perceived service. The 100-point importance weights come from the authors' 1991
    refinement (Parasuraman, Berry and Zeithaml, "Refinement and reassessment of the SERVQUAL scale", *Journal
    of Retailing* 67(4), 420–450).
    """
    e_side = _servqual_side(expectations, "Expectations")
    p_side = _servqual_side(perceptions, "Perceptions")
    w = None if weights is None else _servqual_weights(weights)
    rows = []
    steps = []
    for d in SERVQUAL_DIMENSIONS:
        (e, ne), (p, np_) = e_side[d], p_side[d]
        rows.append((d, e, p, p - e, ne + np_))
        steps.append(f"{d}: mean perception {p:.2f} ({np_:,} score{'s' if np_ != 1 else ''}) − mean expectation "
                     f"{e:.2f} ({ne:,} score{'s' if ne != 1 else ''}) = {_gap(p - e)}.")
    gaps = [row[3] for row in rows]
    unweighted = math.fsum(gaps) / len(gaps)
    steps.append(f"Unweighted overall gap = ({' + '.join(_term(g) for g in gaps)}) ÷ 5 = {_gap(unweighted)}.")
    weighted = None
    if w is not None:
        total_w = math.fsum(w.values())
        weighted = math.fsum(w[d] * g for d, g in zip(SERVQUAL_DIMENSIONS, gaps, strict=True)) / total_w
        steps.append("Weighted overall gap = Σ(weight × gap) ÷ Σweights = ("
                     + " + ".join(f"{_n(w[d])} × {_term(g)}" for d, g in zip(SERVQUAL_DIMENSIONS, gaps, strict=True))
                     + f") ÷ {_n(total_w)} = {_gap(weighted)}.")
    worst = min(rows, key=lambda row: row[3])
    steps.append(f"The largest shortfall is {worst[0]} ({_gap(worst[3])}); a negative gap means perceptions fall "
                 "short of expectations.")
    return ServqualResult(weighted if weighted is not None else unweighted, unweighted, weighted, tuple(rows),
                          None if w is None else tuple((d, w[d]) for d in SERVQUAL_DIMENSIONS), tuple(steps))


__all__ += ["ATTRIBUTION_MODELS", "AttributionResult", "attribution_weights", "attribute_conversions",
            "compare_attribution_models",
            "SERVQUAL_DIMENSIONS", "ServqualResult", "servqual_gaps"]
