"""On GitHub Actions, problems are workflow commands that land on the pull request's changed line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.github_format import default_format, escape_property, repository_prefix, workflow_command
from generator.problems import Problem, Where

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal valid site in ``tmp_path/site``, with ``tmp_path`` as the repository root."""
    dest = tmp_path / "site"
    shutil.copytree(MINIMAL, dest)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    monkeypatch.chdir(dest)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    return dest


def _plant_unknown_field(site: Path) -> int:
    """Misspell one field in outcomes.yaml; return the line it is on, counted independently."""
    path = site / "data" / "outcomes.yaml"
    text = path.read_text(encoding="utf-8").replace("    title: Everyone lives", "    titel: Everyone lives", 1)
    path.write_text(text, encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if "titel:" in line)


def test_a_planted_mistake_is_an_error_command_on_its_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _plant_unknown_field(site)
    assert main(["validate", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    commands = [text for text in out.splitlines() if text.startswith("::error ")]
    assert any(text.startswith(f"::error file=data/outcomes.yaml,line={line},title=") for text in commands), out
    mine = next(text for text in commands if f"line={line}," in text)
    assert "unknown field 'titel'" in mine.split("::", 2)[2]
    # the plain line is not printed as well, and the closing summary stays for the log
    assert "data/outcomes.yaml:" not in err and "nothing was built" in err


def test_github_actions_turns_the_format_on_by_itself(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    line = _plant_unknown_field(site)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["validate"]) == 1
    assert f"::error file=data/outcomes.yaml,line={line}," in capsys.readouterr().out
    # and --format plain still gives the editor's own format there
    assert main(["validate", "--format", "plain"]) == 1
    out, err = capsys.readouterr()
    assert "::error" not in out + err and f"data/outcomes.yaml:{line}: " in err


def test_plain_stays_the_default_elsewhere() -> None:
    assert default_format({}) == "plain"
    assert default_format({"GITHUB_ACTIONS": "false"}) == "plain"
    assert default_format({"GITHUB_ACTIONS": "true"}) == "github"


def test_a_site_in_a_subfolder_is_named_from_the_repository_root(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    line = _plant_unknown_field(site)
    monkeypatch.chdir(site.parent)
    assert main(["build", "site", "--format", "github"]) == 1
    assert f"::error file=site/data/outcomes.yaml,line={line}," in capsys.readouterr().out
    assert not (site / "site").exists()


ACTION_WITH_A_VAGUE_DATE = """\
    actions:
      - id: "1"
        text: Review the programme.
        board: children-trust-board
        milestones:
          - id: 1a
            text: Review the terms of reference.
            when: soon after the review
"""


def test_build_prints_the_warnings_as_warning_commands(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = site / "data" / "outcomes.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "  - number: 2\n"
    assert text.count(marker) == 1
    text = text.replace(marker, ACTION_WITH_A_VAGUE_DATE + marker)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, content in enumerate(text.splitlines(), 1) if "when: soon after" in content)
    assert main(["build", "--format", "github"]) == 0
    out = capsys.readouterr().out
    assert "::error" not in out
    warnings = [text for text in out.splitlines() if text.startswith("::warning ")]
    assert len(warnings) == 1 and warnings[0].startswith(f"::warning file=data/outcomes.yaml,line={line},title=")
    assert "soon after the review" in warnings[0]
    assert (site / "site" / "index.html").is_file()


def test_properties_and_messages_are_escaped_as_github_documents() -> None:
    problem = Problem(Where("data/a,b:c.yaml", 3), "50% of\r\nrows: bad, really")
    command = workflow_command(problem)
    assert command.startswith("::error file=data/a%2Cb%3Ac.yaml,line=3,title=")
    # in the message only %, CR and LF are escaped; ':' and ',' read as they are
    assert command.endswith("::50%25 of%0D%0Arows: bad, really")
    assert escape_property("a%b\nc") == "a%25b%0Ac"


def test_a_problem_with_no_file_has_no_file_property() -> None:
    command = workflow_command(Problem(Where("<unknown>"), "MkDocs failed"))
    assert command.startswith("::error title=") and "file=" not in command


def test_repository_prefix(tmp_path: Path) -> None:
    (tmp_path / "examples" / "x").mkdir(parents=True)
    assert repository_prefix(tmp_path / "examples" / "x", tmp_path) == "examples/x/"
    assert repository_prefix(tmp_path, tmp_path) == ""
    assert repository_prefix(Path("/"), tmp_path) == ""
