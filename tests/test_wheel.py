"""The tool as a package, and a council's site as a repository of its own.

A wheel is built from a copy of only what the package is made of, so nothing can be
read from this checkout by accident, and installed (not editable) into a fresh
environment. That environment borrows the dependencies already installed here through
a path file (their own path files, such as the editable install of this checkout, are
not run that way), and the tests check that the tool they run is the installed one.
Then ``strategy-site new`` writes a repository, and the steps of the workflow it wrote
run here as GitHub would run them on a pull request.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .test_placeholders import fill_placeholders
from .test_workflows import _actionlint, _schema_check

pytestmark = pytest.mark.slow


def _run(*argv: str | Path, cwd: Path, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(a) for a in argv]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, f"{argv}\n{result.stdout}{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the wheel, built from a copy of only what the package is made of."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("generator", "site_templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path / "dist", source, cwd=tmp_path)
    return tmp_path / "dist"


def _fresh_env(folder: Path) -> tuple[Path, Path]:
    """A new environment without the tool: (its folder, its site-packages)."""
    venv.create(folder, with_pip=False)
    paths = _run(
        folder / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=folder
    )
    purelib = Path(paths.stdout.strip())
    # The dependencies, and pip itself, are borrowed (so `python -m pip` works as in the
    # workflow) through links to everything installed here except this tool itself.
    borrowed = folder / "borrowed"
    borrowed.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(("strategy_site", "__editable__")):
            (borrowed / entry.name).symlink_to(entry)
    (purelib / "borrowed-dependencies.pth").write_text(f"{borrowed}\n", encoding="utf-8")
    return folder, purelib


def _offline_pip(dist: Path) -> dict[str, str]:
    """pip's options as environment variables: the wheel, found locally, and the dependencies already there."""
    return {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(dist), "PIP_NO_DEPS": "1"}


def test_the_installed_wheel_builds_a_new_site(dist: Path, tmp_path: Path) -> None:
    fresh, purelib = _fresh_env(tmp_path / "fresh")
    [wheel] = dist.glob("strategy_site-*.whl")
    python = fresh / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path, env=_offline_pip(dist))
    where = _run(python, "-c", "import generator.render as r; print(r.__file__); print(r.TEMPLATES_DIR)", cwd=tmp_path)
    module, templates = where.stdout.split()
    assert module.startswith(str(purelib)) and templates == str(purelib / "generator" / "site_templates")

    tool = fresh / "bin" / "strategy-site"
    _run(tool, "new", "anytown", "--area", "Anytown", cwd=tmp_path)
    _run(tool, "validate", "anytown", cwd=tmp_path)
    built = _run(tool, "build", "--draft", "anytown", cwd=tmp_path)  # a new site's placeholders: a preview
    assert built.stdout.strip().splitlines()[-1].startswith("OK")
    assert "Anytown" in (tmp_path / "anytown" / "site" / "index.html").read_text(encoding="utf-8")
    # the site's CSS came from the package
    css = tmp_path / "anytown" / "site" / "assets" / "strategy-site.css"
    assert css.read_bytes() == (ROOT / "site_templates" / "assets" / "strategy-site.css").read_bytes()


def _git(repo: Path, *args: str) -> str:
    return _run("git", "-c", "user.email=e@example.org", "-c", "user.name=Editor", *args, cwd=repo).stdout


def _expand(text: str, values: Mapping[str, str]) -> str:
    """A workflow expression as GitHub would fill it in for this run."""
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: values[m[1]], text)


def test_a_new_sites_workflow_runs_its_pull_request_steps_here(dist: Path, tmp_path: Path) -> None:
    fresh, purelib = _fresh_env(tmp_path / "fresh")
    from generator.cli import main

    assert main(["new", str(tmp_path / "anytown"), "--area", "Anytown"]) == 0
    repo = tmp_path / "anytown"
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^strategy-site==\d+\.\d+\.\d+$", requirements, re.M)
    assert "Merge pull request" in (repo / "README.md").read_text(encoding="utf-8")
    assert fill_placeholders(repo) > 0  # the council's own words, before the first publish
    # the repository as published, on main, with the 'origin' a pull request is compared with
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "a new site")
    _run("git", "clone", "-q", "--bare", repo, tmp_path / "origin.git", cwd=tmp_path)
    _git(repo, "remote", "add", "origin", (tmp_path / "origin.git").as_uri())
    # the pull request: one line of the strategy changed
    strategy = repo / "data" / "strategy.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8").replace("Anytown", "Anytown and district", 1), "utf-8")

    workflow = yaml.safe_load((repo / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    summary = tmp_path / "summary.md"
    values = {"github.base_ref": "main", "steps.pages.outputs.base_url": ""}
    base_env = {
        **_offline_pip(dist),
        "PATH": f"{fresh / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    ran = []
    for step in workflow["jobs"]["check"]["steps"]:
        if "run" not in step or step.get("if", "github.event_name == 'pull_request'") != (
            "github.event_name == 'pull_request'"
        ):
            continue
        env = {**base_env, **{k: _expand(str(v), values) for k, v in (step.get("env") or {}).items()}}
        # as GitHub runs a step: bash --noprofile --norc -eo pipefail
        _run("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"], cwd=repo, env=env)
        ran.append(step["name"])
    assert ran == [
        "Start from an empty build folder",
        "Install strategy-site",
        "Check the data (problems appear on the changed lines)",
        "Build the site in strict mode",
        "Say what this change does to the site",
    ]
    assert (purelib / "generator" / "render.py").is_file()  # installed by the workflow's own step
    assert (repo / "site" / "index.html").is_file()
    assert "## What this change does to the Anytown and district site (compared with origin/main)" in (
        summary.read_text(encoding="utf-8")
    )


def test_a_new_sites_workflow_passes_the_workflow_checks(tmp_path: Path) -> None:
    from generator.cli import main

    assert main(["new", str(tmp_path / "anytown"), "--area", "Anytown"]) == 0
    workflow = tmp_path / "anytown" / ".github" / "workflows" / "publish.yml"
    result = _schema_check(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _actionlint(workflow) == []
