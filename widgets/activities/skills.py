"""Customer-service skills self-review and guidance document (OCR Unit 10 topic 4.2; P9 and D1).

The learner rates each of the ten 4.2 skills from 1 (I need a lot of practice) to 5 (a real
strength) and notes evidence. :func:`guidance_document` then recommends development activities,
taken from ``data/activities/<spec>/development-activities.yml``, for the **three lowest-rated
skills** — D1 asks for at least three.

Ties rule: skills are ordered by rating (lowest first); skills with the same rating keep the order
in which 4.2 lists them. The first three in that order are chosen. A learner may add more skills
with ``extra`` (they follow the three, in 4.2 order).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import MAX_TEXT, ActivityModel, build, load_yaml, parse, require_text
from widgets.activities.cx_model import html_document
from widgets.exports import md_text


@dataclass(frozen=True)
class SkillInfo:
    key: str
    label: str
    curriculum: str


SKILLS: tuple[SkillInfo, ...] = (
    SkillInfo("patience", "Patience", "patience"),
    SkillInfo("attentiveness", "Attentiveness", "attentiveness (e.g. listen carefully to the customer)"),
    SkillInfo("adaptability", "Adaptability",
              "adaptability (e.g. willingness to carry out different tasks as and when required, adapting your "
              "style of language to meet different situations)"),
    SkillInfo("clear-communication", "Clear communication",
              "clear communication (e.g. when it comes to important points you need to relay to the customer, keep "
              "it simple and leave nothing to doubt)"),
    SkillInfo("work-ethic", "Work ethic",
              "work ethic (e.g. time management skills, pride in personal appearance and the working environment)"),
    SkillInfo("product-knowledge", "Knowledge of the product or service", "knowledge of product/service"),
    SkillInfo("reading-customers", "Ability to 'read' customers",
              "ability to 'read' customers (e.g. look and/or listen for subtle clues about the current mood, patience "
              "level, personality of the customer)"),
    SkillInfo("following-up", "Following up with other departments",
              "following-up with other departments to ensure smooth customer journey"),
    SkillInfo("procedures", "Following the organisation's procedures",
              "ensure the organisation's procedures are followed, in order to adhere to the customer experience model"),
    SkillInfo("self-review", "Reviewing your own skills",
              "ability to review own customer service skills in order to improve"),
)
"""The ten skills of topic 4.2 in the order the specification lists them (``curriculum`` is its text)."""
SKILL_KEYS = tuple(s.key for s in SKILLS)
SKILL_LABELS = {s.key: s.label for s in SKILLS}
RATING_SCALE = {1: "I need a lot of practice", 2: "I need some practice", 3: "I am fairly confident",
                4: "I am confident", 5: "This is a real strength"}
GUIDANCE_COUNT = 3


def _known_skill(key: str) -> str:
    if key not in SKILL_KEYS:
        raise ValueError(f"“{key}” is not one of the ten customer service skills")
    return key


class SkillRating(ActivityModel):
    skill: str
    rating: int | None = Field(None, title="Rating (1 to 5)")
    evidence: str = Field("", title="Evidence", max_length=MAX_TEXT)

    @field_validator("skill")
    @classmethod
    def _skill(cls, value: str) -> str:
        return _known_skill(value)

    @field_validator("rating", mode="before")
    @classmethod
    def _rating(cls, value: object) -> object:
        if value in (None, "", 0):
            return None
        if isinstance(value, bool) or str(value).strip() not in {"1", "2", "3", "4", "5"}:
            raise ValueError("Rate each skill from 1 (I need a lot of practice) to 5 (a real strength).")
        return int(str(value).strip())

    @property
    def label(self) -> str:
        return SKILL_LABELS[self.skill]


class SkillsReview(ActivityModel):
    learner: str = Field("", title="Your name", max_length=200)
    ratings: list[SkillRating] = []

    @model_validator(mode="after")
    def _all_ten(self) -> SkillsReview:
        keys = [r.skill for r in self.ratings]
        if len(set(keys)) != len(keys):
            raise ValueError("each skill can be rated only once")
        have = dict(zip(keys, self.ratings, strict=True))
        ordered = [have.get(k) or SkillRating(skill=k) for k in SKILL_KEYS]
        if ordered != self.ratings:
            object.__setattr__(self, "ratings", ordered)
        return self

    def rating(self, key: str) -> SkillRating:
        _known_skill(key)
        return next(r for r in self.ratings if r.skill == key)

    def with_rating(self, key: str, rating: int | None, evidence: str) -> SkillsReview:
        new = build(SkillRating, skill=_known_skill(key), rating=rating, evidence=evidence)
        return self.model_copy(update={"ratings": [new if r.skill == key else r for r in self.ratings]})

    def unrated(self) -> list[str]:
        return [r.label for r in self.ratings if r.rating is None]

    def lowest(self, count: int = GUIDANCE_COUNT) -> list[SkillRating]:
        """The ``count`` lowest-rated skills; ties keep the 4.2 order (see the module docstring)."""
        missing = self.unrated()
        if missing:
            raise ValueError(f"Rate all ten skills first. Still to rate: {', '.join(missing)}.")
        order = {k: i for i, k in enumerate(SKILL_KEYS)}
        return sorted(self.ratings, key=lambda r: (r.rating, order[r.skill]))[:count]

    def average(self) -> float | None:
        """Mean rating over the rated skills (sum ÷ number rated)."""
        rated = [r.rating for r in self.ratings if r.rating is not None]
        return sum(rated) / len(rated) if rated else None


class DevelopmentActivity(ActivityModel):
    activity: str = Field(min_length=1)
    kind: str = Field(min_length=1, description="training, reading, asking questions, job shadowing, practice")
    timescale: str = Field(min_length=1)
    evidence: str = Field(min_length=1, description="how the learner will know it worked")


class SkillActivities(ActivityModel):
    skill: str
    why_it_matters: str = Field(min_length=1)
    activities: list[DevelopmentActivity] = Field(min_length=2)

    @field_validator("skill")
    @classmethod
    def _skill(cls, value: str) -> str:
        return _known_skill(value)


class DevelopmentActivities(ActivityModel):
    title: str
    skills: list[SkillActivities]

    @model_validator(mode="after")
    def _every_skill(self) -> DevelopmentActivities:
        keys = [s.skill for s in self.skills]
        missing = [k for k in SKILL_KEYS if k not in keys]
        if missing or len(keys) != len(set(keys)):
            raise ValueError(f"give activities for each of the ten skills exactly once (missing: {missing})")
        return self

    def for_skill(self, key: str) -> SkillActivities:
        return next(s for s in self.skills if s.skill == key)


@dataclass(frozen=True)
class GuidanceSection:
    rating: SkillRating
    why_it_matters: str
    activities: tuple[DevelopmentActivity, ...]


@dataclass(frozen=True)
class GuidanceDocument:
    organisation: str
    audience: str
    author: str
    sections: tuple[GuidanceSection, ...]

    @property
    def title(self) -> str:
        return f"Developing customer service skills at {self.organisation}"

    def intro(self) -> str:
        who = f" by {self.author}" if self.author else ""
        return (f"This guide was written{who} for {self.audience}. It recommends development activities for "
                f"{len(self.sections)} customer service skills, chosen because they had the lowest ratings in a "
                "self-review. Try the activities in order, keep notes, and review your skills again when the "
                "timescales are up.")

    def to_markdown(self) -> str:
        """The guide as Markdown; all text through :func:`widgets.exports.md_text` (no HTML, no links)."""
        lines = [f"# {md_text(self.title)}", "", md_text(self.intro()), ""]
        for n, s in enumerate(self.sections, 1):
            r = s.rating
            lines += [f"## {n}. {md_text(r.label)}", "", f"Self-review rating: {r.rating} out of 5 "
                      f"({md_text(RATING_SCALE[r.rating or 1])}).", ""]
            if r.evidence:
                lines += [f"What the review found: {md_text(r.evidence)}", ""]
            lines += [f"Why it matters: {md_text(s.why_it_matters)}", "", "| Development activity | Type | Timescale | "
                      "How you will know it worked |", "| --- | --- | --- | --- |"]
            lines += [f"| {md_text(a.activity)} | {md_text(a.kind)} | {md_text(a.timescale)} | {md_text(a.evidence)} |"
                      for a in s.activities]
            lines.append("")
        return "\n".join(lines)

    def to_html_body(self) -> str:
        esc = html.escape
        parts = [f"<p>{esc(self.intro())}</p>"]
        for n, s in enumerate(self.sections, 1):
            r = s.rating
            rows = "".join(f"<tr><th scope='row'>{esc(a.activity)}</th><td>{esc(a.kind)}</td>"
                           f"<td>{esc(a.timescale)}</td><td>{esc(a.evidence)}</td></tr>" for a in s.activities)
            found = f"<p><strong>What the review found:</strong> {esc(r.evidence)}</p>" if r.evidence else ""
            parts.append(
                f"<h3>{n}. {esc(r.label)}</h3><p><strong>Self-review rating:</strong> {r.rating} out of 5 "
                f"({esc(RATING_SCALE[r.rating or 1])}).</p>{found}"
                f"<p><strong>Why it matters:</strong> {esc(s.why_it_matters)}</p>"
                f"<table class='cx-activity-table'><caption>Development activities for {esc(r.label.lower())}"
                "</caption><thead><tr><th scope='col'>Development activity</th><th scope='col'>Type</th>"
                "<th scope='col'>Timescale</th><th scope='col'>How you will know it worked</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")
        return "".join(parts)

    def to_html_document(self) -> str:
        return html_document(self.title, self.to_html_body())


def guidance_document(review: SkillsReview, organisation: str, audience: str, *,
                      activities: DevelopmentActivities | None = None,
                      extra: tuple[str, ...] = ()) -> GuidanceDocument:
    """Recommend development activities for the three lowest-rated skills (ties: 4.2 order) plus ``extra``."""
    chosen = review.lowest()
    organisation = require_text(organisation, "the name of the organisation the guide is for")
    audience = require_text(audience, "who the guide is for, for example “new Saturday staff”")
    acts = activities or load_development_activities("ocr-l2-u10")
    keys = {r.skill for r in chosen}
    for key in SKILL_KEYS:
        if key in extra and key not in keys:
            chosen.append(review.rating(key))
            keys.add(key)
    for key in extra:
        _known_skill(key)
    sections = tuple(GuidanceSection(r, acts.for_skill(r.skill).why_it_matters,
                                     tuple(acts.for_skill(r.skill).activities)) for r in chosen)
    return GuidanceDocument(organisation, audience, review.learner, sections)


def load_development_activities(spec_id: str) -> DevelopmentActivities:
    return parse(DevelopmentActivities, load_yaml(spec_id, "development-activities"),
                 f"{spec_id}/development-activities.yml")


def load_example_review(spec_id: str, name: str) -> SkillsReview:
    data = load_yaml(spec_id, name)
    if not isinstance(data, dict) or "skills_review" not in data:
        raise ValueError(f"{spec_id}/{name}.yml has no skills_review section")
    return parse(SkillsReview, data["skills_review"], f"{spec_id}/{name}.yml skills_review")
