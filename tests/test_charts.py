"""reporting/charts.py and the trend pages (reporting.views_charts)."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from reporting import charts
from tests.factories import add_measures


def test_savings_chart_in_mkr_with_swedish_separators():
    fig = charts.savings_by_year_chart(
        [2020, 2021], {2020: D("213000000"), 2021: D("163000000")}, {}, {2021: D("1500000")}, "t"
    )
    assert fig["layout"]["separators"] == ", "
    names = [t["name"] for t in fig["data"]]
    assert names == ["Planerat", "Prognos helår"]  # an empty series is left out
    assert fig["data"][0]["y"] == [213.0, 163.0]
    assert fig["data"][1]["y"] == [None, 1.5]
    assert "template" not in fig["layout"]


def test_indicator_chart_range_target_is_a_band_and_threshold_a_line():
    series = {"VGR": [("Q1 2022", D("103.8")), ("Q2 2022", D("105.9"))]}
    periods = ["Q1 2022", "Q2 2022"]
    band = charts.indicator_chart(
        series, periods, charts.TargetBand(D(85), D(90), "85–90 %"), "t", "%"
    )
    assert band["layout"]["shapes"][0]["type"] == "rect"
    assert (band["layout"]["shapes"][0]["y0"], band["layout"]["shapes"][0]["y1"]) == (85, 90)
    line = charts.indicator_chart(series, periods, charts.TargetBand(D(8)), "t", "min")
    assert line["layout"]["shapes"][0]["type"] == "line"
    assert line["data"][0]["x"] == periods
    assert line["layout"]["xaxis"]["categoryarray"] == periods


def test_lines_per_organisation_differ_by_dash_not_only_colour():
    points = [("2023-01", D(1))]
    fig = charts.indicator_chart({"A": points, "B": points}, ["2023-01"], None, "t", "%")
    assert fig["data"][0]["line"]["dash"] != fig["data"][1]["line"]["dash"]


@pytest.mark.django_db
def test_indicator_trend_page_has_chart_and_table(board_reader_client):
    html = board_reader_client.get(
        reverse("indicator_trend", args=["vgr-aterinlaggningar-30-dagar"])
    ).content.decode()
    assert 'data-chart="indicator-chart"' in html
    assert "<caption>Utfall per period</caption>" in html
    assert "Q1 2022" in html and "8,7 %" in html and "7,3 %" in html


@pytest.mark.django_db
def test_duration_is_drawn_in_minutes_against_its_target(reader_client):
    url = reverse("indicator_trend", args=["rvm-medelvantetid-1177"])
    response = reader_client.get(url, {"enheter": "alla"})
    figure = response.context["chart"]
    assert figure["layout"]["yaxis"]["title"]["text"] == "min"
    assert figure["layout"]["shapes"][0]["y0"] == 8  # "8 min" = 480 s
    assert figure["data"][0]["y"] == [pytest.approx(898 / 60)]
    assert "14:58 min" in response.content.decode()


@pytest.mark.django_db
def test_measure_savings_page_month_by_month(reader_client):
    measure = add_measures(1)[0]
    html = reader_client.get(reverse("measure_savings", args=[measure.pk])).content.decode()
    assert "Plan för året: 1 mkr." in html
    row = re.search(r"<th scope=\"row\">2023-02</th>(.*?)</tr>", html, flags=re.S).group(1)
    assert "0,1" in row and "0,9" in row
    assert 'data-chart="measure-chart"' in html


@pytest.mark.django_db
def test_trend_pages_query_counts(board_reader_client, django_assert_max_num_queries):
    measure = add_measures(1)[0]
    with django_assert_max_num_queries(8):
        trend = board_reader_client.get(reverse("indicator_trend", args=["vgr-antal-sip"]))
    assert trend.status_code == 200
    with django_assert_max_num_queries(8):
        saved = board_reader_client.get(reverse("measure_savings", args=[measure.pk]))
    assert saved.status_code == 200


# The figures written as JSON by hand must be the figures plotly.graph_objects builds.


def _plotly_savings(years, planned, realised, forecast, title):
    import plotly.graph_objects as go

    from reporting.charts import BLUE, GREEN, MILLION, ORANGE, _as_dict, _layout, _num

    labels = [str(y) for y in years]
    fig = go.Figure()
    for name, values, colour, pattern in (
        ("Planerat", planned, BLUE, ""),
        ("Utfall hittills", realised, GREEN, "/"),
        ("Prognos helår", forecast, ORANGE, "."),
    ):
        if not any(y in values for y in years):
            continue
        fig.add_bar(
            name=name,
            x=labels,
            y=[_num(values[y] / MILLION) if y in values else None for y in years],
            marker={"color": colour, "pattern": {"shape": pattern}},
            hovertemplate="%{y:,.1f} mkr",
        )
    fig.update_layout(**_layout(title, "mkr"), barmode="group")
    fig.update_xaxes(type="category")
    return _as_dict(fig)


def _plotly_indicator(series, periods, target, title, unit_label):
    import plotly.graph_objects as go

    from reporting.charts import DASHES, GREEN, LINE_COLOURS, _as_dict, _layout, _num

    fig = go.Figure()
    for i, (name, points) in enumerate(series.items()):
        fig.add_scatter(
            name=name,
            x=[p[0] for p in points],
            y=[_num(p[1]) for p in points],
            mode="lines+markers",
            line={"color": LINE_COLOURS[i % len(LINE_COLOURS)], "dash": DASHES[i % len(DASHES)]},
            marker={"symbol": i % 20, "size": 8},
            hovertemplate="%{y:,~r}",
        )
    if target is not None:
        label = f"Mål: {target.label}" if target.label else "Mål"
        if target.high is not None and target.high != target.low:
            fig.add_hrect(
                y0=_num(target.low),
                y1=_num(target.high),
                fillcolor=GREEN,
                opacity=0.12,
                line_width=0,
                annotation_text=label,
                annotation_position="top left",
            )
        else:
            fig.add_hline(
                y=_num(target.low),
                line={"color": GREEN, "dash": "dash", "width": 2},
                annotation_text=label,
                annotation_position="top left",
            )
    fig.update_layout(**_layout(title, unit_label))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(periods))
    return _as_dict(fig)


@pytest.mark.parametrize(
    ("planned", "realised", "forecast"),
    [
        ({2022: D("5000000"), 2023: D("7250000")}, {2023: D("1000000")}, {2023: D("6000000")}),
        ({2022: D("5000000")}, {}, {}),
    ],
)
def test_savings_chart_is_the_figure_plotly_builds(planned, realised, forecast):
    args = ([2022, 2023], planned, realised, forecast, "Besparingar")
    assert charts.savings_by_year_chart(*args) == _plotly_savings(*args)


@pytest.mark.parametrize(
    "target",
    [None, charts.TargetBand(D("85"), D("90"), "85-90 %"), charts.TargetBand(D("8"), None, "")],
)
def test_indicator_chart_is_the_figure_plotly_builds(target):
    series = {
        "Region": [("2023-01", D("84.5")), ("2023-02", D("88.25"))],
        "Område": [("2023-02", D("91"))],
    }
    args = (series, ["2023-01", "2023-02"], target, "Andel", "%")
    assert charts.indicator_chart(*args) == _plotly_indicator(*args)


@pytest.mark.django_db
def test_indicator_trend_table_rows_are_built_in_python_with_the_same_markup(reader_client):
    url = reverse("indicator_trend", args=["rvm-medelvantetid-1177"])
    html = reader_client.get(url, {"enheter": "alla"}).content.decode()
    body = re.search(r"<caption>Utfall per period</caption>.*?<tbody>(.*?)</tbody>", html, re.S)
    cell = r'<td class="num">[^<]*</td>'
    rows = re.findall(rf'<tr><th scope="row">([^<]+)</th>((?:{cell})+)</tr>', body.group(1))
    assert rows and any("14:58 min" in cells for _label, cells in rows)
    assert "<caption>Mål per år</caption>" in html and "<td>Gränsvärde</td>" in html
