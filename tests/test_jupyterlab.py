"""Charts draw in JupyterLab with the network blocked (native Vega-Lite 5 renderer, no CDN)."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import chart_accessible_name, code_notebook, jupyterlab

pytestmark = pytest.mark.browser

TOKEN = "cx-test-token"


@pytest.fixture
def lab(tmp_path):
    nb = code_notebook("from widgets.charts import weighting_chart\n"
                       "weighting_chart(['LO1', 'LO2', 'LO3'], [30.0, 30.0, 40.0], 'Weighting by learning outcome')")
    env = {k: v for k, v in os.environ.items() if k != "CX_BOOK_BUILD"}
    NotebookClient(nb, timeout=120, kernel_name="python3").execute(env=env)
    nbformat.write(nb, tmp_path / "chart.ipynb")
    with jupyterlab(tmp_path, TOKEN) as url:
        yield url


def test_chart_renders_in_jupyterlab_offline(lab, guarded):
    gp = guarded()
    gp.page.goto(f"{lab}/lab/tree/chart.ipynb?token={TOKEN}", wait_until="domcontentloaded")
    assert "LO3 40%" in chart_accessible_name(gp, ".jp-RenderedVegaLite", timeout_ms=90000)
    assert gp.blocked == [], f"requests to other hosts: {gp.blocked}"
