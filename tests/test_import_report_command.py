"""manage.py import_report (reporting.management.commands.import_report)."""

import io

import pytest
from django.core.management import CommandError, call_command

from indicators.models import IndicatorReading
from tests.test_import_readings import generated_readings


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_dry_run_then_import_with_progress_on_a_large_file(tmp_path, admin_user):
    path = tmp_path / "utfall.csv"
    path.write_bytes(generated_readings(1000, ["vgr-medelvardtid-sjukhus"], ["vgr-su", "vgr-nu"]))
    before = IndicatorReading.objects.count()
    out, err = run(str(path), "--kind", "readings", "--dry-run")
    assert "2000 rader: 2000 nya, 0 ändrade" in out and "Torrkörning" in out
    assert IndicatorReading.objects.count() == before

    big = tmp_path / "stort.csv"
    big.write_bytes(
        generated_readings(
            1332,
            ["vgr-medelvardtid-sjukhus"],
            [
                "vgr-su",
                "vgr-nu",
                "vgr-sas",
                "vgr-skas",
                "vgr-siv",
                "vgr-kk",
                "vgr-narhalsan",
                "vgr",
            ],
        )
    )
    out, err = run(str(big), "--kind", "readings", "--user", admin_user.username)
    assert "Inläst." in out
    assert "100% 10656 rader" in err and "[" in err
    assert IndicatorReading.objects.count() > before
    reading = IndicatorReading.objects.filter(source="stort.csv").first()
    assert reading.history.get().history_user == admin_user


@pytest.mark.django_db
def test_problems_are_printed_and_the_command_fails(tmp_path, admin_user):
    path = tmp_path / "fel.csv"
    path.write_text("Indikator;Enhet;Period;Värde\nokänd;vgr;2020;1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 problem"):
        run(str(path), "--kind", "readings")


def test_a_missing_file_is_an_error():
    with pytest.raises(CommandError, match="finns inte"):
        run("/nonexistent.csv", "--kind", "readings")
