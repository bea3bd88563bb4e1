"""History: changes from the monthly report page, the measure form, the fixture loader and a
direct save are recorded and shown on the measure's page as who, when, old → new."""

import pytest
from django.urls import reverse
from html_forms import post_form_data

from measures.history import measure_changes
from measures.locks import closed_period_override
from measures.models import Measure, MeasureReport

pytestmark = pytest.mark.django_db


def measure(code="A"):
    return Measure.objects.get(plan__code="rvm-hsf-forvaltningsplan-2023", code=code)


def test_import_is_recorded_as_the_first_value():
    changes = measure_changes(measure(), "mkr")
    report_changes = [c for c in changes if c.subject == "Månadsrapport 2023-02"]
    assert any(c.field == "Status" and c.new == "Pågår" and c.old == "–" for c in report_changes)
    assert all(c.reason.startswith("Import: 003") for c in report_changes)


def test_monthly_report_change_is_shown_as_old_to_new(controller_client, open_period):
    url = reverse("monthly_report", args=["rvm-hsf", "2023-03"])
    data = post_form_data(controller_client.get(url).content)
    m = measure()
    prefix = next(k for k, v in data.items() if k.endswith("-measure") and v == str(m.pk))[:-8]
    data[f"{prefix}-realised"] = "1,5"
    assert controller_client.post(url, data).status_code == 302
    data = post_form_data(controller_client.get(url).content)
    data[f"{prefix}-realised"] = "2"
    data[f"{prefix}-status"] = "forsenad"
    assert controller_client.post(url, data).status_code == 302
    page = controller_client.get(reverse("measure", args=[m.pk])).content.decode()
    assert "Historik" in page
    changes = measure_changes(m, "mkr")
    realised = [
        c
        for c in changes
        if c.subject == "Månadsrapport 2023-03" and c.field == "Utfall hittills i år"
    ]
    assert [(c.old, c.new, c.who) for c in realised] == [
        ("1,5 mkr", "2 mkr", "Cecilia Controller"),
        ("–", "1,5 mkr", "Cecilia Controller"),
    ]
    assert "1,5 mkr" in page and "Cecilia Controller" in page
    status = [c for c in changes if c.subject == "Månadsrapport 2023-03" and c.field == "Status"]
    assert (status[0].old, status[0].new) == ("Pågår", "Försenad")


def test_direct_save_by_an_administrator_is_recorded():
    r = MeasureReport.objects.get(measure=measure(), period__month="2023-02-01")
    r.comment = "Rättad direkt"
    r._change_reason = "Rättning"
    with closed_period_override():
        r.save()
    changes = measure_changes(measure(), "mkr")
    assert changes[0].field == "Kommentar" and changes[0].new == "Rättad direkt"
    assert changes[0].reason == "Rättning"
    assert changes[0].who == "system (import eller kommando)"
