"""Local preview: regenerate on every save, and let MkDocs' live reload refresh the browser.

MkDocs watches only the generated docs folder; this loop watches what editors change
(``data/``, ``content/``, ``site_templates/``) and regenerates. Because the writer
touches only files whose bytes changed, MkDocs rebuilds just once per real change, and
only the pages that changed (``--dirty``), which keeps save-to-reload near a second.
When the navigation or the glossary changes, every page shows it, so every page is
marked changed for that one rebuild.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import mkdocs_joint
from ..build import GenerateResult, Say, generate, mkdocs_settings
from ..charts import prepare
from ..folders import BUILD_DIR, DOCS_DIR, TEMPLATES_DIR
from ..problems import InputError, Problem, Where

POLL_SECONDS = 0.1


def _snapshot(folders: Sequence[Path]) -> dict[Path, float]:
    stamps: dict[Path, float] = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    stamps[path] = path.stat().st_mtime
    return stamps


def _mark_every_page_changed(site_dir: Path, result: GenerateResult) -> None:
    """A dirty rebuild skips pages whose files are older than their output; make none of them so."""
    if result.site_wide_change:
        for page in (site_dir / BUILD_DIR / DOCS_DIR).rglob("*.md"):
            os.utime(page)


def _stop(_signum: int, _frame: object) -> None:
    """Turn a polite kill into the same clean stop as Ctrl+C, so the MkDocs server stops too."""
    raise KeyboardInterrupt


def serve(
    site_dir: Path,
    port: int,
    say: Say,
    report: Callable[[Sequence[Problem]], None],
) -> int:
    """Generate, start ``mkdocs serve`` on 127.0.0.1, and regenerate on changes until stopped."""
    watched = [site_dir / "data", site_dir / "content", site_dir / "site_templates", TEMPLATES_DIR]
    try:
        result = generate(site_dir, say)
    except InputError as exc:
        report(exc.problems)
        return 1
    server = mkdocs_joint.serve_process(
        site_dir / BUILD_DIR / "mkdocs.yml", port, site_dir, mkdocs_settings(result.site)
    )
    signal.signal(signal.SIGTERM, _stop)
    prepare()
    say(f"previewing at http://127.0.0.1:{port}/ — save a file to update, Ctrl+C to stop")
    before = _snapshot(watched)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _snapshot(watched)
            if now == before:
                continue
            before = now
            try:
                _mark_every_page_changed(site_dir, generate(site_dir, say))
            except InputError as exc:
                report(exc.problems)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if server.returncode not in (0, None, -signal.SIGTERM):
        report(
            [
                Problem(
                    Where("mkdocs.yml"),
                    f"the preview server stopped (exit {server.returncode}); is port "
                    f"{port} already in use? Try --port {port + 1}",
                )
            ]
        )
        return 1
    return 0
