"""/api/v1/events/: the caller's events with their .ics links, one event, an answer; team
events only from the caller's own upline (another branch's: 404), company events for the
caller's rank; input validated (400), never a server error."""

import icalendar
import pytest

from events.models import Rsvp
from tests.events.helpers import NOW, make_event, make_team_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_partner(api):
    def sign_in(partner):
        api.force_authenticate(partner.user)
        return api
    return sign_in


def test_list_and_detail(as_partner, events_index, team):
    sponsor, member, outsider = team
    webinar = make_event(events_index, title="Webinar", capacity=5)
    make_event(events_index, title="Leaders", min_rank="director")
    own = make_team_event(sponsor, title="Sponsor's meeting")
    make_team_event(outsider, title="Other branch")
    api = as_partner(member)
    response = api.get("/api/v1/events/")
    assert response.status_code == 200
    by_key = {item["key"]: item for item in response.json()}
    assert set(by_key) == {f"company-{webinar.pk}", f"team-{own.pk}"}
    item = by_key[f"company-{webinar.pk}"]
    assert item["seats_left"] == 5 and item["answer"] == "" and item["time_zone"] == "Europe/Kyiv"
    assert item["ics_url"].endswith(f"/calendar/events/{webinar.pk}.ics")
    assert by_key[f"team-{own.pk}"]["owner"]["id"] == sponsor.pk
    team_ics = by_key[f"team-{own.pk}"]["ics_url"]
    assert team_ics.endswith(f"/api/v1/events/team-{own.pk}/ics/")
    ics = api.get(team_ics)
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert api.get(f"/api/v1/events/team-{own.pk}/").json()["title"] == "Sponsor's meeting"
    assert api.get("/api/v1/events/?kind=team").json()[0]["key"] == f"team-{own.pk}"


def test_another_branch_and_unknown_events_are_404(as_partner, events_index, team):
    sponsor, member, outsider = team
    event = make_team_event(sponsor)
    api = as_partner(outsider)
    for address in (f"/api/v1/events/team-{event.pk}/", f"/api/v1/events/team-{event.pk}/ics/",
                    "/api/v1/events/company-999999/", "/api/v1/events/nonsense/"):
        assert api.get(address).status_code == 404, address
    assert api.post(f"/api/v1/events/team-{event.pk}/rsvp/", {"answer": "going"},
                    format="json").status_code == 404
    assert not Rsvp.objects.exists()


def test_rsvp_capacity_and_rank(as_partner, events_index, make_partner):
    event = make_event(events_index, capacity=1)
    first, second = make_partner(), make_partner()
    url = f"/api/v1/events/company-{event.pk}/rsvp/"
    assert as_partner(first).post(url, {"answer": "going"}, format="json").json()[
        "answer"] == "going"
    answer = as_partner(second).post(url, {"answer": "going"}, format="json").json()
    assert answer["answer"] == "waiting" and answer["seats_left"] == 0
    assert as_partner(first).post(url, {"answer": "not_going"}, format="json").status_code == 200
    assert Rsvp.objects.get(user=second.user).status == "going"
    leaders = make_event(events_index, title="Leaders", min_rank="director")
    refused = as_partner(second).post(f"/api/v1/events/company-{leaders.pk}/rsvp/",
                                      {"answer": "going"}, format="json")
    assert refused.status_code == 403 and refused.json()["detail"]


@pytest.mark.parametrize("body", [{}, {"answer": "yes"}, {"answer": 1}, {"answer": None}])
def test_invalid_answers_are_400(as_partner, events_index, make_partner, body):
    event = make_event(events_index)
    response = as_partner(make_partner()).post(f"/api/v1/events/company-{event.pk}/rsvp/",
                                               body, format="json")
    assert response.status_code == 400 and "answer" in response.json()["errors"]


@pytest.mark.parametrize("query", [
    "start=", "kind=", "start=2027-13-01", "start=2027-01-10&end=2027-01-01",
    "start=2027-01-01&end=2029-01-01", "kind=other"])
def test_invalid_ranges_are_400(as_partner, make_partner, query):
    assert as_partner(make_partner()).get(f"/api/v1/events/?{query}").status_code == 400


def test_a_range_and_non_partners(as_partner, api, events_index, make_partner, staff):
    make_event(events_index, title="In March", starts=NOW.replace(year=2027, month=3, day=5))
    partner = make_partner()
    found = as_partner(partner).get("/api/v1/events/?start=2027-03-01&end=2027-04-01").json()
    assert [item["title"] for item in found] == ["In March"]
    api.force_authenticate(staff)
    assert api.get("/api/v1/events/").status_code == 403
    api.force_authenticate(None)
    assert api.get("/api/v1/events/").status_code == 401


def test_the_schema_documents_the_events_api(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in ("/api/v1/events/", "/api/v1/events/{key}/", "/api/v1/events/{key}/rsvp/",
                 "/api/v1/events/{key}/ics/"):
        assert path in schema["paths"], path
    assert "text/calendar" in schema["paths"]["/api/v1/events/{key}/ics/"]["get"][
        "responses"]["200"]["content"]
