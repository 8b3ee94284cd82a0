"""`build/` is not trusted: a cache file that this machine did not make is never run or published.

A pull request made on GitHub's upload page can commit files under `build/` (the upload
ignores `.gitignore`), and CI builds every pull request. A pickle runs code when it is
unpickled, and a cached chart is copied into the site as it is; so pickles are unpickled
only under this machine's MAC, and cached charts are checked before they are used.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from jinja2 import DictLoader, Environment, FileSystemBytecodeCache

from generator import cache, loader, svg_check
from generator.build import build
from generator.commands.repository import WORKFLOW
from generator.validate import load_site

from .conftest import ROOT, copy_site, tree_hashes


class _Marker:
    """Unpickling this creates a file: what a pickle committed under build/ could do, harmlessly."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.path, "w"))


def _use_key(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Keep this machine's key in ``folder`` for the rest of the test (another machine: another folder)."""
    monkeypatch.setattr(cache, "key_file", lambda: folder / "strategy-site" / "cache-key")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _use_key(monkeypatch, tmp_path / "here")
    return tmp_path / "here"


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    real = loader.read_text

    def counting(path: Path, file: str) -> str:
        read.append(file)
        return real(path, file)

    monkeypatch.setattr(loader, "read_text", counting)
    return read


# --- the key ------------------------------------------------------------------------------------


def test_the_key_is_kept_in_the_users_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.key_file() == tmp_path / "xdg" / "strategy-site" / "cache-key"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/not/allowed")  # the spec says: ignore a relative path
    assert cache.key_file() == Path.home() / ".cache" / "strategy-site" / "cache-key"


def test_the_key_is_made_once_only_this_user_can_read_it(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.machine_key()
    path = here / "strategy-site" / "cache-key"
    assert key is not None and len(key) == 32 and path.read_bytes() == key
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    monkeypatch.setattr(cache, "_machine_keys", {})  # a new process reads the same key
    assert cache.machine_key() == key
    assert [p.name for p in path.parent.iterdir()] == ["cache-key"]  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_key_others_can_read_is_not_used(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.machine_key() is not None
    (here / "strategy-site" / "cache-key").chmod(0o644)
    monkeypatch.setattr(cache, "_machine_keys", {})
    assert cache.machine_key() is None


def test_without_a_key_nothing_is_stored_or_unpickled_and_the_site_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    _use_key(monkeypatch, blocked)  # the key's folder cannot be made
    assert cache.machine_key() is None
    cache_dir = tmp_path / "cache"
    cache.store_result(cache_dir, "links", "k", "clean")
    assert cache.load_result(cache_dir, "links", "k") is None and not cache_dir.exists()
    site_dir = tmp_path / "site"
    shutil.copytree(ROOT / "data", site_dir / "data")
    site, problems = load_site(site_dir, cache_dir)
    assert site is not None and not problems.errors


# --- pickles --------------------------------------------------------------------------------------


def test_an_entry_is_good_for_its_own_key_and_bytes_only(here: Path, tmp_path: Path) -> None:
    cache.store_result(tmp_path, "links", "key-1", {"clean": True})
    assert cache.load_result(tmp_path, "links", "key-1") == {"clean": True}
    assert cache.load_result(tmp_path, "links", "key-2") is None  # stale: not even unpickled
    entry = tmp_path / "links.pickle"
    sealed = bytearray(entry.read_bytes())
    sealed[-2] ^= 1
    entry.write_bytes(bytes(sealed))
    assert cache.load_result(tmp_path, "links", "key-1") is None
    entry.write_bytes(sealed[:10])
    assert cache.load_result(tmp_path, "links", "key-1") is None


def test_an_entry_sealed_with_another_key_is_a_miss_and_our_own_a_hit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_dir = tmp_path / "site"
    shutil.copytree(ROOT / "data", site_dir / "data")
    data_files = sorted(f"data/{p.name}" for p in (site_dir / "data").glob("*.yaml"))
    cache_dir = tmp_path / "cache"
    read = _count_reads(monkeypatch)
    _use_key(monkeypatch, tmp_path / "elsewhere")
    first, _ = load_site(site_dir, cache_dir)  # every entry made, sealed with another machine's key
    assert sorted(read) == data_files
    _use_key(monkeypatch, tmp_path / "here")
    read.clear()
    again, _ = load_site(site_dir, cache_dir)
    assert sorted(read) == data_files, "entries sealed with another key must be made again"
    read.clear()
    cached, _ = load_site(site_dir, cache_dir)
    assert read == [], "this machine's own entries must be served from the cache"
    assert first == again == cached
    monkeypatch.setattr(cache, "load_model", lambda *_: None)  # the parses alone are hits too
    load_site(site_dir, cache_dir)
    assert read == []


def _bait(sealed: bytes, offset: int, marker: Path) -> None:
    """Show that unpickling the entry's payload would create ``marker``: the test's bait is live."""
    pickle.loads(sealed[offset:]).close()  # the value is the file it opened
    assert marker.exists()
    marker.unlink()


@pytest.mark.parametrize("forgery", ["a plain pickle", "a made-up MAC", "another machine's key"])
def test_a_committed_pickle_is_never_unpickled_and_the_build_is_right(
    forgery: str, here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    build(site_dir)
    expected = tree_hashes(site_dir / "site")
    entries = sorted((site_dir / "build" / ".cache").rglob("*.pickle"))
    names = {p.relative_to(site_dir / "build" / ".cache").as_posix() for p in entries}
    data_files = list((site_dir / "data").glob("*.yaml"))
    assert {"site.pickle", "links.pickle", "report.pickle"} <= names  # every name the cache reads
    assert len([n for n in names if n.startswith("parsed/")]) == len(data_files)
    marker = tmp_path / "ran"
    if forgery == "another machine's key":
        # what another machine's build would leave: every entry sealed right, but with its key
        _use_key(monkeypatch, tmp_path / "elsewhere")
        store = cache._store_pickle
        monkeypatch.setattr(cache, "_store_pickle", lambda path, key, _value: store(path, key, _Marker(marker)))
        build(site_dir)
        monkeypatch.setattr(cache, "_store_pickle", store)
        _use_key(monkeypatch, here)
        marker.unlink(missing_ok=True)
        assert sorted((site_dir / "build" / ".cache").rglob("*.pickle")) == entries
        offset = cache.MAC_BYTES
    elif forgery == "a made-up MAC":
        for entry in entries:
            entry.write_bytes(os.urandom(cache.MAC_BYTES) + pickle.dumps(_Marker(marker)))
        offset = cache.MAC_BYTES
    else:  # before entries were sealed, a plain pickle was unpickled before its key was read
        for entry in entries:
            entry.write_bytes(pickle.dumps(_Marker(marker)))
        offset = 0
    for entry in entries:
        _bait(entry.read_bytes(), offset, marker)

    build(site_dir)
    assert not marker.exists(), "a pickle that this machine did not seal was unpickled"
    assert tree_hashes(site_dir / "site") == expected
    read = _count_reads(monkeypatch)
    build(site_dir)  # the entries were made again, sealed with this machine's key: hits
    assert read == [] and not marker.exists()


# --- chart SVGs -----------------------------------------------------------------------------------


def _luton_charts(tmp_path: Path) -> list[Path]:
    charts = sorted((copy_site(ROOT, tmp_path / "luton") / "build" / ".cache" / "charts").glob("*.svg"))
    assert charts
    return charts


def test_every_chart_matplotlib_draws_passes_the_check(tmp_path: Path) -> None:
    svgs = [path.read_bytes() for path in _luton_charts(tmp_path)]
    assert len(svgs) > 10 and all(svg_check.safe_svg(svg) for svg in svgs)


def _after_open_tag(svg: str, insert: str) -> str:
    return re.sub(r"(<svg [^>]*>)", lambda m: m[1] + insert, svg, count=1)


_XHTML = 'xmlns:h="http://www.w3.org/1999/xhtml"'
FORGED: dict[str, Callable[[str], str]] = {
    "script": lambda s: _after_open_tag(s, "<script>alert(1)</script>"),
    "onload": lambda s: s.replace("<svg ", '<svg onload="alert(1)" ', 1),
    "event on a path": lambda s: s.replace("<path ", '<path onmouseover="alert(1)" ', 1),
    "xhtml script": lambda s: _after_open_tag(s, f"<h:script {_XHTML}>alert(1)</h:script>"),
    "foreignObject": lambda s: _after_open_tag(s, "<foreignObject><p>hi</p></foreignObject>"),
    "link": lambda s: _after_open_tag(s, '<a xlink:href="javascript:alert(1)"><text>x</text></a>'),
    "image": lambda s: _after_open_tag(s, '<image xlink:href="https://example.org/x.png"/>'),
    "use of another file": lambda s: re.sub(r'xlink:href="#', 'xlink:href="https://example.org/a.svg#', s, count=1),
    "animation": lambda s: _after_open_tag(s, '<set attributeName="fill" to="red"/>'),
    "outside url in a style": lambda s: s.replace('style="', 'style="fill: url(https://example.org/x); ', 1),
    "css escape": lambda s: s.replace('style="', 'style="fill: u\\72l(https://example.org/x); ', 1),
    "import in the stylesheet": lambda s: s.replace(
        '<style type="text/css">', '<style type="text/css">@import "x.css";', 1
    ),
    "css after a child of the stylesheet": lambda s: s.replace("</style>", "<g/>@import 'x.css';</style>", 1),
    "another property": lambda s: s.replace('style="', 'style="background-image: none; ', 1),
    "stylesheet processing instruction": lambda s: s.replace("<svg ", '<?xml-stylesheet href="x.css"?><svg ', 1),
    "entity": lambda s: s.replace(
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY x "y">]>',
        1,
    ),
    "second doctype": lambda s: s.replace("<svg ", '<!DOCTYPE svg [<!ENTITY x "y">]><svg ', 1),
    "comment": lambda s: _after_open_tag(s, "<!-- x -->"),
    "no prolog": lambda s: s[s.index("<svg ") :],
    "space before the prolog": lambda s: " " + s,
    "not well formed": lambda s: s.replace("</svg>", ""),
    "xml:base": lambda s: s.replace("<svg ", '<svg xml:base="https://example.org/" ', 1),
}


@pytest.mark.parametrize("forgery", sorted(FORGED))
def test_a_chart_with_anything_matplotlib_does_not_write_fails_the_check(forgery: str, tmp_path: Path) -> None:
    original = _luton_charts(tmp_path)[0].read_text("utf-8")
    forged = FORGED[forgery](original)
    assert forged != original
    assert svg_check.safe_svg(original.encode()) and not svg_check.safe_svg(forged.encode())


def test_a_forged_cached_chart_is_drawn_again_and_never_published(here: Path, tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    charts = sorted((site_dir / "build" / ".cache" / "charts").glob("*.svg"))
    good = {path: path.read_bytes() for path in charts}
    for path, forge in ((charts[0], FORGED["script"]), (charts[1], FORGED["onload"])):
        path.write_text(forge(good[path].decode()), "utf-8")
    result = build(site_dir)
    assert (result.charts.rendered, result.charts.cached) == (2, len(charts) - 2)
    assert {path: path.read_bytes() for path in charts} == good  # drawn again into the cache
    published = list((site_dir / "site").rglob("*.svg"))
    assert published
    for svg in published:
        text = svg.read_text("utf-8")
        assert "<script" not in text and "onload" not in text, svg
    assert {svg.read_bytes() for svg in published} >= set(good.values())


def test_a_checked_chart_is_not_parsed_again_until_its_bytes_change(
    here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    charts_dir = copy_site(ROOT, tmp_path / "site") / "build" / ".cache" / "charts"
    keys = [path.stem for path in sorted(charts_dir.glob("*.svg"))]
    parsed: list[bytes] = []
    real = svg_check.safe_svg

    def counting(svg: bytes) -> bool:
        parsed.append(svg)
        return real(svg)

    monkeypatch.setattr("generator.cache.safe_svg", counting)  # the name cache.load_charts calls
    assert set(cache.load_charts(charts_dir, keys)) == set(keys)
    assert len(parsed) == len(keys)  # checked once each
    assert set(cache.load_charts(charts_dir, keys)) == set(keys)
    assert len(parsed) == len(keys)  # remembered: not parsed again
    first = charts_dir / f"{keys[0]}.svg"
    first.write_text(FORGED["script"](first.read_text("utf-8")), "utf-8")
    assert set(cache.load_charts(charts_dir, keys)) == set(keys) - {keys[0]}  # changed bytes: checked, refused
    assert len(parsed) == len(keys) + 1
    (charts_dir / cache.CHECKED_CHARTS).write_bytes(b"0" * 32 + b"".join(f"{k} x\n".encode() for k in keys))
    cache.load_charts(charts_dir, keys)  # a list this machine did not seal counts for nothing
    assert len(parsed) == 2 * len(keys) + 1


def test_charts_drawn_here_are_not_parsed_on_the_next_build(
    here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site", seed_charts=False)
    build(site_dir)  # draws every chart
    parsed: list[bytes] = []

    def counting(svg: bytes) -> bool:
        parsed.append(svg)
        return True

    monkeypatch.setattr("generator.cache.safe_svg", counting)
    result = build(site_dir)
    assert result.charts.cached > 10 and parsed == []


# --- compiled templates ---------------------------------------------------------------------------


def _forge_bytecode(marker: Path) -> tuple[str, bytes]:
    """The key of ``page.md`` and Jinja bytecode for it that creates ``marker``, as a committed file could hold."""
    env = Environment(loader=DictLoader({"page.md": "Hello"}))
    source, filename, _ = env.loader.get_source(env, "page.md")  # type: ignore[union-attr]
    bucket = FileSystemBytecodeCache().get_bucket(env, "page.md", filename, source)
    bucket.code = compile(f"open({str(marker)!r}, 'w').close()", "page.md", "exec")
    return bucket.key, bucket.bytecode_to_string()


def test_compiled_templates_are_loaded_only_when_this_machine_sealed_them(
    here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory, marker = tmp_path / "templates", tmp_path / "ran"
    key, forged = _forge_bytecode(marker)
    path = directory / f"{key}.jinja"
    compiled: list[str] = []

    class Counting(Environment):
        def compile(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
            compiled.append(name)
            return super().compile(source, name, filename, raw, defer_init)

    def render() -> str:
        env = Counting(loader=DictLoader({"page.md": "Hello"}), bytecode_cache=cache.TemplateCache(directory))
        return env.get_template("page.md").render()

    jinja = tmp_path / "jinja"  # the bait is live: Jinja's own cache runs the forged file
    jinja.mkdir()
    (jinja / f"__jinja2_{key}.cache").write_bytes(forged)
    jinjas_own = Environment(
        loader=DictLoader({"page.md": "Hello"}), bytecode_cache=FileSystemBytecodeCache(str(jinja))
    )
    with pytest.raises(KeyError):  # the forged code ran, then Jinja missed what a template defines
        jinjas_own.get_template("page.md")
    assert marker.exists()
    marker.unlink()

    directory.mkdir()
    path.write_bytes(forged)
    assert render() == "Hello" and not marker.exists() and compiled == ["page.md"]
    assert render() == "Hello" and compiled == ["page.md"], "sealed by the first render: a hit"
    _use_key(monkeypatch, tmp_path / "elsewhere")
    sealed_elsewhere = cache.seal("template", key, forged)
    _use_key(monkeypatch, here)
    assert sealed_elsewhere is not None
    path.write_bytes(sealed_elsewhere)
    assert render() == "Hello" and not marker.exists() and compiled == ["page.md"] * 2


# --- the workflows --------------------------------------------------------------------------------


def _workflows() -> dict[str, dict[str, object]]:
    return {
        "publish.yml": yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8")),
        "a new site's publish.yml": yaml.safe_load(WORKFLOW),
    }


@pytest.mark.parametrize("name", ["publish.yml", "a new site's publish.yml"])
def test_no_step_can_read_the_token_and_the_cache_lands_in_an_empty_build_folder(name: str) -> None:
    jobs: dict[str, dict[str, list[dict[str, object]]]] = _workflows()[name]["jobs"]  # type: ignore[assignment]
    checkouts = 0
    for job in jobs.values():
        steps = job["steps"]
        uses = [str(step.get("uses", "")) for step in steps]
        for index, step in enumerate(steps):
            if uses[index].startswith("actions/checkout@"):
                checkouts += 1
                assert step["with"]["persist-credentials"] is False  # type: ignore[index]
                clean = steps[index + 1]
                assert str(clean["run"]).startswith("rm -rf build")
            if uses[index].startswith("actions/cache@"):
                cleans = [i for i, s in enumerate(steps) if str(s.get("run", "")).startswith("rm -rf build")]
                assert cleans and cleans[0] < index
    assert checkouts >= 1
    if name == "publish.yml":
        assert "examples/*/build" in str(jobs["check"]["steps"][1]["run"])
