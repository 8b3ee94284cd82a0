"""Public downloads carry public fields only, and their CSV cannot run as a spreadsheet formula.

`data.json` is read against the model's own marks (``editors_only``), not a list of
names, so a field marked once is checked here too. The sites are loaded and the
download functions called directly: no MkDocs, no charts.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator.commands.import_figures import import_figures
from generator.downloads import FORMULA_STARTS, csv_text, csv_text_read, download_files, public_json, tidy_csv
from generator.model import Site, is_editors_only
from generator.report import editors_report, to_markdown
from generator.validate import load_site

from .conftest import ROOT

LEICESTERSHIRE = ROOT / "examples" / "leicestershire"


def _load(site_dir: Path) -> Site:
    site, problems = load_site(site_dir)
    assert site is not None, problems.errors
    return site


@pytest.fixture(scope="module")
def luton() -> Site:
    return _load(ROOT)


@pytest.fixture(scope="module")
def leicestershire() -> Site:
    return _load(LEICESTERSHIRE)


def _data_copy(tmp_path: Path) -> Path:
    """Luton's data (only: loading needs nothing else) in a folder a test may change."""
    shutil.copytree(ROOT / "data", tmp_path / "site" / "data")
    return tmp_path / "site"


def _records(value: Any, data: Any) -> Iterator[tuple[BaseModel, Any]]:
    """The records in a field's value, each with what the JSON holds at its place."""
    if isinstance(value, BaseModel):
        yield value, data
    elif isinstance(value, (list, tuple)):
        assert isinstance(data, list) and len(data) == len(value)
        for item, item_data in zip(value, data, strict=True):
            yield from _records(item, item_data)


def _editors_only_values(record: BaseModel, data: dict[str, Any], path: str) -> Iterator[tuple[str, Any]]:
    """Walk the model and its JSON side by side: every marked field is absent, every other one present.

    Yields each editors-only field's place and value, so a test can see there was something to leave out.
    """
    assert isinstance(data, dict), path
    for name, field in type(record).model_fields.items():
        place = f"{path}.{name}"
        value = getattr(record, name)
        if is_editors_only(field):
            assert name not in data, f"{place} is for editors only but is in data.json"
            yield place, value
            continue
        assert name in data, f"{place} is public but missing from data.json"
        for child, child_data in _records(value, data[name]):
            yield from _editors_only_values(child, child_data, place)


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("luton", {"open_questions", "editor_note", "note", "as_written"}),
        ("leicestershire", {"open_questions", "as_written", "board_as_written"}),
    ],
)
def test_data_json_holds_no_field_the_model_marks_for_editors(
    name: str, kinds: set[str], request: pytest.FixtureRequest
) -> None:
    site: Site = request.getfixturevalue(name)
    data = json.loads(download_files(site)["downloads/data.json"])
    filled = [(place, value) for place, value in _editors_only_values(site, data, "site") if value]
    # the sites really hold editors' notes of these kinds, so a download that kept them would fail above
    assert kinds <= {place.rsplit(".", 1)[-1] for place, _ in filled}
    assert len(filled) >= 20, filled
    # the whole model would have carried them: the marks are what leaves them out
    assert len(public_json(site)) < len(site.model_dump_json(indent=1)) - 5_000


def test_a_note_written_for_editors_is_in_their_report_and_nowhere_in_data_json(tmp_path: Path) -> None:
    site_dir = _data_copy(tmp_path)
    canaries = {
        "documents.yaml": (
            'editor_note: Cited as "Luton\'s Sustainable Community Strategy (2008)".',
            "editor_note: CANARY-DOCUMENT-NOTE-7f3a",
        ),
        "open_questions.yaml": (
            "question: The strategy says the twenty six health",
            "question: CANARY-OPEN-QUESTION-7f3a. The strategy says the twenty six health",
        ),
        "plan-bcf.yaml": (
            'editor_note: The document heads this part "[examples - to be completed for final version]".',
            "editor_note: CANARY-SECTION-NOTE-7f3a",
        ),
    }
    for file, (old, new) in canaries.items():
        path = site_dir / "data" / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (file, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    site = _load(site_dir)
    report = to_markdown(editors_report(site))
    files = download_files(site)
    for canary in ("CANARY-DOCUMENT-NOTE-7f3a", "CANARY-OPEN-QUESTION-7f3a", "CANARY-SECTION-NOTE-7f3a"):
        assert canary in report  # the value was read into the model
        assert canary.encode() in site.model_dump_json().encode()  # and the whole model would have leaked it
        for name, content in files.items():
            assert canary.encode() not in content, f"{canary} is in {name}"
    assert b"CANARY" not in files["downloads/data.json"]


FORMULA_INDICATOR = """
indicators:
  - id: formula-cells
    name: "=HYPERLINK(\\"https://evil.example\\", \\"Click\\")"
    unit: "+per 1,000"
    series:
      - area: "=Town"
        breakdown: "@home"
        kind: actual
        values:
          - {period: "2012", value: -1.5, reported: "-2013"}
      - area: "+Ville"
        breakdown: "-male"
        kind: actual
        values:
          - {period: "2012", value: 2.25}
          - {period: "2013", value: -0.5}
"""


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode(), newline="")))


def test_csv_cells_that_would_start_a_formula_are_neutralised_and_numbers_are_not(tmp_path: Path) -> None:
    site_dir = _data_copy(tmp_path)
    (site_dir / "data" / "formula-cells.yaml").write_text(FORMULA_INDICATOR, encoding="utf-8")
    site = _load(site_dir)
    rows = [row for row in _rows(tidy_csv(site)) if row["indicator"] == "formula-cells"]
    assert [(row["area"], row["breakdown"], row["value"]) for row in rows] == [
        ("'=Town", "'@home", "-1.5"),
        ("'+Ville", "'-male", "2.25"),
        ("'+Ville", "'-male", "-0.5"),
    ]
    assert {row["indicator_name"] for row in rows} == {'\'=HYPERLINK("https://evil.example", "Click")'}
    assert {row["unit"] for row in rows} == {"'+per 1,000"}
    assert rows[0]["reported"] == "'-2013"
    # the YAML strips leading blanks, so tab and carriage return are checked on a record changed in memory
    indicator = site.indicator("formula-cells")
    odd = indicator.model_copy(update={"name": "\tTab=1+1", "unit": "\rCR"})
    rows = _rows(tidy_csv(site.model_copy(update={"indicators": [odd]})))
    assert [(row["indicator_name"], row["unit"], row["value"]) for row in rows] == [
        ("'\tTab=1+1", "'\rCR", "-1.5"),
        ("'\tTab=1+1", "'\rCR", "2.25"),
        ("'\tTab=1+1", "'\rCR", "-0.5"),
    ]
    # a carriage return inside a cell is quoted, so it cannot end the row and start a cell of its own
    inside = indicator.model_copy(update={"name": "Rate\r=1+1", "unit": "x\r@SUM(A1)"})
    rows = _rows(tidy_csv(site.model_copy(update={"indicators": [inside]})))
    assert [(row["indicator_name"], row["unit"], row["area"]) for row in rows] == [
        ("Rate\r=1+1", "x\r@SUM(A1)", "'=Town"),
        ("Rate\r=1+1", "x\r@SUM(A1)", "'+Ville"),
        ("Rate\r=1+1", "x\r@SUM(A1)", "'+Ville"),
    ]
    # every other cell of the real data is left as it was
    luton = _rows(tidy_csv(_load(ROOT)))
    assert luton and all(not cell.startswith("'") for row in luton for cell in row.values())


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_each_formula_start_is_neutralised_and_read_back(start: str) -> None:
    for text in (f"{start}1+1", start, f"'{start}x", f"''{start}x"):
        cell = csv_text(text)
        assert cell == "'" + text
        assert csv_text_read(cell) == text
    for text in ("plain", "1-2", "'quoted", "a=b", ""):
        assert csv_text(text) == text
        assert csv_text_read(text) == text


def test_the_import_reads_neutralised_cells_back_as_written(tmp_path: Path) -> None:
    site_dir = _data_copy(tmp_path)
    (site_dir / "data" / "formula-cells.yaml").write_text(FORMULA_INDICATOR, encoding="utf-8")
    site = _load(site_dir)
    download = tmp_path / "data.csv"
    download.write_bytes(tidy_csv(site))
    assert b"'=Town" in download.read_bytes()
    before = {path.name: path.read_bytes() for path in (site_dir / "data").glob("*.yaml")}
    report = import_figures(site_dir, download, site)
    assert report.problems == []
    assert (report.added, report.updated) == (0, 0)
    actual_values = sum(len(s.values) for i in site.indicators for s in i.series if s.kind == "actual")
    assert report.unchanged == actual_values  # every row matched its series, "=Town" and "+Ville" included
    assert {path.name: path.read_bytes() for path in (site_dir / "data").glob("*.yaml")} == before

    # a new figure for a neutralised area and breakdown goes into that series, as a number
    with download.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["formula-cells", "", "'=Town", "'@home", "actual", "2014", "-3.25", "", "", ""]
        )
    report = import_figures(site_dir, download, site)
    assert report.problems == [] and report.added == 1
    added = _load(site_dir).indicator("formula-cells").series[0]
    assert (added.area, added.breakdown) == ("=Town", "@home")
    assert [(v.period, v.value) for v in added.values] == [("2012", -1.5), ("2014", -3.25)]
