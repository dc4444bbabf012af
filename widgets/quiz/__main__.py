"""Command line for question banks.

``python -m widgets.quiz check [spec…]`` validates banks;
``python -m widgets.quiz moodle <bank-or-spec> -o f.xml`` exports them to Moodle XML.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from widgets.curriculum import SPEC_IDS
from widgets.quiz.models import BankError, load_bank, load_banks, specs_with_banks
from widgets.quiz.moodle import to_moodle_xml


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.quiz", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the banks of the given specs (default: all)")
    check.add_argument("specs", nargs="*")
    moodle = sub.add_parser("moodle", help="export a bank file or every bank of a spec to Moodle XML")
    moodle.add_argument("source", help="a bank file (data/quizzes/<spec>/<bank>.yml) or a spec id")
    moodle.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            for spec_id in args.specs or specs_with_banks():
                banks = load_banks(spec_id)
                print(f"{spec_id}: {len(banks)} banks, {sum(len(b.questions) for b in banks)} questions: valid")
            return 0
        if args.source in SPEC_IDS:
            banks = load_banks(args.source)
            if not banks:
                raise BankError(f"{args.source} has no question banks")
        else:
            banks = [load_bank(Path(args.source))]
        xml = to_moodle_xml(banks)
    except BankError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(xml, encoding="utf-8")
        print(f"wrote {sum(len(b.questions) for b in banks)} questions to {args.output}")
    else:
        sys.stdout.write(xml)
    return 0


if __name__ == "__main__":
    sys.exit(main())
