"""Framework recommender (CIM L4 Customer Experience 3.2, "Recommend customer experience management frameworks
for application to context"): a weighted decision matrix for RATER, IDIC and the three pillars.

The data file (``data/activities/<spec>/<name>.yml``) describes the frameworks with their sources, suggests
criteria, profiles the case organisation and holds one worked, reasoned scoring. The learner chooses the context
(the case or their own organisation, which they profile), names up to :data:`MAX_CRITERIA` criteria and weights
them (the weights add up to 100), and SCORES each framework from 1 to 5 on each criterion with a reason. The
model works out the weighted totals (Σ weight × score ÷ 100, so a total is on the 1–5 scale) with the working,
the ranking and a sensitivity check; the learner writes the recommendation, the case for it and against it.
:func:`checks` says what is still missing; nothing here scores or writes for the learner.

Decision — the sensitivity check. For each criterion the other weights are scaled in proportion so the total
stays 100; every framework's total is then a straight line in that criterion's weight, so the weight at which
the winner would change can be solved exactly (:func:`sensitivity`). A winner that changes within
:data:`ROBUST_POINTS` points of the weight the learner set is called sensitive to that weight.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, model_validator

from widgets.activities.common import MAX_TEXT, ActivityModel, build, load_yaml, open_saved, parse, saved_json
from widgets.exports import csv_text
from widgets.numeric import parse_number

esc = html.escape
APP = "experience-design"
KIND = "cx-framework-recommender"
MIN_CRITERIA, MAX_CRITERIA = 2, 6
LOW, HIGH = 1, 5
TOTAL_WEIGHT = 100
ROBUST_POINTS = 10
"""A winner that changes when one weight moves by this many points or fewer is sensitive to that weight."""
MIN_REASON_WORDS = 4
MIN_CASE_FOR_WORDS = 40
MIN_CASE_AGAINST_WORDS = 25
MIN_PROFILE_WORDS = 15
MAX_FILE_BYTES = 500_000
REASON_WORDS = re.compile(r"\b(because|so|therefore|which means|since|as a result|whereas|although|but|while|"
                          r"however|due to|given|as)\b", re.I)


def words(text: str) -> int:
    return len(text.split())


class Framework(ActivityModel):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1, max_length=80)
    aliases: list[str] = []
    """Other ways a learner may name it in their writing (lower case), e.g. "servqual"."""
    source: str = Field(min_length=1, max_length=400)
    summary: str = Field(min_length=1, max_length=MAX_TEXT)
    parts: list[str] = Field(min_length=1)
    strengths: list[str] = Field(min_length=1)
    limits: list[str] = Field(min_length=1)

    def named_in(self, text: str) -> bool:
        low = text.casefold()
        return any(n in low for n in (self.name.casefold(), *self.aliases))


class Criterion(ActivityModel):
    id: str = Field(pattern=r"^c[1-9]$")
    label: str = Field(title="Criterion", min_length=1, max_length=80)
    weight: float = Field(0, title="Weight", ge=0, le=TOTAL_WEIGHT)


class Score(ActivityModel):
    framework: str = Field(title="Framework", max_length=40)
    criterion: str = Field(title="Criterion", pattern=r"^c[1-9]$")
    score: int = Field(title="Score", ge=LOW, le=HIGH)
    reason: str = Field("", title="Reason", max_length=MAX_TEXT)


class RecommenderWork(ActivityModel):
    context: Literal["case", "own"] = "case"
    organisation: str = Field("", title="Your organisation", max_length=120)
    profile: str = Field("", title="Profile of your organisation", max_length=MAX_TEXT)
    criteria: list[Criterion] = Field([], max_length=MAX_CRITERIA)
    scores: list[Score] = Field([], max_length=MAX_CRITERIA * 3)
    recommendation: str = Field("", title="Framework recommended", max_length=40)
    case_for: str = Field("", title="The case for your recommendation", max_length=MAX_TEXT)
    case_against: str = Field("", title="The case against, and the runner-up", max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _consistent(self) -> RecommenderWork:
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("Two criteria share a row: each row holds one criterion.")
        labels = [c.label.casefold() for c in self.criteria]
        if len(set(labels)) != len(labels):
            raise ValueError("Two criteria have the same name: give each criterion its own name.")
        pairs = [(s.framework, s.criterion) for s in self.scores]
        if len(set(pairs)) != len(pairs):
            raise ValueError("A framework has two scores for the same criterion.")
        for s in self.scores:
            if s.criterion not in ids:
                raise ValueError("A score is for a criterion that is not in the list.")
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise ValueError("Choose one of your criteria from the list.")

    def score_for(self, framework: str, criterion_id: str) -> Score | None:
        return next((s for s in self.scores if s.framework == framework and s.criterion == criterion_id), None)


class RecommenderTask(ActivityModel):
    id: str
    title: str = Field(max_length=200)
    criteria: list[str] = []
    instructions: str = Field(max_length=MAX_TEXT)
    organisation: str = Field(max_length=120)
    case_profile: str = Field(max_length=MAX_TEXT)
    frameworks: list[Framework] = Field(min_length=2, max_length=3)
    suggested_criteria: list[Criterion] = Field(min_length=MIN_CRITERIA, max_length=MAX_CRITERIA)
    worked: RecommenderWork
    sources: list[str] = []

    @model_validator(mode="after")
    def _known(self) -> RecommenderTask:
        ids = [f.id for f in self.frameworks]
        if len(set(ids)) != len(ids):
            raise ValueError("two frameworks have the same id")
        check_work(self, self.worked)
        return self

    def framework(self, framework_id: str) -> Framework:
        for f in self.frameworks:
            if f.id == framework_id:
                return f
        raise ValueError(f"“{str(framework_id)[:40]}” is not one of the frameworks: choose from the list.")


def load_recommender_task(spec_id: str, name: str) -> RecommenderTask:
    return parse(RecommenderTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def check_work(task: RecommenderTask, work: RecommenderWork) -> RecommenderWork:
    for s in work.scores:
        task.framework(s.framework)
    if work.recommendation:
        task.framework(work.recommendation)
    return work


def blank_work(task: RecommenderTask) -> RecommenderWork:
    """The suggested criteria with no weights and no scores: the learner sets every number."""
    return build(RecommenderWork, criteria=[{**c.model_dump(), "weight": 0} for c in task.suggested_criteria])


def _copy(work: RecommenderWork, **changes: object) -> RecommenderWork:
    return build(RecommenderWork, **{**work.model_dump(), **changes})


# -- changing the work (each returns a new, checked RecommenderWork) ------------------------------------------------
def with_context(work: RecommenderWork, context: str, organisation: str = "", profile: str = "") -> RecommenderWork:
    if context not in ("case", "own"):
        raise ValueError("Choose the context: the case organisation or your own organisation.")
    return _copy(work, context=context, organisation=(organisation or "").strip(), profile=(profile or "").strip())


def parse_weight(text: str, label: str) -> float:
    raw = (text or "").strip()
    if not raw:
        return 0.0
    try:
        value = parse_number(raw.removesuffix("%").strip())
    except ValueError:
        raise ValueError(f"The weight of “{label[:40]}” (“{raw[:20]}”) is not a number: give points from 0 to "
                         f"{TOTAL_WEIGHT}, for example 25.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"The weight of “{label[:40]}” is not a number.")
    if value < 0:
        raise ValueError(f"The weight of “{label[:40]}” is negative ({value:g}): weights are from 0 to "
                         f"{TOTAL_WEIGHT} points.")
    if value > TOTAL_WEIGHT:
        raise ValueError(f"The weight of “{label[:40]}” is {value:g}, more than all {TOTAL_WEIGHT} points.")
    return float(value)


def with_criteria(work: RecommenderWork, rows: list[tuple[str, str]]) -> tuple[RecommenderWork, int]:
    """The work with its criteria from the form's rows (label, weight text; row ``n`` is criterion ``c<n>``;
    blank rows skipped) and the number of scores dropped because their criterion was removed."""
    if len(rows) > MAX_CRITERIA:
        raise ValueError(f"Use at most {MAX_CRITERIA} criteria, so each one carries real weight.")
    criteria = []
    for n, (label, weight) in enumerate(rows, start=1):
        label = (label or "").strip()
        if not label:
            if (weight or "").strip() not in ("", "0"):
                raise ValueError(f"Row {n} has a weight but no criterion: name the criterion or clear the weight.")
            continue
        if len(label) > 80:
            raise ValueError(f"Row {n}: please keep the criterion under 80 characters.")
        criteria.append({"id": f"c{n}", "label": label, "weight": parse_weight(weight, label)})
    if len(criteria) < MIN_CRITERIA:
        raise ValueError(f"Name at least {MIN_CRITERIA} criteria: a choice on one criterion alone is not a "
                         "weighed judgement.")
    ids = {c["id"] for c in criteria}
    kept = [s.model_dump() for s in work.scores if s.criterion in ids]
    return _copy(work, criteria=criteria, scores=kept), len(work.scores) - len(kept)


def parse_score(text: str) -> int:
    raw = (text or "").strip()
    if not raw:
        raise ValueError(f"Give a score from {LOW} to {HIGH}.")
    try:
        value = parse_number(raw)
    except ValueError:
        raise ValueError(f"“{raw[:20]}” is not a score: give a whole number from {LOW} (fits poorly) to {HIGH} "
                         "(fits very well).") from None
    if value != int(value):
        raise ValueError(f"{value:g} is not a whole number: give a score from {LOW} to {HIGH}.")
    if not LOW <= value <= HIGH:
        raise ValueError(f"{value:g} is outside the scale: give a score from {LOW} to {HIGH}.")
    return int(value)


def with_score(task: RecommenderTask, work: RecommenderWork, framework: str, criterion_id: str, score: str,
               reason: str) -> RecommenderWork:
    task.framework(framework)
    work.criterion(criterion_id)
    value = parse_score(score)
    text = (reason or "").strip()
    if not text:
        raise ValueError("Give a reason for the score: what about this framework and this context earns it?")
    if len(text) > MAX_TEXT:
        raise ValueError(f"Please keep the reason under {MAX_TEXT} characters (it has {len(text):,}).")
    rows = [s.model_dump() for s in work.scores if not (s.framework == framework and s.criterion == criterion_id)]
    rows.append({"framework": framework, "criterion": criterion_id, "score": value, "reason": text})
    order = {f.id: k for k, f in enumerate(task.frameworks)}
    rows.sort(key=lambda r: (order[r["framework"]], r["criterion"]))
    return _copy(work, scores=rows)


def with_recommendation(task: RecommenderTask, work: RecommenderWork, framework: str, case_for: str,
                        case_against: str) -> RecommenderWork:
    if framework:
        task.framework(framework)
    return _copy(work, recommendation=framework or "", case_for=(case_for or "").strip(),
                 case_against=(case_against or "").strip())


# -- the sums -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Total:
    framework: str
    name: str
    total: float
    working: str


@dataclass(frozen=True)
class Result:
    totals: tuple[Total, ...]
    """In the order of the data file."""
    ranking: tuple[Total, ...]
    """Highest first; equal totals keep the data file's order."""
    tie: bool

    @property
    def winner(self) -> Total:
        return self.ranking[0]

    @property
    def runner_up(self) -> Total:
        return self.ranking[1]


def _n(x: float) -> str:
    return f"{x:g}"


def weights_problem(work: RecommenderWork) -> str:
    total = sum(c.weight for c in work.criteria)
    if abs(total - TOTAL_WEIGHT) > 1e-9:
        return (f"The weights add up to {_n(round(total, 6))}, not {TOTAL_WEIGHT}: change them so they add up to "
                f"{TOTAL_WEIGHT}.")
    return ""


def missing_scores(task: RecommenderTask, work: RecommenderWork) -> list[str]:
    return [f"{f.name} on “{c.label}”" for f in task.frameworks for c in work.criteria
            if work.score_for(f.id, c.id) is None]


def totals(task: RecommenderTask, work: RecommenderWork) -> Result:
    """Each framework's weighted total Σ(weight × score) ÷ 100 with its working, and the ranking; a
    ``ValueError`` if the weights do not add up to 100 or a score is missing."""
    problem = weights_problem(work)
    if problem:
        raise ValueError(problem)
    missing = missing_scores(task, work)
    if missing:
        shown = "; ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise ValueError(f"Score every framework on every criterion first: still to score {shown}.")
    rows = []
    for f in task.frameworks:
        parts = [(c.weight, work.score_for(f.id, c.id).score) for c in work.criteria]  # type: ignore[union-attr]
        value = sum(wt * s for wt, s in parts) / TOTAL_WEIGHT
        working = (f"{f.name}: (" + " + ".join(f"{_n(wt)} × {s}" for wt, s in parts)
                   + f") ÷ {TOTAL_WEIGHT} = {_n(round(value * TOTAL_WEIGHT, 6))} ÷ {TOTAL_WEIGHT} = {value:.2f}")
        rows.append(Total(f.id, f.name, value, working))
    ranking = tuple(sorted(rows, key=lambda t: -round(t.total, 9)))
    return Result(tuple(rows), ranking, abs(ranking[0].total - ranking[1].total) < 1e-9)


@dataclass(frozen=True)
class Sensitivity:
    criterion: str
    weight: float
    change_at: float | None
    """The weight of this criterion at which another framework would draw level with the winner, nearest to the
    weight set (``None``: no weight from 0 to 100 changes the winner)."""
    new_winner: str

    @property
    def sensitive(self) -> bool:
        return self.change_at is not None and abs(self.change_at - self.weight) <= ROBUST_POINTS

    def sentence(self, winner: str) -> str:
        if self.change_at is None:
            return (f"“{self.criterion}” (weight {_n(self.weight)}): {winner} stays the winner at any weight from 0 "
                    f"to {TOTAL_WEIGHT}.")
        way = "rose" if self.change_at > self.weight else "fell"
        flag = " Sensitive: a small change would alter the recommendation." if self.sensitive else ""
        return (f"“{self.criterion}” (weight {_n(self.weight)}): {self.new_winner} would draw level with {winner} if "
                f"this weight {way} to {self.change_at:.1f} (the other weights scaled to keep {TOTAL_WEIGHT}).{flag}")


def sensitivity(task: RecommenderTask, work: RecommenderWork, result: Result | None = None) -> list[Sensitivity]:
    """For each criterion, the weight at which the winner would change when the other weights are scaled in
    proportion (see the module docstring)."""
    result = result or totals(task, work)
    win = result.winner.framework
    out = []
    for c in work.criteria:
        rest = TOTAL_WEIGHT - c.weight
        best: tuple[float, str] | None = None
        if rest > 1e-9:
            def line(fid: str, c=c, rest=rest) -> tuple[float, float]:
                own = work.score_for(fid, c.id).score  # type: ignore[union-attr]
                other = sum(o.weight * work.score_for(fid, o.id).score  # type: ignore[union-attr]
                            for o in work.criteria if o.id != c.id) / rest
                return own, other  # total(x) = (x × own + (100 − x) × other) ÷ 100

            a_w, b_w = line(win)
            for f in task.frameworks:
                if f.id == win:
                    continue
                a_g, b_g = line(f.id)
                slope = (a_w - b_w) - (a_g - b_g)
                if abs(slope) < 1e-12:
                    continue
                x = TOTAL_WEIGHT * (b_g - b_w) / slope
                if -1e-9 <= x <= TOTAL_WEIGHT + 1e-9 and (best is None or abs(x - c.weight) < abs(best[0] - c.weight)):
                    best = (max(0.0, min(float(TOTAL_WEIGHT), x)), f.name)
        out.append(Sensitivity(c.label, c.weight, None if best is None else best[0], "" if best is None else best[1]))
    return out


def sensitivity_summary(rows: list[Sensitivity], result: Result) -> str:
    sensitive = [r.criterion for r in rows if r.sensitive]
    if not sensitive:
        return (f"Robust: moving any one weight by {ROBUST_POINTS} points or fewer does not change the winner "
                f"({result.winner.name}).")
    return (f"Sensitive: a change of {ROBUST_POINTS} points or fewer in the weight of "
            + ", ".join(f"“{s}”" for s in sensitive) + f" would change the winner ({result.winner.name}). Say in "
            "your justification why your weight is right.")


# -- checks (completeness, not marks) -------------------------------------------------------------------------------
def checks(task: RecommenderTask, work: RecommenderWork) -> list[str]:
    """Everything the work still needs, as sentences; empty when it is complete. A tutor judges the quality."""
    out = []
    if work.context == "own":
        if not work.organisation.strip():
            out.append("Name your organisation.")
        if words(work.profile) < MIN_PROFILE_WORDS:
            out.append(f"Profile your organisation in at least {MIN_PROFILE_WORDS} words (size, customers, data and "
                       f"CRM, culture): it has {words(work.profile)}.")
    problem = weights_problem(work)
    if problem:
        out.append(problem)
    for c in work.criteria:
        if c.weight == 0:
            out.append(f"“{c.label}” has a weight of 0, so it plays no part: give it a weight or remove it.")
    missing = missing_scores(task, work)
    if missing:
        out.append(f"{len(missing)} score(s) still to give: " + "; ".join(missing[:4]) + ("…" if len(missing) > 4
                                                                                        else "."))
    for s in work.scores:
        if words(s.reason) < MIN_REASON_WORDS:
            out.append(f"The score for {task.framework(s.framework).name} on “{work.criterion(s.criterion).label}” "
                       f"needs a reason of at least {MIN_REASON_WORDS} words.")
    if not work.recommendation:
        out.append("Choose the framework you recommend.")
        return out
    chosen = task.framework(work.recommendation)
    if words(work.case_for) < MIN_CASE_FOR_WORDS:
        out.append(f"The case for {chosen.name} has {words(work.case_for)} words; justify it in at least "
                   f"{MIN_CASE_FOR_WORDS} (what it offers this context, with reasons).")
    elif not chosen.named_in(work.case_for):
        out.append(f"The case for your recommendation does not name {chosen.name}: say which framework you justify.")
    elif not REASON_WORDS.search(work.case_for):
        out.append("The case for your recommendation gives no reasons (because…, so…, which means…).")
    if words(work.case_against) < MIN_CASE_AGAINST_WORDS:
        out.append(f"The case against has {words(work.case_against)} words; give its limits and what the runner-up "
                   f"offers in at least {MIN_CASE_AGAINST_WORDS}.")
    if not problem and not missing:
        result = totals(task, work)
        other = result.runner_up if result.winner.framework == chosen.id else result.winner
        text = f"{work.case_for} {work.case_against}"
        if not task.framework(other.framework).named_in(text):
            what = "the runner-up" if other is result.runner_up else "the framework that scored highest"
            out.append(f"Address {what}, {other.name}: say why you prefer {chosen.name} to it.")
        if result.winner.framework != chosen.id:
            out.append(f"Your scores put {result.winner.name} first, but you recommend {chosen.name}: that can be "
                       "right, but explain why the scores do not tell the whole story.")
    return out


# -- saving, exports and HTML ---------------------------------------------------------------------------------------
def to_json(work: RecommenderWork, task: str = "cx-frameworks") -> str:
    return saved_json(KIND, task, work)


def from_json(content: bytes | str, task: RecommenderTask | None = None) -> RecommenderWork:
    work = open_saved(RecommenderWork, content, KIND, "a saved framework comparison")
    if task is not None:
        try:
            check_work(task, work)
        except ValueError as exc:
            raise ValueError(f"This file cannot be opened: {exc}") from None
    return work


def frameworks_html(task: RecommenderTask) -> str:
    def ul(items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"

    return "".join(f"<details><summary>{esc(f.name)}</summary><p>{esc(f.summary)}</p>{ul(f.parts)}"
                   f"<p><strong>Strengths:</strong></p>{ul(f.strengths)}<p><strong>Limits:</strong></p>"
                   f"{ul(f.limits)}<p class='cx-hint'>Source: {esc(f.source)}</p></details>" for f in task.frameworks)


def matrix_html(task: RecommenderTask, work: RecommenderWork, result: Result | None = None) -> str:
    """Criteria (rows, with weights) × frameworks (columns): each cell the score and its reason."""
    if not work.criteria:
        return "<p class='cx-hint'>No criteria yet.</p>"
    head = "".join(f"<th scope='col'>{esc(f.name)}</th>" for f in task.frameworks)
    body = ""
    for c in work.criteria:
        cells = ""
        for f in task.frameworks:
            s = work.score_for(f.id, c.id)
            cells += (f"<td><strong>{s.score}</strong> {esc(s.reason)}</td>" if s else "<td><em>not scored</em></td>")
        body += f"<tr><th scope='row'>{esc(c.label)} (weight {_n(c.weight)})</th>{cells}</tr>"
    if result is not None:
        body += ("<tr><th scope='row'>Weighted total (1–5)</th>"
                 + "".join(f"<td><strong>{t.total:.2f}</strong></td>" for t in result.totals) + "</tr>")
    return (f"<div class='cx-table-scroll' role='region' aria-label='Decision matrix' tabindex='0'>"
            f"<table class='cx-activity-table'><caption>Decision matrix: scores 1 (fits poorly) to 5 (fits very "
            f"well), with reasons</caption><thead><tr><th scope='col'>Criterion</th>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def working_html(task: RecommenderTask, work: RecommenderWork, result: Result) -> str:
    rows = sensitivity(task, work, result)
    steps = "".join(f"<li>{esc(t.working)}</li>" for t in result.totals)
    ranking = ", ".join(f"{k}. {esc(t.name)} {t.total:.2f}" for k, t in enumerate(result.ranking, start=1))
    tie = " Two frameworks are level: the scores alone do not decide." if result.tie else ""
    sens = "".join(f"<li>{esc(r.sentence(result.winner.name))}</li>" for r in rows)
    return (f"<h4>Weighted totals: the working</h4><ol>{steps}</ol><p><strong>Ranking:</strong> {ranking}.{tie}</p>"
            f"<h4>Sensitivity check</h4><p>{esc(sensitivity_summary(rows, result))}</p><ul>{sens}</ul>")


def totals_chart(result: Result):
    from widgets.charts import PALETTE, AccessibleChart, import_altair

    alt = import_altair()
    rows = [{"Framework": t.name, "Total": round(t.total, 2), "Label": f"{t.total:.2f}"} for t in result.ranking]
    base = alt.Chart(alt.Data(values=rows))
    order = [r["Framework"] for r in rows]
    bars = base.mark_bar(color=PALETTE[0]).encode(
        y=alt.Y("Framework:N", sort=order, title=None),
        x=alt.X("Total:Q", scale=alt.Scale(domain=[0, HIGH]), title="Weighted total (1 to 5)"),
        tooltip=["Framework:N", "Total:Q"])
    labels = base.mark_text(align="left", dx=4, color="#1a1a1a").encode(
        y=alt.Y("Framework:N", sort=order), x="Total:Q", text="Label:N")
    chart = (bars + labels).properties(width=420, height=alt.Step(34), title="Weighted totals by framework")
    description = ("Bar chart of each framework's weighted total on a 1 to 5 scale, highest first: "
                   + "; ".join(f"{r['Framework']} {r['Label']}" for r in rows) + ".")
    return AccessibleChart(chart, description)


def to_csv(task: RecommenderTask, work: RecommenderWork) -> str:
    rows: list[list[object]] = []
    for c in work.criteria:
        for f in task.frameworks:
            s = work.score_for(f.id, c.id)
            rows.append([c.label, c.weight, f.name, s.score if s else "", s.reason if s else ""])
    if not weights_problem(work) and not missing_scores(task, work):
        rows += [["Weighted total", TOTAL_WEIGHT, t.name, round(t.total, 3), t.working]
                 for t in totals(task, work).totals]
    rows.append(["Recommendation", "", task.framework(work.recommendation).name if work.recommendation else "",
                 "", work.case_for])
    rows.append(["Case against", "", "", "", work.case_against])
    return csv_text(rows, header=["Criterion", "Weight", "Framework", "Score", "Reason"])


def context_name(task: RecommenderTask, work: RecommenderWork) -> str:
    return task.organisation if work.context == "case" else (work.organisation.strip() or "your organisation")


def recommendation_html(task: RecommenderTask, work: RecommenderWork) -> str:
    name = task.framework(work.recommendation).name if work.recommendation else "not chosen yet"
    case_for = esc(work.case_for) if work.case_for else "<em>not written yet</em>"
    against = esc(work.case_against) if work.case_against else "<em>not written yet</em>"
    return (f"<p><strong>Recommended:</strong> {esc(name)}</p><p><strong>The case for:</strong> {case_for}</p>"
            f"<p><strong>The case against, and the runner-up:</strong> {against}</p>")


def checks_html(notes: list[str]) -> str:
    if not notes:
        return ("<p class='cx-ok'>Complete: the weights add up to 100, every score has a reason, and the "
                "recommendation names its framework and addresses the alternative. Your tutor judges how good "
                "the reasoning is.</p>")
    return "<p>Still to do:</p><ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>"


def _result_or_note(task: RecommenderTask, work: RecommenderWork) -> tuple[Result | None, str]:
    try:
        return totals(task, work), ""
    except ValueError as exc:
        return None, f"<p class='cx-hint'>{esc(str(exc))}</p>"


def document_html(task: RecommenderTask, work: RecommenderWork) -> str:
    from widgets.activities.cx_model import html_document

    result, note = _result_or_note(task, work)
    profile = f"<p>{esc(work.profile)}</p>" if work.context == "own" else f"<p>{esc(task.case_profile)}</p>"
    body = profile + matrix_html(task, work, result)
    if result is not None:
        body += f"<p>{esc(totals_chart(result).description)}</p>{working_html(task, work, result)}"
    body += (f"{note}<h2>Recommendation</h2>{recommendation_html(task, work)}<h2>Completeness check</h2>"
             f"{checks_html(checks(task, work))}")
    return html_document(f"Customer experience framework recommendation: {context_name(task, work)}", body)


def recommender_html(task: RecommenderTask, live_link: str = "") -> str:
    """The book's form: the frameworks, the case profile and the worked scoring with its working, chart,
    sensitivity check and recommendation."""
    worked = task.worked
    result = totals(task, worked)
    return (f"<div class='cx-activity cx-framework-recommender'><h3 class='cx-activity-title'>{esc(task.title)}</h3>"
            f"<p>{esc(task.instructions)}</p><h4>The three frameworks</h4>{frameworks_html(task)}"
            f"<h4>Worked example: {esc(task.organisation)}</h4><p>{esc(task.case_profile)}</p>"
            f"{matrix_html(task, worked, result)}{totals_chart(result).to_html()}{working_html(task, worked, result)}"
            f"<h4>The recommendation</h4>{recommendation_html(task, worked)}{live_link}</div>")
