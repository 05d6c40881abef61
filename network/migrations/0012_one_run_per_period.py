"""One run per period, held by the database (a discarded run aside), and who posted a run.

Databases where a period has more than one run (a second start, or the double posting
this constraint prevents) keep the run that went furthest (posted, else approved, else
the newest) and mark the others discarded, so the constraint can be added. Ledger entries
an earlier double posting wrote are not touched: a correction is a reversing entry, made
by an operator.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count

FURTHEST = {"posted": 3, "approved": 2, "calculated": 1, "draft": 0}


def discard_extra_runs(apps, schema_editor):
    CommissionRun = apps.get_model("network", "CommissionRun")
    crowded = (
        CommissionRun.objects.exclude(state="discarded").values("period")
        .annotate(runs=Count("pk")).filter(runs__gt=1).order_by()
    )
    for row in crowded:
        runs = CommissionRun.objects.filter(period=row["period"]).exclude(state="discarded")
        keep = max(runs, key=lambda run: (FURTHEST.get(run.state, 0), run.pk))
        runs.exclude(pk=keep.pk).update(state="discarded")


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0011_run_lines_partitioned'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='commissionrun',
            name='one_posted_run_per_period',
        ),
        migrations.AddField(
            model_name='commissionrun',
            name='posted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='posted by'),
        ),
        migrations.AlterField(
            model_name='commissionrun',
            name='state',
            field=models.CharField(choices=[('draft', 'Draft'), ('calculated', 'Calculated'), ('approved', 'Approved'), ('posted', 'Posted'), ('discarded', 'Discarded')], db_index=True, default='draft', max_length=12, verbose_name='state'),
        ),
        migrations.RunPython(discard_extra_runs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='commissionrun',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'discarded'), _negated=True), fields=('period',), name='one_run_per_period'),
        ),
    ]
