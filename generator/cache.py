"""Every cache the build keeps in ``build/.cache``, under one rule: a key that cannot go stale.

Three things are cached because making them again is the slow part of a rebuild: each
data file's parse (PyYAML builds an object for every value), the validated model of the
whole site, and each chart's SVG (matplotlib). Each key is a hash of the entry's own
inputs *and* of ``VERSION`` — the generator's code and the versions of the libraries
whose output is stored — so an upgrade of PyYAML, pydantic or matplotlib, or a change
to the loader, can never hand back a result the current code would not make. Entries
are only ever written by this tool; a damaged one is ignored and made again.

``build/`` is not to be trusted: a pull request can commit files there (GitHub's upload
page ignores ``.gitignore``), and unpickling a file runs whatever code it names. So an
entry that is unpickled carries an HMAC made with this machine's own key, a random
secret kept outside every site folder (``$XDG_CACHE_HOME/strategy-site/cache-key``, or
``~/.cache/…``), and is unpickled only once the MAC matches: an entry from anywhere
else is a miss. Cached charts are SVG text, not code, but they are published as they
are, so each is checked against what matplotlib writes for these charts before it is
used (``safe_svg``).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import re
import secrets
import stat
import tempfile
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from . import collector
from .svg_check import safe_svg

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


_CODE_FILES = code_files()
VERSION = compute_version(_CODE_FILES, library_versions())

#: What a chart's picture depends on beyond its spec: the code that lays it out and draws
#: it, and matplotlib. Any other change to the tool (a tool upgrade in a council's CI that
#: only changes a page) leaves every drawn chart valid.
CHART_CODE = ("charts.py", "chart_layout.py", "periods.py")
CHART_VERSION = compute_version(
    {name: _CODE_FILES[name] for name in CHART_CODE if name in _CODE_FILES}, library_versions(("matplotlib",))
)


def _salted(salt: str, parts: tuple[bytes, ...]) -> str:
    digest = hashlib.sha256(salt.encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()[:24]


def key(*parts: bytes) -> str:
    """A cache key: the parts' hash, salted with ``VERSION`` (all of the tool's code and libraries)."""
    return _salted(VERSION, parts)


def chart_key(*parts: bytes) -> str:
    """A chart's cache key: the parts' hash, salted with ``CHART_VERSION`` only."""
    return _salted(CHART_VERSION, parts)


# --- this machine's key: what is unpickled must have been stored here --------------------------

KEY_BYTES = 32
MAC_BYTES = hashlib.sha256().digest_size


def key_file() -> Path | None:
    """Where this machine's cache key is kept: the user's cache folder, outside every site folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found
        return None
    return root / "strategy-site" / "cache-key"


def _read_key(path: Path) -> bytes | None:
    """The key at ``path``, if it is a regular file of the right size that only this user can read."""
    try:
        with path.open("rb") as file:
            status = os.fstat(file.fileno())
            secret = file.read(KEY_BYTES + 1)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or len(secret) != KEY_BYTES:
        return None
    if os.name == "posix" and (status.st_uid != os.getuid() or status.st_mode & 0o077):
        return None  # another user could read it, and so sign entries
    return secret


def _make_key(path: Path) -> bytes | None:
    """A new random key at ``path`` (mode 0600), unless another build made one first: then that one."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".cache-key-", dir=path.parent)  # mode 0600
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(temporary, path)  # whole and at once, and never over a key another build made
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not path.exists():
                    os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        return None
    return _read_key(path)


_machine_keys: dict[Path, bytes | None] = {}


def machine_key() -> bytes | None:
    """This machine's cache key, made on first use; None when it can be neither read nor made.

    Without a key nothing is unpickled or stored: the build is slower, never wrong.
    """
    path = key_file()
    if path is None:
        return None
    if path not in _machine_keys:
        _machine_keys[path] = _read_key(path) or _make_key(path)
    return _machine_keys[path]


def _mac(secret: bytes, kind: str, entry_key: str, payload: bytes | memoryview) -> bytes:
    """The MAC of one entry: its kind and key are in it, so it is good for that entry only."""
    code = hmac.new(secret, f"{kind}\0{entry_key}\0".encode(), hashlib.sha256)
    code.update(payload)
    return code.digest()


def seal(kind: str, entry_key: str, payload: bytes) -> bytes | None:
    """``payload`` with this machine's MAC in front, or None when there is no key to make one."""
    secret = machine_key()
    return None if secret is None else _mac(secret, kind, entry_key, payload) + payload


def unseal(kind: str, entry_key: str, sealed: bytes) -> memoryview | None:
    """The payload of an entry this machine sealed for this kind and key; None for anything else."""
    secret = machine_key()
    if secret is None or len(sealed) < MAC_BYTES:
        return None
    payload = memoryview(sealed)[MAC_BYTES:]
    return payload if hmac.compare_digest(sealed[:MAC_BYTES], _mac(secret, kind, entry_key, payload)) else None


def write_atomic(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    temporary.replace(path)


# --- entries stored as pickles: one data file's parse, the site's model ------------------------


def _load_pickle(path: Path, entry_key: str) -> Any | None:
    """The value stored at ``path`` under ``entry_key``, or None when absent, stale, damaged or not ours.

    Nothing is unpickled before its MAC matches: a file that did not come from this
    machine's own ``_store_pickle`` for this very key is a miss, whatever it holds.
    """
    try:
        sealed = path.read_bytes()
    except OSError:
        return None
    payload = unseal("pickle", entry_key, sealed)
    if payload is None:
        return None
    try:
        with collector.paused():  # unpickling a national site's model makes the collector rescan it
            return pickle.loads(payload)
    except Exception:  # a damaged cache entry is made again, never fatal
        return None


def _store_pickle(path: Path, entry_key: str, value: Any) -> None:
    sealed = seal("pickle", entry_key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    if sealed is not None:
        write_atomic(path, sealed)


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


CHECKED_CHARTS = ".checked"


def _checked_charts(cache_dir: Path) -> dict[str, str]:
    """The charts this machine has checked before, each with the hash of the bytes it checked."""
    try:
        payload = unseal("checked-charts", "", (cache_dir / CHECKED_CHARTS).read_bytes())
    except OSError:
        return {}
    if payload is None:
        return {}
    pairs = (line.split(" ", 1) for line in bytes(payload).decode("ascii", "replace").splitlines())
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def load_charts(cache_dir: Path, keys: Iterable[str]) -> dict[str, bytes]:
    """SVG bytes of the charts already drawn, by key; a file that fails ``safe_svg`` is not one.

    Checking an SVG costs about half a millisecond (1.5 s for a national site's 3,000);
    hashing it, a few microseconds. So a chart checked once is remembered, by the hash of
    its bytes, in a list sealed with this machine's key, and is not parsed again while
    its bytes stay the same. A chart from anywhere else (a restored CI cache) is checked.
    """
    checked = _checked_charts(cache_dir)
    found, newly_checked = {}, False
    for chart_key in keys:
        try:
            svg = (cache_dir / f"{chart_key}.svg").read_bytes()
        except OSError:
            continue
        digest = hashlib.sha256(svg).hexdigest()
        if checked.get(chart_key) == digest:
            found[chart_key] = svg
        elif safe_svg(svg):
            found[chart_key] = svg
            checked[chart_key], newly_checked = digest, True
    if newly_checked:
        _keep_checked(cache_dir, {key: digest for key, digest in checked.items() if key in found})
    return found


def _keep_checked(cache_dir: Path, checked: Mapping[str, str]) -> None:
    text = "".join(f"{key} {digest}\n" for key, digest in sorted(checked.items())).encode("ascii")
    sealed = seal("checked-charts", "", text)
    if sealed is not None:
        with contextlib.suppress(OSError):  # a list that cannot be kept only means checking again
            write_atomic(cache_dir / CHECKED_CHARTS, sealed)


def store_charts(cache_dir: Path, charts: Mapping[str, bytes]) -> None:
    """Keep charts this process has just drawn, and remember them as checked: matplotlib wrote them here."""
    for chart_key, svg in charts.items():
        store_chart(cache_dir, chart_key, svg)
    checked = _checked_charts(cache_dir)
    _keep_checked(cache_dir, {**checked, **{key: hashlib.sha256(svg).hexdigest() for key, svg in charts.items()}})


def store_chart(cache_dir: Path, chart_key: str, svg: bytes) -> None:
    write_atomic(cache_dir / f"{chart_key}.svg", svg)


def prune_charts(cache_dir: Path, keep: set[str]) -> int:
    """Remove cached charts no page shows any more, so the cache does not grow with every edit."""
    removed = 0
    for cached in cache_dir.glob("*.svg"):
        if cached.stem not in keep:
            cached.unlink(missing_ok=True)
            removed += 1
    return removed


# --- compiled templates: Jinja's bytecode is code, so it is sealed like a pickle ---------------


class TemplateCache(BytecodeCache):
    """Jinja's compiled templates in ``directory``, each loaded only if this machine sealed it.

    Jinja's own ``FileSystemBytecodeCache`` unpickles and runs whatever file it finds
    under a predictable name; this one checks the MAC first, and Jinja then checks the
    template's source against the code as before.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, bucket: Bucket) -> Path:
        return self.directory / f"{bucket.key}.jinja"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            sealed = self._path(bucket).read_bytes()
        except OSError:
            return
        payload = unseal("template", bucket.key, sealed)
        if payload is not None:
            bucket.bytecode_from_string(bytes(payload))

    def dump_bytecode(self, bucket: Bucket) -> None:
        sealed = seal("template", bucket.key, bucket.bytecode_to_string())
        if sealed is not None:
            with contextlib.suppress(OSError):  # a cache that cannot be written is not an error
                write_atomic(self._path(bucket), sealed)
