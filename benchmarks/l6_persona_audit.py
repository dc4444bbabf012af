"""Persona builder and journey audit benchmark (CIM L6, issue 16). Writes benchmarks/RESULTS-l6-persona-audit.md.

Run: ``.venv/bin/python benchmarks/l6_persona_audit.py`` (Python only, no browser).

Measured (median of 5 runs, each on a fresh copy of the input):

* the persona builder's main action, ``segment_figures`` (share of orders and revenue, average order value,
  orders per customer, device/channel/product/content mix, yes/no rates) on a 100,000-row orders frame, and
  the same after reading that frame from an uploaded CSV (``read_orders_csv``);
* the journey audit's main action, ``audit_journey`` plus the HTML and CSV exports, on the largest journey map
  the model accepts: 5 ACPRA stages, 100 touchpoints, each with as many pain points (up to five whys each),
  changes and KPIs as the 400 kB size limit allows — and on the same map opened from its saved JSON.

Target (issue 16): each tool's main action on 100,000 rows (or the largest input) within 1 s.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets.activities.journey_audit import Audit, audit_html, audit_journey, open_file, to_csv, to_json  # noqa: E402
from widgets.activities.persona import read_orders_csv, segment_figures  # noqa: E402
from widgets.journey import (  # noqa: E402
    CHANNELS,
    MAX_ITEMS,
    MAX_TOUCHPOINTS,
    Improvement,
    JourneyMap,
    Kpi,
    PainPoint,
    Stage,
    Touchpoint,
    map_size,
)

RESULTS = ROOT / "benchmarks" / "RESULTS-l6-persona-audit.md"
ROWS = 100_000
RUNS = 5


def orders_frame(rows: int = ROWS, seed: int = 16) -> pd.DataFrame:
    """A synthetic orders frame with the columns of data/datasets/fern_orders.csv."""
    rng = np.random.default_rng(seed)
    pick = lambda values, p=None: rng.choice(values, rows, p=p)  # noqa: E731
    return pd.DataFrame({
        "order_id": [f"O{i:07d}" for i in range(rows)],
        "customer_id": [f"FF{i:06d}" for i in rng.integers(0, rows // 2, rows)],
        "segment": pick(["Urban renters", "Plant enthusiasts", "Gift buyers", "Workplace"], [0.7, 0.12, 0.13, 0.05]),
        "device": pick(["mobile", "app", "desktop"], [0.64, 0.22, 0.14]),
        "channel": pick(["Paid social", "Paid search", "Organic search", "Email", "Influencer", "Direct"]),
        "product_category": pick(["Easy-care plants", "Statement plants", "Planters", "Care products"]),
        "content_engaged": pick(["None", "Instagram reel", "Care guide", "Email care series"]),
        "order_value": rng.gamma(2.0, 35.0, rows).round(2),
        "delivered_first_attempt": pick(["yes", "no"], [0.71, 0.29]),
        "damaged": pick(["yes", "no"], [0.04, 0.96]),
        "repeat_within_90_days": pick(["yes", "no"], [0.15, 0.85]),
    })


def largest_audit_map() -> JourneyMap:
    """5 ACPRA stages and MAX_TOUCHPOINTS touchpoints with as many pain points (up to five whys each), changes and
    KPIs each as the size limit allows (MAX_ITEMS of each would make a 690 kB map; the model's limit is 400 kB)."""
    for items in range(MAX_ITEMS, 0, -1):
        try:
            return _audit_map(items)
        except ValueError:
            continue
    raise RuntimeError("no map fits")


def _audit_map(items: int) -> JourneyMap:
    per_stage = MAX_TOUCHPOINTS // 5
    stages = []
    k = 0
    for name in ("Awareness", "Consideration", "Purchase", "Retention", "Advocacy"):
        tps = []
        for _ in range(per_stage):
            k += 1
            tps.append(Touchpoint(
                name=f"Touchpoint {k}", channel=CHANNELS[k % len(CHANNELS)], emotion=k % 5 - 2,
                expectation="Quick help", experience="Slow help", expectation_score=4, experience_score=1 + k % 5,
                pain_points=[PainPoint(description=f"Problem {k}.{i}", severity=1 + i % 5, frequency=1 + k % 5,
                                       whys=[f"Why {j}" for j in range(i % 6)]) for i in range(items)],
                opportunities=[Improvement(description=f"Change {k}.{i}", impact=1 + i % 5, effort=1 + k % 5)
                               for i in range(items)],
                kpis=[Kpi(name=f"KPI {k}.{i}", value=i, unit="%", target=i + 5) for i in range(items)]))
        stages.append(Stage(name=name, touchpoints=tps))
    return JourneyMap(title="Largest audit", stage_set="acpra", as_is=stages)


def timed(action, runs: int = RUNS) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(label: str, times: list[float], target: str = "≤ 1,000 ms") -> str:
    return (f"| {label} | {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f}, "
            f"n={len(times)}) | {target} |")


def main() -> None:
    load_before = os.getloadavg()[0]
    frame = orders_frame()
    csv_bytes = frame.to_csv(index=False).encode()
    figures = timed(lambda: segment_figures(frame, "Urban renters", source="bench"))
    upload = timed(lambda: segment_figures(read_orders_csv(csv_bytes, "bench.csv"), "Urban renters"))
    journey = largest_audit_map()
    audit = Audit(journey)
    saved = to_json(audit).encode()
    audit_only = timed(lambda: audit_journey(audit))
    audit_exports = timed(lambda: (audit_html(audit), to_csv(audit)))
    reopen_and_audit = timed(lambda: audit_journey(open_file(saved)))
    result = audit_journey(audit)
    lines = [
        "# Persona builder and journey audit benchmark (CIM L6)",
        "",
        f"Recorded {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `.venv/bin/python benchmarks/l6_persona_audit.py` "
        f"on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()}). Load average "
        f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after the run (other work shared the machine). "
        f"Medians of {RUNS} runs.",
        "",
        f"Orders frame: {ROWS:,} rows with the columns of `fern_orders.csv` (CSV {len(csv_bytes) / 1e6:.1f} MB). "
        f"Journey map: 5 ACPRA stages, {len(journey.touchpoints())} touchpoints, "
        f"{sum(len(t.pain_points) for _, t in journey.touchpoints()):,} pain points, "
        f"{sum(len(t.opportunities) for _, t in journey.touchpoints()):,} changes, "
        f"{sum(len(t.kpis) for _, t in journey.touchpoints()):,} KPIs; map JSON {map_size(journey) / 1e3:.0f} kB; "
        f"the audit finds {len(result.gaps):,} gaps.",
        "",
        "| measurement | median (min, max, n) | target |",
        "| --- | --- | --- |",
        row(f"persona figures for one segment from a {ROWS:,}-row frame (`segment_figures`)", figures),
        row(f"the same from the uploaded {ROWS:,}-row CSV (`read_orders_csv` + `segment_figures`)", upload),
        row("journey audit of the largest map (`audit_journey`)", audit_only),
        row("audit exports of the largest map (HTML + CSV)", audit_exports),
        row("open the saved audit JSON and audit it (`open_file` + `audit_journey`)", reopen_and_audit),
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
