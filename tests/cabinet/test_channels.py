"""The cabinet's Channels page: connecting Telegram with a one-time deep link, disconnecting
it, seeing that the bot was blocked, and the browser-notification switch (its script and
key, and removing a browser of one's own only)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from notifications.telegram import linking
from notifications.telegram.models import TelegramLink, TelegramLinkToken
from notifications.webpush import vapid
from notifications.webpush.models import PushSubscription
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/cabinet/channels/"
P256DH = ("BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7"
          "DkM")


@pytest.fixture
def partner(make_partner):
    return make_partner()


@pytest.fixture(autouse=True)
def bot_username():
    with override_settings(TELEGRAM_BOT_USERNAME="DownlineTestBot"):
        yield


def test_the_page_offers_to_connect_telegram_and_turn_on_browser_notifications(
        sign_in, partner):
    page = sign_in(partner).get(PAGE).content.decode()

    assert "Connect Telegram" in page
    assert f'data-public-key="{vapid.public_key()}"' in page
    assert 'data-worker-url="/sw.js"' in page
    assert "/static/js/cabinet-push.js" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script (CSP)


def test_the_settings_page_links_to_the_channels(sign_in, partner):
    page = sign_in(partner).get("/en/cabinet/notifications/settings/").content.decode()
    assert 'href="/en/cabinet/channels/"' in page


def test_connect_shows_a_one_time_deep_link_to_the_bot(sign_in, partner):
    page = sign_in(partner).post("/en/cabinet/channels/telegram/connect/").content.decode()

    link = re.search(r'href="(https://t\.me/DownlineTestBot\?start=[^"]+)"', page).group(1)
    token = parse_qs(urlsplit(link).query)["start"][0]
    assert TelegramLinkToken.objects.get(user=partner.user).digest == linking.digest_of(token)
    linking.link_chat(token, 4242)
    assert TelegramLink.objects.get(user=partner.user).chat_id == 4242


def test_without_a_bot_the_button_says_telegram_is_not_set_up(sign_in, partner):
    with override_settings(TELEGRAM_BOT_USERNAME=""):
        client = sign_in(partner)
        page = client.get(PAGE).content.decode()
        client.post("/en/cabinet/channels/telegram/connect/")
    assert "The company has not set up its Telegram bot yet." in page
    assert not TelegramLinkToken.objects.exists()


def test_a_connected_partner_sees_it_and_can_disconnect(sign_in, partner):
    TelegramLink.objects.create(user=partner.user, chat_id=4242, username="pat")
    client = sign_in(partner)

    assert "Connected to @pat" in client.get(PAGE).content.decode()
    client.post("/en/cabinet/channels/telegram/disconnect/")
    assert not TelegramLink.objects.exists()


def test_a_partner_who_blocked_the_bot_is_told_so(sign_in, partner):
    TelegramLink.objects.create(user=partner.user, chat_id=4242, active=False)

    page = sign_in(partner).get(PAGE).content.decode()

    assert 'data-telegram-state="blocked"' in page
    assert "Connect Telegram" in page


def test_a_browser_is_removed_by_its_owner_only(sign_in, partner):
    mine = PushSubscription.objects.create(
        user=partner.user, endpoint="https://fcm.googleapis.com/fcm/send/mine", p256dh=P256DH,
        auth="AAAAAAAAAAAAAAAAAAAAAA", user_agent="Firefox on Linux")
    theirs = PushSubscription.objects.create(
        user=UserFactory(), endpoint="https://fcm.googleapis.com/fcm/send/theirs",
        p256dh=P256DH, auth="AAAAAAAAAAAAAAAAAAAAAA")
    client = sign_in(partner)

    assert "Firefox on Linux" in client.get(PAGE).content.decode()
    assert client.post(f"/en/cabinet/channels/push/{theirs.pk}/remove/").status_code == 404
    client.post(f"/en/cabinet/channels/push/{mine.pk}/remove/")
    assert list(PushSubscription.objects.all()) == [theirs]
