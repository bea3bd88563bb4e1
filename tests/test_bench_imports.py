"""The benchmark's readings files (bench.imports): in the import format, unique, deterministic,
and what the COPY/executemany limit writes is what the importer writes."""

import datetime as dt

import pytest
from django.db import connection

from bench import imports as bench
from indicators.models import IndicatorReading

FIRST = dt.date(2030, 1, 1)


@pytest.mark.django_db
def test_the_generated_file_imports_whole_and_the_limit_writes_the_same_rows(tmp_path):
    path = tmp_path / "utfall.csv"
    bench.write_readings_csv(path, FIRST, 700)
    again = tmp_path / "igen.csv"
    bench.write_readings_csv(again, FIRST, 700)
    assert path.read_bytes() == again.read_bytes()  # deterministic

    mark = bench.high_water()
    if connection.vendor == "postgresql":
        bench.time_copy(bench._database_rows(path))
    else:
        bench.time_executemany(bench._database_rows(path))
    fields = ("indicator_id", "organisation_id", "period_kind", "month", "value", "source")
    limit = set(IndicatorReading.objects.filter(pk__gt=mark[0]).values_list(*fields))
    assert len(limit) == 700
    bench.remove_run(mark)
    assert not IndicatorReading.objects.filter(pk__gt=mark[0]).exists()

    result = bench.import_file(path)
    assert result.n_created == result.rows == 700
    imported = set(IndicatorReading.objects.filter(pk__gt=mark[0]).values_list(*fields))
    assert imported == limit
    assert IndicatorReading.history.filter(history_id__gt=mark[1]).count() == 700


@pytest.mark.django_db
def test_keys_already_in_the_database_are_left_out(tmp_path):
    rows = list(bench.reading_rows(FIRST, 50))
    reading = IndicatorReading.objects.order_by("pk").first()
    reading.pk = None
    reading.indicator = IndicatorReading._meta.get_field("indicator").related_model.objects.get(
        code=rows[1][0]
    )
    reading.organisation = reading.organisation.__class__.objects.get(code=rows[1][1])
    reading.period_kind, reading.month = "month", dt.date.fromisoformat(rows[1][3] + "-01")
    reading.save()
    again = list(bench.reading_rows(FIRST, 50))
    assert len(again) == 50
    assert rows[1][:4] not in [r[:4] for r in again]
    assert len({tuple(r[:4]) for r in again}) == 50
