"""`manage.py import_partners partners.csv`: a company's existing network, all or nothing.

Every bad row is reported on stderr, one line each naming the file and the line, and the
command exits with status 2 having imported nothing. On success the team snapshots are
recomputed at once.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from network import snapshots
from network.demo import analyze
from network.partners_import import ImportFailed, import_partners

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Import partners from a partners.csv file: every row, or none when any is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", help="partners.csv: id,sponsor_id,placement_parent_id,"
                                         "placement_leg,joined_at,status")

    def handle(self, *args, file, **options):
        started = time.perf_counter()
        try:
            stream = open(file, encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}", returncode=BAD_INPUT) from None
        with stream:
            try:
                count = import_partners(stream, file, recompute_snapshots=False)
            except ImportFailed as failure:
                for message in failure.messages:
                    self.stderr.write(str(message))
                raise CommandError(
                    f"{len(failure.messages)} problem(s) in {file}; nothing was imported.",
                    returncode=BAD_INPUT,
                ) from None
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{file}: not UTF-8 text (byte {error.start}); nothing was imported.",
                    returncode=BAD_INPUT,
                ) from None
        self.stdout.write(
            f"Imported {count} partners from {file} in {time.perf_counter() - started:.1f} s."
        )
        analyze()
        started = time.perf_counter()
        written = snapshots.recompute()
        self.stdout.write(
            f"Recomputed {written} team snapshots in {time.perf_counter() - started:.1f} s."
        )
