"""Reading many data files: a second process reads half of a large site, with the same result and the same messages."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator import loader
from generator.loader import MarkedDict, load_yaml_files
from generator.problems import InputError, Problem

from .conftest import ROOT


def _files(data: Path) -> list[tuple[Path, str]]:
    return [(path, f"data/{path.name}") for path in sorted(data.glob("*.yaml"))]


_LOAD_EACH = loader._load_each


def _load_each_marked(files: list[tuple[Path, str]], cache_dir: Path | None) -> list[MarkedDict | list[Problem]]:
    """``_load_each``, marking each file read with the process that read it."""
    loaded = _LOAD_EACH(files, cache_dir)
    for document in loaded:
        if isinstance(document, MarkedDict):
            document.read_by = os.getpid()  # type: ignore[attr-defined]
    return loaded


@pytest.fixture
def helper_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any amount of data is shared with a helper process, even under the test runner's threads."""
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loader.threading, "active_count", lambda: 1)
    monkeypatch.setattr(loader, "_load_each", _load_each_marked)


def test_a_helper_reads_half_the_files_with_the_same_values_and_lines(helper_always: None) -> None:
    files = _files(ROOT / "data")
    shared = load_yaml_files(files)
    alone = [loader.load_yaml(path, file) for path, file in files]
    assert shared == alone
    for by_helper, by_itself in zip(shared, alone, strict=True):
        assert isinstance(by_helper, MarkedDict)
        assert by_helper.key_lines == by_itself.key_lines and by_helper.where == by_itself.where
    readers = {document.read_by for document in shared}  # type: ignore[union-attr]
    assert os.getpid() in readers and len(readers) == 2


def test_broken_files_read_by_either_process_are_reported_at_their_lines(tmp_path: Path, helper_always: None) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    largest, second = sorted(data.glob("*.yaml"), key=lambda path: -path.stat().st_size)[:2]
    for path in (largest, second):  # the largest is read here, the second largest by the helper
        path.write_text(path.read_text("utf-8") + "broken: [unclosed\n", "utf-8")
    files = _files(data)
    shared = [str(problem) for result in load_yaml_files(files) if isinstance(result, list) for problem in result]
    alone = []
    for path, file in files:
        try:
            loader.load_yaml(path, file)
        except InputError as exc:
            alone += [str(problem) for problem in exc.problems]
    assert shared == alone
    assert [problem.split(":")[0] for problem in shared] == sorted(f"data/{p.name}" for p in (largest, second))
    assert all(re.match(r"data/[\w-]+\.yaml:\d+: YAML syntax error", problem) for problem in shared), shared
