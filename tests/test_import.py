"""`strategy-site import`: new figures into the YAML, comments and layout kept, bad rows refused whole."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import ROOT, copy_site

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(ROOT, tmp_path / "site")


def _files(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((site / "data").glob("*.yaml"))}


def test_a_fingertips_export_adds_its_values_and_keeps_every_comment(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (site / "data" / "indicators.yaml").read_text(encoding="utf-8")
    assert main(["import", str(FIXTURES / "fingertips.csv"), str(site)]) == 0
    assert "4 added" in capsys.readouterr().out
    after = (site / "data" / "indicators.yaml").read_text(encoding="utf-8")
    diff = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert all(line.startswith("+ ") for line in diff), diff  # nothing removed or rewritten
    assert '+           - {period: "2010-2012", value: 78.3, lower: 77.8, upper: 78.8}' in diff
    assert '+           - {period: "2010-2012", value: 5.6, lower: 4.5, upper: 6.9}' in diff
    assert len(diff) == 4
    comments = [line for line in before.splitlines() if line.strip().startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    assert main(["validate", str(site)]) == 0


def test_a_second_import_changes_no_byte(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURES / "fingertips.csv"), str(site)]) == 0
    once = _files(site)
    assert main(["import", str(FIXTURES / "fingertips.csv"), str(site)]) == 0
    assert "0 added" in capsys.readouterr().out.splitlines()[-1]
    assert _files(site) == once


def test_bad_rows_are_reported_by_csv_line_and_nothing_is_written(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(site)
    assert main(["import", str(FIXTURES / "bad-rows.csv"), str(site)]) == 1
    err = capsys.readouterr().err
    assert "bad-rows.csv:3: value 'about 79' is not a number" in err
    assert "bad-rows.csv:4: Fingertips indicator 12345" in err and "fingertips_id: 12345" in err
    assert "bad-rows.csv:5: area code E06000099" in err
    assert "nothing was written" in err and "Traceback" not in err
    assert _files(site) == before  # the good row on line 2 was not written either


def test_a_conflicting_value_needs_force(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changed = tmp_path / "changed.csv"
    text = (FIXTURES / "fingertips.csv").read_text(encoding="utf-8")
    assert main(["import", str(FIXTURES / "fingertips.csv"), str(site)]) == 0
    changed.write_text(text.replace(",2010 - 12,78.3,", ",2010 - 12,78.4,"), encoding="utf-8")
    before = _files(site)
    assert main(["import", str(changed), str(site)]) == 1
    assert "the data already has 78.3 but the CSV says 78.4" in capsys.readouterr().err
    assert _files(site) == before
    assert main(["import", str(changed), str(site), "--force"]) == 0
    assert "value: 78.4" in (site / "data" / "indicators.yaml").read_text(encoding="utf-8")


def test_the_sites_own_csv_download_imports_as_already_there(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(site)]) == 0
    download = site / "site" / "downloads" / "data.csv"
    shutil.copy(download, site / "download.csv")
    before = _files(site)
    assert main(["import", str(site / "download.csv"), str(site)]) == 0
    assert "0 added, 0 replaced" in capsys.readouterr().out.splitlines()[-1]
    assert _files(site) == before


def test_confidence_intervals_allow_better_or_worse_than_england(site: Path) -> None:
    assert main(["import", str(FIXTURES / "fingertips.csv"), str(site)]) == 0
    assert main(["generate", str(site)]) == 0
    page = (site / "build" / "docs" / "indicators" / "life-expectancy-birth.md").read_text(encoding="utf-8")
    assert "(the 95% confidence interval, 77.8 years to 78.8 years), Luton was worse than England in 2010–2012" in page
    female = page[page.index("## Female") :]  # no England figure for 2010-2012: no claim either way
    assert "better than England" not in female and "worse than England" not in female
