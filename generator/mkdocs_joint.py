"""The one joint with MkDocs: run a strict build in this process, and clean every page's HTML.

Every MkDocs-specific line of the tool lives here, so that a move to another builder
(mkdocs-material's successor reads ``mkdocs.yml`` but not MkDocs' Python API) touches
this file only. Two jobs, both MkDocs' interfaces:

- ``run`` builds a generated config with MkDocs' Python API (``load_config`` and
  ``commands.build.build``), the way ``mkdocs build --strict`` does, and turns the
  warnings MkDocs logs into problems — a broken link in a hand-written page at its own
  file and line.
- ``on_page_content`` is a MkDocs hook: the generated config lists this file under
  ``hooks:``, so MkDocs (which loads hooks by path, not as part of the ``generator``
  package) hands it each page's HTML before the theme wraps it and search reads it.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.problems import InputError, Problem, Where

HOOKS_FILE = Path(__file__).resolve()


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Every page's HTML through the allowlist before the theme wraps it or search reads it."""
    from generator.sanitize import clean_html

    return clean_html(html)


class _Collect(logging.Handler):
    """MkDocs' warnings and errors in this build, as it logs them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for MkDocs (it reads SOURCE_DATE_EPOCH from there) and put them back."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(config_file: Path, out_dir: Path, site_dir: Path, environment: Mapping[str, str]) -> None:
    """Build ``config_file`` strictly into ``out_dir``; raise InputError with every warning on failure."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collected = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collected)
    try:
        with _environment(environment):
            config = load_config(config_file=str(config_file), strict=True, site_dir=str(out_dir))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except MkDocsException as exc:
        messages = [record.getMessage() for record in collected.records]
        if not str(exc).startswith("Aborted with"):  # strict mode's summary adds nothing to the warnings
            messages.append(str(exc))
        raise InputError(
            [_problem(site_dir, message) for message in messages[-30:]]
            or [Problem(Where("mkdocs.yml"), "MkDocs failed without a message")]
        ) from None
    finally:
        mkdocs_log.removeHandler(collected)


_LINK_WARNING = re.compile(r"Doc file '([^']+)' contains a (?:link|relative link) '([^']+)'")


def _problem(site_dir: Path, message: str) -> Problem:
    """MkDocs' message, placed at the content page and line it is about when there is one."""
    if (match := _LINK_WARNING.search(message)) and (site_dir / "content" / match[1]).is_file():
        page, link = match[1], match[2]
        lines = (site_dir / "content" / page).read_text("utf-8").splitlines()
        number = next((n for n, content in enumerate(lines, 1) if link in content), 0)
        return Problem(
            Where(f"content/{page}", number),
            f"the link '{link}' goes to no page of the site; check its spelling and that the page exists",
        )
    return Problem(Where("mkdocs.yml"), f"MkDocs: {message}")
