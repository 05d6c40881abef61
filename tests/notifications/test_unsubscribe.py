"""Unsubscribing from a mail without signing in: the signed link shows a confirmation in
the recipient's language, the one-click POST (RFC 8058) turns that kind's email off and
nothing else, a forged or altered link changes nothing (400), and a required kind cannot be
turned off."""

import pytest

from notifications import kinds, preferences, subscribers, unsubscribe
from notifications.models import Delivery, Preference
from tests.notifications.mail_helpers import (
    LEAD_PARAMS,
    mails_to,
    notify_on_commit,
    unsubscribe_path,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(home, make_partner):
    return make_partner(email="anna@example.com", first_name="Anna", last_name="Leader",
                        language="uk").user


def lead_mail(capture, user):
    notify_on_commit(capture, user, subscribers.LEAD_CREATED, params=LEAD_PARAMS)
    return mails_to(user.email)[-1]


def email_kinds(user):
    chosen = preferences.of(user)
    return {kind.key for kind in unsubscribe.emailed_kinds(user, chosen)}


def test_the_link_asks_first_in_the_recipients_language_and_changes_nothing(
    anna, client, django_capture_on_commit_callbacks
):
    path = unsubscribe_path(lead_mail(django_capture_on_commit_callbacks, anna))
    assert path.startswith("/uk/mail/unsubscribe/")

    page = client.get(path)

    assert page.status_code == 200
    html = page.content.decode()
    assert 'lang="uk"' in html and 'method="post"' in html and "anna@example.com" in html
    assert not Preference.objects.filter(user=anna).exists()
    assert subscribers.LEAD_CREATED in email_kinds(anna)


def test_one_click_turns_that_kinds_email_off_and_keeps_the_rest(
    anna, client, django_capture_on_commit_callbacks
):
    path = unsubscribe_path(lead_mail(django_capture_on_commit_callbacks, anna))

    # What a mail program sends for its own "unsubscribe" button (RFC 8058), no session.
    response = client.post(path, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    chosen = preferences.of(anna)
    lead_kind = kinds.get(subscribers.LEAD_CREATED)
    assert "email" not in preferences.chosen_channels(lead_kind, chosen)
    assert "inapp" in preferences.chosen_channels(lead_kind, chosen)
    assert subscribers.TEAM_MEMBER_JOINED in email_kinds(anna)  # other kinds untouched
    # The next lead is shown in the cabinet but not mailed.
    notification = notify_on_commit(django_capture_on_commit_callbacks, anna,
                                    subscribers.LEAD_CREATED, params=LEAD_PARAMS)
    assert notification.in_app
    assert not Delivery.objects.filter(notification=notification, channel="email").exists()
    assert len(mails_to("anna@example.com")) == 1


def test_stop_everything_keeps_the_payout_notices(anna, client,
                                                   django_capture_on_commit_callbacks):
    path = unsubscribe_path(lead_mail(django_capture_on_commit_callbacks, anna))
    response = client.post(path, {"scope": "all"})

    assert response.status_code == 200
    assert email_kinds(anna) == set()
    notify_on_commit(django_capture_on_commit_callbacks, anna, subscribers.PAYOUT_PAID,
                     params={"amount": "50.00", "currency": "EUR"})
    notify_on_commit(django_capture_on_commit_callbacks, anna, subscribers.BONUS_POSTED,
                     params={"amount": "10.00", "currency": "EUR", "period": "2026-10"})
    # The lead mail, then only the payout: money notices are required.
    assert len(mails_to("anna@example.com")) == 2


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature
    lambda token: "WzEsImxlYWRfY3JlYXRlZCJd" + token[token.index(":"):],  # another user
    lambda token: "not-a-token",
])
def test_a_forged_or_altered_link_changes_nothing(anna, client, tamper):
    token = unsubscribe.token(anna, subscribers.LEAD_CREATED)
    path = f"/en/mail/unsubscribe/{tamper(token)}/"

    assert client.get(path).status_code == 400
    response = client.post(path, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not Preference.objects.exists()


def test_a_required_kind_cannot_be_unsubscribed_and_the_page_says_why(anna, client):
    path = f"/en/mail/unsubscribe/{unsubscribe.token(anna, subscribers.PAYOUT_PAID)}/"

    response = client.post(path, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert 'data-state="required"' in response.content.decode()
    assert not Preference.objects.filter(user=anna).exists()


def test_a_link_for_an_unknown_kind_is_refused(anna, client):
    path = f"/en/mail/unsubscribe/{unsubscribe.token(anna, 'no_such_kind')}/"
    assert client.post(path).status_code == 400
    assert not Preference.objects.exists()
