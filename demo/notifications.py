"""The demo partner's notifications: a dozen of different kinds over the last weeks, the
newest unread, shown in the partner's own language (texts are rendered when read), and
their notification settings (time zone, quiet hours, a kind moved off email).

The rows are written directly, not through notify(): they are history, and the demo must
not mail anyone. Only kinds registered at seed time are used; a dedupe key per row makes a
second seed write nothing.
"""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from demo import content
from notifications import kinds, preferences
from notifications.models import Notification, Preference

DEMO_PARTNER_EMAIL = "partner@downline.demo"

# (kind, parameters, cabinet page, hours ago, read)
HISTORY = (
    ("team_member_joined", {"name": "Iryna Koval"}, "cabinet:team", 2, False),
    ("lead_created", {"name": "Oksana Melnyk"}, "cabinet:leads", 5, False),
    ("team_first_goal", {"name": "Iryna Koval"}, "cabinet:mentees", 9, False),
    ("team_first_order", {"name": "Maksym Bondar"}, "cabinet:team", 26, False),
    ("bonus_posted", {"amount": "412.50", "currency": "EUR", "period": "2026-11"},
     "cabinet:earnings", 30, False),
    ("team_course_completed", {"name": "Iryna Koval", "course": "Start in 7 days"},
     "cabinet:mentees", 50, True),
    ("payout_paid", {"amount": "300.00", "currency": "EUR"}, "cabinet:wallet", 72, True),
    ("landing_approved", {"title": "Spring detox"}, "cabinet:landings", 120, True),
    ("order_paid", {"number": "D-10452", "volume": "75.50"}, "cabinet:orders", 140, True),
    ("team_member_joined", {"name": "Maksym Bondar"}, "cabinet:team", 190, True),
    ("lead_created", {"name": "Andrii Shevchenko"}, "cabinet:leads", 260, True),
    ("welcome", {"name": "Pavlo", "company": content.COMPANY["name"]}, "cabinet:welcome",
     24 * 30, True),
)


def _path(name, language):
    with translation.override(language):
        try:
            return reverse(name)
        except NoReverseMatch:
            return ""


def seed_notifications(user=None, now=None):
    """Writes the demo partner's notifications and settings; how many were new."""
    user = user or get_user_model().objects.filter(email=DEMO_PARTNER_EMAIL).first()
    if user is None:
        return 0
    now = now or timezone.now()
    language = user.language
    rows = []
    for number, (kind, params, page, hours, read) in enumerate(HISTORY):
        if kinds.get(kind) is None:
            continue
        created_at = now - timedelta(hours=hours)
        rows.append(Notification(
            recipient=user, kind=kind, params=params, url=_path(page, language),
            source="demo", dedupe_key=f"demo:{number}", created_at=created_at,
            read_at=created_at + timedelta(hours=1) if read else None,
        ))
    before = Notification.objects.filter(recipient=user, source="demo").count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if not Preference.objects.filter(user=user).exists():
        quiet_kinds = {"order_paid": ["inapp"]} if kinds.get("order_paid") else {}
        preferences.save(user, time_zone="Europe/Kyiv", quiet_start=time(22),
                         quiet_end=time(8), digest=False, channels=quiet_kinds)
    return Notification.objects.filter(recipient=user, source="demo").count() - before
