"""Sorting task: put each example into the right category, then see what was right and why.

Used for OCR Unit 10 topic 1.1 (P1), where learners sort examples into the five ways customer
expectations are formed. Marking is exact: an item is right when the chosen category id equals the
item's ``answer``; the score is the number right out of the number of items (unanswered items count
as not right).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import Field, model_validator

from widgets.activities.common import ActivityModel, load_yaml, parse


class SortCategory(ActivityModel):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str = Field(min_length=1)
    description: str = ""


class SortItem(ActivityModel):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(min_length=1)
    answer: str = Field(min_length=1, description="the id of the right category")
    feedback: str = Field(min_length=1, description="why that category is right")


@dataclass(frozen=True)
class ItemResult:
    item: SortItem
    chosen: str | None
    correct: bool
    chosen_label: str
    answer_label: str

    @property
    def answered(self) -> bool:
        return self.chosen is not None


@dataclass(frozen=True)
class SortResult:
    items: tuple[ItemResult, ...]

    @property
    def score(self) -> int:
        return sum(r.correct for r in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(r.answered for r in self.items)

    @property
    def summary(self) -> str:
        text = f"{self.score} out of {self.total} right"
        if self.answered < self.total:
            text += f" ({self.total - self.answered} not answered yet)"
        return text + "."


class SortingTask(ActivityModel):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    instructions: str = Field(min_length=1)
    criteria: list[str] = []
    categories: list[SortCategory] = Field(min_length=2)
    items: list[SortItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> SortingTask:
        cats = [c.id for c in self.categories]
        if len(set(cats)) != len(cats):
            raise ValueError("two categories share an id")
        ids = [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("two items share an id")
        for item in self.items:
            if item.answer not in cats:
                raise ValueError(f"item {item.id!r} has answer {item.answer!r}, which is not a category")
        return self

    def category(self, category_id: str) -> SortCategory:
        for c in self.categories:
            if c.id == category_id:
                return c
        raise ValueError(f"“{category_id}” is not one of the categories: choose from the list")

    def check(self, answers: Mapping[str, str | None]) -> SortResult:
        """Mark ``answers`` (item id → chosen category id, or ``None`` for not answered)."""
        known = {i.id for i in self.items}
        for item_id in answers:
            if item_id not in known:
                raise ValueError(f"there is no example {item_id!r} in this task")
        results = []
        for item in self.items:
            chosen = answers.get(item.id) or None
            chosen_label = self.category(chosen).label if chosen else "not answered"
            results.append(ItemResult(item, chosen, chosen == item.answer, chosen_label,
                                      self.category(item.answer).label))
        return SortResult(tuple(results))


def load_sorting(spec_id: str, name: str) -> SortingTask:
    return parse(SortingTask, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")
