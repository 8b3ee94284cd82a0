"""Write generated files into the docs folder, touching only files whose bytes changed.

Unchanged files keep their modification time, so MkDocs' live reload and any file
watcher only see real changes, and a reviewer can tell which pages an edit affected.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
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


class _Places:
    """Where each relative name lands under ``root``, refusing a name that would land outside it.

    Output names come from ids and slugs, which cannot hold a path (``..``, an absolute
    path, a link); this is the last wall in case one ever does. Each folder is resolved
    and made once, not once a file: 0.3 s of writing a national site's 3,600 pages.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.real_folders: dict[Path, Path] = {}
        self.made: set[Path] = set()

    def __call__(self, relative: str) -> Path:
        parts = PurePosixPath(relative).parts
        if not parts or relative.startswith("/") or "\\" in relative or any(p in ("..", ".", "") for p in parts):
            raise InputError([Problem(Where(relative), f"'{relative}' is not a file name inside the site; rename it")])
        target = self.root.joinpath(*parts)
        folder = target.parent
        real_folder = self.real_folders.get(folder)
        if real_folder is None:
            real_folder = self.real_folders[folder] = folder.resolve()
        # a name that is itself a link is followed to where it leads; any other is the folder's own
        real = target.resolve() if target.is_symlink() else real_folder / target.name
        if not real.is_relative_to(self.real_root):
            raise InputError([Problem(Where(relative), f"'{relative}' would be written outside {self.root.name}/")])
        return target

    def make_folder(self, target: Path) -> None:
        """The folder ``target`` goes in, made once per write."""
        if target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)


def write_files(root: Path, files: dict[str, bytes], report: WriteReport | None = None) -> WriteReport:
    """Write ``files`` (relative path -> bytes) under ``root``, leaving files whose bytes are the same alone."""
    report = report or WriteReport()
    places = _Places(root)
    for relative, content in sorted(files.items()):
        target = places(relative)
        if target.is_file() and target.read_bytes() == content:
            report.unchanged.append(relative)
            continue
        places.make_folder(target)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # two writers never share one
        temporary.write_bytes(content)
        os.replace(temporary, target)
        report.written.append(relative)
    return report


def link_files(source_root: Path, target_root: Path, names: Iterable[str]) -> None:
    """Each of ``names`` under ``source_root`` put under ``target_root`` too, as a hard link where it can be.

    For the charts drawn during MkDocs, already written to ``build/docs``: a link is one
    call where a copy is four, which at 3,000 charts was 1.4 s of the wait after MkDocs.
    Every later write replaces a file rather than changing it, so neither copy can change
    the other; where links are not possible (another file system), the file is copied.
    """
    places = _Places(target_root)
    for name in names:
        source, target = source_root / name, places(name)  # ``name`` was written under source_root
        places.make_folder(target)
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


MANIFEST = ".strategy-site-files"
# What the tool writes into its folders; a folder from before the list was kept may hold these.
_OUTPUT_SUFFIXES = (".md", ".svg", ".json", ".csv", ".css", ".yml", ".html")
_TEMPORARY = re.compile(r"(^|/)\.[^/]+\.tmp$")  # write_files' own, left by a build that was stopped


def _manifest(root: Path) -> set[str] | None:
    """The files the tool last recorded writing under ``root``, or None when it never did."""
    try:
        return set((root / MANIFEST).read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return None


def _record(root: Path, names: set[str]) -> None:
    temporary = root / f".{MANIFEST}.tmp"
    temporary.write_text("".join(f"{name}\n" for name in sorted(names)), encoding="utf-8")
    os.replace(temporary, root / MANIFEST)


def write_tree(
    root: Path,
    files: dict[str, bytes],
    *,
    keep: frozenset[str] = frozenset(),
    later: frozenset[str] = frozenset(),
    label: str = "",
) -> WriteReport:
    """Make ``root`` hold exactly ``files`` (relative path -> bytes), plus any paths in ``keep``.

    Only files the tool wrote are ever deleted: each folder keeps a list of what it
    wrote there (``MANIFEST``, ``later`` naming files a build adds afterwards). A file
    it did not write is neither deleted nor left to be published with the pages: the
    write is refused, before anything changes, with a message naming the file.
    """
    root.mkdir(parents=True, exist_ok=True)
    recorded = _manifest(root)
    existing = [
        path.relative_to(root).as_posix()
        for path in sorted(root.rglob("*"))
        if (path.is_file() or path.is_symlink()) and path.name != MANIFEST
    ]
    ours = [name for name in existing if not any(name.startswith(k) for k in keep)]
    unknown = [name for name in ours if name not in files and not _TEMPORARY.search(name)]
    if recorded is None:  # written by a version of the tool that kept no list: its own kinds of file go
        unknown = [name for name in unknown if not name.endswith(_OUTPUT_SUFFIXES)]
    else:
        unknown = [name for name in unknown if name not in recorded]
    if unknown:
        shown = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
        where = Where(label or root.name)
        raise InputError(
            [
                Problem(
                    where,
                    f"{len(unknown)} file(s) here were not written by strategy-site ({shown}); they would be "
                    f"published with the pages, and the tool deletes only what it wrote. Delete the folder "
                    f"'{label or root.name}' and build again",
                )
            ]
        )
    names = set(files) | set(later)
    _record(root, names | (recorded or set()))  # first, so that a build stopped now still knows its files
    report = write_files(root, files)
    for name in ours:
        if name not in files:
            (root / name).unlink()
            report.removed.append(name)
    _record(root, names)
    for folder in sorted((p for p in root.rglob("*") if p.is_dir() and not p.is_symlink()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return report
