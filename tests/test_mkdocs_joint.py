"""What the build relies on MkDocs for, checked against the MkDocs installed.

The build lets MkDocs run while the charts are still being drawn: a plugin adds the
charts to MkDocs' files in ``on_files`` (so links to them are checked) and takes them
out in ``on_env`` (so MkDocs does not copy files that are not there yet). MkDocs does
not promise that ``on_env`` comes after the pages are read and before the files are
copied; this test fails if an upgrade changes that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import mkdocs_joint
from generator.problems import InputError


def _site(tmp_path: Path, link: str) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(f"# Home\n\n![A chart]({link})\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\ndocs_dir: docs\n", encoding="utf-8")
    return config


def test_a_file_added_later_is_linked_to_but_not_copied(tmp_path: Path) -> None:
    config = _site(tmp_path, "chart.svg")
    out = tmp_path / "out"
    mkdocs_joint.run(config, out, tmp_path, {}, later=["chart.svg"])
    assert (out / "index.html").is_file()
    assert 'src="chart.svg"' in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "chart.svg").exists()  # MkDocs copied nothing it was told comes later


def test_without_it_the_same_link_is_a_broken_link(tmp_path: Path) -> None:
    config = _site(tmp_path, "chart.svg")
    with pytest.raises(InputError, match=r"chart\.svg"):
        mkdocs_joint.run(config, tmp_path / "out", tmp_path, {})
