"""Branching scenario: turn an unhappy customer into a happy one (OCR Unit 10 topic 4.2; D2).

A scenario is a graph of :class:`ScenarioNode`\\ s. Each node says what the customer says or does and
their mood from −2 (very unhappy) to +2 (very happy). A node either offers choices — each with the
node it leads to, feedback and the skill or principle it shows (or lacks) — or is an ending (happy, neutral
or unhappy) with no choices. By default the skills are the ten of OCR Unit 10 topic 4.2; a scenario for
another specification names its own with ``labels`` (key → label) and the word shown for them with ``lens``
(for example ``principle``), so the kind serves any spec.

:meth:`Scenario.problems` checks the graph: the start exists, every ``next`` exists, every node is
reachable from the start, no node is a dead end (a non-ending without choices, or a node from which
no ending can be reached), and at least one ending is happy. :class:`ScenarioPlay` follows a
learner's path and records the mood at each step.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field, model_validator

from widgets.activities.common import ActivityModel, load_yaml, parse
from widgets.activities.skills import SKILL_LABELS

MOODS: dict[int, str] = {-2: "very unhappy", -1: "unhappy", 0: "calm", 1: "happy", 2: "very happy"}
Ending = Literal["happy", "neutral", "unhappy"]
ENDINGS = {"happy": "Happy ending", "neutral": "Mixed ending", "unhappy": "Unhappy ending"}


def mood_label(mood: int) -> str:
    sign = "+" if mood > 0 else "−" if mood < 0 else ""
    return f"{sign}{abs(mood)} ({MOODS[mood]})"


class ScenarioChoice(ActivityModel):
    text: str = Field(min_length=1)
    next: str = Field(min_length=1)
    feedback: str = Field(min_length=1)
    skill: str = Field(min_length=1, description="key of the skill or principle (the scenario's labels)")
    good: bool = Field(description="whether this choice shows the skill well")


class ScenarioNode(ActivityModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    customer: str = Field(min_length=1, description="what the customer says or does")
    mood: int = Field(ge=-2, le=2)
    ending: Ending | None = None
    choices: list[ScenarioChoice] = []


class Scenario(ActivityModel):
    id: str
    title: str
    setting: str
    role: str = Field(description="who the learner plays")
    criteria: list[str] = []
    lens: str = Field("skill", min_length=1, max_length=40, description="what a choice's label names")
    labels: dict[str, str] = Field(default_factory=dict, description="key → label; empty: the ten 4.2 skills")
    start: str
    nodes: list[ScenarioNode] = Field(min_length=1)

    @model_validator(mode="after")
    def _valid_graph(self) -> Scenario:
        problems = self.problems()
        if problems:
            raise ValueError("the scenario cannot be played: " + "; ".join(problems))
        return self

    def node(self, node_id: str) -> ScenarioNode:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise ValueError(f"there is no step {node_id!r} in this scenario")

    def problems(self) -> list[str]:
        """Every reason the graph cannot be played (empty when it is sound)."""
        out: list[str] = []
        ids = [n.id for n in self.nodes]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            out.append(f"step ids used twice: {', '.join(dupes)}")
        known = set(ids)
        keys = self.labels or SKILL_LABELS
        for n in self.nodes:
            for c in n.choices:
                if c.skill not in keys:
                    which = "labels of this scenario" if self.labels else "ten 4.2 skills"
                    out.append(f"step {n.id!r} has a choice with {self.lens} {c.skill!r}, which is not one of the "
                               f"{which} ({', '.join(keys)})")
        if self.start not in known:
            out.append(f"the start step {self.start!r} does not exist")
        for n in self.nodes:
            for c in n.choices:
                if c.next not in known:
                    out.append(f"step {n.id!r} has a choice leading to {c.next!r}, which does not exist")
            if n.ending and n.choices:
                out.append(f"step {n.id!r} is an ending but still offers choices")
            if not n.ending and not n.choices:
                out.append(f"step {n.id!r} is a dead end: it has no choices and is not an ending")
        if out:
            return out
        graph = {n.id: [c.next for c in n.choices] for n in self.nodes}
        reachable = _reach(graph, [self.start])
        unreachable = [i for i in ids if i not in reachable]
        if unreachable:
            out.append(f"steps that can never be reached from the start: {', '.join(unreachable)}")
        reverse: dict[str, list[str]] = {i: [] for i in ids}
        for src, nexts in graph.items():
            for dst in nexts:
                reverse[dst].append(src)
        can_finish = _reach(reverse, [n.id for n in self.nodes if n.ending])
        stuck = [i for i in ids if i not in can_finish]
        if stuck:
            out.append(f"steps from which no ending can be reached (the learner would go round in circles): "
                       f"{', '.join(stuck)}")
        if not any(n.ending == "happy" for n in self.nodes):
            out.append("there is no happy ending")
        return out

    def label(self, choice: ScenarioChoice) -> str:
        """The label of the skill or principle a choice shows."""
        return (self.labels or SKILL_LABELS)[choice.skill]

    def endings(self) -> list[ScenarioNode]:
        return [n for n in self.nodes if n.ending]


def _reach(graph: dict[str, list[str]], starts: list[str]) -> set[str]:
    seen = set(starts)
    queue = deque(starts)
    while queue:
        for nxt in graph.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


@dataclass(frozen=True)
class Step:
    node: ScenarioNode
    choice: ScenarioChoice | None  # the choice that led here (None for the start)


@dataclass
class ScenarioPlay:
    """One learner's way through a scenario."""

    scenario: Scenario
    steps: list[Step] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.steps:
            self.steps = [Step(self.scenario.node(self.scenario.start), None)]

    @property
    def current(self) -> ScenarioNode:
        return self.steps[-1].node

    @property
    def finished(self) -> bool:
        return self.current.ending is not None

    @property
    def last_choice(self) -> ScenarioChoice | None:
        return self.steps[-1].choice

    def choose(self, index: int) -> ScenarioNode:
        """Take choice ``index`` (0-based) of the current step; returns the new step."""
        if self.finished:
            raise ValueError("The scenario has ended: choose “Start again” to try another way.")
        choices = self.current.choices
        if not 0 <= index < len(choices):
            raise ValueError(f"Choose one of the {len(choices)} options.")
        choice = choices[index]
        self.steps.append(Step(self.scenario.node(choice.next), choice))
        return self.current

    def restart(self) -> None:
        self.steps = self.steps[:1]

    def path(self) -> list[str]:
        return [s.node.id for s in self.steps]

    def moods(self) -> list[int]:
        return [s.node.mood for s in self.steps]

    def skills_used(self) -> list[tuple[str, bool]]:
        """(skill label, shown well?) for each choice made, in order."""
        return [(self.scenario.label(s.choice), s.choice.good) for s in self.steps if s.choice]

    def mood_text(self) -> str:
        parts = [f"step {n} {s.node.title}: {mood_label(s.node.mood)}" for n, s in enumerate(self.steps, 1)]
        return "Customer's mood at each step, from −2 (very unhappy) to +2 (very happy): " + "; ".join(parts) + "."


def load_scenario(spec_id: str, name: str) -> Scenario:
    return parse(Scenario, load_yaml(spec_id, name), f"{spec_id}/{name}.yml")
