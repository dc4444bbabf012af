"""Charts draw in JupyterLab with the network blocked (native Vega-Lite 5 renderer, no CDN)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT, free_port

pytestmark = pytest.mark.browser

TOKEN = "cx-test-token"


@pytest.fixture
def lab(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        "from widgets.charts import weighting_chart\n"
        "weighting_chart(['LO1', 'LO2', 'LO3'], [30.0, 30.0, 40.0], 'Weighting by learning outcome')")]
    env = {k: v for k, v in os.environ.items() if k != "CX_BOOK_BUILD"}
    NotebookClient(nb, timeout=120, kernel_name="python3").execute(env=env)
    nbformat.write(nb, tmp_path / "chart.ipynb")
    port = free_port()
    log = open(tmp_path / "lab.log", "w")
    cmd = [str(Path(sys.executable).with_name("jupyter")), "lab",
           f"--config={ROOT / 'config' / 'jupyter' / 'jupyter_lab_config.json'}",
           f"--ServerApp.port={port}", f"--ServerApp.root_dir={tmp_path}", f"--IdentityProvider.token={TOKEN}",
           "--ServerApp.port_retries=0", "--ServerApp.allow_root=True"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**env, "JUPYTER_PATH": str(ROOT / "share" / "jupyter")})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2).close()
                break
            except (urllib.error.URLError, OSError):
                if proc.poll() is not None:
                    pytest.fail((tmp_path / "lab.log").read_text()[-3000:])
                time.sleep(0.5)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_chart_renders_in_jupyterlab_offline(lab, guarded):
    gp = guarded()
    gp.page.goto(f"{lab}/lab/tree/chart.ipynb?token={TOKEN}", wait_until="domcontentloaded")
    gp.page.wait_for_selector(".jp-RenderedVegaLite [role='graphics-document']", timeout=90000)
    label = gp.page.get_attribute(".jp-RenderedVegaLite [role='graphics-document']", "aria-label") or ""
    assert "LO3 40%" in label
    assert gp.blocked == [], f"requests to other hosts: {gp.blocked}"
