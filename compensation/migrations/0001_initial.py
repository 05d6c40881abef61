"""The `compensation` app takes over its models from `network` (see network 0015): their tables,
named `network_*`, are used as they are; nothing is created or copied. Their content types
are relabelled there too."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('network', '0015_models_moved_to_their_apps'),
        ('orders', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's record of the models moves.
            state_operations=[
                migrations.CreateModel(
                    name='CommissionRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.CharField(help_text='YYYY-MM', max_length=7, verbose_name='period')),
                        ('state', models.CharField(choices=[('draft', 'Draft'), ('calculated', 'Calculated'), ('approved', 'Approved'), ('posted', 'Posted'), ('discarded', 'Discarded')], db_index=True, default='draft', max_length=12, verbose_name='state')),
                        ('totals', models.JSONField(default=dict, verbose_name='totals')),
                        ('previous_totals', models.JSONField(default=dict, verbose_name='totals of the previous calculation')),
                        ('calculations', models.PositiveIntegerField(default=0, verbose_name='calculations')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='started')),
                        ('calculated_at', models.DateTimeField(blank=True, null=True, verbose_name='calculated')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved')),
                        ('posted_at', models.DateTimeField(blank=True, null=True, verbose_name='posted')),
                        ('task_state', models.CharField(choices=[('idle', 'Idle'), ('queued', 'Queued'), ('running', 'Running'), ('failed', 'Failed')], default='idle', max_length=8, verbose_name='background work')),
                        ('task_stage', models.CharField(blank=True, choices=[('queued', 'Waiting for a worker'), ('reading', 'Reading the network'), ('calculating', 'Calculating'), ('storing', 'Storing the lines'), ('posting', 'Posting to the ledger')], max_length=12, verbose_name='stage')),
                        ('task_started_at', models.DateTimeField(blank=True, null=True, verbose_name='work started')),
                        ('task_finished_at', models.DateTimeField(blank=True, null=True, verbose_name='work finished')),
                        ('task_error', models.TextField(blank=True, verbose_name='error')),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
                        ('posted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='posted by')),
                    ],
                    options={
                        'verbose_name': 'commission run',
                        'verbose_name_plural': 'commission runs',
                        'db_table': 'network_commissionrun',
                        'ordering': ['-period', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CommissionLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=20, verbose_name='bonus')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='amount')),
                        ('level', models.PositiveIntegerField(default=0, verbose_name='level')),
                        ('order', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orders.order')),
                        ('partner', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='network.partner')),
                        ('source_partner', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='network.partner')),
                        ('run', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='compensation.commissionrun')),
                    ],
                    options={
                        'verbose_name': 'commission line',
                        'db_table': 'network_commissionline',
                    },
                ),
                migrations.CreateModel(
                    name='PlanVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('version', models.PositiveIntegerField(verbose_name='version')),
                        ('state', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=10, verbose_name='state')),
                        ('rules', models.JSONField(verbose_name='rules')),
                        ('effective_from', models.DateField(help_text='The first day of a month.', verbose_name='in force from')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                    ],
                    options={
                        'verbose_name': 'plan version',
                        'verbose_name_plural': 'plan versions',
                        'db_table': 'network_planversion',
                        'ordering': ['-effective_from', '-version'],
                        'constraints': [models.UniqueConstraint(fields=('name', 'version'), name='plan_version_unique')],
                    },
                ),
                migrations.AddField(
                    model_name='commissionrun',
                    name='plan_version',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='runs', to='compensation.planversion', verbose_name='plan version'),
                ),
                migrations.CreateModel(
                    name='Clawback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='amount')),
                        ('period', models.CharField(max_length=7, verbose_name='period')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('posted_at', models.DateTimeField(blank=True, null=True, verbose_name='posted')),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='network.partner')),
                        ('line', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='clawback', to='compensation.commissionline', verbose_name='bonus line')),
                    ],
                    options={
                        'verbose_name': 'clawback',
                        'verbose_name_plural': 'clawbacks',
                        'db_table': 'network_clawback',
                        'indexes': [models.Index(fields=['period', 'posted_at'], name='clawback_period_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='PeriodResult',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('pv', models.DecimalField(decimal_places=2, max_digits=14)),
                        ('gv', models.DecimalField(decimal_places=2, max_digits=16)),
                        ('rank', models.CharField(max_length=32)),
                        ('highest_rank', models.CharField(max_length=32)),
                        ('active', models.BooleanField()),
                        ('total', models.DecimalField(decimal_places=2, max_digits=14)),
                        ('left_carry', models.DecimalField(decimal_places=2, max_digits=16)),
                        ('right_carry', models.DecimalField(decimal_places=2, max_digits=16)),
                        ('partner', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='network.partner')),
                        ('run', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='results', to='compensation.commissionrun')),
                    ],
                    options={
                        'db_table': 'network_periodresult',
                        'constraints': [models.UniqueConstraint(fields=('run', 'partner'), name='one_result_per_run')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='commissionrun',
                    constraint=models.UniqueConstraint(condition=models.Q(('state', 'discarded'), _negated=True), fields=('period',), name='one_run_per_period'),
                ),
            ],
            database_operations=[],
        ),
    ]
