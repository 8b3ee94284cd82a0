"""Files of the tool's own repository that a council's repository gets a copy of.

The exact versions the tool was tested with (``constraints.txt``) and the editors' guides
(``EDITING.md``, ``DATA.md``) live at the root of this repository. The wheel carries them
as ``generator/shipped_files/`` (pyproject.toml maps that package to the root), so that
``strategy-site new`` and ``strategy-site upgrade`` can write them wherever the tool is
installed; in a source checkout they are read from the root itself.
"""

from __future__ import annotations

import re
from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent / "shipped_files"
_CHECKOUT = Path(__file__).resolve().parent.parent

CONSTRAINTS = "constraints.txt"


def shipped_path(name: str) -> Path:
    """The shipped file ``name``: inside the installed package, or at the root of a source checkout."""
    packaged = _PACKAGED / name
    return packaged if packaged.is_file() else _CHECKOUT / name


def shipped_text(name: str) -> str:
    return shipped_path(name).read_text(encoding="utf-8")


def normalise(name: str) -> str:
    """A distribution's name as package indexes compare names (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pin_lines(text: str | None = None) -> list[str]:
    """The ``name==version`` lines of a constraints file (the shipped one unless ``text`` is given)."""
    source = shipped_text(CONSTRAINTS) if text is None else text
    return [line.strip() for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def pins(text: str | None = None) -> dict[str, str]:
    """Each pinned distribution's normalised name and its exact version."""
    found = {}
    for line in pin_lines(text):
        name, separator, version = line.partition("==")
        if separator:
            found[normalise(name.strip())] = version.strip()
    return found
