"""Times the key pages of Tillsammans on the county in the database (DATABASE_URL), as their
real users, through the whole middleware stack, and looks for sequential scans of the tables
that grow with the county. See apps/county/bench.py for how pages and people are chosen.

It changes nothing: everything runs in a transaction that is rolled back. A page that does not
answer 200, or that the county has nothing to measure with, fails the command (after the table
and the JSON are written), so a benchmark run can never hide a broken page.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.county import bench

# Django's test client asks for this host.
CLIENT_HOST = "testserver"


class Command(BaseCommand):
    help = "Time the key pages on the county in the database; report scans of growing tables."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="Timed requests a page (30).")
        parser.add_argument(
            "--pdf-runs", type=int, default=5, help="Timed requests of the SIP PDF (5)."
        )
        parser.add_argument(
            "--warmups", type=int, default=3, help="Untimed requests before timing (3)."
        )
        parser.add_argument(
            "--json", dest="json_path", metavar="PATH", help="Also write the figures as JSON."
        )
        parser.add_argument(
            "--profile",
            metavar="PAGE",
            choices=bench.PAGES,
            help="Instead of timing, profile --runs requests of this page with cProfile.",
        )
        parser.add_argument(
            "--sort", default="cumulative", help="How --profile sorts (pstats: cumulative)."
        )
        parser.add_argument(
            "--lines", type=int, default=60, help="Rows of the --profile table (60)."
        )

    def handle(self, *args, runs, pdf_runs, warmups, json_path, verbosity, **options):
        if runs < 1 or pdf_runs < 1 or warmups < 0:
            raise CommandError("--runs and --pdf-runs must be at least 1, --warmups at least 0.")
        if CLIENT_HOST not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, CLIENT_HOST]
        if options["profile"]:
            self.stdout.write(
                bench.profile(
                    options["profile"],
                    runs=runs,
                    warmups=warmups,
                    sort=options["sort"],
                    lines=options["lines"],
                )
            )
            return
        self.stdout.write("Who and what each page is measured with:")
        result = bench.run(runs=runs, heavy_runs=pdf_runs, warmups=warmups, on_chosen=self._chosen)
        self.stdout.write(
            f"\nCounty of {result.size} children, p50/p95 over {runs} requests "
            f"({min(runs, pdf_runs)} of the PDF):"
        )
        self._table(result)
        if verbosity > 1:
            self._scanning_queries(result)
        if json_path:
            Path(json_path).write_text(_as_json(result.as_json()), encoding="utf-8")
            self.stdout.write(f"Written to {json_path}")
        if result.errors:
            for name, error in result.errors.items():
                self.stderr.write(self.style.ERROR(f"{name}: {error}"))
            raise CommandError(f"{len(result.errors)} of {len(result.pages)} pages failed.")

    def _chosen(self, name: str, page: bench.Page | None, missing: str) -> None:
        if page is None:
            self.stdout.write(self.style.ERROR(f"  {name:<20} nothing to measure: {missing}"))
        else:
            self.stdout.write(f"  {name:<20} {page.url}\n  {'':<20} {page.chosen}")

    def _table(self, result: bench.Result) -> None:
        header = f"{'page':<20} {'p50 ms':>8} {'p95 ms':>8} {'×base':>6} {'queries':>7}"
        self.stdout.write(f"{header} {'KB':>7} {'status':>6}  seq scans of growing tables")
        for name, figures in result.pages.items():
            if figures.queries is None:
                self.stdout.write(self.style.ERROR(f"{name:<20} {figures.error}"))
                continue
            ratio = "-" if figures.ratio_to_baseline is None else f"{figures.ratio_to_baseline:.1f}"
            line = (
                f"{name:<20} {figures.p50_ms:>8.1f} {figures.p95_ms:>8.1f} {ratio:>6} "
                f"{figures.queries:>7} {figures.kb:>7.1f} {figures.status:>6}  "
                f"{', '.join(figures.seq_scans)}"
            )
            if figures.error:
                line = self.style.ERROR(line)
            elif figures.seq_scans:
                line = self.style.WARNING(line)
            self.stdout.write(line)

    def _scanning_queries(self, result: bench.Result) -> None:
        for name, figures in result.pages.items():
            for sql, tables in figures.scanning_queries.items():
                self.stdout.write(f"\n{name}: Seq Scan on {', '.join(tables)} in\n  {sql}")


def _as_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
