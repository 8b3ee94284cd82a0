"""Placeholders that ``strategy-site new`` writes, found at their file and line so none is published.

A new site builds at once so that a council can preview it, but its title, its text
and its contact details are guesses that only the council can replace. Each is marked
with ``REPLACE:`` — in the value itself where the value is text, in a comment on the
same line where it is a date or a period — so ``validate`` and ``build`` list every one
at its line and refuse to pass or publish while any remains (with ``--draft`` each is a
warning, and ``build`` builds a preview). The marker is plain text, so it survives every
editor and is easy to search for.
"""

from __future__ import annotations

from pathlib import Path

from .loader import data_files
from .problems import Problem, Where, display_path

MARKER = "REPLACE:"


def _site_text_files(site_dir: Path) -> list[Path]:
    """The files a published site is made from: its settings, its data and its hand-written pages."""
    files = [site_dir / "mkdocs.yml", *data_files(site_dir / "data")]
    content = site_dir / "content"
    if content.is_dir():
        files += sorted(content.rglob("*.md"))
    return [path for path in files if path.is_file()]


def _what(line: str) -> str:
    """The marker's own words: what to write in its place."""
    words = line.split(MARKER, 1)[1].strip().rstrip("\"'").strip().rstrip(".")
    return words or "this line"


def find_placeholders(site_dir: Path) -> list[Problem]:
    """Every line that still holds a placeholder, as a warning at its file and line, in file order."""
    found: list[Problem] = []
    for path in _site_text_files(site_dir):
        file = display_path(path, site_dir)
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if MARKER in line:  # a file that is not UTF-8 is reported by validation itself
                found.append(
                    Problem(
                        Where(file, number),
                        f"placeholder from 'strategy-site new': {_what(line)}; write your own in its place "
                        f"and delete '{MARKER}'",
                        "warning",
                    )
                )
    return found


def refusals(placeholders: list[Problem]) -> list[Problem]:
    """The same lines as errors, for ``validate`` and ``build``: nothing is published while a placeholder remains."""
    return [
        Problem(p.where, f"{p.message}. Nothing is published while one remains ('build --draft' builds a preview)")
        for p in placeholders
    ]
