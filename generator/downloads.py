"""The data as downloads: every value as one tidy CSV, the model's public fields as JSON.

Analysts can reuse the figures without scraping pages; the CSV's columns are also what
an import of new figures reads back. Neither holds a field the model marks
``editors_only`` (notes, open questions, "as written" wordings): those go to the
editors' report only.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import types
import typing
from typing import Any

from pydantic import BaseModel

from .model import Site, is_editors_only

CSV_COLUMNS = [
    "indicator",
    "indicator_name",
    "area",
    "breakdown",
    "kind",
    "period",
    "value",
    "unit",
    "reported",
    "source",
    "assumed",
]

#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell a spreadsheet shows as text: a ``'`` before one that would start a formula.

    Text that already starts with ``'`` before such a character gets one more, so that
    ``csv_text_read`` gives back exactly what was written.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def csv_text_read(cell: str) -> str:
    """The text a ``csv_text`` cell was made from: one leading ``'`` taken off where it neutralised a formula."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def _annotation_exclude(annotation: Any) -> Any:
    """What to leave out of a value of this type: a model's editors-only fields, in lists and optionals too."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return editors_only_exclude(annotation) or None
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _annotation_exclude(args[0])
    if origin is list:
        inner = _annotation_exclude(args[0])
        return {"__all__": inner} if inner else None
    if origin in (typing.Union, types.UnionType):
        found = [spec for spec in map(_annotation_exclude, args) if spec]
        if len(found) > 1 and any(spec != found[0] for spec in found):
            raise TypeError(f"{annotation}: records of different types in one field; say which fields to leave out")
        return found[0] if found else None
    if any(_annotation_exclude(arg) for arg in args):
        raise TypeError(f"{annotation}: records inside a {origin}; say how to leave out their editors-only fields")
    return None


@functools.cache
def editors_only_exclude(model: type[BaseModel]) -> dict[str, Any]:
    """``model_dump(exclude=…)`` for a model: every field marked ``editors_only``, at any depth.

    Read from the model's own marks, so a field marked once is left out of every public output.
    """
    exclude: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        inner = True if is_editors_only(field) else _annotation_exclude(field.annotation)
        if inner:
            exclude[name] = inner
    return exclude


#: Past this, a float no longer holds every whole number exactly: such a number is written as stored.
EXACT_WHOLE = 2**53


def _whole(number: float) -> bool:
    return math.isfinite(number) and number.is_integer() and abs(number) <= EXACT_WHOLE


def number_text(number: float) -> str:
    """A number as the CSV writes it: a whole number without ".0" (3906), any other as stored (7.2)."""
    return str(int(number)) if _whole(number) else repr(number)


def _read_number(text: str) -> float | int:
    """A JSON number with a point or exponent (3906.0) as the integer it is when whole (3906)."""
    number = float(text)
    return int(number) if _whole(number) else number


def tidy_csv(site: Site) -> bytes:
    """One row per value, in the data's order; no text cell can start a spreadsheet formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # Python's writer quotes a cell with a line break only when its line terminator holds that
    # character: a row with a carriage return is quoted whole, so the return cannot end the row
    # in a spreadsheet and start an unchecked cell of its own.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for indicator in site.indicators:
        for series in indicator.series:
            # the cells every value of a series shares are made text once, not once a value
            name, area, breakdown, kind, unit = (
                csv_text(cell)
                for cell in (indicator.name, series.area, series.breakdown or "", series.kind, indicator.unit or "")
            )
            for value in series.values:
                row = [  # in CSV_COLUMNS' order; the value is the one number, every other cell text
                    csv_text(indicator.id),
                    name,
                    area,
                    breakdown,
                    kind,
                    csv_text(value.period),
                    number_text(value.value),
                    unit,
                    csv_text(value.reported or ""),
                    csv_text(value.source or series.source or ""),
                    csv_text(value.assumed_because or ""),
                ]
                (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
    return buffer.getvalue().encode()


def public_json(site: Site) -> bytes:
    """The validated model without its editors-only fields: what residents and analysts may download.

    Numbers are stored as floats, so a whole number would read 3906.0; it is written 3906, as the data has it.
    Each number is made whole as it is parsed: a walk over the parsed data afterwards took 0.8 s at 100x.
    Written without indentation, which takes Python's own JSON writer instead of its C one:
    at 100x (25 MB indented) that cost 1.0 s against 0.17 s, for a file programs read.
    """
    data = json.loads(site.model_dump_json(exclude=editors_only_exclude(Site)), parse_float=_read_number)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.encode() + b"\n"


def has_figures(site: Site) -> bool:
    """Whether any indicator has a figure: without one, a CSV would be a header row and nothing else."""
    return any(series.values for indicator in site.indicators for series in indicator.series)


def download_files(site: Site) -> dict[str, bytes]:
    files = {"downloads/data.json": public_json(site)}
    if has_figures(site):
        files["downloads/data.csv"] = tidy_csv(site)
    return files
