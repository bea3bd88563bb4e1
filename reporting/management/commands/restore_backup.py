"""Load a backup made with ``make backup`` (``dumpdata``) into an empty, migrated database.

``loaddata`` alone refuses the backup: the closed-month rule (``measures.locks``) guards raw
saves too, so the reports of closed months could not be written back. Restoring a whole
backup into an empty database is the administrator-level case the override exists for; the
command refuses a database that already holds organisations, so it never changes live data.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from measures.locks import closed_period_override
from measures.models import Organisation


class Command(BaseCommand):
    help = "Läser in en säkerhetskopia (från make backup) i en tom, migrerad databas."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="JSON-fil skriven av dumpdata (make backup)")

    def handle(self, *args, file: str, **options) -> None:
        if Organisation.objects.exists():
            raise CommandError(
                "Databasen är inte tom. Återläs bara i en ny databas som har migrerats."
            )
        with transaction.atomic(), closed_period_override():
            call_command("loaddata", file, verbosity=options["verbosity"])
