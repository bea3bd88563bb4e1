"""Importing monthly measure reports (reporting.imports.kinds.reports)."""

import datetime as dt
from decimal import Decimal

import pytest

from measures.choices import PeriodState
from measures.models import Measure, MeasureReport, ReportingPeriod
from reporting.imports.export import export
from tests.import_files import csv_bytes, load, problems, xlsx

PLAN = "rvm-hsf-forvaltningsplan-2023"
HEADER = ["Plan", "Beteckning", "Månad", "Status", "Utfall (tkr)", "Prognos (tkr)", "Kommentar"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_imported_again_changes_nothing(admin_user, fmt):
    data = export("reports", fmt)
    data = data if fmt == "xlsx" else "".join(data).encode("utf-8")
    history = MeasureReport.history.count(), Measure.history.count()
    result = load(data, "reports", admin_user, name=f"rapporter.{fmt}")
    assert result.ok, problems(result)
    assert result.n_created == result.n_updated == 0
    assert result.unchanged["månadsrapport för åtgärd"] == MeasureReport.objects.count() > 20
    assert (MeasureReport.history.count(), Measure.history.count()) == history


@pytest.mark.django_db
def test_a_new_month_creates_an_open_period_and_updates_the_measure_status(admin_user):
    rows = [HEADER, [PLAN, "A", "2023-03", "Försenad", "1 234,5", "−2 000", "+5 % mot plan"]]
    result = load(xlsx(rows), "reports", admin_user, name="mars.xlsx")
    assert result.written, problems(result)
    assert result.created == {"rapportperiod": 1, "månadsrapport för åtgärd": 1}
    assert result.updated == {"åtgärd": 1}
    period = ReportingPeriod.objects.get(region__code="rvm", month=dt.date(2023, 3, 1))
    assert period.state == PeriodState.OPEN
    report = MeasureReport.objects.get(measure__plan__code=PLAN, measure__code="A", period=period)
    assert (report.status, report.realised, report.forecast) == (
        "forsenad",
        Decimal("1234500.00"),
        Decimal("-2000000.00"),
    )
    assert report.comment == "+5 % mot plan"
    assert report.updated_by == admin_user
    assert Measure.objects.get(plan__code=PLAN, code="A").status == "forsenad"

    corrected = [HEADER, [PLAN, "A", "2023-03", "Försenad", "1 300", "−2 000", "Rättad."]]
    again = load(xlsx(corrected), "reports", admin_user, name="mars-rattad.xlsx")
    assert again.written and again.updated == {"månadsrapport för åtgärd": 1}
    report.refresh_from_db()
    assert report.realised == Decimal("1300000.00") and report.version == 2
    assert [h.history_change_reason for h in report.history.all()[:2]] == [
        "Import: mars-rattad.xlsx",
        "Import: mars.xlsx",
    ]


@pytest.mark.django_db
def test_a_change_in_a_closed_month_is_refused(admin_user):
    report = MeasureReport.objects.filter(measure__plan__code=PLAN, measure__code="B").get()
    assert report.period.state == PeriodState.CLOSED
    rows = [HEADER, [PLAN, "B", "2023-02", "Klar", "", "", report.comment]]
    result = load(csv_bytes(rows), "reports", admin_user)
    assert problems(result) == [(2, "", "Perioden 2023-02 är stängd.")]
    report.refresh_from_db()
    assert report.status != "klar"


@pytest.mark.django_db
def test_unknown_measure_missing_status_and_duplicates(admin_user):
    rows = [
        HEADER,
        [PLAN, "Ö9", "2023-03", "Pågår", "", "", ""],
        [PLAN, "A", "2023-03", "", "", "", ""],
        [PLAN, "A", "mars", "Pågår", "", "", ""],
        [PLAN, "C", "2023-04", "Pågår", "", "", ""],
        [PLAN, "C", "2023-04", "Klar", "", "", ""],
    ]
    result = load(csv_bytes(rows), "reports", admin_user)
    got = [(p.row, p.column) for p in result.problems]
    assert got == [(2, "Beteckning"), (3, "Status"), (4, "Månad"), (6, "")]
    assert not ReportingPeriod.objects.filter(month=dt.date(2023, 4, 1)).exists()
