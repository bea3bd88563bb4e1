"""Round-trip exports and templates (reporting.imports.export)."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from measures.models import FollowUp, Measure
from reporting.imports.export import export, headers
from tests.import_files import load, problems

HOSTILE = ['=HYPERLINK("http://example.invalid","klicka")', "+1+1", "-2+3", "@SUM(A1)", "\tx"]


def csv_text(kind: str, **options) -> str:
    return "".join(export(kind, "csv", **options))


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_stays_text_and_round_trips(admin_user):
    measure = Measure.objects.filter(code="").first()
    follow_up = FollowUp.objects.first()
    measure.responsible, follow_up.text = HOSTILE[0], HOSTILE[1]
    measure.save()
    follow_up.save()

    data = export("measures", "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == HOSTILE[0]]
    assert cells and all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert f"'{HOSTILE[0]}".replace('"', '""') in csv_text("measures")
    assert f"'{HOSTILE[1]}" in csv_text("decisions")

    for kind, fmt in [("measures", "xlsx"), ("measures", "csv"), ("decisions", "csv")]:
        content = export(kind, fmt)
        content = content if fmt == "xlsx" else "".join(content).encode()
        result = load(content, kind, admin_user, name=f"x.{fmt}")
        assert result.ok and result.n_updated == result.n_created == 0, problems(result)


def test_csv_is_written_for_swedish_excel():
    text = "".join(export("readings", "csv", example=True))
    assert text.startswith("\ufeffIndikator;Enhet;Periodtyp;Period;Värde;Kommentar;Källa\r\n")
    assert ";87,5;" in text


@pytest.mark.parametrize("kind", ["measures", "reports", "readings", "decisions"])
def test_templates_have_swedish_headers_and_one_example_row(kind):
    sheet = load_workbook(io.BytesIO(export(kind, "xlsx", example=True))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == headers(kind, "mkr")
    assert len(rows) == 2


@pytest.mark.django_db
def test_amounts_are_exported_in_the_chosen_unit():
    assert ";Kostnadsreducering;3\r\n" in csv_text("measures", unit="mkr")
    assert ";Kostnadsreducering;3000\r\n" in csv_text("measures", unit="tkr")
    assert "Belopp (tkr)" in csv_text("measures", unit="tkr")


@pytest.mark.parametrize("text", HOSTILE)
def test_every_formula_start_is_escaped_in_csv_and_read_back(text):
    from reporting.imports.columns import text as read_text
    from reporting.imports.export import _csv_cell

    escaped = _csv_cell(text)
    assert escaped == "'" + text
    assert read_text(500)(escaped, {}) == text
