"""Generated files thrown at every importer: a problem report by row or a clean import, never an
exception, and nothing half-written when there is a problem.

Each example starts from the product's own export of the kind (so many rows are valid and
clean imports happen too), then changes cells, headers and the file's form: generated text,
formulas, broken encodings, huge and odd numbers, impossible dates, missing and extra columns,
CSV with any delimiter or XLSX. Every example runs in its own savepoint, rolled back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from generated_input import PROPERTIES, dates, numbers, rolled_back, texts
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from reporting.imports.engine import run_import
from reporting.imports.export import export
from reporting.models import ImportBatch

pytestmark = pytest.mark.django_db

KINDS = ["measures", "reports", "readings", "decisions"]
WRITTEN = [
    "measures.Measure",
    "measures.Heading",
    "measures.PlannedSaving",
    "measures.MeasureReport",
    "measures.Decision",
    "measures.DecisionBody",
    "measures.FollowUp",
    "measures.ReportingPeriod",
    "indicators.IndicatorReading",
]


def counts() -> dict[str, int]:
    """Rows of every model an import writes, and of their history."""
    out = {}
    for label in WRITTEN:
        model = apps.get_model(label)
        out[label] = model.objects.count()
        if hasattr(model, "history"):
            out[label + ".history"] = model.history.count()
    return out


def exported_rows(kind: str) -> list[list[str]]:
    body = "".join(export(kind, "csv", unit="tkr"))
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


cells = st.one_of(
    texts,
    numbers,
    dates,
    st.sampled_from(
        [
            "=SUM(A1:A9)",
            '=HYPERLINK("http://x")',
            "@cmd",
            "+1",
            "-1",
            "rvm-hsf",
            "rvm",
            "2023-03",
            "2023-02",
            "Månad",
            "År",
            "Pågår",
            "Klar",
            "1e30",
            "1E+400",
            "-0",
            "0,00001",
        ]
    ),
)
NUMERIC = {"Värde", "Belopp", "Utfall", "Prognos"}
huge = st.sampled_from(
    [
        "9" * 40,
        "1 000 000 000 000 000 000 000 000 000",
        "-99999999999999999,99",
        "99 999 999 999 999,99",
        "12,345678",
        "1e30",
        "\u22123",
    ]
)
big_values = st.sampled_from([1e30, -1e30, 10**30, 2**63, 1.5e-7, 123456789012345.67])
xlsx_values = st.one_of(
    cells,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.booleans(),
)


@st.composite
def files(draw, kind: str, base: list[list[str]]):
    """A file derived from ``base`` (header + rows) with generated changes."""
    header = list(base[0])
    rows = [list(r) for r in base[1 : 1 + draw(st.integers(0, 4))]]
    xlsx = draw(st.booleans())
    value = xlsx_values if xlsx else cells
    for _ in range(draw(st.integers(0, 6))):
        if rows:
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, len(header) - 1))
            rows[r][c] = draw(value)
    numeric = [i for i, h in enumerate(header) if h.split(" (")[0] in NUMERIC]
    if rows and numeric and draw(st.booleans()):  # a generated number where numbers go
        rows[draw(st.integers(0, len(rows) - 1))][draw(st.sampled_from(numeric))] = draw(
            huge if not xlsx else st.one_of(huge, big_values)
        )
    if draw(st.booleans()):
        rows.append([draw(value) for _ in header])
    change = draw(st.sampled_from(["none", "drop", "extra", "rename", "double", "unit"]))
    if change == "drop":
        i = draw(st.integers(0, len(header) - 1))
        header.pop(i)
        rows = [r[:i] + r[i + 1 :] for r in rows]
    elif change == "extra":
        header.append(draw(texts))
        rows = [[*r, draw(value)] for r in rows]
    elif change == "rename":
        header[draw(st.integers(0, len(header) - 1))] = draw(texts)
    elif change == "double":
        header.append(header[0])
        rows = [[*r, r[0]] for r in rows]
    elif change == "unit":
        header = [
            h.replace("(tkr)", draw(st.sampled_from(["(mkr)", "(kr)", "(x)", ""]))) for h in header
        ]
    if draw(st.booleans()) and rows:
        r = draw(st.integers(0, len(rows) - 1))
        rows[r] = rows[r][: draw(st.integers(0, len(rows[r])))]  # a short row
    table = [header, *rows]
    if xlsx:
        book = Workbook()
        sheet = book.active
        for row in table:
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
        out = io.BytesIO()
        book.save(out)
        return "fil.xlsx", out.getvalue()
    buffer = io.StringIO()
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    csv.writer(buffer, delimiter=delimiter).writerows([[str(v) for v in r] for r in table])
    text = buffer.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # a broken byte somewhere
        at = draw(st.integers(0, max(0, len(data) - 1)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\x00", b"\xc3", b"\r"])) + data[at:]
    return "fil.csv", data


@pytest.mark.parametrize("kind", KINDS)
def test_importer_reports_problems_or_imports_whole(kind, admin_user):
    base = exported_rows(kind)

    @PROPERTIES
    @given(file=files(kind, base), unit=st.sampled_from([None, "kr", "tkr", "mkr"]))
    def run(file, unit):
        name, data = file
        with rolled_back():
            before = counts()
            result = run_import(
                stream=io.BytesIO(data),
                file_name=name,
                kind=kind,
                user=admin_user,
                dry_run=False,
                unit=unit,
                options={"gender": "T"},
            )
            if result.ok:
                assert result.written
            else:
                assert not result.written
                assert result.problems
                assert counts() == before, "a file with problems wrote something"
            for problem in result.problems:
                assert problem.message.strip()

    run()


def test_upload_preview_confirm_pages_with_generated_files(admin_client):
    bases = {kind: exported_rows(kind) for kind in KINDS}

    @PROPERTIES
    @given(data=st.data(), kind=st.sampled_from(KINDS))
    def run(data, kind):
        name, content = data.draw(files(kind, bases[kind]))
        with rolled_back():
            before = counts()
            response = admin_client.post(
                reverse("import_start"),
                {
                    "kind": kind,
                    "file": SimpleUploadedFile(name, content),
                    "unit": "",
                    "gender": "T",
                },
            )
            assert response.status_code in (200, 302)
            if response.status_code == 200:
                return
            assert counts() == before  # the preview is a dry run
            batch = ImportBatch.objects.latest("pk")
            assert (
                admin_client.get(reverse("import_preview", args=[batch.token])).status_code == 200
            )
            confirm = admin_client.post(reverse("import_confirm", args=[batch.token]))
            assert confirm.status_code == 302
            batch.refresh_from_db()
            if batch.state != ImportBatch.State.IMPORTED:
                assert counts() == before

    run()
