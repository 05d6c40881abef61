"""`manage.py plan …`: the compensation plan kept in version control.

    plan validate plan.json                       check the file as a commission run would
    plan import plan.json [--name NAME] [--effective-from YYYY-MM-01]
                                                  a new draft version (nothing when the
                                                  newest version already has these rules)
    plan publish ID                               publish a draft

A bad file, name, date or version stops the command with exit status 2 and one line
naming the problem (for a file: the file and the key); nothing is written.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from compensation import plan_versions
from compensation.engine.plan import PlanError, load_plan


def refuse(message):
    return CommandError(message, returncode=2)


def bonuses_of(plan):
    """The bonuses a parsed plan pays, by their names in the file."""
    paid = {
        "unilevel": bool(plan.unilevel_percent), "binary": plan.binary_percent > 0,
        "matching": bool(plan.matching), "fast_start": bool(plan.fast_start_percent),
        "matrix": bool(plan.matrix_width), "stair_step": bool(plan.stair_step),
        "rank_advancement": bool(plan.rank_advancement),
    }
    return [name for name, pays in paid.items() if pays]


class Command(BaseCommand):
    help = "Validate, import and publish compensation plan files."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        validate = actions.add_parser("validate", help="Check a plan file; nothing is written.")
        validate.add_argument("file")
        imported = actions.add_parser("import", help="Make a draft plan version from a file.")
        imported.add_argument("file")
        imported.add_argument("--name", help="The plan's name (default: the file's name key).")
        imported.add_argument("--effective-from", metavar="YYYY-MM-01",
                              help="The first day it is in force (default: next month's).")
        publish = actions.add_parser("publish", help="Publish a draft plan version.")
        publish.add_argument("id", type=int)

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def read(self, path):
        try:
            return load_plan(path)
        except PlanError as error:
            raise refuse(str(error)) from None

    def handle_validate(self, file, **options):
        plan = self.read(file)
        self.stdout.write(
            f"{file}: valid: {len(plan.ranks)} ranks ({', '.join(r.code for r in plan.ranks)}), "
            f"pays {', '.join(bonuses_of(plan)) or 'nothing'}."
        )

    def handle_import(self, file, name, effective_from, **options):
        self.read(file)
        with open(file, encoding="utf-8") as handle:  # read and checked just now
            rules = json.load(handle)
        name = name if name is not None else str(rules.get("name") or "")
        if not name.strip():
            raise refuse(f"{file}: give the plan's name with --name (the file has none).")
        start = None
        if effective_from is not None:
            try:
                start = date.fromisoformat(effective_from)
            except ValueError:
                raise refuse(f"--effective-from: not a date YYYY-MM-01: {effective_from!r}") \
                    from None
        try:
            version, created = plan_versions.import_plan(rules, name, start)
        except plan_versions.PlanVersionError as error:
            raise refuse(str(error)) from None
        if created:
            self.stdout.write(f"Imported {file} as {version.name} v{version.version}, a draft "
                              f"in force from {version.effective_from} (id {version.pk}).")
        else:
            self.stdout.write(f"Unchanged: {version.name} v{version.version} (id {version.pk}) "
                              f"already has these rules.")

    def handle_publish(self, id, **options):
        try:
            version = plan_versions.publish(id)
        except plan_versions.PlanVersionError as error:
            raise refuse(str(error)) from None
        self.stdout.write(f"Published {version.name} v{version.version} (id {version.pk}).")
