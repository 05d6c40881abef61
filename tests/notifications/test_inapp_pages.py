"""The cabinet's bell and notifications pages: the unread count in the header, the list
newest first with filters and pages, mark read and mark all read, opening a notification
(read and clicked, then its own site's link only), another user's ids refused; the staff's
deliveries screen and its retry."""

import pytest
from django.utils import timezone

from notifications import channels, services, tasks
from notifications.models import Delivery, Notification
from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin, staff_with
from tests.notifications.helpers import RecordingChannel, registered

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("notification_kinds")]

LIST = "/en/cabinet/notifications/"


def test_the_bell_shows_the_unread_count_on_cabinet_pages(client, make_partner):
    partner = make_partner()
    for _ in range(3):
        services.notify(partner.user, "test_lead")
    client.force_login(partner.user)
    html = page(client.get("/en/cabinet/"))
    assert 'data-unread="3"' in html and 'data-unread-badge aria-hidden="true">3<' in html
    assert "js/cabinet-notifications.js" in html and "<script>" not in html


def test_the_list_newest_first_with_filters_and_pages(client):
    user = UserFactory()
    start = timezone.now()
    for number in range(23):
        services.notify(user, "test_lead", params={"name": f"Lead {number}"},
                        now=start + timezone.timedelta(minutes=number))
    services.notify(user, "test_payout", now=start - timezone.timedelta(days=1))
    client.force_login(user)
    html = page(client.get(LIST))
    assert html.index("New lead: Lead 22") < html.index("New lead: Lead 21")
    assert "Lead 2<" not in html and 'rel="next"' in html
    older = page(client.get(LIST + html.split('rel="next" href="')[1].split('"')[0]
                            .replace("&amp;", "&")))
    assert "New lead: Lead 0" in older and 'notification-title">Payout paid<' in older
    money = page(client.get(LIST, {"category": "money"}))
    assert 'notification-title">Payout paid<' in money and "New lead:" not in money


def test_mark_read_and_mark_all_read(client):
    user = UserFactory()
    first, second = (services.notify(user, "test_lead") for _ in range(2))
    client.force_login(user)
    html = page(client.get(LIST))
    assert f'href="{LIST}{first.pk}/open/"' in html
    assert f'action="{LIST}{first.pk}/read/"' in html
    assert client.post(f"{LIST}{first.pk}/read/").status_code == 302
    assert services.unread_count(user) == 1
    client.post(LIST + "read-all/")
    assert services.unread_count(user) == 0


def test_opening_marks_read_and_clicked_then_goes_to_the_link(client):
    recorder = RecordingChannel("email")
    with registered(recorder):
        user = UserFactory()
        notification = services.notify(user, "test_lead", url="/en/cabinet/leads/")
        row = Delivery.objects.create(notification=notification, channel="email")
        tasks.send_delivery(row.pk)
    client.force_login(user)
    response = client.get(f"{LIST}{notification.pk}/open/?c=email")
    assert response.status_code == 302 and response["Location"] == "/en/cabinet/leads/"
    notification.refresh_from_db()
    row.refresh_from_db()
    assert notification.read_at and notification.clicked_at and row.clicked_at


def test_opening_never_redirects_off_the_site(client):
    user = UserFactory()
    notification = Notification.objects.create(recipient=user, kind="test_lead",
                                               url="https://evil.example/")
    client.force_login(user)
    response = client.get(f"{LIST}{notification.pk}/open/")
    assert response["Location"] == LIST


def test_another_users_notification_is_refused_everywhere(client):
    owner = UserFactory()
    notification = services.notify(owner, "test_lead", url="/en/cabinet/leads/")
    client.force_login(UserFactory())
    assert client.get(f"{LIST}{notification.pk}/open/").status_code == 404
    assert client.post(f"{LIST}{notification.pk}/read/").status_code == 404
    client.post(LIST + "read-all/")
    assert "New lead:" not in page(client.get(LIST))
    notification.refresh_from_db()
    assert notification.read_at is None and notification.clicked_at is None


def test_the_list_is_for_signed_in_users(client):
    assert client.get(LIST).status_code == 302


def test_staff_see_failed_deliveries_and_retry_them(client):
    broken = RecordingChannel("email", error=channels.Failed("mailbox full"))
    with registered(broken):
        notification = services.notify(UserFactory(), "test_lead")
        row = Delivery.objects.create(notification=notification, channel="email")
        tasks.send_delivery(row.pk)
        sign_in_to_admin(client, staff_with("view_delivery", "change_delivery"))
        listing = page(client.get("/admin/notifications/deliveries/", {"status": "failed"}))
        assert "mailbox full" in listing
        broken.error = None
        assert client.post(f"/admin/notifications/deliveries/{row.pk}/retry/").status_code == 302
    row.refresh_from_db()
    assert row.status == "sent" and len(broken.sent) == 1


def test_staff_without_the_permission_are_refused(client):
    sign_in_to_admin(client, staff_with("view_partner"))
    assert client.get("/admin/notifications/deliveries/").status_code in (302, 403)


def test_the_demo_partner_gets_notifications_some_unread_and_settings(client):
    from demo.notifications import seed_notifications
    from notifications.models import Preference

    user = UserFactory(language="uk")
    written = seed_notifications(user)
    assert written >= 1 and seed_notifications(user) == 0
    assert 0 < services.unread_count(user) < written or written == 1
    assert Preference.objects.get(user=user).time_zone == "Europe/Kyiv"
    client.force_login(user)
    assert "Downline Naturals" in page(client.get("/uk/cabinet/notifications/"))


def test_the_list_filters_by_kind(client):
    user = UserFactory()
    services.notify(user, "test_lead", params={"name": "Ann"})
    services.notify(user, "test_payout")
    client.force_login(user)
    html = page(client.get(LIST, {"kind": "test_payout"}))
    assert 'notification-title">Payout paid<' in html and "New lead: Ann" not in html
    assert '<option value="test_payout" selected>' in html
