"""Plotly figures built from plain series, as JSON-ready dicts for ``json_script``.

The dashboard's and the trend page's figures are written as plotly's JSON directly: building
them through ``plotly.graph_objects`` validated every property on every request (tens of ms
per chart); ``tests/test_charts.py`` holds them equal to the figures plotly builds.

Pages never inline a script: the template emits the figure with ``json_script`` and
``static/js/charts.js`` calls ``Plotly.newPlot`` with it. Every chart sits next to a table with
the same numbers, so the chart is never the only way to read them. Numbers use Swedish
separators (``layout.separators``: decimal comma, space between thousands).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

SEPARATORS = ", "
MILLION = Decimal(1_000_000)
# Colour-blind-safe pair (blue/orange) plus a dark grey; shapes and dashes differ as well.
BLUE, ORANGE, GREY, GREEN = "#0b4f8a", "#b35806", "#4a5260", "#1d6b34"
LINE_COLOURS = ["#0b4f8a", "#b35806", "#1d6b34", "#6a3d9a", "#a4161a", "#4a5260", "#01665e"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid"]


def plain(text: str) -> str:
    """Text that plotly.js shows as written: it reads ``<b>``, ``<br>``, ``<a href>`` in titles,
    names and annotations as markup, and turns ``&lt;`` back into ``<``. Every user-entered
    text (a unit's, indicator's or measure's name, a target's wording) goes through this."""
    return html.escape(str(text), quote=False)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _layout(title: str, y_title: str) -> dict:
    return {
        "title": {"text": plain(title), "font": {"size": 16}},
        "separators": SEPARATORS,
        "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#1b1f24"},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 60},
        "legend": {"orientation": "h", "y": -0.18},
        "yaxis": {"title": {"text": plain(y_title)}, "tickformat": ",~r", "zeroline": True},
        "hovermode": "x unified",
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }


def _as_dict(fig: go.Figure) -> dict:
    """The figure as plain JSON data; plotly.js's own defaults replace the bulky template."""
    figure = json.loads(fig.to_json())
    figure["layout"].pop("template", None)
    return figure


def savings_by_year_chart(
    years: Sequence[int],
    planned: Mapping[int, Decimal],
    realised: Mapping[int, Decimal],
    forecast: Mapping[int, Decimal],
    title: str,
) -> dict:
    """Grouped bars per year, in mkr: planned, realised so far, full-year forecast."""
    labels = [str(y) for y in years]
    data = [
        {
            "hovertemplate": "%{y:,.1f} mkr",
            "marker": {"color": colour, "pattern": {"shape": pattern}},
            "name": name,
            "x": labels,
            "y": [_num(values[y] / MILLION) if y in values else None for y in years],
            "type": "bar",
        }
        for name, values, colour, pattern in (
            ("Planerat", planned, BLUE, ""),
            ("Utfall hittills", realised, GREEN, "/"),
            ("Prognos helår", forecast, ORANGE, "."),
        )
        if any(y in values for y in years)
    ]
    layout = {**_layout(title, "mkr"), "barmode": "group", "xaxis": {"type": "category"}}
    return {"data": data, "layout": layout}


@dataclass(frozen=True)
class TargetBand:
    """A target as a line (``low`` only) or a band (``low``–``high``) over the chart."""

    low: Decimal
    high: Decimal | None = None
    label: str = ""


def indicator_chart(
    series: Mapping[str, Sequence[tuple[str, Decimal]]],
    periods: Sequence[str],
    target: TargetBand | None,
    title: str,
    unit_label: str,
) -> dict:
    """One line per organisation over ``periods`` (labels, oldest first), with the target as a
    line or a band. Points are (period label, value)."""
    data = [
        {
            "hovertemplate": "%{y:,~r}",
            "line": {"color": LINE_COLOURS[i % len(LINE_COLOURS)], "dash": DASHES[i % len(DASHES)]},
            "marker": {"size": 8, "symbol": i % 20},
            "mode": "lines+markers",
            "name": plain(name),
            "x": [plain(p[0]) for p in points],
            "y": [_num(p[1]) for p in points],
            "type": "scatter",
        }
        for i, (name, points) in enumerate(series.items())
    ]
    layout: dict = {}
    if target is not None:
        label = plain(f"Mål: {target.label}" if target.label else "Mål")
        across = {"x0": 0, "x1": 1, "xref": "x domain"}
        if target.high is not None and target.high != target.low:
            shape = {
                "fillcolor": GREEN,
                "line": {"width": 0},
                "opacity": 0.12,
                "type": "rect",
                **across,
                "y0": _num(target.low),
                "y1": _num(target.high),
                "yref": "y",
            }
            note_y, anchor = _num(target.high), "top"
        else:
            shape = {
                "line": {"color": GREEN, "dash": "dash", "width": 2},
                "type": "line",
                **across,
                "y0": _num(target.low),
                "y1": _num(target.low),
                "yref": "y",
            }
            note_y, anchor = _num(target.low), "bottom"
        layout["shapes"] = [shape]
        layout["annotations"] = [
            {
                "showarrow": False,
                "text": label,
                "x": 0,
                "xanchor": "left",
                "xref": "x domain",
                "y": note_y,
                "yanchor": anchor,
                "yref": "y",
            }
        ]
    layout.update(_layout(title, unit_label))
    layout["xaxis"] = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": [plain(p) for p in periods],
    }
    return {"data": data, "layout": layout}


def measure_savings_chart(
    months: Sequence[dt.date],
    realised: Sequence[Decimal | None],
    forecast: Sequence[Decimal | None],
    planned_for_year: Decimal | None,
    title: str,
) -> dict:
    """Realised savings so far this year, month by month, against the year's plan (mkr)."""
    labels = [m.strftime("%Y-%m") for m in months]
    fig = go.Figure()
    fig.add_bar(
        name="Utfall hittills i år",
        x=labels,
        y=[_num(v / MILLION) if v is not None else None for v in realised],
        marker={"color": GREEN, "pattern": {"shape": "/"}},
        hovertemplate="%{y:,.1f} mkr",
    )
    fig.add_scatter(
        name="Prognos helår",
        x=labels,
        y=[_num(v / MILLION) if v is not None else None for v in forecast],
        mode="lines+markers",
        line={"color": ORANGE, "dash": "dot"},
        marker={"symbol": "diamond", "size": 9},
        hovertemplate="%{y:,.1f} mkr",
    )
    if planned_for_year is not None:
        fig.add_hline(
            y=_num(planned_for_year / MILLION),
            line={"color": BLUE, "dash": "dash", "width": 2},
            annotation_text="Plan för året",
            annotation_position="top left",
        )
    fig.update_layout(**_layout(title, "mkr"))
    fig.update_xaxes(type="category")
    return _as_dict(fig)
