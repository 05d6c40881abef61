"""Preferences: defaults, channels per kind honoured by delivery (in-app too), required
kinds that cannot be turned off (server-side, from the API and from the cabinet's form),
a validated IANA time zone, both ends of quiet hours, and the language."""

import pytest
from rest_framework.test import APIClient

from notifications import preferences, services
from notifications.models import Delivery, Preference
from tests.factories import UserFactory
from tests.notifications.helpers import (
    REQUIRED_KIND,
    TEST_KIND,
    RecordingChannel,
    kinds_for_tests,
    registered,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/preferences/"


@pytest.fixture
def email():
    recorder = RecordingChannel("email")
    with kinds_for_tests(), registered(recorder):
        yield recorder


def signed_in(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def body(**changes):
    return {"time_zone": "Europe/Kyiv", "quiet_start": None, "quiet_end": None,
            "digest": False, "language": "en", "channels": {}, **changes}


def test_without_a_choice_each_kind_uses_its_default_channels(email):
    assert preferences.chosen_channels(TEST_KIND, preferences.of(UserFactory())) == [
        "inapp", "email"]


def test_turning_email_off_for_a_kind_stops_its_mail_but_not_others(
        email, django_capture_on_commit_callbacks):
    user = UserFactory()
    response = signed_in(user).put(URL, body(channels={"test_lead": ["inapp"]}),
                                   format="json")
    assert response.status_code == 200, response.data
    assert response.data["channels"]["test_lead"] == ["inapp"]
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user, "test_lead")
        services.notify(user, "test_payout")
    assert list(Delivery.objects.values_list("notification__kind", flat=True)) == [
        "test_payout"]
    assert services.unread_count(user) == 2


def test_turning_in_app_off_keeps_the_bell_quiet(email, django_capture_on_commit_callbacks):
    user = UserFactory()
    Preference.objects.create(user=user, channels={"test_lead": ["email"]})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user, "test_lead")
    assert services.unread_count(user) == 0
    assert len(email.sent) == 1


def test_a_required_kind_cannot_be_turned_off_through_the_api(
        email, django_capture_on_commit_callbacks):
    user = UserFactory()
    response = signed_in(user).put(URL, body(channels={"test_payout": []}), format="json")
    assert response.status_code == 200
    assert response.data["channels"]["test_payout"] == ["inapp", "email"]
    kinds = {kind["key"]: kind for kind in response.data["kinds"]}
    assert kinds["test_payout"]["required"] is True
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user, "test_payout")
    assert services.unread_count(user) == 1 and len(email.sent) == 1


def test_a_required_kind_cannot_be_turned_off_from_the_cabinet(client, email):
    user = UserFactory()
    client.force_login(user)
    page = client.get("/en/cabinet/notifications/settings/").content.decode()
    assert 'name="channel:test_payout:email"' in page
    assert 'aria-label="Payout paid: In the cabinet" checked disabled' in page
    # Every box left empty (a disabled box is never sent, and a crafted form neither).
    response = client.post("/en/cabinet/notifications/settings/", {
        "time_zone": "Europe/Kyiv", "quiet_start": "22:00", "quiet_end": "07:30",
        "language": "uk"})
    assert response.status_code == 302
    preference = Preference.objects.get(user=user)
    assert preferences.chosen_channels(REQUIRED_KIND, preference) == ["inapp", "email"]
    assert preferences.chosen_channels(TEST_KIND, preference) == []
    assert (str(preference.quiet_start), str(preference.quiet_end)) == ("22:00:00", "07:30:00")
    user.refresh_from_db()
    assert user.language == "uk"


@pytest.mark.parametrize("changes, field", [
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
    ({"time_zone": "../../etc/passwd"}, "time_zone"),
    ({"quiet_start": "22:00"}, "quiet_end"),
    ({"channels": {"no_such_kind": ["email"]}}, "channels"),
    ({"channels": {"test_lead": ["pigeon"]}}, "channels"),
    ({"language": "de"}, "language"),
    ({"digest": "yes"}, "digest"),
])
def test_invalid_preferences_are_refused_and_nothing_is_stored(email, changes, field):
    user = UserFactory()
    response = signed_in(user).put(URL, body(**changes), format="json")
    assert response.status_code == 400
    assert field in response.data["errors"]
    assert not Preference.objects.filter(user=user).exists()


def test_the_cabinet_form_refuses_an_unknown_time_zone(client, email):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/cabinet/notifications/settings/", {
        "time_zone": "Nowhere/Land", "language": "en"})
    assert response.status_code == 200
    assert not Preference.objects.filter(user=user).exists()


def test_preferences_are_the_callers_own(email):
    user, other = UserFactory(), UserFactory()
    signed_in(user).put(URL, body(digest=True, time_zone="America/New_York"), format="json")
    mine = signed_in(user).get(URL).data
    theirs = signed_in(other).get(URL).data
    assert (mine["digest"], mine["time_zone"]) == (True, "America/New_York")
    assert theirs["digest"] is False
    assert APIClient().get(URL).status_code in (401, 403)


def test_preferences_page_lists_kinds_grouped_by_category(client, email):
    client.force_login(UserFactory())
    page = client.get("/en/cabinet/notifications/settings/").content.decode()
    assert page.index("Sales") < page.index("New lead")
    assert page.index("Money") < page.index("Payout paid")
