"""The tool as a package: a wheel installed (not editable) into a fresh environment builds a new site.

The wheel is built from a copy of only what the package is made of, so nothing can be
read from this checkout by accident. The fresh environment borrows the already
installed dependencies through a path file (their own path files, such as the editable
install of this checkout, are not run that way), and the test checks that the tool it
runs is the installed one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from .conftest import ROOT


def _run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_installed_wheel_builds_a_new_site(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("generator", "site_templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path / "dist", source, cwd=tmp_path)
    [wheel] = (tmp_path / "dist").glob("strategy_site-*.whl")

    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    purelib = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    )
    (purelib / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel, cwd=tmp_path)
    where = _run(python, "-c", "import generator.render as r; print(r.__file__); print(r.TEMPLATES_DIR)", cwd=tmp_path)
    module, templates = where.stdout.split()
    assert module.startswith(str(purelib)) and templates == str(purelib / "generator" / "site_templates")

    work = tmp_path / "work"
    work.mkdir()
    tool = fresh / "bin" / "strategy-site"
    _run(tool, "new", "anytown", "--area", "Anytown", cwd=work)
    _run(tool, "validate", "anytown", cwd=work)
    built = _run(tool, "build", "anytown", cwd=work)
    assert built.stdout.strip().splitlines()[-1].startswith("OK")
    home = (work / "anytown" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Anytown" in home
    # the site's CSS and the theme overrides came from the package
    css = work / "anytown" / "site" / "assets" / "strategy-site.css"
    assert css.read_bytes() == (ROOT / "site_templates" / "assets" / "strategy-site.css").read_bytes()
