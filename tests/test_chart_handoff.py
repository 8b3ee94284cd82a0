"""Charts drawn while MkDocs builds: every chart still reaches the site, and a failure stops the build."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import charts
from generator.build import build, generate
from generator.charts import ChartDrawing, DrawingStopped, render_svg_fresh
from generator.mkdocs_hooks import start_handoff
from generator.problems import InputError

from .conftest import ROOT, change_one_value, copy_site, tree_hashes


def test_a_cold_build_draws_charts_alongside_mkdocs_and_publishes_every_one(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    result = build(site_dir)
    specs = {path: spec for page in result.pages for path, spec in page.charts.items()}
    assert result.pending_charts and set(result.pending_charts) == set(specs)  # nothing was cached
    assert result.charts.rendered == len({spec.key() for spec in specs.values()})
    for path, spec in specs.items():
        published = site_dir / "site" / path
        assert published.read_bytes() == render_svg_fresh(spec), path
        assert (site_dir / "build" / "docs" / path).read_bytes() == published.read_bytes()


def test_a_chart_that_cannot_be_drawn_fails_the_build_and_keeps_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    build(site_dir)
    before = tree_hashes(site_dir / "site")
    change_one_value(site_dir)

    def cannot_draw(_spec: object) -> bytes:
        raise RuntimeError("no font to draw with")

    monkeypatch.setattr(charts, "render_svg", cannot_draw)
    with pytest.raises(RuntimeError, match="no font to draw with"):
        build(site_dir)
    assert tree_hashes(site_dir / "site") == before
    assert not list(site_dir.glob(".site-new-*"))  # MkDocs was stopped and its half-built output removed


def test_mkdocs_run_by_hand_says_which_charts_were_never_drawn(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    result = generate(site_dir)
    chart = next(path for page in result.pages for path in page.charts)
    (site_dir / "build" / "docs" / chart).unlink()
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    start_handoff(site_dir / "build", [chart], finished.pid)  # a drawer that stopped without finishing
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        "build/mkdocs.yml",
        "-d",
        str(tmp_path / "out"),
    ]
    run = subprocess.run(command, cwd=site_dir, capture_output=True, text=True, check=False)
    assert run.returncode != 0
    assert "1 chart was never drawn" in run.stderr and "strategy-site build" in run.stderr


def test_a_failing_mkdocs_build_is_reported_without_waiting_for_charts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    (site_dir / "content" / "broken.md").write_text("# Broken\n\nSee [the missing page](missing-page.md).\n", "utf-8")

    def never_finishes(_self: ChartDrawing, give_up: Callable[[], bool] | None = None) -> dict[str, bytes]:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if give_up is not None and give_up():
                raise DrawingStopped
            time.sleep(0.05)
        raise AssertionError("MkDocs waited for charts although its build had already failed")

    monkeypatch.setattr(ChartDrawing, "result", never_finishes)
    with pytest.raises(InputError) as failure:
        build(site_dir)
    message = "\n".join(str(problem) for problem in failure.value.problems)
    assert "content/broken.md:3: the link 'missing-page.md' goes to no page of the site" in message
    assert not (site_dir / "site").exists()
