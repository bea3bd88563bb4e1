from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.past_reports import FixtureError, fixture_files, load_past_reports


class Command(BaseCommand):
    help = (
        "Läser in de tidigare rapporterna i fixtures/ (idempotent: en andra körning ändrar inget)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="*", help="YAML-filer (standard: alla i fixtures/)")

    def handle(self, *args, files: list[str], **options) -> None:
        paths = [Path(f) for f in files] or fixture_files()
        for p in paths:
            if not p.is_file():
                raise CommandError(f"Filen finns inte: {p}")
        try:
            results = load_past_reports(paths=paths)
        except FixtureError as exc:
            raise CommandError(str(exc)) from exc
        for name, result in results.items():
            self.stdout.write(f"{name}: {result.summary()}")
