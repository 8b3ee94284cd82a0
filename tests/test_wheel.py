"""The tool as a package, and a council's site as a repository of its own.

The wheel is built as the release workflow builds it (tests/dist_tools.py: the sdist from
a copy of only what the package is made of, then the wheel from the sdist, offline), and
installed (not editable) into a fresh environment. That environment borrows the
dependencies already installed here through a path file (their own path files, such as
the editable install of this checkout, are not run that way), and the tests check that
the tool they run is the installed one. tests/test_install_from_index.py installs the
same wheel by name from a package index, as a council's workflow does.
"""

from __future__ import annotations

import sysconfig
import venv
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from generator.shipped import pin_lines

from .conftest import ROOT
from .dist_tools import pip_env, run, run_release_build
from .html_text import visible_text

pytestmark = pytest.mark.slow


def _run(*argv: str | Path, cwd: Path, env: Mapping[str, str] | None = None) -> None:
    run(*argv, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the sdist and the wheel, built by the release workflow's own steps."""
    folder, _steps = run_release_build(tmp_path_factory.mktemp("release"), "v0.1.0")
    return folder


def _fresh_env(folder: Path) -> tuple[Path, Path]:
    """A new environment without the tool: (its folder, its site-packages)."""
    venv.create(folder, with_pip=False)
    paths = run(
        folder / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=folder
    )
    purelib = Path(paths.stdout.strip())
    # The dependencies, and pip itself, are borrowed (so `python -m pip` works as in the
    # workflow) through links to everything installed here except this tool itself.
    borrowed = folder / "borrowed"
    borrowed.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(("strategy_site", "__editable__", "generator")):
            (borrowed / entry.name).symlink_to(entry)
    (purelib / "borrowed-dependencies.pth").write_text(f"{borrowed}\n", encoding="utf-8")
    return folder, purelib


def _offline_pip(dist: Path) -> dict[str, str]:
    """pip's options as environment variables: the wheel, found locally, and the dependencies already there."""
    return pip_env(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(dist), PIP_NO_DEPS="1")


def test_the_installed_wheel_builds_a_new_site(dist: Path, tmp_path: Path) -> None:
    fresh, purelib = _fresh_env(tmp_path / "fresh")
    [wheel] = dist.glob("strategy_site-*.whl")
    python = fresh / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path, env=_offline_pip(dist))
    where = run(python, "-c", "import generator.render as r; print(r.__file__); print(r.TEMPLATES_DIR)", cwd=tmp_path)
    module, templates = where.stdout.split()
    assert module.startswith(str(purelib)) and templates == str(purelib / "generator" / "site_templates")

    tool = fresh / "bin" / "strategy-site"
    _run(tool, "new", "anytown", "--area", "Anytown", cwd=tmp_path)
    _run(tool, "validate", "--draft", "anytown", cwd=tmp_path)
    built = run(tool, "build", "--draft", "anytown", cwd=tmp_path)  # a new site's placeholders: a preview
    assert built.stdout.strip().splitlines()[-1].startswith("OK")
    title = yaml.safe_load((tmp_path / "anytown" / "data" / "strategy.yaml").read_text("utf-8"))["strategy"]["title"]
    home = visible_text((tmp_path / "anytown" / "site" / "index.html").read_text(encoding="utf-8"))
    assert title in home  # the new site's own strategy, named from its data (site_name too)
    # the site's CSS came from the package
    css = tmp_path / "anytown" / "site" / "assets" / "strategy-site.css"
    assert css.read_bytes() == (ROOT / "site_templates" / "assets" / "strategy-site.css").read_bytes()
    # and the files a council's repository gets from the package: the pins and the guides
    repo = tmp_path / "anytown"
    assert (repo / "DATA.md").read_bytes() == (ROOT / "DATA.md").read_bytes()
    assert pin_lines((repo / "constraints.txt").read_text(encoding="utf-8")) == pin_lines(
        (ROOT / "constraints.txt").read_text(encoding="utf-8")
    )
    assert "Keep the tool up to date" in (repo / "EDITING.md").read_text(encoding="utf-8")
