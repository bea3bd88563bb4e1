"""The board dashboard page (reporting.views_board.dashboard)."""

import re

import pytest
from django.urls import reverse

from tests.factories import add_measures

pytestmark = pytest.mark.django_db


def savings_table(html: str) -> str:
    start = html.index("Besparingar per år (mkr)")
    return html[start : html.index("</table>", start)]


def test_rvb_hsf_shows_213_163_152_and_528(board_reader_client):
    html = board_reader_client.get(reverse("dashboard", args=["rvb-hsf"])).content.decode()
    table = savings_table(html)
    rows = re.findall(r'<th scope="row">(\d{4}|Summa)</th>\s*<td class="num">([^<]+)</td>', table)
    assert rows == [("2020", "213"), ("2021", "163"), ("2022", "152"), ("Summa", "528")]


def test_chart_data_sits_in_json_script_without_inline_code(board_reader_client):
    html = board_reader_client.get(reverse("dashboard", args=["rvb-hsf"])).content.decode()
    assert '<script id="savings-chart" type="application/json">' in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    for attrs, body in scripts:
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        if "src=" in attrs:
            assert body == ""
            assert re.search(r'src="/static/', attrs), attrs
    assert "cdn" not in html.lower()
    assert '"separators": ", "' in html


def test_status_counts_link_to_the_filtered_table(reader_client):
    add_measures(5)
    page = reader_client.get(reverse("dashboard", args=["rvm-hsf"]), {"manad": "2023-02"})
    html = page.content.decode()
    links = re.findall(
        r'href="(/tabeller/atgarder/\?[^"]+)">\s*<span class="count">(\d+)</span>', html
    )
    assert links
    for href, count in links:
        table = reader_client.get(href.replace("&amp;", "&"))
        caption = re.search(r"\((\d+) rad(?:er)?[,)]", table.content.decode())
        assert int(caption.group(1)) == int(count), href


def test_drill_down_and_back_up(reader_client):
    html = reader_client.get(reverse("dashboard", args=["rvm-hsf"])).content.decode()
    assert reverse("dashboard", args=["rvm-hsf-akut"]) in html
    assert reverse("dashboard", args=["rvm"]) in html


def test_late_measures_are_listed_with_words(reader_client):
    add_measures(3)
    html = reader_client.get(
        reverse("dashboard", args=["rvm-hsf"]), {"manad": "2023-02"}
    ).content.decode()
    assert "Teståtgärd 0" in html
    assert "prognos under plan" in html
    assert "Försenad" in html


def test_flagged_rows_link_to_the_measure_and_its_months(reader_client):
    measures = add_measures(3)
    html = reader_client.get(
        reverse("dashboard", args=["rvm-hsf"]), {"manad": "2023-02"}
    ).content.decode()
    m = measures[0]
    detail = f'<th scope="row"><a href="{reverse("measure", args=[m.pk])}">{m}</a>'
    per_month = f'<a class="small no-print" href="{reverse("measure_savings", args=[m.pk])}?ar=2023">'
    assert detail + " " + per_month + "per månad</a></th>" in html


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("dashboard", args=["rvb-hsf"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("n", [10, 200])
def test_query_count_does_not_grow_with_measures(reader_client, django_assert_max_num_queries, n):
    add_measures(n)
    with django_assert_max_num_queries(16):
        response = reader_client.get(reverse("dashboard", args=["rvm-hsf"]), {"manad": "2023-02"})
    assert response.status_code == 200
    assert response.content.decode().count("Teståtgärd") >= n // 3


def test_vastmanland_february_scorecard_on_the_dashboard(reader_client):
    html = reader_client.get(
        reverse("dashboard", args=["rvm-hsf"]), {"manad": "2023-02"}
    ).content.decode()
    section = html[html.index('id="indikatorer"') : html.index('id="beslut"')]
    assert section.count('<th scope="row">') == 24
    for text in (
        "8 min",
        "14:58 min",
        "90/80/80",
        "48,4/31,0/56,0 %",
        "85-90 %",
        "\u2212165,6 mnkr",
        "\u2212890,0 mnkr",
    ):
        assert text in section, text


def test_no_empty_chart_without_planned_savings(board_reader_client):
    html = board_reader_client.get(
        reverse("dashboard", args=["vgr"]), {"manad": "2024-01"}
    ).content.decode()
    assert "Inga planerade besparingar för enheten." in html
    assert 'data-chart="savings-chart"' not in html
