"""Problems found in a site's files, reported to editors as ``file:line: message``.

Every stage collects problems instead of stopping at the first, so an editor can fix
all of them in one pass; only the CLI decides how to print them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Where:
    """A place in a source file: what every message and every model record points to."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


NOWHERE = Where("<unknown>", 0)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful, when ``severity`` is ``warning``) in the input."""

    where: Where
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.where}: {label}{self.message}"

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.where.file, self.where.line, self.message)


@dataclass
class ProblemList:
    """An ordered collection of problems with helpers to add and inspect them."""

    items: list[Problem] = field(default_factory=list)

    def error(self, where: Where, message: str) -> None:
        self.items.append(Problem(where, message))

    def warning(self, where: Where, message: str) -> None:
        self.items.append(Problem(where, message, "warning"))

    def extend(self, other: ProblemList | list[Problem]) -> None:
        self.items.extend(other.items if isinstance(other, ProblemList) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: p.sort_key)

    def __bool__(self) -> bool:
        return bool(self.errors)


class InputError(Exception):
    """Raised when input cannot be used; carries every problem found so far."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def display_path(path: Path, base: Path) -> str:
    """Show a path relative to the site folder's parent when possible, as editors see it."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean …?" hint, or a short list of what is allowed when nothing is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if not options:
        return "none are defined yet"
    shown = ", ".join(f"'{c}'" for c in options[:8])
    more = f" and {len(options) - 8} more" if len(options) > 8 else ""
    return f"known ones are {shown}{more}"
