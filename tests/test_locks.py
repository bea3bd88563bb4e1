"""The closed-month rule below the views (measures.locks): direct saves, querysets, bulk
writes, deletes, readings and follow-ups of a closed month are refused; the explicit override
lets administrator-level code through; the fixture loader stays idempotent."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import transaction
from helpers import rvm_decision

from indicators.models import IndicatorReading
from measures.choices import PeriodState
from measures.locks import PeriodClosedError, closed_period_override
from measures.models import FollowUp, MeasureReport
from reporting.past_reports import load_past_reports

pytestmark = pytest.mark.django_db


def closed_report() -> MeasureReport:
    return MeasureReport.objects.filter(period__region__code="rvm", period__month="2023-02-01")[0]


def test_direct_save_of_a_closed_month_is_refused(closed_period):
    r = closed_report()
    r.comment = "Ändrad i efterhand"
    with pytest.raises(PeriodClosedError, match="2023-02 är stängd"):
        r.save()
    r.refresh_from_db()
    assert r.comment != "Ändrad i efterhand"


def test_queryset_update_bulk_update_and_delete_are_refused(closed_period):
    qs = MeasureReport.objects.filter(period=closed_period)
    with pytest.raises(PeriodClosedError):
        qs.update(comment="x")
    r = closed_report()
    r.comment = "y"
    with pytest.raises(PeriodClosedError):
        MeasureReport.objects.bulk_update([r], ["comment"])
    with pytest.raises(PeriodClosedError), transaction.atomic():
        r.delete()
    with pytest.raises(PeriodClosedError), transaction.atomic():
        qs.delete()
    assert MeasureReport.objects.filter(pk=r.pk).exists()
    assert not MeasureReport.objects.filter(comment__in=["x", "y"]).exists()


def test_moving_a_report_into_or_out_of_a_closed_month_is_refused(closed_period, open_period):
    r = closed_report()
    r.period = open_period
    with pytest.raises(PeriodClosedError):
        r.save()


def test_new_report_in_a_closed_month_is_refused_but_allowed_in_an_open_one(
    closed_period, open_period
):
    r = closed_report()
    with pytest.raises(PeriodClosedError):
        MeasureReport.objects.bulk_create(
            [MeasureReport(measure=r.measure, period=closed_period, status="klar")]
        )
    created = MeasureReport.objects.create(measure=r.measure, period=open_period, status="klar")
    assert created.pk


def test_reading_of_a_closed_month_is_read_only(closed_period):
    reading = IndicatorReading.objects.filter(
        organisation__path__startswith="/rvm/", month=closed_period.month
    ).first()
    reading.value = D("1")
    with pytest.raises(PeriodClosedError):
        reading.save()
    with pytest.raises(PeriodClosedError):
        IndicatorReading.objects.filter(pk=reading.pk).update(value=D("2"))


def test_follow_up_dated_in_a_closed_month_is_refused(closed_period):
    decision = rvm_decision()
    with pytest.raises(PeriodClosedError):
        FollowUp.objects.create(
            decision=decision, date=dt.date(2023, 2, 20), status="pagar", text="För sent"
        )
    ok = FollowUp.objects.create(
        decision=decision, date=dt.date(2023, 3, 20), status="pagar", text="I tid"
    )
    assert ok.pk


def test_explicit_override_lets_administrator_level_code_through(closed_period):
    r = closed_report()
    r.comment = "Rättad av administratör"
    with closed_period_override():
        r.save()
    r.refresh_from_db()
    assert r.comment == "Rättad av administratör"
    assert r.history.first().comment == "Rättad av administratör"


def test_reopened_month_can_be_changed(closed_period):
    closed_period.state = PeriodState.OPEN
    closed_period.save()
    r = closed_report()
    r.comment = "Efter återöppning"
    r.save()
    assert MeasureReport.objects.filter(comment="Efter återöppning").exists()


def test_loaddata_of_a_closed_month_is_refused(closed_period, tmp_path):
    r = closed_report()
    path = tmp_path / "report.json"
    fixture = [
        {
            "model": "measures.measurereport",
            "pk": r.pk,
            "fields": {
                "measure": r.measure_id,
                "period": closed_period.pk,
                "status": "klar",
                "comment": "via loaddata",
                "version": 9,
                "updated_at": "2023-03-01T00:00:00Z",
            },
        }
    ]
    path.write_text(json.dumps(fixture), encoding="utf-8")
    with pytest.raises(PeriodClosedError):
        call_command("loaddata", str(path), verbosity=0)
    r.refresh_from_db()
    assert r.comment != "via loaddata"


def test_fixture_loader_writes_closed_history_and_stays_idempotent(closed_period):
    results = load_past_reports()
    assert all(result.changes == 0 for result in results.values())
    assert closed_period.measure_reports.count() > 0
    assert closed_period.state == PeriodState.CLOSED
