"""The JSON Schemas editors' YAML tools use: current, accepting real data, rejecting typos."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.commands.schema import DATA_SCHEMA, schemas

from .conftest import ROOT

SCHEMAS = ROOT / "schemas"
SITES = [ROOT, ROOT / "examples" / "leicestershire"]


def _as_json(path: Path) -> object:
    """A data file as an editor's YAML tool sees it: dates and numbers as YAML reads them, then JSON."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_committed_schemas_are_up_to_date() -> None:
    expected = schemas()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json")}
    assert on_disk == expected, "schemas/ is out of date: run 'strategy-site schema . examples/leicestershire'"


@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_every_data_file_names_the_schema_and_passes_it(site: Path) -> None:
    validator = jsonschema.Draft202012Validator(json.loads((SCHEMAS / DATA_SCHEMA).read_text(encoding="utf-8")))
    for path in sorted((site / "data").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(DATA_SCHEMA), path
        assert (path.parent / first.split("=", 1)[1]).resolve() == (SCHEMAS / DATA_SCHEMA).resolve()
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(_as_json(path))]
        assert errors == [], path


def test_schema_rejects_a_mistyped_field_name() -> None:
    validator = jsonschema.Draft202012Validator(json.loads((SCHEMAS / DATA_SCHEMA).read_text(encoding="utf-8")))
    document = _as_json(ROOT / "data" / "boards.yaml")
    document["boards"][0]["nmae"] = document["boards"][0].pop("name")  # type: ignore[index]

    def messages(errors: list[jsonschema.ValidationError]) -> list[str]:
        return [m for e in errors for m in [e.message, *messages(list(e.context or []))]]

    found = messages(list(validator.iter_errors(document)))
    assert "Additional properties are not allowed ('nmae' was unexpected)" in found
    assert "'name' is a required property" in found


def test_field_descriptions_reach_the_schema_as_help_text() -> None:
    schema = json.loads((SCHEMAS / DATA_SCHEMA).read_text(encoding="utf-8"))
    indicator = schema["$defs"]["Indicator"]["properties"]
    assert "Which direction is better" in indicator["polarity"]["description"]
