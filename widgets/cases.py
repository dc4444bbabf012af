"""Running cases: the one set of facts about an organisation a unit's chapters follow.

A running case (for OCR Level 2 Unit 10, the made-up shop Stride Sports) appears in many places: the
chapters' prose, the worked activities, a journey-map template and the question banks. Its facts live
in one file, ``data/cases/<spec-id>/<case>.yml``, read by :func:`load_case`; ``tests/test_case_facts.py``
fails when a page, an activity or a question says something different (DESIGN.md, "Data flow").

This module is a pure model: it imports no views.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

CASES_DIR = Path(__file__).resolve().parent.parent / "data" / "cases"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Staff(_Strict):
    owner: str
    assistant_manager: str
    senior_fitter: str
    on_a_saturday: int = Field(ge=1)
    tills_open_on_a_saturday: int = Field(ge=1)
    decides_worn_shoe_swaps: str


class Vision(_Strict):
    text: str = Field(min_length=10)
    where: str


class GaitCheck(_Strict):
    price: str
    what: str
    minutes: int = Field(ge=1)
    offered_to: str
    booking: str
    website_takes_bookings: bool
    website_says_whether_to_book: bool


class ClickAndCollect(_Strict):
    promise: str
    cut_off: str


class Loyalty(_Strict):
    scheme: str
    stamp_per: str
    stamps_for_reward: int = Field(ge=1)
    reward_percent_off: int = Field(ge=1, le=100)
    recorded_on_till: bool
    running_club_discount_percent: int = Field(ge=0, le=100)


class Returns(_Strict):
    unworn_days: int = Field(ge=1)
    unworn_written: bool
    worn_swaps_written: bool
    worn_swaps_decided_by: str
    lost_receipt: str


class ServiceStandards(_Strict):
    greet_within_minutes: int = Field(ge=1)
    email_reply: str


class Journey(_Strict):
    template: str
    persona: str
    persona_age: int
    persona_job: str
    persona_pronoun: str
    joins_running_club: str
    saturday_wait_minutes: int
    queue_minutes: int
    price_paid: str


class Occasion(_Strict):
    title: str
    date: dt.date
    situation: Literal["complaint", "support", "other"]
    customer: Literal["new", "existing"]
    expectations: Literal["not met", "met", "exceeded"]
    acceptable: bool | None
    touchpoint: str | None
    keywords: tuple[str, ...] = ()


class Case(_Strict):
    id: str
    spec: str
    name: str
    fictional: bool
    what_it_is: str
    address: str
    sells: str
    opening: str
    opens: str
    closes: str
    staff: Staff
    channels: tuple[str, ...]
    vision: Vision
    gait_check: GaitCheck
    click_and_collect: ClickAndCollect
    loyalty: Loyalty
    returns: Returns
    service_standards: ServiceStandards
    journey: Journey
    occasions: tuple[Occasion, ...]
    expectation_sources: dict[str, str]

    def occasion(self, title: str) -> Occasion:
        """The occasion called ``title``; ``KeyError`` if the case has none."""
        for occasion in self.occasions:
            if occasion.title == title:
                return occasion
        raise KeyError(f"{self.name} has no occasion called {title!r}")


def case_path(spec_id: str, case_id: str, root: Path = CASES_DIR) -> Path:
    for part, what in ((spec_id, "specification id"), (case_id, "case id")):
        if not part or not part.replace("-", "").isalnum() or part != part.lower():
            raise ValueError(f"The {what} {part!r} should be lower-case letters, digits and hyphens.")
    return root / spec_id / f"{case_id}.yml"


@cache
def load_case(spec_id: str, case_id: str) -> Case:
    """The facts of one running case, validated. ``ValueError`` naming the file when it is missing or wrong."""
    path = case_path(spec_id, case_id)
    if not path.is_file():
        raise ValueError(f"There is no running case {spec_id}/{case_id} (looked for {path.name} in data/cases).")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Case.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ValueError(f"{spec_id}/{path.name}: {exc}") from None
