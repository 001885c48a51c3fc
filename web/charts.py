"""Charts as inline SVG drawn on the server: no script, no CDN, nothing for a browser to fetch.

Every piece of text goes through `Markup.format`, which escapes it, so a chart is as safe as
the rest of the page.
"""
import math
from collections.abc import Iterable, Sequence

from markupsafe import Markup

from .fields import display_number

Bin = tuple[float, float, int]  # (low edge, high edge, how many values)
WIDTH, HEIGHT = 560, 170
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 12, 14, 40
FONT_SIZE = 11  # px of the labels, also without the stylesheet (a chart saved on its own keeps its layout)
TICK_CHAR_WIDTH = 7  # px a character of an 11px tick label may take (digits are ~6.1 in CJK sans fonts)
TICK_GAP = 6  # px between the axis label and the plot
MAX_BAR = 64  # two years of one org should not look like a wall


def nice_step(span: float, target_bins: int) -> float:
    """The 1/2/5×10ⁿ step that cuts `span` into about `target_bins` bins."""
    raw = span / target_bins
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def bins(values: Sequence[float], target_bins: int = 10) -> list[Bin]:
    """[(low, high, count)] covering `values` with round edges; the last bin includes its top."""
    low, high = min(values), max(values)
    if high == low:
        return [(low, high, len(values))]
    step = nice_step(high - low, target_bins)
    start = math.floor(low / step) * step
    count = max(1, math.ceil((high - start) / step))
    counts = [0] * count
    for v in values:
        counts[min(int((v - start) // step), count - 1)] += 1
    return [(start + i * step, start + (i + 1) * step, c) for i, c in enumerate(counts)]


SKEWED = 100  # max over the median positive value beyond which equal-width bins hide most reports


def decade_bins(values: Sequence[float]) -> list[Bin]:
    """[(low, high, count)]: one bin for zeros (when there are any), then one per power of ten.

    Money spreads over orders of magnitude (a town 3 万元, a district 90,000): equal-width bins
    put nearly every report in the first bar, a bar per decade shows them all.
    """
    positive = [v for v in values if v > 0]
    zeros = len(values) - len(positive)
    out = [(0, 0, zeros)] if zeros else []
    if positive:
        first, last = (math.floor(math.log10(v)) for v in (min(positive), max(positive)))
        counts = [0] * (last - first + 1)
        for v in positive:
            counts[min(max(math.floor(math.log10(v)) - first, 0), last - first)] += 1
        out += [(10.0 ** (first + i), 10.0 ** (first + i + 1), c) for i, c in enumerate(counts)]
    return out


def is_skewed(values: Sequence[float]) -> bool:
    positive = sorted(v for v in values if v > 0)
    return min(values) >= 0 and bool(positive) and positive[-1] > SKEWED * positive[len(positive) // 2]


def _frame(title, body):
    return Markup(
        '<svg class="chart" viewBox="0 0 {w} {h}" font-size="{f}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg">'
        "<title>{t}</title>{b}</svg>"
    ).format(w=WIDTH, h=HEIGHT, f=FONT_SIZE, t=title, b=body)


def _bars(labels, heights, tooltips, missing=()):
    """Vertical bars with an axis, one label under each bar (thinned when they would collide).

    The left margin grows with the axis's top label, so 917,239.69 is drawn whole; a slot whose
    index is in `missing` gets a note in place of a bar (the value does not exist, it is not 0)."""
    top = max(heights) or 1
    top_label = display_number(top)
    pad_left = max(PAD_LEFT, len(top_label) * TICK_CHAR_WIDTH + TICK_GAP)
    plot_w = WIDTH - pad_left - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / len(heights)
    every = max(1, math.ceil(len(labels) * 48 / plot_w))
    parts = [Markup('<line class="axis" x1="{x}" y1="{y}" x2="{x2}" y2="{y}"/>').format(
        x=pad_left, x2=WIDTH - PAD_RIGHT, y=PAD_TOP + plot_h)]
    parts.append(Markup('<text class="tick" x="{x}" y="{y}" text-anchor="end">{v}</text>').format(
        x=pad_left - TICK_GAP, y=PAD_TOP + 10, v=top_label))
    parts.append(Markup('<text class="tick" x="{x}" y="{y}" text-anchor="end">0</text>').format(
        x=pad_left - TICK_GAP, y=PAD_TOP + plot_h))
    for i, (text, value, tip) in enumerate(zip(labels, heights, tooltips)):
        h = plot_h * value / top
        x = pad_left + i * slot
        bar = min(slot * 0.8, MAX_BAR)
        if i in missing:
            parts.append(Markup(
                '<text class="missing" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{n}<title>{tip}</title></text>'
            ).format(x=x + slot / 2, y=PAD_TOP + plot_h - 4, n="模板无此项", tip=tip))
        else:
            parts.append(Markup(
                '<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"><title>{tip}</title></rect>'
            ).format(x=x + (slot - bar) / 2, y=PAD_TOP + plot_h - h, w=bar, h=h, tip=tip))
        if value:
            parts.append(Markup('<text class="count" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{v}</text>').format(
                x=x + slot / 2, y=PAD_TOP + plot_h - h - 3, v=display_number(value)))
        if i % every == 0:
            parts.append(Markup('<text class="tick" x="{x:.1f}" y="{y}" text-anchor="middle">{t}</text>').format(
                x=x + slot / 2, y=HEIGHT - PAD_BOTTOM + 16, t=text))
    return Markup("").join(parts)


def histogram(values: Iterable[float | None], title: str, unit: str) -> Markup | None:
    """How `values` spread: bars of counts over round-edged ranges; None when there is nothing to draw."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    skewed = is_skewed(values)
    edges = decade_bins(values) if skewed else bins(values)
    labels = [display_number(lo) for lo, _, _ in edges]
    tips = [f"{display_number(lo)}–{display_number(hi)} {unit}：{c} 份报告" if hi else f"0 {unit}：{c} 份报告"
            for lo, hi, c in edges]
    body = _bars(labels, [c for _, _, c in edges], tips)
    axis = Markup('<text class="tick" x="{x}" y="{y}" text-anchor="end">{u}</text>').format(
        x=WIDTH - PAD_RIGHT, y=HEIGHT - 4, u=f"{unit}（区间下限，{'每格十倍' if skewed else '等宽'}）")
    return _frame(title, body + axis)


def by_year(points: Iterable[tuple[int, float | None, bool | None]], title: str, unit: str = "") -> Markup | None:
    """One number across years, as bars: `points` is [(year, value, in template)], value None where not
    printed; where the year's template has no such field (False) a note stands in place of the bar."""
    points = sorted(points)
    if len(points) < 2:
        return None
    labels = [str(year) for year, _, _ in points]
    heights = [value or 0 for _, value, _ in points]
    missing = {i for i, (_, _, exists) in enumerate(points) if exists is False}
    tips = [f"{year}年：{'该年模板无此项' if exists is False else '未填' if value is None else display_number(value)}"
            f"{' ' + unit if unit and value is not None else ''}" for year, value, exists in points]
    body = _bars(labels, heights, tips, missing)
    if unit:
        body += Markup('<text class="tick unit" x="{x}" y="{y}" text-anchor="end">{u}</text>').format(
            x=WIDTH - PAD_RIGHT, y=HEIGHT - 4, u=f"单位：{unit}")
    return _frame(title, body)
