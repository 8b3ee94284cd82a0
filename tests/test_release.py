"""The release workflow's build job, run here: the sdist and the wheel it would upload, checked as PyPI will read them.

tests/dist_tools.py runs the job's own ``run:`` steps (the tag check, ``python -m build``
and ``twine check --strict``) on a copy of only what the package is made of, offline.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

from .dist_tools import ROOT, build_tools_wheels, copy_source, pip_env, release_steps, run, run_release_build


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    return run_release_build(tmp_path_factory.mktemp("release"), "v0.1.0")


def test_the_build_job_makes_an_sdist_and_a_wheel_that_pass_twine_check(released: tuple[Path, list[str]]) -> None:
    dist, ran = released
    assert ran == [
        "The tag names the version in pyproject.toml",
        "Build the sdist, and the wheel from it",
        "Check both as PyPI will read them",
    ]
    assert sorted(p.name for p in dist.iterdir()) == [
        "strategy_site-0.1.0-py3-none-any.whl",
        "strategy_site-0.1.0.tar.gz",
    ]


def test_the_wheel_carries_the_pins_the_guides_and_the_metadata_pypi_shows(released: tuple[Path, list[str]]) -> None:
    dist, _ran = released
    with zipfile.ZipFile(dist / "strategy_site-0.1.0-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        for name in ("constraints.txt", "EDITING.md", "DATA.md"):
            assert wheel.read(f"generator/shipped_files/{name}") == (ROOT / name).read_bytes()
        metadata = HeaderParser().parsestr(wheel.read("strategy_site-0.1.0.dist-info/METADATA").decode())
    assert "generator/commands/upgrade.py" in names and "generator/site_templates/assets/strategy-site.css" in names
    urls = dict(line.split(", ", 1) for line in metadata.get_all("Project-URL") or [])
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())
    classifiers = metadata.get_all("Classifier") or []
    assert "Programming Language :: Python :: 3.11" in classifiers and "Typing :: Typed" in classifiers
    assert metadata["License-Expression"] == "MIT" and metadata["Description-Content-Type"] == "text/markdown"
    with tarfile.open(dist / "strategy_site-0.1.0.tar.gz") as sdist:
        in_sdist = {Path(name).relative_to("strategy_site-0.1.0").as_posix() for name in sdist.getnames()[1:]}
    assert {"pyproject.toml", "README.md", "constraints.txt", "EDITING.md", "DATA.md"} <= in_sdist


def test_a_tag_that_is_not_the_version_stops_the_release(tmp_path: Path) -> None:
    source = copy_source(tmp_path / "checkout")
    step = next(s for s in release_steps("build") if s.get("name") == "The tag names the version in pyproject.toml")
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=source,
        env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "TAG": "v9.9.9"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "::error::The tag v9.9.9 does not match version 0.1.0 in pyproject.toml" in result.stdout


def test_twine_check_refuses_what_pypi_would_refuse(tmp_path: Path) -> None:
    """The check step can fail: a description PyPI cannot render is refused."""
    source = copy_source(tmp_path / "checkout")
    pyproject = source / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace('readme = "README.md"', 'readme = "README.rst"'), "utf-8"
    )
    (source / "README.rst").write_text("A title\n=====\n\n.. unknown-directive:: x\n", encoding="utf-8")
    dist = tmp_path / "dist"
    env = pip_env(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(build_tools_wheels(tmp_path / "backend")))
    run(sys.executable, "-m", "build", "--wheel", "--outdir", dist, cwd=source, env=env)
    check = run(sys.executable, "-m", "twine", "check", "--strict", *dist.iterdir(), cwd=source, ok=False)
    assert check.returncode == 1 and "FAILED" in check.stdout
