"""What the CSV import commands share: open the file, run the import, and on any problem
print every line to stderr and exit with status 2 having imported nothing."""

from django.core.management.base import CommandError

BAD_INPUT = 2


def run_import(command, path, importer, failure_class):
    """`importer(stream, path)` inside the commands' error handling; returns its count."""
    try:
        stream = open(path, encoding="utf-8", newline="")
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}", returncode=BAD_INPUT) from None
    with stream:
        try:
            return importer(stream, path)
        except failure_class as failure:
            for message in failure.messages:
                command.stderr.write(str(message))
            raise CommandError(
                f"{len(failure.messages)} problem(s) in {path}; nothing was imported.",
                returncode=BAD_INPUT,
            ) from None
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{path}: not UTF-8 text (byte {error.start}); nothing was imported.",
                returncode=BAD_INPUT,
            ) from None
