"""Puts the bench_pages figures of counties of different sizes side by side: how each page's
p95 grows from the smallest county to the largest, and whether its query count differs (a
count that grows with the county is a query per row somewhere; one that differs either way
may also be a page measured on an object with other parts, a case without a plan say).

Reads only the JSON files it is given; it needs no database.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def size_label(size: int) -> str:
    """1000 → 1k, 100000 → 100k."""
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def combine(runs: list[dict]) -> dict:
    """The runs by size, and per page the p95 and queries at each size and the growth of the
    p95 from the smallest county to the largest (None when a page failed at either)."""
    runs = sorted(runs, key=lambda run: run["size"])
    smallest, largest = runs[0], runs[-1]
    pages = {}
    for name in smallest["pages"]:
        at = {run["size"]: run["pages"].get(name, {}) for run in runs}
        first, last = at[smallest["size"]].get("p95_ms"), at[largest["size"]].get("p95_ms")
        pages[name] = {
            "growth": round(last / first, 2) if first and last else None,
            "p95_ms": {str(size): page.get("p95_ms") for size, page in at.items()},
            "queries": {str(size): page.get("queries") for size, page in at.items()},
        }
    return {
        "sizes": [run["size"] for run in runs],
        "pages": pages,
        "runs": {str(run["size"]): run for run in runs},
    }


class Command(BaseCommand):
    help = "Combine bench_pages JSON files of several county sizes into one, with growth."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="JSON", help="bench_pages --json files.")
        parser.add_argument("--output", required=True, metavar="PATH", help="Combined JSON.")

    def handle(self, *args, files, output, **options):
        runs = [json.loads(Path(name).read_text(encoding="utf-8")) for name in files]
        if len({run["size"] for run in runs}) < 2:
            raise CommandError("Give the figures of at least two counties of different sizes.")
        combined = combine(runs)
        Path(output).write_text(
            json.dumps(combined, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        self._table(combined)
        self.stdout.write(f"Written to {output}")

    def _table(self, combined: dict) -> None:
        labels = [size_label(size) for size in combined["sizes"]]
        header = f"{'page':<20}" + "".join(f" {'p95 ' + label:>10}" for label in labels)
        header += f" {'growth':>7}" + "".join(f" {'queries ' + label:>13}" for label in labels)
        self.stdout.write(header)
        for name, page in combined["pages"].items():
            p95s = "".join(f" {_cell(value, '.1f'):>10}" for value in page["p95_ms"].values())
            queries = "".join(f" {_cell(value, 'd'):>13}" for value in page["queries"].values())
            line = f"{name:<20}{p95s} {_cell(page['growth'], '.2f'):>7}{queries}"
            if len(set(page["queries"].values())) > 1:
                line = self.style.WARNING(f"{line}  queries differ")
            self.stdout.write(line)


def _cell(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)
