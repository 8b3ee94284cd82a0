"""Where "Edit this page" points: the YAML file and line a page is made from, on the site's repository.

Every page is generated, so MkDocs' own edit link would open a Markdown file that does
not exist in the repository; the editor needs the data file instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .problems import Where


class _Lenient(yaml.SafeLoader):
    """Reads mkdocs.yml files that use MkDocs' own tags (!ENV, !!python/name) without running them."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def _site_config(site_dir: Path) -> dict[str, Any]:
    try:
        return yaml.load((site_dir / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient) or {}
    except (OSError, yaml.YAMLError):
        return {}


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
    config = _site_config(site_dir)
    extra = config.get("extra") or {}
    repository = extra.get("edit_repo")
    if not repository and os.environ.get("GITHUB_REPOSITORY"):
        repository = f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{os.environ['GITHUB_REPOSITORY']}"
    if not repository:
        return None
    branch = extra.get("edit_branch") or os.environ.get("GITHUB_REF_NAME") or "main"
    root = _repository_root(site_dir)
    prefix = site_dir.resolve().relative_to(root).as_posix() if root else ""
    prefix = "" if prefix in ("", ".") else prefix + "/"
    return f"{str(repository).rstrip('/')}/blob/{branch}/{prefix}"


def edit_url(base: str | None, where: Where) -> str | None:
    if base is None or where.file.startswith("<"):
        return None
    return f"{base}{where.file}" + (f"#L{where.line}" if where.line else "")


def with_edit_url(markdown: str, url: str | None) -> str:
    """The page with ``edit_url`` in its front matter."""
    if url is None:
        return markdown
    line = f"edit_url: {url}\n"
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown[4:]
    return f"---\n{line}---\n" + markdown
