"""`manage.py import_partners partners.csv`: a company's existing network, all or nothing.

Every bad row is reported on stderr, one line each naming the file and the line, and the
command exits with status 2 having imported nothing. On success the team snapshots are
recomputed at once.
"""

import time

from django.core.management.base import BaseCommand

from network import snapshots
from network.management.csv_import import run_import
from network.partners_import import ImportFailed, analyze, import_partners


class Command(BaseCommand):
    help = "Import partners from a partners.csv file: every row, or none when any is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", help="partners.csv: id,sponsor_id,placement_parent_id,"
                                         "placement_leg,joined_at,status")

    def handle(self, *args, file, **options):
        started = time.perf_counter()
        count = run_import(
            self, file,
            lambda stream, path: import_partners(stream, path, recompute_snapshots=False),
            ImportFailed,
        )
        self.stdout.write(
            f"Imported {count} partners from {file} in {time.perf_counter() - started:.1f} s."
        )
        analyze()
        started = time.perf_counter()
        written = snapshots.recompute()
        self.stdout.write(
            f"Recomputed {written} team snapshots in {time.perf_counter() - started:.1f} s."
        )
