"""The reports page's charts: pygal draws each one as SVG on the server, inlined into the page.

pygal puts a ``<style>`` and a ``<script>`` into every SVG, and a ``style`` attribute on its tooltip; the page's
Content-Security-Policy allows neither inline styles nor inline scripts. So the SVG is drawn without pygal's
script (``js=[]``, the tooltips need it and the tables beside the charts carry the numbers), and every
``<style>``, ``<script>`` and ``style=`` is taken out of it. The CSS pygal would have inlined is the same for
every chart of one :func:`chart_style` (its rules are prefixed with the chart's id, which :func:`chart_css` rewrites
to ``.ims-chart``), so it is served once as a static file, ``reports/charts.css``, which a test keeps equal to
what this pygal writes (regenerate it with ``python -m ims.reports.pages.charts``).

Nothing here imports Django: the labels come in translated. pygal itself is imported by the first chart drawn,
not with the URLs: every web worker would otherwise hold it (~4.6 MB) for a page few requests ask for.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

if TYPE_CHECKING:
    from pygal.graph.graph import Graph
    from pygal.style import Style

CSS_FILE = Path(__file__).resolve().parent.parent / "static" / "reports" / "charts.css"
SCOPE = ".ims-chart"
# Bootstrap's palette, dark enough for text on white (WCAG AA); the order series take their colours in.
COLORS = ("#0d6efd", "#198754", "#d63384", "#fd7e14", "#6f42c1", "#0dcaf0", "#6c757d", "#dc3545", "#20c997")
WIDTH, HEIGHT = 800, 360


@functools.cache
def chart_style() -> Style:
    """The one pygal style of every chart."""
    from pygal.style import Style  # lazy, see the module's docstring

    return Style(
        background="transparent",
        plot_background="#ffffff",
        foreground="#212529",
        foreground_strong="#212529",
        foreground_subtle="#6c757d",
        opacity=".85",
        opacity_hover="1",
        transition="none",
        colors=COLORS,
        font_family='system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        value_font_size=13,
        tooltip_font_size=13,
        title_font_size=16,
    )


def _config() -> dict:
    return {
        "style": chart_style(),
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "width": WIDTH,
        "height": HEIGHT,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "truncate_legend": 40,
        "truncate_label": 20,
        "margin": 12,
        "no_data_text": "",
        "print_values": False,
    }


def _clean(chart: Graph, label: str) -> str:
    """The chart's SVG without anything the CSP refuses, named for assistive technology."""
    root = chart.render_tree()
    for parent in root.iter():
        for child in list(parent):
            if child.tag in ("style", "script", "title") or child.tag is ET.Comment:
                parent.remove(child)
        parent.attrib.pop("style", None)
    root.attrib.update({"role": "img", "aria-label": label, "focusable": "false"})
    return ET.tostring(root, encoding="unicode")


def bar_chart(
    *,
    label: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    horizontal: bool = False,
    stacked: bool = False,
) -> str:
    """Bars: one group per category, one bar (or stacked part) per series."""
    import pygal  # lazy, see the module's docstring

    kind = {(False, False): pygal.Bar, (True, False): pygal.HorizontalBar, (False, True): pygal.StackedBar}
    chart = kind.get((horizontal, stacked), pygal.HorizontalStackedBar)(**_config())
    chart.x_labels = list(categories)
    for name, values in series:
        chart.add(name, list(values))
    return _clean(chart, label)


def line_chart(*, label: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> str:
    """Lines over time: ``categories`` are the x labels (weeks), at most about twelve of them written out."""
    import pygal  # lazy, see the module's docstring

    chart = pygal.Line(**_config(), x_label_rotation=0, show_minor_x_labels=False, dots_size=2, fill=False)
    chart.x_labels = list(categories)
    step = max(1, len(categories) // 8)
    chart.x_labels_major = list(categories)[::step]
    for name, values in series:
        chart.add(name, list(values))
    return _clean(chart, label)


def chart_css(series: int = len(COLORS)) -> str:
    """The CSS pygal inlines into a chart of :func:`chart_style` with ``series`` series, scoped to ``.ims-chart``."""
    import pygal  # lazy, see the module's docstring

    chart = pygal.Bar(**_config())
    for n in range(series):
        chart.add(str(n), [1])
    root = chart.render_tree()
    css = "\n".join(node.text or "" for node in root.iter("style"))
    prefix = "#" + root.attrib["id"]
    css = css.replace(prefix + " ", SCOPE + " ").replace(prefix, SCOPE)
    return "/* Generated by ims/reports/pages/charts.py from pygal's own CSS; do not edit. */\n" + _lines(css)


def _lines(css: str) -> str:
    # One rule per line, so a pygal upgrade shows as a readable diff.
    return re.sub(r"}\s*", "}\n", css).strip() + "\n"


if __name__ == "__main__":
    CSS_FILE.write_text(chart_css())
    sys.stdout.write(f"wrote {CSS_FILE}\n")
