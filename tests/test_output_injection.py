"""An editor's text never becomes a workflow command, never hides or forges the job summary, never leaves an href.

The editor is untrusted: a pull request changes only ``data/`` and ``content/``, and CI
runs ``validate``, ``build`` and ``diff origin/main --output $GITHUB_STEP_SUMMARY`` on it.
On GitHub Actions a line is a workflow command when it starts with ``::`` after any
leading whitespace, or holds ``##[`` anywhere; the job summary is Markdown with HTML.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import markdown as markdown_lib  # type: ignore[import-untyped]
import pytest
from mkdocs.utils.meta import get_data

from generator.cli import main
from generator.commands.diff import ChangeReport, to_markdown
from generator.edit_links import edit_base, edit_url, with_edit_url
from generator.github_format import code_span, log_text, summary_text, workflow_command
from generator.problems import Problem, Where

from .conftest import ROOT, change_one_value, copy_site
from .conftest import git as _git

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
FORGED = "::warning file=data/a.yaml::Approved by the data team"
CHANGE = "7.2 per 1,000 live births → 7.3 per 1,000 live births"
# A name that tries every trick on one line: a workflow command (old and new form), a link,
# and HTML that would hide everything after it in the job summary, the changed figure included.
ONE_LINE_NAME = f"Infant mortality {FORGED} ##[warning]old [Approved](https://evil.example/) <!-- <script>x</script>"


def _is_command(line: str) -> bool:
    """Whether GitHub's runner would read the line as a workflow command (either form)."""
    return line.lstrip().startswith("::") or "##[" in line


@dataclass(frozen=True)
class DiffRun:
    code: int
    out: str
    err: str
    summary: str


def _diff_after_renaming(top: Path, name: str) -> DiffRun:
    """``diff main --output SUMMARY`` after an editor renamed infant mortality to ``name`` and changed one figure."""
    repo = copy_site(ROOT, top / "repo", seed_charts=False)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "the site as published")
    change_one_value(repo)  # infant mortality 2009-2011: 7.2 → 7.3
    indicators = repo / "data" / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    assert text.count("    name: Infant mortality\n") == 1
    quoted = name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    indicators.write_text(text.replace("    name: Infant mortality\n", f'    name: "{quoted}"\n'), "utf-8")
    summary = top / "summary.md"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["diff", "main", str(repo), "--output", str(summary)])
    return DiffRun(code, out.getvalue(), err.getvalue(), summary.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def one_line_diff(tmp_path_factory: pytest.TempPathFactory) -> DiffRun:
    return _diff_after_renaming(tmp_path_factory.mktemp("one-line"), ONE_LINE_NAME)


def test_a_name_with_a_line_break_and_a_command_starts_no_line_of_diff(tmp_path: Path) -> None:
    # the data may refuse the name, or the report may show it flattened: either way no line is a command
    run = _diff_after_renaming(tmp_path, f"Infant mortality\n{FORGED}\r::notice::x\n##[warning]old form")
    for where, text in (("stdout", run.out), ("stderr", run.err), ("summary", run.summary)):
        commands = [line for line in text.splitlines() if _is_command(line)]
        assert commands == [], f"{where}: {commands}"
    assert run.out + "\n" == run.summary  # the log and the summary say the same


def test_commands_in_a_name_stay_inside_their_list_item(one_line_diff: DiffRun) -> None:
    assert one_line_diff.code == 0, one_line_diff.err
    for where, text in (("stdout", one_line_diff.out), ("summary", one_line_diff.summary)):
        commands = [line for line in text.splitlines() if _is_command(line)]
        assert commands == [], f"{where}: {commands}"
    [changed] = [line for line in one_line_diff.summary.splitlines() if CHANGE in line]
    assert changed.startswith("- Infant mortality ::warning file=data/a.yaml::Approved by the data team ")


def test_html_in_a_name_is_shown_as_text_in_the_job_summary(one_line_diff: DiffRun) -> None:
    summary = one_line_diff.summary
    assert "<!--" not in summary and "<script" not in summary
    assert "&lt;!--" in summary and "&lt;script&gt;" in summary
    # rendered, the change the editor tried to hide is visible text beside the name, and no link is made
    page = markdown_lib.markdown(summary)
    assert "<!--" not in page and "<script" not in page and "<a " not in page
    visible = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert f"{ONE_LINE_NAME}, Luton, 2009–2011: {CHANGE}" in visible
    assert f"{ONE_LINE_NAME} 2009–2011: Target met → Not met" in visible


def test_to_markdown_puts_each_piece_of_data_text_on_its_own_list_item() -> None:
    # whatever the data allows, the report itself keeps a line break from starting a line
    report = ChangeReport(
        figures_changed=[f"x\n{FORGED}\n# Approved\n<!--: 77.7 → 12.0"],
        pages_added=["\r::notice::y (/x/)"],
        new_warnings=[Problem(Where("data/`a`.yaml", 3), f"m\n{FORGED}", "warning")],
        area="Luton\n::error::z",
    )
    text = to_markdown(report, "main\n::warning::ref")
    assert not any(_is_command(line) for line in text.splitlines()), text
    assert not any(line.startswith("# ") for line in text.splitlines())
    assert f"- x {FORGED} \\# Approved &lt;!--: 77.7 → 12.0" in text.splitlines()
    assert f"- ``data/`a`.yaml:3``: m {FORGED}" in text.splitlines()
    assert text.startswith("## What this change does to the Luton ::error::z site (compared with main ::warning::ref)")


def test_summary_text_is_inert_markdown() -> None:
    # line breaks, control characters (an ANSI escape) and a right-to-left override become spaces
    assert summary_text("a\nb\r\u2028c\x1b[31m\u202ed") == "a b c \\[31m d"
    assert summary_text("<!-- & -->") == "&lt;!-- &amp; --&gt;"
    assert summary_text("[x](javascript:y) *b* _i_ `c` # | ~s~ $m$ \\") == (
        "\\[x\\](javascript:y) \\*b\\* \\_i\\_ \\`c\\` \\# \\| \\~s\\~ \\$m\\$ \\\\"
    )
    # what would start a list or a heading inside a list item
    assert summary_text("- x") == "\\- x" and summary_text("12. x") == "12\\. x" and summary_text("# x") == "\\# x"
    plain = "Infant mortality, Luton, 2009–2011: 7.2 (/x/)"
    assert summary_text(plain) == plain
    assert code_span("data/a.yaml:3") == "`data/a.yaml:3`"
    assert code_span("a`b``c") == "```a`b``c```" and code_span("`a") == "`` `a ``"


def test_log_text_leaves_no_line_a_command() -> None:
    text = log_text(f"ok\n  {FORGED}\nsee ##[warning]old and ###[x]\nx\r::error::y\x1b[2J")
    assert not any(_is_command(line) for line in text.splitlines()), text
    assert text.split("\n") == [
        "ok",
        "  \\::warning file=data/a.yaml::Approved by the data team",
        "see #\\#[warning]old and ##\\#[x]",
        "x ::error::y [2J",
    ]
    assert log_text(text) == text  # applied twice, nothing more changes


def test_validate_prints_no_forged_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    shutil.copytree(MINIMAL, site)
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    monkeypatch.chdir(site)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    outcomes = site / "data" / "outcomes.yaml"
    text = outcomes.read_text(encoding="utf-8")
    board = "    delivery_board: children-trust-board\n"
    assert board in text
    forged = "x\\n::warning file=data/a.yaml::Approved\\r::notice::x ##[warning]old"
    outcomes.write_text(text.replace(board, f'    delivery_board: "{forged}"\n', 1), "utf-8")
    for output_format in ("plain", "github"):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert main(["validate", "--format", output_format]) == 1
        lines = (out.getvalue() + err.getvalue()).splitlines()
        # the only commands are the tool's own, one per problem, each on one line
        commands = [line for line in lines if _is_command(line)]
        if output_format == "plain":
            assert commands == [] and any("Approved" in line for line in lines)
        else:
            assert len(commands) == 1 and commands[0].startswith("::error file=data/outcomes.yaml,line=")
            assert "x%0A::warning file=data/a.yaml::Approved%0D::notice::x" in commands[0]


def test_workflow_command_escapes_its_data() -> None:
    command = workflow_command(Problem(Where("data/a\n::b,c.yaml", 2), f"100%\r\n{FORGED}"))
    assert "\n" not in command and "\r" not in command
    assert command.startswith("::error file=data/a%0A%3A%3Ab%2Cc.yaml,line=2,title=")
    assert command.endswith("::100%25%0D%0A::warning file=data/a.yaml::Approved by the data team")


# --- edit links ------------------------------------------------------------------------------


def _site_with(tmp_path: Path, mkdocs: str) -> Path:
    site = tmp_path / "site"
    site.mkdir(parents=True)
    (site / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    return site


def test_a_quote_in_the_branch_stays_inside_the_edit_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "council/strategy")
    monkeypatch.setenv("GITHUB_REF_NAME", 'a"onmouseover="alert(1)')
    site = _site_with(tmp_path, "site_name: x\n")
    url = edit_url(edit_base(site), Where("data/a b\n#c.yaml", 7))
    assert url == "https://github.com/council/strategy/blob/a%22onmouseover%3D%22alert%281%29/data/a%20b%0A%23c.yaml#L7"
    assert not re.search(r"[\"'<>\s]", url)
    # the front matter holds it as one quoted string, read back by MkDocs exactly
    page = with_edit_url("# A page\n", url)
    assert page.startswith(f'---\nedit_url: "{url}"\n---\n')
    assert get_data(page) == ("# A page\n", {"edit_url": url})


@pytest.mark.parametrize(
    "repository",
    [
        "javascript:alert(1)//github.com/x/y",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "https://user:secret@github.com/x/y",
        "https://github.com/x/y?x=1",
        "ftp://github.com/x/y",
    ],
)
def test_only_a_web_address_gives_an_edit_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repository: str
) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    site = _site_with(tmp_path, f"site_name: x\nextra:\n  edit_repo: '{repository}'\n  edit_branch: main\n")
    assert edit_base(site) is None
    assert edit_url(edit_base(site), Where("data/a.yaml", 1)) is None


def test_a_web_address_still_gives_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    site = _site_with(tmp_path, "site_name: x\nextra:\n  edit_repo: https://git.example.org:8443/council/site/\n")
    assert edit_base(site) == "https://git.example.org:8443/council/site/blob/main/"
    # the repository's own address is percent-encoded like the rest
    quoted = _site_with(tmp_path / "q", "site_name: x\nextra:\n  edit_repo: 'https://h/x/y\"onmouseover=\"a'\n")
    assert edit_base(quoted) == "https://h/x/y%22onmouseover%3D%22a/blob/main/"
    monkeypatch.setenv("GITHUB_REF_NAME", "../../other/repo")  # a browser would resolve the dots
    assert edit_base(_site_with(tmp_path / "b", "site_name: x\nextra:\n  edit_repo: https://h/o/r\n")) is None


# --- the editors' report -----------------------------------------------------------------------


def test_the_editors_report_shows_html_in_the_data_as_text(tmp_path: Path) -> None:
    site = copy_site(ROOT, tmp_path / "site", seed_charts=False)
    strategy = site / "data" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    assert text.count("  title: A Healthier Future\n") == 1
    title = "A Healthier Future <script>alert(1)</script> <!-- the rest"
    strategy.write_text(text.replace("  title: A Healthier Future\n", f'  title: "{title}"\n'), "utf-8")
    documents = site / "data" / "documents.yaml"
    text = documents.read_text(encoding="utf-8")
    assert text.count("    title: Domestic Abuse Strategy\n") == 1  # named in an open question's 'about'
    name = "Domestic Abuse <script>alert(2)</script> Strategy <!-- hides the rest"
    documents.write_text(text.replace("    title: Domestic Abuse Strategy\n", f'    title: "{name}"\n'), "utf-8")
    assert main(["report", str(site)]) == 0
    folder = site / "build" / "report"
    report_md = (folder / "editors-report.md").read_text(encoding="utf-8")
    report_html = (folder / "editors-report.html").read_text(encoding="utf-8")
    for text in (report_md, report_html):
        assert "<script" not in text and "<!--" not in text
    # shown as written, not dropped by the sanitizer
    assert f"<h1>Editors' report: {html.escape(title, quote=False)}</h1>" in report_html
    assert f"About: {html.escape(name, quote=False)} (<code>domestic-abuse-strategy</code>)" in report_html
