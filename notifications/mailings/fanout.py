"""Getting a message out: a chunk of a team mailing on the channels its sender chose, and
a company announcement to a million partners with the in-app rows written set-based.

A team mailing goes out on the channels the sender picked and the recipient wants: each
recipient's own choice for the kind (their unsubscribe included) is narrowed to the
sender's. The notification centre's notify_many plans every channel the recipient chose,
so a chunk writes its rows here with notify_many's rules (active accounts, once per
dedupe key) and plans their deliveries with the centre's own planner
(planning.deliveries_for: availability, quiet hours, the digest), keeping the sender's
channels only; the centre's tasks send them.

Announcements:

`notify_many` builds one Python object per recipient, which is right for a team of
thousands and too slow for a whole network (a million rows in well over a minute). On
PostgreSQL an announcement is written instead by INSERT … SELECT over the partners and
their accounts, one statement per range of user ids, with exactly notify_many's rules:
active accounts only, one row per recipient and dedupe key (ON CONFLICT DO NOTHING on the
centre's own unique index, so a task run twice writes nothing new), shown in the cabinet
unless the recipient turned in-app off for the kind (their Preference row, read in the
same statement), and the planning of the other channels enqueued after commit for the
rows whose recipient wants any (the notification centre's own planning task, in its own
chunks). Elsewhere (SQLite, the embedded demo) it is notify_many in batches.
"""

import json
from functools import partial

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from notifications import inbox, planning, preferences, services, tasks
from notifications import kinds as kind_registry
from notifications.channels import INAPP
from notifications.models import Delivery, Notification, Preference

from . import segments

# User ids per statement: each INSERT … SELECT is bounded (a few seconds at most), and a
# task interrupted midway starts again where the rows stop.
ID_RANGE = 250_000
PLAN_CHUNK = services.PLAN_CHUNK
NOTIFY_MANY_BATCH = 20_000


def team_chunk(mailing, kind_key, user_ids, now=None):
    """Notifies the users of `user_ids` (a chunk of `mailing`'s recipients) on the
    channels both the sender and each recipient chose; how many notifications were
    written. A chunk sent twice writes and sends nothing new."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    kind = kind_registry.get(kind_key)
    offered = set(mailing.channels)
    done = set(Notification.objects.filter(recipient_id__in=list(user_ids),
                                           dedupe_key=mailing.source)
               .values_list("recipient_id", flat=True))
    users = {user.pk: user for user in get_user_model().objects.filter(
        pk__in=[pk for pk in user_ids if pk not in done], is_active=True)}
    chosen = preferences.of_users(users)
    rows = [Notification(
        recipient=user, kind=kind.key, params={"mailing": mailing.pk},
        source=mailing.source[:100], dedupe_key=mailing.source[:200], created_at=now,
        in_app=INAPP in offered and preferences.wants_in_app(kind, chosen.get(pk)),
    ) for pk, user in sorted(users.items())]
    with transaction.atomic():
        # Rows a concurrent run wrote first are skipped; those written now are read back
        # (PostgreSQL returns no ids for an insert that may skip rows).
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        written = list(Notification.objects.filter(
            recipient_id__in=list(users), dedupe_key=mailing.source, created_at=now,
        ).select_related("recipient"))
        deliveries = [delivery for notification in written
                      for delivery in planning.deliveries_for(
                          notification, chosen.get(notification.recipient_id), now)
                      if delivery.channel in offered]
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        due = list(Delivery.objects.filter(
            notification_id__in=[row.pk for row in written], status=Delivery.Status.QUEUED,
            send_after__isnull=True).values_list("pk", flat=True))
        if due:
            transaction.on_commit(partial(tasks.enqueue_sending, due))
    return len(written)


def _insert_sql(segment_sql):
    """One range's INSERT … SELECT over `segment_sql` (the recipients' user ids); answers
    how many rows it wrote and the ids of those whose recipient wants the kind on another
    channel than in-app (their deliveries are to be planned). Positional params: kind,
    params, url, source, dedupe key, kind, kind, default in-app, now, (the segment's),
    kind, kind, default other."""
    notification = Notification._meta.db_table
    preference = Preference._meta.db_table
    return f"""
        WITH written AS (
            INSERT INTO {notification} (recipient_id, kind, params, url, source, dedupe_key,
                                        in_app, created_at)
            SELECT s.user_id, %s, %s::jsonb, %s, %s, %s,
                   CASE WHEN pr.channels ? %s THEN (pr.channels -> %s) ? 'inapp'
                        ELSE %s END,
                   %s
            FROM ({segment_sql}) s
            LEFT JOIN {preference} pr ON pr.user_id = s.user_id
            ON CONFLICT (recipient_id, dedupe_key) WHERE dedupe_key <> '' DO NOTHING
            RETURNING id, recipient_id
        )
        SELECT (SELECT count(*) FROM written),
               ARRAY(SELECT w.id FROM written w
                     LEFT JOIN {preference} pr ON pr.user_id = w.recipient_id
                     WHERE CASE WHEN pr.channels ? %s
                                THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(
                                                 pr.channels -> %s) AS chosen(name)
                                             WHERE chosen.name <> 'inapp')
                                ELSE %s END
                     ORDER BY w.id)"""


def set_based():
    return connection.vendor == "postgresql"


def announce(announcement, kind_key, *, url="", now=None, on_range=None):
    """Writes the announcement's notifications to its segment; how many were written.
    `on_range(written, planned)` is told after each range (the benchmark times them)."""
    now = now or timezone.now()
    source = announcement.source
    params = {"announcement": announcement.pk}
    if not set_based():
        user_ids = list(segments.announcement_partners(announcement).order_by("user_id")
                        .values_list("user_id", flat=True))
        written = 0
        for start in range(0, len(user_ids), NOTIFY_MANY_BATCH):
            written += services.notify_many(
                user_ids[start:start + NOTIFY_MANY_BATCH], kind_key, params=params, url=url,
                source=source, dedupe_key=source, now=now) or 0
        return written
    kind = kind_registry.get(kind_key)
    partners = segments.announcement_partners(announcement)
    bounds = partners.aggregate(low=Min("user_id"), high=Max("user_id"))
    if bounds["low"] is None:
        return 0
    default_inapp = INAPP in kind.channels
    default_other = any(name != INAPP for name in kind.channels)
    before = [kind.key, json.dumps(params), inbox.safe_url(url), source[:100], source[:200],
              kind.key, kind.key, default_inapp, now]
    after_segment = [kind.key, kind.key, default_other]
    written, after, high = 0, bounds["low"] - 1, bounds["high"]
    while after < high:
        upto = min(after + ID_RANGE, high)
        segment_sql, segment_params = (
            partners.filter(user_id__gt=after, user_id__lte=upto).order_by()
            .values("user_id").query.sql_with_params())
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_insert_sql(segment_sql),
                           [*before, *segment_params, *after_segment])
            range_written, to_plan = cursor.fetchone()
            for start in range(0, len(to_plan), PLAN_CHUNK):
                transaction.on_commit(partial(
                    tasks.enqueue_planning, to_plan[start:start + PLAN_CHUNK], now))
        written += range_written
        if on_range is not None:
            on_range(range_written, len(to_plan))
        after = upto
    return written
