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
