"""The course on JupyterHub (deploy/jupyterhub/): time from login to a working app, and memory per learner.

Starts the hub with the real configuration (tests/hubtools.py: temporary state, accounts and ports, all
removed at the end), signs up and approves learners, then in headless Chromium:

* one learner at a time (``--single`` runs): from pressing "Sign in" to the course map drawn and answering
  a choice (the hub starts the learner's server, Voila starts a kernel and runs the app);
* ``--class-size`` learners pressing "Sign in" at the same moment: the same, for each of them;
* memory: the resident set (RSS) of each learner's single-user server and of its kernel, and the CPU time
  both used to get there.

Needs root (one system account per learner) and `make hub-install`.
Usage: .venv/bin/python benchmarks/hub.py [--class-size 10] [--single 3]; writes benchmarks/RESULTS-hub.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from tests.hubtools import Hub, missing_install, why_no_system_users  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS-hub.md"
READY = ("() => location.pathname.endsWith('/voila/render/course-map.ipynb') && "
         "!!document.querySelector('.jupyter-widgets select') && (!document.querySelector('#loading') || "
         "getComputedStyle(document.querySelector('#loading')).display === 'none')")
ANSWERED = "() => document.body.innerText.includes('LO1: Understand the range of different contexts')"


def sign_in(page, hub: Hub, name: str, password: str) -> None:
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)


def check(page, script: str) -> bool:
    try:
        return bool(page.evaluate(script))
    except Exception:  # noqa: BLE001 - the page is between navigations
        return False


def run_wave(browser, hub: Hub, accounts: dict[str, str], timeout: float = 600) -> dict[str, dict[str, float]]:
    """Everyone in ``accounts`` presses "Sign in" at once; seconds to the app drawn and to a choice answered."""
    contexts = {name: browser.new_context(service_workers="block") for name in accounts}
    pages = {name: ctx.new_page() for name, ctx in contexts.items()}
    for name, page in pages.items():
        sign_in(page, hub, name, accounts[name])
    start = time.monotonic()
    for page in pages.values():
        page.click("button[type=submit], input[type=submit]", no_wait_after=True)
    times: dict[str, dict[str, float]] = {name: {} for name in pages}
    while time.monotonic() - start < timeout and any("answered" not in t for t in times.values()):
        for name, page in pages.items():
            t = times[name]
            if "drawn" not in t and check(page, READY):
                t["drawn"] = time.monotonic() - start
                page.locator("select").first.select_option(index=2, no_wait_after=True, timeout=30_000)
            elif "drawn" in t and "answered" not in t and check(page, ANSWERED):
                t["answered"] = time.monotonic() - start
        time.sleep(0.1)
    missing = [name for name, t in times.items() if "answered" not in t]
    for ctx in contexts.values():
        ctx.close()
    if missing:
        raise SystemExit(f"{len(missing)} learner(s) had no working app after {timeout:.0f} s; hub log:\n"
                         f"{hub.log_text()[-3000:]}")
    return times


def memory(hub: Hub, names: list[str]) -> list[dict[str, float]]:
    import psutil

    rows = []
    for name in names:
        server = psutil.Process(hub.server(name)["state"]["pid"])
        kernels = server.children(recursive=True)
        rows.append({
            "server_mb": server.memory_info().rss / 1e6,
            "kernels_mb": sum(k.memory_info().rss for k in kernels) / 1e6,
            "cpu_s": sum(p.cpu_times().user + p.cpu_times().system for p in [server, *kernels]),
            "kernels": len(kernels),
        })
    return rows


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} / {max(values):.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=10)
    parser.add_argument("--single", type=int, default=3, help="one-learner runs (each a new learner)")
    args = parser.parse_args()
    for reason in (missing_install(), why_no_system_users()):
        if reason:
            raise SystemExit(reason)
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    started = dt.datetime.now(dt.UTC)
    hub = Hub()
    try:
        hub.wait_ready()
        hub.sign_up_admin()
        letters = [f"{i:02d}" for i in range(args.single + args.class_size)]
        accounts = hub.add_learners(letters)
        names = list(accounts)
        singles, wave = names[:args.single], names[args.single:]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
            one = [run_wave(browser, hub, {n: accounts[n]})[n] for n in singles]
            one_memory = memory(hub, singles)
            for name in singles:  # the class arrives at a quiet hub
                hub.stop_server(name)
            many = run_wave(browser, hub, {n: accounts[n] for n in wave})
            many_memory = memory(hub, wave)
            browser.close()
    finally:
        hub.stop()
    load_after = os.getloadavg()
    write(args, started, load_before, load_after, one, one_memory, list(many.values()), many_memory)


def write(args, started, load_before, load_after, one, one_memory, many, many_memory) -> None:
    def row(label: str, times: list[dict[str, float]]) -> str:
        return (f"| {label} | {summary([t['drawn'] for t in times])} | "
                f"{summary([t['answered'] for t in times])} |")

    def mem_row(label: str, rows: list[dict[str, float]]) -> str:
        return (f"| {label} | {summary([r['server_mb'] for r in rows])} | {summary([r['kernels_mb'] for r in rows])} "
                f"| {summary([r['server_mb'] + r['kernels_mb'] for r in rows])} | "
                f"{summary([r['cpu_s'] for r in rows])} |")

    text = f"""# JupyterHub: login to a working app, and memory per learner

Command: `.venv/bin/python benchmarks/hub.py --class-size {args.class_size} --single {args.single}` (as root,
after `make hub-install`). Date: {started:%Y-%m-%d %H:%M} UTC. Machine: {os.cpu_count()} cores,
{platform.python_implementation()} {platform.python_version()}; load average
(1, 5, 15 min) {load_before[0]:.1f}, {load_before[1]:.1f}, {load_before[2]:.1f} before and
{load_after[0]:.1f}, {load_after[1]:.1f}, {load_after[2]:.1f} after (the benchmark's own learners raise it;
a high figure before means other work shared the machine).

The hub runs `deploy/jupyterhub/jupyterhub_config.py` (NativeAuthenticator, one system account per learner,
Voila in each learner's single-user server) with headless Chromium as the learners. Each learner signs in
on the hub's login page; the clock starts when they press "Sign in" and stops when the course map is drawn
(Voila's spinner gone, the widgets shown) and when the app has answered a choice (the specification
picker set to CIM L4 and its first outcome shown). That covers the hub starting the learner's server,
the server starting a kernel and running the app, and the browser drawing it.

## Time from "Sign in" to a working course map (seconds, median / max)

| learners signing in at once | app drawn | app answered a choice |
| --- | --- | --- |
{row(f"1 (run {len(one)} times, one learner after another)", one)}
{row(f"{len(many)} at the same moment", many)}

## Memory and CPU per learner (median / max)

RSS of each learner's single-user server (Jupyter server + Voila) and of its kernel (one, for the course
map), read once the app had answered; CPU is the user + system time both had used by then.

| learners | server RSS (MB) | kernel RSS (MB) | total (MB) | CPU time (s) |
| --- | --- | --- | --- | --- |
{mem_row(f"1 at a time ({len(one_memory)})", one_memory)}
{mem_row(f"{len(many_memory)} at once", many_memory)}

Reading the waits: learners starting at the same moment share the machine's cores, so on an otherwise idle
machine with C cores, N learners wait at least N × (CPU time per learner) / C; other work on the machine
(the load average above) stretches every wait further.

Each further app a learner opens starts one more kernel (the course map's kernel above; the journey
builder's is larger, see `benchmarks/RESULTS-journey.md`). `deploy/kubernetes/config.yaml` and the capacity
guide in `deploy/README.md` are sized from these figures.
"""
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
