"""The fixture loader: idempotent, atomic, with history, and clear errors."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from measures.models import Measure, Organisation, PlannedSaving
from reporting.past_reports import FixtureError, fixture_files, load_file, load_past_reports

pytestmark = pytest.mark.django_db


def test_all_five_sources_have_a_fixture():
    names = [p.name for p in fixture_files()]
    assert [n[:3] for n in names] == ["000", "001", "002", "003", "004"]


def test_loading_again_changes_nothing():
    before = PlannedSaving.history.count()
    results = load_past_reports()
    assert {name: r.changes for name, r in results.items()} == dict.fromkeys(results, 0)
    assert PlannedSaving.history.count() == before


def test_command_reports_per_file(capsys):
    call_command("load_past_reports")
    out = capsys.readouterr().out
    assert "001_vasterbotten_omstallning_2019.yaml: 0 skapade, 0 ändrade" in out


def test_a_corrected_file_updates_in_place_with_history(tmp_path):
    source = next(p for p in fixture_files() if p.name.startswith("001"))
    text = source.read_text(encoding="utf-8")
    assert text.count('amount: "86"') == 1
    corrected = tmp_path / source.name
    corrected.write_text(text.replace('amount: "86"', 'amount: "87"'), encoding="utf-8")
    measures_before = Measure.objects.count()
    result = load_file(path=corrected)
    assert result.changes == 1 and dict(result.updated) == {"plannedsaving": 1}
    saving = PlannedSaving.objects.get(amount=87_000_000)
    record = saving.history.first()
    assert record.history_type == "~" and record.history_change_reason == f"Import: {source.name}"
    assert record.prev_record.amount == 86_000_000
    assert Measure.objects.count() == measures_before


def test_a_broken_file_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "source: x\nregion: brk\norganisations:\n  - {code: brk, name: Trasig, kind: region}\n"
        "plans:\n  - {code: brk-plan, owner: finns-inte, title: P, first_year: 2020, last_year: 2021}\n",
        encoding="utf-8",
    )
    with pytest.raises(FixtureError, match="okänd organisation 'finns-inte'"):
        load_file(path=bad)
    assert not Organisation.objects.filter(code="brk").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("region: [", "ogiltig YAML"),
        ("- just a list", "saknar 'region'"),
        ("region: rvb\nplans:\n  - {code: x, owner: rvb}\n", "fält saknas"),
        (
            "region: rvb\nplans:\n  - {code: x, owner: rvb, title: T, first_year: 2020, last_year: 2021,"
            " headings: [{title: H, measures: [{title: M, organisation: rvb, savings: {unit: mkr, rows:"
            " [{year: 2020, category: driftkostnad, amount: 'NaN'}]}}]}]}\n",
            "inget ändligt tal",
        ),
    ],
)
def test_bad_files_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FixtureError, match=message):
        load_file(path=path)


def test_command_refuses_missing_file():
    with pytest.raises(CommandError, match="finns inte"):
        call_command("load_past_reports", str(Path("/nonexistent.yaml")))
