"""Course map model: what a learner sees for one learning outcome of one specification."""

from __future__ import annotations

from dataclasses import dataclass

from widgets.curriculum import SPEC_IDS, Outcome, Spec, load_spec


@dataclass(frozen=True)
class OutcomeSummary:
    spec: Spec
    outcome: Outcome

    @property
    def weighting_text(self) -> str:
        if self.outcome.weighting is None:
            return "This specification does not weight its learning outcomes."
        return f"{self.outcome.weighting:g}% of the module's assessment."

    @property
    def hours_text(self) -> str:
        whole = self.spec.hours_summary("not stated")
        share = ""
        if self.spec.glh and self.outcome.weighting:
            hours = self.spec.glh * self.outcome.weighting / 100
            share = f" About {hours:.0f} guided hours in proportion to its weighting."
        return f"Whole {'module' if self.spec.id.startswith('cim') else 'unit'}: {whole}.{share}"


def spec_choices() -> list[tuple[str, str]]:
    """(label, spec id) pairs in book order, for a picker."""
    out = []
    for spec_id in SPEC_IDS:
        spec = load_spec(spec_id)
        out.append((f"Level {spec.level}: {spec.title} ({spec.awarding_body.split(' (')[0]})", spec_id))
    return out


def outcome_choices(spec_id: str) -> list[tuple[str, str]]:
    spec = load_spec(spec_id)
    return [(f"{o.id}: {o.title}", o.id) for o in spec.outcomes()]


def summarise(spec_id: str, outcome_id: str) -> OutcomeSummary:
    spec = load_spec(spec_id)
    for outcome in spec.outcomes():
        if outcome.id == outcome_id:
            return OutcomeSummary(spec, outcome)
    raise ValueError(f"{spec.title} has no learning outcome {outcome_id}")
