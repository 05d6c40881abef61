"""The email channel: a notification mailed in its recipient's language as text and HTML,
with the RFC 8058 one-click unsubscribe headers (none for a required kind), links that
record the click, an open pixel that records the opening, and SMTP trouble retried or
failed as it deserves."""

import smtplib

import pytest
from django.core.mail.backends import locmem
from django.utils import translation
from django.utils.translation import gettext

from notifications import subscribers
from notifications.models import Delivery
from tests.notifications.mail_helpers import (
    LEAD_PARAMS,
    html_of,
    mails_to,
    notify_on_commit,
    path_of,
    pixel_path,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(make_partner):
    return make_partner(email="anna@example.com", first_name="Anna", last_name="Leader",
                        language="uk").user


def lead_for(capture, user):
    return notify_on_commit(capture, user, subscribers.LEAD_CREATED, params=LEAD_PARAMS,
                            url="/uk/cabinet/leads/")


def test_a_notification_is_mailed_in_text_and_html_in_the_recipients_language(
    anna, django_capture_on_commit_callbacks
):
    notification = lead_for(django_capture_on_commit_callbacks, anna)

    [message] = mails_to("anna@example.com")
    with translation.override("uk"):
        title = gettext("A new lead from your page: %(name)s") % {"name": "Olena"}
        greeting = gettext("Hello %(name)s,") % {"name": "Anna Leader"}
    assert title != "A new lead from your page: Olena"  # a Ukrainian catalogue was used
    assert message.subject == title
    assert greeting in message.body and greeting in html_of(message)
    assert "olena@example.com" in message.body and "Call me" in message.body
    assert "My page" in html_of(message) and "mailto:olena@example.com" in html_of(message)
    # The link opens the notification through the centre, which records the email click.
    opened = f"/uk/cabinet/notifications/{notification.pk}/open/?c=email"
    assert opened in message.body and opened in html_of(message)
    delivery = Delivery.objects.get(notification=notification, channel="email")
    assert delivery.status == Delivery.Status.SENT and delivery.sent_at is not None


def test_every_mail_a_person_may_turn_off_carries_the_one_click_unsubscribe(
    anna, django_capture_on_commit_callbacks
):
    lead_for(django_capture_on_commit_callbacks, anna)

    [message] = mails_to("anna@example.com")
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert "/uk/mail/unsubscribe/" in header
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The same signed address is the footer's link, in both parts.
    link = header.strip("<>")
    assert link in message.body and link in html_of(message)
    sent = message.message()
    assert sent["List-Unsubscribe"] == header
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_required_kind_cannot_be_unsubscribed_and_says_so(
    anna, django_capture_on_commit_callbacks
):
    notify_on_commit(django_capture_on_commit_callbacks, anna, subscribers.PAYOUT_PAID,
                     params={"amount": "120.50", "currency": "EUR", "request": 7})

    [message] = mails_to("anna@example.com")
    assert "List-Unsubscribe" not in message.extra_headers
    assert "/mail/unsubscribe/" not in message.body
    assert "120,50" in message.subject  # the amount written the Ukrainian way
    with translation.override("uk"):
        always = gettext("This message is about your money, so it is always sent and "
                         "cannot be turned off.")
    assert always in message.body


def test_a_kind_without_its_own_template_is_written_from_the_base(
    make_partner, django_capture_on_commit_callbacks
):
    user = make_partner(email="boris@example.com", language="en").user
    notify_on_commit(django_capture_on_commit_callbacks, user, subscribers.RANK_REACHED,
                     params={"rank": "manager", "period": "2026-10"}, url="/en/cabinet/rank/")

    [message] = mails_to("boris@example.com")
    assert message.subject == "Congratulations: you reached Manager"
    assert "Your new title is yours to keep." in message.body
    assert "Open it in your cabinet" in html_of(message)
    assert "Someone left their details" not in message.body


def test_the_pixel_records_the_opening_once_and_a_forged_one_nothing(
    anna, client, django_capture_on_commit_callbacks
):
    notification = lead_for(django_capture_on_commit_callbacks, anna)
    [message] = mails_to("anna@example.com")
    delivery = Delivery.objects.get(notification=notification)
    assert delivery.opened_at is None

    forged = pixel_path(message).replace(".gif", "x.gif")
    response = client.get(forged)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    delivery.refresh_from_db()
    assert delivery.opened_at is None

    response = client.get(pixel_path(message))
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    delivery.refresh_from_db()
    first_open = delivery.opened_at
    assert first_open is not None
    client.get(pixel_path(message))
    delivery.refresh_from_db()
    assert delivery.opened_at == first_open


def test_following_the_mails_link_records_the_click(anna, client,
                                                    django_capture_on_commit_callbacks):
    notification = lead_for(django_capture_on_commit_callbacks, anna)
    [message] = mails_to("anna@example.com")
    link = next(word for word in message.body.split() if "/open/?c=email" in word)

    client.force_login(anna)
    response = client.get(path_of(link))

    assert response.status_code == 302 and response["Location"] == "/uk/cabinet/leads/"
    delivery = Delivery.objects.get(notification=notification)
    assert delivery.clicked_at is not None
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("error, status", [
    (smtplib.SMTPRecipientsRefused({"anna@example.com": (550, b"no such user")}), "failed"),
    (smtplib.SMTPRecipientsRefused({"anna@example.com": (450, b"mailbox busy")}), "queued"),
    (smtplib.SMTPDataError(554, b"rejected as spam"), "failed"),
    (smtplib.SMTPServerDisconnected("connection lost"), "queued"),
    (ConnectionRefusedError("smtp down"), "queued"),
    (TimeoutError("timed out"), "queued"),
])
def test_smtp_trouble_is_retried_later_or_failed_for_good(
    anna, monkeypatch, django_capture_on_commit_callbacks, error, status
):
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", broken)
    notification = lead_for(django_capture_on_commit_callbacks, anna)

    delivery = Delivery.objects.get(notification=notification, channel="email")
    assert delivery.status == status
    assert delivery.attempts == 1 and delivery.last_error
    if status == "queued":  # tried again after a backoff
        assert delivery.send_after is not None and delivery.send_after > delivery.created_at


def test_an_invalid_address_fails_at_once(anna, django_capture_on_commit_callbacks):
    type(anna).objects.filter(pk=anna.pk).update(email="anna at example")
    anna.refresh_from_db()
    notification = lead_for(django_capture_on_commit_callbacks, anna)

    delivery = Delivery.objects.get(notification=notification, channel="email")
    assert delivery.status == Delivery.Status.FAILED
    assert "invalid email address" in delivery.last_error


def test_without_an_address_no_mail_is_planned(anna, django_capture_on_commit_callbacks):
    type(anna).objects.filter(pk=anna.pk).update(email="")
    anna.refresh_from_db()
    notification = lead_for(django_capture_on_commit_callbacks, anna)
    assert not Delivery.objects.filter(notification=notification, channel="email").exists()
