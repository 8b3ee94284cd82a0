"""Accessible SVG line charts, cached by a hash of their inputs and rendered in parallel.

Charts follow the Government Analysis Function's guidance: series are told apart by
line style and marker as well as colour (Okabe–Ito colours, each at least 3:1 on the
chart's white card in both site themes), text stays real SVG text, and the same data
always gives the same bytes (fixed hash salt, no dates), so an unchanged chart is never
rendered again. Where things go is decided in ``chart_layout`` before drawing starts, so
matplotlib never measures text; the measure's name is the page's text under the chart,
and the chart itself carries the unit as its value axis label.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from html import escape
from io import StringIO
from pathlib import Path
from typing import Any

from . import cache
from .chart_layout import FONT_PT, ChartSpec, Layout, Line, ValueAxis, layout, value_axis
from .workers import workers_below_the_build

__all__ = ["ChartSpec", "Line", "render_svg", "render_svg_fresh"]

PARALLEL_THRESHOLD = 8
CHARTS_PER_WORKER = 50

# (colour, line style, marker, hollow) per kind of line; colours pass 3:1 against white.
# Measured figures have filled markers; targets and projections, which are not
# measured, have open ones and broken lines.
LOCAL_ACTUAL = ("#0072B2", "solid", "o", False)
LOCAL_TARGET = ("#0072B2", "dashed", "D", True)
LOCAL_PROJECTION = ("#0072B2", "dotted", "o", True)
COMPARATOR_ACTUAL = ("#A6480B", "dashdot", "s", False)
COMPARATOR_TARGET = ("#A6480B", "dashed", "^", True)
COMPARATOR_PROJECTION = ("#A6480B", "dotted", "s", True)
TEXT = "#1f1f1f"
GRID = "#767676"


BAR_COLOURS = ("#0072B2", "#A6480B", "#007A5E", "#6B4C9A")
BAR_HATCHES = ("", "//", "..", "xx")


def _bars(axes: Any, spec: ChartSpec) -> list[Any]:
    """Stacked bars, one segment per component, told apart by hatching as well as colour."""
    bottoms = [0.0] * len(spec.periods)
    drawn = []
    for index, line in enumerate(spec.lines):
        heights = [0.0] * len(spec.periods)
        for x, y in zip(line.xs, line.ys, strict=True):
            heights[x] = y
        container = axes.bar(
            range(len(spec.periods)),
            heights,
            bottom=bottoms,
            width=0.55,
            color=BAR_COLOURS[index % len(BAR_COLOURS)],
            hatch=BAR_HATCHES[index % len(BAR_HATCHES)],
            edgecolor="white",
            linewidth=0.8,
            label=line.label,
        )
        for period, patch in enumerate(container.patches):
            patch.set_gid(f"series-{index}-{period}")
        drawn.append(container)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    return drawn


_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "strategy-site",
    "font.family": "sans-serif",
    "font.size": FONT_PT,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "xtick.labelsize": FONT_PT,
    "ytick.labelsize": FONT_PT,
    "axes.edgecolor": GRID,
    # Text from the data ("$1 m", "£ per $") is drawn as written: matplotlib would otherwise read
    # anything between two dollar signs as TeX, turning "$\alpha$" into α and failing on "$\frac{$".
    "text.parse_math": False,
    # figures kept for reuse (``MAX_TEMPLATES``) stay open on purpose: warn only past them
    "figure.max_open_warning": 32,
}
_TEMPLATES: dict[tuple[object, ...], _Reused] = {}
MAX_TEMPLATES = 24


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(_STYLE)  # type: ignore[arg-type]  # matplotlib types the keys as literals
    return plt


def prepare() -> None:
    """Import matplotlib now, so that the first chart drawn later (say, in a preview) is quick."""
    _pyplot()


def _new_figure(box: Layout) -> Any:
    """A figure of the laid-out size with the plot where the layout put it: nothing is measured."""
    figure, axes = _pyplot().subplots(figsize=(box.width / 72, box.height / 72), dpi=72)
    figure.patch.set_facecolor("white")
    axes.set_position(
        [box.left / box.width, box.bottom / box.height, box.plot_width / box.width, box.plot_height / box.height]
    )
    return figure


def _lines(axes: Any, spec: ChartSpec, xs: tuple[float, ...]) -> list[Any]:
    drawn = []
    for index, line in enumerate(spec.lines):
        (artist,) = axes.plot(
            [xs[x] for x in line.xs],
            line.ys,
            color=line.colour,
            linestyle=line.style,
            marker=line.marker or None,
            markerfacecolor="white" if line.hollow else line.colour,
            markeredgewidth=1.8,
            linewidth=2.2,
            markersize=7,
            label=line.label,
            gid=f"series-{index}",
            clip_on=False,
        )
        drawn.append(artist)
        if line.has_interval:
            _interval(axes, line, xs, index)
    return drawn


def _interval(axes: Any, line: Line, xs: tuple[float, ...], index: int) -> None:
    """The 95% confidence interval of each value that has one, as an error bar with caps."""
    points = [
        (xs[x], y, y - low, high - y)
        for x, y, low, high in zip(line.xs, line.ys, line.lows, line.highs, strict=True)
        if low is not None and high is not None
    ]
    bars = axes.errorbar(
        [p[0] for p in points],
        [p[1] for p in points],
        yerr=[[p[2] for p in points], [p[3] for p in points]],
        fmt="none",
        ecolor=line.colour,
        elinewidth=1.4,
        capsize=4,
        clip_on=False,
    )
    for number, part in enumerate((*bars.lines[1], *bars.lines[2])):
        part.set_gid(f"interval-{index}-{number}")


def _break_mark(axes: Any, box: Layout) -> None:
    """Two short slanted strokes across the foot of the value axis: it does not start at zero."""
    dx, dy = 5 / box.plot_width, 3 / box.plot_height
    for number, offset in enumerate((0.025, 0.025 + 5 / box.plot_height)):
        axes.plot(
            [-dx, dx],
            [offset - dy, offset + dy],
            transform=axes.transAxes,
            color=TEXT,
            linewidth=1.4,
            clip_on=False,
            gid=f"axis-break-{number}",
        )


def _draw(figure: Any, spec: ChartSpec, box: Layout) -> None:
    """Everything that stays the same for charts of the same shape; values come from ``_set_values``."""
    axes = figure.axes[0]
    axes.clear()
    for axis in (axes.xaxis, axes.yaxis):  # no axis labels: skip measuring tick labels to place them
        axis.set_label_coords(0.5, 0.5)
    drawn = _bars(axes, spec) if spec.kind == "bar" else _lines(axes, spec, box.x_ticks)
    axes.set_xlim(box.x_low, box.x_high)
    axes.set_xticks(box.x_ticks, box.x_labels)
    axes.tick_params(axis="x", length=4)
    axes.grid(axis="y", color=GRID, linewidth=0.5, alpha=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    if box.axis_label:
        figure.text(4 / box.width, 1 - 6 / box.height, box.axis_label, ha="left", va="top", gid="axis-label")
    if spec.kind != "bar":
        _break_mark(axes, box)
    labels = _legend_labels(box, spec)
    shown = [(artist, label) for artist, line, label in zip(drawn, spec.lines, labels, strict=True) if line.xs]
    legend = axes.legend(
        [artist for artist, _ in shown],
        [label for _, label in shown],
        loc="upper left",
        bbox_to_anchor=(4 / box.width, box.legend_top / box.height),
        bbox_transform=figure.transFigure,
        ncol=1,
        frameon=False,
        borderaxespad=0,
        borderpad=0,
        handlelength=2.8,
        labelspacing=0.45,
    )
    for text, index in zip(legend.get_texts(), [i for i, line in enumerate(spec.lines) if line.xs], strict=True):
        text.set_gid(f"legend-{index}")


def _legend_labels(box: Layout, spec: ChartSpec) -> list[str]:
    labels = iter(box.legend_labels)
    return [next(labels) if line.xs else "" for line in spec.lines]


def _set_values(figure: Any, spec: ChartSpec) -> ValueAxis:
    """The values and the value axis: all that differs between charts of one shape. Returns the axis."""
    axes = figure.axes[0]
    axis = value_axis(spec)
    if spec.kind != "bar":
        series = [a for a in axes.lines if str(a.get_gid()).startswith("series-")]
        for artist, line in zip(series, spec.lines, strict=True):
            artist.set_ydata(line.ys)
        for mark in axes.lines:
            if str(mark.get_gid()).startswith("axis-break"):
                mark.set_visible(axis.cut)
    axes.set_ylim(axis.low, axis.high)
    axes.set_yticks(axis.ticks, axis.labels)
    return axis


def _matplotlib_svg(figure: Any) -> str:
    buffer = StringIO()  # text, not bytes: matplotlib would otherwise encode each of its many small writes
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _labelled(svg: str, spec: ChartSpec) -> bytes:
    """The SVG named for assistive technology: its title and description, and ``role="img"``."""
    title = f'<title id="t">{escape(spec.title)}</title><desc id="d">{escape(spec.description)}</desc>'
    svg = re.sub(r"<svg ", '<svg role="img" aria-labelledby="t d" ', svg, count=1)
    svg = re.sub(r"(<svg[^>]*>)", r"\1" + title.replace("\\", "\\\\"), svg, count=1)
    return svg.encode()


def _save(figure: Any, spec: ChartSpec) -> bytes:
    return _labelled(_matplotlib_svg(figure), spec)


# --- parts of a reused figure that are the same in every chart of its shape ------------------------
#
# The period axis and the legend are the same in every chart of one shape, and many
# charts share a value axis too, yet laying them out again is most of what drawing a
# chart costs (the legend's boxes and the tick labels' text are measured on every save:
# 6, 3 and 4 ms of some 16). A figure kept for reuse therefore records the SVG matplotlib
# wrote for them and writes it again in their place. The bytes must be exactly those
# matplotlib would write, which ``tests/test_charts.py`` checks against a figure drawn
# fresh for many value axes of one shape.

#: matplotlib's own group ids ("line2d_9", "xtick_2"), numbered in drawing order per prefix. Only
#: in a start tag: text from the data (a legend label) cannot hold "<", which matplotlib escapes.
_AUTO_ID = re.compile(r'<g id="([a-z][a-z0-9.]*)_(\d+)"')


class _Recorded:
    """What matplotlib wrote for one part of a figure, to write again with its ids renumbered.

    The ids it numbers itself follow on from those of the parts drawn before, which
    differ between charts (a value axis with five ticks has more lines than one with
    four), so they are kept relative to the part's start and counted on from there.
    """

    def __init__(self, svg: str, start: int, end: int) -> None:
        before: dict[str, int] = {}
        for match in _AUTO_ID.finditer(svg, 0, start):
            before[match[1]] = before.get(match[1], 0) + 1
        self.texts: list[str] = []  # the part's text between its numbered ids
        self.ids: list[tuple[str, int]] = []  # each numbered id: prefix, number from the part's start
        at = start
        for match in _AUTO_ID.finditer(svg, start, end):
            self.texts.append(svg[at : match.start()])
            self.ids.append((match[1], int(match[2]) - before.get(match[1], 0)))
            at = match.end()
        self.texts.append(svg[at:end])
        self.used: dict[str, int] = {}
        for prefix, _number in self.ids:
            self.used[prefix] = self.used.get(prefix, 0) + 1
        # the clipping rectangles it refers to (the grid's), which matplotlib writes at the end
        self.clips: list[tuple[str, tuple[float, ...]]] = []
        for clip_id in dict.fromkeys(re.findall(r'clip-path="url\(#(p[0-9a-f]+)\)"', svg[start:end])):
            rect = re.search(
                rf'<clipPath id="{clip_id}">\s*<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"/>', svg
            )
            if rect is None:
                raise ValueError(f"clip path {clip_id} is not a rectangle")
            self.clips.append((clip_id, tuple(float(number) for number in rect.groups())))

    def write(self, renderer: Any) -> None:
        counted: dict[str, int] = renderer._groupd  # matplotlib's own count of ids by prefix
        pieces = [self.texts[0]]
        for (prefix, number), text in zip(self.ids, self.texts[1:], strict=True):
            pieces += [f'<g id="{prefix}_{counted.get(prefix, 0) + number}"', text]
        writer = renderer.writer
        writer._XMLWriter__flush()  # close a start tag left open, as matplotlib's next element would
        writer._XMLWriter__write("".join(pieces))
        for prefix, used in self.used.items():
            counted[prefix] = counted.get(prefix, 0) + used
        clips: dict[object, tuple[object, str]] = renderer._clipd  # written as <clipPath> when the SVG ends
        for clip_id, rect in self.clips:
            if all(known != clip_id for _clip, known in clips.values()):
                clips[("replayed", clip_id)] = (rect, clip_id)


@functools.cache
def _can_replay() -> bool:
    """Whether this matplotlib's SVG renderer has the parts ``_Recorded.write`` uses (all its own, not public).

    The versions the tool ships with have them, and a test holds the replayed bytes to
    those of a fresh drawing; a matplotlib that has changed them draws every chart afresh.
    """
    from matplotlib.backends.backend_svg import RendererSVG

    renderer = RendererSVG(10, 10, StringIO())  # type: ignore[no-untyped-call]  # matplotlib leaves it untyped
    parts = ("_XMLWriter__flush", "_XMLWriter__write")
    return (
        isinstance(getattr(renderer, "_groupd", None), dict)
        and isinstance(getattr(renderer, "_clipd", None), dict)
        and all(callable(getattr(renderer.writer, part, None)) for part in parts)
    )


def _recorded(svg: str, group_id: str) -> _Recorded | None:
    """The group ``group_id`` of matplotlib's SVG (found by its indentation), recorded; None if it cannot be."""
    if not _can_replay():
        return None
    found = re.search(rf'^( *)<g id="{re.escape(group_id)}">\n', svg, re.M)
    closing = re.compile(rf"^{found[1]}</g>\n", re.M).search(svg, found.end()) if found else None
    if found is None or closing is None:
        return None
    try:
        return _Recorded(svg, found.start(), closing.end())
    except ValueError:  # it refers to something that cannot be written again: it is drawn each time
        return None


class _Reused:
    """A figure kept to draw every chart of one shape, with the parts it writes again.

    The period axis and the legend are recorded from the first chart. A value axis is
    the same in many charts too (0 to 100 in steps of 20), so each one is recorded the
    first time it is drawn and written again for the next chart with the same axis.
    """

    #: value axes remembered a figure, the oldest forgotten first (a few KB each)
    VALUE_AXES = 64

    def __init__(self, figure: Any, axis: ValueAxis, svg: str) -> None:
        from matplotlib.artist import Artist

        class Replayed(Artist):
            def __init__(self, recorded: _Recorded | None, zorder: float) -> None:
                super().__init__()
                self.recorded = recorded
                self.set_zorder(zorder)

            def draw(self, renderer: Any) -> None:
                if self.recorded is not None:
                    self.recorded.write(renderer)

        self.figure = figure
        axes = figure.axes[0]
        replayed: list[object] = []
        for artist, group_id in ((axes.xaxis, "matplotlib.axis_1"), (axes.get_legend(), "legend_1")):
            recorded = _recorded(svg, group_id)
            if artist is not None and recorded is not None:
                axes.add_artist(Replayed(recorded, artist.get_zorder()))
                artist.set_visible(False)
                replayed.append(artist)
        self.value_axes: dict[ValueAxis, _Recorded] = {}
        self.value_axis: Any = None
        # added after the period axis's, at the same depth: drawn after it, as the value axis is;
        # with the period axis drawn afresh, so is the value axis, to keep the order of the two
        if axes.xaxis in replayed:
            self.value_axis = Replayed(None, axes.yaxis.get_zorder())
            axes.add_artist(self.value_axis)
            self._remember(axis, svg)

    def _remember(self, axis: ValueAxis, svg: str) -> None:
        recorded = _recorded(svg, "matplotlib.axis_2")
        if recorded is not None:
            if len(self.value_axes) >= self.VALUE_AXES:
                del self.value_axes[next(iter(self.value_axes))]
            self.value_axes[axis] = recorded

    def draw(self, spec: ChartSpec) -> bytes:
        axis = _set_values(self.figure, spec)
        recorded = self.value_axes.get(axis)
        if self.value_axis is not None:
            self.value_axis.recorded = recorded
            self.figure.axes[0].yaxis.set_visible(recorded is None)
        svg = _matplotlib_svg(self.figure)
        if recorded is None:
            self._remember(axis, svg)
        return _labelled(svg, spec)


def _shape(spec: ChartSpec, box: Layout) -> tuple[object, ...] | None:
    """What must match for a drawn figure to be reused with new numbers: everything but values and words."""
    if spec.kind != "line" or any(line.has_interval for line in spec.lines):
        return None
    lines = tuple((line.label, line.colour, line.style, line.marker, line.hollow, line.xs) for line in spec.lines)
    return (spec.periods, spec.positions, lines, box)


def render_svg(spec: ChartSpec) -> bytes:
    """Draw one chart as SVG bytes, identical for identical specs.

    Charts of the same shape (same periods, series, styles and layout) reuse a figure
    already drawn in this process and only swap in the new values; its period axis and
    legend, and a value axis it has drawn before, are written as they were (``_Reused``),
    not laid out again. Measured on the 100x benchmark's 3,000 charts: 15.6 ms a chart
    with none written again, 8.4 ms with the period axis and legend, 5.7 ms with value
    axes too, against 37 ms for a figure of its own.
    """
    box = layout(spec)
    shape = _shape(spec, box)
    reused = _TEMPLATES.get(shape) if shape is not None else None
    if reused is not None:
        return reused.draw(spec)
    figure = _new_figure(box)
    try:
        _draw(figure, spec, box)
        axis = _set_values(figure, spec)
        svg = _matplotlib_svg(figure)
    except BaseException:
        _pyplot().close(figure)
        raise
    if shape is None:
        _pyplot().close(figure)
    else:
        if len(_TEMPLATES) >= MAX_TEMPLATES:
            _pyplot().close(_TEMPLATES.pop(next(iter(_TEMPLATES))).figure)
        _TEMPLATES[shape] = _Reused(figure, axis, svg)
    return _labelled(svg, spec)


def render_svg_fresh(spec: ChartSpec) -> bytes:
    """Draw one chart on a figure of its own: the slow way, kept to measure the batch against."""
    box = layout(spec)
    figure = _new_figure(box)
    try:
        _draw(figure, spec, box)
        _set_values(figure, spec)
        return _save(figure, spec)
    finally:
        _pyplot().close(figure)


@dataclass
class ChartStats:
    rendered: int = 0
    cached: int = 0


def split_cached(specs: Sequence[ChartSpec], cache_dir: Path) -> tuple[dict[str, bytes], dict[str, ChartSpec]]:
    """SVG bytes of the charts already in the cache, and the specs of those still to draw, by key."""
    by_key = {spec.key(): spec for spec in specs}
    found = cache.load_charts(cache_dir, by_key)
    return found, {key: spec for key, spec in by_key.items() if key not in found}


def _draw_batch(specs: list[ChartSpec]) -> list[bytes]:
    return [render_svg(spec) for spec in specs]


class ChartDrawing:
    """Charts being drawn in worker processes while the caller renders pages.

    A worker costs about as much to start (importing matplotlib) as a dozen charts,
    so a few charts are drawn in this process when ``result`` is asked for, and many
    get one worker per ``CHARTS_PER_WORKER`` charts, up to one per core, started at once.
    """

    def __init__(self, missing: dict[str, ChartSpec], cache_dir: Path, workers: int | None = None) -> None:
        self.missing = missing
        self.cache_dir = cache_dir
        self._pool: ProcessPoolExecutor | None = None
        self._batches: list[tuple[list[str], Future[list[bytes]]]] = []
        if len(missing) >= PARALLEL_THRESHOLD:
            cores = workers or os.cpu_count() or 1
            count = max(1, min(cores, len(missing) // CHARTS_PER_WORKER))
            self._pool = workers_below_the_build(count)
            keys = list(missing)
            size = max(4, len(keys) // (count * 8))
            for first in range(0, len(keys), size):
                batch = keys[first : first + size]
                self._batches.append((batch, self._pool.submit(_draw_batch, [missing[k] for k in batch])))

    def result(self) -> dict[str, bytes]:
        """Wait for every chart, store each in the cache, and return SVG bytes by key."""
        drawn: dict[str, bytes] = {}
        for batch in self.batches():
            drawn.update(batch)
        return drawn

    def batches(self) -> Iterator[dict[str, bytes]]:
        """The charts in batches as they are drawn, each stored in the cache first: SVG bytes by key.

        A caller can write one batch while the next is drawn. A worker that dies makes
        its batch fail at once (the pool is broken), so this never waits for a chart
        that will not come.
        """
        try:
            if self._pool is None:
                batch = {key: render_svg(spec) for key, spec in self.missing.items()}
                self._store(batch)
                yield batch
                return
            keys_of = {id(future): keys for keys, future in self._batches}
            for future in as_completed([future for _keys, future in self._batches]):
                batch = dict(zip(keys_of[id(future)], future.result(), strict=True))
                self._store(batch)
                yield batch
        finally:
            self.cancel()

    def _store(self, batch: dict[str, bytes]) -> None:
        cache.store_charts(self.cache_dir, batch)

    def cancel(self) -> None:
        """Stop the workers: the build failed elsewhere, or every chart is in."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
