"""The demo's calendar: the events index in the menu of each language, two company
webinars and a conference in the coming weeks in three languages, the demo partner's own
team event with their team invited, and answers; a second run adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import EventIndexPage, EventPage, Rsvp, TeamEvent, TeamEventInvitation
from tests.helpers import page
from website.models import NavigationMenu

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--partners", "120", "--quiet-logins", stdout=io.StringIO())


@pytest.mark.heavy
def test_demo_calendar(client):
    seed()
    now = timezone.now()
    for language in ("en", "ru", "uk"):
        events = EventPage.objects.live().filter(locale__language_code=language)
        assert events.count() == 3, language
        assert all(event.starts_at > now for event in events)
        index = EventIndexPage.objects.get(locale__language_code=language)
        html = page(client.get(f"/{language}/"))
        assert f'href="{index.url}"' in html, language  # in the menu
    assert NavigationMenu.objects.count() == 3
    assert "Вебинар: каталог нового сезона" in page(client.get("/ru/events/"))
    team_event = TeamEvent.objects.get()
    assert team_event.owner.user.email == "partner@downline.demo"
    assert TeamEventInvitation.objects.filter(event=team_event).exists()
    assert Rsvp.objects.filter(user=team_event.owner.user).count() == 4
    before = (EventPage.objects.count(), TeamEvent.objects.count(), Rsvp.objects.count(),
              NavigationMenu.objects.get(locale__language_code="en").items.raw_data.__len__())
    seed()
    after = (EventPage.objects.count(), TeamEvent.objects.count(), Rsvp.objects.count(),
             NavigationMenu.objects.get(locale__language_code="en").items.raw_data.__len__())
    assert after == before
    client.force_login(team_event.owner.user)
    overview = page(client.get("/en/cabinet/"))
    assert "Team meeting: a strong start to the month" in overview[
        overview.index('id="next-events"'):]
