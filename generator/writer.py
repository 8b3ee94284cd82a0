"""Write generated files into the docs folder, touching only files whose bytes changed.

Unchanged files keep their modification time, so MkDocs' live reload and any file
watcher only see real changes, and a reviewer can tell which pages an edit affected.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .problems import InputError, Problem, Where


@dataclass
class WriteReport:
    """What a write pass did, for progress lines and tests."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def check_unique(paths: list[tuple[str, Where]]) -> None:
    """Refuse two pages on one path: the second would silently replace the first."""
    first: dict[str, Where] = {}
    problems = []
    for path, where in paths:
        if path in first:
            problems.append(
                Problem(
                    where,
                    f"two pages would be written to '{path}' (the other comes from "
                    f"{first[path]}); give one of them a different id",
                )
            )
        else:
            first[path] = where
    if problems:
        raise InputError(problems)


def _inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing a name that would land outside ``root`` (``..``, an absolute path, a link).

    Output names come from ids and slugs, which cannot hold a path; this is the last
    wall in case one ever does.
    """
    parts = PurePosixPath(relative).parts
    if not parts or relative.startswith("/") or "\\" in relative or any(p in ("..", ".", "") for p in parts):
        raise InputError([Problem(Where(relative), f"'{relative}' is not a file name inside the site; rename it")])
    target = root.joinpath(*parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise InputError([Problem(Where(relative), f"'{relative}' would be written outside {root.name}/")])
    return target


def write_files(root: Path, files: dict[str, bytes], report: WriteReport | None = None) -> WriteReport:
    """Write ``files`` (relative path -> bytes) under ``root``, leaving files whose bytes are the same alone."""
    report = report or WriteReport()
    for relative, content in sorted(files.items()):
        target = _inside(root, relative)
        if target.is_file() and target.read_bytes() == content:
            report.unchanged.append(relative)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, target)
        report.written.append(relative)
    return report


def write_tree(root: Path, files: dict[str, bytes], *, keep: frozenset[str] = frozenset()) -> WriteReport:
    """Make ``root`` hold exactly ``files`` (relative path -> bytes), plus any paths in ``keep``."""
    root.mkdir(parents=True, exist_ok=True)
    report = write_files(root, files)
    for existing in sorted(root.rglob("*")):
        relative = existing.relative_to(root).as_posix()
        if existing.is_file() and relative not in files and not any(relative.startswith(k) for k in keep):
            existing.unlink()
            report.removed.append(relative)
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return report
