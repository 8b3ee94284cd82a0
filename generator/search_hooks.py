"""The search index holds the words residents type: ``A&E``, not ``A&amp;E``.

mkdocs-material's search plugin stores each section's text as HTML, with ``&`` written
as ``&amp;``. Its search box matches the typed words against that text as written, so
"A&E" never matched ``A&amp;E``. After the plugin has written the index, this hook
writes each ampersand back as ``&`` wherever a bare ``&`` cannot be read as the start of
a character reference, so what the index holds and what the reader types agree, and the
result previews still show the same text.

The site's ``mkdocs.yml`` sets the search ``separator`` that splits text into words; it
keeps ``&`` inside words and splits at punctuation, so "(A&E)," is the word ``a&e``.

MkDocs loads hooks by file path, not as part of the ``generator`` package, so this file
imports nothing from the package.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"
_ESCAPED_AMPERSAND = re.compile(r"&amp;(?=([#A-Za-z0-9]*;?))")


def readable_ampersands(text: str) -> str:
    """``A&amp;E`` becomes ``A&E``; ``&amp;lt;`` and ``&amp;ETH`` stay as they are.

    A bare ``&`` is safe in HTML text when what follows it is not a character reference
    (``&E`` is not one; ``&ETH`` and ``&lt;`` are), so the preview shows the same text.
    """

    def decode(match: re.Match[str]) -> str:
        after = match.group(1)
        return "&" if html.unescape("&" + after) == "&" + after else match.group(0)

    return _ESCAPED_AMPERSAND.sub(decode, text)


def readable_index(index: dict[str, Any]) -> dict[str, Any]:
    """The index with readable ampersands in every title and text."""
    for doc in index.get("docs", []):
        for field in ("title", "text"):
            if isinstance(doc.get(field), str) and "&amp;" in doc[field]:
                doc[field] = readable_ampersands(doc[field])
    return index


def on_post_build(config: Any) -> None:
    """Rewrite the index the search plugin has just written (hooks run after plugins)."""
    path = Path(config.site_dir) / INDEX
    if not path.is_file():
        return
    raw = path.read_text(encoding="utf-8")
    if "&amp;" not in raw:
        return
    index = readable_index(json.loads(raw))
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=True), encoding="utf-8")
