"""Caches that cannot go stale: a change to the code or to a library is a miss, never an old result."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cache, chart_layout, loader
from generator.charts import ChartSpec, Line
from generator.validate import load_site

from .conftest import ROOT


def test_the_version_follows_every_library_and_every_code_file() -> None:
    code = cache.code_files()
    libraries = cache.library_versions()
    assert set(libraries) == {"PyYAML", "pydantic", "pydantic-core", "matplotlib", "Markdown", "nh3"}
    assert "loader.py" in code and "charts.py" in code
    base = cache.compute_version(code, libraries)
    assert base == cache.VERSION
    for name in libraries:
        assert cache.compute_version(code, {**libraries, name: "0.0.1"}) != base, name
    edited = {**code, "loader.py": code["loader.py"] + b"\n# a change\n"}
    assert cache.compute_version(edited, libraries) != base


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = loader.read_text

    def counting(path: Path, file: str) -> str:
        parsed.append(file)
        return real(path, file)

    monkeypatch.setattr(loader, "read_text", counting)
    return parsed


def test_a_data_file_is_parsed_again_when_the_code_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _count_parses(monkeypatch)
    source = ROOT / "data" / "glossary.yaml"
    for _ in range(2):
        loader.load_yaml(source, "data/glossary.yaml", tmp_path)
    assert parsed == ["data/glossary.yaml"], "the second read should come from the cache"
    monkeypatch.setattr(cache, "VERSION", "a loader from another version")
    loader.load_yaml(source, "data/glossary.yaml", tmp_path)
    assert parsed == ["data/glossary.yaml"] * 2


def test_the_model_is_made_again_when_a_library_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site_dir = tmp_path / "site"
    shutil.copytree(ROOT / "data", site_dir / "data")
    cache_dir = tmp_path / "cache"
    first, _ = load_site(site_dir, cache_dir)
    parsed = _count_parses(monkeypatch)
    again, _ = load_site(site_dir, cache_dir)
    assert parsed == [] and again == first
    monkeypatch.setattr(
        cache, "VERSION", cache.compute_version(cache.code_files(), {**cache.library_versions(), "pydantic": "9"})
    )
    load_site(site_dir, cache_dir)
    assert parsed, "with another pydantic the cached model must not be used"


def test_a_chart_is_drawn_again_when_matplotlib_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ChartSpec("Title", "Subtitle", ("2012",), (Line("Luton", "#0072B2", "solid", "o", (0,), (1.0,)),))
    before = spec.key()
    chart_layout._key.cache_clear()
    drawing = {name: cache.code_files()[name] for name in cache.CHART_CODE}
    monkeypatch.setattr(cache, "CHART_VERSION", cache.compute_version(drawing, {"matplotlib": "99"}))
    try:
        assert spec.key() != before
    finally:
        chart_layout._key.cache_clear()


def test_a_charts_key_follows_its_drawing_code_and_matplotlib_only() -> None:
    code = cache.code_files()
    drawing = {name: code[name] for name in cache.CHART_CODE}
    matplotlib = cache.library_versions(("matplotlib",))
    assert cache.compute_version(drawing, matplotlib) == cache.CHART_VERSION
    assert cache.compute_version(drawing, {"matplotlib": "0.0.1"}) != cache.CHART_VERSION
    assert cache.compute_version({**drawing, "charts.py": b"# changed"}, matplotlib) != cache.CHART_VERSION
    # a change anywhere else (a page template's helper, the loader) keeps every chart
    assert "loader.py" not in cache.CHART_CODE and "describe.py" not in cache.CHART_CODE
    assert cache.chart_key(b"spec") != cache.key(b"spec")
