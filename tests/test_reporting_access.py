"""Who reads the reporting pages: a reader of every region reads every region's pages (the
per-region rules are in test_read_scope.py); anonymous visitors are sent to the log-in page
and see no figures."""

import pytest
from django.urls import reverse

from measures.models import Measure

pytestmark = pytest.mark.django_db


def page_urls():
    measure = Measure.objects.filter(plan__code="rvb-omstallning-2019").first()
    return [
        reverse("dashboard", args=["vgr"]),
        reverse("dashboard", args=["rvb-hsf"]),
        reverse("board_report", args=["rvm-hsf"]) + "?manad=2023-02",
        reverse("quarter_matrix", args=["vgr"]),
        reverse("indicator_trend", args=["vgr-antal-sip"]),
        reverse("measure_savings", args=[measure.pk]),
        reverse("table_measures"),
        reverse("table_activities"),
        reverse("table_decisions"),
        reverse("table_indicators") + "?enhet=rvm-hsf",
        reverse("decisions", args=["vgr"]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in page_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_reader_of_every_region_reads_every_region(board_reader_client):
    for url in page_urls():
        response = board_reader_client.get(url)
        assert response.status_code == 200, url
        assert b'lang="sv"' in response.content, url


def test_start_and_unit_pages_lead_to_the_dashboard(board_reader_client):
    home = board_reader_client.get(reverse("home")).content.decode()
    assert reverse("dashboard", args=["vgr"]) in home
    unit = board_reader_client.get(reverse("organisation", args=["rvm-hsf"])).content.decode()
    assert reverse("dashboard", args=["rvm-hsf"]) in unit
    assert reverse("board_report", args=["rvm-hsf"]) in unit


@pytest.mark.parametrize(("units", "months"), [(2, 5), (20, 24)])
def test_query_counts_do_not_grow_with_readings_or_units(
    reader_client, django_assert_max_num_queries, units, months
):
    from tests.factories import add_units_with_readings

    add_units_with_readings(units, months, indicator_code="rvm-medelvantetid-1177")
    pages = [
        (reverse("dashboard", args=["rvm-hsf"]), {"manad": "2023-02"}, 16),
        # The dashboard's 16 + the report's list of every measure (the dashboard only counts).
        (reverse("board_report", args=["rvm-hsf"]), {"manad": "2023-02"}, 17),
        # 11 = 10 before read scopes + the user's memberships, read once per request.
        (reverse("quarter_matrix", args=["rvm-hsf"]), {}, 11),
        (reverse("indicator_trend", args=["rvm-medelvantetid-1177"]), {"enheter": "alla"}, 8),
        (reverse("table_indicators"), {"enhet": "rvm-hsf", "manad": "2023-02"}, 12),
        (reverse("dashboard", args=["rvm"]), {"manad": "2023-02"}, 16),
    ]
    for url, params, ceiling in pages:
        with django_assert_max_num_queries(ceiling):
            response = reader_client.get(url, params)
        assert response.status_code == 200, url
    trend = reader_client.get(pages[3][0], pages[3][1])
    assert len(trend.context["series_names"]) == units + 1


def test_measure_and_indicator_pages_link_to_their_trends(board_reader_client):
    measure = Measure.objects.filter(plan__code="rvb-omstallning-2019").first()
    html = board_reader_client.get(reverse("measure", args=[measure.pk])).content.decode()
    assert reverse("measure_savings", args=[measure.pk]) in html
    html = board_reader_client.get(reverse("indicator", args=["vgr-antal-sip"])).content.decode()
    assert reverse("indicator_trend", args=["vgr-antal-sip"]) in html
