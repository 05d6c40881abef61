"""StageProgress: one row per partner and stage started, for the course funnel (reports.py)
without reading the lesson rows. An existing database gets its rows from what it already
holds, in one INSERT … SELECT … GROUP BY: started with the stage's first lesson opened,
last moved with the latest lesson opened or done or quiz attempt in the stage (or the
pass), passed with the StagePass. Video positions kept no time, so they add nothing."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


BACKFILL = """
INSERT INTO learning_stageprogress (partner_id, course_key, stage_key, started_at,
                                    last_moved_at, passed_at)
SELECT h.partner_id, h.course_key, h.stage_key, h.started_at,
       CASE WHEN h.passed_at > h.moved_at THEN h.passed_at ELSE h.moved_at END,
       h.passed_at
FROM (SELECT g.partner_id, g.course_key, g.stage_key, g.started_at, s.passed_at,
             CASE WHEN a.last_at > g.moved_at THEN a.last_at ELSE g.moved_at END AS moved_at
      FROM (SELECT partner_id, course_key, stage_key, MIN(started_at) AS started_at,
                   MAX(CASE WHEN completed_at > started_at THEN completed_at
                            ELSE started_at END) AS moved_at
            FROM learning_lessonprogress
            GROUP BY partner_id, course_key, stage_key) g
      LEFT JOIN learning_stagepass s
             ON s.partner_id = g.partner_id AND s.stage_key = g.stage_key
      LEFT JOIN (SELECT partner_id, stage_key, MAX(submitted_at) AS last_at
                 FROM learning_quizattempt GROUP BY partner_id, stage_key) a
             ON a.partner_id = g.partner_id AND a.stage_key = g.stage_key) h
WHERE NOT EXISTS (SELECT 1 FROM learning_stageprogress x
                  WHERE x.partner_id = h.partner_id AND x.stage_key = h.stage_key)
"""


def backfill(apps, schema_editor):
    """Fill learning_stageprogress from the lesson rows, stage passes and quiz attempts
    (rows already there are kept)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKFILL)


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0001_initial'),
        ('network', '0015_models_moved_to_their_apps'),
    ]

    operations = [
        migrations.CreateModel(
            name='StageProgress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.UUIDField()),
                ('stage_key', models.UUIDField()),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('last_moved_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('passed_at', models.DateTimeField(blank=True, null=True)),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_progress', to='network.partner')),
            ],
            options={
                'verbose_name': 'stage progress',
                'verbose_name_plural': 'stage progress',
                'indexes': [models.Index(fields=['course_key', 'stage_key', 'passed_at', 'last_moved_at'], name='learning_stage_funnel')],
                'constraints': [models.UniqueConstraint(fields=('partner', 'stage_key'), name='learning_one_row_per_stage')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
