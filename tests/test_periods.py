"""Reporting periods: an administrator opens, closes and reopens months; reopening needs a
reason, and every change is in the history shown on the periods page."""

import pytest
from django.urls import reverse

from measures.choices import PeriodState
from measures.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def test_open_a_month(admin_client):
    response = admin_client.post(reverse("period_open", args=["rvm"]), {"month": "2023-05"})
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(region__code="rvm", month="2023-05-01")
    assert period.state == PeriodState.OPEN


@pytest.mark.parametrize("month", ["05/2023", "2023-13", "maj"])
def test_bad_month_is_refused_in_swedish(month, admin_client):
    count = ReportingPeriod.objects.count()
    response = admin_client.post(
        reverse("period_open", args=["rvm"]), {"month": month}, follow=True
    )
    assert "Skriv månaden som ÅÅÅÅ-MM" in response.content.decode()
    assert ReportingPeriod.objects.count() == count


def test_close_records_who_and_when(admin_client, admin_user, open_period):
    assert admin_client.post(reverse("period_close", args=[open_period.pk])).status_code == 302
    open_period.refresh_from_db()
    assert open_period.state == PeriodState.CLOSED
    assert open_period.closed_by == admin_user and open_period.closed_at is not None
    assert open_period.history.first().history_user == admin_user


def test_reopen_needs_a_reason(admin_client, closed_period):
    url = reverse("period_reopen", args=[closed_period.pk])
    response = admin_client.post(url, {"reason": ""}, follow=True)
    assert "Ange ett skäl" in response.content.decode()
    closed_period.refresh_from_db()
    assert closed_period.state == PeriodState.CLOSED


def test_reopen_is_recorded_with_reason(admin_client, admin_user, closed_period):
    url = reverse("period_reopen", args=[closed_period.pk])
    assert admin_client.post(url, {"reason": "Fel utfall för aktivitet B"}).status_code == 302
    closed_period.refresh_from_db()
    assert closed_period.state == PeriodState.OPEN
    assert closed_period.reopen_reason == "Fel utfall för aktivitet B"
    record = closed_period.history.first()
    assert record.history_user == admin_user
    assert "Fel utfall för aktivitet B" in record.history_change_reason
    page = admin_client.get(reverse("periods", args=["rvm"])).content.decode()
    assert "Fel utfall för aktivitet B" in page and "Ada Admin" in page


def test_overview_lists_ready_draft_and_not_started(admin_client, controller_client, open_period):
    from html_forms import post_form_data

    overview = reverse("period_overview", args=[open_period.pk])
    before = admin_client.get(overview)
    assert before.status_code == 200
    counts = before.context["counts"]
    assert counts["ready"] == 0 and counts["draft"] == 0 and counts["none"] >= 1
    assert "Ej påbörjad" in before.content.decode()
    url = reverse("monthly_report", args=["rvm-hsf", "2023-03"])
    data = post_form_data(controller_client.get(url).content)
    data["klar"] = ""
    assert controller_client.post(url, data).status_code == 302
    after = admin_client.get(overview)
    assert after.context["counts"] == {"ready": 1, "draft": 0, "none": counts["none"] - 1}
    assert "Hälso- och sjukvårdsförvaltningen" in after.content.decode()
    assert "Cecilia Controller" in after.content.decode()


def test_overview_is_for_administrators_only(controller_client, reader_client, open_period):
    url = reverse("period_overview", args=[open_period.pk])
    assert controller_client.get(url).status_code == 403
    assert reader_client.get(url).status_code == 403


def test_close_and_reopen_are_logged(admin_client, admin_user, open_period, caplog):
    caplog.set_level("INFO", logger="uppfoljning.periods")
    admin_client.post(reverse("period_close", args=[open_period.pk]))
    admin_client.post(reverse("period_reopen", args=[open_period.pk]), {"reason": "Rättelse"})
    messages = [r.getMessage() for r in caplog.records if r.name == "uppfoljning.periods"]
    assert messages == [
        f"period {open_period.pk} closed by user {admin_user.pk}",
        f"period {open_period.pk} reopened by user {admin_user.pk}",
    ]
