"""`strategy-site import`: new figures into the YAML, comments and layout kept, bad rows refused whole."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.downloads import CSV_COLUMNS

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
    # rows for an indicator or an area the site does not show are not mistakes: see the all-areas test
    assert "bad-rows.csv:4:" not in err and "bad-rows.csv:5:" not in err
    assert "1 problem found; nothing was written" in err and "Traceback" not in err
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


# --- a real export: every area of a type, England and the regions ----------------------------

FINGERTIPS_COLUMNS = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
]


def _export_row(indicator: tuple[str, str], area: tuple[str, str, str], period: str, value: str, ci: str) -> str:
    """One row in Fingertips' own layout: 26 columns, empty where Fingertips leaves them empty."""
    lower, upper = ci.split("/") if ci else ("", "")
    code, name, area_type = area
    parent = ("", "") if area_type == "England" else ("E12000006", "East of England region")
    cells = [
        *indicator,
        *parent,
        code,
        name,
        area_type,
        "Persons",
        "All ages",
        "",
        "",
        period,
        value,
        lower,
        upper,
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "20100000",
        "",
        "",
    ]
    assert len(cells) == len(FINGERTIPS_COLUMNS)
    return ",".join(f'"{cell}"' if "," in cell else cell for cell in cells)


def _all_areas_export(path: Path, rows: list[str]) -> Path:
    """Written as Fingertips serves it: a byte-order mark and Windows line ends."""
    text = "\r\n".join([",".join(FINGERTIPS_COLUMNS), *rows]) + "\r\n"
    path.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    return path


INFANT_MORTALITY = ("92196", "Infant mortality")
UNITARY_AUTHORITIES = [
    ("E06000032", "Luton", "UA"),
    ("E06000055", "Bedford", "UA"),
    ("E06000056", "Central Bedfordshire", "UA"),
    ("E06000033", "Southend-on-Sea", "UA"),
    ("E06000034", "Thurrock", "UA"),
]
ENGLAND = ("E92000001", "England", "England")
REGION = ("E12000006", "East of England region", "Region")


def test_an_all_areas_export_imports_only_the_sites_areas(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        _export_row(INFANT_MORTALITY, area, "2010 - 12", value, ci)
        for area, value, ci in [
            (UNITARY_AUTHORITIES[0], "6.1", "5.1/7.2"),
            *[(area, "4.0", "3.0/5.0") for area in UNITARY_AUTHORITIES[1:]],
            (ENGLAND, "4.3", "4.2/4.4"),
            (REGION, "3.9", "3.7/4.1"),
        ]
    ]
    rows.append(_export_row(("93014", "Some indicator, not on the site"), ENGLAND, "2012", "12.5", "12.0/13.0"))
    export = _all_areas_export(tmp_path / "indicators-UA.data.csv", rows)
    assert export.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in export.read_bytes()
    assert main(["import", str(export), str(site)]) == 0
    out = capsys.readouterr().out
    assert "OK: 2 added, 0 replaced" in out  # Luton and England, the site's own areas
    assert "Not imported: 5 rows for 5 other areas (E06000033 Southend-on-Sea, E06000034 Thurrock," in out
    assert "Not imported: 1 row for 1 other indicator (93014 Some indicator, not on the site)" in out
    text = (site / "data" / "indicators.yaml").read_text(encoding="utf-8")
    assert '{period: "2010-2012", value: 6.1, lower: 5.1, upper: 7.2}' in text
    assert "Bedford" not in text and "3.9" not in text.split("id: infant-mortality")[1].split("- id:")[0]
    assert main(["validate", str(site)]) == 0


def test_a_new_series_goes_inside_its_indicators_block(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (site / "data" / "indicators.yaml").read_text(encoding="utf-8").splitlines()
    heading = next(n for n, line in enumerate(before) if line.strip().startswith("# --- Outcome 1"))
    assert "- id: infant-mortality" in "\n".join(before[:heading])  # the block just above the heading
    rows = [
        _export_row(INFANT_MORTALITY, ENGLAND, "2010 - 12", "4.3", "4.2/4.4"),
        _export_row(INFANT_MORTALITY, ENGLAND, "2011 - 13", "4.1", "4.0/4.2"),
    ]
    assert main(["import", str(_all_areas_export(tmp_path / "england.csv", rows)), str(site)]) == 0
    after = (site / "data" / "indicators.yaml").read_text(encoding="utf-8").splitlines()
    moved = next(n for n, line in enumerate(after) if line.strip().startswith("# --- Outcome 1"))
    assert before[heading - 1] == "" and after[moved - 1] == ""
    added = after[heading - 1 : moved - 1]
    # everything added sits above the heading, which keeps its blank line before it and heads the next indicator
    assert added[:3] == ["      - area: England", "        kind: actual", "        values:"]
    assert added[3].startswith('          - {period: "2010-2012", value: 4.3')
    assert added[4].startswith('          - {period: "2011-2013", value: 4.1')
    assert len(added) == 5
    assert after[moved + 1].strip() == "- id: children-in-poverty"
    assert after[: heading - 1] + after[moved - 1 :] == before  # nothing else changed
    assert main(["validate", str(site)]) == 0


@pytest.mark.parametrize(
    ("value", "ci", "message"),
    [
        ("9.9", "5.1/7.2", "the value 9.9 is outside its own 95% confidence interval (5.1 to 7.2)"),
        ("6.1", "7.2/5.1", "the lower limit 7.2 is above the upper limit 5.1"),
    ],
)
def test_a_value_outside_its_own_confidence_interval_is_a_bad_row(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, ci: str, message: str
) -> None:
    rows = [
        _export_row(INFANT_MORTALITY, ENGLAND, "2010 - 12", "4.3", "4.2/4.4"),
        _export_row(INFANT_MORTALITY, UNITARY_AUTHORITIES[0], "2010 - 12", value, ci),
    ]
    before = _files(site)
    assert main(["import", str(_all_areas_export(tmp_path / "shifted.csv", rows)), str(site)]) == 1
    err = capsys.readouterr().err
    assert f"shifted.csv:3: {message}" in err
    assert _files(site) == before


def _broken(tmp_path: Path, name: str, content: bytes) -> Path:
    """The Fingertips fixture's header and first row, then what a broken export holds."""
    lines = (FIXTURES / "fingertips.csv").read_bytes().splitlines(keepends=True)
    path = tmp_path / name
    path.write_bytes(lines[0] + lines[1] + content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("quote.csv", b'90366,"Life expectancy at birth\n', "quote.csv:3: a quote opened on this line is never closed"),
        ("huge.csv", b'90366,"' + b"x" * 140_000 + b'"\n', "huge.csv:3: the CSV cannot be read from here on"),
    ],
)
def test_a_broken_csv_gives_a_located_problem_and_writes_nothing(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    before = _files(site)
    assert main(["import", str(_broken(tmp_path, name, content)), str(site)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert _files(site) == before


def test_an_export_saved_as_utf16_imports_and_latin1_is_located(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes((FIXTURES / "fingertips.csv").read_text(encoding="utf-8").encode("utf-16"))
    assert main(["import", str(utf16), str(site)]) == 0
    latin1 = _broken(tmp_path, "latin1.csv", "90366,Esp\xe9rance\n".encode("latin-1"))
    assert main(["import", str(latin1), str(site)]) == 1
    assert "latin1.csv:3: the file is not UTF-8 text (byte 0xe9)" in capsys.readouterr().err


def test_a_short_row_of_the_sites_own_csv_is_a_located_problem(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = tmp_path / "short.csv"
    short.write_text(",".join(CSV_COLUMNS) + "\nlife-expectancy-birth,Life expectancy\n", encoding="utf-8")
    assert main(["import", str(short), str(site)]) == 1
    err = capsys.readouterr().err
    assert "short.csv:2: area '' is not used by any series" in err and "Traceback" not in err, err
