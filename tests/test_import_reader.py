"""Reading uploaded files, and files that are not what they claim (reporting.imports.reader)."""

import io
import os
import random

import pytest

from measures.models import Measure, PlannedSaving
from reporting.imports.reader import NotASpreadsheet, open_table
from tests.import_files import csv_bytes, load, problems, xlsx

ROWS = [
    ["Plan", "Åtgärd", "Enhet"],
    ["p", "Åtgärd; med semikolon", "e"],
    [None, None, None],
    ["p", "två", "e"],
]


def table_rows(data: bytes):
    table = open_table(io.BytesIO(data))
    return table.header, list(table.rows)


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_either_delimiter_and_with_or_without_bom(delimiter, bom):
    text = f'Plan{delimiter}Åtgärd{delimiter}Enhet\r\np{delimiter}"a{delimiter} b"{delimiter}e\r\n'
    data = ("\ufeff" if bom else "").encode() + text.encode()
    header, rows = table_rows(data)
    assert header == ["Plan", "Åtgärd", "Enhet"]
    assert rows == [(2, ["p", f"a{delimiter} b", "e"])]


def test_rows_are_numbered_as_excel_numbers_them_and_blank_rows_skipped():
    header, rows = table_rows(xlsx(ROWS))
    assert [n for n, _ in rows] == [2, 4]
    header, rows = table_rows(csv_bytes(ROWS))
    assert [n for n, _ in rows] == [2, 4]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "tom"),
        (b"\n\n;;\n", "inga rader"),
        (b"PK\x03\x04not really a zip", "Excel"),
        ("Plan;Åtgärd\n".encode("utf-16"), "UTF-8"),
        (b"\x00\x01\x02\x03binary", "UTF-8"),
    ],
)
def test_files_that_are_not_spreadsheets(data, message):
    with pytest.raises(NotASpreadsheet, match=message):
        open_table(io.BytesIO(data))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["measures", "reports", "readings", "decisions"])
def test_ten_megabytes_of_nonsense_is_refused_and_writes_nothing(admin_user, kind):
    rng = random.Random(5)
    binary = rng.randbytes(10 * 1024 * 1024)
    words = "".join(rng.choice('abcdefghij ;,\n"') for _ in range(200_000)) * 52
    before = Measure.objects.count(), PlannedSaving.objects.count()
    for data in (binary, words.encode()):
        result = load(data, kind, admin_user, name="skräp.csv")
        assert not result.ok and not result.written
        assert result.problems[0].row in (None, 1)
    assert (Measure.objects.count(), PlannedSaving.objects.count()) == before


@pytest.mark.django_db
def test_an_empty_file_and_a_header_without_rows(admin_user):
    empty = load(b"", "measures", admin_user)
    assert problems(empty) == [(None, "", "Filen är tom.")]
    header_only = load(csv_bytes([["Plan", "Åtgärd", "Enhet"]]), "measures", admin_user)
    assert problems(header_only) == [(None, "", "Filen har rubriker men inga rader.")]


@pytest.mark.django_db
def test_a_csv_line_too_long_to_read_is_reported_by_row(admin_user):
    data = csv_bytes([["Plan", "Åtgärd", "Enhet"], ["p", "x" * 200_000, "e"]])
    result = load(data, "measures", admin_user)
    assert [p.row for p in result.problems] == [2]


def test_a_file_on_disk_is_read_in_a_stream(tmp_path):
    path = tmp_path / "stor.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("Plan;Åtgärd;Enhet\n")
        for i in range(50_000):
            out.write(f"p;{i};e\n")
    with path.open("rb") as stream:
        table = open_table(stream)
        first = next(table.rows)
        assert first == (2, ["p", "0", "e"])
        assert stream.tell() < os.path.getsize(path) / 2  # not read to the end


def test_seen_keys_find_duplicates_across_merges():
    from reporting.imports.engine import SeenKeys

    seen = SeenKeys()
    seen.MERGE_AT, seen.RUN = 100, 400
    assert all(seen.add(("k", i), i + 2) is None for i in range(1000))
    assert sum(hashes.size for hashes, _rows in seen.runs) >= 900
    assert max(hashes.size for hashes, _rows in seen.runs) <= 400  # never one big array
    assert seen.add(("k", 5), 2000) == 7
    assert seen.add(("k", 999), 2001) == 1001
    assert seen.add(("k", 1000), 2002) is None
    chunk = [("k", 3), ("k", 5000), ("k", 5000), ("k", 1000)]
    assert seen.add_many(chunk, [3000, 3001, 3002, 3003]) == [5, None, 3001, 2002]
