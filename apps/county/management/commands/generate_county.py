"""manage.py generate_county --children 100000 --seed 1: a county for the benchmark."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.cases.models import Child
from apps.county.generate import County


class Command(BaseCommand):
    help = "Fill an empty, migrated database with a generated county of the given size."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, children, seed, **options):
        if Child.objects.exists():
            raise CommandError("The database already holds children: generate into an empty one.")
        started = time.monotonic()
        with transaction.atomic():
            counts = County(children=children, seed=seed, stdout=self.stdout).run()
        if connection.vendor == "postgresql":
            # What autovacuum would do soon after such a load: statistics for the planner and
            # a visibility map, so that index-only scans need not visit the table.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label:48} {count:>10,}")
        self.stdout.write(f"Generated {children:,} children in {time.monotonic() - started:.0f} s.")
