"""`manage.py commission_run 2026-10 [--approve] [--post]`: start or recalculate a period's
run with the plan in force, optionally approve and post it; prints the stages as they
happen (recorded on the run as the admin shows them), then totals and changes."""

from django.core.management.base import BaseCommand, CommandError

from network import commission_runs, run_progress
from network.models import CommissionRun


class Command(BaseCommand):
    help = "Calculate a period's commission run (and optionally approve and post it)."

    def add_arguments(self, parser):
        parser.add_argument("period", help="YYYY-MM")
        parser.add_argument("--approve", action="store_true")
        parser.add_argument("--post", action="store_true")

    def stage(self, progress):
        """Prints each stage as it starts, and records it on the run for the admin."""
        def report(stage):
            progress(stage)
            self.stdout.write(f"{stage}: {run_progress.Stage(stage).label}")
            self.stdout.flush()
        return report

    def handle(self, period, approve, post, **options):
        try:
            run = (
                CommissionRun.objects.filter(period=period)
                .exclude(state=CommissionRun.State.POSTED).order_by("-pk").first()
                or commission_runs.start_run(period)
            )
            if run.state in (CommissionRun.State.DRAFT, CommissionRun.State.CALCULATED):
                with run_progress.tracking(run.pk) as progress:
                    run = commission_runs.calculate_run(run, self.stage(progress))
            for kind, before, now, change in commission_runs.difference(run):
                self.stdout.write(f"{kind:18} {now:>14}  (was {before}, change {change:+})")
            if approve or post:
                if run.state == CommissionRun.State.CALCULATED:
                    run = commission_runs.approve_run(run, None)
            if post:
                with run_progress.tracking(run.pk, run_progress.Stage.POSTING) as progress:
                    self.stage(progress)(run_progress.Stage.POSTING)
                    run = commission_runs.post_run(run)
        except commission_runs.RunError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"run {run.pk} for {run.period}: {run.get_state_display()}")
