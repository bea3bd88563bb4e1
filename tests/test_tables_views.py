"""The status tables (reporting.views_tables + reporting.tables): filters, footers, exports,
accessibility markup and query counts."""

import csv
import io
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from measures import savings
from measures.models import Measure, Organisation, PlannedSaving
from tests.factories import add_measures

pytestmark = pytest.mark.django_db
MKR = D(1_000_000)


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def row_count(html: str) -> int:
    return int(re.search(r"\((\d+) rad(?:er)?[,)]", html).group(1))


def test_measure_table_filters_by_subtree_year_and_category(board_reader_client):
    url = reverse("table_measures")
    rows = csv_rows(board_reader_client.get(url, {"enhet": "rvb-hsf", "format": "csv"}))
    expected = Measure.objects.for_org_subtree(Organisation.objects.get(code="rvb-hsf"))
    assert len(rows) - 1 == expected.count()
    params = {"enhet": "rvb-hsf", "ar": "2021", "format": "csv"}
    rows_2021 = csv_rows(board_reader_client.get(url, params))
    planned = sum(D(r[5].replace(",", ".")) for r in rows_2021[1:] if r[5])
    assert planned == 163
    region = csv_rows(board_reader_client.get(url, {**params, "enhet": "rvb"}))
    assert len(region) > len(rows_2021)  # Regionförvaltningen's measures join in
    category = csv_rows(
        board_reader_client.get(url, {"kategori": "personalkostnad", "format": "csv"})
    )
    with_category = PlannedSaving.objects.filter(category="personalkostnad")
    assert len(category) - 1 == with_category.values("measure").distinct().count()


def test_measure_table_filters_by_plan_and_status(reader_client):
    add_measures(4)
    url = reverse("table_measures")
    html = reader_client.get(url, {"plan": "test-plan-rvm-hsf", "manad": "2023-02"}).content
    assert row_count(html.decode()) == 4
    late = reader_client.get(
        url, {"plan": "test-plan-rvm-hsf", "status": "forsenad", "manad": "2023-02"}
    ).content.decode()
    assert row_count(late) == 2  # T0 and T3
    assert "Teståtgärd 3" in late and "Teståtgärd 1" not in late


def test_measure_table_footer_comes_from_the_savings_functions(board_reader_client):
    response = board_reader_client.get(
        reverse("table_measures"), {"enhet": "rvb-hsf", "ar": "2020"}
    )
    html = response.content.decode()
    footer = html[html.index("<tfoot") : html.index("</tfoot>")]
    rows = PlannedSaving.objects.for_org_subtree(Organisation.objects.get(code="rvb-hsf"))
    total = savings.by_year(rows.rows())[2020]
    assert total / MKR == 213
    assert '<td class="num">213</td>' in footer


def test_table_markup_is_accessible(reader_client):
    add_measures(30)
    html = reader_client.get(
        reverse("table_measures"),
        {"sort": "-title", "manad": "2023-02", "plan": "test-plan-rvm-hsf"},
    ).content.decode()
    assert "<caption>Åtgärder" in html
    assert html.count('<th scope="col"') >= 8
    assert re.search(r'<th scope="col"[^>]*aria-sort="descending"', html)
    assert html.count("aria-sort=") == 1
    assert re.search(r'<th scope="row" >\s*<a href="/atgard/\d+/">Teståtgärd', html)
    assert 'aria-label="Sidnavigering för tabellen"' in html
    assert 'aria-current="page"' in html


def test_csv_and_excel_exports_have_swedish_headers_and_no_formulas(reader_client):
    org = Organisation.objects.get(code="rvm-hsf")
    plan = Measure.objects.filter(organisation=org).first().plan
    Measure.objects.create(plan=plan, organisation=org, title='=HYPERLINK("http://x","y")')
    url = reverse("table_activities")
    rows = csv_rows(reader_client.get(url, {"enhet": "rvm-hsf", "format": "csv"}))
    assert rows[0][:5] == ["Beteckning", "Aktivitet", "Enhet", "Plan", "Status"]
    assert '\'=HYPERLINK("http://x","y")' in [r[1] for r in rows]
    sheet_rows = xlsx_rows(reader_client.get(url, {"enhet": "rvm-hsf", "format": "xlsx"}))
    assert sheet_rows[0][0] == "Beteckning"
    assert '=HYPERLINK("http://x","y")' in [r[1] for r in sheet_rows]
    book = load_workbook(
        io.BytesIO(reader_client.get(url, {"enhet": "rvm-hsf", "format": "xlsx"}).content)
    )
    assert not any(c.data_type == "f" for r in book.active.iter_rows() for c in r)


def test_excel_amounts_are_numbers(board_reader_client):
    rows = xlsx_rows(
        board_reader_client.get(
            reverse("table_measures"), {"enhet": "rvb-hsf", "ar": "2022", "format": "xlsx"}
        )
    )
    assert rows[0][5] == "Planerat (mkr)"
    assert sum(r[5] for r in rows[1:] if r[5] is not None) == 152


def test_activity_table_lists_vastmanland_a_to_aa(reader_client):
    html = reader_client.get(
        reverse("table_activities"),
        {"plan": "rvm-hsf-forvaltningsplan-2023", "manad": "2023-02"},
    ).content.decode()
    assert row_count(html) >= 27
    assert "aktiviteter:" in html


def test_decision_table_filters_and_exports(board_reader_client):
    url = reverse("table_decisions")
    rows = csv_rows(
        board_reader_client.get(url, {"ar": "2019", "enhet": "vgr-su", "format": "csv"})
    )
    assert rows[0][:3] == ["Nr", "Beslut", "Beslutat"]
    assert len(rows) - 1 >= 1
    assert all(r[2].startswith("2019-") for r in rows[1:])
    none_2030 = board_reader_client.get(url, {"ar": "2030"}).content.decode()
    assert "Inga rader matchar filtret." in none_2030


def test_indicator_table_shows_vastmanland_scorecard(reader_client):
    url = reverse("table_indicators")
    html = reader_client.get(url, {"enhet": "rvm-hsf", "manad": "2023-02"}).content.decode()
    assert row_count(html) == 24
    assert "14:58 min" in html
    economy = reader_client.get(
        url, {"enhet": "rvm-hsf", "manad": "2023-02", "perspektiv": perspective_pk("Ekonomi")}
    ).content.decode()
    assert row_count(economy) == 8
    rows = xlsx_rows(
        reader_client.get(url, {"enhet": "rvm-hsf", "manad": "2023-02", "format": "xlsx"})
    )
    assert rows[0] == ["Indikator", "Perspektiv", "Mål", "Utfall", "Period", "Status", "Trend"]
    assert len(rows) == 25


def perspective_pk(name):
    from indicators.models import Perspective

    return Perspective.objects.get(name=name).pk


def test_anonymous_cannot_read_tables(client):
    for name in ("table_measures", "table_activities", "table_decisions", "table_indicators"):
        response = client.get(reverse(name), {"format": "csv"})
        assert response.status_code == 302, name


@pytest.mark.parametrize("n", [10, 200])
@pytest.mark.parametrize("fmt", ["", "csv", "xlsx"])
def test_query_counts_stay_flat(reader_client, django_assert_max_num_queries, n, fmt):
    add_measures(n)
    params = {"enhet": "rvm-hsf", "manad": "2023-02", "format": fmt}
    with django_assert_max_num_queries(12):
        response = reader_client.get(reverse("table_measures"), params)
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        reader_client.get(reverse("table_activities"), params)
    with django_assert_max_num_queries(12):
        reader_client.get(reverse("table_decisions"), {"format": fmt})
    with django_assert_max_num_queries(12):
        reader_client.get(reverse("table_indicators"), params)
