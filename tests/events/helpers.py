"""Building the calendar's tests need: a company event page (published, optionally
translated) and a team event."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from events.models import EventIndexPage, EventPage, TeamEvent
from tests.helpers import publish_translation

NOW = timezone.now().replace(microsecond=0)


def make_index(home, locales=None, title="Events"):
    index = EventIndexPage(title=title, slug="events")
    home.add_child(instance=index)
    index.save_revision().publish()
    if locales:
        publish_translation(index, locales["ru"], title="События")
        publish_translation(index, locales["uk"], title="Події")
    return index


def make_event(index, title="Product webinar", starts=None, hours=1, zone="Europe/Kyiv",
               **fields):
    starts = starts or NOW + timedelta(days=3)
    fields.setdefault("online_url", "https://meet.example.com/webinar")
    fields.setdefault("description", "<p>What is new in the catalogue.</p>")
    page = EventPage(title=title, slug=slugify(title), starts_at=starts,
                     ends_at=starts + timedelta(hours=hours), time_zone=zone, **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_team_event(owner, title="Home meeting", starts=None, hours=2, **fields):
    starts = starts or NOW + timedelta(days=2)
    fields.setdefault("place", "Kyiv, Khreshchatyk 1")
    return TeamEvent.objects.create(owner=owner, title=title, starts_at=starts,
                                    ends_at=starts + timedelta(hours=hours), **fields)


def signed_in(client, partner):
    client.force_login(partner.user)
    return client
