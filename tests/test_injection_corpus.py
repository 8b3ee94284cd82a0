"""Text from YAML stays text: a corpus of injection vectors in every kind of text field, built and read back.

These are the fields that hold paragraphs; names and titles, which are one line each,
are covered the same way in ``test_injection_everywhere.py``.

Each vector is written into each field twice — inside a sentence and as a paragraph of
its own — with a token that names the field, the vector and the position. After a real
build, every page's content HTML is parsed without a browser: no event handler, no
script URL, no element that runs or submits anything, and the vector's words shown to
the reader as they were written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build

from .conftest import ROOT, copy_site

# What is written in the YAML; a reader must see exactly this. Emphasis is Markdown an
# editor may use, so asterisks are left out when the two are compared.
VECTORS: list[str] = [
    '{: onmouseover="alert(document.domain)" }',
    '*word*{: onclick="alert(1)" }',
    'styled{: style="background:url(javascript:alert(1))" }',
    "{#x .y onfocus=alert(1) autofocus tabindex=1}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example/"><button>Go</button></form>',
    '<div markdown="1" onclick="alert(1)">**md in html**</div>',
    "<svg onload=alert(1)><style>body{display:none}</style>",
    "<javascript:alert(1)> and <https://evil.example/>",
    "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1))",
    "[c](data:text/html;base64,PHNjcmlwdD4=) [d](vbscript:msgbox(1))",
    "![e](javascript:alert(1)) [f](<javascript:alert(1)>)",
    "[g](&#106;avascript:alert(1)) [h](java&#x09;script:alert(1))",
    "[ref1]: javascript:alert(1)\n[go][ref1]",
    "[ref2]: https://evil.example/\n[see][ref2]",
    "*[HTML]: <img src=x onerror=alert(1)>",
    '--8<-- "mkdocs.yml"',
    "{{ 7*7 }} {% raw %}x{% endraw %}",
    '\\{: onclick="alert(1)" \\}',
]

# Text a successful snippet include of mkdocs.yml would put on the page.
INCLUDED_FILE_TEXT = "site_name:"

DANGEROUS_ELEMENTS = {"script", "iframe", "object", "embed", "form", "style", "svg", "input", "button", "textarea"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster", "background"}
SAFE_STYLES = {"text-align: left;", "text-align: right;", "text-align: center;"}
_CONTROL = re.compile(r"[\x00-\x20]+")


def _comparable(text: str) -> str:
    return re.sub(r"[\s*]+", "", text)


def _token(field: str, vector: int, position: str) -> str:
    return f"Zq{field}V{vector:02d}{position}"


def _payload(field: str) -> str:
    """Every vector, inside a sentence and as a paragraph of its own, each behind its token."""
    parts = []
    for number, vector in enumerate(VECTORS):
        parts.append(f"{_token(field, number, 'i')} says {vector} inline.")
        parts.append(f"{_token(field, number, 'b')}\n\n{vector}")
    return "\n\n".join(parts)


def _edit(site_dir: Path, file: str, change: Callable[[Any], None]) -> None:
    path = site_dir / "data" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")


def _set(record: dict[str, Any], key: str, field: str) -> None:
    record[key] = _payload(field)


LUTON_FIELDS: dict[str, tuple[str, Callable[[Any], None]]] = {
    "OutcomeSummary": ("outcomes.yaml", lambda d: _set(d["outcomes"][0], "summary", "OutcomeSummary")),
    "PriorityText": ("outcomes.yaml", lambda d: _set(d["outcomes"][0]["priorities"][0], "text", "PriorityText")),
    "WhatWeKnow": ("outcomes.yaml", lambda d: _set(d["outcomes"][0]["what_we_know"][0], "text", "WhatWeKnow")),
    "IndicatorDefinition": ("indicators.yaml", lambda d: _set(d["indicators"][0], "definition", "IndicatorDefinition")),
    "GlossaryEntry": ("glossary.yaml", lambda d: _set(d["glossary"][0], "definition", "GlossaryEntry")),
    "PlanSection": ("plan-five-year.yaml", lambda d: _set(d["plans"][0]["sections"][0], "body", "PlanSection")),
    "ProgrammeSummary": (
        "plan-five-year.yaml",
        lambda d: _set(d["plans"][0]["programmes"][0], "summary", "ProgrammeSummary"),
    ),
    "BoardRole": ("boards.yaml", lambda d: _set(d["boards"][0], "role", "BoardRole")),
    "OpenQuestion": ("open_questions.yaml", lambda d: _set(d["open_questions"][0], "question", "OpenQuestion")),
    "Principle": ("principles.yaml", lambda d: _set(d["principles"][0], "text", "Principle")),
    "StrategySection": ("strategy.yaml", lambda d: _set(d["strategy"]["sections"][0], "body", "StrategySection")),
}

LEICESTERSHIRE_FIELDS: dict[str, tuple[str, Callable[[Any], None]]] = {
    "ActionText": ("outcomes.yaml", lambda d: _set(d["outcomes"][0]["actions"][0], "text", "ActionText")),
    "MilestoneText": (
        "outcomes.yaml",
        lambda d: _set(d["outcomes"][0]["actions"][0]["milestones"][0], "text", "MilestoneText"),
    ),
}


class _ContentReader(HTMLParser):
    """The content area of a built page: its elements, attributes and the text a reader sees."""

    def __init__(self, root: tuple[str, str] = ("article", "md-content__inner")) -> None:
        super().__init__(convert_charrefs=True)
        self.root = root  # the element holding the content: a page's article, the report's main
        self.depth = 0  # > 0 inside the page's article
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if self.depth == 0 and tag == self.root[0] and self.root[1] in classes:
            self.depth = 1
            return
        if self.depth:
            self.elements.append((tag, attrs))
            if tag not in {"br", "img", "hr", "wbr", "source", "col"}:
                self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in {"br", "img", "hr", "wbr", "source", "col"}:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def _read(page: Path) -> _ContentReader:
    reader = _ContentReader(("main", "") if page.name == "editors-report.html" else ("article", "md-content__inner"))
    reader.feed(page.read_text(encoding="utf-8"))
    return reader


def _dangers(page: Path, reader: _ContentReader) -> list[str]:
    found = []
    for tag, attrs in reader.elements:
        if tag in DANGEROUS_ELEMENTS:
            found.append(f"{page}: <{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"{page}: <{tag} {name}=…> event handler")
            if name == "style" and value not in SAFE_STYLES:
                found.append(f"{page}: <{tag} style={value!r}>")
            if name in URL_ATTRIBUTES and re.match(r"(?i)(javascript|vbscript|data):", _CONTROL.sub("", value)):
                found.append(f"{page}: <{tag} {name}={value!r}>")
    return found


def _built_with_vectors(tmp: Path, source: Path, fields: dict[str, tuple[str, Callable[[Any], None]]]) -> Path:
    site_dir = copy_site(source, tmp)
    for file, change in fields.values():
        _edit(site_dir, file, change)
    build(site_dir)
    return site_dir


@pytest.fixture(scope="module")
def injected_sites(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, dict[str, Any]]]:
    return [
        (_built_with_vectors(tmp_path_factory.mktemp("luton-xss"), ROOT, LUTON_FIELDS), LUTON_FIELDS),
        (
            _built_with_vectors(
                tmp_path_factory.mktemp("leics-xss"), ROOT / "examples" / "leicestershire", LEICESTERSHIRE_FIELDS
            ),
            LEICESTERSHIRE_FIELDS,
        ),
    ]


def test_the_corpus_covers_every_class_of_markup() -> None:
    written = "\n".join(VECTORS)
    classes = ["{:", "<script", "onerror", "<iframe", "<object", "<embed", "<form", 'markdown="1"', "<javascript:"]
    classes += ["](javascript:", "](data:", "](vbscript:", "[ref1]:", "*[HTML]:", "--8<--", "{{", "style="]
    for syntax in classes:
        assert syntax in written, syntax
    assert len(VECTORS) >= 15


def _pages_and_report(site_dir: Path) -> list[Path]:
    """Every public page, and the editors' report, where open questions are shown now."""
    return [*sorted((site_dir / "site").rglob("*.html")), site_dir / "build" / "report" / "editors-report.html"]


def test_no_page_runs_or_submits_anything_from_data(injected_sites: list[tuple[Path, dict[str, Any]]]) -> None:
    problems: list[str] = []
    pages = 0
    for site_dir, _fields in injected_sites:
        for page in _pages_and_report(site_dir):
            pages += 1
            reader = _read(page)
            problems += _dangers(page.relative_to(site_dir), reader)
            assert INCLUDED_FILE_TEXT not in "".join(reader.text), f"{page}: a snippet include read a file"
    assert pages > 20
    assert not problems, "\n".join(problems[:40])


def test_every_vector_is_shown_as_written_in_every_field(injected_sites: list[tuple[Path, dict[str, Any]]]) -> None:
    missing: list[str] = []
    for site_dir, fields in injected_sites:
        text = "".join(
            _comparable("".join(_read(page).text)) for page in _pages_and_report(site_dir)
        )
        for field in fields:
            for number, vector in enumerate(VECTORS):
                shown = _comparable(vector)
                inline = f"{_token(field, number, 'i')}says{shown}inline."
                block = _token(field, number, "b") + shown
                for position, expected in (("in a sentence", inline), ("as a paragraph", block)):
                    if expected not in text:
                        missing.append(f"{field}, vector {number} {position}: {vector!r}")
    assert not missing, f"{len(missing)} not shown as written:\n" + "\n".join(missing[:40])
