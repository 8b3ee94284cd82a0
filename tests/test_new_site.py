"""What ``strategy-site new`` writes into a council's repository, and ``strategy-site upgrade``.

The repository is the council's own: a README that opens with the first run, the editors'
guide about its own workflow only, the tool's line with the exact versions it was tested
with, Dependabot, and a count of files that is the number written.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.cli import build_parser, main
from generator.commands.repository import DISTRIBUTION, tool_version
from generator.shipped import pins

from .dist_tools import ROOT, pip_env, run
from .test_placeholders import fill_placeholders

BIN = Path(sys.executable).parent


def _new(tmp_path: Path, *options: str, name: str = "anytown") -> Path:
    site = tmp_path / name
    assert main(["new", str(site), "--area", "Anytown", "--organisation", "Anytown Borough Council", *options]) == 0
    return site


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def test_the_count_new_prints_is_the_files_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _new(tmp_path)
    said = re.search(r"Created a new site for Anytown in .* \((\d+) files\)\.", capsys.readouterr().out)
    assert said and int(said[1]) == len(_files(site))
    assert {
        ".github/workflows/publish.yml",
        ".github/dependabot.yml",
        ".gitignore",
        "README.md",
        "EDITING.md",
        "DATA.md",
        "requirements.txt",
        "constraints.txt",
        "mkdocs.yml",
        "data/strategy.yaml",
        "schemas/data.schema.json",
    } <= _files(site)


def test_the_tools_virtual_environment_is_not_committed(tmp_path: Path) -> None:
    site = _new(tmp_path)
    run("git", "init", "-q", cwd=site)
    (site / ".venv" / "bin").mkdir(parents=True)
    (site / ".venv" / "bin" / "python").write_text("", encoding="utf-8")
    ignored = run("git", "check-ignore", ".venv/bin/python", "site/index.html", "build/docs/index.md", cwd=site)
    assert ignored.stdout.split() == [".venv/bin/python", "site/index.html", "build/docs/index.md"]
    assert run("git", "check-ignore", "data/strategy.yaml", cwd=site, ok=False).returncode == 1


def test_the_readme_opens_with_the_first_run(tmp_path: Path) -> None:
    readme = (_new(tmp_path) / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", readme, re.M)[0] == "First run"
    first_run = readme.split("## First run", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^(\d)\. \*\*(.+?)\*\*", first_run, re.M)
    assert [number for number, _ in steps] == ["1", "2", "3", "4", "5"]
    assert [title for _, title in steps] == [
        "Replace the placeholders.",
        "Push",
        "Turn on Pages",
        "See the site.",
        "If the first run failed",
    ]
    assert "git push -u origin main" in first_run
    assert "Settings › Pages › Build and deployment ›\n   Source: GitHub Actions" in first_run
    assert "private repository needs a paid plan" in first_run
    assert "Re-run all jobs" in first_run and "Run\n     workflow" in first_run
    assert "github.io/YOUR-REPOSITORY/" in first_run
    # the step names the checklist points at are the workflow's own
    workflow = (tmp_path / "anytown" / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    for step in ("Find the Pages address", "Check the data", "Build the site in strict mode"):
        assert f"**{step}**" in first_run.replace("\n     ", " ") and f"name: {step}" in workflow


def test_the_editors_guide_is_about_the_councils_own_repository(tmp_path: Path) -> None:
    site = _new(tmp_path)
    guide = (site / "EDITING.md").read_text(encoding="utf-8")
    ours = (ROOT / "EDITING.md").read_text(encoding="utf-8")
    assert "**test** job" in ours and "scripts/build-site.sh" in ours  # what this repository's guide says of itself
    for only_here in ("**test** job", "test suite", "scripts/", "this project", "this repository only", "<!-- end"):
        assert only_here not in guide, only_here
    workflow = (site / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "\n  check:\n" in workflow and "\n  test:\n" not in workflow and "**check** job" in guide
    assert "## Keep the tool up to date" in guide and "strategy-site upgrade" in guide
    assert "constraints.txt" in guide and (site / "DATA.md").is_file()  # the guide's references are there
    # every command the guide names is one the tool has
    subcommands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    commands = set(subcommands.choices)
    named = set(re.findall(r"(?:`|\.venv/bin/)strategy-site (\w+)", guide))
    assert named and named <= commands


@pytest.mark.parametrize("command", ["validate", "build", "report"])
def test_the_councils_guide_commands_work_in_its_folder(command: str, tmp_path: Path) -> None:
    site = _new(tmp_path)
    guide = (site / "EDITING.md").read_text(encoding="utf-8")
    [line] = [
        line.strip()
        for body in re.findall(r"```bash\n(.*?)```", guide, re.S)
        for line in body.splitlines()
        if line.strip() == f".venv/bin/strategy-site {command}"
    ]
    fill_placeholders(site)
    result = subprocess.run(
        line.replace(".venv/bin/", f"{BIN}/").split(), cwd=site, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("OK")


def test_the_tool_is_named_with_its_pins(tmp_path: Path) -> None:
    site = _new(tmp_path)
    assert _lines(site / "requirements.txt") == ["-c constraints.txt", f"{DISTRIBUTION}=={tool_version()}"]
    written = dict(line.split("==", 1) for line in _lines(site / "constraints.txt"))
    assert {re.sub(r"[-_.]+", "-", name).lower(): v for name, v in written.items()} == pins()
    assert pins()["mkdocs"] == "1.6.1" and len(pins()) > 40  # the shipped set is the repository's constraints.txt


def _wheel(folder: Path, version: str = "0.1.0") -> Path:
    """A wheel pip can install: enough to show the requirement line resolves to it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"strategy_site-{version}-py3-none-any.whl"
    info = f"strategy_site-{version}.dist-info"
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: strategy-site\nVersion: {version}\n")
        wheel.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        wheel.writestr(f"{info}/RECORD", "")
    return path


@pytest.mark.parametrize(
    ("given", "line"),
    [
        ("0.2.0", "strategy-site==0.2.0"),
        (
            "git+https://github.com/anytown/strategy-site@0123456789abcdef0123456789abcdef01234567",
            "strategy-site @ git+https://github.com/anytown/strategy-site@0123456789abcdef0123456789abcdef01234567",
        ),
        (
            "https://example.org/dist/strategy_site-0.2.0-py3-none-any.whl",
            "strategy-site @ https://example.org/dist/strategy_site-0.2.0-py3-none-any.whl",
        ),
    ],
)
def test_tool_from_a_version_a_commit_or_a_wheels_address(given: str, line: str, tmp_path: Path) -> None:
    site = _new(tmp_path, "--tool-from", given)
    assert _lines(site / "requirements.txt") == ["-c constraints.txt", line]
    from packaging.requirements import Requirement

    assert Requirement(line).name == DISTRIBUTION  # a line pip reads as the tool


def test_tool_from_a_wheel_file_copies_it_into_the_repository(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "elsewhere")
    site = _new(tmp_path, "--tool-from", str(wheel))
    assert _lines(site / "requirements.txt") == ["-c constraints.txt", "./wheels/strategy_site-0.1.0-py3-none-any.whl"]
    assert (site / "wheels" / wheel.name).read_bytes() == wheel.read_bytes()
    wheel.unlink()  # the repository needs nothing outside itself: the line resolves to its own copy
    resolved = run(
        sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps",
        "-r", "requirements.txt", cwd=site, env=pip_env(PIP_NO_INDEX="1"),
    )  # fmt: skip
    assert "Would install strategy-site-0.1.0" in resolved.stdout


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("git+https://github.com/anytown/strategy-site@main", "a full commit id (40 characters"),
        ("git+ssh://git@github.com/anytown/strategy-site@0123456789abcdef0123456789abcdef01234567", "git+https://"),
        ("http://example.org/strategy_site-0.2.0-py3-none-any.whl", "https://"),
        ("https://example.org/other-1.0-py3-none-any.whl", "strategy_site-….whl"),
        ("missing/strategy_site-0.2.0-py3-none-any.whl", "there is no such file"),
        ("latest", "is not a version (like 0.2.0)"),
    ],
)
def test_tool_from_refuses_what_would_not_give_the_same_build_everywhere(
    given: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["new", str(tmp_path / "anytown"), "--area", "Anytown", "--tool-from", given])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "anytown").exists()


def _old_site(tmp_path: Path, requirements: str, constraints: str | None) -> Path:
    site = tmp_path / "old"
    site.mkdir()
    (site / "requirements.txt").write_text(requirements, encoding="utf-8")
    if constraints is not None:
        (site / "constraints.txt").write_text(constraints, encoding="utf-8")
    return site


def test_upgrade_moves_the_tool_and_its_pins_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = pins()
    old_pins = {**shipped, "babel": "2.17.0", "gone-package": "1.0"}
    del old_pins["mkdocs"]
    site = _old_site(
        tmp_path,
        "# our notes\n-c constraints.txt\nstrategy-site==0.0.9\nextra-thing==1.0\n",
        "".join(f"{name}=={version}\n" for name, version in old_pins.items()),
    )
    assert main(["upgrade", str(site)]) == 0
    out = capsys.readouterr().out
    assert _lines(site / "requirements.txt") == [
        "-c constraints.txt",
        f"strategy-site=={tool_version()}",
        "extra-thing==1.0",
    ]
    assert (site / "requirements.txt").read_text(encoding="utf-8").startswith("# our notes\n")  # the rest is kept
    assert pins((site / "constraints.txt").read_text(encoding="utf-8")) == shipped
    assert f"the tool: strategy-site==0.0.9 → strategy-site=={tool_version()}" in out
    assert f"babel 2.17.0 → {shipped['babel']}" in out
    assert "newly pinned: mkdocs" in out and "no longer pinned: gone-package" in out
    assert "pip install -r" in out and "strategy-site diff origin/main" in out and "pull request" in out

    assert main(["upgrade", str(site)]) == 0  # a second time: nothing left to move
    assert "nothing to change" in capsys.readouterr().out


def test_upgrade_adds_the_pins_to_a_site_made_before_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _old_site(tmp_path, "# The tool that builds this site, pinned.\nstrategy-site==0.1.0\n", None)
    assert main(["upgrade", str(site)]) == 0
    assert _lines(site / "requirements.txt") == ["-c constraints.txt", f"strategy-site=={tool_version()}"]
    assert pins((site / "constraints.txt").read_text(encoding="utf-8")) == pins()
    assert "constraints.txt" in capsys.readouterr().out


def test_upgrade_from_a_wheel_in_the_repository_to_a_release(tmp_path: Path) -> None:
    site = _new(tmp_path, "--tool-from", str(_wheel(tmp_path / "elsewhere", "0.0.9")))
    assert (site / "wheels" / "strategy_site-0.0.9-py3-none-any.whl").is_file()
    assert main(["upgrade", str(site)]) == 0
    assert _lines(site / "requirements.txt") == ["-c constraints.txt", f"strategy-site=={tool_version()}"]
    assert not (site / "wheels" / "strategy_site-0.0.9-py3-none-any.whl").exists()  # nothing names it any more


def test_upgrade_says_what_to_do_outside_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["upgrade", str(tmp_path)]) == 1
    assert "requirements.txt: not found" in capsys.readouterr().err
    (tmp_path / "requirements.txt").write_text("requests==2.0\n", encoding="utf-8")
    assert main(["upgrade", str(tmp_path)]) == 1
    assert "expected one line naming strategy-site, found 0" in capsys.readouterr().err


def test_upgrade_removes_only_its_own_wheel_copy_never_a_path_the_requirements_name(tmp_path: Path) -> None:
    site = _new(tmp_path, "--tool-from", str(_wheel(tmp_path / "elsewhere", "0.0.9")))
    victim = tmp_path / "victim" / "strategy_site-0.0.1-py3-none-any.whl"
    victim.parent.mkdir()
    victim.write_bytes(b"not the site's")
    requirements = site / "requirements.txt"
    escaping = "./wheels/../../victim/strategy_site-0.0.1-py3-none-any.whl"
    requirements.write_text(f"-c constraints.txt\n{escaping}\n", encoding="utf-8")
    main(["upgrade", str(site)])
    assert victim.read_bytes() == b"not the site's"


@pytest.mark.parametrize(
    "source",
    [
        f"git+https://github.com/o/strategy-site --extra-index-url=https://evil.example/@{'a' * 40}",
        "https://example.org/x\n--index-url https://evil.example/strategy_site-1.0-py3-none-any.whl",
    ],
)
def test_tool_from_is_one_requirement_with_nothing_after_it(tmp_path: Path, source: str) -> None:
    with pytest.raises(SystemExit):
        main(["new", str(tmp_path / "site"), "--area", "Anytown", "--tool-from", source])
    assert not (tmp_path / "site" / "requirements.txt").exists()
