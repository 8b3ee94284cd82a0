"""Accessible SVG line charts, cached by a hash of their inputs and rendered in parallel.

Charts follow the Government Analysis Function's guidance: series are told apart by
line style and marker as well as colour (Okabe–Ito colours, each at least 3:1 on the
chart's white card in both site themes), text stays real SVG text, and the same data
always gives the same bytes (fixed hash salt, no dates), so an unchanged chart is never
rendered again.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from io import BytesIO
from pathlib import Path
from typing import Any

from . import cache

STYLE_VERSION = "2"
PARALLEL_THRESHOLD = 8
CHARTS_PER_WORKER = 50

# (colour, line style, marker) per kind of line; colours pass 3:1 against white.
LOCAL_ACTUAL = ("#0072B2", "solid", "o")
LOCAL_TARGET = ("#0072B2", "dashed", "")
COMPARATOR_ACTUAL = ("#A6480B", "dotted", "s")
COMPARATOR_PROJECTION = ("#A6480B", "dotted", "")
TEXT = "#1f1f1f"
GRID = "#767676"


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    style: str
    marker: str
    xs: tuple[int, ...]
    ys: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart is drawn from; its hash names the cached SVG."""

    title: str
    subtitle: str
    periods: tuple[str, ...]
    lines: tuple[Line, ...]
    decimals: int = 1
    description: str = ""
    kind: str = "line"
    value_prefix: str = ""

    def key(self) -> str:
        """A hash of everything the chart is drawn from, and of the drawing code's version."""
        return _key(self)


@lru_cache(maxsize=65536)
def _key(spec: ChartSpec) -> str:
    return cache.key(repr((STYLE_VERSION, spec)).encode())[:20]


def _wrap(text: str, width: int) -> str:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "\n".join(lines)


BAR_COLOURS = ("#0072B2", "#A6480B", "#007A5E", "#6B4C9A")
BAR_HATCHES = ("", "//", "..", "xx")


def _bars(axes: object, spec: ChartSpec) -> None:
    """Stacked bars, one segment per component, told apart by hatching as well as colour."""
    bottoms = [0.0] * len(spec.periods)
    for index, line in enumerate(spec.lines):
        heights = [0.0] * len(spec.periods)
        for x, y in zip(line.xs, line.ys, strict=True):
            heights[x] = y
        axes.bar(
            range(len(spec.periods)),
            heights,
            bottom=bottoms,
            width=0.55,  # type: ignore[attr-defined]
            color=BAR_COLOURS[index % len(BAR_COLOURS)],
            hatch=BAR_HATCHES[index % len(BAR_HATCHES)],
            edgecolor="white",
            linewidth=0.8,
            label=line.label,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]


_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "strategy-site",
    "font.family": "sans-serif",
    "font.size": 11,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.edgecolor": GRID,
    # Titles sit at the top of the plot and nothing is drawn above it: fixing the position
    # spares matplotlib measuring every tick label to place the title, on every save.
    "axes.titley": 1.0,
}
_TEMPLATES: dict[tuple[object, ...], Any] = {}
MAX_TEMPLATES = 24


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(_STYLE)
    return plt


def prepare() -> None:
    """Import matplotlib now, so that the first chart drawn later (say, in a preview) is quick."""
    _pyplot()


def _new_figure() -> Any:
    """A figure with fixed margins: cheaper than tight_layout and the same for every chart."""
    figure, _axes = _pyplot().subplots(figsize=(7.5, 4.2), dpi=100)
    figure.patch.set_facecolor("white")
    figure.subplots_adjust(left=0.11, right=0.97, top=0.9, bottom=0.3)
    return figure


def _draw(figure: Any, spec: ChartSpec) -> None:
    import matplotlib.ticker

    axes = figure.axes[0]
    axes.clear()
    for axis in (axes.xaxis, axes.yaxis):  # no axis labels: skip measuring tick labels to place them
        axis.set_label_coords(0.5, 0.5)
    if spec.kind == "bar":
        _bars(axes, spec)
    else:
        for line in spec.lines:
            axes.plot(
                line.xs,
                line.ys,
                color=line.colour,
                linestyle=line.style,
                marker=line.marker or None,
                linewidth=2.2,
                markersize=6,
                label=line.label,
            )
    rotate = len(spec.periods) > 5
    axes.set_xticks(range(len(spec.periods)))
    axes.set_xticklabels(
        [p.replace("-", "–") for p in spec.periods], rotation=30 if rotate else 0, ha="right" if rotate else "center"
    )
    axes.grid(axis="y", color=GRID, linewidth=0.5, alpha=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    largest = max((abs(y) for line in spec.lines for y in line.ys), default=0)
    if largest >= 1_000_000:  # long numbers do not fit the fixed margin: millions, as residents say them
        axes.yaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(
                lambda value, _position: f"{spec.value_prefix}{value / 1_000_000:,.1f}m".replace(".0m", "m")
            )
        )
    else:
        axes.yaxis.set_major_formatter(
            matplotlib.ticker.StrMethodFormatter(spec.value_prefix + "{x:,.%sf}".replace("%s", str(spec.decimals)))
        )
    axes.set_title(_wrap(spec.subtitle, 80), loc="left", fontsize=10, color=TEXT)
    axes.legend(loc="upper left", bbox_to_anchor=(0, -0.22 if rotate else -0.12), ncol=2, frameon=False, fontsize=10)


def _save(figure: Any, spec: ChartSpec) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue().decode()
    title = f'<title id="t">{escape(spec.title)}</title><desc id="d">{escape(spec.description)}</desc>'
    svg = re.sub(r"<svg ", '<svg role="img" aria-labelledby="t d" ', svg, count=1)
    svg = re.sub(r"(<svg[^>]*>)", r"\1" + title.replace("\\", "\\\\"), svg, count=1)
    return svg.encode()


def _shape(spec: ChartSpec) -> tuple[object, ...] | None:
    """What must match for a drawn figure to be reused with new numbers: everything but values and subtitle."""
    if spec.kind != "line":
        return None
    lines = tuple((line.label, line.colour, line.style, line.marker, line.xs) for line in spec.lines)
    return (spec.periods, lines, spec.decimals, spec.value_prefix)


def render_svg(spec: ChartSpec) -> bytes:
    """Draw one chart as SVG bytes, identical for identical specs.

    Charts of the same shape (same periods, series and styles) reuse a figure already
    drawn in this process and only swap in the new values and subtitle: ticks, legend
    and fonts are not laid out again, which is most of matplotlib's cost.
    """
    shape = _shape(spec)
    figure = _TEMPLATES.get(shape) if shape is not None else None
    if figure is None:
        figure = _new_figure()
        _draw(figure, spec)
        if shape is not None:
            if len(_TEMPLATES) >= MAX_TEMPLATES:
                _pyplot().close(_TEMPLATES.pop(next(iter(_TEMPLATES))))
            _TEMPLATES[shape] = figure
        else:
            try:
                return _save(figure, spec)
            finally:
                _pyplot().close(figure)
    else:
        axes = figure.axes[0]
        for artist, line in zip(axes.lines, spec.lines, strict=True):
            artist.set_ydata(line.ys)
        axes.set_title(_wrap(spec.subtitle, 80), loc="left", fontsize=10, color=TEXT)
        axes.relim()
        axes.autoscale_view()
    return _save(figure, spec)


def render_svg_fresh(spec: ChartSpec) -> bytes:
    """Draw one chart on a figure of its own: the slow way, kept to measure the batch against."""
    figure = _new_figure()
    try:
        _draw(figure, spec)
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
            # Not fork: the preview runs a thread, and forking a threaded process can deadlock.
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
            keys = list(missing)
            size = max(4, len(keys) // (count * 8))
            for first in range(0, len(keys), size):
                batch = keys[first : first + size]
                self._batches.append((batch, self._pool.submit(_draw_batch, [missing[k] for k in batch])))

    def result(self) -> dict[str, bytes]:
        """Wait for every chart, store each in the cache, and return SVG bytes by key.

        A worker that dies makes its batch fail at once (the pool is broken), so this
        never waits for a chart that will not come.
        """
        try:
            if self._pool is None:
                drawn = {key: render_svg(spec) for key, spec in self.missing.items()}
            else:
                drawn = {}
                for batch, future in self._batches:
                    drawn.update(zip(batch, future.result(), strict=True))
        finally:
            self.cancel()
        for key, svg in drawn.items():
            cache.store_chart(self.cache_dir, key, svg)
        return drawn

    def cancel(self) -> None:
        """Stop the workers: the build failed elsewhere, or every chart is in."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
