"""Read an uploaded spreadsheet (.xlsx or .csv) as a header and a stream of numbered rows.

Rows are numbered as Excel numbers them: the header is row 1. Nothing here holds the whole file:
CSV is read record by record, XLSX through openpyxl's read-only (streaming) mode.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = (";", ",", "\t")


class NotASpreadsheet(ValueError):
    """The file is neither an Excel workbook nor a UTF-8 CSV file; the message is Swedish."""


class BrokenRow(ValueError):
    """The file breaks off in a row that cannot be read; carries the row number."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row


@dataclass
class Table:
    """The header (row ``header_row``) and an iterator of ``(row number, cells)``."""

    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Any]]]


def _blank(cells: list[Any]) -> bool:
    if cells and type(cells[0]) is str and cells[0] and not cells[0][0].isspace():
        return False  # the usual row, decided by its first cell
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def open_table(stream: IO[bytes]) -> Table:
    """Open ``stream`` (binary, seekable) as a table; raise NotASpreadsheet if it is none."""
    start = stream.read(4)
    stream.seek(0)
    if not start:
        raise NotASpreadsheet(_("Filen är tom."))
    if start == XLSX_MAGIC:
        return _open_xlsx(stream)
    return _open_csv(stream)


def _open_xlsx(stream: IO[bytes]) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise NotASpreadsheet(_("Filen går inte att läsa som Excel-arbetsbok (.xlsx).")) from exc
    sheet = workbook.worksheets[0]
    rows = ((n, list(cells)) for n, cells in enumerate(sheet.iter_rows(values_only=True), 1))
    return _split_header(rows, close=workbook.close)


def _open_csv(stream: IO[bytes]) -> Table:
    not_csv = _("Filen är varken en Excel-arbetsbok (.xlsx) eller en CSV-fil i UTF-8.")
    first_line = stream.read(65536).split(b"\n", 1)[0]
    stream.seek(0)
    try:
        first = codecs.getincrementaldecoder("utf-8-sig")().decode(first_line, final=False)
    except UnicodeDecodeError as exc:
        raise NotASpreadsheet(not_csv) from exc
    if "\x00" in first:
        raise NotASpreadsheet(not_csv)
    counts = {d: first.count(d) for d in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        delimiter = ";"
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)

    def numbered() -> Iterator[tuple[int, list[Any]]]:
        # Excel shows a quoted field with line breaks in one row: count records, not lines.
        n = 0
        try:
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except (csv.Error, UnicodeDecodeError) as exc:
                    message = _("Raden går inte att läsa: %(error)s") % {"error": exc}
                    raise BrokenRow(n + 1, message) from exc
                n += 1
                if any("\x00" in cell for cell in record):
                    # No text column takes a NUL (PostgreSQL refuses it, even in JSON): a
                    # NUL in a CSV file means the file is damaged or not text at all.
                    raise BrokenRow(n, _("Raden innehåller ett NUL-tecken: filen är skadad."))
                yield n, record
        finally:
            if not stream.closed:
                text.detach()  # the caller owns the stream: leave it open

    return _split_header(numbered())


def _split_header(rows: Iterator[tuple[int, list[Any]]], close=None) -> Table:
    for number, cells in rows:
        if not _blank(cells):
            header = [("" if c is None else str(c)).strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            return Table(header=header, header_row=number, rows=_data_rows(rows, close))
    if close:
        close()
    raise NotASpreadsheet(_("Filen innehåller inga rader."))


def _data_rows(rows: Iterator[tuple[int, list[Any]]], close) -> Iterator[tuple[int, list[Any]]]:
    try:
        for number, cells in rows:
            if not _blank(cells):
                yield number, cells
    finally:
        if close:
            close()
