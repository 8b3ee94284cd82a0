"""The last wall, in front of publishing: whatever the engine wrote, nothing in it may run script.

These tests hold the check two ways. Over documents: each way markup can run script, and
each way a browser reads bytes unlike ``html.parser``, is found, at its line. Over whole
builds: with MkDocs' hook cleaning pages (today's engine), the sites pass; with the hook
gone (an engine with no such hook, or an upgrade that stops calling it), a page carrying
an attacker's markup stops the build, and the published ``site/`` stays as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from generator import mkdocs_joint, output_check
from generator.cli import main
from generator.folders import THEME_OVERRIDES

from .conftest import buildable_minimal_site, tree_hashes

THEME_SCRIPTS = output_check.known_scripts(mkdocs_joint.theme_templates(THEME_OVERRIDES))
ASSETS = ["assets/javascripts/bundle.min.js"]


def _problems(body: str) -> list[str]:
    document = f"<!doctype html>\n<html><head><title>t</title></head>\n<body>\n{body}\n</body></html>\n"
    return [str(found) for found in output_check.document_problems(document, "site/p.html", THEME_SCRIPTS, ASSETS)]


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="x" onerror="alert(1)">',
        '<img/src="x"/onerror=alert(1)>',
        '<a href="x" ONCLICK="y">x</a>',
        '<a href=" java&#x09;script:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<form><button formaction="javascript:alert(1)">x</button></form>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<img srcset="a.png 1x, javascript:alert(1) 2x">',
        '<iframe src="https://example.org"></iframe>',
        '<object data="x.swf"></object>',
        '<embed src="x.swf">',
        '<base href="https://example.org/">',
        '<meta http-equiv="Refresh" content="0; url=https://example.org">',
        "<script>alert(1)</script>",
        "<svg><script>alert(1)</script></svg>",
        '<script type="module">alert(1)</script>',
        '<script src="https://example.org/x.js"></script>',
        '<script src="//example.org/x.js"></script>',
        '<script src="x.js"></script>',
        # where a browser and html.parser read the same bytes differently
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<!-- --!><img src=x onerror=alert(1)> -->",
        "<!--><img src=x onerror=alert(1)>-->",
    ],
)
def test_markup_that_can_run_script_is_found_at_its_line(markup: str) -> None:
    found = _problems(markup)
    assert found, markup
    assert all(problem.startswith("site/p.html:4: ") for problem in found), found


def test_safe_markup_passes() -> None:
    safe = (
        '<p><a href="../outcomes/">Outcomes</a> <a href="https://www.gov.uk/">GOV.UK</a>'
        ' <a href="mailto:a@b.org">mail</a> <a href="tel:+441582546000">phone</a>'
        ' <a href="#top">top</a> <img src="chart.svg" alt="A chart"></p>'
        '<script id="__config" type="application/json">{"base": "."}</script>'
        '<script src="../assets/javascripts/bundle.min.js"></script>'
        "<p>Text that mentions javascript: and onclick= is only text.</p>"
    )
    assert _problems(safe) == []


THEME_TEMPLATE = Path(__file__).parent / "fixtures" / "theme_script.html"


def _theme_page(root: str) -> list[output_check.Unsafe]:
    """A page with the fixture template's script, its path to the root written as ``root``."""
    template = THEME_TEMPLATE.read_text(encoding="utf-8")
    script = template.replace("{{ base_url }}", root).replace("{% if x %}", "").replace("{% endif %}", "")
    patterns = output_check.known_scripts([THEME_TEMPLATE])
    return output_check.document_problems(f"<html><body>{script}</body></html>", "p.html", patterns, [])


@pytest.mark.parametrize("root", [".", "..", "../..", "../../", "/", "/health/"])
def test_the_themes_own_scripts_pass_at_any_depth(root: str) -> None:
    assert _theme_page(root) == []


@pytest.mark.parametrize("root", ['",alert(1),"', ".\\", '/x"+alert(1)+"'])
def test_a_theme_script_cannot_carry_code_in_place_of_the_path(root: str) -> None:
    assert _theme_page(root) != []


def test_every_example_site_passes_the_check(luton_site: Path, leicestershire_site: Path, northvale_site: Path) -> None:
    """Also the alarm for a theme upgrade: a new script of the theme's own must be read from its templates."""
    for site_dir in (luton_site, leicestershire_site, northvale_site):
        pages = list((site_dir / "site").rglob("*.html"))
        assert len(pages) > 10
        assert list(output_check.built_site_problems(site_dir / "site", THEME_SCRIPTS)) == []


def test_a_large_site_is_checked_by_workers_and_they_find_what_one_process_finds(
    luton_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of Luton's built pages with script put into two of them, one of them a page
    # found safe before; checked by one process and, as a site over 16 MB would be, by workers.
    site = tmp_path / "site"
    shutil.copytree(luton_site / "site", site)
    pages = sorted(site.rglob("*.html"))
    known_safe = {hashlib.sha256(page.read_bytes()).hexdigest() for page in pages}
    for page in (pages[3], pages[-2]):
        page.write_text(page.read_text("utf-8").replace("<body", '<body onload="alert(1)"', 1), "utf-8")
    alone = output_check.check_site(site, THEME_SCRIPTS, known_safe=known_safe)
    monkeypatch.setattr(output_check, "PARALLEL_BYTES", 0)
    monkeypatch.setattr("generator.output_check.os.cpu_count", lambda: 2)
    shared_out = output_check.check_site(site, THEME_SCRIPTS, known_safe=known_safe)
    assert sorted(map(str, alone.found)) == sorted(map(str, shared_out.found))
    assert {found.file for found in shared_out.found} == {
        f"site/{p.relative_to(site).as_posix()}" for p in (pages[3], pages[-2])
    }
    assert shared_out.safe == alone.safe and len(shared_out.safe) == len(pages) - 2


HOSTILE_PAGE = "# A note\n\nSome text.\n\n<img src=x onerror=alert(document.domain)>\n"


@pytest.fixture
def hostile_site(tmp_path: Path) -> Path:
    site = buildable_minimal_site(tmp_path / "site")
    (site / "content").mkdir()
    (site / "content" / "note.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    return site


def test_a_page_found_safe_as_mkdocs_wrote_it_and_changed_after_is_read_again(luton_site: Path, tmp_path: Path) -> None:
    # The pages handed over while MkDocs writes them only spare reading a file whose bytes
    # are those found safe; the same page changed on disk afterwards is read as any other.
    site = tmp_path / "site"
    shutil.copytree(luton_site / "site", site)
    pages = sorted(site.rglob("*.html"))
    meanwhile = output_check.CheckedMeanwhile(THEME_SCRIPTS)
    for page in pages:
        meanwhile.page(page.relative_to(site).as_posix(), page.read_text("utf-8"))
    safe = meanwhile.safe(output_check.site_scripts(site))
    assert len(safe) == len(pages)
    changed = pages[5]
    changed.write_text(changed.read_text("utf-8").replace("<body", '<body onload="alert(1)"', 1), "utf-8")
    found = output_check.check_site(site, THEME_SCRIPTS, known_safe=safe).found
    assert [f.file for f in found] == [f"site/{changed.relative_to(site).as_posix()}"]
    # a page loading a script the engine did not copy into assets/ is not found safe
    other = output_check.CheckedMeanwhile(THEME_SCRIPTS)
    other.page("p.html", pages[0].read_text("utf-8"))
    assert other.safe([]) == set()


def test_pages_found_safe_meanwhile_are_remembered_for_the_next_build(
    luton_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cache remembers half the pages; the other half are found safe as MkDocs writes
    # them: the check then remembers every page, not the half it started from.
    from generator import cache, publish

    site, cache_dir = tmp_path / "site", tmp_path / "cache"
    shutil.copytree(luton_site / "site", site)
    pages = sorted(site.rglob("*.html"))
    digests = {hashlib.sha256(page.read_bytes()).hexdigest() for page in pages}
    half = tmp_path / "half"
    shutil.copytree(site, half)
    for page in sorted(half.rglob("*.html"))[::2]:
        page.unlink()
    assert publish.unsafe_output(half, cache_dir) == []
    meanwhile = output_check.CheckedMeanwhile(THEME_SCRIPTS)
    for page in pages:
        meanwhile.page(page.relative_to(site).as_posix(), page.read_text("utf-8"))
    stored: list[object] = []
    monkeypatch.setattr(cache, "store_result", lambda *arguments: stored.append(arguments[-1]))
    assert publish.unsafe_output(site, cache_dir, meanwhile) == []
    assert stored == [digests]


def _die(*_arguments: object) -> None:
    os._exit(1)


def test_a_check_worker_that_dies_leaves_its_pages_to_be_read_afterwards(
    luton_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # forked workers (as in a build run from the command line) see this process's functions
    monkeypatch.setattr("generator.workers.threading.active_count", lambda: 1)
    monkeypatch.setattr(output_check, "_safe_but_for_sources", _die)
    meanwhile = output_check.CheckedMeanwhile(THEME_SCRIPTS)
    site = luton_site / "site"
    for page in sorted(site.rglob("*.html"))[:3]:
        meanwhile.page(page.relative_to(site).as_posix(), page.read_text("utf-8"))
    assert meanwhile.safe(output_check.site_scripts(site)) == set()  # nothing known: every page is read after


def test_with_the_engines_hook_the_page_is_cleaned_and_published(
    hostile_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(hostile_site)]) == 0, capsys.readouterr()
    page = (hostile_site / "site" / "note" / "index.html").read_text(encoding="utf-8")
    assert "Some text." in page and "onerror" not in page


@pytest.mark.parametrize("meanwhile", [False, True], ids=["checked after MkDocs", "checked as MkDocs writes"])
def test_without_the_engines_hook_the_build_stops_and_the_old_site_stays(
    hostile_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, meanwhile: bool
) -> None:
    if meanwhile:  # as a site of 400 pages or more is checked: each page handed to a worker as MkDocs writes it
        monkeypatch.setattr("generator.build.CHECK_MEANWHILE_PAGES", 0)
    (hostile_site / "content" / "note.md").write_text("# A note\n\nSome text.\n", encoding="utf-8")
    assert main(["build", str(hostile_site)]) == 0, capsys.readouterr()
    published = tree_hashes(hostile_site / "site")
    (hostile_site / "content" / "note.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    # an engine that never hands pages to the hook: the hook's cleaner does nothing
    monkeypatch.setattr("generator.sanitize.clean_html", lambda html: html)
    capsys.readouterr()
    assert main(["build", str(hostile_site)]) == 1
    output = capsys.readouterr()
    message = output.out + output.err
    assert "site/note/index.html:" in message and "onerror" in message, message
    assert "the site was not published" in message, message
    assert tree_hashes(hostile_site / "site") == published
    assert not list(hostile_site.glob(".site-*")), "no staging folder is left behind"
