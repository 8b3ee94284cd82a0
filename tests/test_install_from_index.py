"""A council's workflow installs the tool by name from a package index, with the exact versions the tool ships.

The tool is built as the release workflow builds it (sdist, then the wheel from it).
A PEP 503 simple index on 127.0.0.1 then holds that wheel and a wheel of every
distribution it needs, each made from the files this test environment installed
(tests/dist_tools.py): the network is never used, and pip is given nothing else — no
find-links, no config file, no cache. A new site's repository, with its files exactly
as ``strategy-site new`` wrote them, runs its workflow's pull-request steps in a fresh
virtual environment: the unchanged install line (``pip install -r requirements.txt``,
which reads ``constraints.txt``) must find the tool on the index by its name, and the
versions the step prints must be the pins the package ships.
"""

from __future__ import annotations

import os
import re
import time
import venv
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.shipped import normalise, pins

from .dist_tools import (
    dependency_closure,
    pip_env,
    repack,
    run,
    run_release_build,
    serve,
    wheel_requirements,
    write_simple_index,
)
from .test_placeholders import fill_placeholders

pytestmark = pytest.mark.slow

# Distributions the tool's own requirements leave free to float (issue 29 saw these move when the
# tool was installed by name): small ones, so the newer releases served beside them cost little.
FLOATING = {"babel", "idna", "packaging", "platformdirs", "charset-normalizer", "watchdog", "pyyaml-env-tag"}


def _git(repo: Path, *args: str) -> str:
    return run("git", "-c", "user.email=e@example.org", "-c", "user.name=Editor", *args, cwd=repo).stdout


def _pull_request(repo: Path, tmp_path: Path) -> None:
    """The repository as published on main, with an 'origin', and one line of the strategy changed after it."""
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "a new site")
    run("git", "clone", "-q", "--bare", repo, tmp_path / "origin.git", cwd=tmp_path)
    _git(repo, "remote", "add", "origin", (tmp_path / "origin.git").as_uri())
    strategy = repo / "data" / "strategy.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8").replace("Anytown", "Anytown and district", 1), "utf-8")


def _expand(text: str, values: dict[str, str]) -> str:
    """A workflow expression as GitHub would fill it in for this run."""
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: values[m[1]], text)


def test_a_new_sites_workflow_installs_the_tool_by_name_from_an_index(
    tmp_path: Path, report_measured: Callable[[str], None]
) -> None:
    started = time.perf_counter()
    dist, _ran = run_release_build(tmp_path / "release", "v0.1.0")
    [tool_wheel] = dist.glob("strategy_site-*.whl")
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    needed = dependency_closure(wheel_requirements(tool_wheel))
    # Beside each, a newer release of the same files: only constraints.txt keeps pip on the pinned ones.
    newer = [repack(d, wheels, f"{d.version}.post1") for d in needed if normalise(d.metadata["Name"]) in FLOATING]
    assert len(newer) == len(FLOATING)
    index = write_simple_index(tmp_path / "index", [tool_wheel, *(repack(d, wheels) for d in needed), *newer])

    from generator.cli import main

    repo = tmp_path / "anytown"
    assert main(["new", str(repo), "--area", "Anytown"]) == 0
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8")
    version = tool_wheel.name.split("-")[1]
    # by name and version, never by a path or an address that only this machine has
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == [
        "-c constraints.txt",
        f"strategy-site=={version}",
    ]
    assert fill_placeholders(repo) > 0  # the council's own words, before the first publish
    _pull_request(repo, tmp_path)

    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=True)  # pip from Python's own bundled copy: nothing downloaded
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    summary = tmp_path / "summary.md"
    with serve(index) as (address, asked):
        env = pip_env(PIP_INDEX_URL=f"{address}/simple/")
        env.update(
            PATH=f"{fresh / 'bin'}{os.pathsep}{os.environ['PATH']}",
            VIRTUAL_ENV=str(fresh),
            GITHUB_ACTIONS="true",
            GITHUB_STEP_SUMMARY=str(summary),
        )
        values = {"github.base_ref": "main", "steps.pages.outputs.base_url": ""}
        outputs = {}
        for step in workflow["jobs"]["check"]["steps"]:
            if "run" not in step or step.get("if", "github.event_name == 'pull_request'") != (
                "github.event_name == 'pull_request'"
            ):
                continue
            step_env = {**env, **{k: _expand(str(v), values) for k, v in (step.get("env") or {}).items()}}
            # as GitHub runs a step: bash --noprofile --norc -eo pipefail
            result = run("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"], cwd=repo, env=step_env)
            outputs[step["name"]] = result.stdout

    assert list(outputs) == [
        "Start from an empty build folder",
        "Install strategy-site (the exact versions in constraints.txt)",
        "Check the data (problems appear on the changed lines)",
        "Build the site in strict mode",
        "Say what this change does to the site",
    ]
    # the tool came from the index, by its name
    assert "/simple/strategy-site/" in asked and f"/files/{tool_wheel.name}" in asked
    printed = outputs["Install strategy-site (the exact versions in constraints.txt)"]  # pip's log, then pip freeze
    installed = {normalise(m[1]): m[2] for m in re.finditer(r"^([A-Za-z0-9._-]+)==(\S+)$", printed, re.M)}
    shipped = pins()
    assert installed.pop("strategy-site") == version
    assert installed == {name: shipped[name] for name in installed}  # every version printed is the shipped pin
    assert set(installed) == {normalise(d.metadata["Name"]) for d in needed}
    assert (fresh / "bin" / "strategy-site").is_file() and (repo / "site" / "index.html").is_file()
    assert "## What this change does to the Anytown and district site (compared with origin/main)" in (
        summary.read_text(encoding="utf-8")
    )
    report_measured(
        f"install by name: {len(needed) + 1} wheels on a 127.0.0.1 index, the versions installed are the "
        f"{len(installed)} shipped pins it needs; release build, install and workflow steps in "
        f"{time.perf_counter() - started:.0f} s"
    )
