"""Measures and savings plans in the browser: create and edit a measure and its planned savings
per year and category, within one's scope, all or nothing."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from helpers import snapshot
from html_forms import post_form_data

from measures.models import Measure, Organisation, PlannedSaving

pytestmark = pytest.mark.django_db
PLAN = "rvm-hsf-forvaltningsplan-2023"


def measure(code="A"):
    return Measure.objects.get(plan__code=PLAN, code=code)


def test_create_a_measure_with_savings_in_mkr(controller_client, controller):
    url = reverse("measure_create", args=[PLAN])
    data = post_form_data(controller_client.get(url).content)
    data.update(
        {
            "title": "Minska hyrpersonal",
            "organisation": str(Organisation.objects.get(code="rvm-hsf-akut").pk),
            "start": "2023-04-01",
            "besparing-0-year": "2023",
            "besparing-0-category": "personalkostnad",
            "besparing-0-amount": "7,5",
            "besparing-1-year": "",
            "besparing-1-category": "driftkostnad",
            "besparing-1-amount": "1 234,5",
        }
    )
    response = controller_client.post(url, data)
    assert response.status_code == 302
    created = Measure.objects.get(title="Minska hyrpersonal")
    assert {(s.year, s.category, s.amount) for s in created.savings.all()} == {
        (2023, "personalkostnad", D("7500000.00")),
        (None, "driftkostnad", D("1234500000.00")),
    }
    assert created.history.first().history_user == controller


def test_edit_amounts_and_delete_a_saving(controller_client):
    m = measure("A")
    PlannedSaving.objects.create(measure=m, year=2023, category="driftkostnad", amount=D("1000000"))
    url = reverse("measure_edit", args=[m.pk]) + "?enhet=tkr"
    data = post_form_data(controller_client.get(url).content)
    assert data["besparing-0-amount"] == "1 000"
    data["besparing-0-amount"] = "2 500,5"
    data["besparing-1-year"], data["besparing-1-category"] = "2023", "personalkostnad"
    data["besparing-1-amount"] = "\u221210"
    assert controller_client.post(url, data).status_code == 302
    assert {(s.category, s.amount) for s in m.savings.all()} == {
        ("driftkostnad", D("2500500.00")),
        ("personalkostnad", D("-10000.00")),
    }
    data = post_form_data(controller_client.get(url).content)
    data["besparing-0-DELETE"] = "on"
    assert controller_client.post(url, data).status_code == 302
    assert m.savings.count() == 1


def test_bad_input_saves_nothing_and_keeps_the_form(controller_client):
    m = measure("A")
    url = reverse("measure_edit", args=[m.pk])
    data = post_form_data(controller_client.get(url).content)
    data["title"] = "Ny titel som inte ska sparas"
    data.update(
        {
            "besparing-0-year": "2023",
            "besparing-0-category": "driftkostnad",
            "besparing-0-amount": "1.234,5",
            "end": "12/31/2023",
        }
    )
    before = snapshot()
    response = controller_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert snapshot() == before
    assert "Skriv decimaler med komma" in html
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in html
    assert 'aria-invalid="true"' in html and "id_besparing-0-amount-error" in html
    assert "Ny titel som inte ska sparas" in html


def test_year_outside_the_plan_and_duplicates_are_refused(controller_client):
    m = measure("A")
    url = reverse("measure_edit", args=[m.pk])
    data = post_form_data(controller_client.get(url).content)
    data.update(
        {
            "besparing-0-year": "2031",
            "besparing-0-category": "driftkostnad",
            "besparing-0-amount": "1",
        }
    )
    html = controller_client.post(url, data).content.decode()
    assert "inom planens år" in html
    data.update(
        {
            "besparing-0-year": "2023",
            "besparing-1-year": "2023",
            "besparing-1-category": "driftkostnad",
            "besparing-1-amount": "2",
        }
    )
    html = controller_client.post(url, data).content.decode()
    assert "Samma år och kategori finns redan" in html
    assert m.savings.count() == 0


def test_measure_page_links_to_edit_only_within_scope(controller_client, reader_client):
    m = measure("A")
    edit = reverse("measure_edit", args=[m.pk])
    assert edit in controller_client.get(reverse("measure", args=[m.pk])).content.decode()
    assert edit not in reader_client.get(reverse("measure", args=[m.pk])).content.decode()
