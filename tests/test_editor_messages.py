"""Messages that point at the line the editor changed, and checks that agree on what stops publishing.

Each test writes a real mistake into YAML in a temporary site and reads what the
command prints: the file, the line, what is wrong and what to do.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import buildable_minimal_site
from .conftest import git as _git
from .test_placeholders import fill_placeholders


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return buildable_minimal_site(tmp_path / "site")


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the one occurrence of ``old`` in the file; return the line it starts on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _validate(site: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, list[str]]:
    code = main(["validate", *options, str(site)])
    return code, capsys.readouterr().err.splitlines()


# --- one typo, one problem, at its own line -------------------------------------------------------


def test_a_misspelt_title_is_one_problem_at_the_line_the_editor_changed(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _replace(
        site / "data" / "outcomes.yaml",
        "    title: Every child has a healthy start in life\n",
        "    titel: Every child has a healthy start in life\n",
    )
    code, err = _validate(site, capsys)
    assert code == 1
    assert err[:-1] == [
        f"data/outcomes.yaml:{line}: outcomes › healthy-start › titel: unknown field 'titel'; did you mean 'title'?"
    ]
    assert err[-1].startswith("1 problem found")


def test_a_misspelt_key_names_the_missing_field_it_stands_for(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 'titel' is close to both 'title' and 'subtitle'; only 'title' is missing, so only it is meant
    line = _replace(site / "data" / "strategy.yaml", "  title: A Healthier Future\n", "  titel: A Healthier Future\n")
    _replace(site / "data" / "indicators.yaml", "    name: Infant mortality\n", "    nmae: Infant mortality\n")
    indicator_line = (site / "data" / "indicators.yaml").read_text(encoding="utf-8").splitlines().index(
        "    nmae: Infant mortality"
    ) + 1
    code, err = _validate(site, capsys)
    assert code == 1
    assert err[:-1] == [
        f"data/indicators.yaml:{indicator_line}: indicators › infant-mortality › nmae: unknown field 'nmae'; "
        "did you mean 'name'?",
        f"data/strategy.yaml:{line}: strategy › titel: unknown field 'titel'; did you mean 'title'?",
    ]


def test_an_unknown_key_unlike_the_missing_field_leaves_both_problems(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _replace(
        site / "data" / "outcomes.yaml",
        "    title: Every child has a healthy start in life\n",
        "    colour: green\n",
    )
    code, err = _validate(site, capsys)
    assert code == 1
    outcome_line = line - 2  # '- number: 1', where the block starts
    where = "outcomes › healthy-start"
    assert f"data/outcomes.yaml:{outcome_line}: {where} › title: required field 'title' is missing; add it" in err
    assert any(e.startswith(f"data/outcomes.yaml:{line}: {where} › colour: unknown field 'colour'") for e in err)


# --- a decimal comma ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('{period: "2008-2010", value: 62,4}', "'62,4': write decimals with a point: 62.4"),
        ('period: "2008-2010"\n            value: 62,4', "'62,4': write decimals with a point: 62.4"),
        ('{period: "2008-2010", value: 7,55, reported: "2011/12"}', "'7,55': write decimals with a point: 7.55"),
        ('{period: "2008-2010", value: 1,234,567}', "'1,234,567': write numbers without commas: 1234567"),
        (
            'period: "2008-2010"\n            value: 12,332',
            "'12,332': write numbers without commas: 12332 (or 12.332 if the comma marks decimals)",
        ),
    ],
    ids=["flow", "block", "flow-then-more", "thousands-flow", "thousands-block"],
)
def test_a_number_with_a_comma_says_how_to_write_it(
    site: Path, capsys: pytest.CaptureFixture[str], written: str, message: str
) -> None:
    indicators = site / "data" / "indicators.yaml"
    old = '          - period: "2008-2010"\n            value: 7.5\n'
    line = _replace(indicators, old, f"          - {written}\n")
    value_line = line + written.count("\n")  # the block form's value is on the line after the period
    code, err = _validate(site, capsys)
    assert code == 1
    assert err[:-1] == [
        f"data/indicators.yaml:{value_line}: indicators › infant-mortality › series › Testtown › values › 2008-2010 "
        f"› value: {message}"
    ]


# --- validate and build agree on what stops publishing -----------------------------------------------


def _problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^[\w./-]+:\d+: ", line)]


def test_a_new_sites_placeholders_stop_validate_as_they_stop_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "anytown"
    assert main(["new", str(site), "--area", "Anytown", "--organisation", "Anytown Borough Council"]) == 0
    capsys.readouterr()
    assert main(["validate", str(site)]) == 1
    validated = capsys.readouterr().err
    assert main(["build", str(site)]) == 1
    built = capsys.readouterr().err
    assert not (site / "site").exists()
    # the same lines, word for word, and the same count
    assert _problem_lines(validated) == _problem_lines(built) != []
    count = len(_problem_lines(built))
    assert f"{count} problems found; nothing was built." in built
    assert f"{count} problems found; nothing was built. Fix the lines above" in validated
    strategy = (site / "data" / "strategy.yaml").read_text(encoding="utf-8").splitlines()
    title = next(n for n, text in enumerate(strategy, 1) if text.strip().startswith("title:"))
    assert (
        f"data/strategy.yaml:{title}: placeholder from 'strategy-site new': the strategy's title, as the document "
        "gives it; write your own in its place and delete 'REPLACE:'. Nothing is published while one remains "
        "('build --draft' builds a preview)"
    ) in _problem_lines(validated)

    # --draft: a preview, for both
    assert main(["validate", "--draft", str(site)]) == 0
    drafted = capsys.readouterr()
    assert f"data/strategy.yaml:{title}: warning: placeholder from 'strategy-site new'" in drafted.err
    assert drafted.out.startswith("OK: Anytown") and f"{count} warnings." in drafted.out

    # and once they are replaced, neither stops
    fill_placeholders(site)
    assert main(["validate", str(site)]) == 0
    assert capsys.readouterr().out.startswith("OK: Anytown")


def test_a_site_with_no_contact_fails_validate_as_it_fails_build(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _replace(site / "data" / "strategy.yaml", "  contact:\n    email: health@testtown.example\n", "")
    code, validated = _validate(site, capsys)
    assert code == 1
    assert main(["build", str(site)]) == 1
    built = capsys.readouterr().err.splitlines()
    [problem] = _problem_lines("\n".join(built))
    assert problem.startswith("data/strategy.yaml:3: the site gives no way to reach the council")  # its first line
    assert _problem_lines("\n".join(validated)) == [problem]
    assert _validate(site, capsys, "--draft")[0] == 0


# --- a failed check in the job summary -------------------------------------------------------------


def test_a_failed_check_writes_its_problems_into_the_job_summary(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("an earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)  # the repository's root: files are named from there, as on the runner
    typo = _replace(
        site / "data" / "outcomes.yaml",
        "    title: Every child has a healthy start in life\n",
        "    titel: Every child has a healthy start in life\n",
    )
    value = _replace(
        site / "data" / "indicators.yaml",
        '          - period: "2008-2010"\n            value: 7.5\n',
        '          - {period: "2008-2010", value: "<!-- 7.5"}\n',
    )
    assert main(["validate", "site"]) == 1
    capsys.readouterr()
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(
        "an earlier step\n## `strategy-site validate site` failed: 2 problems found; nothing was built\n"
    )
    assert (
        f"- `site/data/outcomes.yaml:{typo}`: outcomes › healthy-start › titel: unknown field 'titel'; "
        "did you mean 'title'?\n"
    ) in text
    # the data's text is shown, never read as HTML or Markdown
    assert f"- `site/data/indicators.yaml:{value}`: " in text and "'&lt;!-- 7.5' is not a number" in text
    assert "<!--" not in text

    # build fails the same way and says so too
    assert main(["build", "site"]) == 1
    capsys.readouterr()
    assert summary.read_text(encoding="utf-8").count("failed: 2 problems found; nothing was built") == 2


def test_a_passing_check_writes_no_job_summary(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["validate", str(site)]) == 0
    assert capsys.readouterr().out.startswith("OK: Testtown")
    assert not summary.exists()


# --- diff against a ref this clone does not have ------------------------------------------------------


@pytest.fixture
def origin(site: Path) -> Path:
    """The site's repository: 'main' as published, and a branch 'change' one commit ahead."""
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "the site as published")
    _git(site, "checkout", "-q", "-b", "change")
    _replace(site / "data" / "strategy.yaml", "  title: A Healthier Future\n", "  title: A Healthier Future Still\n")
    _git(site, "commit", "-q", "-am", "a change")
    return site


def _diff(clone: Path, ref: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["diff", ref, str(clone)]) == 1
    err = capsys.readouterr().err
    assert "git rev-parse failed" not in err
    return err.strip()


def test_diff_against_a_branch_a_single_branch_clone_lacks_says_how_to_fetch_it(
    origin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "checkout"
    _git(tmp_path, "clone", "-q", "--single-branch", "--branch", "change", origin.as_uri(), str(clone))
    assert _diff(clone, "main", capsys) == (
        "main: cannot read the site as it was there: 'main' is not in this clone (a CI checkout or a single-branch "
        "clone holds only one branch); fetch it first with 'git fetch origin main:main', then run the diff again"
    )
    assert "git fetch origin main:refs/remotes/origin/main'" in _diff(clone, "origin/main", capsys)
    # doing what it says works
    _git(clone, "fetch", "-q", "origin", "main:main")
    assert main(["diff", "main", str(clone)]) == 0
    assert "A Healthier Future Still" in capsys.readouterr().out


def test_diff_past_a_shallow_clones_last_commit_says_to_unshallow(
    origin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "checkout"
    _git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "change", origin.as_uri(), str(clone))
    err = _diff(clone, "HEAD~1", capsys)
    assert "only its last commits" in err and "fetch it first with 'git fetch --unshallow origin'" in err
    _git(clone, "fetch", "-q", "--unshallow", "origin")
    assert main(["diff", "HEAD~1", str(clone)]) == 0


def test_diff_names_the_remote_branch_when_there_is_no_local_one(
    origin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "checkout"
    _git(tmp_path, "clone", "-q", "--branch", "change", origin.as_uri(), str(clone))
    assert _diff(clone, "main", capsys).endswith(
        "'main' is not a local branch here, but 'origin/main' is: run 'strategy-site diff origin/main'"
    )


def test_diff_outside_a_repository_says_so(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _diff(site, "main", capsys)
    assert f"{site.resolve()} is not in a git repository" in err


# --- site_name and site_description from the data ------------------------------------------------------

MKDOCS_WITHOUT_NAMES = "theme:\n  name: material\n"


def _head(site: Path) -> tuple[str, str]:
    """The site's name (from the home page's title, 'Home - name') and its description."""
    page = (site / "site" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>Home - (.*?)</title>", page)
    description = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert title and description, "the home page has a title and a description"
    return html.unescape(title[1]), html.unescape(description[1])


def test_the_site_is_named_and_described_by_its_strategy_when_mkdocs_yml_does_not(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "mkdocs.yml").write_text(MKDOCS_WITHOUT_NAMES, encoding="utf-8")
    _replace(
        site / "data" / "strategy.yaml",
        "  subtitle: Improving Health and Wellbeing in Testtown 2012–2019\n",
        "  subtitle: 'Health & care \"for all\" in Testtown 2012–2019'\n",
    )
    assert main(["build", str(site)]) == 0, capsys.readouterr()
    assert _head(site) == ("A Healthier Future", 'Health & care "for all" in Testtown 2012–2019')


def test_a_placeholder_site_name_gives_way_to_the_strategys_title(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "mkdocs.yml").write_text(
        'site_name: "REPLACE: the site\'s name"\nsite_description: Our own description\n' + MKDOCS_WITHOUT_NAMES,
        encoding="utf-8",
    )
    _replace(
        site / "data" / "strategy.yaml",
        "  subtitle: Improving Health and Wellbeing in Testtown 2012–2019\n",
        "  resident_summary: |\n    What the strategy is for.\n    What will change for [residents](glossary.md).\n",
    )
    assert main(["build", "--draft", str(site)]) == 0, capsys.readouterr()
    assert _head(site) == ("A Healthier Future", "Our own description")  # the site's own description stays


def test_a_site_name_set_in_mkdocs_yml_is_kept(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _replace(
        site / "data" / "strategy.yaml",
        "  subtitle: Improving Health and Wellbeing in Testtown 2012–2019\n",
        "  resident_summary: |\n    What the strategy is for.\n    What will change for [residents](glossary.md).\n",
    )
    assert main(["build", str(site)]) == 0, capsys.readouterr()
    # buildable_minimal_site's mkdocs.yml names the site 'Testtown' and gives no description
    assert _head(site) == ("Testtown", "What the strategy is for. What will change for residents.")
