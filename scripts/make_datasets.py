"""Write the synthetic sample data sets (seeded, reproducible).

    python scripts/make_datasets.py                      # the committed files in data/datasets/
    python scripts/make_datasets.py --rows 1000000 --out /tmp/big   # large versions for benchmarks

The models behind each file are described in data/datasets/README.md and widgets/sample_data.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from widgets.sample_data import DEFAULT_SEED, write_all

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=None, help="rows per data set (default: the committed sizes)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "datasets", help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.rows is not None and args.rows < 1:
        parser.error("--rows must be at least 1")
    for path in write_all(args.out, args.rows, args.seed):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
