"""Patterns, trends and prediction benchmark (CIM L6, issue 16). Writes benchmarks/RESULTS-l6-patterns.md.

Run: ``.venv/bin/python benchmarks/l6_patterns.py`` (Python only, no browser).

Measured (median of 5 runs) on 100,000 synthetic Fern & Field orders (``widgets.sample_fern_orders`` with more
customers, the first 100,000 orders by date):

* reading and checking the orders table (``prepare_orders``: dates, values, yes/no columns, review scores);
* each part's main action, as its button runs it (``run_part``: the analysis, its HTML tables and its
  charts with their text descriptions): trend (3-month moving average and year on year), preferences by
  segment (channel), correlation (customer features, the matrix and the confounder check), RFM (quintile
  scores and named segments) and prediction (logistic regression by gradient descent, hold-out check
  against the naive baseline, deciles);
* the CSV download of the largest table (RFM: one row per customer), made only when the learner asks.

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

from widgets.activities.patterns import PARTS, load_patterns_task, prepare_orders, run_part  # noqa: E402
from widgets.charts import import_altair  # noqa: E402
from widgets.sample_fern_orders import fern_orders  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS-l6-patterns.md"
RUNS = 5
ROWS = 100_000
LABELS = {
    "trend": "Trend: orders by month, 3-month moving average, year on year, chart",
    "preferences": "Preferences: channel by segment (counts, shares, index), chart",
    "correlation": "Correlation: customer features, matrix, confounder check, two charts",
    "rfm": "RFM: quintile scores, named segments, bands, grid, chart",
    "prediction": "Prediction: fit by gradient descent, hold-out check, baseline, deciles, chart",
}


def timed(action, runs: int = RUNS) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> int:
    raw = fern_orders(customers=63_000)
    if len(raw) < ROWS:
        raise SystemExit(f"only {len(raw):,} orders generated; raise the customer count")
    raw = raw.iloc[:ROWS].astype(str).replace({"nan": ""})
    task = load_patterns_task("cim-l6-cjo", "fern-patterns")
    import_altair()  # imported once per kernel, before the first chart; not part of a button press
    rows = []
    t, orders = timed(lambda: prepare_orders(raw, "benchmark"))
    rows.append(("Read and check 100,000 orders (dates, values, yes/no, scores)", t))
    results = {}
    for part in PARTS:
        t, results[part] = timed(lambda part=part: run_part(task, orders, part))
        rows.append((LABELS[part], t))
    t, csv = timed(lambda: results["rfm"].csv)
    rows.append(("CSV download of the RFM table (one row per customer)", t))
    customers = orders["customer_id"].nunique()
    span = f"{orders['order_date'].min():%d %B %Y} to {orders['order_date'].max():%d %B %Y}"
    lines = [
        "# Patterns, trends and prediction benchmark (CIM L6, issue 16)",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on CPython {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the end: other work "
        f"was running); median of {RUNS} runs. Target: within 1 s.",
        "",
        f"Data: {len(orders):,} synthetic orders from {customers:,} customers, {span} "
        f"(`fern_orders(customers=63_000)`, first {ROWS:,} orders by date). RFM CSV: {len(csv) / 1e6:.1f} MB.",
        "",
        "| action | median (s) | within 1 s |",
        "| --- | ---: | --- |",
    ]
    for label, t in rows:
        lines.append(f"| {label} | {t:.3f} | {'yes' if t <= 1 else 'no'} |")
    lines += ["", f"Prediction on these orders: {results['prediction'].summary}", ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
