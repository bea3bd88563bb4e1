"""The permission matrix: every write URL × anonymous, reader, controller of the organisation,
controller of another organisation and administrator. Status codes, and that a refused request
wrote nothing (rows, history rows and period states unchanged) while an allowed one did."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from helpers import rvm_decision, snapshot
from html_forms import post_form_data

from measures.models import Measure, Organisation, ReportingPeriod

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "controller", "other_controller", "admin"]
SCOPED = {
    "anonymous": "login",
    "reader": 403,
    "controller": 302,
    "other_controller": 404,
    "admin": 302,
}
ADMIN_ONLY = {
    "anonymous": "login",
    "reader": 403,
    "controller": 403,
    "other_controller": 403,
    "admin": 302,
}


def _measure():
    return Measure.objects.get(plan__code="rvm-hsf-forvaltningsplan-2023", code="A")


def monthly(admin, open_period):
    url = reverse("monthly_report", args=["rvm-hsf", "2023-03"])
    data = post_form_data(admin.get(url).content)
    data["atgard-0-status"] = "forsenad"
    data["atgard-0-comment"] = "Ändrad i behörighetstestet"
    data["utkast"] = ""
    return url, data


def measure_edit(admin, open_period):
    url = reverse("measure_edit", args=[_measure().pk])
    data = post_form_data(admin.get(url).content)
    data["title"] = "Ny titel från behörighetstestet"
    return url, data


def measure_create(admin, open_period):
    url = reverse("measure_create", args=["rvm-hsf-forvaltningsplan-2023"])
    data = post_form_data(admin.get(url).content)
    data.update(
        {
            "title": "Ny åtgärd",
            "organisation": str(Organisation.objects.get(code="rvm-hsf").pk),
            "besparing-0-year": "2023",
            "besparing-0-category": "personalkostnad",
            "besparing-0-amount": "1,5",
        }
    )
    return url, data


def follow_up(admin, open_period):
    decision = rvm_decision()
    url = reverse("follow_up_create", args=[decision.pk])
    return url, {
        "date": "2023-03-15",
        "organisation": str(Organisation.objects.get(code="rvm-hsf").pk),
        "status": "pagar",
        "text": "Arbetet pågår enligt plan.",
    }


def period_open(admin, open_period):
    return reverse("period_open", args=["rvm"]), {"month": "2023-04"}


def period_close(admin, open_period):
    return reverse("period_close", args=[open_period.pk]), {}


def period_reopen(admin, open_period):
    closed = ReportingPeriod.objects.get(region__code="rvm", month="2023-02-01")
    return reverse("period_reopen", args=[closed.pk]), {"reason": "Felaktigt utfall för B"}


WRITES = [
    (monthly, SCOPED),
    (measure_edit, SCOPED),
    (measure_create, SCOPED),
    (follow_up, SCOPED),
    (period_open, ADMIN_ONLY),
    (period_close, ADMIN_ONLY),
    (period_reopen, ADMIN_ONLY),
]


@pytest.fixture
def clients(
    anonymous_client, reader_client, controller_client, other_controller_client, admin_client
):
    return dict(
        zip(
            ROLES,
            [
                anonymous_client,
                reader_client,
                controller_client,
                other_controller_client,
                admin_client,
            ],
            strict=True,
        )
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("build", "expected"), WRITES, ids=[w[0].__name__ for w in WRITES])
def test_write_matrix(build, expected, role, clients, open_period):
    url, data = build(clients["admin"], open_period)
    before = snapshot()
    response = clients[role].post(url, data)
    want = expected[role]
    if want == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert snapshot() == before
    elif want == 302:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert snapshot() != before
    else:
        assert response.status_code == want
        assert snapshot() == before


@pytest.mark.parametrize(("build", "expected"), WRITES, ids=[w[0].__name__ for w in WRITES])
def test_post_without_csrf_token_is_refused(build, expected, admin_user, admin_client, open_period):
    url, data = build(admin_client, open_period)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    before = snapshot()
    response = strict.post(url, {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"})
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("name", ["period_open", "period_close", "period_reopen"])
def test_period_writes_are_post_only(name, admin_client, open_period):
    arg = "rvm" if name == "period_open" else open_period.pk
    before = snapshot()
    assert admin_client.get(reverse(name, args=[arg])).status_code == 405
    assert snapshot() == before


def test_get_of_a_form_page_writes_nothing(admin_client, open_period):
    urls = [
        reverse("monthly_report", args=["rvm-hsf", "2023-03"]),
        reverse("measure_edit", args=[_measure().pk]),
        reverse("measure_create", args=["rvm-hsf-forvaltningsplan-2023"]),
        reverse("follow_up_create", args=[rvm_decision().pk]),
    ]
    before = snapshot()
    for url in urls:
        assert admin_client.get(url).status_code == 200
    assert snapshot() == before


def test_controller_of_another_region_cannot_see_edit_pages(other_controller_client, open_period):
    measure = _measure()
    for url in [
        reverse("monthly_report", args=["rvm-hsf", "2023-03"]),
        reverse("measure_edit", args=[measure.pk]),
    ]:
        response = other_controller_client.get(url)
        assert response.status_code == 404
        assert measure.title not in response.content.decode()


def test_reader_sees_the_month_read_only(reader_client, open_period):
    response = reader_client.get(reverse("monthly_report", args=["rvm-hsf", "2023-03"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Spara utkast" not in html
    assert "<fieldset disabled>" in html


def test_mass_assignment_of_another_organisation_is_refused(controller_client, open_period):
    measure = _measure()
    url = reverse("measure_edit", args=[measure.pk])
    data = post_form_data(controller_client.get(url).content)
    data["organisation"] = str(Organisation.objects.get(code="rvb-hsf").pk)
    response = controller_client.post(url, data)
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.organisation.code.startswith("rvm-hsf")
