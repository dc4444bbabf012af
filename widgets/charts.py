"""Accessible Altair charts that draw offline in the book, JupyterLab and Voila.

The path (documented in ``docs``/README "Charts offline"):

* Altair 5 emits Vega-Lite v5. JupyterLab 4 and Voila 0.5 render the
  ``application/vnd.vegalite.v5+json`` mime type natively with their bundled
  vega5 renderer, so nothing is fetched there. Both prefer ``text/html`` when a
  bundle has it, so in those surfaces the bundle carries *only* Vega-Lite (and
  plain text). Charts that ``show_in`` puts in an ipywidgets ``Output`` also
  carry a 1×1 PNG that is never shown: without one, the vega5 renderer
  snapshots each chart to a PNG after drawing it and the chart is drawn twice.
* The static book cannot run that renderer. During a book build (the Sphinx
  extension ``widgets.sphinx_ext`` sets ``CX_BOOK_BUILD=1``, which the kernels
  that execute chapters inherit) the bundle is ``text/html`` instead: a
  ``<figure class="cx-chart">`` holding the spec as JSON and a text
  description. The extension adds the locally served Vega bundle (from
  ``vl-convert-python``) to exactly the pages that contain such a figure, and
  ``cx-charts.js`` draws them.
* Every chart carries a text description: visible under the chart, as the
  spec's ``description`` (which Vega uses as the chart's ARIA label) and as the
  ``text/plain`` output.

Altair is imported lazily and without ``rfc3987_syntax`` (an optional
``jsonschema`` format checker Altair never uses), which cuts its import from
about 1.3 s to 0.3 s on a 2-core machine.
"""

from __future__ import annotations

import html
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import altair

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
CHART_CLASS = "cx-chart"

# Colours with at least 3:1 contrast against white (WCAG 1.4.11) and
# distinguishable with common colour-vision deficiencies (Okabe–Ito based).
PALETTE = ("#0b5cad", "#b34700", "#1a7a4c", "#7a3b8f", "#5c5c5c")


def import_altair():
    """Import Altair without its slow, unused URI-format checker."""
    if "altair" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import altair

    return altair


def _spec(chart: altair.TopLevelMixin, description: str) -> dict[str, Any]:
    if not description or not description.strip():
        raise ValueError("every chart needs a text description for people who cannot see it")
    spec = chart.to_dict()
    spec["description"] = description
    # vega-embed (used by JupyterLab's and Voila's renderer) reads options from usermeta. Its actions
    # menu is a <details> whose <summary> holds only an icon (axe: summary-name), so turn it off.
    spec.setdefault("usermeta", {}).setdefault("embedOptions", {"actions": False, "ast": True})
    return spec


def chart_figure_html(spec: dict[str, Any], description: str, chart_id: str) -> str:
    """The static-HTML form of a chart: figure, JSON spec and visible description."""
    payload = json.dumps(spec, separators=(",", ":"), sort_keys=True)
    # JSON inside <script> must not be able to close the tag or open markup: escape <, > and &.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    desc = html.escape(description)
    return (
        f'<figure class="{CHART_CLASS}" id="{html.escape(chart_id)}">'
        f'<div class="cx-chart-view"></div>'
        f'<script type="application/json" class="cx-chart-spec">{payload}</script>'
        f'<figcaption class="cx-chart-description"><strong>Chart description:</strong> {desc}</figcaption>'
        f"</figure>"
    )


def chart_id_for(spec: dict[str, Any]) -> str:
    import hashlib

    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]
    return f"cx-chart-{digest}"


BOOK_BUILD_ENV = "CX_BOOK_BUILD"


def building_book() -> bool:
    """True while Jupyter Book executes notebooks (set by ``widgets.sphinx_ext``)."""
    import os

    return os.environ.get(BOOK_BUILD_ENV) == "1"


def chart_bundle(chart: altair.TopLevelMixin, description: str, *, for_book: bool | None = None) -> dict[str, Any]:
    """A display bundle: native Vega-Lite 5 for JupyterLab/Voila, offline HTML for the book."""
    return _bundle(_spec(chart, description), description, for_book)


def _bundle(spec: dict[str, Any], description: str, for_book: bool | None) -> dict[str, Any]:
    bundle: dict[str, Any] = {"text/plain": f"Chart: {description}"}
    if building_book() if for_book is None else for_book:
        bundle["text/html"] = chart_figure_html(spec, description, chart_id_for(spec))
    else:
        bundle[VEGALITE_MIME] = spec
    return bundle


class AccessibleChart:
    """A chart with its text description; displays correctly on every surface."""

    def __init__(self, chart: altair.TopLevelMixin, description: str):
        self.chart = chart
        self.description = description
        self.spec = _spec(chart, description)

    def _repr_mimebundle_(self, include=None, exclude=None):
        # self.spec is already validated: no second to_dict() on every display.
        return _bundle(self.spec, self.description, None)

    def to_html(self) -> str:
        return chart_figure_html(self.spec, self.description, chart_id_for(self.spec))

    def to_svg(self) -> str:
        import vl_convert as vlc

        return vlc.vegalite_to_svg(self.spec)

    def to_png(self, scale: float = 2.0) -> bytes:
        import vl_convert as vlc

        return vlc.vegalite_to_png(self.spec, scale=scale)


# A 1×1 transparent PNG. JupyterLab's and Voila's Vega renderer (@jupyterlab/vega5-extension), after
# drawing a chart whose output has no "image/png", renders it again into a PNG and adds that to the
# output, which makes the output area draw the chart a second time (seen in Voila: two canvases per
# edit). With a PNG present it does neither. The PNG is never shown: both rank Vega-Lite above PNG.
_NO_SNAPSHOT_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def show_in(out, *charts: AccessibleChart) -> None:
    """Replace what an ipywidgets ``Output`` shows with ``charts`` in one state update.

    Never ``with out: display(...)``: that can hang Voila's first run of a notebook under kernel
    preheating (nbclient issue 312). One update (not clear, then append) lets the Vega view re-render
    with the new data. The metadata turns off vega-embed's "…" menu in JupyterLab and Voila (its
    ``<summary>`` has no text: axe rule summary-name), as ``usermeta`` in the spec does too.
    """
    outputs = []
    for chart in charts:
        bundle = chart._repr_mimebundle_()
        metadata = {}
        if VEGALITE_MIME in bundle:
            metadata = {VEGALITE_MIME: {"embed_options": {"actions": False, "ast": True}}}
            bundle["image/png"] = _NO_SNAPSHOT_PNG
        outputs.append({"output_type": "display_data", "data": bundle, "metadata": metadata})
    out.outputs = tuple(outputs)


def weighting_chart(labels: list[str], weights: list[float], title: str) -> AccessibleChart:
    """Horizontal bar chart of learning-outcome weightings (percent)."""
    if len(labels) != len(weights) or not labels:
        raise ValueError("give one weighting for each learning outcome")
    alt = import_altair()
    import pandas as pd

    data = pd.DataFrame({"Learning outcome": labels, "Weighting (%)": weights})
    bars = (
        alt.Chart(data, title=title)
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y("Learning outcome:N", sort=None, title=None),
            x=alt.X("Weighting (%):Q", scale=alt.Scale(domain=[0, max(40, max(weights))])),
            tooltip=["Learning outcome", "Weighting (%)"],
        )
    )
    text = bars.mark_text(align="left", dx=4, color="#1a1a1a").encode(text=alt.Text("Weighting (%):Q"))
    chart = (bars + text).properties(width=420, height=alt.Step(28))
    parts = ", ".join(f"{lab} {w:g}%" for lab, w in zip(labels, weights, strict=True))
    description = f"Bar chart of assessment weighting by learning outcome: {parts}."
    return AccessibleChart(chart, description)
