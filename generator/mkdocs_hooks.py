"""Let MkDocs build while the charts are still being drawn, and copy them in at the end.

Drawing charts is the slowest thing the generator does, and MkDocs only needs a chart's
file at the very end of its build, when it copies static files. So ``build`` writes the
pages, starts MkDocs at once, and draws the missing charts alongside it. This module is
both sides of that hand-off:

- the generator side writes ``build/charts.json`` (which charts are still being drawn,
  by which process) and later ``build/charts.ready``;
- the MkDocs side (MkDocs loads this file through ``hooks:`` in the generated config)
  registers each pending chart so links to it are valid, skips it when MkDocs copies
  static files, and in ``on_post_build`` waits for ``charts.ready`` and copies it then.

MkDocs loads hooks by file path, not as part of the ``generator`` package, so this file
imports nothing from the package.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from pathlib import Path
from typing import Any

MANIFEST = "charts.json"
READY = "charts.ready"
WAITED = "charts.waited"
POLL_SECONDS = 0.02


def start_handoff(build_dir: Path, pending: list[str], drawer_pid: int | None) -> str:
    """Announce the charts still to come; returns the token that ``finish_handoff`` must repeat."""
    token = uuid.uuid4().hex
    for name in (READY, WAITED):
        (build_dir / name).unlink(missing_ok=True)
    manifest = {"token": token, "pending": sorted(pending), "drawer_pid": drawer_pid}
    _write_json(build_dir / MANIFEST, manifest)
    if not pending:
        finish_handoff(build_dir, token)
    return token


def finish_handoff(build_dir: Path, token: str, error: str | None = None) -> None:
    """Tell MkDocs the pending charts are in the docs folder (or why they never will be)."""
    _write_json(build_dir / READY, {"token": token, "error": error})


def waited_seconds(build_dir: Path, token: str) -> float:
    """How long MkDocs sat waiting for charts in this build: the part of chart drawing it could not hide."""
    record = _read_json(build_dir / WAITED)
    return float(record["seconds"]) if record and record.get("token") == token else 0.0


def _write_json(path: Path, data: dict[str, Any]) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- The MkDocs side ------------------------------------------------------------------------

_deferred: list[Any] = []


class _WarningCount(logging.Handler):
    """Counts MkDocs' warnings in this build: in strict mode any one means the build will fail."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = _WarningCount()


def on_pre_build(config: Any) -> None:
    _warnings.count = 0
    mkdocs_log = logging.getLogger("mkdocs")
    if _warnings not in mkdocs_log.handlers:
        mkdocs_log.addHandler(_warnings)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Every page's HTML through the allowlist before the theme wraps it or search reads it."""
    from generator.sanitize import clean_html

    return clean_html(html)


def _build_dir(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_files(files: Any, config: Any) -> Any:
    """Register each chart still being drawn, so pages that show it pass strict link checks."""
    from mkdocs.structure.files import File

    class DeferredChart(File):
        def copy_file(self, dirty: bool = False) -> None:
            """Copied in ``on_post_build``, once it has been drawn."""

        def copy_now(self) -> None:
            File.copy_file(self, dirty=False)

    _deferred.clear()
    manifest = _read_json(_build_dir(config) / MANIFEST)
    for path in manifest["pending"] if manifest else []:
        chart = DeferredChart(path, config.docs_dir, config.site_dir, config.use_directory_urls)
        files.append(chart)
        _deferred.append(chart)
    return files


def on_post_build(config: Any) -> None:
    """Wait for the charts being drawn alongside this build, then copy them into the site."""
    from mkdocs.exceptions import PluginError

    if not _deferred:
        return
    if config.strict and _warnings.count:
        return  # MkDocs will stop with its warnings right after this: no need to wait for charts
    build_dir = _build_dir(config)
    manifest = _read_json(build_dir / MANIFEST) or {}
    token, drawer = manifest.get("token"), manifest.get("drawer_pid")
    started = time.perf_counter()
    while True:
        ready = _read_json(build_dir / READY)
        if ready and ready.get("token") == token:
            break
        if not drawer or not _alive(int(drawer)):
            count = len(_deferred)
            raise PluginError(
                f"{count} {'chart was' if count == 1 else 'charts were'} never drawn (the process drawing "
                "them stopped before it finished); run `strategy-site build` again"
            )
        time.sleep(POLL_SECONDS)
    _write_json(build_dir / WAITED, {"token": token, "seconds": time.perf_counter() - started})
    if ready.get("error"):
        raise PluginError(f"charts could not be drawn: {ready['error']}")
    for chart in _deferred:
        chart.copy_now()
