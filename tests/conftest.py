"""Shared fixtures: paths, a loopback static server, Chromium through Playwright, Voila."""

from __future__ import annotations

import contextlib
import functools
import http.server
import ipaddress
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build" / "html"
SHARED = ROOT.parent / "shared"  # the course workspace's material beside the repository; a clone has none
SEEDS = SHARED / "seeds"
VENDOR = SHARED / "vendor"
CHROMIUM = os.environ.get("CX_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_loopback_url(url: str) -> bool:
    """True for data:/blob:/about: URLs and for http(s)/ws(s) URLs on a loopback host."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme in {"data", "blob", "about", "chrome-error"}:
        return True
    host = (parsed.hostname or "").strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shared_or_skip(path: Path, what: str) -> Path:
    if not path.is_dir():
        pytest.skip(f"needs {what} in ../shared/{path.name}/ beside the repository ({path}), absent in this "
                    "clone; they are in the course workspace and in CI")
    return path


# Every fixture that reads ../shared; a test that needs it requests one of these (tests/test_clone.py runs
# them in a clone without ../shared and checks they skip).
SHARED_FIXTURES = frozenset({"seeds_dir", "vendor_dir"})


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The specification texts (../shared/seeds/); tests that need them skip when they are absent."""
    return _shared_or_skip(SEEDS, "the specification texts")


@pytest.fixture(scope="session")
def vendor_dir() -> Path:
    """Vendored third-party files (../shared/vendor/, e.g. z2jh's values schema); skips when absent."""
    return _shared_or_skip(VENDOR, "the vendored files")


# -- static server for the built book ----------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="session")
def book_url():
    if not (BUILD / "index.html").exists():
        pytest.fail("the book is not built: run `make test` (it builds the book first) or `make build-book`")
    port = free_port()
    handler = functools.partial(_QuietHandler, directory=str(BUILD))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


# -- Chromium -------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


def code_notebook(*sources: str, heading: str | None = None):
    """A notebook for the Python 3 kernel with a code cell for each of ``sources`` (after a Markdown
    ``heading`` cell if one is given)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = ([nbformat.v4.new_markdown_cell(heading)] if heading else []) + [
        nbformat.v4.new_code_cell(source) for source in sources]
    return nb


def wait_for_text(page, text: str, timeout: int = 15000) -> None:
    """Wait until the page's text includes ``text``.

    After typing into a widget, wait for what the kernel shows back before pressing a button: a click
    is sent to the kernel at once, while ipywidgets holds back a widget's value changes until the
    kernel has answered the previous one, so a fast Enter can overtake the last value typed."""
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=timeout)


def keep_file_choosers_intercepted(page) -> None:
    """Keep Playwright's file-chooser interception on for the page's life. Playwright turns it on, without
    waiting, when the first ``filechooser`` listener is added and off when the last is removed, so an
    ``expect_file_chooser`` alone races the press that opens the chooser (seen: a 30 s timeout in about
    one run in three). Call before ``goto``."""
    page.on("filechooser", lambda chooser: None)


def choose_file(page, path, press: Callable[[], None]) -> None:
    """``press()`` opens the file chooser (as a learner would: click or Enter on the upload button); pick
    ``path`` in it (a list of paths picks several files). The page must have had
    :func:`keep_file_choosers_intercepted` called on it."""
    with page.expect_file_chooser() as chooser:
        press()
    chooser.value.set_files([str(p) for p in path] if isinstance(path, list | tuple) else str(path))


class GuardedPage:
    """A Playwright page whose every non-loopback request is aborted and recorded."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("websocket", self._websocket)
        keep_file_choosers_intercepted(self.page)

    @property
    def csp_violations(self) -> list[str]:
        """What the page's Content-Security-Policy blocked (Chromium reports each as a console error)."""
        return [m for m in self.console_errors if "Content Security Policy" in m]

    def _route(self, route):
        url = route.request.url
        if is_loopback_url(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def _websocket(self, ws):
        if not is_loopback_url(ws.url):
            self.blocked.append(ws.url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def axe(self, context_selector: str | None = None) -> list[dict]:
        """Run axe-core with the WCAG 2.x A/AA tags; return the violations."""
        if not AXE.exists():
            pytest.fail("axe-core is missing: run `npm install` (make install does)")
        # Evaluated, not added as an inline <script>: the Voila pages' CSP allows no inline script.
        self.page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
        arg = {"tags": AXE_TAGS, "ctx": context_selector}
        result = self.page.evaluate(
            """async ({tags, ctx}) => {
                 const r = await axe.run(ctx ? document.querySelector(ctx) : document,
                                         {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
                 return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
               }""",
            arg,
        )
        return result

    def close(self):
        self.page.close()
        self.context.close()


@pytest.fixture
def guarded(browser):
    pages: list[GuardedPage] = []

    def make() -> GuardedPage:
        context = browser.new_context(service_workers="block")
        gp = GuardedPage(context)
        pages.append(gp)
        return gp

    yield make
    blocked_by_csp = [v for gp in pages for v in gp.csp_violations]
    for gp in pages:
        gp.close()
    assert not blocked_by_csp, f"the page's Content-Security-Policy blocked: {blocked_by_csp[:5]}"


# -- Voila ----------------------------------------------------------------------------------------
class ServerProcess:
    """A server started on a loopback port in its own process group, stopped by that group's PID."""

    def __init__(self, name: str, cmd: list[str], port: int, ready_path: str, *, cwd: Path = ROOT,
                 env: dict[str, str] | None = None, log_path: Path | None = None):
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.ready_path = ready_path
        self.log_path = log_path or ROOT / "_build" / f"{name}-{port}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env or dict(os.environ), stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def _log_tail(self) -> str:
        return self.log_path.read_text()[-3000:]

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; log:\n{self._log_tail()}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # the server answers
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not start in {timeout}s; log:\n{self._log_tail()}")

    def stop(self) -> None:
        """Stop the server and its children (kernels) by PID: the process group it leads."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self._log.close()

    def __enter__(self):
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@contextlib.contextmanager
def jupyterlab(root_dir: Path, token: str, env: dict[str, str] | None = None):
    """JupyterLab with the project's config on a free loopback port, serving ``root_dir``; yields its URL.
    The kernel sees this repository's widgets and, beyond ``env``, the tests' environment without the
    book-build flag."""
    port = free_port()
    cmd = [str(Path(sys.executable).with_name("jupyter")), "lab",
           f"--config={ROOT / 'config' / 'jupyter' / 'jupyter_lab_config.json'}",
           f"--ServerApp.port={port}", f"--ServerApp.root_dir={root_dir}", f"--IdentityProvider.token={token}",
           "--ServerApp.port_retries=0", "--ServerApp.allow_root=True"]
    full_env = {k: v for k, v in os.environ.items() if k != "CX_BOOK_BUILD"}
    full_env.update(JUPYTER_PATH=str(ROOT / "share" / "jupyter"), **(env or {}))
    with ServerProcess("jupyterlab", cmd, port, f"/api/status?token={token}", cwd=root_dir, env=full_env,
                       log_path=root_dir / "lab.log") as server:
        yield server.url


class VoilaServer(ServerProcess):
    """Voila on ``target`` with the committed configuration and template."""

    def __init__(self, target: str, port: int, extra: list[str] | None = None):
        env = dict(os.environ, JUPYTER_PATH=str(ROOT / "share" / "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION="1")
        cmd = [str(Path(sys.executable).with_name("voila")), target, f"--port={port}", "--no-browser",
               "--Voila.ip=127.0.0.1", f"--Voila.config_file_paths={ROOT / 'config' / 'voila'}", *(extra or [])]
        super().__init__("voila", cmd, port, "/voila/static/voila.js", env=env)


def preheat_only(app: str, pool: int | None = None) -> list[str]:
    """Voila options that keep a preheated pool for ``app`` alone (benchmarks measure one app at a time;
    otherwise every app in dashboards/ fills its pool on the same cores), optionally of ``pool`` kernels."""
    others = sorted(p.name for p in (ROOT / "dashboards").glob("*.ipynb") if p.name != app)
    args = [f"--VoilaKernelManager.preheat_denylist={name}" for name in others]
    return args + ([f"--VoilaConfiguration.default_pool_size={pool}"] if pool else [])


@pytest.fixture(scope="module")
def voila_dashboards():
    """Voila serving dashboards/ with the committed configuration, on a free loopback port, except for
    preheating: with a pool, each server start runs every app in dashboards/ at once (sixteen of them, some
    taking several seconds each), and on 2 cores the first test of a module then waits behind all of them.
    Without a pool each app runs when a test opens it; the preheated path is measured by benchmarks/run.py."""
    with VoilaServer("dashboards/", free_port(), ["--VoilaConfiguration.default_pool_size=0"]) as server:
        yield server


def wait_for_app(gp: GuardedPage, timeout_ms: int = 60000) -> None:
    """Wait until Voila has rendered the app's widgets (the spinner is gone, a widget is shown)."""
    gp.page.wait_for_selector(".jupyter-widgets", state="visible", timeout=timeout_ms)
    gp.page.wait_for_function("() => !document.querySelector('#loading') || "
                              "getComputedStyle(document.querySelector('#loading')).display === 'none'",
                              timeout=timeout_ms)


ERROR_MARKERS = ("Traceback", "Error:", "Exception", "There was an error when executing cell")


def chart_accessible_name(gp: GuardedPage, scope: str = "", timeout_ms: int = 20000) -> str:
    """Wait for a drawn Vega chart inside ``scope`` and return its accessible name (Vega sets it,
    on the element with role graphics-document, from the spec's description)."""
    selector = f"{scope} [role='graphics-document']".strip()
    gp.page.wait_for_selector(selector, timeout=timeout_ms)
    return gp.page.get_attribute(selector, "aria-label") or ""


def page_error_text(gp: GuardedPage) -> list[str]:
    text = gp.page.inner_text("body")
    return [m for m in ERROR_MARKERS if m in text]


# -- one Voila server for the single tools' throwaway apps ------------------------------------------
EVIL = "<img src=x onerror=alert(1)>"  # hostile text that a tool must show as text, never as an image


@pytest.fixture(scope="session")
def tool_apps(tmp_path_factory):
    """One Voila server for the whole session on a folder of throwaway notebooks (``server.folder``), each
    showing one tool, so a tool's browser tests do not depend on how an app arranges its tabs. A module's
    fixture adds its notebooks with :func:`add_app` and its tests open them with :func:`open_app`. Voila
    reads a notebook when it is requested, so notebooks added after the server started are served; there is
    no preheated pool, so each runs when a test opens it."""
    folder = tmp_path_factory.mktemp("tool-apps")
    with VoilaServer(str(folder), free_port(), ["--VoilaConfiguration.default_pool_size=0"]) as server:
        server.folder = folder
        server.apps = {}
        yield server


def add_app(server: VoilaServer, name: str, source: str, heading: str | None = None) -> None:
    """Write ``name``.ipynb, a code cell of ``source`` (after a Markdown ``heading`` cell if one is given),
    into the folder of :func:`tool_apps`. Every module shares that folder: prefix ``name`` with the module's
    topic (a name already holding another app is refused)."""
    import nbformat

    if server.apps.setdefault(name, (source, heading)) != (source, heading):
        raise ValueError(f"{name}.ipynb already holds another app in {server.folder}: choose another name")
    nbformat.write(code_notebook(source, heading=heading), server.folder / f"{name}.ipynb")


def open_app(gp: GuardedPage, server, name: str, text: str | None = None, timeout_ms: int = 120000) -> None:
    """Open ``name``.ipynb on ``server``; wait up to ``timeout_ms`` for Voila to have run and rendered it
    (without a pool its kernel starts now), then up to a minute for ``text`` if one is given."""
    gp.page.goto(f"{server.url}/voila/render/{name}.ipynb", wait_until="domcontentloaded")
    wait_for_app(gp, timeout_ms)
    if text is not None:
        gp.page.wait_for_selector(f"text={text}", timeout=60000)


def assert_clean(gp: GuardedPage, scope: str = ".jupyter-widgets") -> None:
    """What every tool's browser test ends with: no image made from :data:`EVIL`, no axe violation inside
    ``scope``, no dialog, no request blocked, no error shown on the page."""
    page = gp.page
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    violations = gp.axe(scope)
    assert violations == [], json.dumps(violations, indent=1)
    assert gp.dialogs == [] and gp.blocked == [] and page_error_text(gp) == []


@pytest.fixture(scope="session")
def node_available() -> bool:
    return shutil.which("node") is not None
