"""Read YAML files into plain data that remembers the file and line of every value.

PyYAML's own loader forgets where values came from and silently keeps the last of two
duplicate keys, losing an editor's text without a word. Here the node tree is walked
by hand so that every mapping, list and scalar keeps its line, duplicate keys are
errors naming both lines, and aliases (the "billion laughs" bomb) are refused before
anything is expanded.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from . import cache, site_files
from .problems import InputError, Problem, Where

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_PLAIN_FLOAT = re.compile(r"^-?\d+\.\d+$")
#: A number written with a comma, ``62,4`` or ``12,332``: in a flow mapping YAML splits it into a value and a key.
COMMA_NUMBER = re.compile(r"[-+]?\d+(?:,\d+)+")
MAX_DEPTH = 60
#: The most digits a whole number may have (Python refuses to read past 4,300; a float holds about 17).
MAX_DIGITS = 30

try:  # the C parser is several times faster; fall back when libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


class MarkedDict(dict[str, Any]):
    """A mapping from YAML that knows where it and each of its keys were written.

    Lines are kept as plain numbers and turned into ``Where`` only when a message needs
    one: a large site has hundreds of thousands of keys.

    ``raw`` holds a value's text as written when YAML read it as something else (``1.10``
    as the number 1.1); for a key that is the tail of a number written with a comma
    (``{value: 62,4}`` gives ``value: 62`` and a key ``4``), the whole number as written.
    """

    where: Where
    key_lines: dict[Any, int]
    raw: dict[Any, str]

    def __init__(self, where: Where):
        super().__init__()
        self.where = where
        self.key_lines = {}
        self.raw = {}

    def where_of(self, key: Any) -> Where:
        line = self.key_lines.get(key)
        return self.where if line is None else Where(self.where.file, line)


class MarkedList(list[Any]):
    """A list from YAML that knows where it and each of its items were written."""

    where: Where
    item_lines: list[int]
    raw: list[str | None]

    def __init__(self, where: Where):
        super().__init__()
        self.where = where
        self.item_lines = []
        self.raw = []

    def where_of(self, index: int) -> Where:
        if 0 <= index < len(self.item_lines):
            return Where(self.where.file, self.item_lines[index])
        return self.where

    def add(self, value: Any, where: Where, raw: str | None) -> None:
        self.append(value)
        self.item_lines.append(where.line)
        self.raw.append(raw)


_TAB_HINT = "a tab character is used for indentation; YAML needs spaces (use 2 spaces)"
_QUOTE_HINT = "a quote is opened on this line but never closed; add the closing quote"
_HINTS = (
    ("found character '\\t'", _TAB_HINT),
    ("while scanning a quoted scalar", _QUOTE_HINT),
    (
        "mapping values are not allowed",
        "a line is indented more than the line above, or text holds a colon followed by a space; line up the "
        "indentation, or put text that contains ': ' in quotes",
    ),
    ("did not find expected key", "the indentation does not line up with the lines above; check the spaces"),
    ("expected <block end>", "the indentation does not line up with the lines above; check the spaces"),
    ("did not find expected '-' indicator", "a list item is indented differently from the items above it"),
    ("could not find expected ':'", "a line has no 'key: value' form; add the colon or join it to the line above"),
    ("found undefined alias", "'*' starts an alias in YAML; put text that starts with '*' in quotes"),
    ("found character '@'", "text cannot start with '@' or '`' in YAML; put it in quotes"),
    ("found character '`'", "text cannot start with '@' or '`' in YAML; put it in quotes"),
)


_OPENING_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?(["'])""")


def _unclosed_quote_line(lines: list[str], before: int) -> int | None:
    """The first line before ``before`` whose value opens a quote it does not close."""
    for number, line in enumerate(lines[:before], start=1):
        match = _OPENING_QUOTE.match(line)
        if not match:
            continue
        quote = match.group(1)
        rest = line[match.end() :].replace('\\"', "").replace("''", "")
        if quote not in rest:
            return number
    return None


def _syntax_problem(file: str, exc: yaml.YAMLError, text: str) -> Problem:
    """Turn a PyYAML error into one plain-English line pointing at the right line."""
    message = str(exc)
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    hint = next((h for needle, h in _HINTS if needle in message), None)
    if "while scanning a quoted scalar" in message and context_mark is not None:
        mark = context_mark
    line = mark.line + 1 if mark is not None else 0
    if isinstance(exc, yaml.reader.ReaderError):  # it knows the character's position, not its line
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        problem = f"{exc.reason} (character U+{code:04X}, invisible); delete it, or retype the text around it"
        return Problem(Where(file, line), f"YAML syntax error: {problem}")
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
        hint = _TAB_HINT
    elif hint != _QUOTE_HINT and (quoted := _unclosed_quote_line(lines, line)) is not None:
        line, hint = quoted, _QUOTE_HINT
    problem = getattr(exc, "problem", None) or message.splitlines()[0]
    message = f"YAML syntax error: {hint}" if hint else f"YAML syntax error: {problem}"
    return Problem(Where(file, line), message)


class _Builder:
    """Walks a composed node tree into MarkedDict / MarkedList / scalars."""

    def __init__(self, file: str, text: str = ""):
        self.file = file
        self.lines = text.splitlines()
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.seen: set[int] = set()
        self.problems: list[Problem] = []

    def where(self, node: yaml.Node) -> Where:
        return Where(self.file, node.start_mark.line + 1)

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if id(node) in self.seen:
            self.problems.append(
                Problem(
                    self.where(node),
                    "anchors and aliases (&name / *name) are not allowed in data files; write the value out in full",
                )
            )
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problems.append(Problem(self.where(node), f"data is nested more than {MAX_DEPTH} levels deep"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = MarkedList(self.where(node))
            previous: yaml.Node | None = None
            for child in node.value:
                raw = child.value if isinstance(child, yaml.ScalarNode) else None
                where = self.where(child)
                if raw == "" and child.tag.endswith(":null"):
                    # an empty item's mark points past its '-': use the line of the '-' itself
                    where = Where(self.file, self._dash_line(node, child, previous) + 1)
                items.add(self.build(child, depth + 1), where, raw)
                previous = child
            return items
        return self._scalar(node)

    def _dash_line(self, sequence: yaml.Node, child: yaml.Node, previous: yaml.Node | None) -> int:
        """The 0-based line of the '-' that starts an empty list item."""
        lowest = previous.start_mark.line + 1 if previous is not None else sequence.start_mark.line
        for line in range(min(child.start_mark.line, len(self.lines) - 1), lowest - 1, -1):
            text = self.lines[line]
            if text[sequence.start_mark.column :].startswith("-") and not text[: sequence.start_mark.column].strip():
                return line
        return child.start_mark.line

    def _scalar(self, node: yaml.Node) -> Any:
        # the common tags are read directly: PyYAML's generic constructor costs most of the load time
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _INT and len(node.value.lstrip("+-0")) > MAX_DIGITS:
            self.problems.append(
                Problem(
                    self.where(node),
                    f"'{node.value[:20]}…' has {len(node.value):,} digits, more than any figure a page can show; "
                    "check the value",
                )
            )
            return None
        if tag == _INT and node.value.isdigit():
            return int(node.value)
        if tag == _FLOAT and _PLAIN_FLOAT.match(node.value):
            return self._finite(node, float(node.value))
        try:
            value = self.constructor.construct_object(node)
        except yaml.YAMLError as exc:
            self.problems.append(Problem(self.where(node), f"cannot read value '{node.value}': {exc}"))
            return None
        # a date no calendar has: 2014-02-30, or !!timestamp 99999-01-01 (PyYAML fails on its own pattern)
        except (ValueError, OverflowError, AttributeError):
            self.problems.append(
                Problem(self.where(node), f"'{node.value}' is not a real date; check the day, month and year")
            )
            return None
        return self._finite(node, value) if isinstance(value, float) else value

    def _finite(self, node: yaml.Node, value: float) -> float | None:
        """Refuse .nan, .inf and numbers too large to hold: no page can show them as a figure."""
        if math.isfinite(value):
            return value
        self.problems.append(
            Problem(
                self.where(node),
                f"'{node.value}' is not a figure a page can show (not a number, or too large); "
                "write the figure in digits, or leave the value out if there is none",
            )
        )
        return None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> MarkedDict:
        result = MarkedDict(self.where(node))
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(self.where(key_node), "'<<' merge keys are not allowed; write keys out"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.where(key_node), "a key must be plain text"))
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in result:
                first = result.where_of(key)
                self.problems.append(
                    Problem(
                        self.where(key_node),
                        f"key '{key}' appears twice in the same block (first on line {first.line}); "
                        f"YAML would silently keep only the last one — delete or rename one of them",
                    )
                )
                continue
            value = self.build(value_node, depth + 1)
            result[key] = value
            result.key_lines[key] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode) and not isinstance(value, str):
                result.raw[key] = value_node.value  # kept for hints such as "1.10 was read as 1.1"
                if value is None and node.flow_style and (number := self._comma_number(key_node)):
                    result.raw[key] = number  # kept for "'62,4': write decimals with a point"
        return result

    def _comma_number(self, key_node: yaml.Node) -> str | None:
        """``{value: 62,4}``: the number a comma split into a value and this key (``4``), as written."""
        mark, end = key_node.start_mark, key_node.end_mark
        if key_node.tag != _INT or getattr(key_node, "style", None) or mark.line != end.line:
            return None
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        for match in COMMA_NUMBER.finditer(line):
            if match.start() < mark.column and end.column <= match.end() and line[mark.column - 1] == ",":
                return match.group()
        return None


def data_files(data_dir: Path) -> list[Path]:
    """The data files of a site (``*.yaml`` and ``*.yml`` in its data folder), in a stable order; none without one.

    Every reader of data goes through here, so this is where a link, a device or a
    file over the size limit is refused (``site_files``), before anything opens it.
    """
    if not data_dir.is_dir():
        return []
    return site_files.checked(sorted([*data_dir.glob("*.yaml"), *data_dir.glob("*.yml")]), data_dir.parent)


def read_text(path: Path, file: str) -> str:
    """Read a data file as UTF-8 text, refusing files that are huge, empty or not text."""
    text = site_files.read_text(path, file)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise InputError([Problem(Where(file, 1), "file is empty; add data to it or delete it")])
    return text


def load_yaml(path: Path, file: str, cache_dir: Path | None = None) -> MarkedDict:
    """Load one data file whose top level must be a mapping; raise InputError with every problem.

    With a ``cache_dir``, a file whose bytes were read before is not parsed again:
    when an analyst changes one value, only that file is read.
    """
    if cache_dir is not None:
        content = site_files.read_bytes(path, file)
        cached = cache.load_parsed(cache_dir, file, content)
        if isinstance(cached, MarkedDict):
            return cached
        data = load_yaml(path, file)
        cache.store_parsed(cache_dir, file, content, data)
        return data
    text = read_text(path, file)
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise InputError([_syntax_problem(file, exc, text)]) from None
    documents = [d for d in documents if d is not None]
    if len(documents) != 1:
        raise InputError([Problem(Where(file, 1), "file holds several YAML documents ('---'); keep one per file")])
    root = documents[0]
    builder = _Builder(file, text)
    data = builder.build(root)
    if builder.problems:
        raise InputError(builder.problems)
    if not isinstance(data, MarkedDict):
        raise InputError(
            [
                Problem(
                    builder.where(root),
                    ("the top level of a data file must be 'section: ...' entries, for example 'outcomes:'"),
                )
            ]
        )
    return data


def _load_or_problems(path: Path, file: str, cache_dir: Path | None) -> MarkedDict | list[Problem]:
    try:
        return load_yaml(path, file, cache_dir)
    except InputError as exc:
        return exc.problems


def load_yaml_files(files: list[tuple[Path, str]], cache_dir: Path | None = None) -> list[MarkedDict | list[Problem]]:
    """Each of ``files`` (path, name shown in messages) as ``load_yaml`` reads it, or its problems.

    One process reads them all: a second one, forked past 1 MB of data, gained 12% at
    100x (3.85 s against 4.39 s for 5.4 MB) and nothing for a real council's data
    (the first real site's is 232 KB), while forking where CPython calls it unsafe; it was removed.
    """
    return [_load_or_problems(path, file, cache_dir) for path, file in files]
