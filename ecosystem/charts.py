"""Line charts drawn on the server: the geometry is computed here, ``templates/ecosystem/chart_lines.html``
writes the SVG. No JavaScript, so the same drawing serves the evaluation pages and the end report's PDF
(WeasyPrint renders inline SVG). Every chart is shown next to a table of the same data, its accessible
equivalent; lines also differ by dash pattern, so colour is never the only cue.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
# Colours from UI.md's palette, each with its own dash pattern.
STYLES = [("#8a3b12", ""), ("#1f5f8b", "6 4"), ("#4b6b2a", "2 3"), ("#6b4c8a", "10 3 2 3")]


@dataclass
class Line:
    name: str
    colour: str
    dash: str
    points: str = ""
    dots: list[tuple[float, float, float]] = field(default_factory=list)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def line_chart(x_labels: list[str], series: dict[str, list[float | None]], *, y_max: float | None = None):
    """The drawing of ``series`` (name → one value or None per ``x_labels`` entry) on a shared scale.

    ``y_max`` fixes the top of the scale (a score out of 4); otherwise the largest value sets it.
    """
    values = [v for column in series.values() for v in column if v is not None]
    top = float(y_max if y_max is not None else max(values, default=0)) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(x_labels) - 1, 1)

    def x_at(index):
        return LEFT + (index * step if len(x_labels) > 1 else plot_w / 2)

    def y_at(value):
        return TOP + plot_h - float(value) / top * plot_h

    lines = []
    for number, (name, column) in enumerate(series.items()):
        colour, dash = STYLES[number % len(STYLES)]
        line = Line(name=name, colour=colour, dash=dash)
        for index, value in enumerate(column):
            if value is not None:
                line.dots.append((round(x_at(index), 1), round(y_at(value), 1), _number(float(value))))
        line.points = " ".join(f"{x},{y}" for x, y, _ in line.dots)
        lines.append(line)
    y_ticks = [(round(y_at(top * i / 4), 1), _number(top * i / 4)) for i in range(5)]
    x_ticks = [(round(x_at(i), 1), label) for i, label in enumerate(x_labels)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": TOP + plot_h,
        "label_y": HEIGHT - BOTTOM + 18,
        "lines": lines,
        "x_ticks": x_ticks,
        "y_ticks": y_ticks,
    }
