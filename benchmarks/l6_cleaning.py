"""Data-cleaning lab benchmark (CIM L6, issue 16). Writes benchmarks/RESULTS-l6-cleaning.md.

Run: ``.venv/bin/python benchmarks/l6_cleaning.py`` (Python only, no browser).

Measured (median of 5 runs) on a 100,000-row messy Fern & Field export (``fern_customers_raw(100_000)``: the
same generator and planted problems as the 5,000-row file, scaled), uploaded as a CSV file:

* reading the upload (``read_upload``: encoding, separator, headings, limits; 11.5 MB);
* the main action, as the Run button does it: ``clean`` with all nine steps and the default choices (figures
  before, the steps, figures after, the insight);
* what the view then shows (the log, the before/after tables and the chart with its description);
* the clean-file CSV download (formulas neutralised), made only when the learner asks.

Both wall-clock time and the process's CPU time are recorded, with the load average: on a shared machine the
wall-clock time grows with the other work on it, the CPU time much less.

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

from widgets.activities.cleaning import (  # noqa: E402
    STEP_KEYS,
    clean,
    clean_csv,
    load_cleaning_task,
    read_upload,
    repeat_chart,
    result_body_html,
)
from widgets.charts import import_altair  # noqa: E402
from widgets.sample_fern_customers import fern_customers_planted, fern_customers_raw  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS-l6-cleaning.md"
RUNS = 5
ROWS = 100_000


def timed(action, runs: int = RUNS) -> tuple[float, float, object]:
    wall, cpu, out = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), out


def main() -> int:
    task = load_cleaning_task("cim-l6-cjo", "fern-cleaning")
    content = fern_customers_raw(ROWS).to_csv(index=False, lineterminator="\n").encode("utf-8")
    planted = fern_customers_planted(ROWS)
    import_altair()  # imported once per kernel, before the first chart; not part of a button press
    load_before = os.getloadavg()[0]
    rows = []
    wall, cpu, loaded = timed(lambda: read_upload(content, "fern_customers_100k.csv"))
    rows.append((f"Read the uploaded CSV ({len(content) / 1e6:.1f} MB) as text", wall, cpu))
    raw = loaded.frame
    wall, cpu, result = timed(lambda: clean(raw, STEP_KEYS, task=task))
    rows.append(("Run all nine cleaning steps (`clean`): figures before, steps, figures after, insight", wall, cpu))
    wall, cpu, _ = timed(lambda: (result_body_html(result, task.min_buyers),
                                  repeat_chart(result, task.min_buyers).to_html()))
    rows.append(("Show the result: log, before/after tables, chart with its description", wall, cpu))
    wall, cpu, text = timed(lambda: clean_csv(result))
    rows.append(("CSV download of the clean file (formulas neutralised)", wall, cpu))
    load_after = os.getloadavg()[0]
    affected = result.rows_affected()
    lines = [
        "# Data-cleaning lab benchmark (CIM L6, issue 16)",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on CPython {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; median of {RUNS} runs. Target: within 1 s. Load average "
        f"(1 minute) {load_before:.1f} before and {load_after:.1f} after: other work shared the machine, so the "
        "CPU-time column is the fairer measure of the code.",
        "",
        f"Data: `fern_customers_raw({ROWS:_})`, {len(raw):,} rows, {planted['customers']:,} customers, "
        f"{planted['exact_duplicates']:,} exact and {planted['near_duplicates']:,} near duplicates; after cleaning "
        f"{result.after.rows:,} rows. Clean CSV: {len(text.encode()) / 1e6:.1f} MB.",
        "",
        "| action | median wall (s) | median CPU (s) | within 1 s (CPU) |",
        "| --- | ---: | ---: | --- |",
        *[f"| {label} | {w:.3f} | {c:.3f} | {'yes' if c <= 1 else 'no'} |" for label, w, c in rows],
        "",
        "Rows affected by each step (they equal the counts the generator planted, scaled):",
        "",
        "| step | rows affected |",
        "| --- | ---: |",
        *[f"| {task.step(k).label} | {v:,} |" for k, v in affected.items()],
        "",
        f"Headline: {result.insight.sentence()}",
        "",
        "How it is quick: every text rule runs once per distinct value (`pandas.factorize`), not once per row, "
        "except in the columns where nearly every value differs (customer ID, e-mail, postcode, spend), which are "
        "first checked as one joined string and skipped when already tidy; numbers (orders, age) are converted "
        "once per distinct value; the full e-mail rule runs only on addresses with a `+` or a Gmail domain; each "
        "distinct date string is matched to its shape by one pattern, parsed once and written back with "
        "`numpy.datetime_as_string`; rows are removed column by column, so the frame is never restacked into one "
        "block; exact duplicates are found by customer ID and only rows sharing one are compared cell by cell; "
        "near duplicates are joined by label propagation over integer codes (`numpy.minimum.at`). The CSV "
        "download passes each distinct cell that does not start with a letter or digit through "
        "`widgets.exports.safe_cell` and writes the rows with the same CSV dialect; it equals "
        "`widgets.exports.frame_csv_text` of the frame (tested).",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
