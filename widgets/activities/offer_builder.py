"""Offer and mix builder (CIM Level 4 Customer Experience, 4.1, 4.2, 4.3).

Three parts, each the learner's own evidence for one criterion:

* **offer** (4.1 Recommend a product/service offer): an offer for one customer group at Kotler's three levels
  of product — the *core* benefit (the need the customer really buys for), the *actual* product (features,
  quality, design, brand name, packaging) and the *augmented* product (guarantee, delivery, installation,
  after-sales service, advice, loyalty) — with what the brand contributes, the recommendation and its reasons
  (P. Kotler and G. Armstrong, *Principles of Marketing*, Pearson, any edition since the 1980s).
* **mix** (4.2 Discuss the role of the marketing mix): the value proposition, then each of the seven Ps of the
  extended marketing mix (B. H. Booms and M. J. Bitner, "Marketing strategies and organization structures for
  service firms", in J. H. Donnelly and W. R. George (eds), *Marketing of Services*, American Marketing
  Association, 1981) rated *supports*, *neutral* or *undermines* against the proposition with a reason, and a
  discussion for and against.
* **messages** (4.3 Recommend promotion mix messages): messages for new, returning and existing customers,
  each with its channels, its role (C. Fill, *Marketing Communications*, Pearson: differentiate, remind,
  inform, persuade — DRIP) and a reason.

The checks are judgement prompts, not marks: they flag a guarantee put under the core benefit, a core benefit
phrased as a feature, a level copied into another, a mix where price and proposition conflict or people and
process are missing, an audience with no message, "remind" as the only role for new customers, channels that
never vary. Each flag says why. Nothing here writes the learner's offer, discussion or messages.

Bad input (text too long, a choice not offered, a message with no channel or no reason, a saved file that is
not one) raises ``ValueError`` with a sentence a learner can act on. Everything from a learner is escaped in
HTML; CSV goes through :mod:`widgets.exports`.
"""

from __future__ import annotations

import difflib
import html
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from widgets.activities.common import (
    MAX_TEXT,
    ActivityModel,
    build,
    load_yaml,
    open_saved,
    parse,
    rebuild,
    saved_json,
)
from widgets.activities.common import (
    check_part as common_check_part,
)
from widgets.exports import csv_text

esc = html.escape
APP = "experience-design"
KIND = "cx-offer-builder"
WHAT = "a saved offer and mix"
MAX_MESSAGES = 30
"""Most messages in one plan: three audiences with a few messages each is what an assignment needs."""
MAX_MESSAGE = 600
"""Longest message (characters): a promotional message is a sentence or two."""
MAX_NAME = 120

PARTS = ("offer", "mix", "messages")
PART_TITLES = {"offer": "Product/service offer (4.1)", "mix": "Marketing mix (4.2)",
               "messages": "Promotion-mix messages (4.3)"}
PART_CRITERIA = {"offer": "cim-l4-cx:4.1", "mix": "cim-l4-cx:4.2", "messages": "cim-l4-cx:4.3"}

LEVELS = ("core", "actual", "augmented")
LEVEL_LABELS = {"core": "Core benefit", "actual": "Actual product", "augmented": "Augmented product",
                "brand": "The brand's contribution", "recommendation": "Your recommendation",
                "reasons": "Reasons for the recommendation"}
LEVEL_PROMPTS = {
    "core": "The need the customer is really buying for: the benefit, not the thing.",
    "actual": "What the customer gets: features, quality, design, brand name, packaging.",
    "augmented": "What is added around it: guarantee, delivery, installation, after-sales service, advice, loyalty.",
    "brand": "What the brand adds to the experience: what it promises and why customers believe it.",
    "recommendation": "The offer you recommend for this customer group.",
    "reasons": "How each level (core, actual, augmented) creates or enhances the customer's experience.",
}

Element = Literal["product", "price", "place", "promotion", "people", "process", "physical_evidence"]
ELEMENTS: tuple[str, ...] = ("product", "price", "place", "promotion", "people", "process", "physical_evidence")
ELEMENT_LABELS = {"product": "Product", "price": "Price", "place": "Place", "promotion": "Promotion",
                  "people": "People", "process": "Process", "physical_evidence": "Physical evidence"}
ELEMENT_PROMPTS = {
    "product": "Does the product deliver what the proposition promises?",
    "price": "Does the price support the value proposition, or send a different message about value?",
    "place": "Place: the physical and online environment and its atmosphere. How do they shape the experience?",
    "promotion": "Does the promotion mix tell the same story as the proposition?",
    "people": "The role of staff; employee satisfaction and customer satisfaction (the service-profit chain); "
              "emotional intelligence; talent development.",
    "process": "Do the processes, including self-service options, make the proposition easy to experience?",
    "physical_evidence": "What can customers see and touch that proves the proposition before and after buying?",
}
Rating = Literal["", "supports", "neutral", "undermines"]
RATINGS = ("supports", "neutral", "undermines")
RATING_SCORES = {"supports": 1, "neutral": 0, "undermines": -1}

Audience = Literal["new", "returning", "existing"]
AUDIENCES = ("new", "returning", "existing")
AUDIENCE_LABELS = {"new": "New customers", "returning": "Returning customers", "existing": "Existing customers"}
Channel = Literal["social_networks", "digital_media", "in_store_pos", "sales_delivery_staff", "personal_selling",
                  "support_channels"]
CHANNELS = ("social_networks", "digital_media", "in_store_pos", "sales_delivery_staff", "personal_selling",
            "support_channels")
CHANNEL_LABELS = {"social_networks": "Social networks", "digital_media": "Digital media",
                  "in_store_pos": "In-store point of sale", "sales_delivery_staff": "Sales and delivery staff",
                  "personal_selling": "Personal selling", "support_channels": "Support channel communication"}
Role = Literal["differentiate", "remind", "inform", "persuade"]
ROLES = ("differentiate", "remind", "inform", "persuade")
ROLE_LABELS = {"differentiate": "Differentiate", "remind": "Remind", "inform": "Inform", "persuade": "Persuade"}

# -- words the checks look for -------------------------------------------------------------------------------
_AUGMENTED = re.compile(r"\b(guarantee[ds]?|warrant(y|ies)|deliver(y|ies|ed)?|install(ation|ed)?|after[- ]?sales?|"
                        r"after[- ]?care|loyalty|rewards?|points|click and collect|refunds?|returns policy|"
                        r"helpline|free advice|advice)\b", re.I)
_FEATURE = re.compile(r"\b(features?|quality|design(ed)?|packag(ing|ed|e)|brand name|sizes?|colou?rs?|"
                      r"materials?|made (of|from)|specifications?|range of|models?|litres?|cm|kg|grams?|pots?|"
                      r"labels?|premium)\b|\d", re.I)
_LEVEL_WORDS = {"core": re.compile(r"\bcore\b", re.I), "actual": re.compile(r"\bactual\b", re.I),
                "augmented": re.compile(r"\baugment", re.I)}
_PREMIUM = re.compile(r"\b(expert|trained|premium|quality|specialist|best|care[ds]?|luxury)\b", re.I)
_CHEAP = re.compile(r"\b(cheapest|lowest price|low prices?|discounts?|bargains?|price match(ing)?|undercut|"
                    r"price war|budget)\b", re.I)
_FOR = re.compile(r"(\bfor:|\bin favour|\bsupport(s|ed|ing)?\b|\bstrength(s|en)?\b|\bhelps?\b|\bworks? well\b|"
                  r"\benhances?\b|\bpositive\b)", re.I)
_AGAINST = re.compile(r"\b(against|undermin(e|es|ed|ing)|however|but|weak(ness|nesses)?|risks?|lets? .{0,20}down|"
                      r"limits?)\b", re.I)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _words(text: str) -> int:
    return len(text.split())


# -- the learner's work ----------------------------------------------------------------------------------------
class Offer(ActivityModel):
    core: str = Field("", title="Core benefit", max_length=MAX_TEXT)
    actual: str = Field("", title="Actual product", max_length=MAX_TEXT)
    augmented: str = Field("", title="Augmented product", max_length=MAX_TEXT)
    brand: str = Field("", title="The brand's contribution", max_length=MAX_TEXT)
    recommendation: str = Field("", title="Your recommendation", max_length=MAX_TEXT)
    reasons: str = Field("", title="Reasons for the recommendation", max_length=MAX_TEXT)


class MixEntry(ActivityModel):
    element: Element = Field(title="Element of the mix")
    rating: Rating = Field("", title="Rating")
    discussion: str = Field("", title="Discussion", max_length=MAX_TEXT)


class Message(ActivityModel):
    audience: Audience = Field(title="Audience")
    channels: list[Channel] = Field([], title="Channels", max_length=len(CHANNELS))
    role: Role = Field(title="Role of the message")
    message: str = Field("", title="Message", max_length=MAX_MESSAGE)
    reason: str = Field("", title="Reason", max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _complete(self) -> Message:
        if not self.message:
            raise ValueError("Write the message itself before adding it.")
        if not self.channels:
            raise ValueError(f"Choose at least one channel for the message “{self.message[:40]}”.")
        if len(set(self.channels)) != len(self.channels):
            raise ValueError("A channel is chosen twice for one message: choose each channel once.")
        if not self.reason:
            raise ValueError(f"Give your reason for the message “{self.message[:40]}”: why this message, this role "
                             "and these channels for this audience?")
        return self


def _blank_mix() -> list[MixEntry]:
    return [MixEntry(element=e) for e in ELEMENTS]


class OfferWork(ActivityModel):
    organisation: str = Field("My organisation", title="Organisation", max_length=MAX_NAME)
    customer_group: str = Field("", title="Customer group", max_length=MAX_NAME)
    offer: Offer = Offer()
    value_proposition: str = Field("", title="Value proposition", max_length=MAX_TEXT)
    mix: list[MixEntry] = Field(default_factory=_blank_mix, title="Marketing mix", max_length=len(ELEMENTS))
    for_against: str = Field("", title="Discussion for and against", max_length=MAX_TEXT)
    messages: list[Message] = Field([], title="Messages", max_length=MAX_MESSAGES)

    @field_validator("organisation")
    @classmethod
    def _named(cls, name: str) -> str:
        if not name:
            raise ValueError("Give the name of your organisation (it heads your downloads).")
        return name

    @field_validator("mix")
    @classmethod
    def _seven(cls, mix: list[MixEntry]) -> list[MixEntry]:
        """One entry per P, in the order of the mix; a P not given is added blank."""
        seen: dict[str, MixEntry] = {}
        for entry in mix:
            if entry.element in seen:
                raise ValueError(f"{ELEMENT_LABELS[entry.element]} appears twice in the mix: discuss each P once.")
            seen[entry.element] = entry
        return [seen.get(e) or MixEntry(element=e) for e in ELEMENTS]

    @model_validator(mode="after")
    def _no_repeats(self) -> OfferWork:
        seen: set[tuple[str, str]] = set()
        for m in self.messages:
            key = (m.audience, _norm(m.message))
            if key in seen:
                raise ValueError(f"The message “{m.message[:40]}” is already there for "
                                 f"{AUDIENCE_LABELS[m.audience].lower()}: change it or choose another audience.")
            seen.add(key)
        return self

    def entry(self, element: str) -> MixEntry:
        return next(e for e in self.mix if e.element == element)


class OfferTask(ActivityModel):
    id: str
    title: str = Field(max_length=200)
    criteria: list[str] = []
    instructions: dict[Literal["offer", "mix", "messages"], str] = {}
    worked: OfferWork


# -- building, changing, saving ------------------------------------------------------------------------------
def load_offer_task(spec_id: str, name: str) -> OfferTask:
    return parse(OfferTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")


def check_part(part: str | None) -> str | None:
    return common_check_part(part, PARTS, "the offer and mix builder")


def blank_work(organisation: str = "My organisation") -> OfferWork:
    return build(OfferWork, organisation=organisation)


with_changes = rebuild  # a copy with changes applied and checked again


def with_offer(work: OfferWork, level: str, value: str) -> OfferWork:
    if level not in LEVEL_LABELS:
        raise ValueError("That is not a part of the offer: choose core, actual, augmented, brand, recommendation or "
                         "reasons.")
    offer = work.offer.model_dump()
    offer[level] = value
    return with_changes(work, offer=offer)


def with_mix(work: OfferWork, element: str, rating: str | None = None, discussion: str | None = None) -> OfferWork:
    if element not in ELEMENTS:
        raise ValueError(f"“{str(element)[:30]}” is not one of the seven Ps: choose from the list.")
    rows = [e.model_dump() for e in work.mix]
    for row in rows:
        if row["element"] == element:
            if rating is not None:
                row["rating"] = rating or ""
            if discussion is not None:
                row["discussion"] = discussion
    return with_changes(work, mix=rows)


def add_message(work: OfferWork, audience: str, channels: list[str] | tuple[str, ...], role: str, message: str,
                reason: str) -> OfferWork:
    if len(work.messages) >= MAX_MESSAGES:
        raise ValueError(f"There are already {MAX_MESSAGES} messages, more than an assignment needs: remove one "
                         "before adding another.")
    row = dict(audience=audience, channels=list(channels), role=role, message=message, reason=reason)
    return with_changes(work, messages=[*work.model_dump()["messages"], row])


def remove_message(work: OfferWork, index: int | None) -> OfferWork:
    if index is None or not 0 <= index < len(work.messages):
        raise ValueError("Choose a message to remove from the list.")
    rows = work.model_dump()["messages"]
    del rows[index]
    return with_changes(work, messages=rows)


def to_json(work: OfferWork, task_id: str = "hartwell-offer") -> str:
    return saved_json(KIND, task_id, work)


def from_json(content: str | bytes) -> OfferWork:
    """A saved offer and mix, checked (size, nesting, kind, version, every field); a sentence otherwise."""
    return open_saved(OfferWork, content, KIND, WHAT)


# -- the checks ----------------------------------------------------------------------------------------------
def offer_notes(work: OfferWork) -> list[str]:
    """Flags on the offer (4.1), each with its reason; empty when nothing is flagged."""
    o, notes = work.offer, []
    for level in LEVELS:
        if not getattr(o, level):
            notes.append(f"{LEVEL_LABELS[level]} is missing: {LEVEL_PROMPTS[level]}")
    if o.core:
        hit = _AUGMENTED.search(o.core)
        if hit:
            notes.append(f"The core benefit mentions “{hit.group(0)}”, which belongs to the augmented product: the "
                         "core is the need met, and a guarantee, delivery, advice or loyalty scheme is added "
                         "around the product. Move it to the augmented level.")
        feat = _FEATURE.search(o.core)
        if feat:
            notes.append(f"The core benefit may be phrased as a feature (“{feat.group(0)}”): a feature or a figure "
                         "describes the actual product. Say what the customer gains — the classic example is that "
                         "people buy a hole in the wall, not a drill.")
    if o.actual:
        hit = _AUGMENTED.search(o.actual)
        if hit:
            notes.append(f"The actual product mentions “{hit.group(0)}”: a guarantee, delivery, installation, "
                         "after-sales service, advice or loyalty belongs to the augmented product. Keep the actual "
                         "level to features, quality, design, brand name and packaging.")
    if o.augmented and not _AUGMENTED.search(o.augmented) and not re.search(
            r"\b(service|support|help|collect|credit|financ|membership|club|app)\w*", o.augmented, re.I):
        notes.append("The augmented product names no added service (guarantee, delivery, installation, after-sales "
                     "service, advice, loyalty): check that it is not describing the actual product again.")
    texts = {k: getattr(o, k) for k in (*LEVELS, "brand")}
    keys = list(texts)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            ta, tb = _norm(texts[a]), _norm(texts[b])
            if len(ta) < 15 or len(tb) < 15:
                continue
            if ta == tb or ta in tb or tb in ta or difflib.SequenceMatcher(None, ta, tb).ratio() >= 0.8:
                notes.append(f"{LEVEL_LABELS[a]} and {LEVEL_LABELS[b].lower()} say almost the same thing: each "
                             "level adds something different to the experience, so write each in its own words.")
    if not o.brand:
        notes.append("Say what the brand contributes: what it promises customers and why they believe it.")
    if not o.recommendation:
        notes.append("Write your recommendation: which offer, for which customer group.")
    if not o.reasons:
        notes.append("Give the reasons for your recommendation: a recommendation without reasons cannot be judged.")
    elif _words(o.reasons) < 12:
        notes.append("Your reasons are very short: explain how the offer creates or enhances the experience.")
    else:
        missing = [LEVEL_LABELS[k].split()[0].lower() for k, rx in _LEVEL_WORDS.items() if not rx.search(o.reasons)]
        if len(missing) == 3:
            notes.append("Your reasons do not mention the core, actual or augmented level: say how each level "
                         "creates or enhances the customer's experience.")
    return notes


def mix_notes(work: OfferWork) -> list[str]:
    """Flags on the marketing mix (4.2), each with its reason."""
    notes = []
    vp = work.value_proposition
    if not vp:
        notes.append("State the value proposition first: every P is judged against it.")
    for entry in work.mix:
        label = ELEMENT_LABELS[entry.element]
        if entry.element in ("people", "process") and not entry.rating and not entry.discussion:
            why = ("staff create most service experiences, and the service-profit chain links employee satisfaction "
                   "to customer satisfaction" if entry.element == "people" else
                   "processes (including self-service) decide whether customers can get the proposition easily and "
                   "reliably")
            notes.append(f"{label} is missing from the mix: {why}. Rate it and discuss it.")
            continue
        if not entry.rating:
            notes.append(f"{label}: choose whether it supports, is neutral to or undermines the proposition.")
        if not entry.discussion:
            notes.append(f"{label}: give your reason for the rating.")
        elif _words(entry.discussion) < 6:
            notes.append(f"{label}: your reason is very short; say how it supports or undermines the proposition.")
    price = work.entry("price")
    if price.rating == "undermines":
        notes.append("Price and proposition conflict: you rated price as undermining the value proposition. Say "
                     "what should change, because customers judge value by what they pay for what they get.")
    elif vp and price.discussion and _PREMIUM.search(vp) and _CHEAP.search(price.discussion) \
            and price.rating == "supports":
        notes.append("Price and proposition may conflict: the proposition promises expertise or quality, but the "
                     "price discussion is about low prices or discounts, which can suggest the opposite. Explain "
                     "how the two fit, or change the rating.")
    if not work.for_against:
        notes.append("Write your discussion for and against: where the mix supports the proposition and where it "
                     "lets customers down.")
    elif not (_FOR.search(work.for_against) and _AGAINST.search(work.for_against)):
        notes.append("Your discussion seems to argue one side only: a discussion weighs what supports the "
                     "proposition against what undermines it.")
    return notes


def message_notes(work: OfferWork) -> list[str]:
    """Flags on the promotion-mix messages (4.3), each with its reason."""
    notes = []
    for aud in AUDIENCES:
        mine = [m for m in work.messages if m.audience == aud]
        if not mine:
            notes.append(f"{AUDIENCE_LABELS[aud]} have no message yet: tailor at least one to them.")
            continue
        roles = {m.role for m in mine}
        if aud == "new" and roles == {"remind"}:
            notes.append("“Remind” is the only role for new customers: they have nothing to be reminded of yet. New "
                         "customers need to be informed, persuaded or shown how the offer differs.")
        if aud == "existing" and roles == {"inform"}:
            notes.append("Existing customers only get “inform” messages: they already know the basics, so consider "
                         "reminding them or differentiating against competitors to keep them loyal.")
    if len(work.messages) >= 2:
        used = [frozenset(m.channels) for m in work.messages]
        if len(set(used)) == 1:
            notes.append("Every message uses the same channels: customers meet the organisation in different places, "
                         "so vary the channels by audience and role.")
    for m in work.messages:
        if _words(m.reason) < 6:
            notes.append(f"The reason for “{m.message[:40]}” is very short: say why this message suits this "
                         "audience and these channels.")
    return notes


def all_notes(work: OfferWork) -> dict[str, list[str]]:
    return {"offer": offer_notes(work), "mix": mix_notes(work), "messages": message_notes(work)}


# -- chart ---------------------------------------------------------------------------------------------------
def mix_description(work: OfferWork) -> str:
    rated = [f"{ELEMENT_LABELS[e.element]} {e.rating}" for e in work.mix if e.rating]
    unrated = [ELEMENT_LABELS[e.element] for e in work.mix if not e.rating]
    text = "Bar chart of how each element of the marketing mix supports (+1), is neutral to (0) or undermines (-1) " \
           "the value proposition: " + ("; ".join(rated) if rated else "nothing rated yet") + "."
    if unrated:
        text += f" Not rated: {', '.join(unrated)}."
    return text


def mix_chart(work: OfferWork):
    """The ratings as a bar chart with its text description (an :class:`AccessibleChart`)."""
    from widgets.charts import PALETTE, AccessibleChart, import_altair

    alt = import_altair()
    import pandas as pd

    rows = [{"Element": ELEMENT_LABELS[e.element], "Score": RATING_SCORES[e.rating], "Rating": e.rating}
            for e in work.mix if e.rating]
    frame = pd.DataFrame(rows or [{"Element": "(none rated)", "Score": 0, "Rating": "not rated"}])
    bars = alt.Chart(frame, title="The mix against the value proposition").mark_bar().encode(
        y=alt.Y("Element:N", sort=None, title=None),
        x=alt.X("Score:Q", scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(values=[-1, 0, 1], title="undermines (-1) · neutral (0) · supports (+1)")),
        color=alt.Color("Rating:N", scale=alt.Scale(domain=["supports", "neutral", "undermines", "not rated"],
                                                    range=[PALETTE[2], PALETTE[4], PALETTE[1], PALETTE[4]]),
                        legend=alt.Legend(title="Rating")),
        tooltip=["Element", "Rating"])
    return AccessibleChart(bars.properties(width=360, height=alt.Step(26)), mix_description(work))


# -- HTML and CSV --------------------------------------------------------------------------------------------
def _p(text: str) -> str:
    return esc(text) if text else "<span class='cx-blank'>(not written yet)</span>"


def notes_html(notes: list[str]) -> str:
    if not notes:
        return "<p class='cx-hint-ok'><strong>Checks:</strong> nothing flagged. The checks look for common slips; " \
               "your judgement and reasons are what is assessed.</p>"
    items = "".join(f"<li>{esc(n)}</li>" for n in notes)
    return f"<div class='cx-checks'><p><strong>Checks ({len(notes)} flagged):</strong></p><ul>{items}</ul></div>"


def offer_html(work: OfferWork) -> str:
    rows = "".join(f"<tr><th scope='row'>{esc(LEVEL_LABELS[k])}</th><td>{_p(getattr(work.offer, k))}</td></tr>"
                   for k in (*LEVELS, "brand", "recommendation", "reasons"))
    return (f"<table class='cx-activity-table'><caption>Offer for {esc(work.customer_group or 'a customer group')} "
            f"at {esc(work.organisation)}</caption><tbody>{rows}</tbody></table>")


def mix_html(work: OfferWork) -> str:
    rows = "".join(f"<tr><th scope='row'>{esc(ELEMENT_LABELS[e.element])}</th><td>{_p(e.rating)}</td>"
                   f"<td>{_p(e.discussion)}</td></tr>" for e in work.mix)
    return (f"<p><strong>Value proposition:</strong> {_p(work.value_proposition)}</p>"
            "<table class='cx-activity-table'><caption>The seven Ps against the value proposition</caption>"
            "<thead><tr><th scope='col'>Element</th><th scope='col'>Rating</th><th scope='col'>Discussion</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
            f"<p><strong>For and against:</strong> {_p(work.for_against)}</p>")


def messages_html(work: OfferWork) -> str:
    if not work.messages:
        return "<p class='cx-blank'>No messages yet.</p>"
    rows = "".join(
        f"<tr><td>{n}</td><td>{esc(AUDIENCE_LABELS[m.audience])}</td>"
        f"<td>{esc(', '.join(CHANNEL_LABELS[c] for c in m.channels))}</td><td>{esc(ROLE_LABELS[m.role])}</td>"
        f"<td>{esc(m.message)}</td><td>{esc(m.reason)}</td></tr>" for n, m in enumerate(work.messages, 1))
    return ("<table class='cx-activity-table'><caption>Promotion-mix messages by audience</caption><thead><tr>"
            "<th scope='col'>No.</th><th scope='col'>Audience</th><th scope='col'>Channels</th>"
            "<th scope='col'>Role (DRIP)</th><th scope='col'>Message</th><th scope='col'>Reason</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def part_html(work: OfferWork, part: str, chart_html: str = "") -> str:
    if part == "offer":
        return offer_html(work) + notes_html(offer_notes(work))
    if part == "mix":
        return mix_html(work) + chart_html + notes_html(mix_notes(work))
    return messages_html(work) + notes_html(message_notes(work))


def document_html(work: OfferWork, part: str | None = None) -> str:
    """A stand-alone web page of the learner's work (everything escaped)."""
    parts = PARTS if part is None else (check_part(part),)
    body = "".join(f"<h2>{esc(PART_TITLES[p])}</h2>{part_html(work, p)}" for p in parts)
    title = esc(f"Offer and mix: {work.organisation}")
    return (f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><main><h1>{title}</h1><p>Customer group: {_p(work.customer_group)}</p>{body}</main></body></html>")


def to_csv(work: OfferWork) -> str:
    """The work as a spreadsheet: one row per entry (part, item, rating or role, channels, text, reason)."""
    rows: list[list[str]] = [["organisation", "", "", "", work.organisation, ""],
                             ["customer group", "", "", "", work.customer_group, ""]]
    rows += [["offer", LEVEL_LABELS[k], "", "", getattr(work.offer, k), ""]
             for k in (*LEVELS, "brand", "recommendation", "reasons")]
    rows.append(["mix", "Value proposition", "", "", work.value_proposition, ""])
    rows += [["mix", ELEMENT_LABELS[e.element], e.rating, "", e.discussion, ""] for e in work.mix]
    rows.append(["mix", "For and against", "", "", work.for_against, ""])
    rows += [["messages", AUDIENCE_LABELS[m.audience], ROLE_LABELS[m.role],
              "; ".join(CHANNEL_LABELS[c] for c in m.channels), m.message, m.reason] for m in work.messages]
    return csv_text(rows, header=["part", "item", "rating or role", "channels", "text", "reason"])


def offer_builder_html(task: OfferTask, part: str | None = None, live_link: str = "") -> str:
    """The book's static form: the worked example for ``part`` (or all three), its checks, and the live link."""
    parts = PARTS if check_part(part) is None else (part,)
    work = task.worked
    out = []
    for p in parts:
        chart = mix_chart(work).to_html() if p == "mix" else ""
        out.append(f"<section><h4>{esc(PART_TITLES[p])}</h4><p>{esc(task.instructions.get(p, ''))}</p>"
                   f"<p class='cx-example-note'>Worked example: {esc(work.organisation)}. Use it to see the "
                   "thinking; write your own for your organisation.</p>"
                   f"{part_html(work, p, chart)}</section>")
    title = task.title + ("" if part is None else f": {PART_TITLES[part]}")
    return (f"<div class='cx-activity'><h3 class='cx-activity-title'>{esc(title)}</h3>"
            f"{''.join(out)}{live_link}</div>")
