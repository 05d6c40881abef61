"""The mentor view's roster: every partner in their first 90 days has a Learner row, and
each Learner row carries copies of its partner's sponsor and joining time. A sponsor's
newcomers are then one range of one index (learner_roster_idx: sponsor, joined_at) whose
rows hold the counters the view orders and counts by, instead of a lookup of each
newcomer's Learner row by key (2,000 of them for a busy sponsor).

The copies are written wherever they can change:
- a Learner row is always made with them (`ensure`, `ensure_many`), however it is made:
  at enrolment, at a first lesson or task, in a bulk tick;
- a partner's row is made when the partner is (Partner's post_save), so a newcomer who
  has done nothing yet is on the roster too; a save that may change the sponsor or the
  joining time moves the copies (one UPDATE of a row whose copies differ);
- an operator's sponsor change (network's `tree_changed`: a queryset update, no save)
  moves the copy;
- partners written in bulk (the CSV import: network's `partners_imported`) are put on the
  roster in the import's transaction;
- `sync` puts right anything else (a partner's joining time edited in the database, a row
  made before the roster existed), hourly (learning.sync_roster).
"""

from datetime import timedelta

from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from network.models import Partner

from .courses import NEWCOMER_DAYS
from .models import Learner

CHUNK = 1000


def ensure(partner):
    """The partner's Learner row, made with the roster's copies the first time."""
    learner, _created = Learner.objects.get_or_create(
        partner=partner,
        defaults={"sponsor_id": partner.sponsor_id, "joined_at": partner.joined_at})
    return learner


def ensure_many(partner_ids):
    """Learner rows (with the roster's copies) for the partners that have none."""
    ids = list(partner_ids)
    for start in range(0, len(ids), CHUNK):
        rows = Partner.objects.filter(pk__in=ids[start:start + CHUNK]).values_list(
            "pk", "sponsor_id", "joined_at")
        Learner.objects.bulk_create(
            [Learner(partner_id=pk, sponsor_id=sponsor_id, joined_at=joined_at)
             for pk, sponsor_id, joined_at in rows], ignore_conflicts=True)


def moved(partner, now=None):
    """The partner's sponsor or joining time may have changed: their copies follow (one
    UPDATE, of a row whose copies differ), and a partner in their first 90 days without
    a row gets one."""
    changed = Learner.objects.filter(partner_id=partner.pk).exclude(
        sponsor_id=partner.sponsor_id, joined_at=partner.joined_at,
    ).update(sponsor_id=partner.sponsor_id, joined_at=partner.joined_at)
    now = now or timezone.now()
    if not changed and partner.joined_at >= now - timedelta(days=NEWCOMER_DAYS):
        ensure(partner)


def _differs(copy, original):
    """The copy is not the original, NULLs compared as values (SQL's IS DISTINCT FROM)."""
    both = Q(**{f"{copy}__isnull": False, f"{original}__isnull": False})
    return (Q(**{f"{copy}__isnull": True, f"{original}__isnull": False})
            | Q(**{f"{copy}__isnull": False, f"{original}__isnull": True})
            | (both & ~Q(**{copy: F(original)})))


def sync(now=None):
    """Put the roster right for every partner in their first 90 days: a row for each who
    has none, the copies of any whose sponsor or joining time differs. Returns how many
    rows were made and how many mended."""
    now = now or timezone.now()
    since = now - timedelta(days=NEWCOMER_DAYS)
    recent = Partner.objects.filter(joined_at__gte=since)
    with connection.cursor() as cursor:  # one statement: an import may bring thousands
        cursor.execute(
            f"INSERT INTO {Learner._meta.db_table} (partner_id, lessons_done, tasks_done, "
            f"courses_done, sponsor_id, joined_at) "
            f"SELECT p.id, 0, 0, 0, p.sponsor_id, p.joined_at FROM {Partner._meta.db_table} p "
            f"WHERE p.joined_at >= %s AND NOT EXISTS (SELECT 1 FROM {Learner._meta.db_table} l "
            f"WHERE l.partner_id = p.id) ON CONFLICT DO NOTHING",
            [connection.ops.adapt_datetimefield_value(since)])
        made = max(cursor.rowcount, 0)
    partner = Partner.objects.filter(pk=OuterRef("partner_id"))
    wrong = list(
        Learner.objects.filter(partner__in=recent)
        .filter(_differs("joined_at", "partner__joined_at")
                | _differs("sponsor_id", "partner__sponsor_id"))
        .values_list("pk", flat=True))
    for start in range(0, len(wrong), CHUNK):
        Learner.objects.filter(pk__in=wrong[start:start + CHUNK]).update(
            sponsor_id=Subquery(partner.values("sponsor_id")[:1]),
            joined_at=Subquery(partner.values("joined_at")[:1]))
    return made, len(wrong)


# --- what the network tells ------------------------------------------------------------


ROSTER_FIELDS = {"sponsor", "sponsor_id", "joined_at"}


def _partner_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:  # loading fixtures: the rows come as they are
        return
    if created:
        ensure(instance)
    elif update_fields is None or ROSTER_FIELDS & set(update_fields):
        moved(instance)


def _tree_changed(sender, partner, change, **kwargs):
    if change.kind == change.Kind.SPONSOR:
        moved(partner)


def _partners_imported(sender, **kwargs):
    sync()


def connect():
    from django.db.models.signals import post_save

    from network.signals import partners_imported, tree_changed

    post_save.connect(_partner_saved, sender=Partner, dispatch_uid="learning.roster.saved")
    tree_changed.connect(_tree_changed, sender=Partner,
                         dispatch_uid="learning.roster.tree_changed")
    partners_imported.connect(_partners_imported, sender=Partner,
                              dispatch_uid="learning.roster.partners_imported")
