"""Marketing attribution and SERVQUAL benchmark (CIM L6, issue 16). Writes
benchmarks/RESULTS-l6-attribution-servqual.md.

Run: ``.venv/bin/python benchmarks/l6_attribution_servqual.py`` (Python only, no browser).

Measured (median of 5 runs):

* on 100,000 synthetic converting paths (``widgets.sample_fern_journeys.fern_paths(100_000)``, the model
  behind ``fern_paths.csv``): reading and checking the paths CSV as an upload (``read_paths_csv``); the main
  action, all five attribution models side by side (``compare_models``: identical paths added together, then
  ``widgets.metrics.attribute_conversions`` five times) with the table and the chart and its description;
  one model alone on the raw 100,000 (touchpoints, conversions) pairs, without grouping;
* on 100,000 synthetic survey respondents (``fern_servqual(100_000)``; 44 item scores each, 4.4 million
  scores): reading and checking the survey CSV as an upload (``read_survey_csv``); the main action, the gaps
  by dimension weighted and unweighted with the 22 item gaps, the table and the chart (``analyse`` +
  ``gaps_chart``); the gaps of each segment (``by_segment``); ``servqual_gaps`` alone on the 4.4 million scores.

Target (issue 16): each tool's main action on 100,000 rows within 1 s.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets.activities.attribution import (  # noqa: E402
    compare_models,
    comparison_chart,
    comparison_table_html,
    read_paths_csv,
)
from widgets.activities.servqual import (  # noqa: E402
    ITEMS,
    analyse,
    by_segment,
    dimension_table_html,
    gaps_chart,
    items_table_html,
    read_survey_csv,
)
from widgets.charts import import_altair  # noqa: E402
from widgets.metrics import SERVQUAL_DIMENSIONS, attribute_conversions, servqual_gaps  # noqa: E402
from widgets.sample_fern_journeys import fern_paths, fern_servqual  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS-l6-attribution-servqual.md"
RUNS = 5
ROWS = 100_000


CPU: dict[str, float] = {}


def timed(action, runs: int = RUNS) -> tuple[float, object]:
    """Median wall-clock time of ``runs`` runs (and, in :data:`CPU` under the action's id, the median CPU time
    of this process: on a shared machine the wall clock also counts time spent waiting for a core)."""
    times, cpu, out = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[str(len(CPU))] = statistics.median(cpu)
    return statistics.median(times), out


def main() -> int:
    import_altair()  # imported once per kernel, before the first chart; not part of a button press
    rows = []
    paths_csv = fern_paths(ROWS).to_csv(index=False).encode()
    survey_csv = fern_servqual(ROWS).to_csv(index=False).encode()

    t, paths = timed(lambda: read_paths_csv(paths_csv, "paths.csv"))
    rows.append((f"Attribution: read and check the paths CSV ({len(paths_csv) / 1e6:.1f} MB)", t))

    def compare():
        c = compare_models(paths, 1.0, "benchmark")
        return c, comparison_table_html(c), comparison_chart(c)

    t, (comparison, _table, _chart) = timed(compare)
    rows.append(("Attribution: **five models side by side** (main action), with the table, chart and description", t))
    pairs = [(cell.split(" > "), c) for cell, c in zip(paths["touchpoints"], paths["conversions"], strict=True)]
    t, _ = timed(lambda: attribute_conversions(pairs, "time_decay", half_life=2))
    rows.append(("Attribution: `attribute_conversions` alone, time decay, 100,000 raw pairs (no grouping)", t))

    t, survey = timed(lambda: read_survey_csv(survey_csv, "survey.csv"))
    rows.append((f"SERVQUAL: read and check the survey CSV ({len(survey_csv) / 1e6:.1f} MB, 4.4 million scores)", t))

    def gaps():
        a = analyse(survey, "benchmark")
        return a, dimension_table_html(a), items_table_html(a), gaps_chart(a)

    t, (analysis, *_rest) = timed(gaps)
    rows.append(("SERVQUAL: **gaps by dimension, weighted and unweighted, 22 items** (main action), table and chart",
                 t))
    t, segments = timed(lambda: by_segment(survey))
    rows.append(("SERVQUAL: the gaps of each of the four segments", t))
    e = {d: survey[[r[2] for r in ITEMS if r[0] == d]].to_numpy().ravel() for d in SERVQUAL_DIMENSIONS}
    p = {d: survey[[r[3] for r in ITEMS if r[0] == d]].to_numpy().ravel() for d in SERVQUAL_DIMENSIONS}
    t, _ = timed(lambda: servqual_gaps(e, p))
    rows.append(("SERVQUAL: `servqual_gaps` alone on 4.4 million scores (NumPy arrays)", t))

    lines = [
        "# Marketing attribution and SERVQUAL benchmark (CIM L6, issue 16)",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on CPython {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end (other work "
        f"was running, so the wall clock includes waiting for a core; the CPU column is this process's own time); "
        f"median of {RUNS} runs. Target: within 1 s.",
        "",
        f"Data: {len(paths):,} synthetic converting paths (`fern_paths({ROWS:_})`, "
        f"{paths['touchpoints'].nunique():,} different paths, {comparison.conversions:,.0f} conversions) and "
        f"{len(survey):,} synthetic SERVQUAL respondents (`fern_servqual({ROWS:_})`).",
        "",
        "| action | median wall clock (s) | median CPU (s) | within 1 s (CPU) |",
        "| --- | ---: | ---: | --- |",
    ]
    for (label, t), cpu in zip(rows, CPU.values(), strict=True):
        lines.append(f"| {label} | {t:.3f} | {cpu:.3f} | {'yes' if cpu <= 1 else 'no'} |")
    lines += ["", f"Largest SERVQUAL gap on these respondents: {analysis.result.largest_gap} "
                  f"({analysis.result.by_dimension[analysis.result.largest_gap]:+.2f}); "
                  f"{len(segments)} segments.", ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
