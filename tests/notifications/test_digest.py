"""The daily digest: someone who asked for it gets one mail a day at 08:00 of their own time
zone listing what waited, exactly once however often the task runs; payout notices still go
at once; a failed sending waits for the next run."""

import smtplib
from datetime import UTC, datetime

import pytest
from django.core.mail.backends import locmem

from notifications import digest, preferences, subscribers
from notifications.models import Delivery
from tests.notifications.mail_helpers import (
    LEAD_PARAMS,
    html_of,
    mails_to,
    notify_on_commit,
    pixel_path,
)

pytestmark = pytest.mark.django_db

# 06:15 UTC is 08:15 in Kyiv in December (UTC+2); 08:15 UTC is 10:15 there.
KYIV_MORNING = datetime(2026, 12, 7, 6, 15, tzinfo=UTC)
KYIV_LATER = datetime(2026, 12, 7, 8, 15, tzinfo=UTC)


@pytest.fixture
def anna(make_partner):
    user = make_partner(email="anna@example.com", first_name="Anna", last_name="Leader",
                        language="en").user
    preferences.save(user, digest=True, time_zone="Europe/Kyiv")
    return user


def three_events(capture, user):
    for number, name in enumerate(("Olena", "Ivan")):
        notify_on_commit(capture, user, subscribers.LEAD_CREATED,
                         params={**LEAD_PARAMS, "name": name}, dedupe_key=f"lead:{number}")
    notify_on_commit(capture, user, subscribers.TEAM_MEMBER_JOINED, params={"name": "Maksym"})


def waiting(user):
    return Delivery.objects.filter(notification__recipient=user, channel="email",
                                   status=Delivery.Status.DIGEST)


def test_events_wait_for_one_morning_mail_sent_exactly_once(
    anna, django_capture_on_commit_callbacks
):
    three_events(django_capture_on_commit_callbacks, anna)
    assert waiting(anna).count() == 3
    assert mails_to("anna@example.com") == []

    assert digest.send_digests(KYIV_LATER) == {}  # 10:15 in Kyiv: not the digest's hour
    assert digest.send_digests(KYIV_MORNING) == {anna.pk: 3}
    assert digest.send_digests(KYIV_MORNING) == {}  # the task run again sends nothing

    [message] = mails_to("anna@example.com")
    assert message.subject == "Your daily summary: 3 notifications"
    for title in ("A new lead from your page: Olena", "A new lead from your page: Ivan",
                  "Maksym joined your team"):
        assert title in message.body and title in html_of(message)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sent = Delivery.objects.filter(notification__recipient=anna, channel="email")
    assert {(d.status, d.sent_at) for d in sent} == {(Delivery.Status.SENT, KYIV_MORNING)}


def test_rows_another_run_has_claimed_are_not_sent_twice(anna,
                                                         django_capture_on_commit_callbacks):
    three_events(django_capture_on_commit_callbacks, anna)
    claimed = digest.claim(anna.pk, KYIV_MORNING)  # a second run, in the middle of sending
    assert len(claimed) == 3

    assert digest.send_digests(KYIV_MORNING) == {}
    assert mails_to("anna@example.com") == []
    assert digest.claim(anna.pk, KYIV_MORNING) == []


def test_the_beat_task_sends_the_digest(anna, django_capture_on_commit_callbacks):
    three_events(django_capture_on_commit_callbacks, anna)
    digest.send_daily_digests.delay(KYIV_MORNING.isoformat())
    digest.send_daily_digests.delay(KYIV_MORNING.isoformat())
    assert len(mails_to("anna@example.com")) == 1
    assert not waiting(anna).exists()


def test_payout_notices_do_not_wait_for_the_digest(anna, django_capture_on_commit_callbacks):
    notify_on_commit(django_capture_on_commit_callbacks, anna, subscribers.PAYOUT_PAID,
                     params={"amount": "50.00", "currency": "EUR"})
    [message] = mails_to("anna@example.com")
    assert message.subject == "Your payout of €50.00 is paid"
    assert not waiting(anna).exists()


def test_a_failed_digest_waits_for_the_next_run(anna, monkeypatch,
                                                django_capture_on_commit_callbacks):
    three_events(django_capture_on_commit_callbacks, anna)

    def down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    with monkeypatch.context() as patched:
        patched.setattr(locmem.EmailBackend, "send_messages", down)
        assert digest.send_digests(KYIV_MORNING) == {}
    assert waiting(anna).count() == 3
    assert "connection lost" in waiting(anna).first().last_error

    assert digest.send_digests(KYIV_MORNING) == {anna.pk: 3}
    assert len(mails_to("anna@example.com")) == 1


def test_what_waits_is_sent_at_once_after_the_digest_is_turned_off(
    anna, django_capture_on_commit_callbacks
):
    three_events(django_capture_on_commit_callbacks, anna)
    preferences.save(anna, digest=False)
    assert digest.send_digests(KYIV_LATER) == {anna.pk: 3}
    assert len(mails_to("anna@example.com")) == 1


def test_opening_the_digest_marks_its_own_deliveries_opened(
    anna, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    notify_on_commit(capture, anna, subscribers.LEAD_CREATED, params=LEAD_PARAMS)
    payout = notify_on_commit(capture, anna, subscribers.PAYOUT_PAID,
                              params={"amount": "50.00", "currency": "EUR"})  # mailed at once
    notify_on_commit(capture, anna, subscribers.TEAM_MEMBER_JOINED, params={"name": "Maksym"})
    digest.send_digests(KYIV_MORNING)
    message = mails_to("anna@example.com")[-1]

    assert client.get(pixel_path(message)).status_code == 200

    opened = Delivery.objects.filter(notification__recipient=anna, opened_at__isnull=False)
    assert opened.count() == 2
    assert not opened.filter(notification=payout).exists()
