"""The `wallet` app takes over its models from `network` (see network 0015): their tables,
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
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's record of the models moves.
            state_operations=[
                migrations.CreateModel(
                    name='LedgerAccount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('company_bonus_expense', 'Company: bonus expense'), ('company_cash', 'Company: cash'), ('company_adjustments', 'Company: adjustments'), ('partner_wallet', 'Partner wallet'), ('payouts_pending', 'Payouts pending')], max_length=32, verbose_name='kind')),
                        ('currency', models.CharField(max_length=3, verbose_name='currency')),
                        ('partner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_accounts', to='network.partner', verbose_name='partner')),
                    ],
                    options={
                        'verbose_name': 'ledger account',
                        'verbose_name_plural': 'ledger accounts',
                        'db_table': 'network_ledgeraccount',
                    },
                ),
                migrations.CreateModel(
                    name='LedgerTransaction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('idempotency_key', models.CharField(max_length=200, unique=True, verbose_name='idempotency key')),
                        ('kind', models.CharField(choices=[('bonus', 'Bonus'), ('clawback', 'Clawback'), ('payout', 'Payout'), ('payout_failed', 'Payout failed'), ('adjustment', 'Adjustment'), ('reversal', 'Reversal')], max_length=20, verbose_name='kind')),
                        ('description', models.CharField(blank=True, max_length=500, verbose_name='description')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('commission_run_id', models.BigIntegerField(blank=True, null=True, verbose_name='commission run')),
                        ('posted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='posted by')),
                        ('reverses', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reversed_by', to='wallet.ledgertransaction', verbose_name='reverses')),
                    ],
                    options={
                        'verbose_name': 'ledger transaction',
                        'verbose_name_plural': 'ledger transactions',
                        'db_table': 'network_ledgertransaction',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='LedgerEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='amount')),
                        ('currency', models.CharField(max_length=3, verbose_name='currency')),
                        ('idempotency_key', models.CharField(max_length=210, unique=True, verbose_name='idempotency key')),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='wallet.ledgeraccount', verbose_name='account')),
                        ('transaction', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='wallet.ledgertransaction', verbose_name='transaction')),
                    ],
                    options={
                        'verbose_name': 'ledger entry',
                        'verbose_name_plural': 'ledger entries',
                        'db_table': 'network_ledgerentry',
                        'ordering': ['transaction_id', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PayoutBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('currency', models.CharField(max_length=3, verbose_name='currency')),
                        ('request_count', models.PositiveIntegerField(verbose_name='requests')),
                        ('total', models.DecimalField(decimal_places=2, max_digits=16, verbose_name='total')),
                        ('content', models.BinaryField(verbose_name='payout file')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 of the file')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='exported')),
                        ('paid_at', models.DateTimeField(blank=True, null=True, verbose_name='marked paid')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='exported by')),
                        ('paid_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='marked paid by')),
                    ],
                    options={
                        'verbose_name': 'payout batch',
                        'verbose_name_plural': 'payout batches',
                        'db_table': 'network_payoutbatch',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PayoutRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='amount')),
                        ('currency', models.CharField(max_length=3, verbose_name='currency')),
                        ('state', models.CharField(choices=[('requested', 'Requested'), ('approved', 'Approved'), ('exported', 'Exported'), ('paid', 'Paid'), ('failed', 'Failed'), ('returned', 'Returned'), ('rejected', 'Rejected')], db_index=True, default='requested', max_length=10, verbose_name='state')),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='requested')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved')),
                        ('exported_at', models.DateTimeField(blank=True, null=True, verbose_name='exported')),
                        ('settled_at', models.DateTimeField(blank=True, null=True, verbose_name='settled')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('request_key', models.CharField(blank=True, default='', max_length=64, verbose_name='request key')),
                        ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='wallet.payoutbatch', verbose_name='payout batch')),
                        ('first_approver', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='first approver')),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payouts', to='network.partner', verbose_name='partner')),
                        ('second_approver', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='second approver')),
                    ],
                    options={
                        'verbose_name': 'payout request',
                        'verbose_name_plural': 'payout requests',
                        'db_table': 'network_payoutrequest',
                        'ordering': ['-requested_at', '-pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='ledgeraccount',
                    constraint=models.UniqueConstraint(condition=models.Q(('partner__isnull', False)), fields=('kind', 'partner', 'currency'), name='ledger_account_partner_unique'),
                ),
                migrations.AddConstraint(
                    model_name='ledgeraccount',
                    constraint=models.UniqueConstraint(condition=models.Q(('partner__isnull', True)), fields=('kind', 'currency'), name='ledger_account_company_unique'),
                ),
                migrations.AddConstraint(
                    model_name='payoutrequest',
                    constraint=models.UniqueConstraint(condition=models.Q(('request_key', ''), _negated=True), fields=('partner', 'request_key'), name='one_payout_per_request_key'),
                ),
            ],
            database_operations=[],
        ),
    ]
