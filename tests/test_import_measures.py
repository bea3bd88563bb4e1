"""Importing measures with planned savings (reporting.imports.kinds.measures)."""

from decimal import Decimal

import pytest

from measures.models import Measure, PlannedSaving
from reporting.imports.export import export
from tests.import_files import csv_bytes, edit_xlsx, load, problems, read_xlsx, xlsx

HEADER = ["Plan", "Rubrik", "Beteckning", "Åtgärd", "Enhet", "År", "Kategori", "Belopp (mkr)"]
PLAN = "rvb-omstallning-2019"


def saving_count():
    return PlannedSaving.objects.count(), PlannedSaving.history.count()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_imported_again_changes_nothing(admin_user, fmt):
    data = export("measures", fmt)
    data = data if fmt == "xlsx" else "".join(data).encode("utf-8")
    before = saving_count(), Measure.history.count()
    result = load(data, "measures", admin_user, name=f"atgarder.{fmt}")
    assert result.ok, problems(result)
    assert result.written
    assert result.n_created == result.n_updated == 0
    assert result.n_unchanged == Measure.objects.count() + PlannedSaving.objects.count()
    assert (saving_count(), Measure.history.count()) == before


@pytest.mark.django_db
def test_one_edited_cell_is_exactly_one_change_in_preview_and_history(admin_user):
    data = export("measures", "xlsx")
    rows = read_xlsx(data)
    amount_col = rows[0].index("Belopp (mkr)")
    index = next(i for i, r in enumerate(rows) if r[0] == PLAN and r[amount_col] == 3)
    letter = "ABCDEFGHIJ"[amount_col]
    edited = edit_xlsx(data, f"{letter}{index + 1}", "3,5")
    history_before = PlannedSaving.history.count()
    measure_history = Measure.history.count()

    preview = load(edited, "measures", admin_user, dry_run=True, name="rattad.xlsx")
    assert preview.ok and preview.change_count == 1
    change = preview.changes[0]
    assert change.row == index + 1
    assert change.fields == [("belopp (kr)", "3\u00a0000\u00a0000", "3\u00a0500\u00a0000")]
    assert PlannedSaving.history.count() == history_before  # the dry run wrote nothing

    result = load(edited, "measures", admin_user, name="rattad.xlsx")
    assert result.written and result.n_updated == 1
    new = PlannedSaving.history.order_by("-history_id")[
        : PlannedSaving.history.count() - history_before
    ]
    assert len(new) == 1
    assert new[0].amount == Decimal("3500000.00")
    assert new[0].history_change_reason == "Import: rattad.xlsx"
    assert new[0].history_user == admin_user
    assert PlannedSaving.objects.get(pk=new[0].id).amount == Decimal("3500000.00")
    assert Measure.history.count() == measure_history


@pytest.mark.django_db
def test_new_measure_with_savings_then_reimport_is_a_no_op(admin_user):
    rows = [
        HEADER,
        [PLAN, "", "X1", "Ny åtgärd", "rvb-hsf", 2021, "Personalkostnad", "1 234,5"],
        [PLAN, "", "X1", "Ny åtgärd", "rvb-hsf", 2022, "Personalkostnad", "−3"],
        [PLAN, "", "X1", "Ny åtgärd", "rvb-hsf", None, "Driftkostnad", "7,5"],
    ]
    data = csv_bytes(rows)
    first = load(data, "measures", admin_user, name="ny.csv")
    assert first.written, problems(first)
    assert first.created == {"åtgärd": 1, "planerad besparing": 3}
    measure = Measure.objects.get(plan__code=PLAN, code="X1")
    amounts = dict(measure.savings.values_list("year", "amount"))
    assert amounts == {
        2021: Decimal("1234500000.00"),
        2022: Decimal("-3000000.00"),
        None: Decimal("7500000.00"),
    }
    assert measure.history.first().history_change_reason == "Import: ny.csv"
    again = load(data, "measures", admin_user, name="ny.csv")
    assert again.written and again.n_created == again.n_updated == 0


@pytest.mark.django_db
def test_unit_chosen_on_upload_when_header_has_none(admin_user):
    rows = [
        HEADER[:-1] + ["Belopp"],
        [PLAN, "", "X2", "Åtgärd i tkr", "rvb-hsf", 2021, "Övrigt", "61 900"],
    ]
    missing = load(xlsx(rows), "measures", admin_user)
    assert not missing.ok and missing.problems[0].row == 1
    assert "enhet" in missing.problems[0].message
    result = load(xlsx(rows), "measures", admin_user, unit="tkr")
    assert result.written, problems(result)
    assert PlannedSaving.objects.get(measure__code="X2").amount == Decimal("61900000.00")


@pytest.mark.django_db
def test_bad_rows_are_listed_with_row_and_column_and_nothing_is_written(admin_user):
    rows = [
        HEADER,
        [PLAN, "", "Y1", "Bra rad", "rvb-hsf", 2021, "Övrigt", "1"],
        [PLAN, "", "Y2", "Okänd enhet", "finns-inte", 2021, "Övrigt", "1"],
        [PLAN, "", "Y3", "Text i tal", "rvb-hsf", 2021, "Övrigt", "tre"],
        [PLAN, "", "Y4", "Punkt som tusental", "okänd-enhet", 2021, "Övrigt", "1.234,5"],
        [PLAN, "", "Y1", "Bra rad", "rvb-hsf", 2021, "Övrigt", "1"],
        [PLAN, "", "Y5", "Fel kategori", "rvb-hsf", 2021, "Lön", "1"],
        [PLAN, "", "Y6", "Fel år", "rvb-hsf", 1850, "Övrigt", "1"],
    ]
    before = Measure.objects.count(), saving_count()
    result = load(csv_bytes(rows), "measures", admin_user, name="fel.csv")
    assert not result.written
    found = {(p.row, p.column) for p in result.problems}
    assert (3, "Enhet") in found
    assert (4, "Belopp (mkr)") in found
    assert (5, "Belopp (mkr)") in found
    assert (5, "Enhet") in found  # every problem of a row, not only the first
    assert any(p.row == 6 and "rad 2" in p.message for p in result.problems)
    assert (7, "Kategori") in found
    assert (4, "Enhet") not in found
    assert (8, "År") in found
    assert "Okänd organisation" in next(p.message for p in result.problems if p.row == 3)
    assert "komma" in next(p.message for p in result.problems if p.row == 5)
    assert (Measure.objects.count(), saving_count()) == before


@pytest.mark.django_db
def test_missing_and_unknown_columns(admin_user):
    rows = [["Plan", "Åtgärden", "Enhet"], [PLAN, "X", "rvb-hsf"]]
    result = load(xlsx(rows), "measures", admin_user)
    assert problems(result) == [(1, "Åtgärd", "Kolumnen ”Åtgärd” saknas.")]
    assert any("Åtgärden" in n for n in result.notes)


@pytest.mark.django_db
def test_conflicting_rows_for_one_measure_are_refused(admin_user):
    rows = [
        HEADER,
        [PLAN, "", "Z1", "Åtgärd", "rvb-hsf", 2021, "Övrigt", "1"],
        [PLAN, "", "Z1", "Åtgärd", "rvb", 2022, "Övrigt", "1"],
    ]
    result = load(xlsx(rows), "measures", admin_user)
    assert [(p.row, "rad 2" in p.message) for p in result.problems] == [(3, True)]
    assert not Measure.objects.filter(code="Z1").exists()
