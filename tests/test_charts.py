"""Charts as drawn: every series visible, honest axes, sizes on the page, and tables that answer first.

The SVG files of the built site are read back as XML: each legend entry, series, axis
label and break mark carries an id, so the tests check what was drawn rather than what
the code meant to draw.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generator import charts, workers
from generator.build import build
from generator.chart_layout import ChartSpec, Line, time_positions, value_axis
from generator.charts import render_svg, render_svg_fresh

from .conftest import ROOT, copy_site

SVG = "{http://www.w3.org/2000/svg}"


def _charts(site: Path) -> list[Path]:
    return sorted((site / "site").rglob("*.svg"))


def _by_id(root: ET.Element) -> dict[str, ET.Element]:
    return {element.get("id", ""): element for element in root.iter() if element.get("id")}


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _points(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(numbers[::2], numbers[1::2], strict=False))


def _drawn(group: ET.Element) -> bool:
    """A marker, a line between two different points, or a filled shape with an area."""
    if group.find(f".//{SVG}use") is not None:
        return True
    for path in group.iter(f"{SVG}path"):
        points = set(_points(path.get("d", "")))
        if "fill: none" in path.get("style", ""):
            if len(points) >= 2:
                return True
        elif len({x for x, _ in points}) >= 2 and len({y for _, y in points}) >= 2:
            return True
    return False


def _series(ids: dict[str, ET.Element], index: str) -> list[ET.Element]:
    return [element for key, element in ids.items() if key == f"series-{index}" or key.startswith(f"series-{index}-")]


def test_every_legend_entry_names_a_series_with_a_drawn_mark(luton_site: Path) -> None:
    entries = 0
    for chart in _charts(luton_site):
        ids = _by_id(ET.parse(chart).getroot())
        legend = {key.removeprefix("legend-"): _text(e) for key, e in ids.items() if key.startswith("legend-")}
        assert legend, f"{chart.name}: no legend"
        for index, label in legend.items():
            entries += 1
            groups = _series(ids, index)
            assert groups, f"{chart.name}: legend entry '{label}' has no series"
            assert any(_drawn(g) for g in groups), f"{chart.name}: '{label}' is in the legend but nothing is drawn"
    assert entries >= 30


def _single_value_targets(yaml: dict[str, Any], area: str) -> list[str]:
    return [
        indicator["id"]
        for indicator in yaml["indicators"]
        for series in indicator.get("series", [])
        if series["kind"] == "target" and series["area"] == area and len(series["values"]) == 1
    ]


def test_a_target_with_one_value_is_drawn_as_a_marker(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    indicators = _single_value_targets(luton_yaml, "Luton")
    assert len(indicators) >= 5  # the charts the issue named: years of life lost, admissions, quality of life, ...
    for indicator in indicators:
        ids = _by_id(ET.parse(luton_site / "site" / "indicators" / f"{indicator}.svg").getroot())
        target = next(key for key, e in ids.items() if key.startswith("legend-") and _text(e) == "Luton target")
        (series,) = _series(ids, target.removeprefix("legend-"))
        assert series.find(f".//{SVG}use") is not None, f"{indicator}: its one target value has no marker"


def test_the_value_axis_is_labelled_with_the_unit(luton_site: Path, luton_yaml: dict[str, Any]) -> None:
    checked = 0
    for indicator in luton_yaml["indicators"]:
        breakdowns = {s.get("breakdown") for s in indicator.get("series", [])}
        for breakdown in breakdowns:
            name = indicator["id"] + (f"--{breakdown}" if breakdown else "")
            label = _text(_by_id(ET.parse(luton_site / "site" / "indicators" / f"{name}.svg").getroot())["axis-label"])
            assert (indicator.get("unit") or indicator["name"]) in label, (name, label)
            checked += 1
    assert checked >= 10


def _marker_xs(group: ET.Element) -> list[float]:
    return [float(use.get("x", "nan")) for use in group.iter(f"{SVG}use")]


def test_the_population_chart_is_true_to_time_and_keeps_the_projection_apart(
    luton_site: Path, luton_yaml: dict[str, Any]
) -> None:
    population = next(i for i in luton_yaml["indicators"] if i["id"] == "population-total")
    years = {s["kind"]: [int(v["period"]) for v in s["values"]] for s in population["series"]}
    ids = _by_id(ET.parse(luton_site / "site" / "indicators" / "population-total.svg").getroot())
    legend = {_text(e): key.removeprefix("legend-") for key, e in ids.items() if key.startswith("legend-")}
    xs = {kind: _marker_xs(_series(ids, legend[f"Luton {kind}"])[0]) for kind in years}
    placed = sorted(
        (year, x) for kind in years for year, x in zip(years[kind], xs[kind], strict=True)
    )  # every value has its own marker
    (first_year, first_x), (last_year, last_x) = placed[0], placed[-1]
    for year, x in placed:
        share = (x - first_x) / (last_x - first_x)
        assert share == pytest.approx((year - first_year) / (last_year - first_year), abs=0.01), (year, share)
    actual_line = [
        p for p in _series(ids, legend["Luton actual"])[0].iter(f"{SVG}path") if "fill: none" in p.get("style", "")
    ]
    assert all(len(set(_points(p.get("d", "")))) < 2 for p in actual_line)  # one figure: nothing joined to it


def test_an_axis_that_does_not_start_at_zero_is_marked_and_said_in_words(luton_site: Path) -> None:
    seen = {True: 0, False: 0}
    for page in (luton_site / "site" / "indicators").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        for chart in re.findall(r'<img[^>]*src="\.\./([^"]+\.svg)"', html):
            ids = _by_id(ET.parse(luton_site / "site" / "indicators" / chart).getroot())
            ticks = [_text(e) for key, e in ids.items() if key.startswith("ytick_")]
            lowest = min(float(t.replace(",", "").replace("−", "-").lstrip("£").rstrip("m")) for t in ticks)
            broken = "axis-break-0" in ids
            # the chart's own figure and the paragraph after it, up to the next chart
            start = html.index(chart)
            following = html.find("<figure", start)
            section = html[start : following if following > 0 else len(html)]
            said = f"starts at {ticks[0]}" in section and "not at zero" in section
            assert broken == said == (lowest > 0), (chart, ticks, broken, said)
            seen[broken] += 1
    assert seen[True] and seen[False]


def test_confidence_intervals_are_drawn_and_described(tmp_path: Path) -> None:
    site_dir = copy_site(ROOT, tmp_path / "luton")
    indicators = site_dir / "data" / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    figure = '{period: "2009-2011", value: 7.2, source: five-year-strategy-2014}'
    assert text.count(figure) == 1
    indicators.write_text(text.replace(figure, figure[:-1] + ", lower: 5.9, upper: 8.7}"), encoding="utf-8")
    build(site_dir)
    html = (site_dir / "site" / "indicators" / "infant-mortality" / "index.html").read_text(encoding="utf-8")
    assert "95% confidence interval" in html
    ids = _by_id(ET.parse(site_dir / "site" / "indicators" / "infant-mortality.svg").getroot())
    actual = next(key for key, e in ids.items() if key.startswith("legend-") and _text(e) == "Luton actual")
    bars = [e for key, e in ids.items() if key.startswith(f"interval-{actual.removeprefix('legend-')}-")]
    assert bars and all(_drawn(bar) for bar in bars)


def test_chart_images_carry_the_size_they_are_drawn_at(luton_site: Path) -> None:
    sized = 0
    for page in (luton_site / "site").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<img[^>]*\.svg[^>]*>", html):
            src = re.search(r'src="([^"]+)"', tag)[1]  # type: ignore[index]
            width, height = re.search(r'width="(\d+)"', tag), re.search(r'height="(\d+)"', tag)
            assert width and height, f"{page}: {src} has no width and height"
            root = ET.parse((page.parent / src).resolve()).getroot()
            drawn = [float(root.get(side, "0").removesuffix("pt")) * 4 / 3 for side in ("width", "height")]
            assert [int(width[1]), int(height[1])] == pytest.approx(drawn, abs=1), src
            sized += 1
    assert sized >= 10


def _headings(html: str) -> list[list[str]]:
    return [
        [" ".join(re.sub(r"<[^>]+>", "", h).split()) for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
        for head in re.findall(r"<thead>(.*?)</thead>", html, re.S)
    ]


@pytest.mark.parametrize("name", ["luton", "leicestershire"])
def test_no_table_has_two_columns_with_the_same_heading(name: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(f"{name}_site") / "site"
    tables = 0
    for page in site.rglob("index.html"):
        for headings in _headings(page.read_text(encoding="utf-8")):
            named = [h for h in headings if h]
            assert len(named) == len(set(named)), f"{page.relative_to(site)}: {headings}"
            tables += 1
    assert tables >= 5


def test_progress_tables_put_the_status_first(luton_site: Path) -> None:
    headings = _headings((luton_site / "site" / "progress" / "index.html").read_text(encoding="utf-8"))
    assert len(headings) >= 3
    assert all(h[0] in ("Status", "Progress") for h in headings), headings


def test_periods_sit_at_their_midpoints() -> None:
    # A year's midpoint is its middle; a pooled period's is its middle year's; April to March's is October.
    assert time_positions(("2010", "2008-2010", "2014/15")) == pytest.approx((2010.5, 2009.5, 2014.75), abs=0.01)


def _spec(*values: float, lows: tuple[float | None, ...] = (), highs: tuple[float | None, ...] = ()) -> ChartSpec:
    periods = tuple(str(2010 + i) for i in range(len(values)))
    line = Line("Area actual", "#0072B2", "solid", "o", tuple(range(len(values))), values, lows, highs)
    return ChartSpec("A title", "A subtitle", periods, (line,), axis_label="%", positions=time_positions(periods))


def test_the_value_axis_starts_at_zero_unless_every_value_sits_well_above_it() -> None:
    low = value_axis(_spec(2.0, 9.0))
    assert low.ticks[0] == 0 and not low.cut and low.high >= 9.0
    high = value_axis(_spec(77.7, 80.3))
    assert high.cut and 0 < high.ticks[0] <= 77.7 and high.low < high.ticks[0] and high.high >= 80.3
    negative = value_axis(_spec(-3.0, 4.0))
    assert negative.low <= -3.0 and 0 in negative.ticks and not negative.cut
    interval = value_axis(_spec(5.0, 6.0, lows=(1.0, None), highs=(7.5, None)))
    assert interval.low <= 1.0 and interval.high >= 7.5


def test_a_chart_with_intervals_draws_the_same_bytes_every_time() -> None:
    spec = _spec(5.0, 6.0, 7.0, lows=(4.0, None, 6.5), highs=(6.0, None, 7.5))
    assert render_svg(spec) == render_svg(spec) == render_svg_fresh(spec)
    assert b'id="interval-0-0"' in render_svg(spec)


def _one_shape(values: tuple[float, ...], axis_label: str) -> ChartSpec:
    """A chart of one fixed shape (periods, series, styles, labels) holding ``values``."""
    periods = ("2014/15", "2015/16", "2016/17", "2017/18")
    label = 'Anytown & district {line2d:1} id="line2d_5" <actual> with a label long enough to wrap onto a second line'
    lines = (
        Line(label, "#0072B2", "solid", "o", (0, 1, 2, 3), values),
        Line("England $x$", "#A6480B", "dashdot", "s", (0, 2), (values[0] * 1.1, values[2] * 0.9)),
        Line("Never measured", "#A6480B", "dashed", "^", (), ()),
        Line("Target", "#0072B2", "dashed", "D", (3,), (values[0],), hollow=True),
    )
    return ChartSpec("T", "S", periods, lines, axis_label=axis_label, positions=time_positions(periods))


@pytest.mark.parametrize("axis_label", ["", "Rate per 100,000 people aged 65 and over, a label that wraps too"])
def test_a_reused_figure_writes_its_period_axis_and_legend_as_a_fresh_one_would(axis_label: str) -> None:
    # Charts of one shape reuse one figure, which writes again the SVG it wrote for its
    # period axis and legend the first time; the value axis in between has more or fewer
    # ticks (and so more or fewer of matplotlib's numbered ids) from chart to chart.
    values = [(0.4, 0.9, 0.2, 0.7), (7712.0, 150.0, 90311.0, 4.0), (-3.5, 2.0, 1.0, -0.5), (77.7, 80.3, 79.0, 78.1)]
    values += [(1.0, 2.0, 3.0, 4.0), (0.0, 0.0, 0.0, 0.0), (12.5, 12.5, 12.6, 12.4)]
    specs = [_one_shape(v, axis_label) for v in values]
    drawn = [render_svg(spec) for spec in specs + specs[::-1]]
    assert drawn == [render_svg_fresh(spec) for spec in specs + specs[::-1]]
    assert len({len(re.findall(rb'id="ytick_', svg)) for svg in drawn}) >= 3  # value axes of several sizes
    assert all(drawn.count(svg) == 2 for svg in drawn)  # each chart its own bytes, the same both times


def test_a_matplotlib_without_the_parts_replay_uses_draws_every_chart_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    # the replay writes through matplotlib's own SVG renderer; where a version lacks what it uses,
    # figures are still reused for their shape, and nothing is written again
    assert charts._can_replay()  # the matplotlib the tool ships with has them
    monkeypatch.setattr(charts, "_can_replay", lambda: False)
    monkeypatch.setattr(charts, "_TEMPLATES", {})
    specs = [_one_shape(v, "Rate") for v in [(0.4, 0.9, 0.2, 0.7), (7712.0, 150.0, 90311.0, 4.0), (1.0, 2.0, 3.0, 4.0)]]
    assert [render_svg(spec) for spec in specs] == [render_svg_fresh(spec) for spec in specs]
    assert charts._TEMPLATES  # figures were kept for reuse
    for reused in charts._TEMPLATES.values():
        assert reused.value_axis is None and reused.value_axes == {}
        assert reused.figure.axes[0].xaxis.get_visible() and reused.figure.axes[0].get_legend().get_visible()


def _niceness_of_the_drawing_process(_spec: ChartSpec) -> bytes:
    return str(os.nice(0)).encode()


def test_chart_workers_run_below_the_build_so_mkdocs_keeps_its_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # forked workers (as in a build run from the command line) see this process's functions
    monkeypatch.setattr("generator.workers.threading.active_count", lambda: 1)
    monkeypatch.setattr(charts, "render_svg", _niceness_of_the_drawing_process)
    specs = {f"chart-{n}": _spec(float(n), float(n + 1)) for n in range(charts.PARALLEL_THRESHOLD)}
    drawn = charts.ChartDrawing(specs, tmp_path, workers=1).result()
    assert set(drawn) == set(specs)
    ours = os.nice(0)
    assert {int(niceness) for niceness in drawn.values()} == {min(19, ours + workers.WORKER_NICENESS)}


def test_charts_are_drawn_where_a_new_interpreter_is_the_only_way_to_start_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has neither fork nor a fork server: the workers start by spawn, and draw the same charts."""
    specs = {f"chart-{n}": _spec(float(n), float(n + 1)) for n in range(charts.PARALLEL_THRESHOLD)}
    monkeypatch.setattr("generator.workers.multiprocessing.get_all_start_methods", lambda: ["spawn"])
    assert workers.start_method().get_start_method() == "spawn"
    drawn = charts.ChartDrawing(specs, tmp_path, workers=1).result()
    assert drawn == {key: render_svg(spec) for key, spec in specs.items()}
