"""Source links say what they are, offer an archived copy, and warn when the publisher's site has closed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

from .conftest import buildable_minimal_site
from .html_text import visible_text

LINK = "https://www.example-pct.nhs.uk/strategy.pdf"
ARCHIVE = "https://webarchive.nationalarchives.gov.uk/2013/https://www.example-pct.nhs.uk/strategy.pdf"
CLOSED = {"id": "example-pct", "name": "Example Primary Care Trust", "hosts": ["www.example-pct.nhs.uk"],
          "closed": "2013-03-31"}  # fmt: skip


def _site(tmp_path: Path, **document: object) -> tuple[Path, int]:
    """The minimal site with its first document changed, a closed publisher listed; the link's line."""
    site = buildable_minimal_site(tmp_path / "site")
    path = site / "data" / "documents.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["documents"][0].update(document)
    text = yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    (site / "data" / "publishers.yaml").write_text(yaml.safe_dump({"publishers": [CLOSED]}, sort_keys=False))
    return site, 1 + text.split("  link:")[0].count("\n")


def _validate(site: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", str(site)]) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_a_link_to_a_closed_publishers_site_is_a_warning_at_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site, line = _site(tmp_path, link=LINK)
    output = _validate(site, capsys)
    assert re.search(
        rf"data/documents\.yaml:{line}: warning: .*example-pct\.nhs\.uk was the site of Example Primary Care Trust, "
        r"closed 2013-03-31 \(data/publishers\.yaml:\d+\).*'archived:'",
        output,
    ), output


def test_an_archived_copy_answers_the_warning_and_the_page_offers_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site, _line = _site(tmp_path, link=LINK, archived=ARCHIVE, file="PDF, 1.2 MB")
    assert "warning" not in _validate(site, capsys)
    assert main(["build", str(site)]) == 0
    html = (site / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    assert f'href="{LINK}"' in html and f'href="{ARCHIVE}"' in html
    assert "(PDF, 1.2 MB) · Archived copy" in " ".join(visible_text(html).split())


def test_an_archive_must_be_a_web_address(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, _line = _site(tmp_path, link=LINK, archived="webarchive.example/x")
    assert main(["validate", str(site)]) == 1
    captured = capsys.readouterr()
    assert "is not a web address; write the whole address, starting https://" in captured.out + captured.err
