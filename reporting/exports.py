"""A small formula-safe CSV and Excel writer, shared by every export of the product.

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) would
be run as a formula by a spreadsheet program; such text is prefixed with an apostrophe in CSV
and stored as a string cell in Excel. Numbers stay numbers: a negative Decimal is a number,
not text, so it keeps its minus sign in both formats.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def safe_text(value: object) -> str:
    """Text that no spreadsheet program reads as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: object) -> str:
    """A CSV field as Swedish Excel reads it: decimal comma, ISO dates, text made safe."""
    if is_number(value):
        return str(value).replace(".", ",")
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_text(value)


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, the form Swedish Excel opens directly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    """One sheet, bold header row; numbers as numbers, all text as string cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if is_number(value):
                cell.value = value
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            elif value is not None:
                # Assigning the text and then forcing the type keeps openpyxl from ever
                # treating a leading "=" as a formula.
                cell.value = str(value)
                cell.data_type = TYPE_STRING
            widths[c - 1] = min(60, max(widths[c - 1], len(str(value or ""))))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
