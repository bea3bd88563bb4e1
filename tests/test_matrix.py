"""The quarterly matrix (reporting.matrix and its page): the arrows of source 004."""

import datetime as dt

import pytest
from django.urls import reverse

from indicators.models import StatedAssessment
from measures.models import Organisation
from reporting.matrix import build_matrix, columns_for

pytestmark = pytest.mark.django_db


def test_columns_are_quarters_then_months():
    labels = [c.label for c in columns_for(dt.date(2022, 1, 1), dt.date(2024, 1, 1))]
    assert labels == [
        "Q1 2022", "Q2 2022", "Q3 2022", "Q4 2022",
        "Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023", "jan-24",
    ]  # fmt: skip


def vgr_matrix():
    vgr = Organisation.objects.get(code="vgr")
    return build_matrix(
        region=vgr, organisation=vgr, first=dt.date(2022, 1, 1), last=dt.date(2024, 1, 1)
    )


def test_every_row_carries_the_sources_arrow():
    _cols, rows = vgr_matrix()
    stated = {
        a.indicator_id: a
        for a in StatedAssessment.objects.filter(organisation__code="vgr", month="2024-01-01")
    }
    assert len(rows) == 13
    computed = 0
    for row in rows:
        assert row.direction is not None
        assert row.direction.value == stated[row.indicator.pk].direction, row.indicator.name
        computed += not row.direction_stated
    assert computed == 11  # two rows have fewer than two values: shown "enligt rapport"


def test_values_sit_in_their_columns():
    cols, rows = vgr_matrix()
    by_name = {r.indicator.name: r for r in rows}
    readmissions = by_name["Återinläggningar inom 30 dagar"]
    assert readmissions.texts[:7] == ["8,7 %", "8,7 %", "8,4 %", "7,8 %", "7,8 %", "7,4 %", "7,3 %"]
    phone = next(r for n, r in by_name.items() if n.startswith("Telefontillgänglighet"))
    assert phone.texts[0] == "87,5 %" and phone.texts[-1] == "92,9 %"


def test_level_without_target_is_the_reports_and_marked(board_reader_client):
    html = board_reader_client.get(reverse("quarter_matrix", args=["vgr"])).content.decode()
    assert html.count("enligt rapport</span>") >= 13
    assert "jan-24" in html and "Q1 2022" in html
    assert "↑" in html and "↓" in html and "→" in html


def test_matrix_span_can_be_chosen(board_reader_client):
    html = board_reader_client.get(
        reverse("quarter_matrix", args=["vgr"]), {"fran": "2023-01", "till": "2023-12"}
    ).content.decode()
    assert "Q1 2023" in html and "Q1 2022" not in html and "jan-24" not in html


def test_matrix_query_count(board_reader_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = board_reader_client.get(reverse("quarter_matrix", args=["vgr"]))
    assert response.status_code == 200
