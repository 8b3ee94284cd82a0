"""A build with nothing to generate: when no input changed since the last build, publish the same pages.

An editor who runs ``strategy-site build`` twice, or CI building a commit that only
touched the README, would wait for the data to be loaded, validated and rendered again
to get the same Markdown. So each successful build records what it was built from — the
tool's code and templates, the libraries that shape its output, every file of the site
folder's inputs, the settings read from the environment and the day (a strategy's
period can end overnight) — and a stamp of what it wrote to ``build/``. The next build,
finding the same inputs and ``build/`` untouched, runs MkDocs on ``build/docs`` as it is,
with the same last check before publishing; anything else is a full build.

The record is sealed with this machine's key (``cache.seal``), like every cache entry, so
a record committed to a repository cannot make a build skip its checks.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from . import cache, site_files
from .build_lock import one_build_at_a_time
from .folders import BUILD_DIR, CACHE_DIR, DOCS_DIR, TEMPLATES_DIR
from .problems import InputError
from .publish import build_unchanged_docs, remove_leftovers
from .standing import build_day

RECORD = "last-build"
#: The site folder's inputs; ``build/`` and ``site/`` are outputs.
INPUT_FOLDERS = ("data", "content", "site_templates")
#: Libraries that shape the generated Markdown beyond ``cache.VERSION``'s list (and WeasyPrint, the PDF).
RENDERING_LIBRARIES = ("Jinja2", "MarkupSafe", "mkdocs", "mkdocs-material", "weasyprint")
#: Settings the generator reads from the environment.
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "SITE_URL", "GITHUB_REPOSITORY", "GITHUB_SERVER_URL", "GITHUB_REF_NAME")

Say = Callable[[str], None]


def _files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(path for path in folder.rglob("*") if path.is_file())


def inputs_key(site_dir: Path, draft: bool) -> str:
    """Everything a build's output depends on, as one hash."""
    digest = hashlib.sha256(cache.VERSION.encode())
    for name, number in sorted(cache.library_versions(RENDERING_LIBRARIES).items()):
        digest.update(f"{name}=={number}\0".encode())
    settings = {name: os.environ.get(name, "") for name in ENVIRONMENT}
    digest.update(json.dumps({"draft": draft, "day": build_day().isoformat(), **settings}).encode())
    sources = [(TEMPLATES_DIR, path) for path in _files(TEMPLATES_DIR)]
    sources += [(site_dir, site_dir / "mkdocs.yml")]
    sources += [(site_dir, path) for folder in INPUT_FOLDERS for path in _files(site_dir / folder)]
    for root, path in sources:
        # a file the build would refuse (a link, a device, too large) is not read here either: its reason
        # stands in for it, so the quick path never skips the full build that says so
        refused = site_files.refusal(path, site_dir) if root is site_dir else None
        content = refused.encode() if refused else path.read_bytes()
        digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0{len(content)}\0".encode() + content)
    return digest.hexdigest()


def _stamp(build_dir: Path) -> str:
    """What the last build left in ``build/`` for MkDocs: each file's name, size and time of change."""
    digest = hashlib.sha256()
    written = [build_dir / "mkdocs.yml", build_dir / "abbreviations.md", *_files(build_dir / DOCS_DIR)]
    for path in written:
        status = path.stat()
        digest.update(f"{path.relative_to(build_dir).as_posix()}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def remember(site_dir: Path, inputs: str, settings: Mapping[str, str]) -> None:
    """After a successful build: what it was built from, what it wrote, and MkDocs' settings for it."""
    build_dir = site_dir / BUILD_DIR
    record = json.dumps({"inputs": inputs, "stamp": _stamp(build_dir), "settings": dict(settings)}).encode()
    sealed = cache.seal(RECORD, "", record)
    if sealed is not None:
        (build_dir / CACHE_DIR).mkdir(parents=True, exist_ok=True)
        cache.write_atomic(build_dir / CACHE_DIR / RECORD, sealed)


def _recall(site_dir: Path, inputs: str) -> dict[str, str] | None:
    """MkDocs' settings of the last build, if it was built from exactly these inputs and ``build/`` is as it left it."""
    build_dir = site_dir / BUILD_DIR
    try:
        payload = cache.unseal(RECORD, "", (build_dir / CACHE_DIR / RECORD).read_bytes())
        if payload is None:
            return None
        record = json.loads(bytes(payload))
        if record["inputs"] != inputs or record["stamp"] != _stamp(build_dir):
            return None
        return {str(name): str(value) for name, value in record["settings"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no record, a damaged one or files gone: a full build


def build_if_unchanged(site_dir: Path, say: Say, *, draft: bool = False) -> bool:
    """Publish ``build/docs`` again if nothing changed since the last build; False (nothing done) otherwise."""
    site_dir = site_dir.resolve()
    if not (site_dir / "mkdocs.yml").is_file() or not (site_dir / BUILD_DIR / CACHE_DIR / RECORD).is_file():
        return False
    try:
        site_files.check_output_folders(site_dir)
    except InputError:
        return False  # the full build says what is wrong
    with one_build_at_a_time(site_dir / BUILD_DIR, say):
        settings = _recall(site_dir, inputs_key(site_dir, draft))
        if settings is None:
            return False
        started = time.perf_counter()
        if remove_leftovers(site_dir):
            say("removed folders left by an interrupted build")
        build_dir = site_dir / BUILD_DIR
        seconds = build_unchanged_docs(site_dir, build_dir / "mkdocs.yml", settings, build_dir / CACHE_DIR)
        say(
            f"nothing changed since the last build: built {site_dir / 'site'} from the same pages with MkDocs in "
            f"{seconds:.2f} s ({time.perf_counter() - started:.2f} s in all)"
        )
    return True
