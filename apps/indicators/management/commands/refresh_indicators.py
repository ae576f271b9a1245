"""Recompute the indicators now, for the demo and by hand (the nightly task does the same)."""

import datetime
import re
import time

from django.core.management.base import BaseCommand, CommandError

from apps.indicators import compute

PERIOD = re.compile(r"^(\d{4})(?:-(VT|HT))?$")


def parse_period(text: str) -> compute.Period:
    """ "2026" is the calendar year, "2026-VT" its spring term, "2026-HT" its autumn term."""
    match = PERIOD.match(text.upper())
    if not match:
        raise CommandError(f"{text}: skriv ett år (2026) eller en termin (2026-VT, 2026-HT).")
    year, half = int(match[1]), match[2]
    if half is None:
        return compute.year(datetime.date(year, 1, 1))
    return compute.term(datetime.date(year, 1 if half == "VT" else 7, 1))


class Command(BaseCommand):
    help = "Räknar om indikatorerna (som standard innevarande och föregående termin och år)."

    def add_arguments(self, parser):
        parser.add_argument("periods", nargs="*", help="År (2026) eller termin (2026-VT, 2026-HT).")

    def handle(self, *args, periods, **options):
        chosen = [parse_period(text) for text in periods] or None
        started = time.perf_counter()
        stored = compute.refresh(chosen, by=None)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{stored} indikatorvärden beräknade på {seconds:.1f} s.")
