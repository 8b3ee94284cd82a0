"""Internal links written in YAML text or content pages are checked by validate, at their own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.cli import main
from generator.problems import InputError

from .conftest import ROOT, copy_site


def _insert_after(path: Path, marker: str, new_line: str) -> int:
    """Put ``new_line`` after the first line holding ``marker``; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if marker in line)
    indent = len(lines[index + 1]) - len(lines[index + 1].lstrip())
    lines.insert(index + 1, " " * indent + new_line + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return index + 2


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(ROOT, tmp_path / "site")


def test_a_broken_link_in_yaml_text_is_reported_at_its_line(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strategy = site / "data" / "strategy.yaml"
    line = _insert_after(strategy, "body: |", "See [the list of documents](sourcse.md) for where this comes from.")
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert (
        f"data/strategy.yaml:{line}: the link 'sourcse.md' goes to no page of the site; did you mean 'sources.md'"
        in err
    )
    # build says the same, before MkDocs runs, and publishes nothing
    with pytest.raises(InputError) as failure:
        build(site)
    assert any(str(p).startswith(f"data/strategy.yaml:{line}: the link 'sourcse.md'") for p in failure.value.problems)
    assert not (site / "site").exists()


def test_a_good_link_in_yaml_text_passes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _insert_after(site / "data" / "strategy.yaml", "body: |", "See [where this comes from](sources.md#jsna-2011).")
    assert main(["validate", str(site)]) == 0


def test_a_broken_anchor_in_yaml_text_is_reported_at_its_line(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _insert_after(site / "data" / "strategy.yaml", "body: |", "See [the JSNA](sources.md#jsna-2012).")
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"data/strategy.yaml:{line}: the link 'sources.md#jsna-2012' goes to no heading '#jsna-2012'" in err
    assert "did you mean '#jsna-2011'?" in err


def test_a_broken_link_in_a_content_page_is_reported_by_validate_at_its_line(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content" / "broken.md").write_text(
        "# Broken\n\nSee the [outcomes](outcomes/index.md).\n\nAnd the [glosary](glosary.md).\n", "utf-8"
    )
    assert main(["validate", str(site)]) == 1
    err = capsys.readouterr().err
    assert "content/broken.md:5: the link 'glosary.md' goes to no page of the site; did you mean 'glossary.md'?" in err
    assert "outcomes/index.md" not in err


def test_a_link_broken_after_a_clean_build_is_still_caught(site: Path) -> None:
    """A clean check is kept for the next build; a change to the text is checked again."""
    build(site)
    assert (site / "build" / ".cache" / "links.pickle").is_file()
    line = _insert_after(site / "data" / "strategy.yaml", "body: |", "See [the JSNA](sources.md#jsna-2012).")
    with pytest.raises(InputError) as failure:
        build(site)
    assert [str(p).split(": the link")[0] for p in failure.value.problems] == [f"data/strategy.yaml:{line}"]
