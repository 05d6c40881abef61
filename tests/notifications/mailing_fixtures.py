"""The team the mailing tests write to (tests/notifications/test_mailings*.py make their
`team` fixture with build_team).

    leader ─┬─ sender ─┬─ ann ── bob ── cat
            │          └─ dan
            └─ olga (outsider) ── oleg

The sender's downline is ann, bob, cat and dan; the leader above and olga and oleg beside
must never receive the sender's mailings.
"""

from contextlib import contextmanager
from types import SimpleNamespace

from notifications.mailings import team as team_mailings
from notifications.mailings.models import Audience
from tests.notifications.helpers import RecordingChannel, registered


def build_team(make_partner):
    leader = make_partner(first_name="Lena")
    sender = make_partner(leader, first_name="Sasha", last_name="Sender")
    ann = make_partner(sender, first_name="Ann")
    bob = make_partner(ann, first_name="Bob")
    cat = make_partner(bob, first_name="Cat")
    dan = make_partner(sender, first_name="Dan")
    olga = make_partner(leader, first_name="Olga")
    oleg = make_partner(olga, first_name="Oleg")
    return SimpleNamespace(leader=leader, sender=sender, ann=ann, bob=bob, cat=cat, dan=dan,
                           olga=olga, oleg=oleg)


@contextmanager
def recording_channels():
    """Recording email and Telegram channels in place of the real ones for a test."""
    email, telegram = RecordingChannel("email"), RecordingChannel("telegram")
    with registered(email, telegram):
        yield SimpleNamespace(email=email, telegram=telegram)


def draft(**fields):
    values = {"subject": "Saturday training", "text": "See you at 10:00 in the office.",
              "audience": Audience.TEAM, "channels": ["inapp", "email"]}
    values.update(fields)
    return team_mailings.Draft(**values)


def reached(source):
    """The partners whose users got a notification from `source`."""
    from network.models import Partner
    from notifications.models import Notification

    users = Notification.objects.filter(source=source).values_list("recipient_id", flat=True)
    return set(Partner.objects.filter(user_id__in=list(users)).values_list("pk", flat=True))


def ids(*partners):
    return {partner.pk for partner in partners}
