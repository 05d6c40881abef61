"""notify and notify_many: an event notifies once per dedupe key, only active users, in
the recipient's language, with a site-relative link only; the bell's count; a broker or
channel that is down never fails the caller."""

import pytest
from django.utils import timezone

from notifications import rendering, services, tasks
from notifications.models import Delivery, Notification
from tests.factories import UserFactory
from tests.notifications.helpers import (
    GREETING_KIND,
    RecordingChannel,
    kinds_for_tests,
    registered,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def email():
    recorder = RecordingChannel("email")
    with kinds_for_tests(GREETING_KIND), registered(recorder):
        yield recorder


def test_an_event_notifies_once_per_dedupe_key(email, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(user, "test_lead", params={"name": "Ann"},
                                dedupe_key="lead:7")
        again = services.notify(user, "test_lead", params={"name": "Ann"},
                                dedupe_key="lead:7")
    assert first is not None and again is None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(email.sent) == 1
    # Another user may get the same key; no key means no dedupe.
    assert services.notify(UserFactory(), "test_lead", dedupe_key="lead:7") is not None
    assert services.notify(user, "test_lead") and services.notify(user, "test_lead")
    assert Notification.objects.filter(recipient=user).count() == 3


def test_a_fan_out_writes_once_per_dedupe_key_and_skips_inactive_users(
        email, django_capture_on_commit_callbacks):
    users = [UserFactory() for _ in range(5)]
    inactive = UserFactory(is_active=False)
    ids = [user.pk for user in users] + [inactive.pk, users[0].pk]
    with django_capture_on_commit_callbacks(execute=True):
        written = services.notify_many(ids, "test_lead", params={"name": "Ann"},
                                       dedupe_key="announcement:1", source="announcement:1")
    assert written == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_many(ids, "test_lead", dedupe_key="announcement:1") == 0
    assert not Notification.objects.filter(recipient=inactive).exists()
    assert Notification.objects.filter(source="announcement:1").count() == 5
    assert Delivery.objects.filter(channel="email", status="sent").count() == 5
    assert len(email.sent) == 5


def test_an_inactive_user_is_not_notified(email):
    assert services.notify(UserFactory(is_active=False), "test_lead") is None
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_a_mistake_said_at_once(email):
    with pytest.raises(ValueError):
        services.notify(UserFactory(), "no_such_kind")


@pytest.mark.parametrize("language, greeting", [("en", "Hello"), ("ru", "Привет"),
                                                 ("uk", "Привіт")])
def test_the_text_is_in_the_recipients_language(email, language, greeting,
                                                django_capture_on_commit_callbacks):
    user = UserFactory(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(user, "test_greeting", params={"name": "Olena"})
    message = email.sent[0][1]
    assert (message.title, message.body, message.language) == (greeting, "Olena", language)
    assert rendering.message(notification, "email").title == greeting
    assert message.url.endswith(f"/{language}/cabinet/notifications/{notification.pk}/open/"
                                "?c=email")


def test_the_text_follows_a_change_of_language(email):
    user = UserFactory(language="en")
    notification = services.notify(user, "test_greeting")
    user.language = "uk"
    user.save()
    notification.refresh_from_db()
    assert rendering.message(notification, "inapp").title == "Привіт"


def test_missing_parameters_render_empty_rather_than_failing(email):
    notification = services.notify(UserFactory(), "test_lead", params={})
    assert rendering.texts(notification)[0] == "New lead: "


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x",
                                 "javascript:alert(1)", "/\\evil.example", "cabinet/leads/"])
def test_only_a_site_relative_link_is_kept(email, url):
    assert services.notify(UserFactory(), "test_lead", url=url).url == ""
    assert services.notify(UserFactory(), "test_lead", url="/en/cabinet/leads/").url == (
        "/en/cabinet/leads/")


def test_the_unread_count_counts_the_users_own_unread(email):
    user, other = UserFactory(), UserFactory()
    for _ in range(3):
        services.notify(user, "test_lead")
    services.notify(other, "test_lead")
    first = Notification.objects.filter(recipient=user).first()
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())
    assert services.unread_count(user) == 2
    assert services.unread_count(other) == 1


def test_a_broker_that_is_down_does_not_fail_the_caller(email, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.plan_deliveries, "apply_async", broker_down)
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(user, "test_lead")
    assert notification.pk and services.unread_count(user) == 1
    assert not email.sent


def test_a_fan_out_honours_each_users_choice_of_channels(
        email, django_capture_on_commit_callbacks):
    from notifications.models import Preference

    quiet, plain = UserFactory(), UserFactory()
    Preference.objects.create(user=quiet, channels={"test_lead": ["email"]})
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_many([quiet.pk, plain.pk], "test_lead") == 2
    assert (services.unread_count(quiet), services.unread_count(plain)) == (0, 1)
    assert len(email.sent) == 2


def test_parameters_are_stored_as_json_would_have_them(email):
    from decimal import Decimal

    notification = services.notify(UserFactory(), "test_lead",
                                   params={"name": Decimal("12.50")})
    notification.refresh_from_db()
    assert notification.params == {"name": "12.50"}
    assert services.notify_many([UserFactory().pk], "test_lead",
                                params={"name": Decimal("1")}) == 1
