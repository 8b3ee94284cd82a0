"""The ``strategy-site`` command: the only module that prints or exits.

Editors run it to check their YAML and to preview or build the site; every failure
ends in ``file:line: message`` lines and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .folders import BUILD_DIR, CACHE_DIR, TEMPLATES_DIR
from .github_format import FORMATS, GITHUB, default_format, format_problem, log_text, one_line, repository_prefix
from .problems import InputError, Problem

if TYPE_CHECKING:
    from .commands.new import Publisher

# Each command's own modules are imported when that command runs: a build does not pay for
# the import tool's YAML library, the preview server or the schema writer, and a build with
# nothing changed (``unchanged``) not even for the model, the templates or pydantic.

EPILOG = """\
examples:
  strategy-site validate              check the YAML in ./data
  strategy-site validate examples/x   check another site folder
  strategy-site build                 check, generate and build ./site
  strategy-site serve                 preview at http://127.0.0.1:8000, rebuilding on every save
"""


# Set by main() from --format (or GITHUB_ACTIONS): how every problem line is printed.
_output: dict[str, str] = {"format": "plain", "prefix": ""}


def _emit(text: str, *, err: bool = False, end: str = "\n", flush: bool = False) -> None:
    """Print text that is not one of the tool's own workflow commands: every line goes out here.

    Much of what is printed holds the data's words (names, areas, messages); ``log_text``
    flattens control characters and keeps any line from reading as a workflow command
    (``::…`` or ``##[…``) on GitHub Actions, whatever an editor wrote.
    """
    print(log_text(text), end=end, file=sys.stderr if err else sys.stdout, flush=flush)


def _print_problems(problems: Sequence[Problem]) -> None:
    # Workflow commands go to stdout, where the runner reads them; plain lines to stderr as ever.
    if _output["format"] == GITHUB:
        for problem in problems:
            # the tool's own command: github_format escapes the data in it as GitHub documents
            print(format_problem(problem, GITHUB, _output["prefix"]))
        return
    for problem in problems:
        _emit(one_line(format_problem(problem, _output["format"], _output["prefix"])), err=True)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _summarise_failure(problems: Sequence[Problem], args: argparse.Namespace, said: str) -> None:
    """A failed check's problems in the job summary too ($GITHUB_STEP_SUMMARY), where reviewers look first."""
    from .github_format import append_step_summary, problems_summary

    command = " ".join(["strategy-site", args.command, *([] if args.site_dir == "." else [args.site_dir])])
    try:
        append_step_summary(problems_summary(problems, command, said, _output["prefix"]))
    except OSError as exc:  # the log has the problems already: a summary that cannot be written is only noted
        _emit(f"(the job summary could not be written: {exc.strerror or exc})", err=True)


def cmd_validate(args: argparse.Namespace) -> int:
    from .build import no_contact, site_link_problems
    from .placeholders import find_placeholders, refusals
    from .structure import structure_of
    from .validate import load_site

    site_dir = Path(args.site_dir)
    site, problems = load_site(site_dir)
    # what stops 'build' stops 'validate', in the same words: placeholders, and a site with no contact
    placeholders = find_placeholders(site_dir)
    problems.extend(placeholders if args.draft else refusals(placeholders))
    if site is not None and not args.draft and (missing := no_contact(site)):
        problems.extend([missing])
    if site is not None:  # links are checked on the pages the data makes, so only once the data is sound
        problems.extend(site_link_problems(site_dir, site))
        if problems.errors:
            site = None
    ordered = problems.sorted()
    _print_problems(ordered)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if site is None:
        said = (
            f"{_plural(errors, 'problem')} found{', ' + _plural(warnings, 'warning') if warnings else ''}; "
            f"nothing was built"
        )
        _emit(f"{said}. Fix the lines above and run 'strategy-site validate' again.", err=True)
        _summarise_failure(ordered, args, said)
        return 1
    targets = sum(len(s.values) for i in site.indicators for s in i.series if s.kind == "target")
    terms = site.strategy.terms
    # each list the site shows, in its order and words: a council with no outcomes is not told it has 0
    counts = [
        place.count_words(len(site.outcomes) if place.kind == "outcomes" else len(place.items))
        for place in structure_of(site).lists
        if place.kind in ("outcomes", "items", "recommendations")
    ] or [f"0 {terms.outcomes}"]
    if site.priorities():
        counts.append(_plural(len(site.priorities()), terms.objective, terms.objectives))
    counts += [_plural(len(site.indicators), "indicator"), _plural(targets, "target")]
    every_action = [*(a for o in site.outcomes for a in o.actions), *site.actions]
    milestones = [m for a in every_action for m in a.milestones]
    if milestones:
        counts += [_plural(len(every_action), terms.action, terms.actions), _plural(len(milestones), "milestone")]
    meetings = site.meetings()
    if meetings:
        counts.append(_plural(len(meetings), terms.meeting, terms.meetings))
    if site.plans:
        counts.append(_plural(len(site.plans), "plan"))
    if warnings:
        counts.append(_plural(warnings, "warning"))
    _emit(f"OK: {site.strategy.area} — {', '.join(counts)}.")
    return 0


def _say(message: str) -> None:
    _emit(message, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from . import unchanged

    site_dir = Path(args.site_dir)
    started = time.perf_counter()
    # CI's annotations need the data's warnings, which only a full build reads
    if _output["format"] == GITHUB or not unchanged.build_if_unchanged(site_dir, _say, draft=args.draft):
        _full_build(site_dir, args.draft)
    _emit(f"OK: {site_dir / 'site'} is ready ({time.perf_counter() - started:.1f} s).")
    return 0


def _full_build(site_dir: Path, draft: bool) -> None:
    from . import build as building
    from .validate import load_site

    building.build(site_dir, _say, draft=draft)
    if _output["format"] == GITHUB:
        # the build has just stored the model with its warnings: reading them back costs nothing
        _site, problems = load_site(site_dir.resolve(), site_dir.resolve() / BUILD_DIR / CACHE_DIR)
        _print_problems(sorted(problems.warnings, key=lambda p: p.sort_key))


def cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report
    from .validate import load_site

    site_dir = Path(args.site_dir)
    site, problems = load_site(site_dir)
    if site is None:
        _print_problems(problems.sorted())
        _emit("The data has problems; fix them, then run 'strategy-site report' again.", err=True)
        return 1
    report, paths = write_report(site_dir, site, problems.warnings)
    _emit(
        f"OK: editors' report written to {paths[0]} and {paths[1]} ({_plural(len(report.questions), 'open question')}"
        f", {_plural(len(report.as_written), 'as-written note')}, {_plural(len(report.matches), 'match note')}, "
        f"{_plural(len(report.drafting), 'drafting note')}, {_plural(len(report.assumptions), 'assumption')}, "
        f"{_plural(len(report.warnings), 'warning')})."
    )
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .build import generate

    result = generate(Path(args.site_dir).resolve(), _say)
    _emit(f"OK: Markdown written to {Path(args.site_dir) / 'build' / 'docs'} ({len(result.report.written)} changed).")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .commands.serve import serve

    site_dir = Path(args.site_dir).resolve()

    def report(problems: Sequence[Problem]) -> None:
        _print_problems(problems)
        _emit("The preview keeps showing the last good version until this is fixed.", err=True, flush=True)

    return serve(site_dir, args.port, _say, report)


_NEW_QUESTIONS = (
    ("organisation", "Which organisation publishes the site (a body, e.g. 'Anytown Borough Council')?"),
    ("email", "An email address residents can write to with a question"),
)


def _publisher(args: argparse.Namespace) -> Publisher:
    """Who publishes the site, from the options, or asked for when someone is at the keyboard."""
    from .commands.new import Publisher

    values = {name: getattr(args, name) for name in ("organisation", "email", "web", "phone", "address")}
    if sys.stdin.isatty():
        for name, question in _NEW_QUESTIONS:
            if not values[name]:
                values[name] = input(f"{question} (Enter to fill in later): ").strip() or None
    return Publisher(**values)


def cmd_new(args: argparse.Namespace) -> int:
    from .commands.new import create_site
    from .placeholders import find_placeholders

    target = Path(args.site_dir)
    try:
        written = create_site(target, args.area, date.today(), _publisher(args), args.tool_from)
    except FileExistsError as exc:
        _emit(f"{target}: not created, these files exist already: {exc}. Choose an empty folder.", err=True)
        return 1
    left = find_placeholders(target)
    _emit(f"Created a new site for {args.area} in {target} ({len(written)} files).")
    _emit(
        f"Next: replace the {len(left)} lines marked REPLACE ('strategy-site validate {target}' lists them; "
        f"'strategy-site serve {target}' previews the site). 'validate' and 'build' stop on them until they are "
        "replaced ('--draft' checks or builds a preview)."
    )
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    from .commands.links import external_links, http_status

    site_dir = Path(args.site_dir)
    links = external_links(site_dir)
    broken = 0
    for link in links:
        if args.offline:
            _emit(f"{link.where}: {link.url}")
            continue
        status = http_status(link.url)
        ok = status.isdigit() and int(status) < 400
        broken += not ok
        _emit(f"{link.where}: {status} {link.url}", err=not ok, flush=True)
    unique = len({link.url for link in links})
    summary = f"{len(links)} external links ({unique} different addresses)"
    _emit(summary + ("" if args.offline else f", {broken} not answering or broken") + ".")
    return 1 if broken else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .commands.schema import ensure_schema_lines, write_schemas

    target = Path(args.out)
    changed = write_schemas(target)
    _emit(f"{len(changed)} schema files updated in {target}" if changed else f"schemas in {target} are up to date")
    for site_dir in args.sites:
        for path in ensure_schema_lines(Path(site_dir), target):
            _emit(f"added the schema line to {path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .commands.import_figures import import_figures
    from .validate import load_site

    site_dir = Path(args.site_dir)
    csv_path = Path(args.csv)
    if not csv_path.is_file():
        _emit(f"{csv_path}: no such file", err=True)
        return 1
    site, problems = load_site(site_dir)
    if site is None:
        _print_problems(problems.sorted())
        _emit("The data has problems already; fix them before importing.", err=True)
        return 1
    report = import_figures(site_dir, csv_path, site, force=args.force)
    if report.problems:
        _print_problems(sorted(report.problems, key=lambda p: p.sort_key))
        _emit(f"{_plural(len(report.problems), 'problem')} found; nothing was written.", err=True)
        return 1
    changed = ", ".join(report.files) if report.files else "no file changed"
    _emit(
        f"OK: {report.added} added, {report.updated} replaced, {report.unchanged} already there, "
        f"{report.skipped} rows skipped (no value, or not an overall figure); {changed}."
    )
    for line in _other_rows(report.other_areas, "area", "'areas' in the data does not list them"):
        _emit(line)
    for line in _other_rows(
        report.other_indicators, "indicator", "no indicator has their ID as 'fingertips_id'; add it to import them"
    ):
        _emit(line)
    return 0


def _other_rows(others: dict[str, tuple[str, int]], kind: str, reason: str) -> list[str]:
    """A plain line about the rows the export holds for areas or indicators the site does not show."""
    if not others:
        return []
    rows = sum(count for _name, count in others.values())
    named = [f"{code} {name}".strip() for code, (name, _count) in sorted(others.items())]
    shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
    return [f"Not imported: {_plural(rows, 'row')} for {_plural(len(others), 'other ' + kind)} ({shown}); {reason}."]


def cmd_diff(args: argparse.Namespace) -> int:
    from .commands.diff import GitError, diff_site, to_markdown

    site_dir = Path(args.site_dir)
    try:
        report = diff_site(site_dir, args.ref)
    except GitError as exc:
        _emit(f"{args.ref}: cannot read the site as it was there: {exc}", err=True)
        return 1
    text = log_text(to_markdown(report, args.ref))  # the summary gets exactly the lines the log shows
    if args.output:
        # appended, as GitHub expects for $GITHUB_STEP_SUMMARY, which other steps write to as well
        with Path(args.output).open("a", encoding="utf-8") as summary:
            summary.write(text + "\n")
    _emit(text, end="")
    _print_problems(report.errors)
    return 1 if report.errors else 0


def _site_dir_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "site_dir",
        nargs="?",
        default=".",
        metavar="SITE_DIR",
        help="the site folder holding mkdocs.yml and data/ (default: the current folder)",
    )


def _format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="how problems are printed: 'plain' (file:line: message) or 'github' (annotations on a pull request's "
        "lines); the default is 'github' inside GitHub Actions and 'plain' elsewhere",
    )


def build_parser() -> argparse.ArgumentParser:
    from .commands.repository import TOOL_FROM_HELP
    from .commands.upgrade import register_upgrade, tool_from_argument

    parser = argparse.ArgumentParser(
        prog="strategy-site",
        description="Publish a health and wellbeing strategy kept as YAML as an accessible website.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--debug", action="store_true", help="on an error in the tool itself, show Python's traceback"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    validate = commands.add_parser(
        "validate",
        help="check the data files and report every problem as file:line: message",
        description="Check every file in SITE_DIR/data, and what 'build' would refuse to publish (placeholders "
        "from 'strategy-site new', no way to reach the council). Exit 0 with a summary, or 1 with every problem.",
    )
    _site_dir_argument(validate)
    _format_argument(validate)
    validate.add_argument(
        "--draft",
        action="store_true",
        help="check a preview: placeholders from 'strategy-site new' (marked REPLACE:) and a missing contact are "
        "warnings, as 'build --draft' allows them; without it they are problems, as 'build' refuses them",
    )
    validate.set_defaults(run=cmd_validate)
    for name, run, help_text in (
        ("build", cmd_build, "check the data, generate the pages and build the website into SITE_DIR/site"),
        ("generate", cmd_generate, "check the data and write the Markdown pages into SITE_DIR/build/docs only"),
        (
            "report",
            cmd_report,
            "write the editors' report (open questions, as-written and match notes, drafting notes, assumptions, "
            "warnings) into SITE_DIR/build/report, never into the public site",
        ),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        _site_dir_argument(sub)
        _format_argument(sub)
        if name == "build":
            sub.add_argument(
                "--draft",
                action="store_true",
                help="build even while placeholders from 'strategy-site new' remain (marked REPLACE:), to preview; "
                "without it the build refuses and lists them",
            )
        sub.set_defaults(run=run)
    new = commands.add_parser(
        "new",
        help="create a minimal site for a council that builds at once",
        description="Create a new site folder with one outcome, one priority, one action and one milestone, all "
        "placeholders marked REPLACE for the council's own words; 'build' refuses to publish until they are "
        "replaced ('build --draft' previews). Asks for the organisation and an email when not given.",
    )
    new.add_argument("site_dir", metavar="DIR", help="the folder to create (must not hold a site already)")
    new.add_argument("--area", required=True, help='the place the strategy covers, e.g. "Anytown"')
    new.add_argument(
        "--organisation", help='the body that publishes the site, not the place, e.g. "Anytown Borough Council"'
    )
    new.add_argument("--email", help="an email address residents can write to")
    new.add_argument("--web", help="a web page where residents can get involved or ask a question")
    new.add_argument("--phone", help="a phone number residents can call")
    new.add_argument("--address", help="a postal address")
    new.add_argument("--tool-from", metavar="SOURCE", type=tool_from_argument, help=TOOL_FROM_HELP)
    new.set_defaults(run=cmd_new)
    register_upgrade(commands)
    links = commands.add_parser(
        "links",
        help="list every external link in the data with its HTTP status",
        description="List every web address in SITE_DIR/data as file:line, and check each one online. "
        "Exit 1 if any is broken.",
    )
    _site_dir_argument(links)
    links.add_argument("--offline", action="store_true", help="only list the links; do not contact them")
    links.set_defaults(run=cmd_links)
    schema = commands.add_parser(
        "schema",
        help="write the JSON Schemas of the data files, for editors' YAML tools",
        description="Write a JSON Schema for every kind of data file into --out, generated from the data model. "
        "With SITE_DIR arguments, also make each of their data files start with the line that tells editors' "
        "YAML tools where the schema is.",
    )
    schema.add_argument("sites", nargs="*", metavar="SITE_DIR", help="site folders whose data files get the line")
    schema.add_argument(
        "--out",
        default=str(TEMPLATES_DIR.parent / "schemas"),
        help="where to write the schemas (default: the schemas/ folder beside site_templates/)",
    )
    schema.set_defaults(run=cmd_schema)
    importer = commands.add_parser(
        "import",
        help="add this year's figures from a Fingertips export or the site's CSV download",
        description="Add or update actual figures from CSV. Columns are matched by name: either the site's own "
        "CSV download, or a Fingertips export (indicators and areas matched through 'fingertips_id' and 'areas' in "
        "the data). The YAML keeps its comments and layout. Nothing is written if any row has a problem.",
    )
    importer.add_argument("csv", metavar="FILE.csv")
    _site_dir_argument(importer)
    importer.add_argument(
        "--force", action="store_true", help="replace figures that differ from the data instead of reporting them"
    )
    importer.set_defaults(run=cmd_import)
    diff = commands.add_parser(
        "diff",
        help="say in plain words what the changes since a git ref do to the site",
        description="Compare the site as it was at BASE_REF (a branch, tag or commit) with the files as they are "
        "now, and list what changes for residents: pages, figures (old → new, with period), statuses and new "
        "warnings. Nothing is built and no file is changed.",
    )
    diff.add_argument("ref", metavar="BASE_REF", help="what to compare with, e.g. origin/main")
    _site_dir_argument(diff)
    diff.add_argument("--output", metavar="FILE", help="also append the report to FILE, e.g. $GITHUB_STEP_SUMMARY")
    diff.set_defaults(run=cmd_diff)
    serve_parser = commands.add_parser(
        "serve",
        help="preview the site at http://127.0.0.1:PORT, rebuilding whenever a file is saved",
        description="Preview the site locally. Saving a file in data/, content/ or site_templates/ regenerates "
        "the pages and the browser reloads. Stop with Ctrl+C.",
    )
    _site_dir_argument(serve_parser)
    serve_parser.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    serve_parser.set_defaults(run=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # only the checking commands take --format; import, serve and the rest always print plain lines
    _output["format"] = (args.format or default_format()) if "format" in args else "plain"
    _output["prefix"] = repository_prefix(Path(getattr(args, "site_dir", ".")))
    try:
        return int(args.run(args))
    except InputError as exc:
        _print_problems(exc.problems)
        said = f"{_plural(len(exc.problems), 'problem')} found; nothing was built"
        _emit(f"{said}.", err=True)
        if "format" in args:  # a check (build, generate, report): its job summary says why it failed
            _summarise_failure(exc.problems, args, said)
        return 1
    except KeyboardInterrupt:
        _emit("stopped.", err=True)
        return 130
    except OSError as exc:  # the machine, not the data: a read-only checkout, a full disk, a missing folder
        if args.debug:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        _emit(
            f"strategy-site {args.command}: the computer refused a file operation{where}: {exc.strerror or exc}. "
            "Check that the folder can be written and the disk has space, then run the command again.",
            err=True,
        )
        return 2
    except Exception as exc:  # the last resort, as Pelican has: one plain message instead of a traceback
        if args.debug:
            raise
        _emit(
            f"strategy-site {args.command} stopped on an error in the tool, not in your data: "
            f"{type(exc).__name__}: {exc}. Please report it to the tool's maintainers (README, 'Reporting a "
            "problem'), with the command you ran; 'strategy-site --debug …' shows the details.",
            err=True,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
