"""Månadsrapport: prefill, draft and ready, Swedish amounts, bad input, conflicts, double-clicks,
closed months, atomicity and a query count that does not grow with the number of rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from helpers import snapshot
from html_forms import post_form_data

from indicators.models import IndicatorReading
from measures.choices import ReportState
from measures.models import (
    ActionPlan,
    Measure,
    MeasureReport,
    Organisation,
    OrganisationReport,
    ReportingPeriod,
)

pytestmark = pytest.mark.django_db
URL = reverse("monthly_report", args=["rvm-hsf", "2023-03"])
MAX_SAVE_QUERIES = 30
"""Session and user, access, page data, the locked period and rows, one insert or update per table
and its history: about 25 whatever the number of rows (SQLite splits a very wide insert into
batches of its variable limit, which adds one query per batch beyond ~50 measure rows)."""


def measure(code: str) -> Measure:
    return Measure.objects.get(plan__code="rvm-hsf-forvaltningsplan-2023", code=code)


def row_of(data: dict, m: Measure) -> str:
    """The form prefix (atgard-N) of measure ``m`` in the page's data."""
    for key, value in data.items():
        if key.startswith("atgard-") and key.endswith("-measure") and value == str(m.pk):
            return key.removesuffix("-measure")
    raise AssertionError(f"{m} not on the page")


def page_data(client: Client, url: str = URL) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return post_form_data(response.content)


def report(m: Measure, month=dt.date(2023, 3, 1)) -> MeasureReport | None:
    return MeasureReport.objects.filter(measure=m, period__month=month).first()


def test_page_lists_every_measure_in_scope_prefilled_from_last_month(
    controller_client, open_period
):
    data = page_data(controller_client)
    hsf = Organisation.objects.get(code="rvm-hsf")
    assert int(data["atgard-TOTAL_FORMS"]) == Measure.objects.for_org_subtree(hsf).count()
    prefix = row_of(data, measure("A"))
    assert data[f"{prefix}-status"] == "pagar"
    assert data[f"{prefix}-comment"] == "Pågår, kommer dock inte vara slutfört Q1."
    assert data[f"{prefix}-version"] == "0"
    assert int(data["indikator-TOTAL_FORMS"]) > 0


def test_draft_then_ready_with_swedish_amounts(controller_client, controller, open_period):
    data = page_data(controller_client)
    a = row_of(data, measure("A"))
    data.update(
        {
            f"{a}-realised": "1 234,5",
            f"{a}-forecast": "\u22123",
            f"{a}-status": "forsenad",
            "utkast": "",
        }
    )
    response = controller_client.post(URL + "?enhet=tkr", {**data, "enhet": "tkr"})
    assert response.status_code == 302
    saved = report(measure("A"))
    assert saved.realised == D("1234500.00") and saved.forecast == D("-3000.00")
    assert saved.status == "forsenad" and saved.updated_by == controller and saved.version == 1
    assert measure("A").status == "forsenad"
    state = OrganisationReport.objects.get(organisation__code="rvm-hsf", period=open_period)
    assert state.state == ReportState.DRAFT

    data = page_data(controller_client, URL + "?enhet=tkr")
    assert data[f"{a}-realised"] == "1 234,5" and data[f"{a}-forecast"] == "\u22123"
    data["klar"] = ""
    response = controller_client.post(URL, data)
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.state == ReportState.READY
    assert report(measure("A")).version == 1  # shown and saved again: unchanged


@pytest.mark.parametrize(
    ("typed", "kronor"),
    [
        ("7,5", "7500000.00"),
        ("1 234,5", "1234500000.00"),
        ("1\u00a0234,5", "1234500000.00"),
        ("-3", "-3000000.00"),
        ("\u22123", "-3000000.00"),
        ("0,25", "250000.00"),
    ],
)
def test_swedish_number_forms_are_stored_exactly(typed, kronor, controller_client, open_period):
    data = page_data(controller_client)
    a = row_of(data, measure("B"))
    data[f"{a}-realised"] = typed
    assert controller_client.post(URL, data).status_code == 302
    assert report(measure("B")).realised == D(kronor)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "är inget tal"),
        ("1.234,5", "komma"),
        ("NaN", "är inget tal"),
        ("Infinity", "är inget tal"),
        ("1e309", "är inget tal"),
        ("99 999 999 999", "för stort"),
        ("1,123456789", "decimaler"),
    ],
)
def test_bad_amount_gets_a_swedish_message_next_to_the_field_and_nothing_is_saved(
    typed, message, controller_client, open_period
):
    data = page_data(controller_client)
    a, b = row_of(data, measure("A")), row_of(data, measure("B"))
    data[f"{a}-comment"] = "Det här ska inte sparas"
    data[f"{b}-realised"] = typed
    before = snapshot()
    response = controller_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert snapshot() == before
    assert message in html
    assert f'aria-describedby="id_{b}-realised-error"' in html
    assert 'aria-invalid="true"' in html
    assert f'id="id_{b}-realised-error"' in html
    assert "Det här ska inte sparas" in html  # the rest of the form is kept
    assert typed.replace("\u00a0", " ") in html.replace("\u00a0", " ")


def test_figures_without_status_are_refused(controller_client, open_period):
    data = page_data(controller_client)
    a = row_of(data, measure("A"))
    data[f"{a}-status"] = ""
    before = snapshot()
    response = controller_client.post(URL, data)
    assert response.status_code == 200
    assert "Välj en status" in response.content.decode()
    assert snapshot() == before


def test_marking_ready_needs_a_status_on_every_row(controller_client, open_period):
    hsf = Organisation.objects.get(code="rvm-hsf")
    plan = ActionPlan.objects.get(code="rvm-hsf-forvaltningsplan-2023")
    Measure.objects.create(plan=plan, organisation=hsf, title="Ny utan rapport", position=999)
    data = page_data(controller_client)
    data["klar"] = ""
    before = snapshot()
    response = controller_client.post(URL, data)
    assert response.status_code == 200
    assert "Ange status innan rapporten markeras som klar" in response.content.decode()
    assert snapshot() == before


def test_conflicting_edit_keeps_the_first_and_explains(
    controller_client, admin_client, open_period
):
    mine = page_data(controller_client)
    theirs = page_data(admin_client)
    first = page_data(controller_client)
    a = row_of(mine, measure("A"))
    # someone saves row A first ...
    first[f"{a}-status"] = "klar"
    first[f"{a}-realised"] = "2"
    assert admin_client.post(URL, {**first}).status_code == 302
    saved = report(measure("A"))
    assert saved.version == 1
    history_before = MeasureReport.history.filter(id=saved.pk).count()
    # ... then the controller, who loaded the page before, saves other values
    mine[f"{a}-status"] = "forsenad"
    mine[f"{a}-realised"] = "5,5"
    response = controller_client.post(URL, mine)
    html = response.content.decode()
    assert response.status_code == 409
    saved.refresh_from_db()
    assert (saved.status, saved.realised, saved.version) == ("klar", D("2000000.00"), 1)
    assert MeasureReport.history.filter(id=saved.pk).count() == history_before
    assert "Ada Admin sparade den här raden" in html
    assert "Klar" in html and "Försenad" in html and "2" in html and "5,5" in html
    kept = post_form_data(html)
    assert kept[f"{a}-realised"] == "5,5" and kept[f"{a}-status"] == "forsenad"
    # saving again is a deliberate overwrite of what they saw
    assert controller_client.post(URL, kept).status_code == 302
    saved.refresh_from_db()
    assert (saved.status, saved.version) == ("forsenad", 2)
    del theirs


def test_untouched_stale_rows_are_not_conflicts(controller_client, admin_client, open_period):
    mine = page_data(controller_client)
    other = page_data(admin_client)
    a, b = row_of(mine, measure("A")), row_of(mine, measure("B"))
    other[f"{a}-comment"] = "Ny kommentar från admin"
    assert admin_client.post(URL, other).status_code == 302
    mine[f"{b}-comment"] = "Controllerns ändring på B"
    assert controller_client.post(URL, mine).status_code == 302
    assert report(measure("A")).comment == "Ny kommentar från admin"
    assert report(measure("B")).comment == "Controllerns ändring på B"


def test_double_click_saves_once(controller_client, open_period):
    data = page_data(controller_client)
    a = row_of(data, measure("A"))
    data[f"{a}-comment"] = "Sparad en gång"
    assert controller_client.post(URL, data).status_code == 302
    r = report(measure("A"))
    count = MeasureReport.history.filter(id=r.pk).count()
    later = page_data(controller_client)
    later[f"{a}-comment"] = "Ändrad igen"
    assert controller_client.post(URL, later).status_code == 302
    assert controller_client.post(URL, later).status_code == 302  # the double-click
    r.refresh_from_db()
    assert (r.comment, r.version) == ("Ändrad igen", 2)
    assert MeasureReport.history.filter(id=r.pk).count() == count + 1


def test_closed_month_is_read_only_for_controllers(controller_client, closed_period):
    url = reverse("monthly_report", args=["rvm-hsf", "2023-02"])
    data = page_data(controller_client, url)
    assert "Månaden är stängd" in controller_client.get(url).content.decode()
    a = row_of(data, measure("A"))
    data[f"{a}-comment"] = "Efter styrelsens möte"
    before = snapshot()
    assert controller_client.post(url, data).status_code == 403
    assert snapshot() == before


def test_administrator_may_correct_a_closed_month_and_it_is_recorded(
    admin_client, admin_user, closed_period
):
    url = reverse("monthly_report", args=["rvm-hsf", "2023-02"])
    data = page_data(admin_client, url)
    a = row_of(data, measure("A"))
    data[f"{a}-comment"] = "Rättad av administratör"
    assert admin_client.post(url, data).status_code == 302
    r = report(measure("A"), closed_period.month)
    assert r.comment == "Rättad av administratör"
    assert r.history.first().history_user == admin_user


def test_month_closed_after_loading_refuses_the_save(controller_client, open_period):
    data = page_data(controller_client)
    a = row_of(data, measure("A"))
    data[f"{a}-comment"] = "För sent"
    ReportingPeriod.objects.filter(pk=open_period.pk).update(state="closed")
    before = snapshot()
    assert controller_client.post(URL, data).status_code == 403
    assert snapshot() == before


def test_reading_is_saved_with_the_rest(controller_client, controller, open_period):
    data = page_data(controller_client)
    data["indikator-0-value"] = "88,3"
    data["indikator-0-comment"] = "Mars"
    assert controller_client.post(URL, data).status_code == 302
    reading = IndicatorReading.objects.get(
        organisation__code="rvm-hsf",
        month=open_period.month,
        pk__isnull=False,
        indicator_id=int(data["indikator-0-indicator"]),
    )
    assert reading.value == D("88.3") and reading.updated_by == controller
    assert reading.history.first().history_user == controller


def test_all_or_nothing_when_a_later_write_fails(controller_client, open_period, monkeypatch):
    data = page_data(controller_client)
    a = row_of(data, measure("A"))
    data[f"{a}-comment"] = "Skulle sparas"
    data["indikator-0-value"] = "12"

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("reporting.monthly._set_state", boom)
    before = snapshot()
    with pytest.raises(RuntimeError):
        controller_client.post(URL, data)
    assert snapshot() == before


def _org_with_measures(n: int) -> Organisation:
    hsf = Organisation.objects.get(code="rvm-hsf")
    unit = Organisation.objects.create(
        code=f"rvm-hsf-test{n}", name=f"Testenhet {n}", kind="verksamhet", parent=hsf
    )
    plan = ActionPlan.objects.get(code="rvm-hsf-forvaltningsplan-2023")
    Measure.objects.bulk_create(
        Measure(plan=plan, organisation=unit, title=f"Åtgärd {i}", position=1000 + i)
        for i in range(n)
    )
    return unit


@pytest.mark.parametrize("rows", [10, 50])
def test_saving_the_month_takes_a_bounded_number_of_queries(
    rows, admin_client, open_period, django_assert_max_num_queries
):
    unit = _org_with_measures(rows)
    url = reverse("monthly_report", args=[unit.code, "2023-03"])
    data = page_data(admin_client, url)
    assert int(data["atgard-TOTAL_FORMS"]) == rows
    for i in range(rows):
        data.update(
            {
                f"atgard-{i}-status": "pagar",
                f"atgard-{i}-realised": f"{i},5",
                f"atgard-{i}-comment": f"rad {i}",
            }
        )
    with django_assert_max_num_queries(MAX_SAVE_QUERIES):
        assert admin_client.post(url, data).status_code == 302
    assert MeasureReport.objects.filter(measure__organisation=unit).count() == rows
    assert MeasureReport.history.filter(measure__organisation=unit).count() == rows
    # and once more, now updating every row
    data = page_data(admin_client, url)
    for i in range(rows):
        data[f"atgard-{i}-comment"] = f"rad {i}, ändrad"
    with django_assert_max_num_queries(MAX_SAVE_QUERIES):
        assert admin_client.post(url, data).status_code == 302
    assert MeasureReport.objects.filter(measure__organisation=unit, version=2).count() == rows


def test_a_change_by_import_or_admin_is_also_a_conflict(controller_client, open_period):
    data = page_data(controller_client)
    a = row_of(data, measure("A"))
    assert controller_client.post(URL, data).status_code == 302  # creates the month's rows
    data = page_data(controller_client)
    r = report(measure("A"))
    r.realised = D("9000000")
    r.save()  # e.g. an import or the admin, not the page
    assert r.version == 2
    data[f"{a}-realised"] = "1"
    assert controller_client.post(URL, data).status_code == 409
    r.refresh_from_db()
    assert r.realised == D("9000000.00")


def test_conflicting_reading_keeps_the_first(controller_client, admin_client, open_period):
    mine = page_data(controller_client)
    theirs = page_data(admin_client)
    theirs["indikator-0-value"] = "80"
    assert admin_client.post(URL, theirs).status_code == 302
    mine["indikator-0-value"] = "90"
    response = controller_client.post(URL, mine)
    assert response.status_code == 409
    assert "Ada Admin sparade den här raden" in response.content.decode()
    reading = IndicatorReading.objects.get(
        organisation__code="rvm-hsf",
        month=open_period.month,
        indicator_id=int(mine["indikator-0-indicator"]),
    )
    assert reading.value == D("80")
    page = controller_client.get(reverse("indicator", args=[reading.indicator.code]))
    assert "Ada Admin" in page.content.decode() and "Historik" in page.content.decode()


def test_every_described_by_reference_exists(controller_client, open_period):
    import re

    data = page_data(controller_client)
    data["atgard-0-realised"] = "NaN"
    data["indikator-0-value"] = "abc"
    html = controller_client.post(URL, data).content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    refs = {r for value in re.findall(r'aria-describedby="([^"]+)"', html) for r in value.split()}
    assert refs and refs <= ids, refs - ids
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    inputs = set(
        re.findall(
            r'<(?:input|select|textarea)[^>]*\bid="(id_(?:atgard|indikator)-\d+-'
            r'(?:status|realised|forecast|comment|value))"',
            html,
        )
    )
    assert inputs and inputs <= labelled, inputs - labelled
