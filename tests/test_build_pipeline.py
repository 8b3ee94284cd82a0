"""The build in order — pages written, MkDocs in this process while missing charts are drawn — and how it fails."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from generator import charts
from generator.build import build
from generator.charts import render_svg_fresh
from generator.problems import InputError

from .conftest import ROOT, change_one_value, copy_site, tree_hashes


def test_a_cold_build_publishes_every_chart_as_drawn_fresh(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site", seed_charts=False)
    result = build(site_dir)
    specs = {path: spec for page in result.pages for path, spec in page.charts.items()}
    assert specs and result.charts.rendered == len({spec.key() for spec in specs.values()})
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
    assert not list(site_dir.glob(".site-new-*"))


def _dies(_spec: object) -> bytes:
    os._exit(3)  # a worker killed while drawing: out of memory, say


def _raises(_spec: object) -> bytes:
    raise RuntimeError("no font to draw with")


@pytest.mark.parametrize(
    ("draw", "error"), [(_raises, "no font to draw with"), (_dies, "terminated abruptly")]
)
def test_a_chart_worker_that_fails_or_dies_fails_the_build_and_keeps_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, draw: object, error: str
) -> None:
    """Every chart missing, so they are drawn in worker processes, and a worker fails: the old site stays."""
    site_dir = copy_site(ROOT, tmp_path / "site")
    build(site_dir)
    before = tree_hashes(site_dir / "site")
    shutil.rmtree(site_dir / "build" / ".cache" / "charts")
    change_one_value(site_dir)
    # forked workers (as a build run from the command line has) see this process's functions
    monkeypatch.setattr("generator.workers.threading.active_count", lambda: 1)
    monkeypatch.setattr(charts, "render_svg", draw)
    with pytest.raises((RuntimeError, BrokenProcessPool), match=error):
        build(site_dir)
    assert tree_hashes(site_dir / "site") == before
    assert not list(site_dir.glob(".site-new-*"))


def test_mkdocs_failing_while_charts_are_drawn_stops_the_drawing_and_keeps_the_previous_site(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    build(site_dir)
    before = tree_hashes(site_dir / "site")
    for chart in (site_dir / "build" / ".cache" / "charts").rglob("*.svg"):
        chart.unlink()  # every chart is missing again, so MkDocs starts while they are drawn
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("plugins:\n", "plugins:\n  - no-such-plugin\n", 1), "utf-8")
    with pytest.raises(InputError, match="no-such-plugin"):
        build(site_dir)
    assert tree_hashes(site_dir / "site") == before
    assert not list(site_dir.glob(".site-new-*"))
    assert not multiprocessing.active_children()


def test_a_broken_link_in_a_content_page_is_reported_at_its_line_and_nothing_is_published(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    (site_dir / "content" / "broken.md").write_text("# Broken\n\nSee [the missing page](missing-page.md).\n", "utf-8")
    with pytest.raises(InputError) as failure:
        build(site_dir)
    message = "\n".join(str(problem) for problem in failure.value.problems)
    assert "content/broken.md:3: the link 'missing-page.md' goes to no page of the site" in message
    assert not (site_dir / "site").exists()
    assert not list(site_dir.glob(".site-new-*"))


def test_mkdocs_in_process_leaves_logging_and_the_environment_as_it_found_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    handlers = list(logging.getLogger("mkdocs").handlers)
    site_dir = copy_site(ROOT, tmp_path / "site")
    build(site_dir)
    assert logging.getLogger("mkdocs").handlers == handlers
    assert "SOURCE_DATE_EPOCH" not in os.environ
