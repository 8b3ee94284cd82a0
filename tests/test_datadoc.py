"""DATA.md's field tables agree with the model: every field, and whether it is required."""

from __future__ import annotations

import re
from pathlib import Path

from generator import datadoc
from generator.model import SECTIONS, Document, Strategy

from .conftest import ROOT

GUIDE = (ROOT / "DATA.md").read_text(encoding="utf-8")


def _row(model: type, field: str) -> str:
    section = GUIDE.split(f"### `{model.__name__}` fields", 1)[1].split("\n### ", 1)[0]
    match = re.search(rf"^\| `{field}` \|.*$", section, re.M)
    assert match, f"{model.__name__}.{field} is not in DATA.md"
    return match[0]


def test_data_md_field_tables_are_the_models() -> None:
    assert datadoc.current(GUIDE) == datadoc.tables(), "run: python -m generator.datadoc --write"


def test_every_field_of_every_section_says_whether_it_is_required() -> None:
    for model in SECTIONS.values():
        for name, field in model.model_fields.items():
            row = _row(model, name)
            assert ("**required**" in row) == field.is_required(), row
            assert ("| optional |" in row) == (not field.is_required()), row
    assert "**required**" in _row(Strategy, "title") and "| optional |" in _row(Document, "link")


def test_a_stale_table_is_found_and_rewritten(tmp_path: Path) -> None:
    stale = GUIDE.replace(_row(Document, "link"), "| `link` | **required** | text | |")
    path = tmp_path / "DATA.md"
    path.write_text(stale, encoding="utf-8")
    assert datadoc.main(["--file", str(path)]) == 1
    assert datadoc.main(["--file", str(path), "--write"]) == 0
    assert path.read_text(encoding="utf-8") == GUIDE
    assert datadoc.main(["--file", str(path)]) == 0


def test_areas_and_fingertips_id_are_described() -> None:
    assert "## `areas`" in GUIDE
    prose = GUIDE.split(datadoc.START, 1)[0]
    assert "fingertips_id" in prose and "code:" in prose.split("## `areas`", 1)[1]
