"""`manage.py commission_run 2026-10 [--approve] [--post] [--open-period] [--user EMAIL]`:
start or recalculate a period's run with the plan in force, optionally approve and post
it; prints the stages as they happen (recorded on the run as the admin shows them), then
totals and changes.

A period has one run: a second start (also one at the same moment) is refused. A period
that has not ended is started and posted only with `--open-period`. `--user` names the
operator recorded as starting, approving and posting; with COMMISSION_RUN_TWO_PEOPLE on,
approving and posting need two different people, so two commands with two users."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from compensation import commission_runs, run_progress
from compensation.models import CommissionRun


class Command(BaseCommand):
    help = "Calculate a period's commission run (and optionally approve and post it)."

    def add_arguments(self, parser):
        parser.add_argument("period", help="YYYY-MM")
        parser.add_argument("--approve", action="store_true")
        parser.add_argument("--post", action="store_true")
        parser.add_argument(
            "--open-period", action="store_true",
            help="Start and post a period that has not ended yet (orders may still come in).",
        )
        parser.add_argument("--user", metavar="EMAIL",
                            help="The operator who starts, approves or posts the run.")

    def stage(self, progress):
        """Prints each stage as it starts, and records it on the run for the admin."""
        def report(stage):
            progress(stage)
            self.stdout.write(f"{stage}: {run_progress.Stage(stage).label}")
            self.stdout.flush()
        return report

    def operator(self, email):
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None or not user.has_perm("compensation.change_commissionrun"):
            raise CommandError(f"No operator who may work on commission runs has the email "
                               f"address {email}.")
        return user

    def handle(self, period, approve, post, open_period, user, **options):
        operator = self.operator(user)
        try:
            run = commission_runs.the_run_of(period)
            if run is None or run.state == CommissionRun.State.POSTED:
                run = commission_runs.start_run(period, operator, open_period=open_period)
            if run.state in (CommissionRun.State.DRAFT, CommissionRun.State.CALCULATED):
                with run_progress.tracking(run.pk) as progress:
                    run = commission_runs.calculate_run(run, self.stage(progress))
            for kind, before, now, change in commission_runs.difference(run):
                self.stdout.write(f"{kind:18} {now:>14}  (was {before}, change {change:+})")
            if approve or post:
                if run.state == CommissionRun.State.CALCULATED:
                    run = commission_runs.approve_run(run, operator)
            if post:
                # Refused before the run is marked busy, so a refusal leaves it as it was.
                commission_runs.check_can_post(run, operator, open_period=open_period)
                with run_progress.tracking(run.pk, run_progress.Stage.POSTING) as progress:
                    self.stage(progress)(run_progress.Stage.POSTING)
                    run = commission_runs.post_run(run, operator, open_period=open_period)
        except commission_runs.OpenPeriod as error:
            raise CommandError(
                " ".join(error.messages) + " Add --open-period to run it anyway."
            ) from None
        except commission_runs.RunError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"run {run.pk} for {run.period}: {run.get_state_display()}")
