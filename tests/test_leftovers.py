"""A build killed part-way leaves nothing behind that the next build does not clear away."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.build import build
from generator.publish import remove_leftovers

from .conftest import ROOT, copy_site


def _start_build(site_dir: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "generator.cli", "build", str(site_dir)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _leftovers(site_dir: Path) -> list[str]:
    return sorted(p.name for p in site_dir.iterdir() if p.name.startswith(".site-"))


def test_the_next_build_clears_what_a_killed_build_left(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    inputs = sorted(p.name for p in site_dir.iterdir())
    for _attempt in range(3):
        process = _start_build(site_dir)
        deadline = time.monotonic() + 120
        while not _leftovers(site_dir) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGKILL)  # the build and its MkDocs, as a cancelled CI run would
        process.wait()
    assert _leftovers(site_dir), "no build was caught part-way; the test did not test anything"
    build(site_dir)
    assert _leftovers(site_dir) == []
    assert sorted(p.name for p in site_dir.iterdir()) == sorted({*inputs, "build", "site"})
    assert (site_dir / "site" / "index.html").is_file()


def test_only_its_own_kind_and_only_when_no_build_is_running(tmp_path: Path) -> None:
    (tmp_path / ".site-new-999999999-abc").mkdir()  # no such process
    (tmp_path / ".site-old-999999999").mkdir()
    (tmp_path / ".site-new-legacy").mkdir()  # the name before the pid was part of it
    running = tmp_path / f".site-new-{os.getppid()}-xyz"  # a live process: its build may be under way
    running.mkdir()
    for kept in (".site-notes", "site-new-1", "sites", ".site-new-file"):
        (tmp_path / kept).mkdir() if kept != ".site-new-file" else (tmp_path / kept).write_text("x")
    assert remove_leftovers(tmp_path) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [running.name, ".site-notes", "site-new-1", "sites", ".site-new-file"]
    )
    shutil.rmtree(running)
