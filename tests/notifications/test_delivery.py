"""Delivery: each (notification, channel) is sent exactly once even when its task runs
twice or two workers race; a temporary failure retries with exponential backoff until the
limit and is then recorded as failed; a permanent failure is recorded at once; a channel
that fails never stops another; quiet hours hold a delivery until they end in the user's
time zone (in-app never waits); the digest holds email; an unavailable channel gets none."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from notifications import channels, delivery, planning, services, tasks
from notifications.models import Delivery, Notification, Preference
from tests.factories import UserFactory
from tests.helpers import require_postgresql, run_at_once
from tests.notifications.helpers import RecordingChannel, kinds_for_tests, registered

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def email():
    recorder = RecordingChannel("email")
    with kinds_for_tests(), registered(recorder):
        yield recorder


def notify(user, kind="test_lead", now=None, capture=None):
    with capture(execute=True):
        return services.notify(user, kind, params={"name": "Ann"}, now=now)


def test_a_task_run_twice_sends_once(email, django_capture_on_commit_callbacks):
    notification = notify(UserFactory(), capture=django_capture_on_commit_callbacks)
    row = Delivery.objects.get(notification=notification)
    tasks.plan_deliveries([notification.pk])
    tasks.plan_deliveries([notification.pk])
    tasks.send_delivery(row.pk)
    tasks.send_deliveries([row.pk, row.pk])
    assert len(email.sent) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
    assert Delivery.objects.filter(notification=notification).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_once(email):
    require_postgresql("two connections claiming one row")
    user = UserFactory()
    notification = Notification.objects.create(recipient=user, kind="test_lead")
    row = Delivery.objects.create(notification=notification, channel="email")
    now = timezone.now()
    results, errors = run_at_once([lambda: delivery.send(row.pk, now)] * 2)
    assert errors == [None, None]
    assert sorted(result is None for result in results) == [False, True]
    assert len(email.sent) == 1
    assert connection.vendor == "postgresql"


def test_a_temporary_failure_retries_with_growing_waits_then_fails(monkeypatch):
    flaky = RecordingChannel("email", error=channels.Retry("mail server busy"))
    monkeypatch.setattr(delivery, "MAX_ATTEMPTS", 3)
    with kinds_for_tests(), registered(flaky):
        row = queued_email()
        now = timezone.now()
        waits = []
        for _attempt in range(3):
            outcome = delivery.send(row.pk, now)
            row.refresh_from_db()
            if outcome.retry_at:
                waits.append(outcome.retry_at - now)
                assert delivery.send(row.pk, now) is None  # not due yet: nobody sends
                now = outcome.retry_at
    assert waits == [delivery.BACKOFF, delivery.BACKOFF * 2]
    assert (row.status, row.attempts, row.last_error) == ("failed", 3, "mail server busy")


def queued_email():
    notification = Notification.objects.create(recipient=UserFactory(), kind="test_lead")
    return Delivery.objects.create(notification=notification, channel="email")


def test_a_permanent_failure_is_recorded_at_once():
    broken = RecordingChannel("email", error=channels.Failed("no such address"))
    with kinds_for_tests(), registered(broken):
        row = queued_email()
        tasks.send_delivery(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "no such address")


def test_a_failing_channel_does_not_stop_the_other(django_capture_on_commit_callbacks):
    down = RecordingChannel("email", error=RuntimeError("SMTP down"))
    telegram = RecordingChannel("telegram")
    with kinds_for_tests(), registered(down, telegram):
        user = UserFactory()
        Preference.objects.create(user=user, channels={"test_lead": ["inapp", "email",
                                                                      "telegram"]})
        notification = notify(user, capture=django_capture_on_commit_callbacks)
    statuses = dict(Delivery.objects.filter(notification=notification)
                    .values_list("channel", "status"))
    assert statuses == {"email": "queued", "telegram": "sent"}
    assert len(telegram.sent) == 1
    assert "SMTP down" in Delivery.objects.get(channel="email").last_error
    assert services.unread_count(user) == 1


def test_staff_retry_sends_a_failed_delivery_again():
    recorder = RecordingChannel("email", error=channels.Failed("bounced"))
    with kinds_for_tests(), registered(recorder):
        row = queued_email()
        tasks.send_delivery(row.pk)
        recorder.error = None
        tasks.enqueue_sending(delivery.retry([row.pk], timezone.now()))
    row.refresh_from_db()
    assert (row.status, row.attempts, len(recorder.sent)) == ("sent", 1, 1)


def test_a_lost_enqueue_is_picked_up_by_the_sweeper(email, monkeypatch):
    user = UserFactory()
    now = timezone.now()
    monkeypatch.setattr(tasks.send_delivery, "apply_async",
                        lambda *args, **kwargs: (_ for _ in ()).throw(OSError("down")))
    tasks.plan_deliveries([Notification.objects.create(recipient=user, kind="test_lead").pk],
                          now.isoformat())
    assert Delivery.objects.get().status == "queued" and not email.sent
    monkeypatch.undo()
    tasks.release_due((now + timedelta(minutes=1)).isoformat())
    assert not email.sent  # not lost yet: its task may still come
    tasks.release_due((now + delivery.LOST_AFTER + timedelta(seconds=1)).isoformat())
    assert len(email.sent) == 1


def quiet_user(**fields):
    user = UserFactory()
    Preference.objects.create(user=user, time_zone="Europe/Kyiv", quiet_start=time(22),
                              quiet_end=time(8), **fields)
    return user


def test_quiet_hours_hold_other_channels_until_they_end_in_the_users_time_zone(
        email, django_capture_on_commit_callbacks):
    user = quiet_user()
    late = datetime(2026, 12, 7, 23, 30, tzinfo=KYIV)
    notification = notify(user, now=late, capture=django_capture_on_commit_callbacks)
    row = Delivery.objects.get(notification=notification)
    assert row.status == "held"
    assert row.send_after == datetime(2026, 12, 8, 8, 0, tzinfo=KYIV)
    assert services.unread_count(user) == 1  # in-app is never deferred
    assert not email.sent
    tasks.release_due(datetime(2026, 12, 8, 7, 59, tzinfo=KYIV).isoformat())
    assert not email.sent
    tasks.release_due(datetime(2026, 12, 8, 8, 1, tzinfo=KYIV).isoformat())
    assert len(email.sent) == 1
    # Outside quiet hours it goes at once.
    notify(user, now=datetime(2026, 12, 8, 12, 0, tzinfo=KYIV),
           capture=django_capture_on_commit_callbacks)
    assert len(email.sent) == 2


@pytest.mark.parametrize("start, end, moment, until", [
    (time(22), time(8), datetime(2026, 12, 8, 3, 0), datetime(2026, 12, 8, 8, 0)),
    (time(22), time(8), datetime(2026, 12, 8, 21, 59), None),
    (time(13), time(15), datetime(2026, 12, 8, 14, 0), datetime(2026, 12, 8, 15, 0)),
    (time(13), time(15), datetime(2026, 12, 8, 15, 0), None),
    (time(9), time(9), datetime(2026, 12, 8, 9, 0), None),
])
def test_quiet_hours_windows(start, end, moment, until):
    from notifications import preferences

    preference = Preference(time_zone="Europe/Kyiv", quiet_start=start, quiet_end=end)
    found = preferences.quiet_until(preference, moment.replace(tzinfo=KYIV))
    assert found == (until.replace(tzinfo=KYIV) if until else None)


def test_the_digest_holds_email_but_not_a_required_notice(
        email, django_capture_on_commit_callbacks):
    user = UserFactory()
    Preference.objects.create(user=user, digest=True)
    lead = notify(user, capture=django_capture_on_commit_callbacks)
    payout = notify(user, kind="test_payout", capture=django_capture_on_commit_callbacks)
    assert Delivery.objects.get(notification=lead).status == "digest"
    assert Delivery.objects.get(notification=payout).status == "sent"
    assert len(email.sent) == 1


def test_a_channel_the_user_cannot_be_reached_on_gets_no_delivery(
        django_capture_on_commit_callbacks):
    unlinked = RecordingChannel("telegram", available=False)
    with kinds_for_tests(), registered(unlinked):
        user = UserFactory()
        Preference.objects.create(user=user, channels={"test_lead": ["inapp", "telegram"]})
        notification = notify(user, capture=django_capture_on_commit_callbacks)
        assert planning.plan([notification.pk], timezone.now()) == []
    assert not Delivery.objects.exists()


def test_a_channel_turned_off_before_sending_is_skipped(
        email, django_capture_on_commit_callbacks):
    user = quiet_user()
    notification = notify(user, now=datetime(2026, 12, 7, 23, 30, tzinfo=KYIV),
                          capture=django_capture_on_commit_callbacks)
    Preference.objects.filter(user=user).update(channels={"test_lead": ["inapp"]})
    tasks.release_due(datetime(2026, 12, 8, 8, 1, tzinfo=KYIV).isoformat())
    assert Delivery.objects.get(notification=notification).status == "skipped"
    assert not email.sent


def test_the_senders_channels_narrow_the_recipients(email, django_capture_on_commit_callbacks):
    """A sequence step sent in the cabinet only: no mail, though the kind mails by default;
    one that names email mails as usual."""
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        only_cabinet = services.notify(user, "test_lead", params={"name": "Ann"},
                                       dedupe_key="a", channels=["inapp"])
        with_mail = services.notify(user, "test_lead", params={"name": "Bo"},
                                    dedupe_key="b", channels=["inapp", "email"])
    assert only_cabinet.in_app and with_mail.in_app
    assert not Delivery.objects.filter(notification=only_cabinet).exists()
    assert Delivery.objects.filter(notification=with_mail, channel="email").count() == 1
    mailed = Delivery.objects.get(notification=with_mail, channel="email")
    assert [pk for pk, _message in email.sent] == [mailed.pk]
