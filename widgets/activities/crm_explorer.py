"""CRM explorer (BTEC HN Unit 16, LO3: P5, M3, D3): segment a guest database, plan a retention and an
acquisition campaign, see which type of CRM does each step, and evaluate a CRM system against criteria.

* **Segmenting.** Filters are rules on the guest data (:class:`~widgets.activities.guest_profiles.GuestRules`),
  including three bands worked out in the open from the data file's thresholds (:class:`BandSet`): recency
  (days from the last stay to the export date), frequency (stays in 24 months) and spend (24 months), an
  RFM-style scoring. :func:`band_table_html` shows each band's rule and how many guests are in it.
* **Campaigns.** Each has an audience (rules), an objective, a channel, an offer and a measure, all required.
  A channel that needs consent (e-mail, text, app messages, and sharing a list with an advertising platform)
  reaches only guests who agreed to marketing: :meth:`CrmTask.audience` counts them and says why (UK GDPR
  and PECR), and a plan that would e-mail only guests who did not agree is refused.
* **CRM types.** :meth:`CrmTask.steps` names, for each step of a campaign, the type of CRM doing the work:
  operational, analytical or collaborative (from the data file).
* **Evaluating a system.** Criteria with weights; the learner scores each 1 to 5 *with a reason* (a score
  without one is refused); the weighted score = Σ(weight × score) ÷ Σ weights over the scored criteria.

Saves as JSON (``kind``, ``schema_version``) and reopens through :meth:`CrmTask.from_json`.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, PrivateAttr, ValidationError, model_validator

from widgets.activities.common import MAX_TEXT, ActivityModel, Rule, friendly, load_yaml, open_saved, parse, saved_json
from widgets.activities.guest_profiles import (
    MAX_RULES,
    SCHEMA_VERSION,
    GuestFigures,
    GuestRules,
    figures_table,
    guest_figures,
    html_page,
)
from widgets.exports import csv_text
from widgets.numeric import parse_number

KIND = "hn-crm-plan"
CampaignKind = Literal["retention", "acquisition"]
CrmType = Literal["operational", "analytical", "collaborative"]
TEXTS = ("objective", "offer", "measure")
esc = html.escape


# -- the data file ------------------------------------------------------------------------------------------------
class Band(ActivityModel):
    label: str
    up_to: float | None = None  # the highest value in the band; None for the last band


class BandSet(ActivityModel):
    column: str = Field(pattern=r"^[a-z_]+$")
    source: str
    label: str
    explanation: str
    bands: list[Band] = Field(min_length=2)


class CrmTypeInfo(ActivityModel):
    id: CrmType
    label: str
    explanation: str


class Channel(ActivityModel):
    id: str
    label: str
    kinds: list[CampaignKind]
    crm_type: CrmType
    needs_consent: bool
    explanation: str


class Step(ActivityModel):
    label: str
    crm_type: CrmType
    explanation: str
    when: Literal["always", "bands"] = "always"


class Criterion(ActivityModel):
    id: str
    label: str
    weight: float = Field(ge=0, le=100)
    explanation: str


# -- what a learner makes -------------------------------------------------------------------------------------------
class Campaign(ActivityModel):
    kind: CampaignKind
    name: str = Field("", title="Campaign name", max_length=80)
    rules: list[Rule] = Field([], max_length=MAX_RULES)
    objective: str = Field("", title="Objective", max_length=MAX_TEXT)
    channel: str = Field("", title="Channel", max_length=40)
    offer: str = Field("", title="Offer", max_length=MAX_TEXT)
    measure: str = Field("", title="Measure", max_length=MAX_TEXT)


class Score(ActivityModel):
    weight: float = Field(ge=0, le=100)
    score: int | None = Field(None, ge=1, le=5)
    reason: str = Field("", title="Reason", max_length=MAX_TEXT)


class CrmPlan(ActivityModel):
    organisation: str = Field("", max_length=120)
    campaigns: dict[CampaignKind, Campaign] = {}
    system: str = Field("", title="CRM system", max_length=120)
    scores: dict[str, Score] = {}
    conclusion: str = Field("", title="Your conclusion", max_length=MAX_TEXT)


@dataclass(frozen=True)
class Audience:
    figures: GuestFigures
    reachable: int
    note: str


class CrmTask(GuestRules):
    id: str
    title: str
    criteria: list[str] = []
    organisation: str
    instructions: str
    reference_date: dt.date
    consent_rule: str
    bandsets: list[BandSet]
    crm_types: list[CrmTypeInfo]
    channels: list[Channel]
    steps_list: list[Step]
    criteria_list: list[Criterion] = Field(min_length=1)
    worked_example: CrmPlan
    _frame_cache: Any = PrivateAttr(None)

    @model_validator(mode="after")
    def _consistent(self) -> CrmTask:
        self.check_columns()
        self.check_plan(self.worked_example, complete=True)
        return self

    # -- the data with the bands -----------------------------------------------------------------------------
    def frame(self):
        if self._frame_cache is None:
            import numpy as np
            import pandas as pd

            frame = super().frame().copy()
            last = pd.to_datetime(frame["last_stay_date"])
            frame["recency_days"] = (pd.Timestamp(self.reference_date) - last).dt.days
            for bs in self.bandsets:
                values, labels = frame[bs.source].to_numpy(dtype=float), np.full(len(frame), bs.bands[-1].label, object)
                for band in reversed(bs.bands[:-1]):
                    labels[values <= band.up_to] = band.label
                frame[bs.column] = labels
            self._frame_cache = frame
        return self._frame_cache

    def values(self, name: str) -> list[str]:
        for bs in self.bandsets:
            if bs.column == name:
                return [b.label for b in bs.bands]
        return super().values(name)

    def channel(self, cid: str) -> Channel:
        for ch in self.channels:
            if ch.id == cid:
                return ch
        raise ValueError("Choose a channel for the campaign from the list.")

    def crm_type(self, tid: str) -> CrmTypeInfo:
        return next(t for t in self.crm_types if t.id == tid)

    def channels_for(self, kind: str) -> list[Channel]:
        return [c for c in self.channels if kind in c.kinds]

    # -- campaigns ---------------------------------------------------------------------------------------
    def audience(self, rules: list[Rule], channel: str = "") -> Audience:
        """The guests the rules pick out and how many the channel may reach (consent); ``ValueError`` when none."""
        for rule in rules:
            self.check_rule(rule)
        frame, mask = self.frame(), self.mask(rules)
        figures = guest_figures(frame, mask)
        if not channel:
            return Audience(figures, figures.size, "")
        ch = self.channel(channel)
        if not ch.needs_consent:
            return Audience(figures, figures.size, f"{ch.label} sends these guests no electronic marketing, so their "
                                                   "consent to marketing is not needed for it.")
        consenting = int((mask & (frame["marketing_consent"] == "yes")).sum())
        if figures.size and not consenting:
            raise ValueError(f"None of the guests in this audience agreed to marketing, so {ch.label.lower()} "
                             f"cannot be used for them. {self.consent_rule} Add the rule “Agreed to marketing is "
                             "yes” or choose a channel that does not need consent.")
        left_out = figures.size - consenting
        note = (f"{ch.label} needs consent: only the {consenting:,} guests who agreed to marketing are reached"
                + (f"; {left_out:,} who did not are left out." if left_out else ".") + f" {self.consent_rule}")
        return Audience(figures, consenting, note)

    def check_campaign(self, campaign: Campaign) -> Campaign:
        what = "retention" if campaign.kind == "retention" else "acquisition"
        if not campaign.name:
            raise ValueError(f"Give the {what} campaign a name.")
        if not campaign.rules:
            raise ValueError(f"The {what} campaign has no audience yet: add at least one filter rule.")
        for fid in ("objective", "channel", "offer", "measure"):
            if not getattr(campaign, fid):
                raise ValueError(f"The {what} campaign needs {'a channel' if fid == 'channel' else 'its ' + fid}: "
                                 f"please {'choose' if fid == 'channel' else 'write'} it.")
        ch = self.channel(campaign.channel)
        if campaign.kind not in ch.kinds:
            raise ValueError(f"{ch.label} is not a channel for a {what} campaign here: choose another.")
        self.audience(campaign.rules, campaign.channel)
        return campaign

    def steps(self, campaign: Campaign) -> list[tuple[str, str, str]]:
        """(step, CRM type label, what it does) for each step of the campaign."""
        banded = {bs.column for bs in self.bandsets} & {r.column for r in campaign.rules}
        out = [(s.label, self.crm_type(s.crm_type).label, s.explanation) for s in self.steps_list
               if s.when == "always" or banded]
        if campaign.channel:
            ch = self.channel(campaign.channel)
            why = ch.explanation[:1].upper() + ch.explanation[1:]
            out.insert(-1, (f"Reach the audience: {ch.label}", self.crm_type(ch.crm_type).label, why))
        return out

    # -- the evaluation ---------------------------------------------------------------------------------------
    def read_weight(self, text: str, label: str) -> float:
        return parse_number(text, f"{label}: weight", example="20", limit=100, allow_negative=False)

    def check_scores(self, plan: CrmPlan, *, complete: bool = False) -> None:
        known = {c.id: c for c in self.criteria_list}
        for cid, s in plan.scores.items():
            if cid not in known:
                raise ValueError(f"“{cid[:40]}” is not one of the criteria.")
            if s.score is not None and not s.reason:
                raise ValueError(f"{known[cid].label}: you scored it {s.score}. Give your reason: what about the "
                                 "system, or the business's experience of it, shows this?")
            if s.reason and s.score is None:
                raise ValueError(f"{known[cid].label}: you gave a reason but no score. Choose a score from 1 to 5.")
        if complete:
            missing = [c.label for c in self.criteria_list if (plan.scores.get(c.id) or Score(weight=0)).score is None]
            if missing:
                raise ValueError(f"Not scored yet: {', '.join(missing)}.")

    def weighted_score(self, plan: CrmPlan) -> float | None:
        """Σ(weight × score) ÷ Σ weights over the scored criteria (1 to 5), or ``None`` if none is scored."""
        scored = [s for s in plan.scores.values() if s.score is not None]
        total = sum(s.weight for s in scored)
        return sum(s.weight * s.score for s in scored) / total if total else None

    def check_plan(self, plan: CrmPlan, *, complete: bool = False) -> CrmPlan:
        for campaign in plan.campaigns.values():
            self.check_campaign(campaign)
        self.check_scores(plan, complete=complete)
        return plan

    def blank_scores(self) -> dict[str, Score]:
        return {c.id: Score(weight=c.weight) for c in self.criteria_list}

    # -- saving and reopening ---------------------------------------------------------------------------------
    def to_json(self, plan: CrmPlan) -> str:
        return saved_json(KIND, self.id, plan, SCHEMA_VERSION)

    def from_json(self, text: str | bytes) -> CrmPlan:
        plan = open_saved(CrmPlan, text, KIND, "a saved CRM plan", schema_version=SCHEMA_VERSION)
        return self.check_plan(plan)

    def to_csv(self, plan: CrmPlan) -> str:
        rows = []
        for c in plan.campaigns.values():
            a = self.audience(c.rules, c.channel)
            ch = self.channel(c.channel).label if c.channel else ""
            rows += [[f"{c.kind.title()} campaign", c.name, self.describe(c.rules), f"{a.figures.size} guests, "
                      f"{a.reachable} reachable", c.objective, ch, c.offer, c.measure]]
            rows += [["CRM step", step, kind, why, "", "", "", ""] for step, kind, why in self.steps(c)]
        labels = {c.id: c.label for c in self.criteria_list}
        for cid, s in plan.scores.items():
            rows.append(["Criterion", labels.get(cid, cid), f"{s.weight:g}", "" if s.score is None else s.score,
                         s.reason, "", "", ""])
        ws = self.weighted_score(plan)
        rows.append(["Weighted score", plan.system, "" if ws is None else f"{ws:.2f}", plan.conclusion, "", "", "", ""])
        return csv_text(rows, header=["Part", "Name", "Audience or weight", "Size or score", "Objective or reason",
                                      "Channel", "Offer", "Measure"])

    def document_html(self, plan: CrmPlan) -> str:
        return html_page(f"CRM plan: {plan.organisation or self.organisation}", plan_html(self, plan))


def load_crm_task(spec_id: str, name: str) -> CrmTask:
    return parse(CrmTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def new_campaign(kind: str, name: str, rules: list[Rule], channel: str, texts: dict[str, str]) -> Campaign:
    try:
        return Campaign(kind=kind, name=" ".join(str(name or "").split()), rules=rules, channel=channel or "",
                        **{k: str(texts.get(k) or "").strip() for k in TEXTS})
    except ValidationError as exc:
        raise ValueError(friendly(exc, Campaign)) from None


def new_plan(organisation: str, campaigns: dict[str, Campaign], system: str, scores: dict[str, Score],
             conclusion: str) -> CrmPlan:
    try:
        return CrmPlan(organisation=str(organisation or "").strip(), campaigns=campaigns, system=str(system).strip(),
                       scores=scores, conclusion=str(conclusion or "").strip())
    except ValidationError as exc:
        raise ValueError(friendly(exc, CrmPlan)) from None


# -- HTML -------------------------------------------------------------------------------------------------------
def band_table_html(task: CrmTask) -> str:
    frame, rows = task.frame(), []
    for bs in task.bandsets:
        low = None
        for band in bs.bands:
            rule = (f"up to {band.up_to:g}" if low is None else f"more than {low:g}" + (
                "" if band.up_to is None else f", up to {band.up_to:g}"))
            n = int((frame[bs.column] == band.label).sum())
            rows.append(f"<tr><th scope='row'>{esc(bs.label)}</th><td>{esc(band.label)}</td><td>{esc(rule)}</td>"
                        f"<td>{n:,}</td></tr>")
            low = band.up_to
    notes = "".join(f"<li><strong>{esc(bs.label)}</strong>: {esc(bs.explanation)}</li>" for bs in task.bandsets)
    return (f"<ul>{notes}</ul><table class='cx-activity-table'><caption>Recency, frequency and spend bands, worked out "
            "from the guest data</caption><thead><tr><th scope='col'>Measure</th><th scope='col'>Band</th>"
            "<th scope='col'>Rule</th><th scope='col'>Guests</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def campaign_html(task: CrmTask, campaign: Campaign) -> str:
    a = task.audience(campaign.rules, campaign.channel)
    ch = task.channel(campaign.channel).label if campaign.channel else "not chosen"
    steps = "".join(f"<tr><th scope='row'>{esc(s)}</th><td>{esc(k)}</td><td>{esc(w)}</td></tr>"
                    for s, k, w in task.steps(campaign))
    facts = "".join(f"<li><strong>{label}:</strong> {esc(value)}</li>" for label, value in (
        ("Audience", task.describe(campaign.rules)), ("Objective", campaign.objective), ("Channel", ch),
        ("Offer", campaign.offer), ("Measure", campaign.measure)))
    return (f"<h4>{esc(campaign.kind.title())} campaign: {esc(campaign.name)}</h4><ul>{facts}</ul>"
            f"<p><strong>Audience:</strong> {a.figures.size:,} guests ({a.figures.share:.1f}% of the database); "
            f"{a.reachable:,} can be reached. {esc(a.note)}</p>"
            f"{figures_table([campaign.name], [a.figures], f'{campaign.name}: the audience in figures')}"
            f"<table class='cx-activity-table'><caption>{esc(campaign.name)}: which CRM does the work</caption><thead>"
            "<tr><th scope='col'>Step</th><th scope='col'>Type of CRM</th><th scope='col'>What it does</th></tr>"
            f"</thead><tbody>{steps}</tbody></table>")


def evaluation_html(task: CrmTask, plan: CrmPlan) -> str:
    rows = []
    for c in task.criteria_list:
        s = plan.scores.get(c.id) or Score(weight=c.weight)
        rows.append(f"<tr><th scope='row'>{esc(c.label)}</th><td>{s.weight:g}</td>"
                    f"<td>{'not scored' if s.score is None else s.score}</td><td>{esc(s.reason)}</td></tr>")
    ws = task.weighted_score(plan)
    result = ("No criterion scored yet." if ws is None
              else f"Weighted score {ws:.2f} out of 5 ({ws / 5 * 100:.0f}%): Σ(weight × score) ÷ Σ weights.")
    return (f"<h4>Evaluating the CRM system: {esc(plan.system or 'not named')}</h4>"
            "<table class='cx-activity-table'><caption>Criteria, weights, scores (1 to 5) and reasons</caption><thead>"
            "<tr><th scope='col'>Criterion</th><th scope='col'>Weight</th><th scope='col'>Score</th>"
            f"<th scope='col'>Reason</th></tr></thead><tbody>{''.join(rows)}</tbody></table><p><strong>{esc(result)}"
            "</strong></p>" + (f"<p><strong>Conclusion:</strong> {esc(plan.conclusion)}</p>"
                               if plan.conclusion else ""))


def plan_html(task: CrmTask, plan: CrmPlan) -> str:
    return "".join(campaign_html(task, c) for c in plan.campaigns.values()) + evaluation_html(task, plan)


def crm_static_html(task: CrmTask, live_link: str = "") -> str:
    types = "".join(f"<li><strong>{esc(t.label)}</strong>: {esc(t.explanation)}</li>" for t in task.crm_types)
    channels = "".join(f"<li><strong>{esc(c.label)}</strong> ({esc(task.crm_type(c.crm_type).label)}; "
                       f"{'needs consent' if c.needs_consent else 'no consent needed'}): {esc(c.explanation)}</li>"
                       for c in task.channels)
    return (f"<div class='cx-activity cx-crm'><h3 class='cx-activity-title'>{esc(task.title)}</h3>"
            f"<p>{esc(task.instructions)}</p><p><strong>Three types of CRM:</strong></p><ul>{types}</ul>"
            f"{band_table_html(task)}<p><strong>Consent:</strong> {esc(task.consent_rule)}</p>"
            f"<p><strong>Channels:</strong></p><ul>{channels}</ul>"
            f"<h4>Worked example: {esc(task.organisation)}</h4>{plan_html(task, task.worked_example)}{live_link}</div>")

