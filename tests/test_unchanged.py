"""A build with nothing changed publishes the same pages without generating them; any change is a full build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import buildable_minimal_site, tree_hashes

QUICK = "nothing changed since the last build"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return buildable_minimal_site(tmp_path / "site")


def _build(site: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["build", *extra, str(site)]) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_a_second_build_with_nothing_changed_publishes_the_same_site(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _build(site, capsys)
    assert QUICK not in first
    built = tree_hashes(site / "site")
    second = _build(site, capsys)
    assert QUICK in second and "generated" not in second
    assert tree_hashes(site / "site") == built


def _edit_data(site: Path) -> None:
    path = site / "data" / "glossary.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment is a change too\n", encoding="utf-8")


def _add_content(site: Path) -> None:
    (site / "content").mkdir(exist_ok=True)
    (site / "content" / "note.md").write_text("# A note\n\nText.\n", encoding="utf-8")


def _edit_config(site: Path) -> None:
    path = site / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Testtown", "Testtown Council"), encoding="utf-8")


def _edit_generated_page(site: Path) -> None:
    page = site / "build" / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAdded by hand.\n", encoding="utf-8")


@pytest.mark.parametrize("change", [_edit_data, _add_content, _edit_config, _edit_generated_page])
def test_any_change_to_the_inputs_or_build_folder_is_a_full_build(
    site: Path, capsys: pytest.CaptureFixture[str], change: Callable[[Path], None]
) -> None:
    _build(site, capsys)
    change(site)
    output = _build(site, capsys)
    assert QUICK not in output and "generated" in output
    assert "Added by hand." not in (site / "build" / "docs" / "index.md").read_text(encoding="utf-8")
    assert QUICK in _build(site, capsys)  # and once built, the next one is quick again


@pytest.mark.parametrize(
    ("variable", "value"), [("SITE_URL", "https://example.org/health/"), ("SOURCE_DATE_EPOCH", "1600000000")]
)
def test_a_setting_from_the_environment_is_a_change(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    _build(site, capsys)
    assert QUICK in _build(site, capsys)
    monkeypatch.setenv(variable, value)
    assert QUICK not in _build(site, capsys)


def test_a_draft_build_and_a_published_one_are_not_the_same_build(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _build(site, capsys, "--draft")
    assert QUICK in _build(site, capsys, "--draft")
    assert QUICK not in _build(site, capsys)


def test_a_record_from_another_machine_is_not_trusted(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The record is sealed with this machine's key: one committed to a repository cannot skip a build."""
    _build(site, capsys)
    assert QUICK in _build(site, capsys)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    assert QUICK not in _build(site, capsys)


def test_the_quick_path_never_reads_a_file_the_build_refuses(tmp_path: Path) -> None:
    """A data file that is a link to a pipe would block a read for ever: the quick path hashes why it is
    refused instead, and the full build then says so at its name."""
    import os
    import threading

    from generator.unchanged import inputs_key

    site = buildable_minimal_site(tmp_path / "site")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    (site / "data" / "more.yaml").symlink_to(pipe)
    keys: list[str] = []
    reader = threading.Thread(target=lambda: keys.append(inputs_key(site, draft=False)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive() and len(keys) == 1
    assert main(["build", str(site)]) == 1
