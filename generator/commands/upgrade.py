"""``strategy-site upgrade``: move a site to this version of the tool and its pins together.

A council's repository names the tool in ``requirements.txt`` and the exact version of
everything it needs in ``constraints.txt`` (both written by ``new``). Run by the tool a
site is moving to (installed first: EDITING.md, "Keep the tool up to date"), ``upgrade``
rewrites the tool's line and every pin in one go, says which versions changed, and sends
the person on to ``diff`` and a pull request, whose check builds the site with them.

This module also gives ``new`` its ``--tool-from`` option: ``register`` adds both to the
command line (cli.py calls it once).
"""

from __future__ import annotations

import argparse
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..shipped import pins
from .repository import (
    CONSTRAINTS,
    DISTRIBUTION,
    REQUIREMENTS,
    TOOL_FROM_HELP,
    WHEEL_NAME,
    WHEELS_DIR,
    ToolSource,
    constraints_text,
    tool_source,
    tool_version,
)

_TOOL_LINE = re.compile(r"strategy[-_.]site\b", re.I)


def _is_tool_line(line: str) -> bool:
    text = line.strip()
    if not text or text.startswith(("#", "-")):
        return False
    return bool(_TOOL_LINE.match(text) or WHEEL_NAME.fullmatch(text.rsplit("/", 1)[-1]))


@dataclass
class Upgrade:
    """What ``upgrade`` changed in a site's repository."""

    old_line: str | None
    new_line: str
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # name, old version, new version
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not self.files


class NotASite(Exception):
    """The folder has no requirements file naming the tool: the message says what to do."""


def upgrade_site(site_dir: Path, source: ToolSource | None = None) -> Upgrade:
    """Point ``requirements.txt`` at ``source`` (this tool by default) and write this tool's pins."""
    source = source or tool_source()
    requirements = site_dir / REQUIREMENTS
    if not requirements.is_file():
        raise NotASite(
            f"{requirements}: not found. 'strategy-site upgrade' moves a site made by 'strategy-site new'; "
            "run it in that site's folder, or give the folder: 'strategy-site upgrade path/to/site'."
        )
    lines = requirements.read_text(encoding="utf-8").splitlines()
    tool_lines = [index for index, line in enumerate(lines) if _is_tool_line(line)]
    if len(tool_lines) != 1:
        raise NotASite(
            f"{requirements}: expected one line naming {DISTRIBUTION}, found {len(tool_lines)}. "
            f"Leave one line for the tool (for example '{DISTRIBUTION}=={tool_version()}') and run upgrade again."
        )
    [at] = tool_lines
    old_line = lines[at].strip()
    constraints = site_dir / CONSTRAINTS
    old_pins = pins(constraints.read_text(encoding="utf-8")) if constraints.is_file() else {}
    new_pins = pins()
    result = Upgrade(
        old_line,
        source.requirement,
        changed=[
            (name, old_pins[name], new_pins[name])
            for name in sorted(new_pins.keys() & old_pins.keys())
            if old_pins[name] != new_pins[name]
        ],
        added=sorted(new_pins.keys() - old_pins.keys()),
        removed=sorted(old_pins.keys() - new_pins.keys()),
    )

    new_lines = [*lines]
    new_lines[at] = source.requirement
    if not any(re.fullmatch(rf"(-c|--constraint)\s*=?\s*{re.escape(CONSTRAINTS)}", line.strip()) for line in lines):
        new_lines.insert(at, f"-c {CONSTRAINTS}")
    text = "\n".join(new_lines) + "\n"
    if text != requirements.read_text(encoding="utf-8"):
        requirements.write_text(text, encoding="utf-8")
        result.files.append(REQUIREMENTS)
    pinned = constraints_text()
    if not constraints.is_file() or constraints.read_text(encoding="utf-8") != pinned:
        constraints.write_text(pinned, encoding="utf-8")
        result.files.append(CONSTRAINTS)
    if source.wheel and source.wheel_copy and not (site_dir / source.wheel_copy).is_file():
        (site_dir / WHEELS_DIR).mkdir(exist_ok=True)
        shutil.copyfile(source.wheel, site_dir / source.wheel_copy)
        result.files.append(source.wheel_copy)
    old_name = old_line.removeprefix(f"./{WHEELS_DIR}/")
    old_wheel = site_dir / WHEELS_DIR / old_name
    ours = old_line.startswith(f"./{WHEELS_DIR}/") and WHEEL_NAME.fullmatch(old_name) is not None
    if old_line != source.requirement and ours and old_wheel.is_file():
        old_wheel.unlink()  # the copy 'new --tool-from PATH' made, which nothing names any more
        result.files.append(old_line.removeprefix("./"))
    return result


def report_lines(result: Upgrade, site_dir: Path) -> list[str]:
    """What ``upgrade`` says: what changed, then what to do next."""
    if result.nothing:
        return [f"{site_dir}: already on {result.new_line} with its versions; nothing to change."]
    lines = [f"Upgraded {site_dir} ({', '.join(result.files)} changed):"]
    if result.old_line != result.new_line:
        lines.append(f"  the tool: {result.old_line} → {result.new_line}")
    for name, old, new in result.changed:
        lines.append(f"  {name} {old} → {new}")
    if result.added:
        lines.append(f"  newly pinned: {', '.join(result.added)}")
    if result.removed:
        lines.append(f"  no longer pinned: {', '.join(result.removed)}")
    if not (result.changed or result.added or result.removed):
        lines.append("  the exact versions in constraints.txt are unchanged")
    requirements = site_dir / REQUIREMENTS
    lines += [
        "Next:",
        f"  1. .venv/bin/pip install -r {requirements}   (installs exactly these versions)",
        f"  2. .venv/bin/strategy-site diff origin/main {site_dir}   (what the site's data gives with them, in words)",
        f"  3. commit {' and '.join(f for f in result.files if not f.startswith(WHEELS_DIR))} on a new branch and "
        "open a pull request: its check builds the site with the new version and attaches it as site-preview.",
    ]
    return lines


def tool_from_argument(text: str) -> ToolSource:
    """``--tool-from`` read from the command line: a usage error names what is wrong with it."""
    try:
        return tool_source(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_upgrade(args: argparse.Namespace) -> int:
    from ..cli import _emit

    site_dir = Path(args.site_dir)
    try:
        result = upgrade_site(site_dir, args.tool_from)
    except NotASite as exc:
        _emit(str(exc), err=True)
        return 1
    for line in report_lines(result, site_dir):
        _emit(line)
    return 0


def register_upgrade(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``upgrade`` to the command line."""
    help_text = (
        f"move a site made by 'new' to this version of the tool ({DISTRIBUTION} {tool_version()}): its "
        "requirements.txt line and every exact version in constraints.txt together"
    )
    upgrade = commands.add_parser(
        "upgrade",
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ". Install the new version first "
        "(EDITING.md, 'Keep the tool up to date'); then run 'strategy-site diff' and open a pull request.",
    )
    upgrade.add_argument("site_dir", nargs="?", default=".", metavar="SITE_DIR", help="the site's folder (default: .)")
    upgrade.add_argument("--tool-from", metavar="SOURCE", type=tool_from_argument, help=TOOL_FROM_HELP)
    upgrade.set_defaults(run=cmd_upgrade)
