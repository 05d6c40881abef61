"""iCalendar: an event's .ics download and a partner's private feed parse with the
`icalendar` library, carry the event's zone (VTIMEZONE) and a stable UID, and a feed
address with a wrong signature, or an old one after a new address was made, is refused."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from events import feeds, seats
from tests.events.helpers import NOW, make_event, make_team_event, signed_in
from tests.helpers import publish_translation

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_event_ics_download(client, events_index):
    event = make_event(events_index, title="Spring conference", zone="Europe/Kyiv")
    response = client.get(f"/calendar/events/{event.pk}.ics")
    assert "attachment" in response["Content-Disposition"]
    calendar = parse(response)
    (item,) = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == "Spring conference"
    start = item.decoded("DTSTART")
    assert start == event.starts_at
    assert start.tzinfo.key == "Europe/Kyiv" if hasattr(start.tzinfo, "key") else True
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Kyiv"]
    assert str(item["UID"]) == f"event-{event.translation_key}@127.0.0.1"


def test_the_uid_is_the_same_in_every_language(client, events_index, locales):
    event = make_event(events_index, zone="UTC")
    russian = publish_translation(event, locales["ru"], title="Вебинар")
    english = parse(client.get(f"/calendar/events/{event.pk}.ics")).walk("VEVENT")[0]
    other = parse(client.get(f"/calendar/events/{russian.pk}.ics")).walk("VEVENT")[0]
    assert english["UID"] == other["UID"]
    assert str(other["SUMMARY"]) == "Вебинар"
    assert other.decoded("DTSTART").utcoffset() == timedelta(0)


def test_a_draft_event_has_no_ics(client, events_index):
    event = make_event(events_index)
    event.unpublish()
    assert client.get(f"/calendar/events/{event.pk}.ics").status_code == 404


def test_the_private_feed(client, events_index, team):
    sponsor, member, outsider = team
    answered = make_event(events_index, title="Answered webinar")
    make_event(events_index, title="Not answered", starts=NOW + timedelta(days=4))
    seats.respond(member, answered, "going")
    mine = make_team_event(sponsor, title="Sponsor's meeting", time_zone="America/New_York")
    make_team_event(outsider, title="Other branch")

    response = client.get(f"/calendar/feed/{feeds.token_for(member.user)}.ics")
    calendar = parse(response)
    titles = sorted(str(item["SUMMARY"]) for item in calendar.walk("VEVENT"))
    assert titles == ["Answered webinar", "Sponsor's meeting"]
    meeting = next(item for item in calendar.walk("VEVENT")
                   if str(item["SUMMARY"]) == "Sponsor's meeting")
    assert meeting.decoded("DTSTART").astimezone(ZoneInfo("UTC")) == mine.starts_at
    assert {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")} == {
        "Europe/Kyiv", "America/New_York"}


def test_a_wrong_signature_or_an_old_address_is_refused(client, make_partner):
    partner = make_partner()
    token = feeds.token_for(partner.user)
    value, signature = token.rsplit(".", 1)
    forged = f"{value}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    assert client.get(f"/calendar/feed/{forged}.ics").status_code == 403
    other = make_partner()
    other_token = feeds.token_for(other.user)
    spliced = f"{value.split('-')[0]}-{other_token.split('-', 1)[1]}"
    assert client.get(f"/calendar/feed/{spliced}.ics").status_code == 403
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 200
    feeds.rotate(partner.user)
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 403
    assert client.get(f"/calendar/feed/{feeds.token_for(partner.user)}.ics").status_code == 200


def test_team_event_ics_only_for_the_team(client, team):
    sponsor, member, outsider = team
    event = make_team_event(sponsor)
    assert parse(signed_in(client, member).get(
        f"/en/cabinet/events/team/{event.pk}.ics")).walk("VEVENT")
    assert signed_in(client, outsider).get(
        f"/en/cabinet/events/team/{event.pk}.ics").status_code == 404
