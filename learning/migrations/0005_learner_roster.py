"""The mentor view's roster on Learner (learning/roster.py): each row gets its partner's
sponsor and joining time, and every partner in their first 90 days gets a row."""

from datetime import timedelta

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

# courses.NEWCOMER_DAYS when this was written: the window the mentor view shows.
PLAN_DAYS = 90


def fill_the_roster(apps, schema_editor):
    connection = schema_editor.connection
    since = connection.ops.adapt_datetimefield_value(
        timezone.now() - timedelta(days=PLAN_DAYS))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE learning_learner l SET sponsor_id = p.sponsor_id, "
                "joined_at = p.joined_at FROM network_partner p WHERE p.id = l.partner_id")
        else:
            cursor.execute(
                "UPDATE learning_learner SET "
                "sponsor_id = (SELECT p.sponsor_id FROM network_partner p "
                "WHERE p.id = learning_learner.partner_id), "
                "joined_at = (SELECT p.joined_at FROM network_partner p "
                "WHERE p.id = learning_learner.partner_id)")
        cursor.execute(
            "INSERT INTO learning_learner (partner_id, lessons_done, tasks_done, "
            "courses_done, sponsor_id, joined_at) "
            "SELECT p.id, 0, 0, 0, p.sponsor_id, p.joined_at FROM network_partner p "
            "WHERE p.joined_at >= %s AND NOT EXISTS "
            "(SELECT 1 FROM learning_learner l WHERE l.partner_id = p.id)", [since])


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0004_cohort_count'),
        ('network', '0016_partner_sponsor_joined_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='learner',
            name='joined_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='learner',
            name='sponsor',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='network.partner'),
        ),
        migrations.AddIndex(
            model_name='learner',
            index=models.Index(fields=['sponsor', 'joined_at'], name='learner_roster_idx'),
        ),
        # Last: PostgreSQL builds no index on a table with the fill's foreign-key checks
        # still pending in the same transaction.
        migrations.RunPython(fill_the_roster, migrations.RunPython.noop, elidable=True),
    ]
