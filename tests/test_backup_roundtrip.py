"""Backup round trip: dump a database, restore it into an empty one, dump again.

Runs ``manage.py`` in subprocesses against two new databases of the engine the test run uses
(SQLite files, or PostgreSQL databases created and dropped here), exactly as the README's
"Säkerhetskopiering och återläsning" tells an operator to do it. The two dumps must be the
same and the board figures computed from each database must be identical, the audit trail
(django-simple-history tables) included.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

DUMP_ARGS = [
    "dumpdata",
    "--natural-foreign",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--exclude=measures.usersession",
    "--indent=1",
]
"""The flags of ``make backup`` (kept in step with the Makefile and the README)."""

ADD_MONTHLY_ENTRIES = r"""
import datetime as dt
from decimal import Decimal
from django.contrib.auth import get_user_model
from indicators.models import IndicatorReading
from measures.choices import FollowUpStatus, MeasureStatus
from measures.models import FollowUp, Measure, MeasureReport, Organisation, ReportingPeriod
user = get_user_model().objects.get(username="controller-rvm")
period = ReportingPeriod.objects.open().get(region__code="rvm")
for i, m in enumerate(Measure.objects.filter(organisation__path__startswith="/rvm/")[:3]):
    r = MeasureReport(measure=m, period=period, status=MeasureStatus.ON_TRACK,
                      realised=Decimal("1234567.89") * (i + 1), forecast=Decimal("-5.5"),
                      comment=f"Rad {i}: åäö <b>fet</b> \u2212 \u00e9", updated_by=user)
    r._history_user = user
    r.save()
reading = IndicatorReading.objects.filter(organisation__path__startswith="/rvm/").first()
new = IndicatorReading(indicator=reading.indicator, organisation=reading.organisation,
                       period_kind=reading.period_kind, month=period.month,
                       value=Decimal("12.3456"), comment="Ny månad", updated_by=user)
new._history_user = user
new.save()
"""

FIGURES = r"""
import datetime as dt, json
from indicators.scorecard import build_scorecard
from measures.models import Organisation
from reporting.board import build_board
from reporting import queries

def board(code, month=None):
    org = Organisation.objects.get(code=code)
    month = month or queries.default_month(org)
    b = build_board(org, month)
    return {
        "month": month.isoformat(),
        "years": [[r.year, str(r.planned), str(r.realised), str(r.forecast)] for r in b.savings.rows],
        "planned_total": str(b.savings.planned_total),
        "realised_total": str(b.savings.realised_total),
        "forecast_total": str(b.savings.forecast_total),
        "statuses": [[s.status, s.count] for s in b.statuses],
        "flagged": [[f.measure.pk, f.late, f.off_plan, str(f.planned)] for f in b.flagged],
        "indicators": [[r.indicator.code, r.outcome_text, str(r.verdict)] for r in b.indicator_rows],
        "decisions": [d.pk for d in b.all_decisions],
    }

rvm = Organisation.objects.get(code="rvm")
rvm_hsf = Organisation.objects.get(code="rvm-hsf")
card = build_scorecard(region=rvm, organisation=rvm_hsf, month=dt.date(2023, 2, 1))
print(json.dumps({
    "rvb-hsf": board("rvb-hsf"),
    "rvm-hsf": board("rvm-hsf"),
    "rvm-hsf-2023-02": board("rvm-hsf", dt.date(2023, 2, 1)),
    "scorecard": [[r.indicator.code, r.outcome_text, str(r.verdict), str(r.direction)]
                  for _, rows in card for r in rows],
}, sort_keys=True))
"""


class Databases:
    """New, empty databases of the test run's engine, removed afterwards."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.db = settings.DATABASES["default"]
        self.postgres = "postgresql" in self.db["ENGINE"]
        self.created: list[str] = []

    def new(self) -> str:
        name = f"uppf_backup_{uuid.uuid4().hex[:12]}"
        if not self.postgres:
            return f"sqlite:///{self.tmp_path / name}.sqlite3"
        self._admin(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        user, password = self.db.get("USER") or "postgres", self.db.get("PASSWORD") or ""
        host, port = self.db.get("HOST") or "127.0.0.1", self.db.get("PORT") or 5432
        auth = f"{user}:{password}" if password else user
        return f"postgres://{auth}@{host}:{port}/{name}"

    def _admin(self, sql: str) -> None:
        import psycopg2

        conn = psycopg2.connect(
            dbname="postgres",
            user=self.db.get("USER") or "postgres",
            password=self.db.get("PASSWORD") or None,
            host=self.db.get("HOST") or "127.0.0.1",
            port=self.db.get("PORT") or 5432,
        )
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
        finally:
            conn.close()

    def drop_all(self) -> None:
        for name in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def databases(tmp_path):
    dbs = Databases(tmp_path)
    yield dbs
    dbs.drop_all()


def run(url: str, *args: str) -> subprocess.CompletedProcess:
    """``manage.py`` with ``args`` against the database at ``url``, in its own process."""
    env = {**os.environ, "DATABASE_URL": url, "CONN_MAX_AGE": "0"}
    return subprocess.run(  # noqa: S603 - our own manage.py, a fixed argument list
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def manage(url: str, *args: str) -> str:
    done = run(url, *args)
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def figures(url: str) -> dict:
    """The board figures of ``url``'s database (the last line ``shell`` prints)."""
    return json.loads(manage(url, "shell", "-c", FIGURES).strip().splitlines()[-1])


def canonical(dump: str) -> str:
    """Django's JSON writes datetimes to the millisecond and drops a zero fraction only when
    the stored value has no microseconds at all: ``…:13.000Z`` (stored ``:13.000417``) is
    loaded as ``:13`` and dumped again as ``…:13Z``. Both stand for the same millisecond."""
    return re.sub(r'(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)"', r'\1\2"', dump)


def test_dump_restore_dump_is_identical_with_the_same_figures(databases, tmp_path):
    source = databases.new()
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "load_past_reports")
    manage(source, "create_demo_users")
    manage(source, "shell", "-c", ADD_MONTHLY_ENTRIES)
    first = tmp_path / "backup-1.json"
    manage(source, *DUMP_ARGS, f"--output={first}")
    figures_before = figures(source)

    target = databases.new()
    manage(target, "migrate", "--noinput", "-v0")
    manage(target, "restore_backup", str(first))
    second = tmp_path / "backup-2.json"
    manage(target, *DUMP_ARGS, f"--output={second}")
    figures_after = figures(target)

    dump_1, dump_2 = first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")
    assert canonical(dump_1) == canonical(dump_2)
    assert figures_after == figures_before

    # The dump is the whole product: figures, monthly entries, users and the audit trail.
    models = {obj["model"] for obj in json.loads(dump_1)}
    for model in (
        "measures.measurereport",
        "measures.historicalmeasurereport",
        "measures.historicalplannedsaving",
        "indicators.historicalindicatorreading",
        "measures.historicalfollowup",
        "measures.membership",
        "auth.user",
    ):
        assert model in models, model
    assert "Rad 0: åäö <b>fet</b>" in dump_1
    # The dashboard's figures for Västerbotten HSF: 213 + 163 + 152 = 528 mkr.
    years = {y: planned for y, planned, _r, _f in figures_before["rvb-hsf"]["years"]}
    assert [years[2020], years[2021], years[2022]] == [
        "213000000.00",
        "163000000.00",
        "152000000.00",
    ]
    assert figures_before["rvb-hsf"]["planned_total"] == "528000000.00"
    assert len(figures_before["scorecard"]) == 24


def test_restore_refuses_a_database_that_is_not_empty(databases, tmp_path):
    url = databases.new()
    manage(url, "migrate", "--noinput", "-v0")
    manage(
        url,
        "shell",
        "-c",
        "from measures.models import Organisation as O; "
        "O.objects.create(code='r', name='R', kind='region')",
    )
    dump = tmp_path / "backup.json"
    dump.write_text("[]", encoding="utf-8")
    done = run(url, "restore_backup", str(dump))
    assert done.returncode != 0
    assert "Databasen är inte tom" in done.stderr


def test_make_backup_uses_the_flags_tested_here():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("backup: venv") : makefile.index("restore: venv")]
    for flag in DUMP_ARGS[1:]:
        assert flag in recipe, flag
    assert "restore_backup" in makefile[makefile.index("restore: venv") :]
