"""`manage.py import_orders orders.csv`: orders in the reference format, all or nothing.

Every bad row is reported on stderr, one line each naming the file and the line, and the
command exits with status 2 having imported nothing. Ids already imported are problems
too, so running it twice on the same file adds nothing.
"""

from django.core.management.base import BaseCommand

from network.management.csv_import import run_import
from orders.imports import ImportFailed, import_orders


class Command(BaseCommand):
    help = "Import orders from an orders.csv file: every row, or none when any is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", help="orders.csv: id,partner_id,created_at,volume,status")

    def handle(self, *args, file, **options):
        count = run_import(self, file, import_orders, ImportFailed)
        self.stdout.write(f"Imported {count} orders from {file}.")
