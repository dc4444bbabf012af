"""Measurement plan benchmark (CIM Level 4, 5.3): the feedback analysis on 100,000 rows. Writes
benchmarks/RESULTS-l4-measurement.md.

Run: ``.venv/bin/python benchmarks/l4_measurement.py``.

Measured (median of 5 runs, after one warm-up):

* reading and checking an uploaded complaints log of 100,000 rows (``read_upload`` on its CSV bytes: parse,
  dates, response and resolution hours, yes/no checks);
* reading and checking an uploaded feedback file of 100,000 rows;
* the analysis (``complaint_summary`` with the metrics for first response, resolution and first-contact
  resolution; ``feedback_summary`` with satisfaction split by a first reply within 24 hours, which joins the
  two files);
* the findings and the three charts' specs.

The rows are Hartwell's 2025 log and feedback sampled with replacement (seed 1), with fresh ids.
Target: each step ≤ 1 s.
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

import pandas as pd  # noqa: E402

from widgets.activities import measurement_plan as mp  # noqa: E402

ROWS, RUNS = 100_000, 5


def _big() -> tuple[bytes, bytes]:
    base_c = pd.read_csv(ROOT / "data" / "datasets" / "retail_complaints.csv", dtype=str, keep_default_na=False)
    base_f = pd.read_csv(ROOT / "data" / "datasets" / "hartwell_feedback.csv", dtype=str, keep_default_na=False)
    c = base_c.sample(ROWS, replace=True, random_state=1).reset_index(drop=True)
    ids = {old: f"B{i:06d}" for i, old in enumerate(c["complaint_id"])}
    c["complaint_id"] = [f"B{i:06d}" for i in range(ROWS)]
    f = base_f.sample(ROWS, replace=True, random_state=1).reset_index(drop=True)
    f["feedback_id"] = [f"G{i:06d}" for i in range(ROWS)]
    pool = c["complaint_id"].to_numpy()
    linked = f["complaint_id"].ne("")
    f.loc[linked, "complaint_id"] = pool[: int(linked.sum())]
    del ids
    return (c.to_csv(index=False).encode(), f.to_csv(index=False).encode())


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _time(fn) -> float:
    fn()
    runs = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    c_bytes, f_bytes = _big()
    _, c = mp.read_upload(c_bytes, "complaints.csv")
    _, f = mp.read_upload(f_bytes, "feedback.csv")
    s = mp.complaint_summary(c)
    fs = mp.feedback_summary(f, c)
    results = [
        ("Read and check a complaints log (100,000 rows)", _time(lambda: mp.read_upload(c_bytes, "complaints.csv"))),
        ("Read and check a feedback file (100,000 rows)", _time(lambda: mp.read_upload(f_bytes, "feedback.csv"))),
        ("Complaint analysis (counts, response and resolution times, FCR)", _time(lambda: mp.complaint_summary(c))),
        ("Feedback analysis with the join to the log", _time(lambda: mp.feedback_summary(f, c))),
        ("Findings and three chart specs", _time(lambda: (mp.complaint_findings(s), mp.feedback_findings(fs),
                                                          mp.complaints_chart(s), mp.feedback_chart(fs),
                                                          mp.satisfaction_chart(fs)))),
    ]
    lines = ["# Measurement plan benchmark (CIM Level 4, 5.3)", "",
             f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.platform()}, Python "
             f"{platform.python_version()}, pandas {pd.__version__}. Median of {RUNS} runs after a warm-up; "
             f"{ROWS:,} rows each (Hartwell's data sampled with replacement). Target ≤ 1 s per step. Load average "
             f"at the start: {_load()} on {os.cpu_count()} CPUs (other work shares this machine, so a step over "
             "target may be the load: rerun on a quiet machine).", "",
             "| Step | Median (s) | Within target |", "|---|---:|---|"]
    lines += [f"| {name} | {sec:.3f} | {'yes' if sec <= 1 else 'no'} |" for name, sec in results]
    lines += ["", f"Figures on the sample: {s.total:,} complaints, median first reply {s.first_response_median} h, "
              f"{s.within_target_pct} % within 24 h; {fs.follow_ups:,} follow-up answers.", ""]
    text = "\n".join(lines)
    (ROOT / "benchmarks" / "RESULTS-l4-measurement.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
