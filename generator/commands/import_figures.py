"""`strategy-site import`: add this year's figures from a CSV into the YAML, changing nothing else.

Analysts download figures from Fingertips, or fill in the site's own tidy CSV. The
YAML is edited in place with ruamel.yaml's round trip, so comments, order and layout
stay and the diff shows only the new values. Every row is checked first; a bad row is
reported by its CSV line and nothing is written — never a partial write — and the
edited data must still validate before any file is replaced.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from ..downloads import csv_text_read
from ..loader import data_files
from ..model import Site
from ..periods import PeriodError, parse_period
from ..problems import Problem, Where, suggest
from ..validate import load_site

TIDY = {"indicator", "area", "period", "value"}
FINGERTIPS = {"Indicator ID", "Area Code", "Time period", "Value"}
SEXES = {"male": "male", "female": "female", "persons": None, "": None}


@dataclass(frozen=True)
class Row:
    """One figure to import, with the CSV line it came from."""

    line: int
    indicator: str
    area: str
    breakdown: str | None
    period: str
    value: float
    lower: float | None = None
    upper: float | None = None
    note: str | None = None


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # A Fingertips download holds every area of a type, England and the regions, and often
    # indicators the site does not carry: those rows are counted, by code and name, not refused.
    other_areas: dict[str, tuple[str, int]] = field(default_factory=dict)
    other_indicators: dict[str, tuple[str, int]] = field(default_factory=dict)

    def count_other(self, kind: dict[str, tuple[str, int]], code: str, name: str) -> None:
        known = kind.get(code, (name, 0))
        kind[code] = (known[0] or name, known[1] + 1)


def _number(text: str) -> float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    number = float(text)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(text)
    return number


def _period(text: str) -> str:
    return parse_period(" ".join(text.split())).label


def read_rows(path: Path, site: Site, report: ImportReport) -> list[Row]:
    """The CSV's figures as rows for this site's indicators and areas; problems go into the report."""
    file = path.name
    text = _decoded(path.read_bytes(), file, report)
    if text is None:
        return []
    if (opened := _unclosed_quote(text)) is not None:
        report.problems.append(
            Problem(
                Where(file, opened),
                "a quote opened on this line is never closed, so the csv reader would take the rest of the file "
                "as one cell; close the quote (or remove it) and import again",
            )
        )
        return []
    # a short row reads as empty cells, not None; a broken one (a field past the csv module's
    # limit) is reported at its line and ends the reading
    reader = csv.DictReader(io.StringIO(text), restval="")
    try:
        headers = set(reader.fieldnames or [])
    except csv.Error as exc:
        report.problems.append(Problem(Where(file, reader.line_num or 1), f"the CSV cannot be read: {exc}"))
        return []
    if headers >= FINGERTIPS:
        kind = "fingertips"
    elif headers >= TIDY:
        kind = "tidy"
    else:
        report.problems.append(
            Problem(
                Where(file, 1),
                (
                    "the columns are neither the site's CSV download (indicator, area, period, value, …) nor a "
                    "Fingertips export (Indicator ID, Area Code, Time period, Value, …)"
                ),
            )
        )
        return []
    by_fingertips = {str(i.fingertips_id): i.id for i in site.indicators if i.fingertips_id}
    known_ids = {i.id for i in site.indicators}
    areas = {a.code: a.name for a in site.areas}
    area_names = {a.name for a in site.areas} | {s.area for i in site.indicators for s in i.series}
    rows = []
    for number, record in _records(reader, file, report):
        where = Where(file, number)
        try:
            if kind == "fingertips":
                if (record.get("Category Type") or "").strip():
                    report.skipped += 1  # a breakdown by deprivation, ethnicity …: not part of the site's series
                    continue
                code = record["Indicator ID"].strip()
                indicator = by_fingertips.get(code)
                if indicator is None:
                    report.count_other(report.other_indicators, code, (record.get("Indicator Name") or "").strip())
                    continue
                area_code = record["Area Code"].strip()
                area = areas.get(area_code)
                if area is None:
                    report.count_other(report.other_areas, area_code, (record.get("Area Name") or "").strip())
                    continue
                sex = (record.get("Sex") or "").strip().lower()
                if sex not in SEXES:
                    raise _RowError(f"sex '{sex}' is not Male, Female or Persons")
                breakdown = SEXES[sex]
                value_text, period_text = record["Value"], record["Time period"]
                lower = _number(record.get("Lower CI 95.0 limit") or "")
                upper = _number(record.get("Upper CI 95.0 limit") or "")
                note = (record.get("Value note") or "").strip() or None
            else:
                # the site's own download puts a ' before text a spreadsheet would read as a formula
                record = {key: csv_text_read(cell) if isinstance(cell, str) else cell for key, cell in record.items()}
                indicator = record["indicator"].strip()
                if indicator not in known_ids:
                    raise _RowError(f"there is no indicator '{indicator}'; {suggest(indicator, known_ids)}")
                area = record["area"].strip()
                if area not in area_names:
                    raise _RowError(f"area '{area}' is not used by any series; {suggest(area, area_names)}")
                if (record.get("kind") or "actual").strip() != "actual":
                    report.skipped += 1  # imports add actual figures; targets are set in the plan, by hand
                    continue
                breakdown = (record.get("breakdown") or "").strip() or None
                value_text, period_text = record["value"], record["period"]
                lower = upper = None
                note = None
            if not value_text.strip():
                report.skipped += 1  # no figure published for this period
                continue
            try:
                value = _number(value_text)
            except ValueError:
                raise _RowError(f"value '{value_text.strip()}' is not a number") from None
            period = _period(period_text)
            _check_interval(value, lower, upper)
        except _RowError as exc:
            report.problems.append(Problem(where, str(exc)))
            continue
        except PeriodError as exc:
            report.problems.append(Problem(where, str(exc)))
            continue
        except ValueError as exc:
            report.problems.append(Problem(where, f"'{exc}' is not a number"))
            continue
        rows.append(Row(number, indicator, area, breakdown, period, value, lower, upper, note))  # type: ignore[arg-type]
    return rows


class _RowError(Exception):
    pass


def _decoded(data: bytes, file: str, report: ImportReport) -> str | None:
    """The CSV's text: UTF-8 (with or without a byte order mark) or UTF-16 as Excel saves it; else a problem."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.problems.append(
            Problem(
                Where(file, line),
                f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as 'CSV UTF-8' and import again",
            )
        )
        return None


def _unclosed_quote(text: str) -> int | None:
    """The line where a quoted cell opens and never closes, or None (``""`` inside a cell is one quote)."""
    inside, opened, line = False, 0, 1
    for char in text:
        if char == '"':
            inside = not inside  # "" toggles twice: an escaped quote
            if inside:
                opened = line
        elif char == "\n":
            line += 1
    return opened if inside else None


def _records(reader: csv.DictReader[str], file: str, report: ImportReport) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each record with the line it starts on, until the end or a line the csv module cannot read."""
    while True:
        line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.problems.append(
                Problem(
                    Where(file, line),
                    f"the CSV cannot be read from here on ({exc}); check for a quote that is opened but not "
                    "closed, or a cell far longer than a figure",
                )
            )
            return
        yield line, record


def _check_interval(value: float | None, lower: float | None, upper: float | None) -> None:
    """A figure outside its own confidence interval means the columns were shifted or mistyped."""
    if lower is not None and upper is not None and lower > upper:
        raise _RowError(f"the lower limit {lower:g} is above the upper limit {upper:g}; check the CI columns")
    if value is None:
        return
    if (lower is not None and value < lower) or (upper is not None and value > upper):
        interval = f"{'…' if lower is None else f'{lower:g}'} to {'…' if upper is None else f'{upper:g}'}"
        raise _RowError(
            f"the value {value:g} is outside its own 95% confidence interval ({interval}); "
            f"check that the Value and CI columns are in the right place"
        )


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _find_indicators(documents: dict[Path, Any]) -> dict[str, tuple[Path, CommentedMap]]:
    found = {}
    for path, document in documents.items():
        for item in (document or {}).get("indicators") or []:
            found[str(item["id"])] = (path, item)
    return found


def _series(indicator: CommentedMap, row: Row) -> tuple[CommentedSeq, str]:
    """The values of the row's series, made if need be, and the comment lines that must follow it."""
    series_list = indicator.setdefault("series", CommentedSeq())
    for series in series_list:
        if (
            series.get("area") == row.area
            and series.get("breakdown") == row.breakdown
            and series.get("kind") == "actual"
        ):
            values: CommentedSeq = series["values"]
            return values, ""
    series = CommentedMap()
    series["area"] = row.area
    if row.breakdown:
        series["breakdown"] = row.breakdown
    series["kind"] = "actual"
    values = CommentedSeq()
    series["values"] = values
    heading = _take_trailing_comment(series_list)
    series_list.append(series)
    return values, heading


def _append(values: CommentedSeq, value: CommentedMap, heading: str = "") -> None:
    """Add a figure at the end of its series, keeping a comment that heads what follows below it."""
    heading = heading or _take_trailing_comment(values)
    values.append(value)
    if heading:  # the leading newline ends the new figure's line
        values.ca.items[len(values) - 1] = [CommentToken("\n" + heading, CommentMark(0)), None, None, None]


def _indented(token: CommentToken) -> str:
    """A comment line as written: ruamel keeps its indentation in the token's column."""
    column = token.start_mark.column if token.start_mark is not None else 0
    return " " * column + token.value if token.value.startswith("#") else token.value


def _take_trailing_comment(node: Any) -> str:
    """Remove and return the comment lines that follow the last entry of ``node``.

    ruamel.yaml keeps a comment block that heads the *next* section of a file on the
    deepest last node before it. Appending after that node would put the new entry
    under the heading; moving the lines onto the new entry keeps them above the next
    section. An end-of-line comment on the last line stays where it is.
    """
    while isinstance(node, (CommentedSeq, CommentedMap)) and len(node):
        if isinstance(node, CommentedSeq) and node.ca.end:
            text = "".join(_indented(token) for token in node.ca.end)
            node.ca.end = []
            return text
        last = len(node) - 1 if isinstance(node, CommentedSeq) else list(node.keys())[-1]
        slots = node.ca.items.get(last)
        slot = 0 if isinstance(node, CommentedSeq) else 2
        token = slots[slot] if slots and len(slots) > slot else None
        if isinstance(token, CommentToken) and "\n" in token.value.rstrip("\n"):
            keep, rest = token.value.split("\n", 1)
            token.value = keep + "\n"
            return rest
        if isinstance(token, CommentToken) and token.value.startswith("\n"):
            slots[slot] = None  # blank lines and comment lines only: all of it belongs below
            return token.value[1:]
        node = node[last]
    return ""


def _value(row: Row) -> CommentedMap:
    value = CommentedMap()
    value["period"] = DoubleQuotedScalarString(row.period)
    value["value"] = row.value
    if row.lower is not None:
        value["lower"] = row.lower
    if row.upper is not None:
        value["upper"] = row.upper
    if row.note:
        value["note"] = row.note
    value.fa.set_flow_style()
    return value


def import_figures(site_dir: Path, csv_path: Path, site: Site, *, force: bool = False) -> ImportReport:
    """Add or update actual figures from ``csv_path``; write only if every row is good and the data validates."""
    report = ImportReport()
    rows = read_rows(csv_path, site, report)
    yaml = _yaml()
    paths = data_files(site_dir / "data")
    texts = {path: path.read_text(encoding="utf-8") for path in paths}
    documents = {path: yaml.load(texts[path]) for path in paths}
    indicators = _find_indicators(documents)
    changed: set[Path] = set()
    for row in rows:
        path, indicator = indicators[row.indicator]
        values, heading = _series(indicator, row)
        existing = next((v for v in values if str(v.get("period")) == row.period), None)
        if existing is None:
            _append(values, _value(row), heading)
            report.added += 1
            changed.add(path)
            continue
        same = (
            float(existing["value"]) == row.value
            and existing.get("lower") == row.lower
            and existing.get("upper") == row.upper
        )
        if same:
            report.unchanged += 1
            continue
        if not force:
            report.problems.append(
                Problem(
                    Where(csv_path.name, row.line),
                    (
                        f"{row.indicator}, {row.area}{f' ({row.breakdown})' if row.breakdown else ''}, {row.period}: "
                        f"the data already has {existing['value']} but the CSV says {row.value}; check which is right, "
                        f"or run again with --force to replace it"
                    ),
                )
            )
            continue
        existing["value"] = row.value
        for key in ("lower", "upper"):
            if getattr(row, key) is not None:
                existing[key] = getattr(row, key)
        report.updated += 1
        changed.add(path)
    if report.problems or not changed:
        return report
    new_texts = {}
    for path in sorted(changed):
        buffer = io.StringIO()
        yaml.dump(documents[path], buffer)
        new_texts[path] = buffer.getvalue()
    report.problems.extend(_check(site_dir, new_texts))
    if report.problems:
        return report
    for path, text in new_texts.items():
        if text != texts[path]:
            path.write_text(text, encoding="utf-8")
            report.files.append(path.relative_to(site_dir).as_posix())
    return report


def _check(site_dir: Path, new_texts: dict[Path, str]) -> list[Problem]:
    """Validate the site as it would be after the import, in a scratch copy."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "site"
        shutil.copytree(site_dir / "data", copy / "data")
        for path, text in new_texts.items():
            (copy / "data" / path.name).write_text(text, encoding="utf-8")
        _site, problems = load_site(copy)
        return problems.errors
