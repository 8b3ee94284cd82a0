"""The boundary between code and content (SECURITY.md): what an editor's pull request cannot do.

An editor changes ``data/`` and ``content/``. Whatever they write, the tool runs no code
of theirs, reads no file outside the site, writes no file outside ``build/`` and
``site/``, and deletes nothing it did not make. Each test here is one way across that
line that once worked, and the located message it gives now.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from generator import size_limits
from generator.build import build, generate
from generator.cli import main
from generator.problems import InputError
from generator.writer import MANIFEST, write_files, write_tree

from .conftest import buildable_minimal_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return buildable_minimal_site(tmp_path / "site")


def run(command: str, site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([command, str(site)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def page(site: Path, name: str, text: str) -> Path:
    path = site / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- content pages are text, not code -----------------------------------------------------------

ESCAPES = [
    '{{ lipsum.__globals__["os"].popen("touch MARK").read() }}',
    '{{ cycler.__init__.__globals__.os.popen("touch MARK").read() }}',
    "{{ latest.__globals__['os'].popen('touch MARK').read() }}",
    "{{ site.__class__.__mro__[1].__subclasses__() }}",
    "{{ site.model_validate({}) }}",
    "{{ strategy.model_copy(update={'title': 'x'}) }}",
    "{% include 'mkdocs.yml' %}",
    "{% import '_macros.j2' as m %}{{ m }}",
    "{{ range.__self__ }}",
]


@pytest.mark.parametrize("expression", ESCAPES)
def test_a_content_page_cannot_reach_python_and_validate_runs_nothing(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, expression: str
) -> None:
    monkeypatch.chdir(site)
    page(site, "note.md", f"# Note\n\nSome words.\n{expression}\n")
    code, output = run("validate", site, capsys)
    assert code == 1
    assert "content/note.md:4:" in output, output
    assert not (site / "MARK").exists()
    assert "site_name" not in output  # no file was included


def test_a_content_page_still_quotes_the_data(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page(
        site,
        "note.md",
        "# Note\n\n{{ strategy.area }} has {{ site.indicators | length }} measures; "
        '{{ latest("infant-mortality") }}.\n',
    )
    code, output = run("validate", site, capsys)
    assert code == 0, output
    generate(site)
    written = (site / "build" / "docs" / "note.md").read_text(encoding="utf-8")
    assert "Testtown has 2 measures; " in written


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("template: ../../../etc/passwd", "template"),
        ("edit_url: javascript:alert(1)", "edit_url"),
        ("title: Home", "title"),
    ],
)
def test_front_matter_keys_off_the_allowlist_are_refused_at_their_line(
    site: Path, capsys: pytest.CaptureFixture[str], line: str, key: str
) -> None:
    page(site, "note.md", f"---\nhide:\n  - toc\n{line}\n---\n# Note\n")
    code, output = run("validate", site, capsys)
    assert code == 1
    assert f"content/note.md:4: front matter key '{key}' cannot be set by a page" in output, output


# --- only ordinary files inside the site are read ------------------------------------------------


def test_a_data_file_linked_to_a_device_is_refused_at_once(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "data" / "zz.yaml").symlink_to("/dev/zero")
    started = time.monotonic()
    code, output = run("validate", site, capsys)
    assert time.monotonic() - started < 10
    assert code == 1
    assert output.startswith("data/zz.yaml:1: file is a symbolic link"), output  # the link, not its target


def test_a_content_page_linked_outside_the_site_is_not_published(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "config"
    secret.write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n", encoding="utf-8")
    (site / "content").mkdir()
    (site / "content" / "x.md").symlink_to(secret)
    code, output = run("build", site, capsys)
    assert code == 1
    assert output.startswith("content/x.md:1: file is a symbolic link"), output
    assert "AUTHORIZATION" not in output
    assert not (site / "site").exists()


def test_a_linked_content_folder_and_a_folder_named_like_a_page_are_refused(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.md").write_text("# Elsewhere\n", encoding="utf-8")
    (site / "content").symlink_to(elsewhere)
    code, output = run("validate", site, capsys)
    assert code == 1 and "content:1: file is a symbolic link" in output, output
    (site / "content").unlink()
    (site / "content" / "x.md").mkdir(parents=True)
    code, output = run("validate", site, capsys)
    assert code == 1 and "content/x.md:1: file is a folder" in output, output


# --- nothing outside build/ and site/ is written or deleted --------------------------------------


@pytest.mark.parametrize("folder", ["build", "site", "build/docs", "build/.cache"])
def test_a_linked_output_folder_is_refused_before_anything_is_deleted(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    victim = tmp_path / "home"
    victim.mkdir()
    (victim / "thesis.txt").write_text("years of work", encoding="utf-8")
    (site / folder).parent.mkdir(parents=True, exist_ok=True)
    (site / folder).symlink_to(victim)
    code, output = run("build", site, capsys)
    assert code == 1
    assert f"'{folder}' is a symbolic link" in output, output
    assert sorted(p.name for p in victim.iterdir()) == ["thesis.txt"]


def test_build_output_committed_to_git_is_refused(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "build" / ".cache").mkdir(parents=True)
    (site / "build" / ".cache" / "site.pickle").write_bytes(b"not ours")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=site, check=True)
    subprocess.run([*git, "add", "-f", "."], cwd=site, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=site, check=True)
    code, output = run("build", site, capsys)
    assert code == 1
    assert "build/.cache/site.pickle" in output and "committed to git" in output, output


def test_a_breakdown_is_a_name_never_a_path(site: Path, tmp_path: Path) -> None:
    indicators = site / "data" / "indicators.yaml"
    escape = "x/" + "../" * 12 + str(tmp_path / "outside")
    text = indicators.read_text(encoding="utf-8").replace("breakdown: male", f"breakdown: '{escape}'")
    indicators.write_text(text, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    generate(site)
    assert list((tmp_path / "outside").iterdir()) == []
    charts = sorted(p.name for p in (site / "build" / "docs" / "indicators").glob("life-expectancy-birth*.svg"))
    assert len(charts) == 1 and charts[0].startswith("life-expectancy-birth--x-"), charts
    assert "/" not in charts[0] and ".." not in charts[0]


def test_two_breakdowns_that_would_share_a_chart_file_are_refused(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    indicators = site / "data" / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    text = text.replace("breakdown: male\n        kind: target", "breakdown: Male!\n        kind: target")
    indicators.write_text(text, encoding="utf-8")
    code, output = run("validate", site, capsys)
    assert code == 1
    assert "breakdowns 'male' and 'Male!' differ only in spaces or punctuation" in output, output


def test_an_indicator_named_like_another_ones_breakdown_keeps_its_own_chart(site: Path) -> None:
    indicators = site / "data" / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8").replace("- id: infant-mortality", "- id: life-expectancy-birth-male")
    indicators.write_text(text, encoding="utf-8")
    for file in (site / "data").glob("*.yaml"):
        file.write_text(file.read_text(encoding="utf-8").replace("infant-mortality", "life-expectancy-birth-male"))
    generate(site)
    charts = {p.name for p in (site / "build" / "docs" / "indicators").glob("*.svg")}
    assert {"life-expectancy-birth--male.svg", "life-expectancy-birth-male.svg"} <= charts, charts


@pytest.mark.parametrize("name", ["../escape.md", "/etc/x.md", "a/../../b.md", ""])
def test_the_writer_refuses_a_name_outside_its_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="not a file name inside the site"):
        write_files(tmp_path / "out", {name: b"x"})
    assert not (tmp_path / "escape.md").exists()


@pytest.mark.parametrize("linked", ["folder", "file"])
def test_the_writer_refuses_to_write_through_a_link_out_of_its_folder(tmp_path: Path, linked: str) -> None:
    """A folder or file in the output that is a link elsewhere is refused, not written through."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.md").write_bytes(b"kept")
    out = tmp_path / "out"
    (out / "indicators").mkdir(parents=True)
    if linked == "folder":
        (out / "outcomes").symlink_to(outside, target_is_directory=True)
        name = "outcomes/page.md"
    else:
        (out / "indicators" / "page.md").symlink_to(outside / "page.md")
        name = "indicators/page.md"
    files = {"indicators/a.md": b"a", name: b"written"}
    with pytest.raises(InputError, match=f"'{name}' would be written outside out/"):
        write_files(out, files)
    assert (outside / "page.md").read_bytes() == b"kept"


# --- size ---------------------------------------------------------------------------------------


def test_a_megabyte_glossary_expansion_is_refused_at_its_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = site / "data" / "glossary.yaml"
    glossary.write_text(f"glossary:\n  - term: the\n    expansion: {'x' * 1_000_000}\n", encoding="utf-8")
    code, output = run("validate", site, capsys)
    assert code == 1
    assert (
        "data/glossary.yaml:3: glossary › the › expansion: this is 1,000,000 characters; an expansion has at most 200"
        in output
    ), output[:500]


def test_a_common_word_whose_tooltips_would_swell_the_site_is_refused(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the limit is lowered so that a small site shows what a national one would reach
    monkeypatch.setattr(size_limits, "MAX_TERM_GROWTH", 2_000)
    glossary = site / "data" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + f"  - term: the\n    expansion: {'y' * 200}\n")
    code, output = run("validate", site, capsys)
    assert code == 1
    assert "glossary › the: this term is used about" in output, output
    assert "glossary › JSNA" not in output
    with pytest.raises(InputError):
        build(site)


def test_metadata_lines_without_front_matter_are_only_text(site: Path) -> None:
    page(site, "note.md", "template: main.html\nedit_url: javascript:alert(1)\n\n# Note\n")
    generate(site)
    written = (site / "build" / "docs" / "note.md").read_text(encoding="utf-8")
    front, _, body = written.removeprefix("---\n").partition("---\n")
    assert "template" not in front and "edit_url" not in front
    assert body.startswith("template: main.html")


def test_the_writer_deletes_only_what_it_wrote_and_publishes_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    write_tree(root, {"a.md": b"a", "b/c.svg": b"c"})
    write_tree(root, {"a.md": b"a2"})  # c.svg was the tool's: it goes
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.name != MANIFEST) == ["a.md"]
    (root / "evil.md").write_text("<script>alert(1)</script>", encoding="utf-8")
    with pytest.raises(InputError, match=r"1 file\(s\) here were not written by strategy-site \(evil\.md\)"):
        write_tree(root, {"a.md": b"a3"})
    assert (root / "evil.md").is_file() and (root / "a.md").read_bytes() == b"a2"  # nothing changed


def test_a_folder_from_before_the_list_loses_only_the_tools_kinds_of_file(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "old-page.md").write_text("old", encoding="utf-8")
    (root / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.txt"):
        write_tree(root, {"a.md": b"a"})
    (root / "notes.txt").unlink()
    write_tree(root, {"a.md": b"a"})
    assert not (root / "old-page.md").exists() and (root / MANIFEST).is_file()
