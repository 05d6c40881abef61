"""/api/v1/notifications/: the caller's notifications newest first in cursor pages,
filtered by kind, category or unread; the unread count; marking one or all read; every
id of another user answers 404 and changes nothing."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from notifications import services
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("notification_kinds")]

LIST = "/api/v1/notifications/"


def signed_in(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_list_is_the_callers_own_newest_first_in_pages():
    user, other = UserFactory(language="en"), UserFactory()
    start = timezone.now()
    for number in range(25):
        services.notify(user, "test_lead", params={"name": f"Lead {number}"},
                        now=start + timezone.timedelta(minutes=number))
    services.notify(other, "test_lead", params={"name": "Not yours"})
    api = signed_in(user)
    first = api.get(LIST).data
    titles = [row["title"] for row in first["results"]]
    assert titles[:2] == ["New lead: Lead 24", "New lead: Lead 23"] and len(titles) == 20
    second = api.get(first["next"]).data
    assert [row["title"] for row in second["results"]][-1] == "New lead: Lead 0"
    assert len(second["results"]) == 5 and second["next"] is None
    row = first["results"][0]
    assert row["url"] == f"/en/cabinet/notifications/{row['id']}/open/"
    assert (row["category"], row["read"]) == ("sales", False)


def test_filters_by_kind_category_and_unread():
    user = UserFactory()
    services.notify(user, "test_lead")
    payout = services.notify(user, "test_payout")
    Notification.objects.filter(pk=payout.pk).update(read_at=timezone.now())
    api = signed_in(user)
    assert [row["kind"] for row in api.get(LIST, {"category": "money"}).data["results"]] == [
        "test_payout"]
    assert [row["kind"] for row in api.get(LIST, {"kind": "test_lead"}).data["results"]] == [
        "test_lead"]
    assert [row["kind"] for row in api.get(LIST, {"unread": "true"}).data["results"]] == [
        "test_lead"]
    assert api.get(LIST, {"category": "nonsense"}).status_code == 400
    assert api.get(LIST, {"cursor": "garbage"}).status_code == 400
    assert api.get(LIST, {"page_size": "0"}).status_code == 400


def test_unread_count_mark_read_and_mark_all_read():
    user = UserFactory()
    notifications = [services.notify(user, "test_lead") for _ in range(3)]
    services.notify(user, "test_payout")
    api = signed_in(user)
    assert api.get(LIST + "unread-count/").data == {"unread": 4}
    response = api.post(f"{LIST}{notifications[0].pk}/read/")
    assert response.status_code == 200 and response.data["read"] is True
    assert api.get(LIST + "unread-count/").data == {"unread": 3}
    assert api.post(LIST + "read-all/", {"category": "sales"}, format="json").data == {
        "marked": 2}
    assert api.get(LIST + "unread-count/").data == {"unread": 1}
    assert api.post(LIST + "read-all/", {}, format="json").data == {"marked": 1}
    assert api.get(LIST + "unread-count/").data == {"unread": 0}


def test_another_users_notification_answers_404_and_stays_unread():
    owner, intruder = UserFactory(), UserFactory()
    notification = services.notify(owner, "test_lead")
    api = signed_in(intruder)
    assert api.get(f"{LIST}{notification.pk}/").status_code == 404
    assert api.post(f"{LIST}{notification.pk}/read/").status_code == 404
    assert api.post(LIST + "read-all/", {}, format="json").data == {"marked": 0}
    assert api.get(LIST).data["results"] == []
    notification.refresh_from_db()
    assert notification.read_at is None
    assert signed_in(owner).get(f"{LIST}{notification.pk}/").status_code == 200


def test_signed_out_callers_are_refused():
    for url in (LIST, LIST + "unread-count/", LIST + "preferences/"):
        assert APIClient().get(url).status_code in (401, 403)


def test_the_count_stops_at_the_cap_the_bell_needs():
    from notifications import inbox

    user = UserFactory()
    Notification.objects.bulk_create([Notification(recipient=user, kind="test_lead")
                                      for _ in range(inbox.UNREAD_CAP + 5)])
    assert signed_in(user).get(LIST + "unread-count/").data == {"unread": inbox.UNREAD_CAP}
