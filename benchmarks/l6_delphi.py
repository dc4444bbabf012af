"""Delphi panel benchmark (CIM L6, criterion 2.3, issue 16). Writes benchmarks/RESULTS-l6-delphi.md.

Run: ``.venv/bin/python benchmarks/l6_delphi.py`` (Python only, no browser).

Measured (median of 5 runs):

* one round of 100,000 simulated estimates (seeded normal around 85, clipped to 0–100): the median and
  quartiles by the course's method (``summarise``), the linear-interpolation IQR shown for comparison
  (``linear_iqr``), and the revision of all 100,000 by the rule (``revise``, feedback "reasons", on a panel of
  100,000 built without the 30-expert limit of the task file);
* the Fern & Field panel's full 6-round run (five revisions, feedback "full" with a clarifying question), with
  the rounds recomputed from the choices, the stopping rule, the feedback on the choices, the dot plot and its
  description, the tables and the three exports (HTML, CSV, JSON).

Target (issue 16): each tool's main action within 1 s.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets.activities.delphi import (  # noqa: E402
    DelphiTask,
    Expert,
    RoundChoice,
    choice_feedback,
    document_html,
    dot_plot,
    history_html,
    linear_iqr,
    load_delphi,
    make_rule,
    new_run,
    next_round,
    revise,
    round_table_html,
    run_rounds,
    stop,
    summarise,
    to_csv,
    to_json,
)
from widgets.charts import import_altair  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS-l6-delphi.md"
RUNS = 5
ROWS = 100_000


def timed(action, runs: int = RUNS) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def big_panel(task: DelphiTask, n: int) -> tuple[DelphiTask, tuple[float, ...]]:
    rng = random.Random(2026)
    experts = [Expert.model_construct(id=f"e{i}", role="simulated expert", estimate=0.0, reason="simulated",
                                      strong=i % 4 == 0, conform=rng.random(), evidence=rng.random())
               for i in range(n)]
    estimates = tuple(float(min(100, max(0, round(rng.gauss(85, 4))))) for _ in range(n))
    return task.model_copy(update={"experts": experts, "questions": []}), estimates


def main() -> int:
    import_altair()  # imported once per kernel, before the first chart; not part of a button press
    task = load_delphi("cim-l6-cjo", "fern-delphi")
    panel, estimates = big_panel(task, ROWS)
    rows = []
    t, s = timed(lambda: summarise(estimates))
    rows.append((f"One round of {ROWS:,} estimates: **median, Q1, Q3 and IQR** (course method)", t))
    t, lin = timed(lambda: linear_iqr(estimates))
    rows.append((f"The same {ROWS:,}: IQR by linear interpolation (for comparison)", t))
    t, (revised, _point) = timed(lambda: revise(panel, estimates, RoundChoice(feedback="reasons")))
    rows.append((f"Revising all {ROWS:,} estimates by the rule (feedback: reasons of the extremes)", t))

    def full_run():
        run = new_run(task, make_rule(1, 0, "both", 6))
        for k in range(5):
            run = next_round(task, run, "full", "scope" if k == 0 else "")
        run = stop(run, "stable disagreement", "One expert holds out at the bottom.", "Round limit.")
        rounds = run_rounds(task, run)
        return (run, rounds, choice_feedback(task, run, rounds), dot_plot(task, rounds), history_html(task, rounds),
                round_table_html(task, rounds), document_html(task, run), to_csv(task, run), to_json(task, run))

    t, (run, rounds, *_rest) = timed(full_run)
    rows.append(("**Full 6-round run** of the Fern & Field panel (rounds, rule, feedback, dot plot, tables, "
                 "HTML/CSV/JSON exports)", t))
    lines = [
        "# Delphi panel benchmark (CIM L6, issue 16)",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on CPython {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the end: other work "
        f"was running); median of {RUNS} runs. Target: within 1 s.",
        "",
        f"Data: {ROWS:,} simulated estimates (seeded, normal around 85, whole points 0–100): median {s.median:g}, "
        f"Q1 {s.q1:g}, Q3 {s.q3:g}, IQR {s.iqr:g} (linear interpolation: {lin:g}); after one revision the median "
        f"is {summarise(revised).median:g}. The full run ends at round {rounds[-1].number} with median "
        f"{rounds[-1].summary.median:g} and IQR {rounds[-1].summary.iqr:g}.",
        "",
        "| action | median (s) | within 1 s |",
        "| --- | ---: | --- |",
    ]
    for label, t in rows:
        lines.append(f"| {label} | {t:.3f} | {'yes' if t <= 1 else 'no'} |")
    lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
