"""The cabinet's events: the month grid and the list, a team event made, changed and its
team invited (the invited listed, the signal sent once per person), another branch's
partner refused (404) on every page of a team event, answers, and the overview's panel."""

from datetime import timedelta

import pytest

from events import signals
from events.models import Rsvp, TeamEvent, TeamEventInvitation
from tests.events.helpers import NOW, make_event, make_team_event, signed_in
from tests.helpers import page

pytestmark = pytest.mark.django_db


def test_month_view_places_events_on_their_days(client, events_index, team):
    sponsor, member, outsider = team
    make_event(events_index, title="Company webinar",
               starts=NOW.replace(year=2027, month=2, day=10, hour=16, minute=0))
    make_team_event(sponsor, title="Team breakfast",
                    starts=NOW.replace(year=2027, month=2, day=20, hour=7, minute=0))
    make_team_event(outsider, title="Not for you",
                    starts=NOW.replace(year=2027, month=2, day=21, hour=7, minute=0))
    html = page(signed_in(client, member).get("/en/cabinet/events/month/?month=2027-02"))
    assert 'data-month="2027-02"' in html
    day_10 = html[html.index('data-date="2027-02-10"'):html.index('data-date="2027-02-11"')]
    assert "Company webinar" in day_10
    day_20 = html[html.index('data-date="2027-02-20"'):html.index('data-date="2027-02-21"')]
    assert "Team breakfast" in day_20
    assert "Not for you" not in html
    assert 'href="?month=2027-01"' in html and 'href="?month=2027-03"' in html
    # A month that is not one shows this month.
    assert page(client.get("/en/cabinet/events/month/?month=2027-13")).count("data-date=") >= 28


def test_list_view_and_overview_panel(client, events_index, team):
    sponsor, member, _outsider = team
    make_event(events_index, title="Soon webinar", starts=NOW + timedelta(days=1))
    make_event(events_index, title="Far conference", starts=NOW + timedelta(days=200))
    make_event(events_index, title="Leaders only", starts=NOW + timedelta(days=2),
               min_rank="director")
    make_team_event(sponsor, title="Sponsor's meeting")
    html = page(signed_in(client, member).get("/en/cabinet/events/"))
    assert "Soon webinar" in html and "Sponsor&#x27;s meeting" in html
    assert "Far conference" not in html and "Leaders only" not in html
    assert 'id="calendar-feed-url"' in html and "/calendar/feed/" in html
    overview = page(client.get("/en/cabinet/"))
    panel = overview[overview.index('id="next-events"'):]
    assert "Soon webinar" in panel and "Sponsor&#x27;s meeting" in panel


def test_create_edit_and_invite(client, team, make_partner,
                                django_capture_on_commit_callbacks):
    sponsor, member, outsider = team
    deeper = make_partner(member)
    invited = []
    receiver = lambda sender, **kwargs: invited.append(kwargs)  # noqa: E731
    signals.team_event_invited.connect(receiver)
    try:
        signed_in(client, sponsor)
        response = client.post("/en/cabinet/events/new/", {
            "title": "Home meeting <b>", "description": "<script>alert(1)</script>",
            "starts_at": "2027-05-01T18:00", "ends_at": "2027-05-01T20:00",
            "time_zone": "Europe/Kyiv", "online_url": "", "place": "Kyiv", "capacity": "10",
        })
        event = TeamEvent.objects.get()
        assert response.status_code == 302 and response["Location"].endswith(
            f"/cabinet/events/team/{event.pk}/")
        assert event.owner == sponsor and event.starts_at.isoformat() == "2027-05-01T15:00:00+00:00"
        html = page(client.get(response["Location"]))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
        assert 'id="event-ics-link"' in html and 'data-rsvp="going"' in html
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/en/cabinet/events/team/{event.pk}/invite/", {"depth": "1"})
            client.post(f"/en/cabinet/events/team/{event.pk}/invite/", {"depth": "3"})
        assert set(TeamEventInvitation.objects.values_list("user_id", flat=True)) == {
            member.user_id, deeper.user_id}
        assert [[user.pk for user in kwargs["users"]] for kwargs in invited] == [
            [member.user_id], [deeper.user_id]]
        listed = page(client.get(f"/en/cabinet/events/team/{event.pk}/"))
        assert member.user.display_name in listed[listed.index('id="invited-list"'):]
        client.post(f"/en/cabinet/events/team/{event.pk}/edit/", {
            "title": "Home meeting", "description": "", "starts_at": "2027-05-01T18:00",
            "ends_at": "2027-05-01T17:00", "time_zone": "Europe/Kyiv",
            "online_url": "javascript:alert(1)", "place": "", "capacity": "",
        })
        event.refresh_from_db()
        assert event.title == "Home meeting <b>"  # refused: ends before it starts, bad link
    finally:
        signals.team_event_invited.disconnect(receiver)
    # Only the owner changes it or invites; the team sees it.
    signed_in(client, member)
    assert client.get(f"/en/cabinet/events/team/{event.pk}/edit/").status_code == 404
    assert client.post(f"/en/cabinet/events/team/{event.pk}/invite/",
                       {"depth": "1"}).status_code == 404
    assert client.get(f"/en/cabinet/events/team/{event.pk}/").status_code == 200


def test_another_branch_gets_404(client, team):
    sponsor, member, outsider = team
    event = make_team_event(sponsor)
    signed_in(client, outsider)
    for address in (f"/en/cabinet/events/team/{event.pk}/",
                    f"/en/cabinet/events/team/{event.pk}.ics"):
        assert client.get(address).status_code == 404
    assert client.post(f"/en/cabinet/events/team-{event.pk}/rsvp/",
                       {"answer": "going"}).status_code == 404
    # The sponsor's upline does not see their downline's event either.
    assert not Rsvp.objects.exists()


def test_answer_from_the_cabinet(client, events_index, team):
    sponsor, member, _outsider = team
    event = make_team_event(sponsor, capacity=1)
    signed_in(client, sponsor)
    client.post(f"/en/cabinet/events/team-{event.pk}/rsvp/", {"answer": "going"})
    signed_in(client, member)
    response = client.post(f"/en/cabinet/events/team-{event.pk}/rsvp/",
                           {"answer": "going", "next": "https://evil.example/"})
    assert response["Location"] == f"/en/cabinet/events/team/{event.pk}/"
    assert Rsvp.objects.get(user=member.user).status == "waiting"
    company = make_event(events_index)
    client.post(f"/en/cabinet/events/company-{company.pk}/rsvp/",
                {"answer": "maybe", "next": "/en/cabinet/events/"})
    assert Rsvp.objects.get(user=member.user, company_event=company).status == "maybe"
    assert client.post("/en/cabinet/events/company-99999/rsvp/",
                       {"answer": "maybe"}).status_code == 404
