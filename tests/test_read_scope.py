"""Read scopes (measures.access): who reads which region's pages.

An administrator reads everything; a reader or a controller reads the region(s) of their
memberships; a logged-in user without a membership reads nothing; another region's object
answers 404 (its existence is not revealed), an anonymous visitor is sent to the log-in page.
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from measures.models import Decision, Measure, Organisation, ReportingPeriod
from reporting import pdf

pytestmark = pytest.mark.django_db

REGIONS = {
    "rvm": "Region Västmanland",
    "rvb": "Region Västerbotten",
    "vgr": "Västra Götalandsregionen",
}


UNITS = {"rvm": "rvm-hsf", "rvb": "rvb-hsf", "vgr": "vgr"}
PLANS = {
    "rvm": "rvm-hsf-forvaltningsplan-2023",
    "rvb": "rvb-omstallning-2019",
    "vgr": "vgr-hss-handlingsplan-omstallning",
}
INDICATORS = {"rvm": "rvm-medelvantetid-1177", "vgr": "vgr-antal-sip"}  # rvb has none


def url_of(name: str, region: str) -> str:
    """The URL of the read view ``name`` for an object of ``region``."""
    unit = UNITS[region]
    if name in ("organisation_region", "decisions"):
        args = [region]
    elif name in ("measure", "measure_savings"):
        args = [Measure.objects.filter(organisation__path__startswith=f"/{region}/").first().pk]
    elif name == "plan":
        args = [PLANS[region]]
    elif name in ("indicator", "indicator_trend"):
        args = [INDICATORS[region]]
    elif name == "monthly_report":
        period, _ = ReportingPeriod.objects.get_or_create(
            region=Organisation.objects.get(code=region), month=dt.date(2023, 2, 1)
        )
        args = [unit, f"{period.month:%Y-%m}"]
    else:
        args = [unit]
    return reverse(name.removesuffix("_region"), args=args)


# Every read view on an object of each region that holds such an object (Region Västerbotten
# has no indicators; a reporting month is opened where there is none).
VIEWS = [
    "organisation_region",
    "organisation",
    "scorecard",
    "decisions",
    "dashboard",
    "board_report",
    "board_report_pdf",
    "quarter_matrix",
    "measure",
    "measure_savings",
    "plan",
    "indicator",
    "indicator_trend",
    "monthly_report",
]
PAGES = [
    (name, region)
    for name in VIEWS
    for region in ("rvm", "rvb", "vgr")
    if not (name.startswith("indicator") and region not in INDICATORS)
]

# Which regions each user reads; the administrator reads every region.
READS = {
    "reader_client": {"rvm"},
    "other_controller_client": {"rvb"},
    "no_member_client": set(),
    "admin_client": {"rvm", "rvb", "vgr"},
}


@pytest.fixture
def fake_pdf(monkeypatch):
    """Headless Chromium is not what these tests are about."""
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF-1.7 test")


@pytest.mark.parametrize(("name", "region"), PAGES, ids=[f"{n}-{r}" for n, r in PAGES])
def test_read_pages_follow_the_read_scopes(request, fake_pdf, anonymous_client, name, region):
    url = url_of(name, region)
    for client_name, regions in READS.items():
        client = request.getfixturevalue(client_name)
        expected = 200 if region in regions else 404
        assert client.get(url).status_code == expected, (client_name, url)
    response = anonymous_client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_controller_reads_their_whole_region_but_edits_only_their_unit(other_controller_client):
    """Region Västerbotten's controller of HSF reads the region and its other administration."""
    for code in ("rvb", "rvb-rf"):
        assert other_controller_client.get(reverse("organisation", args=[code])).status_code == 200
    rf_measure = Measure.objects.filter(organisation__path__startswith="/rvb/rvb-rf/").first()
    page = other_controller_client.get(reverse("measure", args=[rf_measure.pk]))
    assert page.status_code == 200 and page.context["can_edit"] is False
    own = Measure.objects.filter(organisation__path__startswith="/rvb/rvb-hsf/").first()
    assert other_controller_client.get(reverse("measure", args=[own.pk])).context["can_edit"]


@pytest.mark.parametrize(
    ("client_name", "shown"),
    [
        ("reader_client", {"rvm"}),
        ("other_controller_client", {"rvb"}),
        ("admin_client", {"rvm", "rvb", "vgr"}),
        ("board_reader_client", {"rvm", "rvb", "vgr"}),
    ],
)
def test_start_page_lists_only_readable_regions(request, client_name, shown):
    page = request.getfixturevalue(client_name).get(reverse("home")).content.decode()
    for code, name in REGIONS.items():
        assert (name in page) == (code in shown), (client_name, name)
        assert (reverse("dashboard", args=[code]) in page) == (code in shown), (client_name, code)
    assert "ingen behörighet" not in page


def test_start_page_without_membership_says_so_and_lists_no_region(no_member_client):
    page = no_member_client.get(reverse("home")).content.decode()
    assert "Du har ännu ingen behörighet och kan inte läsa någon region." in page
    for code, name in REGIONS.items():
        assert name not in page and reverse("organisation", args=[code]) not in page


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    return [[c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.rows]


def own_and_other_titles(region: str) -> tuple[set[str], set[str]]:
    own = Measure.objects.filter(organisation__path__startswith=f"/{region}/")
    other = Measure.objects.exclude(organisation__path__startswith=f"/{region}/")
    return set(own.values_list("title", flat=True)), set(other.values_list("title", flat=True))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"enhet": "rvb-hsf"},  # another region's unit does not widen the scope
        {"enhet": "vgr"},
        {"plan": "rvb-omstallning-2019"},
    ],
)
def test_reader_table_exports_hold_only_their_regions_rows(reader_client, params):
    own, other = own_and_other_titles("rvm")
    url = reverse("table_measures")
    rows = csv_rows(reader_client.get(url, {**params, "format": "csv"}))[1:]
    titles = {r[1] for r in rows}
    assert titles and titles <= own and not titles & (other - own)
    sheet = xlsx_rows(reader_client.get(url, {**params, "format": "xlsx"}))[1:]
    assert {r[1] for r in sheet if r[1]} <= own
    activities = csv_rows(
        reader_client.get(reverse("table_activities"), {**params, "format": "csv"})
    )
    assert {r[1] for r in activities[1:]} <= own


def test_reader_measure_export_has_every_row_of_their_region(reader_client, admin_client):
    url = reverse("table_measures")
    mine = csv_rows(reader_client.get(url, {"format": "csv"}))[1:]
    everything = csv_rows(admin_client.get(url, {"format": "csv"}))[1:]
    assert len(mine) == Measure.objects.filter(organisation__path__startswith="/rvm/").count()
    assert len(everything) == Measure.objects.count() > len(mine)


def test_decision_table_shows_only_readable_regions(reader_client, admin_client):
    url = reverse("table_decisions")
    vgr_decisions = Decision.objects.filter(body__region__code="vgr").count()
    assert vgr_decisions > 0
    assert len(csv_rows(admin_client.get(url, {"format": "csv"}))[1:]) >= vgr_decisions
    assert csv_rows(reader_client.get(url, {"format": "csv"}))[1:] == []
    assert csv_rows(reader_client.get(url, {"format": "csv", "enhet": "vgr-su"}))[1:] == []


@pytest.mark.parametrize("name", ["table_measures", "table_activities", "table_decisions"])
def test_filter_dropdowns_list_no_other_regions_organisations(reader_client, name):
    page = reader_client.get(reverse(name)).content.decode()
    assert 'value="rvm-hsf"' in page
    for org in Organisation.objects.exclude(path__startswith="/rvm/"):
        assert f'value="{org.code}"' not in page, org.code
    for name_ in ("Region Västerbotten", "Västra Götalandsregionen", "rvb-omstallning-2019"):
        assert name_ not in page


def test_indicator_table_offers_and_shows_only_readable_units(reader_client):
    url = reverse("table_indicators")
    page = reader_client.get(url).content.decode()
    assert 'value="rvm-hsf"' in page
    assert 'value="vgr"' not in page and "Västra Götalandsregionen" not in page
    other = reader_client.get(url, {"enhet": "vgr", "manad": "2023-02"})
    assert other.status_code == 200 and other.context["needs_unit"]
    own = reader_client.get(url, {"enhet": "rvm-hsf", "manad": "2023-02"})
    assert not own.context["needs_unit"]


def test_monthly_index_lists_only_the_users_units(reader_client, no_member_client):
    rows = reader_client.get(reverse("monthly_index")).context["rows"]
    assert rows and all(org.path.startswith("/rvm/") for org, _periods in rows)
    assert no_member_client.get(reverse("monthly_index")).context["rows"] == []


def test_write_pages_of_another_region_are_404_for_a_reader(reader_client, no_member_client):
    """A reader gets 403 on a write in their own region but 404 in another one."""
    vgr_decision = Decision.objects.filter(body__region__code="vgr").first()
    rvb_measure = Measure.objects.filter(organisation__path__startswith="/rvb/").first()
    rvm_measure = Measure.objects.filter(organisation__path__startswith="/rvm/").first()
    other = [
        reverse("measure_create", args=["rvb-omstallning-2019"]),
        reverse("measure_edit", args=[rvb_measure.pk]),
        reverse("follow_up_create", args=[vgr_decision.pk]),
    ]
    for url in other:
        assert reader_client.get(url).status_code == 404, url
        assert no_member_client.get(url).status_code == 404, url
    own = [
        reverse("measure_create", args=["rvm-hsf-forvaltningsplan-2023"]),
        reverse("measure_edit", args=[rvm_measure.pk]),
    ]
    for url in own:
        assert reader_client.get(url).status_code == 403, url
