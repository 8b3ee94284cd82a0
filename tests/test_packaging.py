"""The tool's own metadata: every package the generator imports is declared, and the metadata is current."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    """The distribution a requirement names, normalised as PyPI does."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match[0]).lower()


def _imported_modules() -> set[str]:
    modules: set[str] = set()
    for path in (ROOT / "generator").rglob("*.py"):  # subpackages too (commands/, pages/)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"generator", "__future__"}


def test_every_package_the_generator_imports_is_declared() -> None:
    declared = {_name(requirement) for requirement in PYPROJECT["project"]["dependencies"]}
    providers = packages_distributions()
    # markdown extensions are named in the MkDocs config, not imported: pymdownx is one the config names itself
    missing = {
        module: providers.get(module)
        for module in _imported_modules() | {"pymdownx"}
        if not {_name(dist) for dist in providers.get(module, [module])} & declared
    }
    assert missing == {}


def test_the_license_is_an_spdx_string_and_ruff_has_an_upper_bound() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    ruff = next(r for r in PYPROJECT["project"]["optional-dependencies"]["test"] if _name(r) == "ruff")
    assert "<" in ruff


def _pins() -> dict[str, str]:
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    pins = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _sep, pinned = line.partition("==")
            assert pinned, f"constraints.txt: '{line}' is not an exact version"
            pins[_name(name)] = pinned.strip()
    return pins


def test_every_dependency_has_an_exact_version_that_pyproject_allows() -> None:
    from packaging.requirements import Requirement

    pins = _pins()
    requirements = [*PYPROJECT["project"]["dependencies"], *PYPROJECT["project"]["optional-dependencies"]["test"]]
    for text in requirements:
        requirement = Requirement(text)
        name = _name(requirement.name)
        assert name in pins, f"{name} has no exact version in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name], text)


def test_setup_and_the_workflow_install_with_the_constraints() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "-c constraints.txt" in setup and "constraints.txt | sha256sum" in setup
    assert "pip install --disable-pip-version-check -c constraints.txt -e ." in workflow


def test_pypi_metadata_and_what_the_package_ships_from_the_root() -> None:
    project = PYPROJECT["project"]
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(project["urls"])
    assert all(url.startswith("https://") for url in project["urls"].values())
    assert any(c.startswith("Development Status ::") for c in project["classifiers"])
    # with an SPDX license expression, a 'License ::' classifier is refused by setuptools
    assert not any(c.startswith("License ::") for c in project["classifiers"])
    # the release tools are test tools, never something a council's site installs
    assert not {"twine", "build"} & {_name(r) for r in project["dependencies"]}
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["package-dir"]["generator.shipped_files"] == "."
    shipped = setuptools["package-data"]["generator.shipped_files"]
    assert sorted(shipped) == ["DATA.md", "EDITING.md", "constraints.txt"]
    assert all((ROOT / name).is_file() for name in shipped)
    assert (ROOT / "CHANGELOG.md").is_file() and (ROOT / "RELEASING.md").is_file()


def test_the_tool_reads_the_same_pins_and_guides_installed_or_from_a_checkout() -> None:
    import generator
    from generator.shipped import pins, shipped_path

    package = Path(generator.__file__).resolve().parent
    for name in ("constraints.txt", "EDITING.md", "DATA.md"):
        # in a wheel, generator/shipped_files/; in this checkout (editable), the root itself
        assert shipped_path(name) in {package / "shipped_files" / name, ROOT / name}
        assert shipped_path(name).read_bytes() == (ROOT / name).read_bytes()
    assert pins() == _pins()
