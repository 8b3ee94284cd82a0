"""Property: whatever one mistake is made in the real data, validation points to a file and line.

Each example copies the repository's data/ folder, applies one random mutation to one
file (delete a key, change a value's type, duplicate a record with an id, garble a
period, point a reference at an id that does not exist), and loads the site. The
result must be a valid Site, or problems that each name a file and a line — never an
exception.
"""

from __future__ import annotations

import copy
import functools
import shutil
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.problems import Where
from generator.validate import load_site

DATA_DIR = Path(__file__).parents[1] / "data"

Path_ = tuple[str | int, ...]

REFERENCE_KEYS = {"indicator", "indicators", "jsna", "delivery_board", "document", "source", "reports_to"}
PERIOD_KEYS = {"period", "baseline_period", "years", "reported"}

any_value = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.none(),
    st.lists(st.one_of(st.text(max_size=8), st.integers()), max_size=3),
    st.dictionaries(st.text(string.ascii_lowercase + "_", min_size=1, max_size=8), st.text(max_size=8), max_size=3),
)
garbled_period = st.one_of(
    st.sampled_from(["2014-2012", "2014/16", "2014-02-30", "soon", "Q5 2014", "2014-14", "20145", "2014 /", "-"]),
    st.text(string.digits + "-/Q –", max_size=12),
    st.text(max_size=12),
)
random_id = st.one_of(
    st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=24),
    st.text(min_size=1, max_size=12),
)


@functools.cache
def _data_files() -> tuple[tuple[str, Any], ...]:
    assert DATA_DIR.is_dir(), f"the property test needs the repository's data folder at {DATA_DIR}"
    files = sorted([*DATA_DIR.glob("*.yaml"), *DATA_DIR.glob("*.yml")])
    assert files, f"no .yaml files in {DATA_DIR}"
    return tuple((f.name, yaml.safe_load(f.read_text(encoding="utf-8"))) for f in files)


def _locations(node: Any, path: Path_ = ()) -> Iterator[Path_]:
    """The path of every value below ``node``: mapping keys and list indexes."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _locations(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*path, index)
            yield from _locations(value, (*path, index))


def _get(tree: Any, path: Path_) -> Any:
    for part in path:
        tree = tree[part]
    return tree


def _is_key(tree: Any, path: Path_) -> bool:
    return isinstance(path[-1], str)


def _is_record_with_id(tree: Any, path: Path_) -> bool:
    value = _get(tree, path)
    return isinstance(path[-1], int) and isinstance(value, dict) and "id" in value


def _is_period(tree: Any, path: Path_) -> bool:
    return path[-1] in PERIOD_KEYS and isinstance(_get(tree, path), (str, int))


def _is_reference(tree: Any, path: Path_) -> bool:
    value = _get(tree, path)
    if path[-1] in REFERENCE_KEYS and isinstance(value, str):
        return True
    # an item of a list of ids, such as success_aims › indicators
    return isinstance(path[-1], int) and len(path) > 1 and path[-2] in REFERENCE_KEYS and isinstance(value, str)


ELIGIBLE = {
    "delete key": _is_key,
    "change type": lambda tree, path: True,
    "duplicate record": _is_record_with_id,
    "garble period": _is_period,
    "replace reference": _is_reference,
}


def _mutate(data: st.DataObject, tree: Any) -> str:
    """Apply one random mutation to ``tree`` in place; return a description of it."""
    kinds = [k for k, ok in ELIGIBLE.items() if any(ok(tree, p) for p in _locations(tree))]
    kind = data.draw(st.sampled_from(kinds), label="mutation")
    path = data.draw(st.sampled_from([p for p in _locations(tree) if ELIGIBLE[kind](tree, p)]), label="where")
    parent, last = _get(tree, path[:-1]), path[-1]
    if kind == "delete key":
        del parent[last]
        return f"{kind} {path}"
    if kind == "duplicate record":
        assert isinstance(last, int)  # _is_record_with_id: a list index
        parent.insert(last + 1, copy.deepcopy(parent[last]))
        return f"{kind} {path}"
    new = data.draw(
        {"change type": any_value, "garble period": garbled_period, "replace reference": random_id}[kind],
        label="new value",
    )
    parent[last] = new
    return f"{kind} {path} -> {new!r}"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_one_mutation_gives_a_site_or_located_problems(data: st.DataObject) -> None:
    files = _data_files()
    name = data.draw(st.sampled_from([n for n, _tree in files]), label="file")
    tree = copy.deepcopy(dict(files)[name])
    change = _mutate(data, tree)
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        shutil.copytree(DATA_DIR, site_dir / "data")
        (site_dir / "data" / name).write_text(
            yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        site, problems = load_site(site_dir)  # must not raise
    if site is not None and not problems.errors:
        return
    assert problems.errors, f"{name}: {change}: no Site and no errors"
    for problem in problems.items:
        assert isinstance(problem.where, Where), f"{name}: {change}: problem without a place: {problem.message}"
        assert problem.where.file, f"{name}: {change}: problem without a file: {problem}"
        assert problem.where.line >= 1, f"{name}: {change}: problem without a line: {problem}"
    problems.sorted()  # what the CLI does before printing
