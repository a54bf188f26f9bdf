"""Small SVG charts written as text: the browser draws them, the server only writes.

The ``<svg>`` elements are meant to stand inside HTML (a page, a widget, the
report), where they need no namespace.

The lab's figures were PNG pictures drawn by matplotlib on the server: about
a second of CPU for each run, for each visitor. An SVG chart is a few
kilobytes of text that the browser draws itself (and prints sharply); writing
it takes the server milliseconds. It needs no script and no file from
anywhere, so it works the same in the room's page, in a notebook and in the
HTML report.

:class:`Panel` is one plotting area with its scales: bars, lines, areas and
text are placed in data units, then :meth:`Panel.svg` writes the ``<svg>``
element with its axes, ticks and legend. Tick values come from matplotlib's
tick locator (the same round numbers as matplotlib's figures), nothing is
drawn by matplotlib.

>>> panel = Panel((-0.5, 1.5), (0, 10), title="Two bars")
>>> panel.bar(0, 4, colour="#4292c6")
>>> panel.bar(1, 7, colour="#4292c6")
>>> panel.categories(["a", "b"])
>>> text = panel.svg()
>>> text.startswith("<svg") and text.count("<rect") >= 2
True
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Callable, Sequence

from matplotlib.ticker import LogLocator, MaxNLocator

from .format import number

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
"""The charts' typeface: the reader's own."""

CHAR_WIDTH = 6.6
"""Rough width in pixels of one character at the charts' 12 px size."""


def nice_range(low: float, high: float, ticks: int = 5) -> tuple[float, float]:
    """A range from ``low`` to ``high`` widened to round tick values.

    Examples
    --------
    >>> nice_range(0.0, 2143.0)
    (0.0, 2500.0)
    >>> nice_range(-398_000.0, 255_000.0)  # ticks 200,000 apart
    (-400000.0, 400000.0)
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return 0.0, 1.0
    if high <= low:
        low, high = low - 0.5 - abs(low) * 0.05, high + 0.5 + abs(high) * 0.05
    values = MaxNLocator(nbins=ticks, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
    return float(min(values[0], low)), float(max(values[-1], high))


def esc(text: object) -> str:
    """Text as it may stand in SVG (and HTML)."""
    return html.escape(str(text), quote=True)


def _f(x: float) -> str:
    """A coordinate, short."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if math.isfinite(x) else "0"


class Panel:
    """One chart: a plotting area with x and y scales, written as SVG.

    Parameters
    ----------
    x_range, y_range
        The data shown, (low, high) on each axis.
    width, height
        Size in pixels (the SVG scales to its box; these set proportions).
    title, x_label, y_label
        Text above the chart and along the axes.
    log_y
        A logarithmic y axis (``y_range`` must be positive).
    bottom
        Pixels under the plotting area (more for slanted category names).
    """

    def __init__(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        *,
        width: int = 420,
        height: int = 260,
        title: str = "",
        x_label: str = "",
        y_label: str = "",
        log_y: bool = False,
        bottom: int = 40,
    ) -> None:
        self.width, self.height = width, height
        self.x_range, self.y_range = x_range, y_range
        self.title, self.x_label, self.y_label = title, x_label, y_label
        self.log_y = log_y
        self.y_ticks = self._y_ticks()
        widest = max((len(label) for _, label in self.y_ticks), default=1)
        self.left = int(22 + (14 if y_label else 0) + CHAR_WIDTH * widest)
        self.right, self.top = 12, 26 if title else 10
        self.bottom = bottom + (14 if x_label else 0)
        self.x_ticks: list[tuple[float, str]] = []
        self.slant = False
        self._marks: list[str] = []
        self._legend: list[tuple[str, str]] = []
        self._corner = "top left"

    # ------------------------------------------------------------ scales
    def x(self, value: float) -> float:
        """Pixel of an x value."""
        low, high = self.x_range
        span = (high - low) or 1.0
        return self.left + (value - low) / span * (self.width - self.left - self.right)

    def y(self, value: float) -> float:
        """Pixel of a y value (clipped to the plotting area)."""
        low, high = self.y_range
        if self.log_y:
            value, low, high = (math.log10(max(v, 1e-12)) for v in (value, low, high))
        span = (high - low) or 1.0
        share = min(1.05, max(-0.05, (value - low) / span))
        return (
            self.height - self.bottom - share * (self.height - self.bottom - self.top)
        )

    def _y_ticks(self) -> list[tuple[float, str]]:
        low, high = self.y_range
        if self.log_y:
            values = LogLocator(base=10).tick_values(low, high)
            label: Callable[[float], str] = lambda v: number(v)  # noqa: E731
        else:
            values = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(
                low, high
            )
            label = number
        span = abs(high - low) or 1.0
        return [
            (float(v), label(float(v)))
            for v in values
            if low - 1e-9 * span <= v <= high + 1e-9 * span
        ]

    def _points(self, xs: Sequence[float], ys: Sequence[float]) -> list[str]:
        """Pixel pairs ``"x,y"`` of data points."""
        return [f"{_f(self.x(a))},{_f(self.y(b))}" for a, b in zip(xs, ys, strict=True)]

    # ------------------------------------------------------------ marks
    def bar(
        self,
        x: float,
        top: float,
        base: float = 0.0,
        *,
        colour: str,
        width: float = 0.7,
        hint: str = "",
    ) -> None:
        """A bar from ``base`` to ``top`` centred on ``x`` (``width`` in x units)."""
        x0, x1 = self.x(x - width / 2), self.x(x + width / 2)
        y0, y1 = sorted((self.y(base), self.y(top)))
        tip = f"<title>{esc(hint)}</title>" if hint else ""
        self._marks.append(
            f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(x1 - x0)}" '
            f'height="{_f(max(y1 - y0, 0.5))}" fill="{colour}">{tip}</rect>'
        )

    def error_bar(self, x: float, low: float, high: float, cap: float = 0.12) -> None:
        """A vertical error bar with caps, from ``low`` to ``high``."""
        xs, x0, x1 = self.x(x), self.x(x - cap), self.x(x + cap)
        y0, y1 = self.y(low), self.y(high)
        self._marks.append(
            f'<path d="M{_f(xs)} {_f(y0)}V{_f(y1)}M{_f(x0)} {_f(y0)}H{_f(x1)}'
            f'M{_f(x0)} {_f(y1)}H{_f(x1)}" stroke="#1f2933" stroke-width="1.4" '
            'fill="none"/>'
        )

    def line(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        *,
        colour: str,
        width: float = 1.6,
        dash: str = "",
    ) -> None:
        """A line through the points."""
        points = " ".join(self._points(xs, ys))
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self._marks.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="{width}"{extra}/>'
        )

    def area(
        self,
        xs: Sequence[float],
        lower: Sequence[float],
        upper: Sequence[float],
        *,
        colour: str,
        opacity: float = 1.0,
    ) -> None:
        """The area between two lines."""
        top, under = self._points(xs, upper), self._points(xs, lower)
        self._marks.append(
            f'<polygon points="{" ".join(top + under[::-1])}" fill="{colour}" '
            f'fill-opacity="{opacity:g}"/>'
        )

    def dot(self, x: float, y: float, *, colour: str, mark: str = "o") -> None:
        """A point: a disc (``"o"``) or a cross (``"x"``)."""
        px, py = self.x(x), self.y(y)
        if mark == "x":
            d = 4
            self._marks.append(
                f'<path d="M{_f(px - d)} {_f(py - d)}L{_f(px + d)} {_f(py + d)}'
                f'M{_f(px - d)} {_f(py + d)}L{_f(px + d)} {_f(py - d)}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        else:
            self._marks.append(
                f'<circle cx="{_f(px)}" cy="{_f(py)}" r="3.5" fill="{colour}"/>'
            )

    def text(
        self,
        x: float,
        y: float,
        words: str,
        *,
        colour: str = "#1f2933",
        anchor: str = "middle",
        size: int = 11,
        dy: float = 0.0,
    ) -> None:
        """Text at a data point (``dy`` pixels lower)."""
        self._marks.append(
            f'<text x="{_f(self.x(x))}" y="{_f(self.y(y) + dy)}" fill="{colour}" '
            f'font-size="{size}" text-anchor="{anchor}">{esc(words)}</text>'
        )

    def categories(self, names: Sequence[str], slant: bool = False) -> None:
        """Names under x = 0, 1, 2, ... (slanted when long)."""
        self.x_ticks = [(float(i), name) for i, name in enumerate(names)]
        self.slant = slant

    def numbered_x(self, ticks: int = 6) -> None:
        """Round numbers under the x axis."""
        low, high = self.x_range
        values = MaxNLocator(nbins=ticks, steps=[1, 2, 2.5, 5, 10]).tick_values(
            low, high
        )
        self.x_ticks = [
            (float(v), number(float(v))) for v in values if low <= v <= high
        ]

    def legend(
        self, items: Sequence[tuple[str, str]], corner: str = "top left"
    ) -> None:
        """A legend of (name, colour) pairs, in the top left or bottom right corner."""
        self._legend = list(items)
        self._corner = corner

    # ------------------------------------------------------------ writing
    def _axes(self) -> list[str]:
        out = []
        x0, x1 = self.left, self.width - self.right
        y0, y1 = self.height - self.bottom, self.top
        for value, label in self.y_ticks:
            py = self.y(value)
            out.append(
                f'<line x1="{x0}" x2="{x1}" y1="{_f(py)}" y2="{_f(py)}" '
                'stroke="#e4e7eb"/>'
                f'<text x="{x0 - 5}" y="{_f(py + 4)}" text-anchor="end">'
                f"{esc(label)}</text>"
            )
        if not self.log_y and self.y_range[0] < 0 < self.y_range[1]:
            py = self.y(0.0)
            out.append(
                f'<line x1="{x0}" x2="{x1}" y1="{_f(py)}" y2="{_f(py)}" '
                'stroke="#1f2933" stroke-width="0.8"/>'
            )
        for value, label in self.x_ticks:
            px = self.x(value)
            if self.slant:
                out.append(
                    f'<text transform="translate({_f(px + 4)},{y0 + 12}) rotate(-25)" '
                    f'text-anchor="end">{esc(label)}</text>'
                )
            else:
                out.append(
                    f'<text x="{_f(px)}" y="{y0 + 15}" text-anchor="middle">'
                    f"{esc(label)}</text>"
                )
        out.append(
            f'<path d="M{x0} {y1}V{y0}H{x1}" stroke="#52606d" fill="none" '
            'stroke-width="1"/>'
        )
        if self.x_label:
            out.append(
                f'<text x="{_f((x0 + x1) / 2)}" y="{y0 + 32}" '
                f'text-anchor="middle">{esc(self.x_label)}</text>'
            )
        if self.y_label:
            middle = _f((y0 + y1) / 2)
            out.append(
                f'<text transform="translate(13,{middle}) rotate(-90)" '
                f'text-anchor="middle">{esc(self.y_label)}</text>'
            )
        return out

    def _legend_marks(self) -> list[str]:
        out = []
        width = 26 + CHAR_WIDTH * 0.9 * max(
            (len(n) for n, _ in self._legend), default=0
        )
        x, y = self.left + 8, self.top + 6
        if self._corner == "bottom right":
            x = int(self.width - self.right - width)
            y = int(self.height - self.bottom - 15 * len(self._legend) - 6)
        for i, (name, colour) in enumerate(self._legend):
            row = y + 15 * i
            out.append(
                f'<rect x="{x}" y="{row}" width="10" height="10" fill="{colour}"/>'
                f'<text x="{x + 14}" y="{row + 9}" font-size="10.5">{esc(name)}'
                "</text>"
            )
        if out:
            out.insert(
                0,
                f'<rect x="{x - 4}" y="{y - 4}" width="{_f(width)}" '
                f'height="{15 * len(self._legend) + 4}" fill="#ffffff" '
                'fill-opacity="0.85" stroke="#d9dee4"/>',
            )
        return out

    def svg(self) -> str:
        """The chart as one ``<svg>`` element."""
        title = (
            f'<text x="{self.width / 2:g}" y="16" text-anchor="middle" '
            f'font-size="13" font-weight="600">{esc(self.title)}</text>'
            if self.title
            else ""
        )
        marks = "".join(self._marks)
        # The marks are clipped to the plotting area (a bar may run off it).
        # Many charts share one page: the clip's id is made from the chart.
        box = f"{self.left},{self.top},{self.width},{self.height},{self.bottom}"
        name = "cfl" + hashlib.sha1((box + marks).encode()).hexdigest()[:12]
        clip = (
            f'<clipPath id="{name}"><rect x="{self.left}" y="{self.top - 2}" '
            f'width="{self.width - self.left - self.right}" '
            f'height="{self.height - self.bottom - self.top + 4}"/></clipPath>'
        )
        return (
            f'<svg viewBox="0 0 {self.width} '
            f'{self.height}" class="cfl-chart" role="img" '
            f'aria-label="{esc(self.title)}" font-family="{esc(FONT)}" '
            f'font-size="11" fill="#1f2933">'
            f"<title>{esc(self.title)}</title>{clip}{title}"
            + "".join(self._axes())
            + f'<g clip-path="url(#{name})">{marks}</g>'
            + "".join(self._legend_marks())
            + "</svg>"
        )
