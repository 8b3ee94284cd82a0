"""The boundary for files an editor's pull request can add: only regular files inside the site are read.

A pull request can commit a symbolic link or name a file after a device, and git keeps
either as it is. Followed, ``content/x.md -> ../.git/config`` would publish the token
that ``actions/checkout`` leaves there, ``-> /proc/self/environ`` the build's
environment, and ``data/zz.yaml -> /dev/zero`` would read until memory ran out. So every
data file and content page is checked here before anything opens it: it must be a
regular file, reached from the site folder without passing through a link, and no larger
than the limit. The first read is capped too, so a file that grows after the check is
still cut off.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from .problems import InputError, Problem, Where, display_path

#: The largest data file or content page read, in bytes.
MAX_FILE_BYTES = 5 * 1024 * 1024


def refusal(path: Path, site_dir: Path) -> str | None:
    """Why ``path`` may not be read as part of the site, or None when it may."""
    try:
        info = path.lstat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc}); check that the file exists"
    if stat.S_ISLNK(info.st_mode):
        return (
            "is a symbolic link; only ordinary files inside the site folder are read. "
            "Replace the link with a copy of the file"
        )
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not an ordinary file (a device, pipe or socket)"
        return f"is {what}; only ordinary files are read here. Rename or remove it"
    inside = site_dir.absolute()
    try:
        relative = path.absolute().relative_to(inside)
    except ValueError:
        return "is outside the site folder; only files inside it are read"
    if path.resolve() != inside.resolve() / relative:
        return (
            "is reached through a symbolic link to a folder; only files inside the site folder are read. "
            "Replace the linked folder with a real one"
        )
    if info.st_size > MAX_FILE_BYTES:
        return (
            f"is {info.st_size / 1024 / 1024:.1f} MB, over the {MAX_FILE_BYTES // 1024 // 1024} MB limit "
            "for one file; split it into smaller files"
        )
    return None


def _shown(path: Path, site_dir: Path) -> str:
    """The path as the editor wrote it, inside the site: a link is named, never where it leads."""
    try:
        return path.absolute().relative_to(site_dir.absolute()).as_posix()
    except ValueError:
        return display_path(path, site_dir)


def refusals(paths: list[Path], site_dir: Path) -> list[Problem]:
    """A located problem for each of ``paths`` that is not a regular file inside ``site_dir``."""
    problems = []
    for path in paths:
        why = refusal(path, site_dir)
        if why is not None:
            problems.append(Problem(Where(_shown(path, site_dir), 1), f"file {why}"))
    return problems


def checked(paths: list[Path], site_dir: Path) -> list[Path]:
    """``paths``, or InputError naming each one that is a link, a device or outside the site."""
    problems = refusals(paths, site_dir)
    if problems:
        raise InputError(problems)
    return paths


def read_bytes(path: Path, file: str) -> bytes:
    """A checked file's bytes; InputError at ``file`` for one that has grown past the limit since the check.

    ``O_NOFOLLOW`` refuses a link put in the file's place after the check, and no more
    than the limit is ever read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not an ordinary file")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            [Problem(Where(file, 1), f"file is over the {MAX_FILE_BYTES // 1024 // 1024} MB limit; split it")]
        )
    return data


def read_text(path: Path, file: str) -> str:
    """A checked file as UTF-8 text (a byte order mark dropped), or InputError at the line of the first bad byte."""
    data = read_bytes(path, file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    Where(file, line),
                    f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 in your editor",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


#: The folders the tool writes into and deletes from, relative to the site folder.
OUTPUT_FOLDERS = ("build", "build/docs", "build/report", "build/.cache", "build/.cache/charts", "site")


def _tracked(site_dir: Path, names: tuple[str, ...]) -> list[str]:
    """Files under ``names`` that git tracks in the site's repository (none outside a repository or without git)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *names],
            cwd=site_dir,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if listed.returncode != 0:
        return []
    return [name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name]


def check_output_folders(site_dir: Path) -> None:
    """Refuse to write or delete anything when ``build/`` or ``site/`` is not the tool's own.

    Each build deletes what it did not write in ``build/`` and replaces ``site/``. A
    pull request can commit either as a symbolic link (``ln -s ~ build``: ``/build/`` in
    .gitignore does not stop a committed link) or commit files into them, so before
    anything is written both must be real folders (or absent) that git does not track.
    """
    problems = []
    for name in OUTPUT_FOLDERS:
        path = site_dir / name
        if path.is_symlink():
            problems.append(
                Problem(
                    Where(name),
                    f"'{name}' is a symbolic link; the tool writes and deletes files there, so it must be a "
                    f"real folder. Remove the link (git rm {name}) and build again",
                )
            )
        elif path.exists() and not path.is_dir():
            problems.append(
                Problem(Where(name), f"'{name}' is a file, where the tool keeps a folder of its output; remove it")
            )
    if not problems and (tracked := _tracked(site_dir, ("build", "site"))):
        shown = ", ".join(tracked[:3]) + (" …" if len(tracked) > 3 else "")
        problems.append(
            Problem(
                Where(tracked[0]),
                f"{len(tracked)} file(s) under build/ or site/ are committed to git ({shown}); these folders hold "
                "only what the tool makes. Remove them from git (git rm -r --cached build site) and build again",
            )
        )
    if problems:
        raise InputError(problems)
