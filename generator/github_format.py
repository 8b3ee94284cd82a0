"""Problems as GitHub Actions workflow commands, so they show on a pull request's changed line.

Editors who work in GitHub's web editor never read a job log. A line such as
``::error file=data/indicators.yaml,line=42,title=…::message`` is picked up by the
runner and drawn as an annotation beside line 42 of the file in the pull request.
The plain ``file:line: message`` format stays the default everywhere else.

Escaping follows GitHub's runner (``toolkit/packages/core/src/command.ts``): in the
message ``%``, CR and LF are escaped; in a property value also ``:`` and ``,``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .problems import Problem

PLAIN = "plain"
GITHUB = "github"
FORMATS = (PLAIN, GITHUB)


def default_format(environ: Mapping[str, str] | None = None) -> str:
    """``github`` inside a GitHub Actions job (the runner sets ``GITHUB_ACTIONS=true``), else ``plain``."""
    environ = os.environ if environ is None else environ
    return GITHUB if environ.get("GITHUB_ACTIONS") == "true" else PLAIN


def escape_data(text: str) -> str:
    """A workflow command's message: the runner would read a raw newline as the command's end."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title): ``:`` and ``,`` separate properties, so they are escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def repository_prefix(site_dir: Path, workspace: Path | None = None) -> str:
    """The site folder as a path inside the repository, so annotations land on the right file.

    Problems name files relative to the site folder (``data/x.yaml``); GitHub needs them
    relative to the repository root (``examples/anytown/data/x.yaml``). The root is
    ``GITHUB_WORKSPACE`` on a runner and the working folder elsewhere.
    """
    root = workspace or Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    try:
        relative = site_dir.resolve().relative_to(root.resolve())
    except ValueError:
        return ""
    text = relative.as_posix()
    return "" if text == "." else text + "/"


def workflow_command(problem: Problem, prefix: str = "") -> str:
    """One problem as ``::error …::`` or ``::warning …::`` (other severities are shown as notices)."""
    command = {"error": "error", "warning": "warning"}.get(problem.severity, "notice")
    properties = []
    if problem.where.file and not problem.where.file.startswith("<"):
        properties.append(f"file={escape_property(prefix + problem.where.file)}")
        if problem.where.line:
            properties.append(f"line={problem.where.line}")
    title = "Problem in the data" if command == "error" else "Check this in the data"
    properties.append(f"title={escape_property(title)}")
    return f"::{command} {','.join(properties)}::{escape_data(problem.message)}"


def format_problem(problem: Problem, output_format: str, prefix: str = "") -> str:
    """The problem in the chosen format: ``file:line: message`` or a workflow command."""
    return workflow_command(problem, prefix) if output_format == GITHUB else str(problem)
