"""The readings importer's fast paths (reporting.imports.kinds.readings, reporting.imports.bulk)
write exactly what a row-by-row import through ``save()`` would, all or nothing, with a bounded
preview and a number of queries that grows with the chunks, not the rows."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, IndicatorReading
from measures.models import Organisation
from reporting.imports import engine
from reporting.imports.bulk import ReadingWriter
from reporting.imports.kinds.readings import ReadingsImporter, parse_period
from reporting.imports.lookups import Indicators, Organisations
from tests.import_files import csv_bytes, load, problems, xlsx

HEADER = ["Indikator", "Enhet", "Periodtyp", "Period", "Värde", "Kommentar", "Källa"]
NAME = "snabb.csv"


def vgr_codes() -> tuple[list[str], list[str]]:
    indicators = list(
        Indicator.objects.filter(region__code="vgr").order_by("code").values_list("code", flat=True)
    )
    orgs = ["vgr-su", "vgr-nu", "vgr-sas", "vgr-skas"]
    return indicators, orgs


def new_rows(count: int, first_year: int = 1995) -> list[list]:
    """``count`` readings not in the fixtures: monthly, from ``first_year``."""
    indicators, orgs = vgr_codes()
    rows = []
    i = 0
    while len(rows) < count:
        code, org = indicators[i % len(indicators)], orgs[(i // len(indicators)) % len(orgs)]
        step = i // (len(indicators) * len(orgs))
        period = f"{first_year + step // 12}-{step % 12 + 1:02d}"
        rows.append([code, org, "Månad", period, f"{i % 997},{i % 10}", "", ""])
        i += 1
    return rows


def mixed_rows() -> list[list]:
    """New rows, rows that change a reading, unchanged rows, and rows that only the careful
    cell-by-cell path reads (names instead of codes, thousands spaces, quarters, Kolada ids)."""
    open_readings = list(
        IndicatorReading.objects.exclude(organisation__path__startswith="/rvm/")
        .filter(comment="")
        .exclude(source__contains=";")
        .select_related("indicator", "organisation")
        .order_by("pk")[:6]
    )
    rows = new_rows(40)
    for n, r in enumerate(open_readings):
        value = r.value + 1 if n % 2 else r.value  # every other one changed
        rows.append(
            [
                r.indicator.code,
                r.organisation.code,
                r.get_period_kind_display(),
                r.period_label,
                format(value.normalize(), "f").replace(".", ","),
                "ändrad kommentar" if n == 2 else r.comment,
                r.source,
            ]
        )
    indicator = Indicator.objects.filter(region__code="vgr").order_by("code").first()
    su = Organisation.objects.get(code="vgr-su")
    rows += [
        [indicator.name, su.name, "Kvartal", "Q1 1996", "1 234,5", "med kommentar", "egen källa"],
        [f" {indicator.code} ", "vgr-su", "", "H2 1996", "−3", "", ""],
        [indicator.code, "VGR-SU", "År", "1996", "+7,25", "", ""],
        [indicator.code, "vgr-su", "Ackumulerat i år", "jan–mar 1996", "0", "", ""],
    ]
    return rows


def reference_import(rows: list[list], user) -> None:
    """What the importer must write, one ``save()`` per row (history by django-simple-history)."""
    orgs, indicators = Organisations(), Indicators()
    reason = f"Import: {NAME}"
    for code, org_text, kind_text, period, value, comment, source in rows:
        org = orgs.get(org_text.strip(), "Enhet")
        indicator = indicators.get(code.strip(), "Indikator", orgs.region_of(org).pk)
        kind_cell = ReadingsImporter.columns[2].read(kind_text, {}) if kind_text else None
        kind, month = parse_period(period, kind_cell)
        number = Decimal(value.replace("−", "-").replace(" ", "").replace(",", "."))
        reading = IndicatorReading.objects.filter(
            indicator=indicator, organisation=org, period_kind=kind, month=month
        ).first()
        if reading is None:
            reading = IndicatorReading(
                indicator=indicator,
                organisation=org,
                period_kind=kind,
                month=month,
                source=source or NAME,
            )
        elif (reading.value, reading.comment, reading.source) == (number, comment, source):
            continue
        else:
            reading.source = source
        reading.value, reading.comment, reading.updated_by = number, comment, user
        reading._history_user, reading._change_reason = user, reason
        reading.save()


def state() -> tuple[Counter, Counter]:
    """Every reading and history row by natural key and content (no ids, no timestamps)."""
    readings = Counter(
        IndicatorReading.objects.values_list(
            "indicator_id",
            "organisation_id",
            "period_kind",
            "month",
            "value",
            "comment",
            "source",
            "updated_by_id",
        )
    )
    history = Counter(
        IndicatorReading.history.values_list(
            "indicator_id",
            "organisation_id",
            "period_kind",
            "month",
            "value",
            "comment",
            "source",
            "updated_by_id",
            "history_type",
            "history_user_id",
            "history_change_reason",
        )
    )
    return readings, history


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_fast_path_writes_what_a_row_by_row_import_writes(admin_user, fmt, monkeypatch):
    monkeypatch.setattr(ReadingsImporter, "chunk_size", 7)  # several chunks, one partly full
    thread = fmt == "xlsx"  # the writer thread on one of the two, whatever the database
    monkeypatch.setattr(ReadingsImporter, "write_in_thread", {connection.vendor: thread})
    rows = mixed_rows()
    before = state()
    with transaction.atomic():
        reference_import(rows, admin_user)
        expected = state()
        transaction.set_rollback(True)
    assert state() == before
    assert expected != before
    data = csv_bytes([HEADER, *rows]) if fmt == "csv" else xlsx([HEADER, *rows])
    result = load(data, "readings", admin_user, name=NAME)
    assert result.written, problems(result)
    assert (result.n_created, result.n_updated, result.n_unchanged) == (44, 4, 2)
    assert state() == expected


@pytest.mark.django_db
def test_one_changed_cell_is_one_change_and_one_history_row(admin_user):
    def data(rows):  # without Kommentar and Källa: those stay as they are
        return csv_bytes([HEADER[:5], *(row[:5] for row in rows)])

    assert load(data(new_rows(30)), "readings", admin_user, name=NAME).written
    rows = new_rows(30)
    old = Decimal(rows[17][4].replace(",", "."))
    rows[17][4] = "12345,6789"
    history = IndicatorReading.history.count()
    preview = load(data(rows), "readings", admin_user, name=NAME, dry_run=True)
    assert (preview.n_updated, preview.n_unchanged, preview.change_count) == (1, 29, 1)
    [change] = preview.changes
    assert (change.row, change.action) == (19, "updated")
    new = Decimal("12345.6789")
    assert change.fields == [("värde", engine.display(old), engine.display(new))]
    result = load(data(rows), "readings", admin_user, name=NAME)
    assert result.written and result.n_updated == 1
    [row] = IndicatorReading.history.filter(history_id__gt=0).order_by("-history_id")[:1]
    assert (row.history_type, row.value) == ("~", Decimal("12345.6789"))
    assert IndicatorReading.history.count() == history + 1


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_problem_in_the_last_chunk_writes_nothing(admin_user, fmt, monkeypatch):
    monkeypatch.setattr(ReadingsImporter, "chunk_size", 100)
    rows = new_rows(350)
    rows[-1][1] = "finns-inte"
    counts = (IndicatorReading.objects.count(), IndicatorReading.history.count())
    data = csv_bytes([HEADER, *rows]) if fmt == "csv" else xlsx([HEADER, *rows])
    result = load(data, "readings", admin_user, name=NAME)
    assert problems(result) == [(351, "Enhet", "Okänd organisation ”finns-inte”.")]
    assert not result.written
    assert (IndicatorReading.objects.count(), IndicatorReading.history.count()) == counts


@pytest.mark.django_db
@pytest.mark.parametrize("thread", [True, False])
def test_a_database_error_in_the_writer_writes_nothing(admin_user, monkeypatch, thread):
    monkeypatch.setattr(ReadingsImporter, "chunk_size", 100)
    monkeypatch.setattr(ReadingsImporter, "write_in_thread", {connection.vendor: thread})
    real = ReadingWriter.create
    calls = []

    def failing(self, rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise DatabaseError("simulerat fel")
        return real(self, rows)

    monkeypatch.setattr(ReadingWriter, "create", failing)
    counts = (IndicatorReading.objects.count(), IndicatorReading.history.count())
    result = load(csv_bytes([HEADER, *new_rows(450)]), "readings", admin_user, name=NAME)
    assert not result.written
    assert [p.message for p in result.problems] == ["Databasen avvisade filen: simulerat fel"]
    assert calls == [100, 100, 100]  # stopped at the failing chunk
    assert (IndicatorReading.objects.count(), IndicatorReading.history.count()) == counts


@pytest.mark.django_db
def test_duplicates_across_chunks_are_reported_with_their_first_row(admin_user, monkeypatch):
    monkeypatch.setattr(ReadingsImporter, "chunk_size", 10)
    rows = new_rows(25)
    rows.append(list(rows[3]))
    result = load(csv_bytes([HEADER, *rows]), "readings", admin_user, name=NAME)
    assert [(p.row, p.message) for p in result.problems] == [
        (27, "Dubblett: samma indikator, enhet och period finns redan på rad 5.")
    ]
    assert not result.written


@pytest.mark.django_db
def test_the_preview_keeps_a_bounded_sample_of_changes(admin_user, client, monkeypatch):
    monkeypatch.setattr(engine, "MAX_LISTED_CHANGES", 50)
    result = load(csv_bytes([HEADER, *new_rows(1200)]), "readings", admin_user, dry_run=True)
    assert result.ok and result.change_count == 1200
    assert len(result.changes) == 50 and result.more_changes == 1150
    assert [c.row for c in result.changes] == list(range(2, 52))
    assert len(engine.ImportResult.from_dict(result.to_dict()).changes) == 50


@pytest.mark.django_db
def test_the_preview_page_says_how_many_changes_it_leaves_out(admin_user, client):
    from reporting.imports.service import preview_upload

    client.force_login(admin_user)
    data = csv_bytes([HEADER, *new_rows(engine.MAX_LISTED_CHANGES + 34)])
    batch = preview_upload(
        data=data, file_name=NAME, kind="readings", unit=None, options={}, user=admin_user
    )
    html = client.get(reverse("import_preview", args=[batch.token])).content.decode()
    assert "… och 34 ändringar till, som inte visas här." in html
    assert html.count("<ins>") == 0 and html.count("Ny utfall") == engine.MAX_LISTED_CHANGES


def queries_for(rows: int, user) -> int:
    data = csv_bytes([HEADER, *new_rows(rows)])
    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx:
            result = load(data, "readings", user, name=NAME)
        assert result.written, problems(result)
        transaction.set_rollback(True)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_queries_grow_with_the_chunks_not_the_rows(admin_user, monkeypatch):
    monkeypatch.setattr(ReadingsImporter, "chunk_size", 5000)
    assert queries_for(100, admin_user) == queries_for(2000, admin_user)
    monkeypatch.setattr(ReadingsImporter, "chunk_size", 500)
    one, two, four = (queries_for(n, admin_user) for n in (500, 1000, 2000))
    per_chunk = two - one
    assert 0 < per_chunk <= 5
    assert four == one + 3 * per_chunk


@pytest.mark.django_db
def test_values_read_fast_are_the_values_read_carefully(admin_user):
    rows = [
        ["vgr-medelvardtid-sjukhus", "vgr-su", "Månad", "1997-01", "0,0001", "", ""],
        ["vgr-medelvardtid-sjukhus", "vgr-su", "Månad", "1997-02", "-12,5", "", ""],
        ["vgr-medelvardtid-sjukhus", "vgr-su", "Månad", "1997-03", "123456789012345", "", ""],
        ["vgr-medelvardtid-sjukhus", "vgr-su", "Månad", "1997-04", "1,23456", "", ""],
        ["vgr-medelvardtid-sjukhus", "vgr-su", "Månad", "1997-05", "12345678901234567", "", ""],
    ]
    result = load(csv_bytes([HEADER, *rows]), "readings", admin_user, name=NAME)
    assert [(p.row, p.column) for p in result.problems] == [(5, "Värde"), (6, "Värde")]
    assert [p.message for p in result.problems] == [
        "För många decimaler (högst 4).",
        "Talet är för stort.",
    ]
    result = load(csv_bytes([HEADER, *rows[:3]]), "readings", admin_user, name=NAME)
    assert result.written
    values = IndicatorReading.objects.filter(
        indicator__code="vgr-medelvardtid-sjukhus",
        organisation__code="vgr-su",
        month__range=(dt.date(1997, 1, 1), dt.date(1997, 3, 1)),
    ).order_by("month")
    assert [r.value for r in values] == [
        Decimal("0.0001"),
        Decimal("-12.5"),
        Decimal("123456789012345"),
    ]
