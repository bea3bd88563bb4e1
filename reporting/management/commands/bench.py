"""manage.py bench: the national-scale benchmark (BENCHMARKS.md).

Writes generated data into the configured database, so it refuses a database that already
holds data; ``make bench`` points DATABASE_URL at a fresh, dedicated bench database.
"""

from __future__ import annotations

import pathlib

from django.core.management.base import BaseCommand, CommandError

from bench import generate
from bench.run import run, run_pages


class Command(BaseCommand):
    help = "Mät sidor och import mot databasens egen gräns i nationell skala (BENCHMARKS.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1.0 = ärendets storlekar; 0.01 i CI"
        )
        parser.add_argument("--runs", type=int, default=5, help="upprepningar per mätning")
        parser.add_argument("--json", type=pathlib.Path, help="skriv resultatet som JSON hit")
        parser.add_argument(
            "--page-runs",
            type=int,
            default=41,
            help="upprepningar per sidmätning (sidorna tar millisekunder; importerna sekunder)",
        )
        parser.add_argument(
            "--check", action="store_true", help="avsluta med fel om något mål inte håller"
        )
        parser.add_argument(
            "--pages-only",
            action="store_true",
            help="mät bara sidorna igen, i en databas som en hel körning redan har fyllt",
        )

    def handle(self, *args, scale, runs, page_runs, json, check, pages_only, **options):
        log = self.stdout.write
        if pages_only:
            if not generate.has_bench_data():
                raise CommandError("Databasen saknar benchmarkdata: kör först `make bench-sqlite`.")
            result = run_pages(runs=page_runs, json_path=json, log=log)
        elif generate.has_data():
            raise CommandError(
                "Databasen innehåller redan data. Kör mot en tom databas, t.ex. `make bench`, "
                "som skapar en egen benchmark-databas."
            )
        else:
            result = run(scale=scale, runs=runs, page_runs=page_runs, json_path=json, log=log)
        if check and not result["passed"]:
            failed = [r["what"] for r in result["rows"] if not r["passed"]]
            raise CommandError("Mål som inte håller: " + "; ".join(failed))
