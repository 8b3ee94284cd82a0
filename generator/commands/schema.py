"""JSON Schemas of the data files, generated from the pydantic models.

Editors with the YAML language server (VS Code, GitHub Codespaces and others) read the
``# yaml-language-server: $schema=…`` line at the top of each data file and then offer
completion, hover help (the field descriptions in ``model``) and inline errors while
typing, before `strategy-site validate` is ever run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, create_model

from ..model import SECTIONS, SINGLE_SECTIONS

SCHEMA_DIR = "schemas"
DATA_SCHEMA = "data.schema.json"


def _file_model(sections: dict[str, type]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for name, model in sections.items():
        annotation = model if name in SINGLE_SECTIONS else list[model]  # type: ignore[valid-type]
        fields[name] = (annotation | None, None)
    data_file: type[BaseModel] = create_model("DataFile", __config__={"extra": "forbid"}, **fields)
    return data_file


def _schema(sections: dict[str, type], title: str, description: str) -> dict[str, Any]:
    schema = _file_model(sections).model_json_schema(mode="validation")
    schema["title"] = title
    schema["description"] = description
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schemas() -> dict[str, str]:
    """Every schema file's name and text: one for any data file, one per section."""
    files = {
        DATA_SCHEMA: _schema(
            SECTIONS,
            "A strategy data file",
            "Any file in data/: it may hold any of these sections; lists of the same section in different files "
            "are joined.",
        )
    }
    for name, model in SECTIONS.items():
        files[f"{name}.schema.json"] = _schema(
            {name: model}, f"A data file holding '{name}'", f"A file in data/ that holds only the '{name}' section."
        )
    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in files.items()}


def schema_line(data_file: Path, schema_dir: Path) -> str:
    """The first line that points an editor's YAML tools at the schema."""
    relative = Path(*([".."] * len(data_file.parent.resolve().relative_to(schema_dir.parent.resolve()).parts)))
    return f"# yaml-language-server: $schema={(relative / schema_dir.name / DATA_SCHEMA).as_posix()}"


def write_schemas(target: Path) -> list[str]:
    """Write the schema files into ``target``; return the names of those whose text changed."""
    target.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schemas().items():
        path = target / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def ensure_schema_lines(site_dir: Path, schema_dir: Path) -> list[Path]:
    """Make every data file of a site start with the schema line; return the files changed."""
    changed = []
    for path in sorted((site_dir / "data").glob("*.yaml")):
        line = schema_line(path, schema_dir)
        text = path.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        if first == line:
            continue
        body = rest if first.startswith("# yaml-language-server:") else text
        path.write_text(line + "\n" + body, encoding="utf-8")
        changed.append(path)
    return changed
