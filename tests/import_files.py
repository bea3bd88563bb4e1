"""Helpers for the import tests: build .xlsx and .csv files from rows, independently of the
product's own export code, and run an import."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from reporting.imports.engine import ImportResult, run_import


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ";", bom: bool = True) -> bytes:
    lines = [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def read_xlsx(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def edit_xlsx(data: bytes, cell: str, value) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    workbook.active[cell] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def load(
    data: bytes,
    kind: str,
    user,
    *,
    dry_run: bool = False,
    name: str = "fil.xlsx",
    unit: str | None = None,
    **options,
) -> ImportResult:
    return run_import(
        stream=io.BytesIO(data),
        file_name=name,
        kind=kind,
        user=user,
        dry_run=dry_run,
        unit=unit,
        options=options,
    )


def problems(result: ImportResult) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in result.problems]
