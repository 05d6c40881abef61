"""`manage.py recompute_snapshots`: every partner's team figures, in one bulk pass."""

import time

from django.core.management.base import BaseCommand

from network import snapshots


class Command(BaseCommand):
    help = "Recompute the team snapshots (team size, active count, legs) of every partner."

    def handle(self, *args, **options):
        started = time.perf_counter()
        written = snapshots.recompute()
        self.stdout.write(
            f"Recomputed {written} team snapshots in {time.perf_counter() - started:.2f} s."
        )
