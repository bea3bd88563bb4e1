"""Follow-ups of decisions: controllers of an addressed unit append a dated follow-up; earlier
follow-ups stay as they were; dates are ISO only."""

import pytest
from django.urls import reverse
from helpers import rvm_decision

from measures.models import FollowUp, Organisation

pytestmark = pytest.mark.django_db


def post(client, decision, **overrides):
    data = {
        "date": "2023-03-15",
        "organisation": str(Organisation.objects.get(code="rvm-hsf").pk),
        "status": "pagar",
        "text": "Arbetet pågår.",
        **overrides,
    }
    return client.post(reverse("follow_up_create", args=[decision.pk]), data)


def test_controller_adds_a_follow_up_and_earlier_ones_stay(
    controller_client, controller, open_period
):
    decision = rvm_decision()
    assert post(controller_client, decision).status_code == 302
    first = FollowUp.objects.get(decision=decision)
    assert first.created_by == controller
    assert (
        post(
            controller_client, decision, date="2023-03-29", text="Klart.", status="klar"
        ).status_code
        == 302
    )
    first_again = FollowUp.objects.get(pk=first.pk)
    assert (first_again.text, first_again.status) == ("Arbetet pågår.", "pagar")
    assert decision.follow_ups.count() == 2
    assert first.history.first().history_user == controller


def test_same_day_twice_is_refused(controller_client, open_period):
    decision = rvm_decision()
    post(controller_client, decision)
    response = post(controller_client, decision, text="Dubblett")
    assert response.status_code == 200
    assert "redan en återrapport" in response.content.decode()
    assert decision.follow_ups.count() == 1


@pytest.mark.parametrize("date", ["03/15/2023", "15/03/2023", "2023-3-32"])
def test_us_style_date_gets_a_swedish_message(date, controller_client, open_period):
    decision = rvm_decision()
    response = post(controller_client, decision, date=date, text="Behåll texten")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in html
    assert 'aria-describedby="id_date_helptext id_date-error"' in html
    assert 'id="id_date-error"' in html and 'id="id_date_helptext"' in html
    assert "Behåll texten" in html
    assert decision.follow_ups.count() == 0


def test_closed_month_is_a_form_error_for_controllers(controller_client, closed_period):
    decision = rvm_decision()
    response = post(controller_client, decision, date="2023-02-10")
    assert response.status_code == 200
    assert "är stängd" in response.content.decode()
    assert decision.follow_ups.count() == 0


def test_unit_that_is_not_addressed_cannot_be_chosen(controller_client, open_period):
    decision = rvm_decision()
    akut = Organisation.objects.get(code="rvm-hsf-akut")
    response = post(controller_client, decision, organisation=str(akut.pk))
    assert response.status_code == 200
    assert decision.follow_ups.count() == 0
