"""Segment profile (BTEC HN Unit 16, LO1: P1, P2, M1, D1): profiles of target customer groups built from a
guest database (for Millbrook Hotels, ``data/datasets/millbrook_guests.csv``).

A learner defines up to :data:`MAX_PROFILES` groups, each by rules on the guest data (``segment`` is
``Family``; ``stays_24_months`` from 2) in the same form as the CIM segment evaluator
(:class:`widgets.activities.common.Rule`). For each group the model works out figures from the data
(:func:`guest_figures`): how many guests and what share of all, average spend over 24 months and room rate,
the booking-channel mix and direct share, median lead time, nights, repeat stays, Millbrook Circle membership
and marketing consent. The learner writes, for each group, its characteristics; its needs, wants and
preferences; the factors that drive its engagement; an onboarding strategy and a post-boarding strategy (all
five are required: the model refuses a profile with one empty and says which) and, for the groups together,
an evaluation comparing them. The model never writes any of it.

The rule helpers (:class:`GuestRules`, on :class:`widgets.activities.common.DataRules`) are shared with the
CRM explorer (:mod:`widgets.activities.crm_explorer`); saved files are read by
:func:`widgets.activities.common.read_saved`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    DataRules,
    Rule,
    RuleColumn,
    friendly,
    load_yaml,
    money,
    open_saved,
    parse,
    saved_json,
)
from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.exports import csv_text

MAX_PROFILES, MAX_RULES = 6, 8
KIND, SCHEMA_VERSION = "hn-segment-profiles", 1
FIELDS = ("characteristics", "needs", "engagement", "onboarding", "post_boarding")
esc = html.escape


# -- shared by the guest-data activities ---------------------------------------------------------------------
GuestColumn = RuleColumn


class GuestRules(DataRules):
    """What every activity on the guest data has: a data set and the columns a learner may filter by
    (:class:`~widgets.activities.common.DataRules`), every guest before any rule."""

    def mask(self, rules: list[Rule]):
        return self.rows_where(rules, self.frame()["guest_id"].notna())

    def describe(self, rules: list[Rule]) -> str:
        return "; ".join(self.describe_rule(r) for r in rules) or "every guest"


@dataclass(frozen=True)
class GuestFigures:
    """What the guest data say about one group of guests."""

    size: int
    total: int
    average_spend: float | None
    average_rate: float | None
    channels: dict[str, float]
    direct: float
    median_lead: float | None
    average_nights: float | None
    average_stays: float | None
    repeat: float
    members: float
    consent: float
    needs: float
    average_nps: float | None

    @property
    def share(self) -> float:
        return 100 * self.size / self.total if self.total else 0.0


def _pct(chosen, column: str) -> float:
    return 100 * float((chosen[column] == "yes").mean()) if len(chosen) else 0.0


def _mean(series) -> float | None:
    return float(series.mean()) if series.notna().any() else None


def guest_figures(frame, mask) -> GuestFigures:
    """Figures for the guests in ``frame`` where ``mask`` holds (percentages of the group, 0 to 100)."""
    chosen = frame[mask]
    n = len(chosen)
    channels = {k: 100 * v for k, v in chosen["booking_channel"].value_counts(normalize=True).sort_index().items()}
    return GuestFigures(
        size=n, total=len(frame), average_spend=_mean(chosen["total_spend"]), average_rate=_mean(chosen["room_rate"]),
        channels=channels, direct=100 - channels.get("Online travel agent", 100.0 if not n else 0.0),
        median_lead=float(chosen["lead_time_days"].median()) if n else None, average_nights=_mean(chosen["nights"]),
        average_stays=_mean(chosen["stays_24_months"]), repeat=100 * float((chosen["stays_24_months"] >= 2).mean())
        if n else 0.0, members=_pct(chosen, "circle_member"), consent=_pct(chosen, "marketing_consent"),
        needs=_pct(chosen, "needs_noted"), average_nps=_mean(chosen["nps_score"]))


def _num(x: float | None, fmt: str = ".1f") -> str:
    return "—" if x is None else format(x, fmt)


FIGURE_ROWS = (("Guests", lambda f: f"{f.size:,} ({f.share:.1f}% of {f.total:,})"),
               ("Average spend, last 24 months", lambda f: money(f.average_spend)),
               ("Average room rate paid", lambda f: money(f.average_rate)),
               ("Booked direct (web, app, phone)", lambda f: f"{f.direct:.1f}%"),
               ("Booking channels", lambda f: "; ".join(f"{k} {v:.0f}%" for k, v in f.channels.items()) or "—"),
               ("Median lead time", lambda f: f"{_num(f.median_lead, '.0f')} days"),
               ("Average nights a stay", lambda f: _num(f.average_nights)),
               ("Average stays in 24 months", lambda f: _num(f.average_stays)),
               ("Stayed more than once", lambda f: f"{f.repeat:.1f}%"),
               ("Millbrook Circle members", lambda f: f"{f.members:.1f}%"),
               ("Agreed to marketing", lambda f: f"{f.consent:.1f}%"),
               ("Dietary or accessibility needs noted", lambda f: f"{f.needs:.1f}%"),
               ("Average NPS answer (0–10)", lambda f: _num(f.average_nps)))


def figures_table(names: list[str], figures: list[GuestFigures], caption: str) -> str:
    """Groups side by side, one column each (names escaped here)."""
    head = "<th scope='col'>Figure</th>" + "".join(f"<th scope='col'>{esc(n)}</th>" for n in names)
    rows = "".join(f"<tr><th scope='row'>{label}</th>{''.join(f'<td>{esc(get(f))}</td>' for f in figures)}</tr>"
                   for label, get in FIGURE_ROWS)
    return (f"<table class='cx-activity-table'><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def html_page(title: str, body: str) -> str:
    from widgets.activities.cx_model import html_document

    return html_document(title, body)


# -- the profiles ---------------------------------------------------------------------------------------------
class FieldInfo(ActivityModel):
    id: Literal["characteristics", "needs", "engagement", "onboarding", "post_boarding"]
    label: str
    hint: str


class Profile(ActivityModel):
    name: str = Field(title="Group name", max_length=80)
    rules: list[Rule] = Field([], max_length=MAX_RULES)
    characteristics: str = Field("", title="Characteristics", max_length=MAX_TEXT)
    needs: str = Field("", title="Needs, wants and preferences", max_length=MAX_TEXT)
    engagement: str = Field("", title="Engagement factors", max_length=MAX_TEXT)
    onboarding: str = Field("", title="Onboarding strategy", max_length=MAX_TEXT)
    post_boarding: str = Field("", title="Post-boarding strategy", max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _named(self) -> Profile:
        if not self.name:
            raise ValueError("Give the group a name, for example “Weekend leisure couples at York”.")
        return self


class ProfileSet(ActivityModel):
    organisation: str = Field("", max_length=120)
    profiles: list[Profile] = Field([], max_length=MAX_PROFILES)
    comparison: str = Field("", title="Your evaluation of the groups", max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _unique(self) -> ProfileSet:
        names = [p.name.casefold() for p in self.profiles]
        if len(set(names)) != len(names):
            raise ValueError("Two groups have the same name: give each group its own name.")
        return self


class ProfileTask(GuestRules):
    id: str
    title: str
    criteria: list[str] = []
    organisation: str
    instructions: str
    segment_column: str = "segment"
    fields: list[FieldInfo]
    worked_example: ProfileSet

    @model_validator(mode="after")
    def _consistent(self) -> ProfileTask:
        self.check_columns()
        if [f.id for f in self.fields] != list(FIELDS):
            raise ValueError(f"fields must be, in order: {', '.join(FIELDS)}")
        for profile in self.worked_example.profiles:
            self.check_profile(profile)
        return self

    def field(self, fid: str) -> FieldInfo:
        return next(f for f in self.fields if f.id == fid)

    def segments(self) -> list[str]:
        return self.values(self.segment_column)

    def check_profile(self, profile: Profile) -> Profile:
        if not profile.rules:
            raise ValueError(f"“{profile.name}” has no rules yet: choose a segment or add a rule, for example "
                             "segment is Family.")
        for rule in profile.rules:
            self.check_rule(rule)
        for fid in FIELDS:
            if not getattr(profile, fid):
                info = self.field(fid)
                raise ValueError(f"{info.label}: please write this for “{profile.name}”. {info.hint}")
        return profile

    def figures(self, rules: list[Rule]) -> GuestFigures:
        for rule in rules:
            self.check_rule(rule)
        return guest_figures(self.frame(), self.mask(rules))

    def segment_figures(self) -> tuple[list[str], list[GuestFigures]]:
        names = self.segments()
        return names, [self.figures([Rule(column=self.segment_column, values=[s])]) for s in names]

    # -- saving and reopening ---------------------------------------------------------------------------
    def to_json(self, profiles: ProfileSet) -> str:
        return saved_json(KIND, self.id, profiles, SCHEMA_VERSION)

    def from_json(self, text: str | bytes) -> ProfileSet:
        profiles = open_saved(ProfileSet, text, KIND, "saved segment profiles", schema_version=SCHEMA_VERSION)
        for profile in profiles.profiles:
            self.check_profile(profile)
        return profiles

    def to_csv(self, profiles: ProfileSet) -> str:
        labels = [label for label, _get in FIGURE_ROWS]
        header = ["Group", "Rules", *labels, *(self.field(f).label for f in FIELDS)]
        rows = []
        for p in profiles.profiles:
            f = self.figures(p.rules)
            rows.append([p.name, self.describe(p.rules), *(get(f) for _l, get in FIGURE_ROWS),
                         *(getattr(p, fid) for fid in FIELDS)])
        rows.append(["Comparison of the groups", profiles.comparison] + [""] * (len(header) - 2))
        return csv_text(rows, header=header)

    def document_html(self, profiles: ProfileSet) -> str:
        return html_page(f"Segment profiles: {profiles.organisation or self.organisation}",
                         profiles_html(self, profiles, chart=False))


def load_profile_task(spec_id: str, name: str) -> ProfileTask:
    return parse(ProfileTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def new_profile(name: str, rules: list[Rule], texts: dict[str, str]) -> Profile:
    """A profile from form values; plain-words errors."""
    try:
        return Profile(name=" ".join(str(name or "").split()), rules=rules,
                       **{fid: str(texts.get(fid) or "").strip() for fid in FIELDS})
    except ValidationError as exc:
        raise ValueError(friendly(exc, Profile)) from None


# -- HTML and chart ---------------------------------------------------------------------------------------------
def profile_html(task: ProfileTask, profile: Profile) -> str:
    rows = "".join(f"<tr><th scope='row'>{esc(task.field(fid).label)}</th><td>{esc(getattr(profile, fid))}</td></tr>"
                   for fid in FIELDS)
    return (f"<h4>{esc(profile.name)}</h4><p>Guests where {esc(task.describe(profile.rules))}.</p>"
            f"{figures_table([profile.name], [task.figures(profile.rules)], f'{profile.name}: figures from the data')}"
            f"<table class='cx-activity-table'><caption>{esc(profile.name)}: the profile</caption><tbody>{rows}"
            "</tbody></table>")


def comparison_html(task: ProfileTask, profiles: ProfileSet) -> str:
    if not profiles.profiles:
        return "<p>No groups yet.</p>"
    names = [p.name for p in profiles.profiles]
    figures = [task.figures(p.rules) for p in profiles.profiles]
    texts = "".join(f"<tr><th scope='row'>{esc(task.field(fid).label)}</th>"
                    + "".join(f"<td>{esc(getattr(p, fid))}</td>" for p in profiles.profiles) + "</tr>"
                    for fid in FIELDS)
    head = "<th scope='col'>Profile</th>" + "".join(f"<th scope='col'>{esc(n)}</th>" for n in names)
    return (figures_table(names, figures, "Groups side by side: figures from the data")
            + f"<table class='cx-activity-table'><caption>Groups side by side: the profiles</caption><thead><tr>{head}"
              f"</tr></thead><tbody>{texts}</tbody></table>")


CHART_MEASURES = (("Share of all guests", lambda f: f.share), ("Booked direct", lambda f: f.direct),
                  ("Stayed more than once", lambda f: f.repeat), ("Millbrook Circle members", lambda f: f.members),
                  ("Agreed to marketing", lambda f: f.consent))


def profiles_chart(task: ProfileTask, profiles: ProfileSet) -> AccessibleChart:
    """Grouped bars: for each group, five percentages; every value is in the description and on the bar."""
    if not profiles.profiles:
        raise ValueError("Add a group to see the chart.")
    alt = import_altair()
    rows, parts = [], []
    for p in profiles.profiles:
        f = task.figures(p.rules)
        values = [(label, round(get(f), 1)) for label, get in CHART_MEASURES]
        rows += [{"Group": p.name[:50], "Measure": label, "Per cent": v, "Label": f"{label} {v:g}%"}
                 for label, v in values]
        parts.append(f"{p.name}: " + ", ".join(f"{label.lower()} {v:g}%" for label, v in values))
    order = [label for label, _get in CHART_MEASURES]
    base = alt.Chart(alt.Data(values=rows), title="The groups compared (per cent of each group)")
    y = alt.Y("Group:N", title=None, sort=None, axis=alt.Axis(labelLimit=300))
    bars = base.mark_bar().encode(
        y=y, yOffset=alt.YOffset("Measure:N", sort=order), x=alt.X("Per cent:Q", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("Measure:N", sort=order, scale=alt.Scale(domain=order, range=list(PALETTE))),
        tooltip=["Group:N", "Measure:N", "Per cent:Q"])
    text = base.mark_text(align="left", dx=4, fontSize=10, color="#1a1a1a").encode(
        y=y, yOffset=alt.YOffset("Measure:N", sort=order), x="Per cent:Q", text="Label:N")
    return AccessibleChart((bars + text).properties(width=380, height=alt.Step(14)),
                           "Grouped bar chart comparing the groups, per cent of each group: " + "; ".join(parts) + ".")


def profiles_html(task: ProfileTask, profiles: ProfileSet, *, chart: bool = True) -> str:
    body = "".join(profile_html(task, p) for p in profiles.profiles)
    drawn = profiles_chart(task, profiles) if profiles.profiles else None
    chart_html = "" if drawn is None else drawn.to_html() if chart else f"<p>{esc(drawn.description)}</p>"
    evaluation = (f"<h4>Comparing the groups</h4><p>{esc(profiles.comparison)}</p>" if profiles.comparison else "")
    return body + comparison_html(task, profiles) + chart_html + evaluation


def profile_static_html(task: ProfileTask, live_link: str = "") -> str:
    """The book: the four segments in figures, the fields a profile needs, and the worked profile."""
    names, figures = task.segment_figures()
    fields = "".join(f"<li><strong>{esc(f.label)}</strong>: {esc(f.hint)}</li>" for f in task.fields)
    return (f"<div class='cx-activity cx-profiles'><h3 class='cx-activity-title'>{esc(task.title)}</h3>"
            f"<p>{esc(task.instructions)}</p>"
            f"{figures_table(names, figures, f'The four segments in {task.organisation} guest data (synthetic)')}"
            f"<p><strong>What each profile needs:</strong></p><ul>{fields}</ul>"
            f"<h4>Worked example: {esc(task.organisation)}</h4>{profiles_html(task, task.worked_example)}"
            f"{live_link}</div>")
