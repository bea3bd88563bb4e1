"""reporting/exports.py: text never becomes a formula; numbers stay numbers (parsed back)."""

import csv
import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from reporting.exports import safe_text, write_csv, write_xlsx

HOSTILE = ['=HYPERLINK("http://x.invalid","klick")', "+1+2", "-3+4", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_gets_an_apostrophe(text):
    assert safe_text(text) == "'" + text


def test_ordinary_text_is_unchanged():
    assert safe_text("Omstrukturering – 7,5 mkr") == "Omstrukturering – 7,5 mkr"
    assert safe_text(None) == ""


def test_csv_parsed_back():
    body = write_csv(
        ["Åtgärd", "Belopp (mkr)", "Datum"],
        [[t, D("-7.5"), dt.date(2023, 2, 1)] for t in HOSTILE],
    )
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Åtgärd", "Belopp (mkr)", "Datum"]
    for row, text in zip(rows[1:], HOSTILE, strict=True):
        assert row[0] == "'" + text
        assert row[1] == "-7,5"  # a number keeps its sign: it is no formula
        assert row[2] == "2023-02-01"


def test_xlsx_parsed_back_has_no_formula_cells():
    body = write_xlsx(["Åtgärd", "Belopp"], [[t, D("-174.1")] for t in HOSTILE], "Åtgärder")
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.title == "Åtgärder"
    assert [c.value for c in sheet[1]] == ["Åtgärd", "Belopp"]
    for row, text in zip(sheet.iter_rows(min_row=2), HOSTILE, strict=True):
        assert row[0].data_type == "s"
        assert row[0].value == text
        assert row[1].data_type == "n"
        assert row[1].value == pytest.approx(-174.1)
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)
