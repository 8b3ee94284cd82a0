"""What a chart shows and where everything in it goes, worked out before matplotlib is involved.

A chart is laid out for a phone first: one narrow figure (360 pt, shown 480 CSS px wide
at most) whose text stays at least 12 CSS px when a 390 px phone shrinks it to its
column, and which a wide screen shows at its natural size. Everything here is plain
arithmetic on the spec: the value axis (range, ticks, and whether it is cut above
zero), where each period sits on a true time scale, which period labels fit, and the
figure's size. Pages use it to give every chart image its width and height (so nothing
shifts as charts load) and to say in words when an axis does not start at zero;
drawing uses it so that matplotlib never has to measure text, which keeps charts fast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from . import cache
from .periods import parse_period

WIDTH_PT = 360.0
FONT_PT = 13.0
PX_PER_PT = 4 / 3
CHAR_EM = 0.62  # a generous average width of a character, in ems (DejaVu Sans digits are 0.64)
PLOT_HEIGHT_PT = 180.0
ZERO_SHARE = 0.6  # the axis starts at zero unless every value is above this share of the largest


@dataclass(frozen=True)
class Line:
    """One series: its legend label, style, and values at period indices (``xs``).

    ``lows`` and ``highs``, when given, are the 95% confidence interval of each value
    (``None`` where a value has none). ``hollow`` draws open markers: projections and
    targets, which are not measured figures.
    """

    label: str
    colour: str
    style: str
    marker: str
    xs: tuple[int, ...]
    ys: tuple[float, ...]
    lows: tuple[float | None, ...] = ()
    highs: tuple[float | None, ...] = ()
    hollow: bool = False

    @property
    def has_interval(self) -> bool:
        return any(low is not None for low in self.lows)


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart is drawn from; its hash names the cached SVG.

    ``positions`` places each period on a true time scale (its midpoint in years);
    without them periods are evenly spaced categories, as bars are.
    """

    title: str
    subtitle: str
    periods: tuple[str, ...]
    lines: tuple[Line, ...]
    decimals: int = 1
    description: str = ""
    kind: str = "line"
    value_prefix: str = ""
    axis_label: str = ""
    positions: tuple[float, ...] = ()
    period_labels: tuple[str, ...] = ()

    def key(self) -> str:
        """A hash of everything the chart is drawn from, its drawing code and matplotlib (``cache.chart_key``)."""
        return _key(self)


@lru_cache(maxsize=65536)
def _key(spec: ChartSpec) -> str:
    return cache.chart_key(repr(spec).encode())[:20]


@dataclass(frozen=True)
class ValueAxis:
    low: float
    high: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]
    cut: bool  # every value is above zero but the axis starts higher: drawn with a break mark


@dataclass(frozen=True)
class Layout:
    """Sizes in points (SVG user units); the legend's top is measured from the bottom."""

    width: float
    height: float
    left: float
    bottom: float
    plot_width: float
    plot_height: float
    x_low: float
    x_high: float
    x_ticks: tuple[float, ...]
    x_labels: tuple[str, ...]
    legend_top: float
    legend_labels: tuple[str, ...]
    axis_label: str

    @property
    def css_size(self) -> tuple[int, int]:
        """Width and height in CSS pixels, for the image's width and height attributes."""
        return round(self.width * PX_PER_PT), round(self.height * PX_PER_PT)


def wrap(text: str, width: int) -> str:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "\n".join(lines)


def _text_width(text: str) -> float:
    return max((len(line) for line in text.split("\n")), default=0) * CHAR_EM * FONT_PT


def _year_fraction(day: date) -> float:
    length = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
    return day.year + (day - date(day.year, 1, 1)).days / length


def time_positions(periods: tuple[str, ...]) -> tuple[float, ...]:
    """Each period's midpoint in years: 2010 → 2010.5, 2008-2010 → 2009.5, 2014/15 → 2015.0."""
    positions = []
    for text in periods:
        period = parse_period(text)
        middle = (_year_fraction(period.start) + _year_fraction(period.end + timedelta(days=1))) / 2
        positions.append(round(middle, 4))
    return tuple(positions)


def _nice_step(span: float) -> float:
    raw = span / 4
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(float(m * magnitude) for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)


def _decimals(step: float) -> int:
    return next((d for d in range(6) if abs(round(step, d) - step) < 1e-9 * max(1.0, abs(step))), 6)


def tick_label(value: float, step: float, prefix: str, millions: bool) -> str:
    if millions and value == 0:
        return f"{prefix}0"
    if millions:
        return f"{prefix}{value / 1_000_000:,.{_decimals(step / 1_000_000)}f}m"
    text = f"{prefix}{abs(value):,.{_decimals(step)}f}"
    return f"−{text}" if value < 0 and text.strip("0.,£") else text


def _values(spec: ChartSpec) -> list[float]:
    if spec.kind == "bar":
        totals = [0.0] * len(spec.periods)
        for line in spec.lines:
            for x, y in zip(line.xs, line.ys, strict=True):
                totals[x] += y
        return [0.0, *totals]
    values = [y for line in spec.lines for y in line.ys]
    values += [v for line in spec.lines for v in (*line.lows, *line.highs) if v is not None]
    return values


@lru_cache(maxsize=65536)
def value_axis(spec: ChartSpec) -> ValueAxis:
    """The value axis: from zero unless every value sits high above it, in round steps, with headroom."""
    values = _values(spec) or [0.0, 1.0]
    lowest, highest = min(values), max(values)
    start_at_zero = lowest >= 0 and (spec.kind == "bar" or lowest <= ZERO_SHARE * highest)
    base = 0.0 if start_at_zero else lowest
    top = max(highest, 0.0)
    span = top - base or abs(top) * 0.2 or 1.0
    step = _nice_step(span)
    low = math.floor(base / step + 1e-9) * step
    high = math.ceil(top / step - 1e-9) * step
    if high - top < 0.04 * (high - low or step):
        high += step
    if low > 0 and lowest - low < 0.04 * (high - low):
        low = max(low - step, 0.0)
    cut = low > 0
    count = round((high - low) / step)
    ticks = tuple(round(low + i * step, 9) for i in range(count + 1))
    millions = max(abs(low), abs(high)) >= 1_000_000
    labels = tuple(tick_label(t, step, spec.value_prefix, millions) for t in ticks)
    # A cut axis runs a little below its lowest tick, leaving room for the break mark there.
    return ValueAxis(round(low - 0.4 * step, 9) if cut else low, high, ticks, labels, cut)


def _x_range(spec: ChartSpec) -> tuple[tuple[float, ...], float, float]:
    if not spec.positions:
        count = len(spec.periods)
        return tuple(float(i) for i in range(count)), -0.6, count - 0.4
    positions = spec.positions
    first, last = min(positions), max(positions)
    pad = max((last - first) * 0.04, 0.5)
    return positions, first - pad, last + pad


def _thin(xs: tuple[float, ...], labels: tuple[str, ...], scale: float) -> tuple[str, ...]:
    """Period labels that fit side by side, keeping the latest and working back; the rest are bare ticks."""
    kept = [""] * len(labels)
    last: int | None = None
    for index in sorted(range(len(xs)), key=lambda i: xs[i], reverse=True):
        width = _text_width(labels[index])
        if last is None or (xs[last] - xs[index]) * scale >= (width + _text_width(labels[last])) / 2 + 8:
            kept[index] = labels[index]
            last = index
    return tuple(kept)


@lru_cache(maxsize=65536)
def layout(spec: ChartSpec) -> Layout:
    """Where the axis label, plot, period labels and legend go, and so the figure's size."""
    axis = value_axis(spec)
    xs, x_low, x_high = _x_range(spec)
    labels = spec.period_labels or tuple(p.replace("-", "–") for p in spec.periods)
    # Room for the longest value label, in steps of two characters: charts whose labels
    # differ by a digit share a layout, so a drawn figure can be reused for them.
    characters = max(len(label) for label in axis.labels)
    left = (characters + characters % 2) * CHAR_EM * FONT_PT + 12
    right = 10.0
    plot_width = WIDTH_PT - left - right
    scale = plot_width / (x_high - x_low)
    shown = _thin(xs, labels, scale)
    # A period label centred near either end may reach past the plot: widen that margin.
    for index, text in enumerate(shown):
        if text:
            half = _text_width(text) / 2
            left = max(left, half + 4 - (xs[index] - x_low) * scale)
            right = max(right, half + 4 - (x_high - xs[index]) * scale)
    plot_width = WIDTH_PT - left - right
    axis_label = wrap(spec.axis_label, int((WIDTH_PT - 8) / (CHAR_EM * FONT_PT)))
    legend = [line for line in spec.lines if line.xs]
    legend_labels = tuple(wrap(line.label, int((WIDTH_PT - 60) / (CHAR_EM * FONT_PT))) for line in legend)
    legend_lines = sum(label.count("\n") + 1 for label in legend_labels)
    legend_height = legend_lines * FONT_PT * 1.05 + len(legend_labels) * FONT_PT * 0.45 + 4
    label_height = (axis_label.count("\n") + 1) * FONT_PT * 1.25 if axis_label else 0
    bottom = legend_height + 10 + FONT_PT * 1.3 + 10
    height = math.ceil((bottom + PLOT_HEIGHT_PT + 10 + label_height + 6) / 3) * 3
    return Layout(
        WIDTH_PT,
        float(height),
        round(left, 2),
        round(bottom, 2),
        round(plot_width, 2),
        PLOT_HEIGHT_PT,
        x_low,
        x_high,
        xs,
        shown,
        round(legend_height + 4, 2),
        legend_labels,
        axis_label,
    )
