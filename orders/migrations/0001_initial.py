"""The `orders` app takes over its models from `network` (see network 0015): their tables,
named `network_*`, are used as they are; nothing is created or copied. Their content types
are relabelled there too."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('network', '0015_models_moved_to_their_apps'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's record of the models moves.
            state_operations=[
                migrations.CreateModel(
                    name='Product',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sku', models.CharField(max_length=64, unique=True, verbose_name='SKU')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('pv', models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name='PV')),
                        ('bv', models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name='BV')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'product',
                        'verbose_name_plural': 'products',
                        'db_table': 'network_product',
                        'ordering': ['sku'],
                    },
                ),
                migrations.CreateModel(
                    name='Order',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('external_id', models.CharField(blank=True, max_length=64, null=True, unique=True, verbose_name='external id')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='created')),
                        ('currency', models.CharField(blank=True, max_length=3, verbose_name='currency')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('paid', 'Paid'), ('shipped', 'Shipped'), ('refunded', 'Refunded'), ('cancelled', 'Cancelled')], db_index=True, default='pending', max_length=10, verbose_name='status')),
                        ('total', models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='total')),
                        ('volume', models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name='volume (PV)')),
                        ('idempotency_key', models.CharField(blank=True, max_length=200, null=True, unique=True, verbose_name='idempotency key')),
                        ('request_fingerprint', models.CharField(blank=True, max_length=64)),
                        ('source', models.CharField(choices=[('api', 'API'), ('webhook', 'Shop webhook'), ('import', 'CSV import')], default='api', max_length=10, verbose_name='source')),
                        ('refunded_at', models.DateTimeField(blank=True, null=True, verbose_name='refunded')),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='network.partner', verbose_name='partner')),
                    ],
                    options={
                        'verbose_name': 'order',
                        'verbose_name_plural': 'orders',
                        'db_table': 'network_order',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='OrderLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('quantity', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='quantity')),
                        ('unit_price', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='unit price')),
                        ('pv', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='PV')),
                        ('order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='orders.order', verbose_name='order')),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orders.product', verbose_name='product')),
                    ],
                    options={
                        'verbose_name': 'order line',
                        'verbose_name_plural': 'order lines',
                        'db_table': 'network_orderline',
                    },
                ),
                migrations.CreateModel(
                    name='ProductPrice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('currency', models.CharField(max_length=3, verbose_name='currency')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='price')),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='prices', to='orders.product', verbose_name='product')),
                    ],
                    options={
                        'verbose_name': 'product price',
                        'verbose_name_plural': 'product prices',
                        'db_table': 'network_productprice',
                    },
                ),
                migrations.CreateModel(
                    name='WebhookEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('event_id', models.CharField(max_length=200, unique=True, verbose_name='event id')),
                        ('signature', models.CharField(max_length=64, unique=True, verbose_name='signature')),
                        ('received_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='received')),
                        ('order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orders.order', verbose_name='order')),
                    ],
                    options={
                        'verbose_name': 'shop webhook event',
                        'verbose_name_plural': 'shop webhook events',
                        'db_table': 'network_webhookevent',
                    },
                ),
                migrations.AddIndex(
                    model_name='order',
                    index=models.Index(fields=['partner', 'created_at'], name='order_partner_created_idx'),
                ),
                migrations.AddConstraint(
                    model_name='productprice',
                    constraint=models.UniqueConstraint(fields=('product', 'currency'), name='product_price_currency'),
                ),
            ],
            database_operations=[],
        ),
    ]
