"""External links in a site's data, with the file and line of each, and their HTTP status when online.

Strategies cite many documents whose addresses move; an editor needs a list of the
ones that no longer answer, pointing at the line to fix.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..loader import MarkedDict, MarkedList, data_files, load_yaml
from ..problems import Where, display_path

URL = re.compile(r"https?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:]")


@dataclass(frozen=True)
class Link:
    url: str
    where: Where


def _strings(node: Any, where: Where) -> Iterator[tuple[str, Where]]:
    if isinstance(node, MarkedDict):
        for key, value in node.items():
            yield from _strings(value, node.where_of(key))
    elif isinstance(node, MarkedList):
        for index, value in enumerate(node):
            yield from _strings(value, node.where_of(index))
    elif isinstance(node, str):
        yield node, where


def external_links(site_dir: Path) -> list[Link]:
    """Every http(s) address written in the data files, in file and line order."""
    links: list[Link] = []
    for path in data_files(site_dir / "data"):
        file = display_path(path, site_dir)
        document = load_yaml(path, file)
        for text, where in _strings(document, document.where):
            links.extend(Link(url, where) for url in URL.findall(text))
    return links


def http_status(url: str, timeout: float = 10.0) -> str:
    """The address's HTTP status as text, or what went wrong."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "strategy-site link check"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return str(response.status)
    except urllib.error.HTTPError as exc:
        return str(exc.code)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"no answer ({reason})"
