"""Coverage: which chapter sections, quiz questions and activities teach each criterion.

Convention (documented in ``book/coverage-convention.md``):

* **Sections.** In a chapter notebook's Markdown, ``{ac}`<spec-id>:<criterion>``` marks that the
  section it appears in (the nearest heading above it) teaches that criterion.
* **Activities.** A code cell whose metadata holds
  ``{"cx": {"activity": "<title>", "criteria": ["<spec-id>:<criterion>", ...]}}`` is an activity
  covering those criteria.
* **Quiz questions.** Every question in ``data/quizzes/<spec-id>/*.yml`` lists the criteria it
  checks in ``criteria``.

A reference to a criterion that does not exist raises :class:`CoverageError`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from widgets.curriculum import SPEC_IDS, load_spec, resolve_key

AC_ROLE = re.compile(r"\{ac\}`([^`]+)`")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


class CoverageError(ValueError):
    """Content refers to a criterion that does not exist (message names the file)."""


@dataclass(frozen=True)
class Place:
    """Somewhere that teaches or checks a criterion."""

    kind: str  # "section" | "activity" | "quiz"
    title: str
    path: str  # repository-relative path of the file
    anchor: str = ""  # heading slug for sections


@dataclass
class Coverage:
    by_key: dict[str, list[Place]] = field(default_factory=dict)

    def add(self, key: str, place: Place, source: str) -> None:
        try:
            resolve_key(key)
        except ValueError as exc:
            raise CoverageError(f"{source}: {exc}") from None
        places = self.by_key.setdefault(key, [])
        if place not in places:
            places.append(place)

    def places(self, key: str, kind: str | None = None) -> list[Place]:
        return [p for p in self.by_key.get(key, []) if kind is None or p.kind == kind]

    def count(self, spec_id: str, kind: str | None = "section") -> int:
        """How many of the spec's criteria have at least one place of this kind (any kind if None)."""
        keys = [f"{spec_id}:{c.id}" for c in load_spec(spec_id).criteria()]
        return sum(1 for k in keys if self.places(k, kind))

    def percent(self, spec_id: str) -> float:
        """Coverage: the share of criteria TAUGHT in a chapter section. Quiz questions and activities
        practise and check a criterion; on their own they do not count as teaching it."""
        return 100.0 * self.count(spec_id) / len(load_spec(spec_id).criteria())


def slugify(text: str) -> str:
    """MyST-style heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\s-]", "", text.strip().lower())
    return re.sub(r"\s+", "-", text)


def _cell_source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def scan_notebook(path: Path, root: Path, coverage: Coverage) -> None:
    rel = path.relative_to(root).as_posix()
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CoverageError(f"{rel}: cannot be read as a notebook ({exc})") from None
    section_title, section_anchor = "(chapter introduction)", ""
    for index, cell in enumerate(nb.get("cells", [])):
        source = _cell_source(cell)
        if cell.get("cell_type") == "markdown":
            # Walk headings and roles in order so each role belongs to the heading above it.
            events = [(m.start(), "h", m) for m in HEADING.finditer(source)]
            events += [(m.start(), "r", m) for m in AC_ROLE.finditer(source)]
            for _pos, kind, match in sorted(events, key=lambda e: e[0]):
                if kind == "h":
                    section_title = AC_ROLE.sub(lambda m: m.group(1), match.group(2))
                    section_anchor = slugify(section_title)
                else:
                    place = Place("section", section_title, rel, section_anchor)
                    coverage.add(match.group(1).strip(), place, f"{rel} cell {index}")
        meta = cell.get("metadata", {}).get("cx", {})
        if cell.get("cell_type") == "code" and meta.get("activity"):
            criteria = meta.get("criteria") or []
            if not isinstance(criteria, list) or not criteria:
                raise CoverageError(f"{rel} cell {index}: an activity must list the criteria it covers")
            for key in criteria:
                coverage.add(str(key), Place("activity", str(meta["activity"]), rel), f"{rel} cell {index}")


def scan_quiz_bank(path: Path, root: Path, coverage: Coverage) -> None:
    """Every question of a bank, validated by the quiz engine's loader (``widgets.quiz.models``), so
    a malformed bank fails here too, naming file, question id and field."""
    from widgets.quiz.models import BankError, parse_bank

    rel = path.relative_to(root).as_posix()
    try:
        bank = parse_bank(path.read_text(encoding="utf-8"), rel)
    except (BankError, OSError) as exc:
        raise CoverageError(str(exc)) from None
    if bank.spec != path.parent.name:
        raise CoverageError(f"{rel}: (bank): spec: {bank.spec!r} does not match the folder {path.parent.name!r}")
    for question in bank.questions:
        for key in question.criteria:
            coverage.add(key, Place("quiz", question.id, rel), f"{rel} question {question.id}")


def scan(root: Path) -> Coverage:
    """Scan chapters and quiz banks under the repository ``root``."""
    coverage = Coverage()
    for path in sorted((root / "chapters").glob("*/*.ipynb")):
        scan_notebook(path, root, coverage)
    for path in sorted((root / "data" / "quizzes").glob("*/*.yml")):
        scan_quiz_bank(path, root, coverage)
    return coverage


def summary(coverage: Coverage) -> dict[str, float]:
    return {spec_id: coverage.percent(spec_id) for spec_id in SPEC_IDS}
