"""Command line: `python -m evidence check DIR` validates a data folder (exit 0 valid, 1 not)."""

import argparse
import sys
from pathlib import Path

from streamlit import logger

logger.set_log_level("error")  # the cache decorators warn when there is no server
from evidence import risk  # noqa: E402
from evidence.load import DataError, load_folder  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evidence", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate a data folder")
    check.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    try:
        evidence = load_folder(args.folder)
        if (args.folder / risk.FILE).is_file():  # optional: the own-risk rows
            risk.load(args.folder)
    except DataError as err:
        print(f"{args.folder}: {len(err.problems)} problem(s)", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"{args.folder}: valid ({len(evidence.figures)} figures, {len(evidence.sources)} sources)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
