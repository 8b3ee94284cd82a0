"""A cache of the validated model, keyed by the bytes of every data file and the generator's code.

Reading YAML is the slowest part of a rebuild once charts are cached (PyYAML builds a
node object for every value). When nothing in ``data/`` and nothing in the generator
has changed, the model from the last good build is reused instead. The cache lives in
the site's git-ignored ``build/.cache`` and is only ever written by this tool.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
from pathlib import Path

from .model import Site
from .problems import Problem

_CODE = Path(__file__).resolve().parent


def _code_version() -> bytes:
    digest = hashlib.sha256()
    for path in sorted(_CODE.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.digest()


CODE_VERSION = _code_version()


def data_key(paths: list[Path]) -> str:
    """A hash of the data files' names and bytes, and of the code that reads them."""
    digest = hashlib.sha256(CODE_VERSION)
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def _path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"site-{key}.pickle"


def load(cache_dir: Path, key: str) -> tuple[Site, list[Problem]] | None:
    """The model and warnings stored for this exact data, if any."""
    path = _path(cache_dir, key)
    if not path.is_file():
        return None
    data = path.read_bytes()
    collecting = gc.isenabled()
    gc.disable()  # unpickling a national site's model makes the collector rescan it hundreds of times
    try:
        site, warnings = pickle.loads(data)
    except Exception:  # a stale or damaged cache is ignored, never fatal
        return None
    finally:
        if collecting:
            gc.enable()
    return (site, warnings) if isinstance(site, Site) else None


def store(cache_dir: Path, key: str, site: Site, warnings: list[Problem]) -> None:
    """Keep only the latest model: older entries are removed."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob("site-*.pickle"):
        old.unlink()
    temporary = _path(cache_dir, key).with_suffix(".tmp")
    temporary.write_bytes(pickle.dumps((site, warnings), protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(_path(cache_dir, key))
