"""`manage.py import_orders orders.csv`: orders in the reference format, all or nothing.

Every bad row is reported on stderr, one line each naming the file and the line, and the
command exits with status 2 having imported nothing. Ids already imported are problems
too, so running it twice on the same file adds nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from network.orders_import import ImportFailed, import_orders

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Import orders from an orders.csv file: every row, or none when any is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", help="orders.csv: id,partner_id,created_at,volume,status")

    def handle(self, *args, file, **options):
        try:
            stream = open(file, encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}", returncode=BAD_INPUT) from None
        with stream:
            try:
                count = import_orders(stream, file)
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
        self.stdout.write(f"Imported {count} orders from {file}.")
