"""Every cache the build keeps in ``build/.cache``, under one rule: a key that cannot go stale.

Three things are cached because making them again is the slow part of a rebuild: each
data file's parse (PyYAML builds an object for every value), the validated model of the
whole site, and each chart's SVG (matplotlib). Each key is a hash of the entry's own
inputs *and* of ``VERSION`` — the generator's code and the versions of the libraries
whose output is stored — so an upgrade of PyYAML, pydantic or matplotlib, or a change
to the loader, can never hand back a result the current code would not make. Entries
are only ever written by this tool; a damaged one is ignored and made again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from . import collector

_CODE = Path(__file__).resolve().parent

# The libraries whose output is stored: parses (PyYAML), the model (pydantic), SVGs (matplotlib).
LIBRARIES = ("PyYAML", "pydantic", "pydantic-core", "matplotlib", "Markdown", "nh3")


def library_versions(names: Iterable[str] = LIBRARIES) -> dict[str, str]:
    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


def code_files(root: Path = _CODE) -> dict[str, bytes]:
    """The generator's own source, by path: any change to it may change what it would store."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*.py"))}


def compute_version(code: Mapping[str, bytes], libraries: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name, content in sorted(code.items()):
        digest.update(name.encode() + b"\0" + content + b"\0")
    for name, number in sorted(libraries.items()):
        digest.update(f"{name}=={number}\0".encode())
    return digest.hexdigest()


VERSION = compute_version(code_files(), library_versions())


def key(*parts: bytes) -> str:
    """A cache key: the parts' hash, salted with ``VERSION``."""
    digest = hashlib.sha256(VERSION.encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()[:24]


# --- entries stored as pickles: one data file's parse, the site's model ------------------------


def _load_pickle(path: Path, entry_key: str) -> Any | None:
    """The value stored at ``path`` under ``entry_key``, or None when absent, stale or damaged."""
    if not path.is_file():
        return None
    try:
        with collector.paused():  # unpickling a national site's model makes the collector rescan it
            stored_key, value = pickle.loads(path.read_bytes())
    except Exception:  # a damaged cache entry is made again, never fatal
        return None
    return value if stored_key == entry_key else None


def _store_pickle(path: Path, entry_key: str, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps((entry_key, value), protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)


def _parsed_path(cache_dir: Path, file: str) -> Path:
    return cache_dir / (re.sub(r"[^A-Za-z0-9]+", "-", file) + ".pickle")  # one entry per data file


def load_parsed(cache_dir: Path, file: str, content: bytes) -> Any | None:
    """One data file as the loader last read these exact bytes, if it did."""
    return _load_pickle(_parsed_path(cache_dir, file), key(file.encode(), content))


def store_parsed(cache_dir: Path, file: str, content: bytes, data: Any) -> None:
    _store_pickle(_parsed_path(cache_dir, file), key(file.encode(), content), data)


def data_key(paths: list[Path]) -> str:
    """The key of a whole site's model: every data file's name and bytes."""
    return key(*(part for path in paths for part in (path.name.encode(), path.read_bytes())))


def load_model(cache_dir: Path, model_key: str) -> Any | None:
    """The model and warnings stored for this exact data and code, if any (the caller checks their type)."""
    return _load_pickle(cache_dir / "site.pickle", model_key)


def store_model(cache_dir: Path, model_key: str, value: Any) -> None:
    """Keep only the latest model."""
    for old in cache_dir.glob("site-*.pickle"):  # the layout before keys were stored inside the entry
        old.unlink(missing_ok=True)
    _store_pickle(cache_dir / "site.pickle", model_key, value)


# --- results that are the same whenever their whole input is ----------------------------------


def load_result(cache_dir: Path, name: str, entry_key: str) -> Any | None:
    """The last result stored under ``name``, if it was worked out from this exact input and code."""
    return _load_pickle(cache_dir / f"{name}.pickle", entry_key)


def store_result(cache_dir: Path, name: str, entry_key: str, value: Any) -> None:
    """Keep only the latest result of each name: a warm build asks for the one it last made."""
    _store_pickle(cache_dir / f"{name}.pickle", entry_key, value)


# --- chart SVGs, one file each, named by the chart's key ----------------------------------------


def load_charts(cache_dir: Path, keys: Iterable[str]) -> dict[str, bytes]:
    """SVG bytes of the charts already drawn, by key."""
    found = {}
    for chart_key in keys:
        path = cache_dir / f"{chart_key}.svg"
        if path.is_file():
            found[chart_key] = path.read_bytes()
    return found


def store_chart(cache_dir: Path, chart_key: str, svg: bytes) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f".{chart_key}.svg.{os.getpid()}.tmp"
    temporary.write_bytes(svg)
    os.replace(temporary, cache_dir / f"{chart_key}.svg")


def prune_charts(cache_dir: Path, keep: set[str]) -> int:
    """Remove cached charts no page shows any more, so the cache does not grow with every edit."""
    removed = 0
    for cached in cache_dir.glob("*.svg"):
        if cached.stem not in keep:
            cached.unlink(missing_ok=True)
            removed += 1
    return removed
