"""sweep.html: what each policy buys, as self-contained SVG line charts.

For each swept key with numeric values: coverage score, zones reached, shortfall days
and total EUR against the key's values, one line per combination of the other keys.
A `budget_eur` sweep adds the marginal coverage bought by each extra 10,000 EUR.
No script, no external file; charts scale down to a 390 px phone screen.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from html import escape

from roster.whatif.grid import Axis
from roster.whatif.sweep_report import VariantOutcome

SWEEP_HTML = "sweep.html"
CHARTED = (
    ("coverage_score", "Coverage score", "{:,.1f}"),
    ("zones_reached", "Zones reached", "{:,.0f}"),
    ("shortfall_days", "Shortfall (days)", "{:,.0f}"),
    ("total_eur", "Total EUR", "{:,.0f}"),
)
COLOURS = ("#1f6feb", "#d1495b", "#2a9d8f", "#e9a23b", "#6f42c1", "#6c757d", "#8d6e63", "#00838f")
W, H = 360, 210
LEFT, RIGHT, TOP, BOTTOM = 58, 12, 14, 34
PER_EUR = 10_000.0
SVG_STYLE = (  # inside each SVG, so that a chart saved alone looks the same
    "text{font:11px system-ui,sans-serif;fill:#333}.grid{stroke:#eee}.axis{stroke:#888}"
    ".label{font-size:12px;fill:#444}"
)

Point = tuple[float, float, bool]  # x, y, proven optimal
Series = dict[str, list[Point]]  # line label -> points sorted by x


def _x_value(axis: Axis, text: str) -> float | None:
    """The number a variant's value stands for (`*1.5` -> 1.5, `+20` -> 20)."""
    try:
        return float(text.lstrip("*x+"))
    except ValueError:
        return None


def numeric_axes(axes: Sequence[Axis]) -> list[Axis]:
    """Keys with at least two values that are numbers."""
    numeric = []
    for a in axes:
        if len(a.changes) >= 2 and all(_x_value(a, c.text) is not None for c in a.changes):
            numeric.append(a)
    return numeric


def series_of(axes: Sequence[Axis], axis: Axis, outcomes: Sequence[VariantOutcome], kpi: str) -> Series:
    """One line per combination of the other keys: (key value, KPI value, OPTIMAL) points."""
    lines: Series = defaultdict(list)
    for o in outcomes:
        values = o.variant.values()
        value = o.kpis().get(kpi)
        x = _x_value(axis, values[axis.target.key])
        if x is None or not isinstance(value, int | float) or math.isnan(float(value)):
            continue
        label = ", ".join(f"{a.target.key}={values[a.target.key]}" for a in axes if a is not axis) or "all"
        kpis = o.kpis()
        proven = kpis.get("status") == "OPTIMAL" or kpis.get("gap") == 0  # coverage proven optimal
        lines[label].append((x, float(value), proven))
    return {label: sorted(points) for label, points in lines.items()}


def marginal_per_10k(points: list[Point]) -> list[Point]:
    """Coverage bought by each extra 10,000 EUR between successive budgets (at their midpoint)."""
    out = []
    for (x0, y0, ok0), (x1, y1, ok1) in itertools.pairwise(points):
        if x1 > x0:
            out.append(((x0 + x1) / 2, (y1 - y0) / (x1 - x0) * PER_EUR, ok0 and ok1))
    return out


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    if high <= low:
        return [low]
    raw = (high - low) / count
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 2.5, 5, 10) if raw <= m * step)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def _short(value: float) -> str:
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:g}M"
    if size >= 1e4:
        return f"{value / 1e3:g}k"
    return f"{value:g}"


def line_chart(title: str, x_label: str, series: Series, fmt: str) -> str:
    """One SVG chart: axes with ticks, a polyline per series; hollow markers where not OPTIMAL."""
    points = [p for line in series.values() for p in line]
    if not points:
        return ""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(0.0, min(ys)), max(ys)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    if y1 == y0:
        y1 = y0 + 1
    y1 += (y1 - y0) * 0.05

    def sx(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * (W - LEFT - RIGHT)

    def sy(y: float) -> float:
        return H - BOTTOM - (y - y0) / (y1 - y0) * (H - TOP - BOTTOM)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title><style>{SVG_STYLE}</style>",
    ]
    for t in _ticks(y0, y1):
        parts.append(
            f'<line x1="{LEFT}" y1="{sy(t):.1f}" x2="{W - RIGHT}" y2="{sy(t):.1f}" class="grid"/>'
            f'<text x="{LEFT - 4}" y="{sy(t) + 4:.1f}" text-anchor="end">{_short(t)}</text>'
        )
    for t in sorted({p[0] for p in points}):
        parts.append(f'<text x="{sx(t):.1f}" y="{H - BOTTOM + 14}" text-anchor="middle">{_short(t)}</text>')
    parts.append(
        f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" class="axis"/>'
        f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 4}" text-anchor="middle" class="label">'
        f"{escape(x_label)}</text>"
    )
    for i, (label, line) in enumerate(series.items()):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y, _ in line)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y, proven in line:
            fill = colour if proven else "white"
            parts.append(
                f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{fill}" stroke="{colour}">'
                f"<title>{escape(label)}: {_short(x)} -> {fmt.format(y)}</title></circle>"
            )
    parts.append("</svg>")
    legend = "".join(
        f'<li><span style="background:{COLOURS[i % len(COLOURS)]}"></span>{escape(label)}</li>'
        for i, label in enumerate(series)
    )
    legend_html = f'<ul class="legend">{legend}</ul>' if len(series) > 1 else ""
    return f"<figure><figcaption>{escape(title)}</figcaption>{''.join(parts)}{legend_html}</figure>"


def _marginal_table(coverage: Series) -> str:
    """Each step of the budget: coverage before and after, and what 10,000 EUR more bought."""
    rows = []
    for label, line in coverage.items():
        for (x0, y0, ok0), (x1, y1, ok1) in itertools.pairwise(line):
            if x1 > x0:
                per = (y1 - y0) / (x1 - x0) * PER_EUR
                note = "" if ok0 and ok1 else "not proven"
                rows.append(
                    f"<tr><td>{escape(label)}</td><td>{x0:,.0f} -> {x1:,.0f}</td>"
                    f"<td>{y0:,.2f} -> {y1:,.2f}</td><td>{per:,.2f}</td><td>{note}</td></tr>"
                )
    return (
        "<table><thead><tr><th>line</th><th>budget_eur</th><th>coverage score</th>"
        f"<th>per 10,000 EUR</th><th></th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def axis_section(axes: Sequence[Axis], axis: Axis, outcomes: Sequence[VariantOutcome]) -> str:
    key = axis.target.key
    charts = [
        line_chart(title, key, series_of(axes, axis, outcomes, kpi), fmt) for kpi, title, fmt in CHARTED
    ]
    extra = ""
    if key == "budget_eur":
        coverage = series_of(axes, axis, outcomes, "coverage_score")
        marginal = {label: marginal_per_10k(line) for label, line in coverage.items()}
        marginal = {label: line for label, line in marginal.items() if line}
        if marginal:
            fmt = "{:,.2f}"
            charts.append(line_chart("Coverage bought per extra 10,000 EUR", key, marginal, fmt))
            extra = "<h3>Marginal coverage per 10,000 EUR</h3>" + _marginal_table(coverage)
    return f'<section><h2>{escape(key)}</h2><div class="charts">{"".join(charts)}</div>{extra}</section>'


STYLE = """
body{font-family:system-ui,sans-serif;margin:0 auto;padding:12px;max-width:1100px;color:#222}
h1{font-size:1.3em}h2{font-size:1.1em;border-bottom:1px solid #ddd}h3{font-size:1em}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
figure{margin:0}figcaption{font-weight:600;font-size:.9em}
.chart{width:100%;height:auto}
.legend{list-style:none;padding:0;margin:4px 0;font-size:12px}
.legend li{display:inline-block;margin-right:10px}
.legend span{display:inline-block;width:10px;height:10px;margin-right:4px}
table{border-collapse:collapse;font-size:13px;max-width:100%;display:block;overflow-x:auto}
td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}
p.note{font-size:.85em;color:#555}
"""


def sweep_html(axes: Sequence[Axis], outcomes: Sequence[VariantOutcome], title: str = "Sweep") -> str:
    """The whole page: one section per numeric key."""
    sections = [axis_section(axes, a, outcomes) for a in numeric_axes(axes)]
    if not sections:
        sections = ["<p>No key with two or more numeric values: no curve to draw.</p>"]
    note = (
        '<p class="note">Filled markers: coverage proven optimal; hollow: not proven (a time limit). '
        "Each line joins the variants that share the other keys' values.</p>"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}: {len(outcomes)} variants</h1>{note}{''.join(sections)}</body></html>\n"
    )
