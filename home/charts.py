"""Charts drawn on the server as accessible SVG, each with its data table: the staff
dashboard and the public page "Le réseau en chiffres" (home.models.NetworkFiguresPage).

Each app gives its figures through the `register_network_charts` hook: a function
`(request, *, public)` returning a list of `Chart`. A chart never holds personal data;
`public=False` charts (e-mails waiting or failed) appear on the staff dashboard only.
No third-party script: the SVG is written by `home/templates/home/charts/chart.html`,
with a <title> and <desc>, values written beside the bars (no information by colour
alone), and the same figures in a <table>."""

from dataclasses import dataclass, field

from django.utils.text import slugify
from wagtail import hooks

BAR_HEIGHT = 26
LABEL_WIDTH = 230
BAR_AREA = 330
WIDTH = LABEL_WIDTH + BAR_AREA + 80
COLUMN_AREA_HEIGHT = 160


@dataclass
class Chart:
    key: str
    title: str
    rows: list  # [(label, value)], value a number or None (no data)
    kind: str = "bars"  # "bars" (horizontal) or "columns" (over time)
    unit: str = ""  # shown after each value, e.g. "%"
    max_value: float | None = None  # 100 for percentages; else the largest value
    description: str = ""
    value_heading: str = ""
    label_heading: str = ""
    public: bool = True
    empty_text: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def dom_id(self):
        return "chart-" + slugify(self.key)

    @property
    def total(self):
        return sum(value or 0 for _, value in self.rows)

    def _scale(self):
        values = [value for _, value in self.rows if value is not None]
        top = self.max_value or (max(values) if values else 0)
        return top or 1

    def bars(self):
        """Geometry of the horizontal bars."""
        top = self._scale()
        bars = []
        for index, (label, value) in enumerate(self.rows):
            y = index * BAR_HEIGHT
            length = 0 if value is None else round(BAR_AREA * min(value, top) / top, 1)
            bars.append(
                {
                    "label": str(label),
                    "short_label": _shorten(str(label), 34),
                    "value": value,
                    "y": y,
                    "text_y": y + BAR_HEIGHT / 2 + 4,
                    "bar_y": y + 5,
                    "length": length,
                    "value_x": LABEL_WIDTH + length + 6,
                }
            )
        return bars

    def columns(self):
        """Geometry of the vertical columns (one per period)."""
        top = self._scale()
        count = max(len(self.rows), 1)
        step = (WIDTH - 20) / count
        columns = []
        for index, (label, value) in enumerate(self.rows):
            height = 0 if value is None else round(COLUMN_AREA_HEIGHT * min(value, top) / top, 1)
            x = 10 + index * step
            columns.append(
                {
                    "label": str(label),
                    "value": value,
                    "x": round(x + step * 0.15, 1),
                    "width": round(step * 0.7, 1),
                    "y": round(20 + COLUMN_AREA_HEIGHT - height, 1),
                    "height": height,
                    "center": round(x + step / 2, 1),
                    "value_y": round(20 + COLUMN_AREA_HEIGHT - height - 4, 1),
                }
            )
        return columns

    def geometry(self):
        if self.kind == "columns":
            return {"width": WIDTH, "height": COLUMN_AREA_HEIGHT + 50, "baseline": 20 + COLUMN_AREA_HEIGHT}
        return {"width": WIDTH, "height": max(len(self.rows), 1) * BAR_HEIGHT + 4, "label_width": LABEL_WIDTH}


def _shorten(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def network_charts(request, *, public):
    charts = []
    for function in hooks.get_hooks("register_network_charts"):
        for chart in function(request, public=public) or []:
            if public and not chart.public:
                continue
            charts.append(chart)
    return charts
