"""Telling a user something: the one entry point every app (and every subscriber of a
domain event) calls.

`notify` writes the notification (once per dedupe key: the database holds it) and, after
the surrounding transaction commits, enqueues the planning of its deliveries through the
other channels the user chose; `notify_many` does the same for a fan-out in batches of
bulk inserts. Neither ever fails because a channel or the broker is down.
"""

import json
from functools import partial

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from notifications import inbox, preferences, tasks
from notifications import kinds as kind_registry
from notifications.channels import INAPP
from notifications.models import Notification

BATCH = 5000
PLAN_CHUNK = 500


def _json_safe(params):
    """The parameters as JSON will store them (a Decimal or a date becomes text), so a
    caller's odd value never fails the event that notifies."""
    return json.loads(json.dumps(params or {}, cls=DjangoJSONEncoder))


def _kind(kind_key):
    kind = kind_registry.get(kind_key)
    if kind is None:
        raise ValueError(f"unknown notification kind {kind_key!r}")
    return kind


def notify(user, kind_key, *, params=None, url="", dedupe_key="", source="", now=None,
           channels=None):
    """The new Notification, or None when the dedupe key was used before or the user is
    inactive. `channels` (e.g. a sequence step's) narrows the user's chosen channels."""
    kind = _kind(kind_key)
    if user is None or not user.is_active:
        return None
    only = list(dict.fromkeys(channels or ()))
    chosen = [name for name in preferences.chosen_channels(kind, preferences.of(user))
              if not only or name in only]
    notification = Notification(
        recipient=user, kind=kind.key, params=_json_safe(params), url=inbox.safe_url(url),
        source=source[:100], dedupe_key=dedupe_key[:200], in_app=INAPP in chosen,
        only_channels=only or None, created_at=now or timezone.now(),
    )
    if dedupe_key:
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            return None
    else:
        notification.save()
    if any(name != INAPP for name in chosen):
        transaction.on_commit(partial(tasks.enqueue_planning, [notification.pk], now))
    return notification


def _created(rows, dedupe_key):
    """Inserts the rows; those actually written (a concurrent fan-out may have written
    some of the same dedupe keys)."""
    if not dedupe_key:
        return Notification.objects.bulk_create(rows)
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(rows)
    except IntegrityError:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        return list(Notification.objects.filter(
            recipient_id__in=[row.recipient_id for row in rows], dedupe_key=dedupe_key,
            created_at=rows[0].created_at))


def _insert(recipients, shown, fields):
    """Writes one notification per recipient (`shown`: in-app per recipient); the
    (id, recipient id) of each written. On PostgreSQL one INSERT … SELECT FROM unnest …
    ON CONFLICT DO NOTHING per batch (a dedupe key already used is skipped by the
    database), elsewhere a bulk insert."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Notification._meta.db_table} (recipient_id, kind, params, url,"
                " source, dedupe_key, in_app, created_at)"
                " SELECT r.id, %s, %s::jsonb, %s, %s, %s, r.in_app, %s"
                " FROM unnest(%s::bigint[], %s::boolean[]) AS r(id, in_app)"
                " ON CONFLICT DO NOTHING RETURNING id, recipient_id",
                [fields["kind"], json.dumps(fields["params"]), fields["url"], fields["source"],
                 fields["dedupe_key"], fields["created_at"], recipients,
                 [shown[pk] for pk in recipients]],
            )
            return cursor.fetchall()
    rows = [Notification(recipient_id=pk, in_app=shown[pk], **fields) for pk in recipients]
    return [(row.pk, row.recipient_id) for row in _created(rows, fields["dedupe_key"])]


def notify_many(user_ids, kind_key, *, params=None, url="", source="", dedupe_key="",
                now=None):
    """Notifies every active user of `user_ids` (once per dedupe key); how many were
    written. Deliveries are planned after commit, PLAN_CHUNK notifications a task."""
    kind = _kind(kind_key)
    fields = {"kind": kind.key, "params": _json_safe(params), "url": inbox.safe_url(url),
              "source": source[:100], "dedupe_key": dedupe_key[:200],
              "created_at": now or timezone.now()}
    users = get_user_model().objects
    total = 0
    ordered = sorted(set(user_ids))
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start:start + BATCH]
        active = users.filter(pk__in=batch, is_active=True)
        if dedupe_key and connection.vendor != "postgresql":
            active = active.exclude(notifications__dedupe_key=dedupe_key)
        recipients = list(active.values_list("pk", flat=True))
        if not recipients:
            continue
        chosen = preferences.of_users(recipients)
        channels_of = {pk: preferences.chosen_channels(kind, chosen.get(pk))
                       for pk in recipients}
        written = _insert(recipients, {pk: INAPP in channels_of[pk] for pk in recipients},
                          fields)
        total += len(written)
        to_plan = [pk for pk, recipient in written
                   if any(name != INAPP for name in channels_of[recipient])]
        for chunk_start in range(0, len(to_plan), PLAN_CHUNK):
            transaction.on_commit(partial(
                tasks.enqueue_planning, to_plan[chunk_start:chunk_start + PLAN_CHUNK], now))
    return total


def unread_count(user):
    return inbox.unread_count(user)
