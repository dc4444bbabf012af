"""The simple (Level 2) journey view live in JupyterLab and Voila: the emotion line, the steps table and a
link to the study centre's journey builder. The HTML comes from :mod:`widgets.journey_simple`."""

from __future__ import annotations

import ipywidgets as w

from widgets.charts import show_in
from widgets.journey import JourneyMap, emotion_curve_chart
from widgets.journey_simple import SIMPLE_LIVE_LABEL, simple_intro_html, simple_table_html


def simple_journey_preview(journey: JourneyMap) -> w.Widget:
    """Steps, what the customer does, thinks or asks and feels, and barriers: no Level 6 analysis."""
    from widgets.live import LEARNER_NOTE, live_link_html

    chart = w.Output(layout=w.Layout(width="100%", overflow="auto"))
    show_in(chart, emotion_curve_chart(journey, ("as_is",), max_width=640))  # type: ignore[arg-type]
    link = live_link_html("journey-builder", SIMPLE_LIVE_LABEL, note=LEARNER_NOTE)
    return w.VBox([w.HTML(simple_intro_html(journey)), chart, w.HTML(simple_table_html(journey)), w.HTML(link)],
                  layout=w.Layout(width="100%"))


