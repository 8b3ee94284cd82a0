"""Where "Edit this page" points: the YAML file and line a page is made from, on the site's repository.

Every page is generated, so MkDocs' own edit link would open a Markdown file that does
not exist in the repository; the editor needs the data file instead.

The address is built from a branch name and file names that someone other than the
tool chose, and the theme puts it in an ``href``: only an http(s) repository address is
used, every other part is percent-encoded, and the front matter holds it as a quoted
string.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import yaml

from .problems import Where


class _Lenient(yaml.SafeLoader):
    """Reads mkdocs.yml files that use MkDocs' own tags (!ENV, !!python/name) without running them."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def site_config(site_dir: Path) -> dict[str, Any]:
    """The site's own ``mkdocs.yml`` as plain data, or nothing when it cannot be read (MkDocs says why)."""
    try:
        config = yaml.load((site_dir / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient)
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def _repository_root(site_dir: Path) -> Path | None:
    for folder in [site_dir.resolve(), *site_dir.resolve().parents]:
        if (folder / ".git").exists():
            return folder
    return None


def edit_base(site_dir: Path) -> str | None:
    """The address that data paths are appended to, or None when the site names no repository.

    The repository comes from ``extra.edit_repo`` in the site's mkdocs.yml, or from the
    variables GitHub Actions sets while it builds. ``repo_url`` is not used: the theme
    would then ask GitHub's API for star counts, a request to another website.
    """
    config = site_config(site_dir)
    extra = config.get("extra") if isinstance(config, dict) else None
    extra = extra if isinstance(extra, dict) else {}
    repository = extra.get("edit_repo")
    if not repository and os.environ.get("GITHUB_REPOSITORY"):
        repository = f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{os.environ['GITHUB_REPOSITORY']}"
    address = _repository_address(repository)
    if address is None:
        return None
    branch = _branch_path(extra.get("edit_branch") or os.environ.get("GITHUB_REF_NAME") or "main")
    if branch is None:
        return None
    root = _repository_root(site_dir)
    prefix = site_dir.resolve().relative_to(root).as_posix() if root else ""
    prefix = "" if prefix in ("", ".") else quote(prefix, safe="/") + "/"
    return f"{address}/blob/{branch}/{prefix}"


_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?")


def _repository_address(repository: object) -> str | None:
    """``https://host/owner/name`` with its path percent-encoded, or None for anything but an http(s) address.

    No ``javascript:`` or ``data:`` link, no user name or password in the address, no
    query or fragment, and nothing a browser would quietly drop (spaces, control characters).
    """
    if not isinstance(repository, str) or not repository or any(c.isspace() or not c.isprintable() for c in repository):
        return None
    parts = urlsplit(repository)
    if parts.scheme.lower() not in ("http", "https") or not _HOST.fullmatch(parts.netloc):
        return None
    if parts.query or parts.fragment or "?" in repository or "#" in repository:
        return None
    path = quote(unquote(parts.path).strip("/"), safe="/")
    return f"{parts.scheme.lower()}://{parts.netloc}" + (f"/{path}" if path else "")


def _branch_path(branch: object) -> str | None:
    """The branch as it goes in the address (``/`` kept, everything else percent-encoded), or None if unusable."""
    text = str(branch)
    if any(segment in ("", ".", "..") for segment in text.split("/")):
        return None  # a browser would resolve "..", leaving the repository
    return quote(text, safe="/")


def edit_url(base: str | None, where: Where) -> str | None:
    if base is None or where.file.startswith("<"):
        return None
    return f"{base}{quote(where.file, safe='/')}" + (f"#L{where.line}" if where.line else "")


def with_edit_url(markdown: str, url: str | None) -> str:
    """The page with ``edit_url`` (when there is one) in its front matter, as a quoted YAML string.

    ``json.dumps`` writes a string YAML reads back as the same string, so no character in
    the address can end the value or the front matter. Pages never set their own: the
    templates do not, and a hand-written page's front matter is on an allowlist
    (``content.py``) that leaves it out.
    """
    if url is None:
        return markdown
    line = f"edit_url: {json.dumps(url)}\n"
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown[4:]
    return f"---\n{line}---\n" + markdown
