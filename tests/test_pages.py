"""The browsable pages: the sources' figures on screen, log-in required, bounded queries."""

import datetime as dt

import pytest
from django.urls import reverse

from measures.models import Measure, Organisation, PlannedSaving

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
MINUS = "\u2212"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("organisation", args=["rvb"]),
        reverse("plan", args=["rvb-omstallning-2019"]),
        reverse("decisions", args=["vgr"]),
        reverse("scorecard", args=["rvm-hsf"]),
        reverse("indicator", args=["rvm-medelvantetid-1177"]),
    ],
)
def test_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_log_in_page_is_swedish(client):
    page = text(client.get(reverse("login")))
    assert '<html lang="sv">' in page
    assert "Logga in" in page and "Lösenord" in page


def test_home_lists_the_regions(board_reader_client):
    page = text(board_reader_client.get(reverse("home")))
    for name in ("Region Västerbotten", "Region Västmanland", "Västra Götalandsregionen"):
        assert name in page


def test_plan_page_shows_the_001_figures(board_reader_client):
    page = text(board_reader_client.get(reverse("plan", args=["rvb-omstallning-2019"])))
    assert "Hälso- och sjukvårdsförvaltningen" in page
    hsf_row = page.split("Hälso- och sjukvårdsförvaltningen</th>")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in hsf_row.split('<td class="num">')[1:]]
    assert cells == ["213", "163", "152", "–", "528"]
    for subtotal in ("Summa Omstrukturering av vården", "Summa Utveckla och anpassa bemanningen"):
        assert subtotal in page
    assert f"61{NBSP}900" in page and f"18{NBSP}100" in page and f"80{NBSP}000" in page


def test_plan_page_in_another_unit(board_reader_client):
    page = text(
        board_reader_client.get(reverse("plan", args=["rvb-omstallning-2019"]), {"enhet": "tkr"})
    )
    assert f"528{NBSP}000" in page
    bad = text(
        board_reader_client.get(reverse("plan", args=["rvb-omstallning-2019"]), {"enhet": "x"})
    )
    assert "528" in bad


def test_plan_page_queries_do_not_grow_with_measures(
    board_reader_client, django_assert_max_num_queries
):
    url = reverse("plan", args=["rvb-omstallning-2019"])
    with django_assert_max_num_queries(12):
        text(board_reader_client.get(url))
    measure = Measure.objects.filter(plan__code="rvb-omstallning-2019").first()
    for i in range(60):
        extra = Measure.objects.create(
            plan=measure.plan,
            organisation=measure.organisation,
            heading=measure.heading,
            title=f"Extra {i}",
            position=1000 + i,
        )
        PlannedSaving.objects.create(measure=extra, year=2020, category="driftkostnad", amount=1)
    with django_assert_max_num_queries(12):
        text(board_reader_client.get(url))


def test_decisions_page_shows_the_16_decisions_and_follow_ups(board_reader_client):
    page = text(board_reader_client.get(reverse("decisions", args=["vgr"])))
    assert "Åtgärdsplaner för att nå ekonomi och verksamhet i balans under 2019" in page
    assert page.count('<h3 id="follow-up-') == 21
    assert "16." in page and "17." not in page.replace("2019-05-17", "")
    assert "RS 2019–03585" in page


def test_decisions_page_queries_bounded(board_reader_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        text(board_reader_client.get(reverse("decisions", args=["vgr"])))


def test_scorecard_shows_24_indicators_with_targets_and_outcomes(reader_client):
    page = text(reader_client.get(reverse("scorecard", args=["rvm-hsf"]), {"manad": "2023-02"}))
    assert "24 indikatorer" in page
    for fragment in (
        "8 min",
        "14:58 min",
        "90/80/80",
        "48,4/31,0/56,0 %",
        "85-90 %",
        f"{MINUS}165,6 mnkr",
        f"{MINUS}890,0 mnkr",
        "Lägre än fg år",
    ):
        assert fragment in page, fragment
    assert "Ej uppfyllt" in page and "enligt rapport" in page


def test_scorecard_queries_bounded(reader_client, django_assert_max_num_queries):
    # 11 = 10 before read scopes + the user's memberships, read once per request.
    with django_assert_max_num_queries(11):
        text(reader_client.get(reverse("scorecard", args=["rvm-hsf"]), {"manad": "2023-02"}))


def test_organisation_page_shows_tree_and_economy(reader_client):
    page = text(reader_client.get(reverse("organisation", args=["rvm-hsf"])))
    assert "Akutsjukvård" in page and "Nära vård" in page
    assert f"{MINUS}174,1" in page and f"{MINUS}165,6" in page and f"{MINUS}890,0" in page
    assert "+20" in page and f"{MINUS}50" in page


def test_measure_page(reader_client):
    measure = Measure.objects.get(plan__code="rvm-hsf-forvaltningsplan-2023", code="A")
    page = text(reader_client.get(reverse("measure", args=[measure.pk])))
    assert "Etablera sjukhusvård i hemmet" in page
    assert "2023-02" in page and "Pågår" in page


def test_indicator_page_lists_readings(reader_client):
    page = text(reader_client.get(reverse("indicator", args=["rvm-medelvantetid-1177"])))
    assert "14:58 min" in page and "8 min" in page


def test_unknown_objects_are_404(board_reader_client):
    assert board_reader_client.get(reverse("plan", args=["finns-inte"])).status_code == 404
    assert board_reader_client.get(reverse("decisions", args=["rvb-hsf"])).status_code == 404
    assert board_reader_client.get(reverse("measure", args=[999999])).status_code == 404


def test_scorecard_month_parameter(reader_client):
    page = text(reader_client.get(reverse("scorecard", args=["rvm-hsf"]), {"manad": "2022-13"}))
    assert "t.o.m. 2023-02" in page
    early = text(reader_client.get(reverse("scorecard", args=["rvm-hsf"]), {"manad": "2019-01"}))
    assert "14:58" not in early


def test_no_request_to_another_host(board_reader_client):
    for url in (
        reverse("home"),
        reverse("plan", args=["rvb-omstallning-2019"]),
        reverse("scorecard", args=["rvm-hsf"]),
    ):
        page = text(board_reader_client.get(url))
        assert "http://" not in page and "https://" not in page and "//cdn" not in page


def test_admin_lists_every_model(admin_client):
    from django.apps import apps
    from django.contrib import admin

    for app in ("measures", "indicators"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") or model.__name__ == "UserSession":
                continue  # history is shown on each object; a session's key is its secret
            assert model in admin.site._registry, model
            url = reverse(f"admin:{app}_{model._meta.model_name}_changelist")
            assert admin_client.get(url).status_code == 200, url
    assert (
        admin_client.get(reverse("admin:measures_measure_changelist"), {"q": "RPA"}).status_code
        == 200
    )


def test_dates_are_iso(board_reader_client):
    page = text(board_reader_client.get(reverse("decisions", args=["vgr"])))
    assert "2019-04-23" in page and "2019-05-26" in page
    assert Organisation.objects.get(code="vgr").path == "/vgr/"
    assert dt.date(2019, 5, 26).isoformat() in page


def test_years_are_never_grouped(board_reader_client):
    for url in (
        reverse("plan", args=["rvb-omstallning-2019"]),
        reverse("organisation", args=["rvb"]),
        reverse("scorecard", args=["rvm-hsf"]),
        reverse("indicator", args=["rvm-medelvantetid-1177"]),
    ):
        page = text(board_reader_client.get(url))
        for y in range(2017, 2026):
            assert f"{str(y)[0]}{NBSP}{str(y)[1:]}" not in page, (url, y)


def test_vgr_scorecard_shows_the_004_arrows(board_reader_client):
    """The page's trend column agrees with the Riktning column of 004 for all 13 rows."""
    from indicators.models import StatedAssessment

    page = text(board_reader_client.get(reverse("scorecard", args=["vgr"]), {"manad": "2024-01"}))
    stated = StatedAssessment.objects.filter(organisation__code="vgr", month=dt.date(2024, 1, 1))
    assert stated.count() == 13
    labels = {"improving": "Förbättras", "unchanged": "Oförändrad", "worsening": "Försämras"}
    arrows = {"improving": "↑", "unchanged": "→", "worsening": "↓"}
    for a in stated.select_related("indicator"):
        row = page.split(f">{a.indicator.name}</a>")[1].split("</tr>")[0]
        trend_cell = row.split("<td>")[-1]
        assert arrows[a.direction] in trend_cell and labels[a.direction] in trend_cell, (
            a.indicator.name
        )
