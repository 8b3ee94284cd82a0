"""Safe to publish: reproducible builds and a list of the external links editors must keep alive."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.build import build
from generator.cli import main

from .conftest import ROOT, copy_site


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_clean_builds_with_the_same_source_date_epoch_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    # the second copy draws every chart itself: the charts, not only the pages, must come out the same
    first = copy_site(ROOT, tmp_path / "first")
    second = copy_site(ROOT, tmp_path / "elsewhere" / "second", seed_charts=False)
    build(first)
    build(second)
    one, two = _tree(first / "site"), _tree(second / "site")
    assert len(one) > 50 and sum(name.endswith(".svg") for name in one) > 10
    assert one == two


def test_links_lists_every_external_address_with_its_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    contacted: list[str] = []

    def http_status(url: str, *args: object, **kwargs: object) -> str:
        contacted.append(url)
        return "200"

    monkeypatch.setattr("generator.commands.links.http_status", http_status)  # cmd_links imports it when it runs
    assert main(["links", str(ROOT), "--offline"]) == 0
    out = capsys.readouterr().out
    documents = (ROOT / "data" / "documents.yaml").read_text(encoding="utf-8").splitlines()
    number, line = next((n, text) for n, text in enumerate(documents, start=1) if "Final%20JSNA%202011.pdf" in text)
    url = line.split("link:")[1].strip()
    assert f"data/documents.yaml:{number}: {url}" in out
    assert "external links" in out.splitlines()[-1]
    assert contacted == [], "--offline must not contact any address"
