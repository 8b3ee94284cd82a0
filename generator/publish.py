"""Putting a built site in place: MkDocs into a staging folder, the last check, then one rename.

Shared by the full build and the quick path of ``unchanged``, and light to import (no
model, no templates), so that publishing pages that did not change costs MkDocs' time
and little more. The old ``site/`` stays until the new one is whole and checked.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from . import cache, mkdocs_joint, output_check
from .folders import PREVIOUS_PREFIX, STAGING_PREFIX, THEME_OVERRIDES
from .problems import Problem, Where

Say = Callable[[str], None]

_LEFTOVER = re.compile(r"^\.site-(?:new|old)-(\d+)?")


def remove_leftovers(site_dir: Path) -> int:
    """Remove the folders that builds killed part-way left beside ``site/``; return how many.

    A build stages the new site in ``.site-new-<pid>-…`` and moves the old one to
    ``.site-old-<pid>``; a cancelled CI run or a closed laptop leaves them behind, each
    as large as the site. Only folders of exactly that kind are touched, and never one
    whose build is still running.
    """
    removed = 0
    for folder in site_dir.iterdir():
        match = _LEFTOVER.match(folder.name)
        if match is None or not folder.is_dir() or folder.is_symlink():
            continue
        if match[1] and int(match[1]) != os.getpid() and _running(int(match[1])):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def unsafe_output(
    staging: Path, cache_dir: Path, meanwhile: output_check.CheckedMeanwhile | None = None
) -> list[Problem]:
    """What in the built pages could run script (see ``output_check``), as problems; none for a safe build.

    Pages found safe before, by this check with these theme scripts, are remembered by
    their hash in the cache, so a warm build reads none of them again. Reaching a problem
    means data got past both earlier walls, a fault of the tool, so the message asks for
    a report as well as naming the page. Pages ``meanwhile`` found safe as MkDocs wrote
    them count as known too.
    """
    scripts = meanwhile.scripts if meanwhile is not None else theme_scripts()
    rules = cache.key(Path(output_check.__file__).read_bytes(), *(pattern.pattern.encode() for pattern in scripts))
    remembered = cache.load_result(cache_dir, "safe-pages", rules)
    known_safe = set(remembered) if isinstance(remembered, set) else set()  # a copy: compared with the new set below
    if meanwhile is not None:
        known_safe |= meanwhile.safe(output_check.site_scripts(staging))
    checked = output_check.check_site(staging, scripts, known_safe=known_safe)
    if checked.safe != remembered:
        cache.store_result(cache_dir, "safe-pages", rules, checked.safe)
    return [
        Problem(
            Where(unsafe.file, unsafe.line),
            f"{unsafe.what}; the site was not published (the old site/ is unchanged). "
            "This is a fault in strategy-site: please report it with the page that caused it",
        )
        for unsafe in checked.found[:20]
    ]


def theme_scripts() -> list[re.Pattern[str]]:
    """The theme's own inline scripts, read from its templates: the only ones a page may hold."""
    return output_check.known_scripts(mkdocs_joint.theme_templates(THEME_OVERRIDES))


@contextmanager
def staging_folder(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside ``site/`` for MkDocs to build into, removed afterwards whatever happens."""
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=site_dir))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, target: Path) -> None:
    """The new site in place of the old in one rename; the old one removed after."""
    previous = target.parent / f"{PREVIOUS_PREFIX}{os.getpid()}"
    if target.exists():
        os.replace(target, previous)
    os.replace(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


def build_unchanged_docs(site_dir: Path, config: Path, settings: Mapping[str, str], cache_dir: Path) -> float:
    """MkDocs over ``build/docs`` as they are, checked and swapped into ``site/``; MkDocs' seconds."""
    from .problems import InputError

    with staging_folder(site_dir) as staging:
        started = time.perf_counter()
        mkdocs_joint.run(config, staging, site_dir, settings, [])
        seconds = time.perf_counter() - started
        if problems := unsafe_output(staging, cache_dir):
            raise InputError(problems)
        swap_in(staging, site_dir / "site")
    return seconds
