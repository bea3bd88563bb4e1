"""Importing indicator readings, Kolada's long format and large files
(reporting.imports.kinds.readings)."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from indicators.models import Indicator, IndicatorReading
from measures.models import Organisation
from reporting.imports.bulk import ReadingWriter
from reporting.imports.engine import RowProblem
from reporting.imports.export import export
from reporting.imports.kinds import readings as readings_module
from reporting.imports.kinds.readings import parse_period
from tests.import_files import csv_bytes, load, problems, xlsx

HEADER = ["Indikator", "Enhet", "Periodtyp", "Period", "Värde"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_imported_again_changes_nothing(admin_user, fmt):
    data = export("readings", fmt)
    data = data if fmt == "xlsx" else "".join(data).encode("utf-8")
    history = IndicatorReading.history.count()
    result = load(data, "readings", admin_user, name=f"utfall.{fmt}")
    assert result.ok, problems(result)
    assert result.n_unchanged == IndicatorReading.objects.count() > 100
    assert result.n_created == result.n_updated == 0
    assert IndicatorReading.history.count() == history


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("2023-02", None, ("month", dt.date(2023, 2, 1))),
        ("2023-02", "ytd", ("ytd", dt.date(2023, 2, 1))),
        ("Q1 2022", None, ("quarter", dt.date(2022, 3, 1))),
        ("T2 2023", "tertial", ("tertial", dt.date(2023, 8, 1))),
        ("H1 2023", None, ("half", dt.date(2023, 6, 1))),
        ("2023", None, ("year", dt.date(2023, 12, 1))),
        (2023, None, ("year", dt.date(2023, 12, 1))),
        ("jan–feb 2023", None, ("ytd", dt.date(2023, 2, 1))),
        ("jan 2023", None, ("ytd", dt.date(2023, 1, 1))),
        ("R12 2023-02", None, ("r12", dt.date(2023, 2, 1))),
        (dt.datetime(2023, 2, 1), None, ("month", dt.date(2023, 2, 1))),
    ],
)
def test_periods_as_reports_write_them(text, kind, expected):
    assert parse_period(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [("2023-13", None), ("Q5 2022", None), ("vår 2023", None), ("Q1 2022", "month")],
)
def test_bad_periods_are_refused(text, kind):
    with pytest.raises(RowProblem):
        parse_period(text, kind)


@pytest.mark.django_db
def test_kolada_long_format_with_gender_chosen(admin_user):
    indicator = Indicator.objects.get(code="vgr-medelvardtid-sjukhus")
    indicator.kolada_id = "U99999"
    indicator.save()
    rows = [
        ["kpi", "municipality", "period", "gender", "value"],
        ["U99999", "Västra Götalandsregionen", "2021", "T", "5.5"],
        ["U99999", "Västra Götalandsregionen", "2021", "K", "5.25"],
        ["U99999", "Västra Götalandsregionen", "2021", "M", "5.75"],
        ["U99999", "Västra Götalandsregionen", "2020", "K", ""],
    ]
    result = load(
        csv_bytes(rows, delimiter=",", bom=False),
        "readings",
        admin_user,
        name="kolada.csv",
        gender="K",
    )
    assert result.written, problems(result)
    assert result.created == {"utfall": 1}
    assert result.skipped == {"annat kön": 2, "tomt värde": 1}
    reading = IndicatorReading.objects.get(
        indicator=indicator, period_kind="year", month=dt.date(2021, 12, 1)
    )
    assert reading.value == Decimal("5.25")
    assert reading.source == "kolada.csv"
    assert reading.history.get().history_change_reason == "Import: kolada.csv"


@pytest.mark.django_db
def test_swedish_header_refuses_a_decimal_point(admin_user):
    rows = [HEADER, ["vgr-medelvardtid-sjukhus", "vgr", "År", "2019", "5.25"]]
    result = load(csv_bytes(rows), "readings", admin_user)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Värde")]
    assert "komma" in result.problems[0].message


@pytest.mark.django_db
def test_closed_period_refuses_changes_but_not_unchanged_rows(admin_user):
    reading = IndicatorReading.objects.filter(
        organisation__code="rvm-hsf", month=dt.date(2023, 2, 1)
    ).first()
    same = [
        reading.indicator.code,
        "rvm-hsf",
        reading.get_period_kind_display(),
        reading.period_label,
        str(reading.value).replace(".", ","),
    ]
    unchanged = load(xlsx([HEADER, same]), "readings", admin_user)
    assert unchanged.ok and unchanged.n_unchanged == 1
    changed = load(xlsx([HEADER, same[:4] + ["1"]]), "readings", admin_user)
    assert problems(changed) == [(2, "Värde", "Perioden 2023-02 är stängd.")]
    new = load(
        xlsx([HEADER, [reading.indicator.code, "rvm-hsf-akut", "Månad", "2023-02", "1"]]),
        "readings",
        admin_user,
    )
    assert problems(new) == [(2, "Period", "Perioden 2023-02 är stängd.")]
    value = reading.value
    reading.refresh_from_db()
    assert reading.value == value
    assert not IndicatorReading.objects.filter(
        organisation__code="rvm-hsf-akut", period_kind="month"
    ).exists()


@pytest.mark.django_db
def test_problems_are_reported_per_row(admin_user):
    rows = [
        HEADER,
        ["vgr-medelvardtid-sjukhus", "vgr", "År", "2019", "ej tillgänglig"],
        ["finns-inte", "vgr", "År", "2019", "1"],
        ["vgr-medelvardtid-sjukhus", "Hälso- och sjukvårdsförvaltningen", "År", "2019", "1"],
        ["vgr-medelvardtid-sjukhus", "vgr", "Kvartal", "2019", "1"],
        ["vgr-medelvardtid-sjukhus", "vgr", "År", "2019", "1,23456"],
        ["vgr-medelvardtid-sjukhus", "vgr", "År", "2018", "4"],
        ["vgr-medelvardtid-sjukhus", "vgr", "År", "2018", "4"],
    ]
    result = load(xlsx(rows), "readings", admin_user)
    got = {(p.row, p.column) for p in result.problems}
    assert got == {
        (2, "Värde"),
        (3, "Indikator"),
        (4, "Enhet"),
        (5, "Period"),
        (6, "Värde"),
        (8, ""),
    }
    assert "rvb-hsf, rvm-hsf" in next(p.message for p in result.problems if p.row == 4)
    assert not result.written
    assert not IndicatorReading.objects.filter(
        indicator__code="vgr-medelvardtid-sjukhus", month=dt.date(2018, 12, 1)
    ).exists()


def generated_readings(n_months: int, indicators: list[str], orgs: list[str]) -> bytes:
    out = io.StringIO()
    out.write("Indikator;Enhet;Periodtyp;Period;Värde\r\n")
    for code in indicators:
        for org in orgs:
            for i in range(n_months):
                year, month = 1990 + i // 12, i % 12 + 1
                out.write(f"{code};{org};Månad;{year}-{month:02d};{i},{len(org)}\r\n")
    return out.getvalue().encode("utf-8")


@pytest.mark.django_db
def test_twenty_thousand_rows_are_written_in_batches_and_once(admin_user, monkeypatch):
    indicators = list(
        Indicator.objects.filter(region__code="vgr")
        .order_by("code")
        .values_list("code", flat=True)[:5]
    )
    orgs = ["vgr-su", "vgr-nu", "vgr-sas", "vgr-skas"]
    data = generated_readings(1000, indicators, orgs)
    batches = []
    real = ReadingWriter.create

    def spy(self, rows):
        batches.append(len(rows))
        return real(self, rows)

    monkeypatch.setattr(ReadingWriter, "create", spy)
    before = IndicatorReading.objects.count()
    result = load(data, "readings", admin_user, name="stor.csv")
    assert result.written, problems(result)
    assert result.rows == 20_000 and result.created == {"utfall": 20_000}
    chunk = readings_module.ReadingsImporter.chunk_size
    assert batches == [chunk] * (20_000 // chunk)
    assert IndicatorReading.objects.count() == before + 20_000
    assert (
        IndicatorReading.history.filter(history_change_reason="Import: stor.csv").count() == 20_000
    )
    sample = IndicatorReading.objects.get(
        indicator__code=indicators[2],
        organisation__code="vgr-nu",
        period_kind="month",
        month=dt.date(1990 + 777 // 12, 777 % 12 + 1, 1),
    )
    assert sample.value == Decimal("777.6")
    assert sample.organisation == Organisation.objects.get(code="vgr-nu")
    batches.clear()
    again = load(data, "readings", admin_user, name="stor.csv")
    assert again.ok and again.n_unchanged == 20_000 and again.n_created == again.n_updated == 0
    assert batches == []
