"""Shared fixtures: copies of real sites built once per test run, and read by every worker."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import print_edition
from generator.build import GenerateResult, build, generate

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


# Figures a test measures for the people reading the test output (the share of resident
# queries answered, reading ages), printed in their own section at the end of the run.
# They travel as a test's user properties, which pytest-xdist carries back from its
# workers, so the section appears whether the tests ran in one process or several.
MEASURED = "measured"
_measured_lines: list[str] = []


@pytest.fixture
def report_measured(record_property: Callable[[str, object], None]) -> Callable[[str], None]:
    """Call with a line of text to print it under "measured" at the end of the test run."""
    return lambda line: record_property(MEASURED, line)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _measured_lines.extend(str(value) for key, value in report.user_properties if key == MEASURED)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _measured_lines:
        terminalreporter.section("measured")
        for line in _measured_lines:
            terminalreporter.write_line(line)


# What the whole run shares: sites built once and charts drawn once, whichever worker
# process (pytest-xdist) asks first; the others wait for it and then read the same files.
# The folder is named by the run's id, which every worker of one run is given, and the
# process that started the run removes it at the end.
RUN_VARIABLE = "STRATEGY_SITE_TEST_RUN"


def pytest_configure(config: pytest.Config) -> None:
    # set in the run's own process before it starts its workers, which inherit it
    if not hasattr(config, "workerinput"):
        os.environ.setdefault(RUN_VARIABLE, uuid.uuid4().hex)


def _shared_root() -> Path:
    return Path(tempfile.gettempdir()) / f"strategy-site-tests-{os.environ[RUN_VARIABLE]}"


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the run's own process, once every worker is done
        shutil.rmtree(_shared_root(), ignore_errors=True)


def shared(name: str, make: Callable[[Path], object]) -> Path:
    """``name`` in the run's shared folder, made by ``make`` once: the first process makes it, the rest wait."""
    root = _shared_root()
    folder = root / name
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{name}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (root / f"{name}.ready").exists():
                shutil.rmtree(folder, ignore_errors=True)
                make(folder)
                (root / f"{name}.ready").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


# Charts drawn once per run for each source site, copied into every copy of it: a chart's
# file is named by the hash of everything it is drawn from, so a copy whose data changed
# simply draws the charts that changed.
def _chart_seed(source: Path) -> Path:
    source = source.resolve()
    name = "charts-" + hashlib.sha256(str(source).encode()).hexdigest()[:12]
    site = shared(name, lambda folder: generate(copy_site(source, folder, seed_charts=False)))
    return site / "build" / ".cache" / "charts"


def copy_site(source: Path, target: Path, *, seed_charts: bool = True, print_edition: bool = False) -> Path:
    """A site folder's inputs (not its build output) copied for a test to change freely.

    With ``seed_charts``, the copy starts with the charts already drawn this session, as
    a warm machine would; a test about drawing charts asks for a cold copy. Unless asked
    for ``print_edition``, the copy's ``mkdocs.yml`` turns the PDF off, as a council may: a
    test that runs ``strategy-site build`` as a command (where the autouse switch below does
    not reach) then spends no ten seconds laying out a PDF it does not read.
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in ("data", "content", "site_templates"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    if not print_edition:
        _turn_print_edition_off(target / "mkdocs.yml")
    if seed_charts and (seed := _chart_seed(source)).is_dir():
        shutil.copytree(seed, target / "build" / ".cache" / "charts")
    return target


def _turn_print_edition_off(config: Path) -> None:
    """``extra: {pdf: false}`` in a copy's ``mkdocs.yml``, under its own ``extra:`` when it has one."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.rstrip() == "extra:"), None)
    if at is None:
        lines.append("\nextra:\n  pdf: false\n")
    else:
        lines.insert(at + 1, "  pdf: false\n")
    config.write_text("".join(lines), encoding="utf-8")


MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def buildable_minimal_site(target: Path) -> Path:
    """A copy of the minimal valid site (tests/fixtures/minimal), with a mkdocs.yml so that it builds."""
    shutil.copytree(MINIMAL, target)
    (target / "mkdocs.yml").write_text("site_name: Testtown\ntheme:\n  name: material\n", encoding="utf-8")
    return target


def tree_hashes(folder: Path) -> dict[str, str]:
    """Each file under ``folder`` by its hash, to show a folder was left exactly as it was."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


INFANT_MORTALITY_2009_11 = '{period: "2009-2011", value: 7.2, source: five-year-strategy-2014}'


def change_one_value(site_dir: Path) -> None:
    """Change one figure in a copy of Luton's data: infant mortality 2009-2011, from 7.2 to 7.3."""
    indicators = site_dir / "data" / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    assert text.count(INFANT_MORTALITY_2009_11) == 1
    indicators.write_text(
        text.replace(INFANT_MORTALITY_2009_11, INFANT_MORTALITY_2009_11.replace("7.2", "7.3")), "utf-8"
    )


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as an editor would, with a name and email of its own; its output."""
    return subprocess.run(
        ["git", "-c", "user.email=editor@example.org", "-c", "user.name=Editor", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def merged_yaml(data_dir: Path) -> dict[str, Any]:
    """A data folder's sections, lists joined across files, as plain PyYAML reads them."""
    merged: dict[str, Any] = {}
    for path in sorted(data_dir.glob("*.yaml")):
        for key, value in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read the plain ``file:line: message`` lines wherever they run, GitHub Actions included."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)  # a failed check in a test writes no job summary


# The print edition (a PDF of the whole site) takes WeasyPrint some ten seconds over Luton, and the
# suite builds sixty copies of sites: a build in a test makes none, unless it is one of the shared
# sites below, built as they are published, PDF and all (tests/test_pdf.py reads their PDFs), or a
# test builds with ``build_published``.
_MAKES_PRINT_EDITION = print_edition.wanted


@pytest.fixture(autouse=True)
def _no_print_edition(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(print_edition, "wanted", lambda _site_dir: False)


def build_published(site_dir: Path, **options: Any) -> GenerateResult:
    """``build`` as ``strategy-site build`` runs it: with the print edition, unless the site turns it off."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(print_edition, "wanted", _MAKES_PRINT_EDITION)
        return build(site_dir, **options)


@pytest.fixture(scope="session")
def luton_site() -> Path:
    """Luton's site, built once from a copy of the repository root."""
    return shared("luton", lambda folder: build_published(copy_site(ROOT, folder, print_edition=True)))


PAGES_URL = "https://council.github.io/repo/"


@pytest.fixture(scope="session")
def luton_on_pages() -> Path:
    """Luton's site built for a GitHub Pages project site, published under ``/repo/``."""

    def make(folder: Path) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SITE_URL", PAGES_URL.rstrip("/"))  # as configure-pages gives it: no trailing slash
            build(copy_site(ROOT, folder))  # no PDF: tests/test_pdf.py makes a published one of a smaller site

    return shared("luton-pages", make)


@pytest.fixture(scope="session")
def luton_yaml() -> dict[str, Any]:
    """Luton's data read with plain PyYAML, independent of the generator's loader."""
    return merged_yaml(ROOT / "data")


def _built_example(name: str) -> Path:
    """A copy of ``examples/<name>`` built once for the run."""
    return shared(
        name, lambda folder: build_published(copy_site(ROOT / "examples" / name, folder, print_edition=True))
    )


@pytest.fixture(scope="session")
def leicestershire_site() -> Path:
    """The Leicestershire example, built once from a copy with the same code and templates."""
    return _built_example("leicestershire")


@pytest.fixture(scope="session")
def leicestershire_yaml() -> dict[str, Any]:
    return merged_yaml(ROOT / "examples" / "leicestershire" / "data")


@pytest.fixture(scope="session")
def northvale_site() -> Path:
    """The invented Northvale example: objectives, shifts, early wins and meetings, no figures."""
    return _built_example("northvale")


@pytest.fixture(scope="session")
def northvale_yaml() -> dict[str, Any]:
    return merged_yaml(ROOT / "examples" / "northvale" / "data")


@pytest.fixture(scope="session")
def eastbrook_site() -> Path:
    """The invented Eastbrook example: outcomes measured by figures over several years, with no targets."""
    return _built_example("eastbrook")


@pytest.fixture(scope="session")
def eastbrook_yaml() -> dict[str, Any]:
    return merged_yaml(ROOT / "examples" / "eastbrook" / "data")


@pytest.fixture(scope="session")
def southmere_site() -> Path:
    """The invented Southmere example: a proposal of priority outcomes, aims and interventions, no figures."""
    return _built_example("southmere")


@pytest.fixture(scope="session")
def southmere_yaml() -> dict[str, Any]:
    return merged_yaml(ROOT / "examples" / "southmere" / "data")


@pytest.fixture(scope="session")
def westfield_site() -> Path:
    """The invented Westfield example: strategic priorities beside unnumbered key areas of focus (declared lists)."""
    return _built_example("westfield")


@pytest.fixture(scope="session")
def westfield_yaml() -> dict[str, Any]:
    return merged_yaml(ROOT / "examples" / "westfield" / "data")
