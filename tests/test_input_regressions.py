"""Inputs that once ended in a server error (found by the property-based and hostile-text
tests); each now gives a field error or a valid save."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from html_forms import post_form_data

from measures.fields import AmountField

pytestmark = pytest.mark.django_db


def test_reopening_with_a_long_reason_keeps_it_whole(admin_client, closed_period):
    """The history's change-reason column is 100 characters; a 2 000-character reason was a
    DataError (500) on PostgreSQL."""
    reason = "Rättelse av februari: " + "å" * 1978
    response = admin_client.post(
        reverse("period_reopen", args=[closed_period.pk]), {"reason": reason}
    )
    assert response.status_code == 302
    closed_period.refresh_from_db()
    assert not closed_period.is_closed
    assert closed_period.reopen_reason == reason
    record = closed_period.history.first()
    assert record.reopen_reason == reason
    assert len(record.history_change_reason) == 100
    assert record.history_change_reason.startswith("Återöppnad: Rättelse av februari: ååå")


def test_an_amount_too_large_for_decimal_in_mkr_is_a_field_error(controller_client, open_period):
    """10^20 mkr is 10^26 kronor: quantizing it to öre overflowed Decimal's 28 digits
    (InvalidOperation, a 500) on the monthly report and the measure form."""
    url = reverse("monthly_report", args=["rvm-hsf", "2023-03"])
    data = post_form_data(controller_client.get(url).content)
    data.update({"atgard-0-status": "pagar", "atgard-0-forecast": "100000027246147403776"})
    data["utkast"] = ""
    response = controller_client.post(url, data)
    assert response.status_code == 200
    assert "Talet är för stort." in response.content.decode()


def test_amount_field_refuses_an_overflowing_amount():
    field = AmountField(unit="mkr")
    with pytest.raises(ValidationError) as info:
        field.clean("9" * 30)
    assert info.value.messages == ["Talet är för stort."]
    assert field.clean("1 234,5") == Decimal("1234500000.00")


@pytest.mark.parametrize(
    ("kind", "header", "cells"),
    [
        (
            "readings",
            ["Indikator", "Enhet", "Periodtyp", "Period", "Värde"],
            ["x", "rvm", "År", "2022"],
        ),
        (
            "measures",
            ["Plan", "Åtgärd", "Enhet", "År", "Kategori", "Belopp (mkr)"],
            ["x", "A", "rvm", "2023", "Övrigt"],
        ),
    ],
)
@pytest.mark.parametrize("huge", [1e30, 10**30, "1 000 000 000 000 000 000 000 000 000"])
def test_a_number_too_large_for_decimal_in_a_file_is_a_row_problem(
    kind, header, cells, huge, admin_user
):
    """Quantizing 10^30 to four (or two) decimals overflowed Decimal's 28 digits: the
    InvalidOperation escaped run_import (a 500 on the upload page)."""
    from tests.import_files import load, xlsx

    result = load(xlsx([header, [*cells, huge]]), kind, admin_user)
    assert not result.written
    assert any("Talet är för stort." in p.message for p in result.problems)


@pytest.mark.parametrize("where", ["title", "plan"])
def test_a_nul_in_a_csv_row_is_a_problem_of_that_row(where, admin_user, admin_client):
    """A NUL byte in a data row of a CSV file reached PostgreSQL (in a text column, or in the
    preview's JSON through a problem message quoting the cell) and failed there (a 500)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from measures.models import Measure
    from tests.import_files import csv_bytes, load

    plan = (
        "\x00rvm-hsf-forvaltningsplan-2023" if where == "plan" else "rvm-hsf-forvaltningsplan-2023"
    )
    title = "Ny\x00 åtgärd" if where == "title" else "Ny åtgärd"
    data = csv_bytes([["Plan", "Åtgärd", "Enhet"], [plan, title, "rvm-hsf"]])
    before = Measure.objects.count()
    result = load(data, "measures", admin_user, name="fil.csv")
    assert not result.written
    assert [(p.row, p.message) for p in result.problems] == [
        (2, "Raden innehåller ett NUL-tecken: filen är skadad.")
    ]
    response = admin_client.post(
        reverse("import_start"),
        {
            "kind": "measures",
            "file": SimpleUploadedFile("fil.csv", data),
            "unit": "",
            "gender": "T",
        },
    )
    assert response.status_code == 302
    assert Measure.objects.count() == before


def test_a_readings_file_without_a_value_column_is_read_not_a_crash(db):
    """Found by the property tests once the fast reader came: it assumed a value column."""
    from reporting.imports.engine import run_import

    body = b"Indikator;Enhet;Period\nind-x;rvm-hsf;2023-02\n"
    result = run_import(
        stream=io.BytesIO(body), file_name="utfall.csv", kind="readings", user=None, dry_run=True
    )
    assert [p.message for p in result.problems] == []
    assert sum(result.skipped.values()) == 1  # the row has no value: skipped, as before
