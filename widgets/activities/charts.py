"""Charts for the activities, each an :class:`~widgets.charts.AccessibleChart` with a text description.

The description states every value shown, so the chart is never the only way to read the data.
"""

from __future__ import annotations

import datetime as dt

from widgets.activities.action_plan import ActionPlan
from widgets.activities.reaction_log import FEELING_SCALE, SITUATIONS, ReactionLog
from widgets.activities.scenario import ScenarioPlay, mood_label
from widgets.activities.skills import RATING_SCALE, SkillsReview
from widgets.charts import PALETTE, AccessibleChart, import_altair


def _short(text: str, limit: int = 42) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def feeling_chart(log: ReactionLog) -> AccessibleChart:
    """Bar chart: how the outcome made the customer feel (1–5) on each occasion, grouped by situation."""
    if not log.occasions:
        raise ValueError("Add at least one occasion to see the chart.")
    alt = import_altair()
    rows = [{"Occasion": f"{n}. {_short(o.title, 36)}", "Feeling (1 to 5)": o.feeling,
             "Situation": SITUATIONS[o.situation], "In words": o.feeling_words}
            for n, o in enumerate(log.occasions, 1)]
    order = [r["Occasion"] for r in rows]
    base = alt.Chart(alt.Data(values=rows), title=f"How each outcome made the customer feel: {log.organisation}")
    bars = base.mark_bar().encode(
        y=alt.Y("Occasion:N", sort=order, title=None),
        x=alt.X("Feeling (1 to 5):Q", scale=alt.Scale(domain=[0, 5]), axis=alt.Axis(tickCount=5)),
        color=alt.Color("Situation:N", scale=alt.Scale(domain=list(SITUATIONS.values()), range=list(PALETTE[:3])),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["Occasion:N", "Situation:N", "Feeling (1 to 5):Q", "In words:N"],
    )
    text = base.mark_text(align="left", dx=4, color="#1a1a1a").encode(
        y=alt.Y("Occasion:N", sort=order), x="Feeling (1 to 5):Q", text="Feeling (1 to 5):Q")
    chart = (bars + text).properties(width=380, height=alt.Step(30))
    parts = "; ".join(f"{n}. {o.title} ({SITUATIONS[o.situation].lower()}): {o.feeling} "
                      f"({FEELING_SCALE[o.feeling]}, “{o.feeling_words}”)" for n, o in enumerate(log.occasions, 1))
    return AccessibleChart(chart, f"Bar chart of how the outcome made the customer feel, on a scale of 1 (very "
                                  f"unhappy) to 5 (very happy), for {len(log.occasions)} occasions: {parts}.")


def timeline_chart(plan: ActionPlan) -> AccessibleChart:
    """Gantt-style timeline: one bar per action from its start day to the end of its last day."""
    alt = import_altair()
    rows = [{"Action": f"{r.number}. {_short(r.action)}", "Start": r.start.isoformat(),
             "Finish": (r.end + dt.timedelta(days=1)).isoformat(), "Owner": r.owner, "Days": r.days,
             "Dates": f"{r.start:%d %b %Y} to {r.end:%d %b %Y}"} for r in plan.timeline()]
    order = [r["Action"] for r in rows]
    chart = alt.Chart(alt.Data(values=rows), title=f"Action plan timeline: {plan.organisation}").mark_bar(
        color=PALETTE[0], cornerRadius=2).encode(
        y=alt.Y("Action:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("Start:T", title="Date", axis=alt.Axis(format="%d %b %Y", labelAngle=-30)),
        x2="Finish:T",
        tooltip=["Action:N", "Owner:N", "Dates:N", "Days:Q"],
    ).properties(width=420, height=alt.Step(30))
    return AccessibleChart(chart, plan.timeline_text())


def skills_chart(review: SkillsReview) -> AccessibleChart:
    """Bar chart of the self-review ratings (unrated skills are listed in the description, not drawn)."""
    alt = import_altair()
    rated = [r for r in review.ratings if r.rating is not None]
    if not rated:
        raise ValueError("Rate at least one skill to see the chart.")
    rows = [{"Skill": r.label, "Rating (1 to 5)": r.rating} for r in rated]
    order = [r["Skill"] for r in rows]
    base = alt.Chart(alt.Data(values=rows), title="Customer service skills self-review")
    bars = base.mark_bar(color=PALETTE[2]).encode(
        y=alt.Y("Skill:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("Rating (1 to 5):Q", scale=alt.Scale(domain=[0, 5]), axis=alt.Axis(tickCount=5)),
        tooltip=["Skill:N", "Rating (1 to 5):Q"])
    text = base.mark_text(align="left", dx=4, color="#1a1a1a").encode(
        y=alt.Y("Skill:N", sort=order), x="Rating (1 to 5):Q", text="Rating (1 to 5):Q")
    parts = "; ".join(f"{r.label} {r.rating} ({RATING_SCALE[r.rating]})" for r in rated)  # type: ignore[index]
    unrated = review.unrated()
    extra = f" Not yet rated: {', '.join(unrated)}." if unrated else ""
    return AccessibleChart((bars + text).properties(width=360, height=alt.Step(26)),
                           f"Bar chart of self-review ratings from 1 to 5: {parts}.{extra}")


def mood_chart(play: ScenarioPlay) -> AccessibleChart:
    """Line chart of the customer's mood (−2 to +2) at each step of the learner's path."""
    alt = import_altair()
    rows = [{"Step": n, "Mood": s.node.mood, "What happened": s.node.title, "Mood in words": mood_label(s.node.mood)}
            for n, s in enumerate(play.steps, 1)]
    chart = alt.Chart(alt.Data(values=rows), title="The customer's mood at each step").mark_line(
        color=PALETTE[0], point=alt.OverlayMarkDef(color=PALETTE[0], size=70)).encode(
        x=alt.X("Step:O", title="Step", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("Mood:Q", scale=alt.Scale(domain=[-2, 2]), axis=alt.Axis(values=[-2, -1, 0, 1, 2]),
                title="Mood (−2 very unhappy to +2 very happy)"),
        tooltip=["Step:O", "What happened:N", "Mood in words:N"],
    ).properties(width=360, height=200)
    return AccessibleChart(chart, play.mood_text())
