"""The company's own account: a partner flagged `is_company` earns no bonuses and is left out
of the income disclosure. A root created in Downline (services.create_root, no external id)
is the company's own position, so it is flagged; an imported root (a row of partners.csv,
as in the reference plan's examples) may be a founding partner and stays a paid partner.
"""

from django.db import migrations, models


def flag_the_company_root(apps, schema_editor):
    Partner = apps.get_model("network", "Partner")
    Partner.objects.filter(sponsor__isnull=True, external_id__isnull=True).update(
        is_company=True
    )


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0012_one_run_per_period'),
    ]

    operations = [
        migrations.AddField(
            model_name='partner',
            name='is_company',
            field=models.BooleanField(default=False, db_default=False, help_text="The company's own account: it earns no bonuses and is left out of the income disclosure.", verbose_name='company account'),
        ),
        migrations.RunPython(flag_the_company_root, migrations.RunPython.noop),
    ]
