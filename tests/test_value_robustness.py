"""No value crashes the tool: any text in a date phrase, a period or a date gives a located message.

The earlier property test mutates the structure of the data; this one throws arbitrary
strings and impossible dates at the fields that the tool parses itself — a milestone's
``when``, a figure's ``period``, the strategy's ``as_of`` and an update's ``date`` — both
quoted and as bare YAML, and also non-finite numbers at figures.
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build import generate, site_link_problems
from generator.problems import InputError, Problem
from generator.validate import load_site

from .conftest import buildable_minimal_site, copy_site

ROOT = Path(__file__).resolve().parents[1]
LEICESTERSHIRE = ROOT / "examples" / "leicestershire"

IMPOSSIBLE_WHEN = [
    "by 31 February 2014",
    "by 30/02/14",
    "by 0 May 2014",
    "by 99/99/99",
    "by 1 January 99999",
    "in 9999/10000",
    "from 32/13/2013",
    "Sept 0",
    "throughout 0/1",
    "by 29 February 2015",
]
IMPOSSIBLE_PERIODS = ["2014-02-30", "0000", "2009-99999", "Q4 99999", "Q0 2014", "2015/14", "9999/10000", "1-0"]
RAW_DATES = ["2014-02-30", "2014-13-01", "0000-01-01", "99999-01-01", "2014-00-10", "2013-04-31"]
NON_FINITE = [".nan", ".inf", "-.inf", ".NaN", "+.inf", "1.0e+400", "-1.5e999"]

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

text_or_impossible = st.one_of(st.text(max_size=40), st.sampled_from(IMPOSSIBLE_WHEN + IMPOSSIBLE_PERIODS))
raw_date = st.one_of(
    st.sampled_from(RAW_DATES),
    st.tuples(st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99)).map(
        lambda ymd: f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
    ),
)


@functools.cache
def _originals(source: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((source / "data").glob("*.yaml"))}


Replacement = str | Callable[[re.Match[str]], str]


def _site_with(source: Path, file: str, pattern: str, replacement: Replacement, tmp: Path) -> Path:
    """A copy of a site whose ``file`` has its first match of ``pattern`` replaced.

    The copy starts with the session's charts, so only the charts the new value
    changes are drawn: those are the ones it could break.
    """
    site_dir = copy_site(source, tmp / "site")
    text = _originals(source)[file]
    match = re.search(pattern, text, flags=re.MULTILINE)
    assert match is not None, f"{pattern!r} not found in {file}"
    new = replacement if isinstance(replacement, str) else replacement(match)
    changed = text[: match.start()] + new + text[match.end() :]
    (site_dir / "data" / file).write_text(changed, encoding="utf-8")
    return site_dir


def _minimal_with(file: str, pattern: str, replacement: str, tmp: Path) -> Path:
    """The minimal buildable site with ``file``'s first match of ``pattern`` replaced.

    For properties about one chart's figure or unit: two indicators build in a tenth of
    the time Luton takes, so a property can try more values.
    """
    site_dir = buildable_minimal_site(tmp / "site")
    path = site_dir / "data" / file
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement.replace("\\", "\\\\"), text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{pattern!r} not found in {file}"
    path.write_text(changed, encoding="utf-8")
    return site_dir


def _line_of(source: Path, file: str, pattern: str) -> int:
    text = _originals(source)[file]
    match = re.search(pattern, text, flags=re.MULTILINE)
    assert match is not None
    return 1 + text[: match.start()].count("\n")


def _assert_located(site_dir: Path, what: str, *, charts: bool = True) -> None:
    """The site loads, or every problem names a data file and a line; pages are planned without a crash.

    Without ``charts``, for a value no chart shows, the pages are rendered as ``validate``
    renders them, with no chart drawn and nothing written.
    """
    site, problems = load_site(site_dir)
    if site is not None and not problems.errors:
        found: list[Problem] = []
        try:
            if charts:
                generate(site_dir)
            else:
                found = site_link_problems(site_dir, site)
        except InputError as exc:
            found = exc.problems
        assert all(p.where.file and p.where.line >= 1 for p in found), f"{what}: {found}"
        return
    assert problems.errors, f"{what}: no site and no error"
    for problem in problems.items:
        assert problem.where.file.startswith("data/"), f"{what}: {problem}"
        assert problem.where.line >= 1, f"{what}: problem without a line: {problem}"


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@SETTINGS
@given(when=text_or_impossible)
@example(when="by 31 February 2014")
def test_any_milestone_date_phrase(when: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = _site_with(LEICESTERSHIRE, "outcomes.yaml", r"when: .*$", f"when: {_quoted(when)}", Path(tmp))
        _assert_located(site_dir, f"when: {when!r}", charts=False)  # milestones have no chart


@SETTINGS
@given(period=text_or_impossible, raw=st.booleans())
def test_any_period(period: str, raw: bool) -> None:
    bare = raw and re.fullmatch(r"[\w/ -]+", period) is not None and period.strip() != ""
    value = period if bare else _quoted(period)
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = _site_with(ROOT, "indicators.yaml", r'period: "2009-2011"', f"period: {value}", Path(tmp))
        _assert_located(site_dir, f"period: {value}")


@SETTINGS
@given(as_of=st.one_of(raw_date, st.text(max_size=20).map(_quoted)))
@example(as_of="2014-02-30")
def test_any_as_of_date(as_of: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = _site_with(LEICESTERSHIRE, "strategy.yaml", r"as_of: .*$", f"as_of: {as_of}", Path(tmp))
        _assert_located(site_dir, f"as_of: {as_of}")


@SETTINGS
@given(date=st.one_of(raw_date, st.text(max_size=20).map(_quoted)))
def test_any_update_date(date: str) -> None:
    def update(when: re.Match[str]) -> str:
        return f"{when[1]}when: {when[2]}\n{when[1]}updates:\n{when[1]}  - {{date: {date}, status: done}}"

    with tempfile.TemporaryDirectory() as tmp:
        site_dir = _site_with(LEICESTERSHIRE, "outcomes.yaml", r"^(\s*)when: (.*)$", update, Path(tmp))
        _assert_located(site_dir, f"update date: {date}")


def test_non_finite_figures_are_refused_at_their_line() -> None:
    line = _line_of(ROOT, "indicators.yaml", r"value: 7\.2\b")
    for value in NON_FINITE:
        with tempfile.TemporaryDirectory() as tmp:
            site_dir = _site_with(ROOT, "indicators.yaml", r"value: 7\.2\b", f"value: {value}", Path(tmp))
            _site, problems = load_site(site_dir)
            located = [(p.where.file, p.where.line) for p in problems.errors]
            assert ("data/indicators.yaml", line) in located, f"value: {value}: {problems.items}"


optional_figure = st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, width=32))


@SETTINGS
@given(
    value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, width=32),
    lower=optional_figure,
    upper=optional_figure,
)
@example(value=77.7, lower=80.1, upper=76.4)  # written the wrong way round: once a traceback in matplotlib
@example(value=77.7, lower=78.0, upper=79.0)  # the value outside its interval
def test_any_interval(value: float, lower: float | None, upper: float | None) -> None:
    """A figure with any interval is drawn on its chart, or refused at its line: validate then build."""
    written = f"value: {value!r}" + (f", lower: {lower!r}" if lower is not None else "")
    written += f", upper: {upper!r}" if upper is not None else ""
    block = written.replace(", ", "\n            ")
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = _minimal_with("indicators.yaml", r"^            value: 77\.7$", f"            {block}", Path(tmp))
        _assert_located(site_dir, written)


chart_text = st.one_of(
    st.text(max_size=30).filter(lambda t: t.strip() and "\n" not in t),
    st.sampled_from(["$\\frac{$", "$\\alpha$ years", "$$", "per $1,000", "\\", "%%", "{}", "<b>"]),
)


@SETTINGS
@given(unit=chart_text)
def test_any_unit_drawn_on_a_chart(unit: str) -> None:
    """A unit is drawn on the value axis of every chart of its indicator: any text is drawn as written."""
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = _minimal_with("indicators.yaml", r"^    unit: years$", f"    unit: {_quoted(unit)}", Path(tmp))
        _assert_located(site_dir, f"unit: {unit!r}")
