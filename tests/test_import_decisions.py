"""Importing decisions and their follow-ups (reporting.imports.kinds.decisions)."""

import datetime as dt

import pytest

from measures.models import Decision, FollowUp
from reporting.imports.export import export
from tests.import_files import csv_bytes, load, problems, xlsx

HEADER = [
    "Region",
    "Organ",
    "Beslutsdatum",
    "Rubrik",
    "Diarienummer",
    "Återrapportdatum",
    "Rapporterande enhet",
    "Status",
    "Återrapport",
]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_imported_again_changes_nothing(admin_user, fmt):
    data = export("decisions", fmt)
    data = data if fmt == "xlsx" else "".join(data).encode("utf-8")
    history = Decision.history.count(), FollowUp.history.count()
    result = load(data, "decisions", admin_user, name=f"beslut.{fmt}")
    assert result.ok, problems(result)
    assert result.n_created == result.n_updated == 0
    assert result.unchanged == {
        "beslut": Decision.objects.count(),
        "återrapport": FollowUp.objects.count(),
    }
    assert (Decision.history.count(), FollowUp.history.count()) == history


@pytest.mark.django_db
def test_a_decision_with_two_follow_ups_then_a_corrected_file(admin_user):
    rows = [
        HEADER,
        [
            "vgr",
            "RS",
            "2025-03-04",
            "Nytt uppdrag",
            "RS 2025-1",
            "2025-04-01",
            "vgr-su",
            "Pågår",
            "Påbörjat.",
        ],
        [
            "vgr",
            "Regionstyrelsen",
            "2025-03-04",
            "Nytt uppdrag",
            "RS 2025-1",
            "2025-05-01",
            "Sahlgrenska universitetssjukhuset",
            "Klar",
            "Klart.",
        ],
    ]
    first = load(csv_bytes(rows), "decisions", admin_user, name="beslut.csv")
    assert first.written, problems(first)
    assert first.created == {"beslut": 1, "återrapport": 2}
    decision = Decision.objects.get(title="Nytt uppdrag")
    assert decision.body.short_name == "RS" and decision.reference == "RS 2025-1"
    assert list(decision.follow_ups.values_list("date", "status")) == [
        (dt.date(2025, 5, 1), "klar"),
        (dt.date(2025, 4, 1), "pagar"),
    ]
    rows[2][8] = "Klart och återrapporterat."
    again = load(csv_bytes(rows), "decisions", admin_user, name="beslut-2.csv")
    assert again.written and again.updated == {"återrapport": 1}
    assert again.unchanged == {"beslut": 1, "återrapport": 1}
    assert [c.fields for c in again.changes] == [
        [("återrapport", "Klart.", "Klart och återrapporterat.")]
    ]


@pytest.mark.django_db
def test_problems(admin_user):
    rows = [
        HEADER,
        ["vgr", "Okänt organ", "2025-03-04", "A", "", "", "", "", ""],
        ["vgr-su", "RS", "2025-03-04", "B", "", "", "", "", ""],
        ["vgr", "RS", "04/03/2025", "C", "", "", "", "", ""],
        ["vgr", "RS", "2025-03-04", "D", "x", "2025-04-01", "", "", "Text"],
        ["vgr", "RS", "2025-03-04", "E", "x", "", "", "", ""],
        ["vgr", "RS", "2025-03-04", "E", "y", "2025-04-01", "", "Klar", "Text"],
    ]
    result = load(xlsx(rows), "decisions", admin_user)
    got = [(p.row, p.column) for p in result.problems]
    assert got == [(2, "Organ"), (3, "Region"), (4, "Beslutsdatum"), (5, "Status"), (7, "")]
    assert not Decision.objects.filter(decided_on=dt.date(2025, 3, 4)).exists()


@pytest.mark.django_db
def test_a_long_file_name_fits_the_history_reason(admin_user):
    rows = [HEADER, ["vgr", "RS", "2025-03-04", "Långt namn", "", "", "", "", ""]]
    name = "beslut-" + "x" * 150 + ".xlsx"
    result = load(xlsx(rows), "decisions", admin_user, name=name)
    assert result.written, problems(result)
    reason = Decision.objects.get(title="Långt namn").history.get().history_change_reason
    assert reason == f"Import: {name}"[:100]
