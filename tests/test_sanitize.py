"""The second wall: page HTML is cleaned even when markup gets past the escaping.

Content pages are the editors' own Markdown and a site may override a template, so
these build pages that emit dangerous HTML on purpose and check what reaches ``site/``.
"""

from __future__ import annotations

from pathlib import Path

from generator.build import build
from generator.sanitize import clean_html

from .conftest import ROOT, copy_site
from .test_injection_corpus import _dangers, _read

HOSTILE_CONTENT = """# Hostile page

A paragraph that an attribute list gives a handler.
{: onmouseover="alert(document.domain)" }

*emphasis*{: onclick="alert(1)" style="background:url(javascript:alert(1))" }

<div markdown="1" onclick="alert(1)">**inside md_in_html**</div>

<script>alert("content page")</script>
<iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name="q"><button>Send</button></form>

[a script link](javascript:alert(1)) and ![an image](data:image/svg+xml;base64,PHN2Zz4=)

| Left | Right |
|:-----|------:|
| one  | 1     |

Kept words after the hostile ones.
"""


def test_a_content_page_keeps_its_text_and_loses_every_handler(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "site")
    (site_dir / "content" / "hostile.md").write_text(HOSTILE_CONTENT, encoding="utf-8")
    build(site_dir)
    page = site_dir / "site" / "hostile" / "index.html"
    reader = _read(page)
    assert _dangers(page, reader) == []
    text = " ".join("".join(reader.text).split())
    assert "A paragraph that an attribute list gives a handler." in text
    assert "inside md_in_html" in text
    assert "Kept words after the hostile ones." in text
    # Markdown's own table alignment is the one style attribute kept.
    assert ("td", [("style", "text-align: right;")]) in reader.elements


def test_a_template_slip_is_cleaned_too(tmp_path: Path) -> None:
    """A site's own template that prints raw HTML still cannot put a handler on the page."""
    site_dir = copy_site(ROOT, tmp_path / "site")
    overrides = site_dir / "site_templates"
    overrides.mkdir(exist_ok=True)
    original = (ROOT / "site_templates" / "glossary.md.j2").read_text(encoding="utf-8")
    slip = '<p onclick="alert(1)" style="color:red">A slip in a template</p>\n<script>alert(2)</script>\n\n'
    (overrides / "glossary.md.j2").write_text(original.replace("\n", "\n" + slip, 1), encoding="utf-8")
    build(site_dir)
    page = site_dir / "site" / "glossary" / "index.html"
    reader = _read(page)
    assert _dangers(page, reader) == []
    assert "A slip in a template" in "".join(reader.text)


def test_the_allowlist_keeps_what_generated_pages_use() -> None:
    kept = (
        '<h2 id="x">Title<a class="headerlink" href="#x" title="Link">¶</a></h2>'
        '<p><abbr title="General practitioner">GP</abbr> <span aria-hidden="true">✓</span></p>'
        '<div class="admonition note" data-search-exclude=""><p class="admonition-title">Note</p></div>'
        '<img alt="A chart" class="chart" loading="lazy" src="../charts/a.svg" width="640" height="360">'
        '<a href="mailto:team@example.org">mail</a><a href="https://example.org/">web</a>'
    )
    assert clean_html(kept) == kept


def test_the_allowlist_drops_what_runs() -> None:
    cleaned = clean_html(
        '<p onclick="x" style="color:red">a</p><a href="javascript:alert(1)">b</a><a href="vbscript:x">c</a>'
        '<img src="data:image/png;base64,AAAA" alt="d"><a href=" java\tscript:alert(1)">e</a>'
        "<script>alert(1)</script><object>f</object><embed src=x><form><input></form><iframe>g</iframe>"
    )
    assert cleaned == '<p>a</p><a>b</a><a>c</a><img alt="d"><a>e</a>'
