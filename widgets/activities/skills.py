"""Customer-service skills: self-review (P9) and a guidance document from the learner's own experience (D1).

**Self-review.** The learner rates each of the ten 4.2 skills from 1 (I need a lot of practice) to 5 (a
real strength) and notes evidence; :meth:`SkillsReview.lowest` suggests the three lowest-rated skills
(ties keep the 4.2 order) as the ones worth developing first.

**Guidance document (D1).** The specification asks for a guidance document *based on the learner's own
experience of development activities*, recommending activities for at least three skills. So the
document is laid out only from a :class:`DevelopmentLog`: for each skill, the development activity the
learner did (chosen from the labelled catalogue in ``data/activities/<spec>/development-activities.yml``
or their own, with its type from :data:`DEVELOPMENT_TYPES`), what they did, what happened and what they
would recommend. :func:`guidance_document` refuses, with a sentence saying what is missing, until at
least three skills have all of these; and it refuses an entry whose own-words text is a prompt or worked
example copied in unchanged. Catalogue text (why a skill matters, suggested activities, timescales)
prompts the learner in the live tool; it is never part of the document.
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
        """The ``count`` lowest-rated skills (a suggestion of what to develop); ties keep the 4.2 order."""
        missing = self.unrated()
        if missing:
            raise ValueError(f"Rate all ten skills first. Still to rate: {', '.join(missing)}.")
        order = {k: i for i, k in enumerate(SKILL_KEYS)}
        return sorted(self.ratings, key=lambda r: (r.rating, order[r.skill]))[:count]

    def average(self) -> float | None:
        """Mean rating over the rated skills (sum ÷ number rated)."""
        rated = [r.rating for r in self.ratings if r.rating is not None]
        return sum(rated) / len(rated) if rated else None


# -- development activities (the labelled catalogue a learner chooses from) -------------------------
DEVELOPMENT_TYPES: dict[str, str] = {
    "training": "Training",
    "reading": "Reading information",
    "questions": "Asking questions",
    "job-shadow": "Job shadowing",
    "practice": "Practice",
    "feedback": "Being observed and given feedback",
    "reflection": "Reflection",
    "other-area": "Working in another area",
}
"""Types of development activity, key → label. The first four are the ways of implementing that topic
4.1 names (training, reading product or service information, asking questions, job shadowing)."""
DEVELOPMENT_TYPE_HELP: dict[str, str] = {
    "training": "a course, workshop or session led by a trainer, a manager or a supplier",
    "reading": "reading product or service information, a handbook or the procedures",
    "questions": "asking a manager, a colleague, another department or customers",
    "job-shadow": "watching an experienced colleague do the job, then talking about it",
    "practice": "role-play with a colleague, or trying a new habit at work",
    "feedback": "someone watches you at work and tells you how it went",
    "reflection": "a diary or a review of your own work",
    "other-area": "doing a different job for a while, such as the till or the phones",
}


def _known_type(value: str) -> str:
    if value not in DEVELOPMENT_TYPES:
        raise ValueError(f"Choose the type of activity from the list ({', '.join(DEVELOPMENT_TYPES.values())}).")
    return value


class DevelopmentActivity(ActivityModel):
    activity: str = Field(min_length=1)
    type: str = Field(description="a key of DEVELOPMENT_TYPES")
    timescale: str = Field(min_length=1)
    evidence: str = Field(min_length=1, description="how the learner will know it worked")

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        return _known_type(value)

    @property
    def type_label(self) -> str:
        return DEVELOPMENT_TYPES[self.type]


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

    def stock_texts(self) -> set[str]:
        """Every sentence of the catalogue, normalised: text that may prompt a learner, never fill a guide."""
        out = set()
        for s in self.skills:
            out.add(_norm(s.why_it_matters))
            for a in s.activities:
                out |= {_norm(a.activity), _norm(a.evidence)}
        return out


# -- the learner's own experience of development activities (D1) ------------------------------------
def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


OWN_FIELDS = {"what_i_did": "what you did", "what_happened": "what happened",
              "recommendation": "what you would recommend to others"}
"""The entries that must be the learner's own words (never a prompt or an example copied in)."""
REQUIRED_FIELDS = {"activity": "the development activity you did", "type": "the type of activity", **OWN_FIELDS}


class DevelopmentEntry(ActivityModel):
    """What one learner did to develop one skill, what happened, and what they recommend. Any field may
    be blank while the learner is writing; :attr:`missing` says what is still to do."""

    skill: str
    activity: str = Field("", title="Development activity you did", max_length=MAX_TEXT)
    type: str = Field("", title="Type of activity")
    why_it_matters: str = Field("", title="Why this skill matters to customers", max_length=MAX_TEXT)
    what_i_did: str = Field("", title="What you did", max_length=MAX_TEXT)
    time_taken: str = Field("", title="How long it took", max_length=200)
    what_happened: str = Field("", title="What happened", max_length=MAX_TEXT)
    recommendation: str = Field("", title="What you would recommend to others", max_length=MAX_TEXT)

    @field_validator("skill")
    @classmethod
    def _skill(cls, value: str) -> str:
        return _known_skill(value)

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        return _known_type(value) if value else value

    @property
    def label(self) -> str:
        return SKILL_LABELS[self.skill]

    @property
    def type_label(self) -> str:
        return DEVELOPMENT_TYPES.get(self.type, "")

    @property
    def missing(self) -> list[str]:
        return [what for name, what in REQUIRED_FIELDS.items() if not getattr(self, name)]

    @property
    def started(self) -> bool:
        return any(getattr(self, name) for name in (*REQUIRED_FIELDS, "why_it_matters", "time_taken"))

    def copied(self, stock: set[str]) -> list[str]:
        """The learner's own fields whose text is a prompt or an example copied in unchanged."""
        return [what for name, what in OWN_FIELDS.items()
                if getattr(self, name) and _norm(getattr(self, name)) in stock]


class DevelopmentLog(ActivityModel):
    """A learner's record of their development activities, one entry per skill (4.2 order)."""

    learner: str = Field("", title="Your name", max_length=200)
    organisation: str = Field("", title="Organisation the guide is for", max_length=200)
    audience: str = Field("", title="Who the guide is for", max_length=200)
    entries: list[DevelopmentEntry] = []

    @model_validator(mode="after")
    def _one_per_skill(self) -> DevelopmentLog:
        keys = [e.skill for e in self.entries]
        if len(set(keys)) != len(keys):
            raise ValueError("each skill can have only one entry")
        order = {k: i for i, k in enumerate(SKILL_KEYS)}
        ordered = sorted(self.entries, key=lambda e: order[e.skill])
        if ordered != self.entries:
            object.__setattr__(self, "entries", ordered)
        return self

    def entry(self, key: str) -> DevelopmentEntry:
        _known_skill(key)
        return next((e for e in self.entries if e.skill == key), DevelopmentEntry(skill=key))

    def with_entry(self, key: str, **fields: str) -> DevelopmentLog:
        """The log with ``key``'s entry replaced (an entry left wholly blank is dropped)."""
        new = build(DevelopmentEntry, skill=_known_skill(key), **fields)
        others = [e for e in self.entries if e.skill != key]
        return build(DevelopmentLog, learner=self.learner, organisation=self.organisation, audience=self.audience,
                     entries=[*others, new] if new.started else others)

    def complete(self) -> list[DevelopmentEntry]:
        return [e for e in self.entries if not e.missing]

    def progress(self) -> str:
        """One sentence: which skills are complete and what the started ones still need."""
        done = self.complete()
        parts = [f"Complete: {', '.join(e.label for e in done) or 'none yet'} ({len(done)} of the "
                 f"{GUIDANCE_COUNT} or more the guide needs)."]
        for e in self.entries:
            if e.missing:
                parts.append(f"{e.label} still needs {', '.join(e.missing)}.")
        return " ".join(parts)


@dataclass(frozen=True)
class GuidanceDocument:
    """A guidance document laid out from a learner's own entries only (D1)."""

    organisation: str
    audience: str
    author: str
    sections: tuple[DevelopmentEntry, ...]

    @property
    def title(self) -> str:
        return f"Developing customer service skills at {self.organisation}"

    def intro(self) -> str:
        who = f" by {self.author}" if self.author else ""
        return (f"This guide was written{who} for {self.audience}. It recommends development activities for "
                f"{len(self.sections)} customer service skills, from the author's own experience: what they did, "
                "what happened and what they would recommend to you.")

    def _rows(self, e: DevelopmentEntry) -> list[tuple[str, str]]:
        rows = [("Development activity", f"{e.activity} ({e.type_label})")]
        if e.why_it_matters:
            rows.append(("Why this skill matters", e.why_it_matters))
        rows.append(("What I did", e.what_i_did))
        if e.time_taken:
            rows.append(("How long it took", e.time_taken))
        rows += [("What happened", e.what_happened), ("What I recommend", e.recommendation)]
        return rows

    def to_markdown(self) -> str:
        """The guide as Markdown; all text through :func:`widgets.exports.md_text` (no HTML, no links)."""
        lines = [f"# {md_text(self.title)}", "", md_text(self.intro()), ""]
        for n, e in enumerate(self.sections, 1):
            lines += [f"## {n}. {md_text(e.label)}", ""]
            for label, value in self._rows(e):
                lines += [f"**{label}:** {md_text(value)}", ""]
        return "\n".join(lines)

    def to_html_body(self, level: int = 3) -> str:
        esc = html.escape
        parts = [f"<p>{esc(self.intro())}</p>"]
        for n, e in enumerate(self.sections, 1):
            items = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in self._rows(e))
            parts.append(f"<h{level}>{n}. {esc(e.label)}</h{level}><dl class='cx-guidance-entry'>{items}</dl>")
        return "".join(parts)

    def to_html_document(self) -> str:
        return html_document(self.title, self.to_html_body())


def guidance_document(log: DevelopmentLog, organisation: str | None = None, audience: str | None = None, *,
                      stock: set[str] = frozenset()) -> GuidanceDocument:  # type: ignore[assignment]
    """Lay out a guidance document from the learner's complete entries, and nothing else.

    Refused (``ValueError``) until at least three skills have every entry (activity, type, what you did,
    what happened, what you recommend), or when an own-words entry is a prompt or example from ``stock``
    copied in unchanged. ``organisation`` and ``audience`` default to the log's."""
    organisation = require_text(organisation if organisation is not None else log.organisation,
                                "the name of the organisation the guide is for")
    audience = require_text(audience if audience is not None else log.audience,
                            "who the guide is for, for example “new Saturday staff”")
    copied = [f"{e.label} ({', '.join(e.copied(stock))})" for e in log.entries if e.copied(stock)]
    if copied:
        raise ValueError("Write these in your own words: they are the example text, copied in unchanged: "
                         f"{'; '.join(copied)}.")
    done = log.complete()
    if len(done) < GUIDANCE_COUNT:
        raise ValueError(f"Your guidance document is built only from your own experience, so it needs every "
                         f"entry for at least {GUIDANCE_COUNT} skills: the activity you did, what you did, what "
                         f"happened and what you would recommend. {log.progress()}")
    return GuidanceDocument(organisation, audience, log.learner, tuple(done))


def stock_texts(activities: DevelopmentActivities, *examples: DevelopmentLog) -> set[str]:
    """Prompts and examples (the catalogue and worked examples), normalised, for :func:`guidance_document`."""
    out = activities.stock_texts()
    for ex in examples:
        for e in ex.entries:
            out |= {_norm(getattr(e, name)) for name in (*OWN_FIELDS, "why_it_matters") if getattr(e, name)}
    return out


def load_development_log(spec_id: str, name: str) -> DevelopmentLog:
    return parse(DevelopmentLog, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def load_development_activities(spec_id: str) -> DevelopmentActivities:
    return parse(DevelopmentActivities, load_yaml(spec_id, "development-activities"),
                 f"{spec_id}/development-activities.yml")


def load_example_review(spec_id: str, name: str) -> SkillsReview:
    data = load_yaml(spec_id, name)
    if not isinstance(data, dict) or "skills_review" not in data:
        raise ValueError(f"{spec_id}/{name}.yml has no skills_review section")
    return parse(SkillsReview, data["skills_review"], f"{spec_id}/{name}.yml skills_review")
