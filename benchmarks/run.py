"""Benchmarks for the foundation: book build times, page sizes, Voila time to first widget,
kernel memory and import times. Writes benchmarks/RESULTS.md.

Run with `make bench` (the book must have been built once; make does that first). Times are wall
clock on this machine; medians are reported and every comparison is measured in the same run.

Usage:
  run.py                      everything above (deletes and rebuilds _build, runs every app)
  run.py --concurrent APP ... [--rounds N] [-- VOILA-OPTIONS]
                              10 pages open each APP at once; counts pages that never show the app
  run.py --csp APP [--rounds N]
                              warm first visits to APP with and without the Content-Security-Policy,
                              alternating; writes benchmarks/RESULTS-csp.md
  run.py --book               the book's clean build, no-change and one-chapter rebuilds and largest
                              pages only; writes benchmarks/RESULTS-book.md
  run.py --help               this text
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import (  # noqa: E402
    BUILD,
    CHROMIUM,
    CHROMIUM_FLAGS,
    ServerProcess,
    VoilaServer,
    code_notebook,
    free_port,
    preheat_only,
)

BIN = Path(sys.executable).parent
PAGE_LIMIT = 1_500_000


def timed(cmd: list[str] | list[list[str]], env: dict | None = None) -> float:
    """Wall-clock seconds for a command, or for several run one after the other."""
    cmds = cmd if cmd and isinstance(cmd[0], list) else [cmd]
    start = time.perf_counter()
    for one in cmds:
        subprocess.run(one, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def build_cmd() -> list[list[str]]:
    """What `make build-book` runs after bookgen: the notebooks executed in parallel, then Jupyter Book."""
    return [[sys.executable, "-m", "widgets.book_execute"],
            [str(BIN / "jupyter-book"), "build", ".", "--warningiserror", "--keep-going"]]


def book_builds() -> dict[str, float]:
    results = {}
    subprocess.run([sys.executable, "-m", "widgets.bookgen"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    results["clean build"] = timed(build_cmd())
    results["rebuild, no change"] = timed(build_cmd())
    chapters = sorted((ROOT / "chapters").glob("*/*.ipynb"))
    target = chapters[0] if chapters else ROOT / "book" / "how-to-use.md"
    original = target.read_bytes()
    try:
        if target.suffix == ".ipynb":
            import json

            nb = json.loads(original)
            edit = {"cell_type": "markdown", "metadata": {}, "source": "Benchmark edit.", "id": "bench-edit"}
            nb["cells"].append(edit)
            target.write_text(json.dumps(nb, indent=1), encoding="utf-8")
        else:
            target.write_bytes(original + b"\n\nBenchmark edit.\n")
        label = f"rebuild after editing one {'chapter' if chapters else 'page (no chapters exist yet)'}"
        results[label] = timed(build_cmd())
    finally:
        target.write_bytes(original)
        timed(build_cmd())
    return results


def page_sizes() -> list[tuple[str, int]]:
    pages = sorted(p for p in BUILD.rglob("*.html") if "_static" not in p.parts)
    return [(p.relative_to(BUILD).as_posix(), p.stat().st_size) for p in pages]


def import_times() -> dict[str, float]:
    out = {}
    for module in ("widgets", "widgets.curriculum", "widgets.ui.course_map"):
        samples = []
        for _ in range(5):
            code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
            res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
            samples.append(float(res.stdout.strip()))
        out[module] = statistics.median(samples)
    return out


def _load_once(browser, url: str, timeout_ms: int = 30000, context=None) -> float | None:
    """Seconds from navigation to the first visible widget, or None if it did not appear.

    Without ``context`` every load is a first visit (a new browser profile, empty cache); with one,
    loads are return visits by the same learner, whose browser has Voila's scripts cached.
    """
    own = context is None
    context = context or browser.new_context()
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(".jupyter-widgets", state="visible", timeout=timeout_ms)
        return time.perf_counter() - start
    except Exception:
        return None
    finally:
        page.close()
        if own:
            context.close()


def _kernel_message(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> str:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "bench", "session": session,
              "date": "", "version": "5.3"}
    return json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                       "buffers": [], "channel": "shell"})


async def _server_session(base: str, app: str, start: float, assets: list[str]) -> float:
    """What the server does for one learner, without a browser: render the page, serve every script and
    stylesheet a browser fetched for it (``assets``, six at a time as a browser does per host), open the
    kernel's websocket and fetch every widget's state (the widget manager's ``request_states``)."""
    from tornado.httpclient import AsyncHTTPClient
    from tornado.websocket import websocket_connect

    client = AsyncHTTPClient()
    page = (await client.fetch(f"{base}/voila/render/{app}", request_timeout=120)).body.decode()
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    connections = asyncio.Semaphore(6)

    async def fetch(path: str) -> None:
        async with connections:
            await client.fetch(f"{base}{path}", request_timeout=120)

    await asyncio.gather(*(fetch(path) for path in assets))
    session = uuid.uuid4().hex
    ws = await websocket_connect(f"ws{base[4:]}/api/kernels/{config['kernelId']}/channels?session_id={session}")
    try:
        comm = uuid.uuid4().hex
        await ws.write_message(_kernel_message("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                                             "data": {}}, session, {"version": "1.0.0"}))
        await ws.write_message(_kernel_message("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}},
                                               session))
        while True:
            message = await asyncio.wait_for(ws.read_message(), 120)
            if message is None:
                raise RuntimeError("the kernel's websocket closed")
            if (b"update_states" if isinstance(message, bytes) else "update_states") in message:
                return time.perf_counter() - start
    finally:
        ws.close()


def in_own_thread(make_coroutine, default):
    """Run a coroutine to completion in its own thread and return its result (``default`` if it raised):
    the sync Playwright session already runs an event loop in the main thread."""
    box: dict = {}
    worker = threading.Thread(target=lambda: box.update(result=asyncio.run(make_coroutine())))
    worker.start()
    worker.join()
    return box.get("result", default)


def server_sessions(base: str, app: str, learners: int, assets: list[str]) -> list[float | None]:
    """Seconds until each of ``learners`` simultaneous sessions has its page, its assets and its widget
    state."""
    async def run() -> list:
        from tornado.httpclient import AsyncHTTPClient

        AsyncHTTPClient.configure(None, max_clients=6 * learners + learners)
        start = time.perf_counter()
        done = await asyncio.gather(*(_server_session(base, app, start, assets) for _ in range(learners)),
                                    return_exceptions=True)
        return [t if isinstance(t, float) else None for t in done]

    return in_own_thread(run, [None] * learners)


def page_assets(browser, url: str) -> list[str]:
    """The scripts and stylesheets one first visit fetches from the server (paths), for the protocol
    client to replay."""
    context = browser.new_context()
    page = context.new_page()
    origin = url.split("/voila/")[0]
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url[len(origin):])
            if r.url.startswith(origin) and r.resource_type in ("script", "stylesheet") else None)
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_selector(".jupyter-widgets", state="visible", timeout=30000)
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
        context.close()
    return list(dict.fromkeys(seen))


def kernel_memory_mb(server: VoilaServer) -> list[float]:
    import psutil

    parent = psutil.Process(server.proc.pid)
    kernels = [c for c in parent.children(recursive=True) if "ipykernel" in " ".join(c.cmdline())]
    return [c.memory_info().rss / 2**20 for c in kernels]


# A page Voila has finished (its spinner is gone) with no output at all: the app will never appear.
BLANK_PAGE = "() => !document.getElementById('loading') && !document.querySelector('.jp-OutputArea-output')"


async def _concurrent_loads(url: str, learners: int, timeout_s: float = 30,
                            blank: list | None = None) -> list[float | None]:
    """`learners` browser pages opening the app at the same moment; seconds to each first widget (None if
    none within ``timeout_s``). Pages that finished loading with no app at all are added to ``blank``."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            contexts = [await browser.new_context() for _ in range(learners)]
            pages = [await c.new_page() for c in contexts]
            start = time.perf_counter()

            async def one(page) -> float | None:
                try:
                    await page.goto(url, wait_until="commit")
                    await page.wait_for_selector(".jupyter-widgets", state="visible", timeout=timeout_s * 1000)
                    return time.perf_counter() - start
                except Exception:
                    if blank is not None and await page.evaluate(BLANK_PAGE):
                        blank.append(page.url)
                    return None

            return list(await asyncio.gather(*(one(p) for p in pages)))
        finally:
            await browser.close()


def concurrent_loads(url: str, learners: int, timeout_s: float = 30, blank: list | None = None) -> list[float | None]:
    return in_own_thread(lambda: _concurrent_loads(url, learners, timeout_s, blank), [None] * learners)


def interactive_summary(times: list[float | None]) -> str:
    """How many of simultaneous pages became interactive, and the slowest of them."""
    done = [t for t in times if t is not None]
    return f"{len(done)}/{len(times)} interactive" + (f", slowest {max(done):.2f} s" if done else "")


FLOOR_APP = "one-button.ipynb"


def voila_floor(browser) -> dict:
    """Voila 0.5's own cost, apart from anything this course does: a notebook whose only cell shows one
    ipywidgets button (no course code, no pandas, no Altair), served with the committed template and
    configuration from a preheated pool larger than the number of loads, so every load gets a ready kernel
    and no kernel starts while the browser works."""
    import nbformat

    results: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        nbformat.write(code_notebook("import ipywidgets\nipywidgets.Button(description='Start')"),
                       str(Path(folder) / FLOOR_APP))
        full_pool = ["--VoilaConfiguration.default_pool_size=11", "--VoilaKernelManager.fill_delay=600"]
        with VoilaServer(folder, free_port(), full_pool) as server:
            url = f"{server.url}/voila/render/{FLOOR_APP}"
            time.sleep(30)  # 11 kernels start
            results["warm"] = []
            for _ in range(10):
                results["warm"].append(_load_once(browser, url))
                time.sleep(1)
        with VoilaServer(folder, free_port(), full_pool) as server:
            time.sleep(30)
            results["concurrent_10"] = concurrent_loads(f"{server.url}/voila/render/{FLOOR_APP}", 10)
    return results


def voila_loads(app: str, browser) -> dict:
    results: dict = {}
    # Cold: no preheated kernels, every load starts a kernel and runs the notebook.
    with VoilaServer("dashboards/", free_port(), ["--VoilaConfiguration.preheat_kernel=False"]) as server:
        url = f"{server.url}/voila/render/{app}"
        _load_once(browser, url)  # first load pays for reading files into the OS page cache
        results["cold"] = [_load_once(browser, url) for _ in range(5)]
    # 10 learners at once, on a freshly started server with the committed configuration.
    with VoilaServer("dashboards/", free_port(), preheat_only(app)) as server:
        time.sleep(10)  # let the preheated pool fill
        url = f"{server.url}/voila/render/{app}"
        results["concurrent_10"] = concurrent_loads(url, 10)
    # The server alone: 10 sessions at once from a protocol client (no browsers competing for the cores;
    # each learner's browser runs on their own device), with the committed pool and with a pool as large
    # as the class. Each session fetches the page, the assets a browser fetched for it, and the widget state.
    assets: list[str] = []
    for pool in (None, 10):
        with VoilaServer("dashboards/", free_port(), preheat_only(app, pool)) as server:
            time.sleep(10 if pool is None else 25)
            if not assets:  # the same files for any pool: record them once per app
                assets = page_assets(browser, f"{server.url}/voila/render/{app}")
                time.sleep(5)  # the kernel that page used is replaced in the pool
            results[f"server_10_pool_{pool or 'committed'}"] = server_sessions(server.url, app, 10, assets)
    results["assets"] = len(assets)
    # Warm: the committed configuration (preheated pool), sequential loads.
    with VoilaServer("dashboards/", free_port(), preheat_only(app)) as server:
        url = f"{server.url}/voila/render/{app}"
        time.sleep(10)
        warm = []
        for _ in range(10):
            warm.append(_load_once(browser, url))
            time.sleep(2.5)  # a learner every few seconds: the pool refills between loads
        results["warm"] = warm
        returning = browser.new_context()
        _load_once(browser, url, context=returning)  # the learner's first visit fills the browser cache
        time.sleep(2.5)
        results["warm_return"] = []
        for _ in range(10):
            results["warm_return"].append(_load_once(browser, url, context=returning))
            time.sleep(2.5)
        returning.close()
        results["kernel_mb"] = kernel_memory_mb(server)
        back_to_back = [_load_once(browser, url) for _ in range(50)]
        results["hangs_in_50"] = sum(1 for t in back_to_back if t is None)
        results["back_to_back"] = back_to_back
    return results


def learner_bound(r: dict) -> float:
    """The slowest of 10 simultaneous learners, each with their own browser: when the server has finished
    that learner's page, assets and widget state, plus the browser's own work, taken as a whole warm
    first visit (which includes fetching again, so this overstates)."""
    server = [t for t in r["server_10_pool_committed"] if t is not None]
    warm = [t for t in r["warm"] if t is not None]
    if len(server) < len(r["server_10_pool_committed"]) or not warm:
        return float("nan")
    return max(server) + statistics.median(warm)


def committed_pool() -> int:
    config = json.loads((ROOT / "config" / "voila" / "voila.json").read_text(encoding="utf-8"))
    return config["VoilaConfiguration"]["default_pool_size"]


def fmt(values) -> str:
    ok = [v for v in values if v is not None]
    if not ok:
        return "none finished"
    return f"median {statistics.median(ok):.2f} s (min {min(ok):.2f}, max {max(ok):.2f}, n={len(ok)})"


def concurrency_check(apps: list[str], rounds: int, extra: list[str]) -> int:
    """`run.py --concurrent APP ... [--rounds N] [-- VOILA-OPTIONS]`: 10 Chromium pages open each app at
    once on a fresh server with the committed configuration (plus VOILA-OPTIONS), ``rounds`` times, with a
    90 s limit. Prints how many pages became interactive and how many finished blank (no app at all)."""
    for app in apps:
        for _ in range(rounds):
            with VoilaServer("dashboards/", free_port(), preheat_only(app) + extra) as server:
                time.sleep(10)
                blank: list = []
                times = concurrent_loads(f"{server.url}/voila/render/{app}", 10, timeout_s=90, blank=blank)
            print(f"{app} {' '.join(extra)}: {interactive_summary(times)}; {len(blank)} blank", flush=True)
    return 0


# The policy before script-src was added (config/voila/voila.json at commit 56a34f4).
CSP_BEFORE = "frame-ancestors 'self'"


def voila_with_config(config_dir: Path, extra: list[str]) -> ServerProcess:
    """Voila on dashboards/ like :class:`VoilaServer`, but with the configuration in ``config_dir``."""
    port = free_port()
    env = dict(os.environ, JUPYTER_PATH=str(ROOT / "share" / "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    cmd = [str(BIN / "voila"), "dashboards/", f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1",
           f"--Voila.config_file_paths={config_dir}", *extra]
    return ServerProcess("voila", cmd, port, "/voila/static/voila.js", env=env)


def csp_header(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers.get("Content-Security-Policy", "")


def csp_comparison(app: str, rounds: int) -> int:
    """`run.py --csp APP [--rounds N]`: warm first visits (new browser profile each, a preheated kernel
    waiting) to APP on two servers started together with the committed configuration, one with its
    Content-Security-Policy and one with the policy it replaced; loads alternate between the two, a
    few seconds apart, so both see the same machine. Writes benchmarks/RESULTS-csp.md."""
    from playwright.sync_api import sync_playwright

    committed = ROOT / "config" / "voila"
    policy = json.loads((committed / "voila.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        before = Path(folder)
        for path in committed.iterdir():
            if path.is_file() and path.suffix in (".json", ".py"):
                shutil.copy(path, before / path.name)
        policy["Voila"]["tornado_settings"]["headers"]["Content-Security-Policy"] = CSP_BEFORE
        (before / "voila.json").write_text(json.dumps(policy, indent=2), encoding="utf-8")
        servers = {"with the CSP": voila_with_config(committed, preheat_only(app)),
                   "without (frame-ancestors only)": voila_with_config(before, preheat_only(app))}
        times: dict[str, list[float | None]] = {name: [] for name in servers}
        try:
            for server in servers.values():
                server.wait_ready()
            time.sleep(15)  # both pools fill
            load_before = os.getloadavg()[0]
            headers = {name: csp_header(server.url + "/") for name, server in servers.items()}
            assert "script-src" in headers["with the CSP"] and headers["without (frame-ancestors only)"] == CSP_BEFORE
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                try:
                    for server in servers.values():  # one unrecorded load each: the OS file cache
                        _load_once(browser, f"{server.url}/voila/render/{app}")
                    time.sleep(5)
                    for round_ in range(rounds):
                        order = list(servers.items())
                        for name, server in (order if round_ % 2 == 0 else order[::-1]):
                            times[name].append(_load_once(browser, f"{server.url}/voila/render/{app}"))
                            time.sleep(2.5)  # the pool refills between loads
                finally:
                    browser.close()
            load_after = os.getloadavg()[0]
        finally:
            for server in servers.values():
                server.stop()
    medians = {name: statistics.median([t for t in ts if t is not None]) for name, ts in times.items()
               if any(t is not None for t in ts)}
    ratio = medians["with the CSP"] / medians["without (frame-ancestors only)"]
    lines = ["# Voila time to first widget with the Content-Security-Policy", "",
             f"Recorded {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} ({os.cpu_count()} cores, "
             f"Python {platform.python_version()}) with `.venv/bin/python benchmarks/run.py --csp {app} "
             f"--rounds {rounds}`.", "",
             f"Warm first visits to `{app}` (a new browser profile each time, a preheated kernel waiting), from "
             "navigation to the first visible widget in Chromium on loopback. Two servers with the committed "
             "configuration and template ran side by side, one sending the committed Content-Security-Policy "
             f"and one the policy it replaced (`{CSP_BEFORE}`); loads alternated between them, "
             f"{rounds} each. Load average (1 min) on {os.cpu_count()} cores: {load_before:.1f} just before the "
             f"first load, {load_after:.1f} after the last.", "",
             "| policy | time to first widget |", "| --- | --- |"]
    lines += [f"| {name} | {fmt(ts)} |" for name, ts in times.items()]
    lines += ["", f"Ratio of medians, with / without: {ratio:.2f}.", "",
              f"Committed policy: `{headers['with the CSP']}`", ""]
    (ROOT / "benchmarks" / "RESULTS-csp.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


def book_only() -> int:
    """``run.py --book``: the book's build times and largest pages only (no Voila), written to
    benchmarks/RESULTS-book.md and into the "Book build" section of benchmarks/RESULTS.md, so the book can be
    re-measured as chapters land without a full ``make bench``."""
    load_before = os.getloadavg()[0]
    builds = book_builds()
    load_after = os.getloadavg()[0]
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    notebooks = len(list((ROOT / "chapters").glob("*/*.ipynb")))
    table = ["| build | seconds | target |", "| --- | --- | --- |"]
    for name, seconds in builds.items():
        target = "≤ 20 s" if name.startswith("rebuild after") else "≤ 180 s" if name == "clean build" else ""
        table.append(f"| {name} | {seconds:.1f} | {target} |")
    how = (f"by `python benchmarks/run.py --book` on {platform.node()} ({os.cpu_count()} cores, Python "
           f"{platform.python_version()}), with {notebooks} chapter notebooks, executed two at a time by "
           f"`widgets.book_execute` before Jupyter Book renders them. Wall-clock times, one run each; load average "
           f"{load_before:.1f} before, {load_after:.1f} after.")
    sizes = sorted(page_sizes(), key=lambda item: -item[1])[:5]
    largest = "Largest pages (kB): " + ", ".join(f"{name} {size / 1000:.0f}" for name, size in sizes) + "."
    lines = ["# Book build as the chapters grow", "", f"Recorded {when} {how}", "", *table, "", largest, ""]
    (ROOT / "benchmarks" / "RESULTS-book.md").write_text("\n".join(lines), encoding="utf-8")
    results = ROOT / "benchmarks" / "RESULTS.md"
    if results.is_file():
        text = results.read_text(encoding="utf-8")
        start = text.find("## Book build\n")
        end = text.find("\n## ", start + 1)
        if start >= 0 and end > start:
            section = ["## Book build", "", f"Re-measured {when} {how} The rest of this file is from the last full "
                       "`make bench` (its date is at the top).", "", *table, ""]
            results.write_text(text[:start] + "\n".join(section) + text[end:], encoding="utf-8")
    print("\n".join(lines))
    return 0


def main() -> int:
    from playwright.sync_api import sync_playwright

    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        return 0
    if "--csp" in sys.argv:
        words = sys.argv[sys.argv.index("--csp") + 1:]
        rounds = int(words[words.index("--rounds") + 1]) if "--rounds" in words else 10
        apps = [w for w in words if w.endswith(".ipynb")]
        if len(apps) != 1:
            print("run.py --csp takes one app, e.g. run.py --csp course-map.ipynb --rounds 10")
            return 2
        return csp_comparison(apps[0], rounds)
    if "--book" in sys.argv:
        return book_only()
    if "--concurrent" in sys.argv:
        args = sys.argv[sys.argv.index("--concurrent") + 1:]
        words, extra = (args[:args.index("--")], args[args.index("--") + 1:]) if "--" in args else (args, [])
        rounds = int(words[words.index("--rounds") + 1]) if "--rounds" in words else 3
        return concurrency_check([w for w in words if w.endswith(".ipynb")], rounds, extra)

    lines = ["# Benchmark results", "",
             f"Recorded {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `make bench` on {platform.node()} "
             f"({os.cpu_count()} cores, Python {platform.python_version()}). Wall-clock times; medians.", ""]
    builds = book_builds()
    lines += ["## Book build", "", "| build | seconds | target |", "| --- | --- | --- |"]
    for name, seconds in builds.items():
        target = "≤ 20 s" if name.startswith("rebuild after") else ""
        lines.append(f"| {name} | {seconds:.1f} | {target} |")
    sizes = page_sizes()
    largest = max(s for _, s in sizes) / 1000
    lines += ["", "## Built page sizes", "", f"Largest page {largest:.0f} kB; limit 1,500 kB.", "",
              "| page | kB |", "| --- | --- |"]
    lines += [f"| {name} | {size / 1000:.1f} |" for name, size in sizes]
    static = BUILD / "_static" / "cx"
    lines += ["", f"Shared assets (cached by the browser, loaded only where used): Vega bundle "
              f"{(static / 'vega-bundle.js').stat().st_size / 1000:.0f} kB (chart pages only), MathJax "
              f"{(static / 'mathjax' / 'tex-chtml.js').stat().st_size / 1000:.0f} kB (pages with maths only).", ""]
    imports = import_times()
    lines += ["## Import times (fresh interpreter, median of 5)", "", "| module | seconds |", "| --- | --- |"]
    lines += [f"| `{m}` | {s:.3f} |" for m, s in imports.items()]
    lines.append("")
    lines += ["## Voila: time to first widget", "",
              "From navigation to the first visible widget in Chromium on loopback. *Cold*: preheating off, "
              "median of 5 sequential loads. *Warm*: the committed configuration (a pool of "
              f"{committed_pool()} preheated kernels; while one app is measured only its pool is filled), 10 "
              "sequential loads a few seconds apart, then 50 back-to-back loads (hang = no widget in 30 s). "
              "*10 at once*: a fresh server with a filled pool, 10 pages opened together.", ""]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            floor = voila_floor(browser)
            lines += ["### Voila's own floor: a one-button notebook", "",
                      "A notebook whose only cell shows one ipywidgets button (no course code, pandas or Altair), "
                      "with the committed template and configuration and a pool of 11 preheated kernels, so every "
                      "load gets a ready kernel and no kernel starts while the browser works. No app can load "
                      "faster than this on this machine.", "",
                      f"- warm, first visit: {fmt(floor['warm'])}",
                      f"- 10 at once (10 Chromium pages on the same 2 cores, every kernel ready): "
                      f"{interactive_summary(floor['concurrent_10'])}", ""]
            for app in sorted(p.name for p in (ROOT / "dashboards").glob("*.ipynb")):
                r = voila_loads(app, browser)
                lines += [f"### `{app}`", "",
                          f"- cold: {fmt(r['cold'])}",
                          f"- warm, first visit (new browser profile each load; target ≤ 1.0 s median): "
                          f"{fmt(r['warm'])}",
                          f"- warm, return visit (same browser, Voila's scripts cached): {fmt(r['warm_return'])}",
                          f"- 50 back-to-back loads: {fmt(r['back_to_back'])}; hangs: {r['hangs_in_50']}",
                          f"- 10 at once (10 Chromium pages on the same 2 cores as the server): "
                          f"{interactive_summary(r['concurrent_10'])} (target all within 10 s)",
                          f"- 10 learners at once, server side (a protocol client replays a first visit for each: "
                          f"the page, its {r['assets']} scripts and stylesheets, the kernel websocket and the widget "
                          f"state; the learners' browsers run on their own devices): committed pool "
                          f"{fmt(r['server_10_pool_committed'])}; pool of 10 {fmt(r['server_10_pool_10'])}",
                          f"- 10 learners at once, estimate with the committed pool: slowest server side + this "
                          f"app's warm first-visit median = {learner_bound(r):.2f} s (target all within 10 s)",
                          f"- memory per kernel (RSS): {', '.join(f'{m:.0f} MB' for m in r['kernel_mb'])}", ""]
        finally:
            browser.close()
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
