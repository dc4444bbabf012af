"""Voila apps served with the committed configuration: they work, offline, by keyboard, under the
Content-Security-Policy, and expose no files, source or tracebacks."""

from __future__ import annotations

import base64
import hashlib
import inspect
import json
import re
import urllib.error
import urllib.request

import pytest

from tests.conftest import (
    ROOT,
    VoilaServer,
    chart_accessible_name,
    choose_file,
    code_notebook,
    free_port,
    page_error_text,
    wait_for_app,
)

pytestmark = [pytest.mark.voila, pytest.mark.browser]

APPS = sorted(p.name for p in (ROOT / "dashboards").glob("*.ipynb"))


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def _get(url: str, timeout: float = 120) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of a GET (an error status is returned, not raised)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8", "replace")


def committed_csp() -> str:
    config = json.loads((ROOT / "config" / "voila" / "voila.json").read_text(encoding="utf-8"))
    return config["Voila"]["tornado_settings"]["headers"]["Content-Security-Policy"]


def csp_directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def script_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline <script> the browser would run (not JSON data blocks, not src=)."""
    found = []
    for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S | re.I):
        kind = re.search(r"""\btype\s*=\s*["']([^"']*)""", attrs, flags=re.I)
        if re.search(r"\bsrc\s*=", attrs, flags=re.I) or (kind and kind.group(1).lower() not in
                                                         ("text/javascript", "application/javascript", "module")):
            continue
        found.append(body)
    return found


@pytest.mark.parametrize("app", APPS)
def test_app_renders_offline_without_errors_and_is_accessible(app, voila_dashboards, guarded):
    gp = guarded()
    gp.page.goto(f"{voila_dashboards.url}/voila/render/{app}", wait_until="domcontentloaded")
    wait_for_app(gp)
    gp.page.wait_for_timeout(500)
    assert page_error_text(gp) == []
    assert gp.blocked == [], f"requests to other hosts: {gp.blocked}"
    assert gp.csp_violations == []  # the app works under the Content-Security-Policy
    violations = gp.axe()
    assert violations == [], json.dumps(violations, indent=1)


def test_course_map_by_keyboard_with_a_native_chart(voila_dashboards, guarded):
    gp = guarded()
    page = gp.page
    page.goto(f"{voila_dashboards.url}/voila/render/course-map.ipynb", wait_until="domcontentloaded")
    wait_for_app(gp)
    selects = page.locator("select")
    assert selects.count() == 2
    # Tab to the specification picker, then choose the third option (CIM L4) with the arrow keys.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.querySelectorAll('select')[0]"):
            break
    else:
        pytest.fail("the specification picker cannot be reached with Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.body.innerText.includes('LO1: Understand the range of different contexts')",
                           timeout=15000)
    # Move to the learning-outcome picker and choose LO3.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement === document.querySelectorAll('select')[1]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "() => document.body.innerText.includes('Recommend customer experience management frameworks')", timeout=15000)
    assert "20% of the module" in page.inner_text("body")
    # The weighting chart is drawn by Voila's own Vega-Lite 5 renderer, with nothing fetched.
    assert "LO4 20%" in chart_accessible_name(gp)
    assert gp.blocked == []
    assert page_error_text(gp) == []


def test_no_files_or_source_are_exposed(voila_dashboards):
    base = voila_dashboards.url
    for path in ("/voila/files/course-map.ipynb", "/voila/files/dashboards/course-map.ipynb",
                 "/voila/files/README.md", "/voila/files/../pyproject.toml", "/api/contents",
                 "/api/contents/course-map.ipynb", "/files/course-map.ipynb", "/tree", "/lab"):
        assert _status(base + path) in {403, 404, 405}, path
    with urllib.request.urlopen(base + "/voila/render/course-map.ipynb", timeout=60) as response:
        html = response.read().decode()
    assert "from widgets.ui.course_map import" not in html  # sources stripped


def test_tracebacks_are_hidden(tmp_path, browser, guarded):
    """A failing cell shows Voila's generic message, never the traceback or the exception text."""
    import nbformat

    nb = code_notebook("secret_value = 'hunter2'\nraise RuntimeError('boom ' + secret_value)")
    target = tmp_path / "broken.ipynb"
    nbformat.write(nb, target)
    with VoilaServer(str(target), free_port(), ["--VoilaConfiguration.preheat_kernel=False"]) as server:
        gp = guarded()
        gp.page.goto(server.url, wait_until="domcontentloaded")
        gp.page.wait_for_function("() => document.body.innerText.includes('error')", timeout=60000)
        text = gp.page.inner_text("body")
        assert "hunter2" not in text and "Traceback" not in text and "RuntimeError" not in text


def test_committed_config_waits_long_enough_for_an_apps_output():
    """Under load (10 learners opening the journey builder at once on 2 cores) Voila's server took more
    than nbclient's default 4 s to read a cell's last messages after the cell finished; nbclient then
    drops the rest of the cell's output without an error, and the learner gets a page with no app at
    all (7 of 10 pages in one run; `benchmarks/run.py --concurrent`). The committed configuration must
    give the executor, as Voila builds it, a much longer wait."""
    import nbformat
    from traitlets.config.loader import JSONFileConfigLoader
    from voila.execute import VoilaExecutor

    config = JSONFileConfigLoader("voila.json", path=str(ROOT / "config" / "voila")).load_config()
    executor = VoilaExecutor(nbformat.v4.new_notebook(), config=config)
    assert executor.iopub_timeout >= 30
    assert executor.raise_on_iopub_timeout is False  # a slow message is waited for, never an error page
    assert executor.show_tracebacks is False


# -- what a plain Voila server can promise ------------------------------------------------------------
def test_template_sources_and_logout_answer_404_without_a_traceback(voila_dashboards):
    """Voila's template asset handler used to answer 500 for any path that is not
    <template>/static/<file>, and jupyter_server's logout page 500 for want of a static_path: see
    config/voila/cx_voila_server.py."""
    base = voila_dashboards.url
    for path in ("/voila/templates/cx/index.html.j2", "/logout", "/voila/templates/cx/conf.json",
                 "/voila/templates/lab/index.html.j2", "/voila/templates/", "/voila/templates/cx",
                 "/voila/templates/cx/static/", "/voila/templates/cx/static/../conf.json", "/login"):
        status, _, body = _get(base + path)
        assert status == 404, path
        assert "Traceback" not in body and "Error" not in body and "500" not in body, path
    for asset in ("/voila/templates/cx/static/index.css", "/voila/templates/lab/static/voila.js"):
        assert _status(base + asset) == 200, asset  # real template assets are still served
    assert "Uncaught exception" not in voila_dashboards.log_path.read_text()


def test_every_voila_page_carries_the_content_security_policy(voila_dashboards):
    policy = committed_csp()
    directives = csp_directives(policy)
    assert "'unsafe-inline'" not in directives["script-src"]  # inline scripts only by hash
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"] and directives["default-src"] == ["'self'"]
    for path in ("/", "/voila/tree", *(f"/voila/render/{app}" for app in APPS)):
        status, headers, _ = _get(voila_dashboards.url + path)
        assert status == 200, path
        assert headers.get("Content-Security-Policy") == policy, path


def test_the_policy_allows_exactly_the_inline_scripts_voila_sends(voila_dashboards):
    """script-src lists a hash for each fixed inline script of the cx template and Voila (see the
    template's header comment). When Voila or the template changes, this says which hashes to put in,
    or take out of, config/voila/voila.json."""
    allowed = {v for v in csp_directives(committed_csp())["script-src"] if v.startswith("'sha256-")}
    sent: dict[str, str] = {}
    for app in APPS:
        _, _, html = _get(f"{voila_dashboards.url}/voila/render/{app}")
        assert "jupyter-config-data" in html, app
        for source in inline_scripts(html):
            sent.setdefault(script_hash(source), f"{app}: {source.strip()[:60]!r}")
    # Voila's handler sends this one while a slow page renders (every http_keep_alive_timeout).
    import voila.handler

    assert "<script>window.voila_heartbeat()</script>" in inspect.getsource(voila.handler)
    sent.setdefault(script_hash("window.voila_heartbeat()"), "voila.handler: heartbeat")
    missing = {h: where for h, where in sent.items() if h not in allowed}
    assert not missing, f"inline scripts the policy blocks (add their hashes to script-src): {missing}"
    assert not allowed - set(sent), f"hashes of scripts no page sends (remove them): {allowed - set(sent)}"


def test_unsafe_eval_is_allowed_only_while_the_charts_need_it():
    """Voila's Vega renderer compiles chart expressions with ``new Function`` (blocked without
    'unsafe-eval': the chart is not drawn) unless vega-embed's ``ast`` option makes it use Vega's
    interpreter. Once ``widgets.charts`` asks for the interpreter, 'unsafe-eval' must go."""
    from widgets.charts import VEGALITE_MIME, show_in, weighting_chart

    class Output:
        outputs: tuple = ()

    out = Output()
    show_in(out, weighting_chart(["LO1", "LO2"], [40.0, 60.0], "Weighting"))
    options = out.outputs[0]["metadata"].get(VEGALITE_MIME, {}).get("embed_options", {})
    interpreter = options.get("ast") is True
    unsafe_eval = "'unsafe-eval'" in csp_directives(committed_csp())["script-src"]
    assert unsafe_eval != interpreter, (
        "charts use Vega's interpreter: remove 'unsafe-eval' from script-src in config/voila/voila.json"
        if interpreter else "charts compile expressions with new Function: script-src needs 'unsafe-eval'")


def test_an_upload_over_the_old_websocket_limit_gets_the_apps_message(voila_dashboards, guarded, tmp_path):
    """A 40 MB file used to exceed the 32 MiB websocket message limit: the server dropped the connection,
    the page reconnected without a word and the upload button stopped responding. With the committed
    64 MiB limit the file reaches the app, which says why it refuses it."""
    gp = guarded()
    page = gp.page
    page.goto(f"{voila_dashboards.url}/voila/render/journey-builder.ipynb", wait_until="domcontentloaded")
    wait_for_app(gp)
    page.wait_for_selector(".widget-upload", timeout=60000)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 40_000_000)
    choose_file(page, big, page.locator(".widget-upload").click)
    page.wait_for_function("() => [...document.querySelectorAll('.cx-error')]"
                           ".some(e => e.innerText.includes('40.0 MB') && e.innerText.includes('at most 2 MB'))",
                           timeout=60000)
