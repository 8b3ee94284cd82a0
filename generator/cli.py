"""The ``strategy-site`` command: the only module that prints or exits.

Editors run it to check their YAML and to preview or build the site; every failure
ends in ``file:line: message`` lines and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .problems import InputError, Problem
from .validate import load_site

EPILOG = """\
examples:
  strategy-site validate              check the YAML in ./data
  strategy-site validate examples/x   check another site folder
  strategy-site build                 check, generate and build ./site
  strategy-site serve                 preview at http://127.0.0.1:8000, rebuilding on every save
"""


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def cmd_validate(args: argparse.Namespace) -> int:
    site_dir = Path(args.site_dir)
    site, problems = load_site(site_dir)
    ordered = problems.sorted()
    _print_problems(ordered)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if site is None:
        print(
            f"{_plural(errors, 'problem')} found{', ' + _plural(warnings, 'warning') if warnings else ''}; "
            f"nothing was built. Fix the lines above and run 'strategy-site validate' again.",
            file=sys.stderr,
        )
        return 1
    targets = sum(len(s.values) for i in site.indicators for s in i.series if s.kind == "target")
    print(
        f"OK: {site.strategy.area} — {_plural(len(site.outcomes), 'outcome')}, "
        f"{_plural(len(site.priorities()), 'commissioning priority', 'commissioning priorities')}, "
        f"{_plural(len(site.indicators), 'indicator')}, {_plural(targets, 'target')}"
        f"{', ' + _plural(warnings, 'warning') if warnings else ''}."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="strategy-site",
        description="Publish a health and wellbeing strategy kept as YAML as an accessible website.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    validate = commands.add_parser(
        "validate",
        help="check the data files and report every problem as file:line: message",
        description="Check every file in SITE_DIR/data. Exit 0 with a summary, or 1 with every problem.",
    )
    validate.add_argument(
        "site_dir",
        nargs="?",
        default=".",
        metavar="SITE_DIR",
        help="the site folder holding data/ (default: the current folder)",
    )
    validate.set_defaults(run=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except InputError as exc:
        _print_problems(exc.problems)
        print(f"{_plural(len(exc.problems), 'problem')} found; nothing was built.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
