"""Charts carry a description, render natively as Vega-Lite 5 and fall back to escaped offline HTML."""

from __future__ import annotations

import json
import re

import pytest

from widgets.charts import VEGALITE_MIME, AccessibleChart, chart_bundle, import_altair, weighting_chart


def test_live_surfaces_get_native_vegalite_5_only(monkeypatch):
    monkeypatch.delenv("CX_BOOK_BUILD", raising=False)
    chart = weighting_chart(["LO1", "LO2"], [40.0, 60.0], "Weights")
    bundle = chart._repr_mimebundle_()
    # JupyterLab 4 and Voila 0.5 render v5 natively, but prefer text/html when offered it.
    assert set(bundle) == {VEGALITE_MIME, "text/plain"}
    assert "/vega-lite/v5" in bundle[VEGALITE_MIME]["$schema"]
    assert bundle[VEGALITE_MIME]["description"] == chart.description
    assert "LO1 40%" in chart.description and "LO2 60%" in chart.description


def test_book_build_gets_offline_html(monkeypatch):
    monkeypatch.setenv("CX_BOOK_BUILD", "1")
    chart = weighting_chart(["LO1", "LO2"], [40.0, 60.0], "Weights")
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    spec = chart.spec
    html = bundle["text/html"]
    assert 'class="cx-chart"' in html and "Chart description:" in html
    assert "<script src" not in html and "cdn" not in html.lower()  # nothing fetched
    # the JSON in the page parses back to the same spec (a declarative value round trip)
    payload = re.search(r'<script type="application/json" class="cx-chart-spec">(.*?)</script>', html, re.S)
    assert json.loads(payload.group(1)) == json.loads(json.dumps(spec))


def test_text_in_a_chart_cannot_break_out_of_the_page():
    alt = import_altair()
    import pandas as pd

    evil = "</script><img src=x onerror=alert(1)>"
    chart = alt.Chart(pd.DataFrame({"label": [evil], "n": [1]})).mark_bar().encode(x="n", y="label")
    html = chart_bundle(chart, f"Description with {evil}", for_book=True)["text/html"]
    assert "<img" not in html
    assert html.count("</script>") == 1  # only the tag we opened is closed


def test_a_chart_needs_a_description():
    alt = import_altair()
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"n": [1]})).mark_bar().encode(x="n")
    with pytest.raises(ValueError, match="description"):
        AccessibleChart(chart, "  ")


def test_bad_weightings_are_refused():
    with pytest.raises(ValueError, match="one weighting for each"):
        weighting_chart(["LO1"], [10.0, 20.0], "x")


def test_svg_export_is_offline():
    svg = weighting_chart(["LO1", "LO2"], [50.0, 50.0], "Weights").to_svg()
    assert svg.lstrip().startswith("<svg") and "LO2" in svg


def test_altair_imports_without_the_uri_checker():
    import subprocess
    import sys

    code = ("import widgets.charts as c, sys; c.import_altair(); "
            "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_show_in_replaces_an_outputs_charts_in_one_update(monkeypatch):
    import ipywidgets as w

    from widgets.charts import show_in

    monkeypatch.delenv("CX_BOOK_BUILD", raising=False)
    out = w.Output()
    updates: list[tuple] = []
    out.observe(lambda change: updates.append(change["new"]), names="outputs")
    a = weighting_chart(["LO1", "LO2"], [40.0, 60.0], "A")
    b = weighting_chart(["LO1", "LO2"], [50.0, 50.0], "B")
    show_in(out, a, b)
    assert len(updates) == 1  # not cleared first, then appended
    assert [o["data"][VEGALITE_MIME]["description"] for o in out.outputs] == [a.description, b.description]
    assert all(o["metadata"][VEGALITE_MIME]["embed_options"]["actions"] is False for o in out.outputs)
    show_in(out)
    assert out.outputs == ()


def test_show_in_gives_live_charts_a_png_so_the_renderer_does_not_snapshot_them(monkeypatch):
    """JupyterLab's and Voila's Vega renderer snapshots a chart without "image/png" into one after
    drawing it, and the chart is then drawn a second time (measured with benchmarks/journey.py: 186 ms
    to paint an edit without the PNG, 72 ms with it). The PNG is 1×1: nothing shows it, as both surfaces
    prefer Vega-Lite. The book gets HTML and no PNG."""
    import base64
    import struct

    import ipywidgets as w

    from widgets.charts import show_in

    monkeypatch.delenv("CX_BOOK_BUILD", raising=False)
    out = w.Output()
    show_in(out, weighting_chart(["LO1", "LO2"], [40.0, 60.0], "A"))
    png = base64.b64decode(out.outputs[0]["data"]["image/png"], validate=True)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (1, 1)
    monkeypatch.setenv("CX_BOOK_BUILD", "1")
    show_in(out, weighting_chart(["LO1", "LO2"], [40.0, 60.0], "A"))
    assert "text/html" in out.outputs[0]["data"] and "image/png" not in out.outputs[0]["data"]
