"""The cabinet's team mailings: the form previews the reach and sends, the page shows the
counts and the text escaped, another partner's mailing is not found, and two sends at
once cannot pass the daily cap (PostgreSQL)."""

import pytest
from django.urls import reverse

from notifications.mailings import team as team_mailings
from notifications.mailings.models import TeamMailing
from notifications.models import Notification
from tests.helpers import require_postgresql, run_at_once
from tests.notifications.mailing_fixtures import draft, ids, reached

pytestmark = pytest.mark.django_db

FORM = {"subject": "Training", "text": "Saturday <b>at 10</b>.", "audience": "team",
        "channels": ["inapp", "email"]}


def signed_in(client, partner):
    client.force_login(partner.user)
    return client


def test_the_menu_leads_to_the_mailings_page(client, team, home):
    page = signed_in(client, team.sender).get(reverse("cabinet:mailings"))
    assert page.status_code == 200
    assert reverse("cabinet:mailings") in page.content.decode()
    assert 'data-daily-cap="3"' in page.content.decode()


def test_the_preview_shows_how_many_it_reaches_and_sends_nothing(client, team, home, channels):
    response = signed_in(client, team.sender).post(
        reverse("cabinet:mailings"), {**FORM, "audience": "sponsored", "preview": "1"})
    assert response.status_code == 200
    assert 'data-reach="2"' in response.content.decode()
    assert not TeamMailing.objects.exists()


def test_sending_goes_to_the_mailing_page_with_its_counts(
        client, team, home, channels, django_capture_on_commit_callbacks):
    client = signed_in(client, team.sender)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cabinet:mailings"), {**FORM, "send": "1"})
    mailing = TeamMailing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cabinet:mailing", args=[mailing.pk])
    assert reached(mailing.source) == ids(team.ann, team.bob, team.cat, team.dan)
    page = client.get(response["Location"]).content.decode()
    assert '<dd data-count="recipients">4</dd>' in page
    assert '<dd data-count="notified">4</dd>' in page
    assert 'data-channel="email"' in page
    assert "Saturday &lt;b&gt;at 10&lt;/b&gt;." in page and "<b>at 10</b>" not in page


def test_a_refusal_is_shown_on_the_form(client, team, home, channels):
    from landing.models import ForbiddenPhrase

    ForbiddenPhrase.objects.create(language="uk", phrase="швидкі гроші")
    response = signed_in(client, team.sender).post(
        reverse("cabinet:mailings"), {**FORM, "text": "Швидкі гроші для всіх", "send": "1"})
    assert response.status_code == 200
    assert "швидкі гроші" in response.content.decode()
    assert not TeamMailing.objects.exists()


def test_another_partners_mailing_is_not_found(client, team, home, channels):
    theirs = team_mailings.send(team.olga, draft())
    assert signed_in(client, team.sender).get(
        reverse("cabinet:mailing", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sends_at_once_cannot_pass_the_daily_cap(team, settings):
    require_postgresql("two transactions at once need a server")
    settings.MAILINGS_DAILY_CAP = 1

    def send():
        return team_mailings.send(team.sender, draft())

    results, errors = run_at_once([send, send, send])
    assert TeamMailing.objects.filter(sender=team.sender).count() == 1
    assert sum(result is not None for result in results) == 1
    assert all(error.code == "daily_cap" for error in errors if error is not None)
    sent = next(result for result in results if result is not None)
    assert Notification.objects.filter(source=sent.source).count() == 4
