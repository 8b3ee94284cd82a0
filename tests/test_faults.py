"""Faults leave nothing running: a build killed outright takes its chart workers with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, copy_site

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")


def _children(pid: int) -> set[int]:
    """Every living descendant of ``pid``, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":  # a zombie has ended; it only waits to be counted
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_build_killed_outright_leaves_no_chart_worker(tmp_path: Path) -> None:
    site = copy_site(ROOT, tmp_path / "site", seed_charts=False)  # cold: its charts need workers
    build = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from generator.build import build; build(Path(sys.argv[1]))",
            str(site),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while not workers and build.poll() is None and time.monotonic() < deadline:
            workers = _children(build.pid)
            time.sleep(0.02)
        assert workers, "the build started no chart worker"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 5
        while any(_alive(worker) for worker in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [worker for worker in workers if _alive(worker)], "chart workers outlived the build"
    finally:
        if build.poll() is None:
            build.kill()


def test_two_builds_at_once_in_one_folder_both_end_cleanly(tmp_path: Path) -> None:
    site = copy_site(ROOT, tmp_path / "site")
    command = [sys.executable, "-m", "generator.cli", "build", str(site)]
    builds = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(3)]
    outputs = [build.communicate(timeout=300)[0].decode() for build in builds]
    assert [build.returncode for build in builds] == [0, 0, 0], outputs
    assert any("another build of this site is running; waiting for it to finish" in output for output in outputs)
    assert (site / "site" / "index.html").is_file()
    assert not list(site.glob(".site-*")) and not list((site / "build").rglob("*.tmp"))
