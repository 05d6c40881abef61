"""The catalogue and orders, the ledger and payouts, and plan versions with commission runs
move out of `network` into the `orders`, `wallet` and `compensation` apps. Only Django's
record of the models changes: the tables, their rows, constraints, triggers and the
partitioned lines table stay exactly as they are (each model keeps its `db_table`).

The moved models' content types keep their ids and take their new app's label, so the
permissions, groups, admin history and references that point at them stay.
"""

from django.db import migrations

MOVED = {
    "orders": ["product", "productprice", "order", "orderline", "webhookevent"],
    "wallet": ["ledgeraccount", "ledgertransaction", "ledgerentry", "payoutbatch",
               "payoutrequest"],
    "compensation": ["planversion", "commissionrun", "commissionline", "periodresult",
                     "clawback"],
}


def relabel(apps, from_new_apps=False):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app, models in MOVED.items():
        old, new = (app, "network") if from_new_apps else ("network", app)
        taken = set(ContentType.objects.filter(app_label=new, model__in=models)
                    .values_list("model", flat=True))
        ContentType.objects.filter(app_label=old, model__in=set(models) - taken).update(
            app_label=new
        )


def relabel_content_types(apps, schema_editor):
    relabel(apps)


def restore_content_types(apps, schema_editor):
    relabel(apps, from_new_apps=True)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('network', '0014_payout_request_key'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's record of the models moves.
            state_operations=[
                migrations.RemoveField(
                    model_name='commissionline',
                    name='order',
                ),
                migrations.RemoveField(
                    model_name='commissionline',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='commissionline',
                    name='run',
                ),
                migrations.RemoveField(
                    model_name='commissionline',
                    name='source_partner',
                ),
                migrations.RemoveField(
                    model_name='commissionrun',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='commissionrun',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='commissionrun',
                    name='plan_version',
                ),
                migrations.RemoveField(
                    model_name='commissionrun',
                    name='posted_by',
                ),
                migrations.RemoveField(
                    model_name='periodresult',
                    name='run',
                ),
                migrations.RemoveField(
                    model_name='ledgeraccount',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='ledgerentry',
                    name='account',
                ),
                migrations.RemoveField(
                    model_name='ledgerentry',
                    name='transaction',
                ),
                migrations.RemoveField(
                    model_name='ledgertransaction',
                    name='posted_by',
                ),
                migrations.RemoveField(
                    model_name='ledgertransaction',
                    name='reverses',
                ),
                migrations.RemoveField(
                    model_name='order',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='orderline',
                    name='order',
                ),
                migrations.RemoveField(
                    model_name='webhookevent',
                    name='order',
                ),
                migrations.RemoveField(
                    model_name='orderline',
                    name='product',
                ),
                migrations.RemoveField(
                    model_name='payoutbatch',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='payoutbatch',
                    name='paid_by',
                ),
                migrations.RemoveField(
                    model_name='payoutrequest',
                    name='batch',
                ),
                migrations.RemoveField(
                    model_name='payoutrequest',
                    name='first_approver',
                ),
                migrations.RemoveField(
                    model_name='payoutrequest',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='payoutrequest',
                    name='second_approver',
                ),
                migrations.RemoveField(
                    model_name='periodresult',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='productprice',
                    name='product',
                ),
                migrations.DeleteModel(
                    name='Clawback',
                ),
                migrations.DeleteModel(
                    name='CommissionLine',
                ),
                migrations.DeleteModel(
                    name='PlanVersion',
                ),
                migrations.DeleteModel(
                    name='CommissionRun',
                ),
                migrations.DeleteModel(
                    name='LedgerAccount',
                ),
                migrations.DeleteModel(
                    name='LedgerEntry',
                ),
                migrations.DeleteModel(
                    name='LedgerTransaction',
                ),
                migrations.DeleteModel(
                    name='Order',
                ),
                migrations.DeleteModel(
                    name='WebhookEvent',
                ),
                migrations.DeleteModel(
                    name='OrderLine',
                ),
                migrations.DeleteModel(
                    name='PayoutBatch',
                ),
                migrations.DeleteModel(
                    name='PayoutRequest',
                ),
                migrations.DeleteModel(
                    name='PeriodResult',
                ),
                migrations.DeleteModel(
                    name='Product',
                ),
                migrations.DeleteModel(
                    name='ProductPrice',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
