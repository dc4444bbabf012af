"""Journey-builder benchmark: a map at the model's count limits (12 stages, 100 touchpoints). Writes
benchmarks/RESULTS-journey.md.

Run: ``.venv/bin/python benchmarks/journey.py`` (starts its own Voila on a free loopback port).

Measured:

* loading the map's JSON: ``JourneyMap.from_json`` alone, and loading into the builder
  (``JourneyBuilder.load_json_text``: parse + fill every widget + chart + swimlane + analysis), in Python;
  and in Voila, from picking the file in Chromium's file chooser to the new swimlane being shown;
* an edit in Voila: from the keystroke (ArrowDown on the focused emotion-score dropdown, timed by a
  ``keydown`` listener in the page) to the Vega view's SVG line being redrawn with the new data
  (a MutationObserver on the chart's output sees the line's path change);
* the Python side of the same edit (the widget observer, no browser), for comparison;
* "Prepare files" in Python: all six downloads (JSON, CSV, HTML, Markdown, SVG, PNG) of the map with a
  to-be copy, as ``JourneyBuilder.prepare_downloads`` makes them.

Targets from issue 6: edit → chart within 150 ms (median of 5); loading the JSON under 200 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    VoilaServer,
    free_port,
    keep_file_choosers_intercepted,
    preheat_only,
)
from widgets.journey import (  # noqa: E402
    CHANNELS,
    MAX_STAGES,
    MAX_TOUCHPOINTS,
    SHAW_WORDS,
    Improvement,
    JourneyMap,
    Kpi,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
)

STAGES, TOUCHPOINTS = MAX_STAGES, MAX_TOUCHPOINTS  # until 2026-11 the map had 200 touchpoints (issue 14)
RESULTS = ROOT / "benchmarks" / "RESULTS-journey.md"


def big_map() -> JourneyMap:
    """A deterministic map at the count limits (12 stages, 100 touchpoints) with every lane filled
    (realistic text lengths)."""
    words = sorted(SHAW_WORDS)
    stages = []
    n = 0
    for s in range(STAGES):
        count = TOUCHPOINTS // STAGES + (1 if s < TOUCHPOINTS % STAGES else 0)
        tps = []
        for _ in range(count):
            n += 1
            tps.append(Touchpoint(
                name=f"Touchpoint {n}", channel=CHANNELS[n % len(CHANNELS)],
                doing=f"The customer completes step {n} of the journey, using the {CHANNELS[n % len(CHANNELS)]} "
                      "channel to find what they need.",
                thinking="Is this going to be quick, and will somebody help me if it goes wrong?",
                feeling="A little impatient but hopeful", emotion=(n % 5) - 2,
                emotion_words=[words[n % len(words)]], moment_of_truth=n % 9 == 0,
                expectation="A quick answer", experience="An answer after some waiting",
                expectation_score=4, experience_score=1 + n % 5,
                pain_points=[PainPoint(description=f"Waiting too long at step {n}", severity=1 + n % 5,
                                       frequency=1 + (n * 3) % 5, whys=["Too few staff", "Rota ignores demand"])],
                opportunities=[Improvement(description=f"Automate step {n}", impact=1 + n % 5, effort=1 + (n * 2) % 5)],
                backstage_owner="Operations team", backstage_process="Ticket queue and rota",
                kpis=[Kpi(name="Median wait", value=float(n % 17), unit="minutes", target=5, higher_is_better=False)],
            ))
        stages.append(Stage(name=f"Stage {s + 1}", description=f"Stage {s + 1} of the journey", touchpoints=tps))
    return JourneyMap(title=f"Benchmark map: {STAGES} stages, {TOUCHPOINTS} touchpoints", organisation="Benchmark Ltd",
                      persona=Persona(name="Alex", goals=["Get it done"]), as_is=stages)


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms (min {min(samples) * 1000:.1f}, max " \
           f"{max(samples) * 1000:.1f}, n={len(samples)})"


def python_side(text: str) -> dict[str, list[float]]:
    from widgets.journey import chart_png, chart_svg, to_csv, to_html, to_json_bytes, to_markdown
    from widgets.ui.journey import JourneyBuilder

    out: dict[str, list[float]] = {"from_json": [], "load_into_builder": [], "edit_emotion_python": [],
                                   "edit_text_python": [], "prepare_files": []}
    both = JourneyMap.from_json(text)
    both.start_to_be()
    versions = ("as_is", "to_be")
    for _ in range(4):  # the first run starts the chart renderer: dropped below
        t = time.perf_counter()
        to_json_bytes(both), to_csv(both), to_html(both), to_markdown(both)
        chart_svg(both, versions), chart_png(both, versions)
        out["prepare_files"].append(time.perf_counter() - t)
    out["prepare_files"] = out["prepare_files"][1:]
    JourneyMap.from_json(text)  # warm imports and caches
    for _ in range(5):
        t = time.perf_counter()
        JourneyMap.from_json(text)
        out["from_json"].append(time.perf_counter() - t)
    app = JourneyBuilder(JourneyMap.from_json(text))
    for _ in range(5):
        t = time.perf_counter()
        assert app.load_json_text(text)
        out["load_into_builder"].append(time.perf_counter() - t)
    emotion = next(f.widget for f in app.touchpoints.binder.fields if f.attr == "emotion")
    doing = next(f.widget for f in app.touchpoints.binder.fields if f.attr == "doing")
    for i in range(5):
        t = time.perf_counter()
        emotion.value = 2 if i % 2 == 0 else -2
        out["edit_emotion_python"].append(time.perf_counter() - t)
        t = time.perf_counter()
        doing.value = f"Edited text {i}"
        out["edit_text_python"].append(time.perf_counter() - t)
    return out


WATCH_JS = """() => {
  // Voila's Vega renderer draws on a canvas inside div[role=graphics-document]; an update replaces that view.
  window.__cxKey = null; window.__cxDrawn = null; window.__cxPainted = null;
  const view = () => document.querySelector('.jp-OutputArea [role=graphics-document]');
  const old = view();
  if (!old) return false;
  if (!window.__cxKeyListener) {
    document.addEventListener('keydown', () => { if (window.__cxKey === null) window.__cxKey = performance.now(); },
                              true);
    window.__cxKeyListener = true;
  }
  const area = old.closest('.jp-OutputArea');
  if (window.__cxObserver) window.__cxObserver.disconnect();
  window.__cxObserver = new MutationObserver(() => {
    const now = view();
    if (window.__cxDrawn !== null || !now || now === old) return;
    const c = now.querySelector('canvas, svg');
    if (!c || !(c.width || c.getBoundingClientRect().width)) return;
    window.__cxDrawn = performance.now();
    requestAnimationFrame(() => { window.__cxPainted = performance.now(); });
  });
  window.__cxObserver.observe(area, {subtree: true, childList: true, attributes: true});
  return true;
}"""


def voila_side(text: str) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"voila_load_into_builder": [], "voila_edit_to_chart": [],
                                   "voila_edit_to_paint": []}
    with tempfile.TemporaryDirectory() as tmp, \
            VoilaServer("dashboards/", free_port(), preheat_only("journey-builder.ipynb")) as server, \
            sync_playwright() as pw:
        path = Path(tmp) / "big.json"
        path.write_text(text, encoding="utf-8")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        keep_file_choosers_intercepted(page)
        page.goto(f"{server.url}/voila/render/journey-builder.ipynb", wait_until="domcontentloaded")
        page.wait_for_selector("table.cx-swimlane", timeout=120000)
        page.wait_for_selector("[role=graphics-document]", timeout=60000)
        for i in range(5):
            if i:  # alternate with a template so every upload really changes the map
                page.select_option("select:near(:text('Start from'))", index=i % 4)
                page.get_by_role("button", name="Start this map").click()
                page.wait_for_function("() => !document.querySelector('table.cx-swimlane caption').textContent"
                                       ".includes('Benchmark map')", timeout=60000)
            with page.expect_file_chooser() as chooser:
                page.locator(".widget-upload").click()
            start = time.perf_counter()
            chooser.value.set_files(str(path))
            page.wait_for_function("() => document.querySelector('table.cx-swimlane caption').textContent"
                                   ".includes('Benchmark map')", timeout=60000)
            out["voila_load_into_builder"].append(time.perf_counter() - start)
        page.wait_for_selector("[role=graphics-document]", timeout=60000)
        page.wait_for_timeout(1000)
        emotion = page.locator(".widget-dropdown:has-text('Emotion score') select")
        for i in range(6):
            assert page.evaluate(WATCH_JS), "the chart's line was not found"
            emotion.focus()
            page.keyboard.press("ArrowDown" if i % 2 == 0 else "ArrowUp")
            page.wait_for_function("() => window.__cxPainted !== null && window.__cxKey !== null", timeout=30000)
            key, drawn, painted = page.evaluate("() => [window.__cxKey, window.__cxDrawn, window.__cxPainted]")
            if i:  # the first edit warms the path; five measured
                out["voila_edit_to_chart"].append((drawn - key) / 1000)
                out["voila_edit_to_paint"].append((painted - key) / 1000)
            page.wait_for_timeout(600)
        browser.close()
    return out


def main() -> int:
    journey = big_map()
    text = journey.to_json()
    assert len(journey.as_is) == STAGES and len(journey.touchpoints()) == TOUCHPOINTS
    load_before = os.getloadavg()[0]
    results = python_side(text)
    results.update(voila_side(text))
    load_after = os.getloadavg()[0]
    lines = [
        "# Journey builder benchmark", "",
        f"Recorded {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `.venv/bin/python benchmarks/journey.py` on "
        f"{platform.node()} ({os.cpu_count()} cores shared with other work, Python {platform.python_version()}, "
        "Chromium headless on loopback). One run; medians of 5. "
        f"Load average {load_before:.1f} before and {load_after:.1f} after the run (other work shared the "
        "machine), so browser times are pessimistic.", "",
        f"The map: {STAGES} stages, {TOUCHPOINTS} touchpoints, every lane filled (one pain point with a 5 Whys "
        f"chain, one opportunity and one KPI per touchpoint); JSON {len(text.encode()) / 1000:.0f} kB.", "",
        "| measurement | median (min, max, n) | target |", "| --- | --- | --- |",
        f"| `JourneyMap.from_json` alone (parse + validate) | {median_ms(results['from_json'])} | < 200 ms |",
        f"| load into the builder in Python (`load_json_text`: parse, fill widgets, chart, swimlane, analysis) | "
        f"{median_ms(results['load_into_builder'])} | < 200 ms |",
        f"| load into the builder in Voila (file chosen → new swimlane shown in Chromium; includes the upload) | "
        f"{median_ms(results['voila_load_into_builder'])} | |",
        f"| edit in Voila: keystroke on the emotion score → new Vega view (canvas) in the DOM | "
        f"{median_ms(results['voila_edit_to_chart'])} | < 150 ms |",
        f"| the same, to the next animation frame after it (painted) | "
        f"{median_ms(results['voila_edit_to_paint'])} | |",
        f"| the same edit, Python side only (observer: validate, new chart data, swimlane, analysis) | "
        f"{median_ms(results['edit_emotion_python'])} | |",
        f"| a text edit (Doing), Python side only (swimlane and analysis; chart untouched) | "
        f"{median_ms(results['edit_text_python'])} | |",
        f"| “Prepare files”, Python side: all six downloads of the map with a to-be copy ({2 * TOUCHPOINTS} "
        f"touchpoints) | {median_ms(results['prepare_files'])} | about 1 s |",
        "",
        "Reading the edit rows: *painted* is the time a learner sees the new chart. Before 2026-11-24 it was "
        "186 ms (measured back to back with the fix: 72 ms): after drawing, the Vega renderer in JupyterLab and "
        "Voila snapshotted the chart to a PNG, added it to the output, and the chart was drawn a second time "
        "(two canvases per edit). `widgets.charts.show_in` now gives each live chart a 1×1 PNG, which the "
        "renderer takes as its snapshot (never shown: Vega-Lite ranks above PNG).", "",
        "How the edit is kept cheap: text fields commit on Enter or blur, not per key; the chart's Vega-Lite spec "
        "is built by Altair once and cached, and an edit only swaps its data rows, sent to the browser before the "
        "swimlane; filling fields for a newly selected item holds notifications. See `widgets/ui/journey.py`.", "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
