"""Problems as GitHub Actions workflow commands, so they show on a pull request's changed line.

Editors who work in GitHub's web editor never read a job log. A line such as
``::error file=data/indicators.yaml,line=42,title=…::message`` is picked up by the
runner and drawn as an annotation beside line 42 of the file in the pull request.
The plain ``file:line: message`` format stays the default everywhere else.

Escaping follows GitHub's runner (``toolkit/packages/core/src/command.ts``): in the
message ``%``, CR and LF are escaped; in a property value also ``:`` and ``,``.

Everything else the tool prints is not a command, and text from the data must never
become one: the runner reads a line as a command when it starts with ``::`` after any
leading whitespace, or when ``##[`` appears anywhere in it (the old form). ``log_text``
makes such text inert, and ``summary_text`` makes data text inert in the Markdown of a
pull request's job summary, where raw HTML (``<!--`` hides everything after it) and
Markdown (links, emphasis, headings) would let an editor hide or forge what reviewers read.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
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


# Characters that end a line for someone (CR for the runner, U+2028 for an editor) or
# reorder or hide what is shown (bidirectional controls): each becomes a space.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(char: str) -> bool:
    return char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp")


def one_line(text: str) -> str:
    """The text on one line: line breaks, control and bidirectional characters become spaces."""
    return "".join(" " if _unsafe(char) else char for char in text)


def log_text(text: str) -> str:
    """Text the tool prints that is not its own workflow command, made unable to become one.

    Each line (the text's own ``\\n`` separates them) is flattened with ``one_line``; a
    line that would start with ``::`` gets a backslash before it (Markdown shows ``\\:``
    as ``:``; the runner only trims whitespace), and ``##[`` becomes ``#\\#[``.
    """
    lines = []
    for line in text.split("\n"):
        line = one_line(line).replace("##[", "#\\#[")
        body = line.lstrip()
        if body.startswith("::"):
            line = line[: len(line) - len(body)] + "\\" + body
        lines.append(line)
    return "\n".join(lines)


_MARKDOWN_ACTIVE = re.compile(r"[\\`*_\[\]#|~$]")
_BLOCK_START = re.compile(r"^(?:[-+]|\d+[.)])")


def summary_text(text: str) -> str:
    """Text from the data as inert Markdown for a job summary: shown as written, on one line.

    Newlines, control and bidirectional characters become spaces (a line of its own
    could start a heading, a list or a workflow command); ``&``, ``<`` and ``>`` become
    entities (no HTML, no comment hiding what follows); the characters that make links,
    images, emphasis, code, headings, tables, strikethrough and maths are backslash-escaped,
    as is a ``-``, ``+`` or ``1.`` that would start a list. Parentheses and full stops are
    left alone: without ``[`` they make nothing.
    """
    flat = " ".join(one_line(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _MARKDOWN_ACTIVE.sub(lambda m: "\\" + m[0], flat)
    return _BLOCK_START.sub(lambda m: m[0][:-1] + "\\" + m[0][-1], flat)


def code_span(text: str) -> str:
    """Text as a Markdown code span (a file name, a place): shown exactly, whatever backticks it holds.

    Nothing inside a code span is Markdown or HTML; the fence is one backtick longer than
    the longest run of backticks in the text, so the text cannot close it.
    """
    flat = " ".join(one_line(text).split())
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


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


#: The most problems a job summary lists: GitHub refuses a step's summary past 1 MiB.
SUMMARY_LIMIT = 200


def problems_summary(problems: Sequence[Problem], command: str, said: str, prefix: str = "") -> str:
    """A failed check as Markdown for the job summary: what stopped it, then each problem at its file and line.

    Each place is a code span and each message inert text (``summary_text``): the
    messages quote the data, which must not be able to hide or forge a line here.
    """
    errors = [p for p in problems if p.severity == "error"]
    others = [p for p in problems if p.severity != "error"]
    lines = [f"## {code_span(command)} failed: {summary_text(said)}", ""]
    lines += ["Nothing is published until these are fixed. Each is also shown on its line in the pull request.", ""]
    shown = [*errors, *others][:SUMMARY_LIMIT]
    for problem in shown:
        where = problem.where
        place = f"{prefix}{where}" if where.file and not where.file.startswith("<") else str(where)
        label = "" if problem.severity == "error" else f"{problem.severity}: "
        lines.append(f"- {code_span(place)}: {summary_text(label + problem.message)}")
    if len(problems) > len(shown):
        lines.append(f"- … and {len(problems) - len(shown)} more in the job's log")
    return "\n".join(lines) + "\n\n"


def append_step_summary(markdown: str, environ: Mapping[str, str] | None = None) -> bool:
    """Append to the job summary file the runner names in ``GITHUB_STEP_SUMMARY``; False when there is none.

    Appended, as GitHub expects: other steps of the job write to the same file.
    """
    environ = os.environ if environ is None else environ
    path = environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    with Path(path).open("a", encoding="utf-8") as summary:
        summary.write(markdown)
    return True
