"""Small helpers shared by the test modules (users and fixtures are in conftest.py)."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from measures.choices import BodyKind
from measures.models import Decision, DecisionBody, Organisation, ReportingPeriod

AUDITED = [
    "measures.MeasureReport",
    "measures.FollowUp",
    "measures.Measure",
    "measures.PlannedSaving",
    "measures.OrganisationReport",
    "measures.ReportingPeriod",
    "indicators.IndicatorReading",
]


def snapshot() -> dict:
    """Row counts of every written model and its history, and every period's state."""
    counts = {}
    for label in AUDITED:
        model = apps.get_model(label)
        counts[label] = model.objects.count()
        counts[label + ".history"] = model.history.count()
    counts["periods"] = sorted(ReportingPeriod.objects.values_list("pk", "state", "reopen_reason"))
    return counts


def rvm_decision() -> Decision:
    """A board decision of Region Västmanland addressed to its HSF (rvm-hsf)."""
    region = Organisation.objects.get(code="rvm")
    body, _ = DecisionBody.objects.get_or_create(
        region=region, name="Regionstyrelsen", defaults={"kind": BodyKind.BOARD}
    )
    decision, _ = Decision.objects.get_or_create(
        body=body,
        decided_on=dt.date(2023, 1, 24),
        title="Åtgärder för ekonomi i balans",
        defaults={"text": "HSF ska återrapportera varje månad."},
    )
    decision.addressees.set([Organisation.objects.get(code="rvm-hsf")])
    return decision
