"""Inline SVG plots: no plotting library, no files, every text escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from factcheck.evaluation.results import ReliabilityBin

PALETTE = ("#3367d6", "#e8710a", "#1e8e3e", "#9334e6", "#d93025", "#80868b")
SHORT = {"SUPPORTED": "S", "REFUTED": "R", "NOT_ENOUGH_INFO": "NEI", "CONFLICTING": "C"}
FONT = 'font-family="sans-serif" font-size="11"'


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} {extra}>{escape(text)}</text>'
    )


def confusion_svg(labels: Sequence[str], matrix: Sequence[Sequence[int]], title: str) -> str:
    """Rows gold, columns predicted; shade by share of the row."""
    cell, left, top = 48, 60, 40
    size = len(labels) * cell
    body = [_text(left + size / 2, 14, title), _text(left + size / 2, 30, "predicted")]
    body.append(
        _text(12, top + size / 2, "gold", extra=f'transform="rotate(-90 12 {top + size / 2})"')
    )
    for i, label in enumerate(labels):
        short = SHORT.get(label, label[:4])
        body.append(_text(left - 6, top + i * cell + cell / 2 + 4, short, anchor="end"))
        body.append(_text(left + i * cell + cell / 2, top + size + 14, short))
        row_total = sum(matrix[i]) or 1
        for j, count in enumerate(matrix[i]):
            share = count / row_total
            x, y = left + j * cell, top + i * cell
            colour = f"rgba(51,103,214,{0.08 + 0.85 * share:.2f})"
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{colour}" '
                f'stroke="#fff"><title>{escape(f"gold {label}, predicted {labels[j]}: {count}")}'
                "</title></rect>"
            )
            ink = 'fill="#fff"' if share > 0.55 else 'fill="#202124"'
            body.append(_text(x + cell / 2, y + cell / 2 + 4, str(count), extra=ink))
    return _svg(left + size + 10, top + size + 24, title, body)


def reliability_svg(bins: Sequence[ReliabilityBin], title: str) -> str:
    """Accuracy per confidence bin (bars) against the diagonal of perfect calibration."""
    side, left, top = 180, 40, 24

    def px(v: float) -> float:
        return left + v * side

    def py(v: float) -> float:
        return top + (1 - v) * side

    body = [
        _text(left + side / 2, 14, title),
        f'<rect x="{left}" y="{top}" width="{side}" height="{side}" fill="#fafafa" stroke="#bbb"/>',
        f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(1)}" y2="{py(1)}" stroke="#999" '
        'stroke-dasharray="4 3"/>',
    ]
    for b in bins:
        tip = f"confidence {b.lower:.2f}–{b.upper:.2f}: {b.count} items, accuracy {b.accuracy:.2f}"
        body.append(
            f'<rect x="{px(b.lower):.1f}" y="{py(b.accuracy):.1f}" '
            f'width="{side * (b.upper - b.lower):.1f}" height="{side * b.accuracy:.1f}" '
            f'fill="{PALETTE[0]}" fill-opacity="0.75"><title>{escape(tip)}</title></rect>'
        )
        body.append(
            f'<circle cx="{px(b.confidence):.1f}" cy="{py(b.confidence):.1f}" r="2.5" '
            f'fill="{PALETTE[1]}"/>'
        )
    for v in (0, 0.5, 1):
        body.append(_text(px(v), top + side + 14, f"{v:g}"))
        body.append(_text(left - 4, py(v) + 4, f"{v:g}", anchor="end"))
    body.append(_text(left + side / 2, top + side + 28, "confidence of predicted label"))
    return _svg(left + side + 10, top + side + 36, title, body)


def bars_svg(
    groups: Sequence[str], series: Sequence[str], values: Sequence[Sequence[float]], title: str
) -> str:
    """Grouped bars in [0, 1]: ``values[g][s]`` for group ``g`` and series ``s``."""
    bar, gap, left, top, height = 16, 18, 40, 30, 180
    group_width = len(series) * bar + gap
    width = left + len(groups) * group_width + 20
    body = [_text(width / 2, 14, title)]
    for v in (0, 0.25, 0.5, 0.75, 1):
        y = top + (1 - v) * height
        body.append(f'<line x1="{left}" y1="{y}" x2="{width - 10}" y2="{y}" stroke="#e0e0e0"/>')
        body.append(_text(left - 4, y + 4, f"{v:g}", anchor="end"))
    for g, group in enumerate(groups):
        x0 = left + g * group_width + gap / 2
        for s, name in enumerate(series):
            v = max(0.0, min(1.0, values[g][s]))
            tip = f"{group}, {name}: {v:.3f}"
            body.append(
                f'<rect x="{x0 + s * bar:.1f}" y="{top + (1 - v) * height:.1f}" '
                f'width="{bar - 2}" height="{v * height:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{escape(tip)}</title></rect>"
            )
        label_x = x0 + len(series) * bar / 2
        body.append(_text(label_x, top + height + 14, group))
    legend_y = top + height + 34
    for s, name in enumerate(series):
        x = left + s * 120
        body.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{PALETTE[s % len(PALETTE)]}"/>'
        )
        body.append(_text(x + 14, legend_y, name, anchor="start"))
    return _svg(max(width, left + len(series) * 120), legend_y + 10, title, body)
