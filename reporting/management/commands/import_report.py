from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from measures.choices import AmountUnit
from reporting.imports.engine import run_import
from reporting.imports.kinds import IMPORTERS


class Command(BaseCommand):
    help = (
        "Läser in en Excel- eller CSV-fil (åtgärder, månadsrapporter, utfall, beslut): "
        "alla rader eller ingen. --dry-run visar vad som skulle hända utan att skriva."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="fil (.xlsx eller .csv)")
        parser.add_argument("--kind", required=True, choices=sorted(IMPORTERS))
        parser.add_argument("--dry-run", action="store_true", help="skriv ingenting")
        parser.add_argument("--unit", choices=AmountUnit.values, help="beloppens enhet")
        parser.add_argument("--gender", default="T", help="Kolada: kön att läsa in (T, K, M)")
        parser.add_argument("--user", help="användarnamn som står i historiken")

    def handle(self, *args, file: str, kind: str, dry_run: bool, unit, gender, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen finns inte: {path}")
        who = None
        if user:
            who = get_user_model().objects.filter(username=user).first()
            if who is None:
                raise CommandError(f"Okänd användare: {user}")
        size = path.stat().st_size

        with path.open("rb") as stream:

            def progress(rows: int) -> None:
                share = min(stream.tell() / size, 1.0) if path.suffix.lower() == ".csv" else None
                bar = f"[{'#' * int(share * 30):<30}] {share:4.0%} " if share is not None else ""
                self.stderr.write(f"\r{bar}{rows} rader", ending="")
                self.stderr.flush()

            result = run_import(
                stream=stream,
                file_name=path.name,
                kind=kind,
                user=who,
                dry_run=dry_run,
                unit=unit,
                options={"gender": gender},
                progress=progress,
            )
        self.stderr.write("")
        for p in result.problems:
            where = f"rad {p.row}" if p.row else "filen"
            column = f", kolumn {p.column}" if p.column else ""
            self.stdout.write(f"{where}{column}: {p.message}")
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(result.summary())
        if not result.ok:
            raise CommandError(f"Inget skrevs: {result.problem_count} problem i {path.name}.")
        self.stdout.write("Torrkörning: inget skrevs." if dry_run else "Inläst.")
