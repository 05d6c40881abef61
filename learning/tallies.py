"""Counting quiz items as attempts are stored: one row per question and day
(QuizItemTally) with the attempts that answered it and how many got it wrong.

One INSERT … ON CONFLICT DO UPDATE adds a whole attempt (every question at once) and is
safe under concurrent attempts: the database adds to the row, nobody reads it first.
Django's bulk_create(update_conflicts=True) can only overwrite a row with the new values,
not add to it, hence the SQL here (the same on PostgreSQL and SQLite 3.24+).
"""

from django.db import connection

from .models import QuizItemTally


def _prep(field, value):
    return field.get_db_prep_value(value, connection)


def count_attempt(lesson_key, results, day):
    """Add one attempt's `results` ({question id: right or not}) to the day's tallies."""
    if not results:
        return
    table = QuizItemTally._meta.db_table
    key_field = QuizItemTally._meta.get_field("lesson_key")
    day_field = QuizItemTally._meta.get_field("day")
    rows, params = [], []
    for question_id, right in sorted(results.items()):
        rows.append("(%s, %s, %s, 1, %s)")
        params += [_prep(key_field, lesson_key), str(question_id), _prep(day_field, day),
                   0 if right else 1]
    sql = (
        f"INSERT INTO {table} (lesson_key, question_id, day, attempts, failures) "
        f"VALUES {', '.join(rows)} "
        f"ON CONFLICT (lesson_key, question_id, day) DO UPDATE SET "
        f"attempts = {table}.attempts + excluded.attempts, "
        f"failures = {table}.failures + excluded.failures"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
