"""The pages ``manage.py bench`` measures ask the database the same number of questions
whatever the amount of data: counted here at two sizes (the benchmark counts them again at
10 000 and 1 000 000 readings)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import add_measures, add_units_with_readings


def queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_region_dashboard_same_queries_at_10_and_210_measures(reader_client):
    add_measures(10)
    url = reverse("dashboard", args=["rvm"])
    small = queries(reader_client, url, {"manad": "2023-02"})
    add_measures(200)
    big = queries(reader_client, url, {"manad": "2023-02"})
    assert small == big <= 15


def test_unit_dashboard_same_queries_with_more_flagged_than_it_lists(reader_client):
    add_measures(10)
    url = reverse("dashboard", args=["rvm-hsf"])
    small = queries(reader_client, url, {"manad": "2023-02"})
    add_measures(400)  # a third late: more than the dashboard lists
    response = reader_client.get(url, {"manad": "2023-02"})
    assert "Här visas de 100 första." in response.content.decode()
    assert queries(reader_client, url, {"manad": "2023-02"}) == small


def test_measure_table_page_same_queries_at_10_and_210_measures(admin_client):
    add_measures(10)
    url = reverse("table_measures")
    small = queries(admin_client, url, {"page": 2})
    add_measures(200)
    assert queries(admin_client, url, {"page": 2}) == small
    filtered = {"page": 2, "status": "forsenad", "enhet": "rvm-hsf"}
    small_filtered = queries(admin_client, url, filtered)
    add_measures(100)
    assert queries(admin_client, url, filtered) == small_filtered


def test_indicator_trend_same_queries_at_few_and_many_readings(reader_client):
    code = "rvm-medelvantetid-1177"
    add_units_with_readings(1, 3, indicator_code=code)
    url = reverse("indicator_trend", args=[code])
    small = queries(reader_client, url)
    small_all = queries(reader_client, url, {"enheter": "alla"})
    add_units_with_readings(0, 24, indicator_code=code)
    assert queries(reader_client, url) == small <= 7
    assert queries(reader_client, url, {"enheter": "alla"}) == small_all


def test_empty_page_reads_only_the_session_and_its_user_in_one_query(reader_client):
    assert queries(reader_client, reverse("about")) == 1


def test_region_dashboard_without_a_month_asks_one_more_question(reader_client):
    """The default month comes from the region's months (the datalist's, asked anyway) and
    the unit's newest economy line and reading, asked together."""
    add_measures(10)
    url = reverse("dashboard", args=["rvm"])
    assert queries(reader_client, url) == queries(reader_client, url, {"manad": "2023-02"}) + 1
