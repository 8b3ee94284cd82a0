"""Turn the loaded YAML of a site into one validated ``Site`` model, or into problems.

Every problem is collected — syntax, types, unknown fields, duplicates, broken
cross-references — so an editor sees them all at once, each pointing to a file and
line, with "did you mean …?" where a near miss is likely.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import cache, collector, site_files
from .crosscheck import cross_check
from .formats import slug
from .loader import COMMA_NUMBER, MarkedDict, MarkedList, data_files, load_yaml_files
from .model import SECTIONS, SINGLE_SECTIONS, Record, Site
from .problems import InputError, Problem, ProblemList, Where, display_path, suggest

# --- turning pydantic errors into editor messages ---------------------------------


def _record_type(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``list[Outcome] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _record_type(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Follow a pydantic error location through the model classes to the one it ends in."""
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _record_type(field.annotation)
    return model


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("id", "number", "term", "indicator", "document", "jsna", "period", "area"):
            value = item.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return str(value)
    return f"#{index + 1}"


def _locate(root: Any, loc: tuple[Any, ...]) -> tuple[Where | None, str | None, list[str], Any, bool]:
    """Find where an error location points: its line, raw text, breadcrumb and node."""
    node, where, raw, crumbs, found = root, getattr(root, "where", None), None, [], True
    for part in loc:
        if isinstance(node, MarkedDict) and isinstance(part, str) and part in node:
            where, raw = node.where_of(part), node.raw.get(part)
            crumbs.append(part)
            node = node[part]
        elif isinstance(node, MarkedList) and isinstance(part, int) and 0 <= part < len(node):
            where, raw = node.where_of(part), node.raw[part]
            crumbs.append(_label(node[part], part))
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            crumbs.append(part)
            found = False
            break
        else:
            break
    return where, raw, crumbs, node, found


def _type_hint(error: Mapping[str, Any], raw: str | None, wanted: str) -> str:
    value = error.get("input")
    if isinstance(value, (date, datetime)):
        return f'{raw or value} was read as a date; put it in quotes to keep it as written: "{raw or value}"'
    if isinstance(value, bool):
        return (
            f"'{raw or value}' was read as {str(value).lower()} (YAML treats yes/no/on/off/true/false that way); "
            f'put it in quotes if you meant the text: "{raw or value}"'
        )
    if isinstance(value, (int, float)):
        shown = raw if raw is not None else value
        if raw is not None and str(value) != raw:
            return f'{shown} was read as the number {value}; put it in quotes to keep it as written: "{raw}"'
        return f'{shown} is a number but {wanted} is expected here; put it in quotes: "{shown}"'
    if isinstance(value, list):
        return f"a list is given where {wanted} belongs; write it on one line, or use '|' for several lines"
    if isinstance(value, dict):
        return f"a block of 'key: value' lines is given where {wanted} belongs; check the indentation"
    if value is None:
        return f"this is empty but {wanted} is needed; fill it in or delete the line"
    return f"'{value}' is not {wanted}"


def comma_number_hint(text: str) -> str | None:
    """What to write for a number with a comma in it (``62,4``, ``12,332``), or None for other text.

    A comma followed by three digits is most often a thousands separator in a UK
    council's figures, but may be a decimal comma: both are offered. Any other comma
    can only be a decimal one.
    """
    text = text.strip()
    if not COMMA_NUMBER.fullmatch(text):
        return None
    whole, *groups = text.split(",")
    if all(len(group) == 3 for group in groups):
        plain = whole + "".join(groups)
        if len(groups) == 1:
            decimal = f"{whole}.{groups[0]}"
            return f"'{text}': write numbers without commas: {plain} (or {decimal} if the comma marks decimals)"
        return f"'{text}': write numbers without commas: {plain}"
    if len(groups) == 1:
        return f"'{text}': write decimals with a point: {whole}.{groups[0]}"
    return f"'{text}' is not a number; write digits only, with a point for decimals, e.g. 62.4"


def _message(error: Mapping[str, Any], raw: str | None, model: type[BaseModel] | None, field: str) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return f"required field '{field}' is missing; add it"
    if value is None and kind.endswith("_type"):
        # Advice must not go round in a circle: deleting an empty line of a required field
        # only gives "required field is missing", so say "delete" only where that is allowed.
        spec = model.model_fields.get(field) if model else None
        if spec is not None and spec.is_required():
            return f"'{field}' is empty but it is required; fill it in"
        return f"'{field}' is empty; fill it in, or delete the line to leave it out"
    if kind == "extra_forbidden":
        if raw and (hint := comma_number_hint(raw)):  # {value: 62,4}: YAML made the '4' a key of its own
            return hint
        allowed = list(model.model_fields) if model else []
        return f"unknown field '{field}'; {suggest(field, allowed)}"
    if kind == "string_type":
        return _type_hint(error, raw, "text")
    if kind in {"int_type", "int_from_float"} and isinstance(value, float):
        return f"{raw or value} is not a whole number; write a whole number, such as {int(value)}"
    if kind in {"float_type", "float_parsing", "int_type", "int_parsing"}:
        if isinstance(value, str) and (hint := comma_number_hint(value)):
            return hint
        if isinstance(value, str):
            return f"'{value}' is not a number; write digits only, without units or commas (e.g. 12332)"
        return _type_hint(error, raw, "a number")
    if kind in {"list_type"}:
        return "a list is expected here: put each item on its own line starting with '- '"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "a block of 'key: value' lines is expected here; check the indentation"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in str(expected).replace(" or ", ",").split(",") if o.strip()]
        hint = suggest(str(value), options)
        return f"'{raw if raw is not None else value}' is not allowed here; use {expected} ({hint})"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "\\." in pattern:
            return (
                f"'{raw if raw is not None else value}' is not a priority number; write it in quotes like \"2.3\", "
                "or, where the document does not number its priorities, a short name such as 'healthy-weight'"
            )
        return f"'{value}' is not a valid id; use lower-case letters, digits and hyphens, e.g. '{_slugish(str(value))}'"
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing"}:
        return f"'{raw if raw is not None else value}' is not a date; write it as YYYY-MM-DD, e.g. 2014-06-30"
    if kind == "too_short":
        return "this needs at least one entry"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"{value} is out of range: {error['msg'].lower()}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _slugish(text: str) -> str:
    return slug(text) or "my-id"


Loc = tuple[Any, ...]


def _misspelt(errors: Sequence[tuple[Loc, Mapping[str, Any]]]) -> dict[Loc, str]:
    """Each unknown key that is a misspelling of a required field missing from the same block.

    ``titel:`` for ``title:`` makes pydantic report two errors: the unknown ``titel`` at
    the line the editor typed, and the missing ``title`` at the block's first line,
    which the editor never touched. They are one mistake, reported once, where it is.
    """
    missing: dict[Loc, list[str]] = {}
    for loc, error in errors:
        if error["type"] == "missing" and loc:
            missing.setdefault(loc[:-1], []).append(str(loc[-1]))
    found: dict[Loc, str] = {}
    for loc, error in errors:
        if error["type"] == "extra_forbidden" and loc and loc[:-1] in missing:
            close = difflib.get_close_matches(str(loc[-1]), missing[loc[:-1]], n=1, cutoff=0.6)
            if close:
                found[loc] = close[0]
    return found


def _number_key(item: Any, loc: Loc) -> str | None:
    """For the tail of a number a comma split (``{value: 62,4}``): the key the number was written under."""
    parent = _locate(item, loc[:-1])[3] if loc else None
    if not isinstance(parent, MarkedDict) or loc[-1] not in parent.raw:
        return None
    keys = list(parent)
    index = keys.index(loc[-1]) if loc[-1] in keys else 0
    while index > 0:
        index -= 1
        if not (parent[keys[index]] is None and COMMA_NUMBER.fullmatch(parent.raw.get(keys[index], ""))):
            return str(keys[index])
    return None


def _problems_from(
    exc: ValidationError, item: Any, model: type[BaseModel], crumbs: list[str], fallback: Where
) -> Iterator[Problem]:
    errors = [
        (tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or p in {"float", "int"}))), error)
        for error in exc.errors(include_url=False)
    ]
    misspelt = _misspelt(errors)
    meant = {(loc[:-1], field) for loc, field in misspelt.items()}
    seen: set[tuple[Where, str]] = set()
    for loc, error in errors:
        if error["type"] == "missing" and loc and (loc[:-1], str(loc[-1])) in meant:
            continue  # reported as the misspelt key, at its own line
        where, raw, inner, _node, _found = _locate(item, loc)
        where = where or fallback
        parent = _model_at(model, loc[:-1]) if loc else model
        field = str(loc[-1]) if loc else ""
        if loc in misspelt:
            message = f"unknown field '{field}'; did you mean '{misspelt[loc]}'?"
        else:
            message = _message(error, raw, parent, field)
            if error["type"] == "extra_forbidden" and raw and comma_number_hint(raw):
                inner = [*inner[:-1], *filter(None, [_number_key(item, loc)])]
        text = f"{' › '.join([*crumbs, *inner])}: {message}"
        if (where, text) not in seen:  # {value: 1,234,567} splits into two keys: one mistake
            seen.add((where, text))
            yield Problem(where, text)


# --- building the site ---------------------------------------------------------------


class _Collected:
    """Sections gathered across files before validation."""

    def __init__(self) -> None:
        self.items: dict[str, list[tuple[Any, Where]]] = {name: [] for name in SECTIONS}


def _collect(files: list[tuple[str, MarkedDict]], problems: ProblemList) -> _Collected:
    collected = _Collected()
    for _file, document in files:
        for key, value in document.items():
            where = document.where_of(key)
            if key not in SECTIONS:
                problems.error(where, f"unknown section '{key}'; {suggest(key, SECTIONS)}")
                continue
            if key in SINGLE_SECTIONS:
                if not isinstance(value, MarkedDict):
                    problems.error(where, f"'{key}' must be a block of 'key: value' lines")
                    continue
                collected.items[key].append((value, where))
                continue
            if not isinstance(value, MarkedList):
                problems.error(where, f"'{key}' must be a list: put each entry on its own line starting with '- '")
                continue
            collected.items[key].extend((item, value.where_of(i)) for i, item in enumerate(value))
    return collected


def _validate_items(collected: _Collected, problems: ProblemList) -> dict[str, Any]:
    built: dict[str, Any] = {}
    for name, model in SECTIONS.items():
        entries = collected.items[name]
        if name in SINGLE_SECTIONS:
            if len(entries) > 1:
                first = entries[0][1]
                for _value, where in entries[1:]:
                    problems.error(where, f"'{name}' is defined twice (first at {first}); keep one")
            if not entries:
                continue
            value, _where = entries[0]
            try:
                built[name] = model.model_validate(value)
            except ValidationError as exc:
                problems.extend(list(_problems_from(exc, value, model, [name], _where)))
            continue
        records: list[Record] = []
        for index, (item, where) in enumerate(entries):
            try:
                records.append(model.model_validate(item))
            except ValidationError as exc:
                problems.extend(list(_problems_from(exc, item, model, [name, _label(item, index)], where)))
        built[name] = records
    return built


def load_site(
    site_dir: Path, cache_dir: Path | None = None, parsed_cache: Path | None = None
) -> tuple[Site | None, ProblemList]:
    """Load, validate and cross-check a site's data; return the model or the problems.

    With a ``cache_dir``, unchanged data is not read again: the model of the last
    good build of exactly these bytes is reused.
    """
    if cache_dir is not None:
        site_files.check_output_folders(site_dir)  # the cache is written, and pruned, under build/
        paths = data_files(site_dir / "data")
        key = cache.data_key(paths)
        hit = cache.load_model(cache_dir, key) if paths else None
        if isinstance(hit, tuple) and isinstance(hit[0], Site):
            return hit[0], ProblemList(list(hit[1]))
        site, problems = load_site(site_dir, parsed_cache=cache_dir / "parsed")
        if site is not None:
            with collector.paused():
                cache.store_model(cache_dir, key, (site, problems.warnings))
        return site, problems
    with collector.paused():  # everything read here stays alive: no point in the collector walking it
        return _load(site_dir, parsed_cache)


def _load(site_dir: Path, parsed_cache: Path | None) -> tuple[Site | None, ProblemList]:
    problems = ProblemList()
    data_dir = site_dir / "data"
    base = site_dir
    if not data_dir.is_dir():
        problems.error(Where(display_path(data_dir, base)), "no data folder here; is this a site folder?")
        return None, problems
    paths = data_files(data_dir)
    if not paths:
        problems.error(Where(display_path(data_dir, base)), "the data folder holds no .yaml files")
        return None, problems
    documents: list[tuple[str, MarkedDict]] = []
    unreadable = False
    files = [(path, display_path(path, base)) for path in paths]
    for (_path, file), loaded in zip(files, load_yaml_files(files, parsed_cache), strict=True):
        if isinstance(loaded, MarkedDict):
            documents.append((file, loaded))
        else:
            problems.extend(loaded)
            unreadable = True
    collected = _collect(documents, problems)
    built = _validate_items(collected, problems)
    if unreadable:
        # a file that cannot be read hides its records: checking references or the
        # strategy section now would only report knock-on problems, so fix syntax first
        return None, problems
    if "strategy" not in built and not collected.items["strategy"]:
        first = display_path(paths[0], base)
        problems.error(Where(first, 1), "no 'strategy:' section in any data file; add one (see DATA.md)")
    written_ids = {
        name: {item["id"] for item, _where in entries if isinstance(item, dict) and isinstance(item.get("id"), str)}
        for name, entries in collected.items.items()
    }
    problems.extend(cross_check(built, written_ids))
    if problems.errors or "strategy" not in built:
        return None, problems
    return Site(**built), problems


def validate_site(site_dir: Path, cache_dir: Path | None = None) -> Site:
    """Like load_site, but raise InputError when there is any error."""
    site, problems = load_site(site_dir, cache_dir)
    if site is None:
        raise InputError(problems.sorted())
    return site
