"""The Telegram bot against a local fake Bot API: linking a chat with the cabinet's one-time
deep link (once, only before it expires, never taking another partner's chat), the
summary and the next 90-day step in the partner's language, a notification delivered, a
partner who blocked the bot, the webhook's secret and one long-polling cycle."""

import json
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from django.core.management import call_command
from django.test import override_settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from compensation.models import PlanVersion
from landing.models import Landing, LandingState, Lead, LeadStatus, Purpose
from learning import journey as journeys
from learning.models import JourneyPlan, JourneyTask, TaskCheck
from notifications import kinds, services
from notifications.models import Delivery
from notifications.telegram import linking
from notifications.telegram.models import TelegramLink, TelegramLinkToken
from orders import services as order_services
from orders.models import OrderStatus
from tests.compensation.helpers import reference_rules
from tests.notifications.fake_telegram import FakeTelegram, command_update

pytestmark = pytest.mark.django_db

TOKEN = "123456:TEST-token"
SECRET = "webhook-secret-for-tests"
WEBHOOK = "/telegram/webhook/"
CHAT = 5550001
OTHER_CHAT = 5550002


@pytest.fixture
def fake():
    server = FakeTelegram(TOKEN).start()
    with override_settings(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=server.base_url,
                           TELEGRAM_BOT_USERNAME="DownlineTestBot",
                           TELEGRAM_WEBHOOK_SECRET=SECRET):
        yield server
    server.stop()


@pytest.fixture
def partner(make_partner):
    return make_partner(language="ru")


def post_update(client, update, secret=SECRET):
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret} if secret is not None else {}
    return client.post(WEBHOOK, data=json.dumps(update), content_type="application/json",
                       **headers)


def say(client, chat_id, text, language="en"):
    """The chat sends `text` through the webhook; the bot's replies to that chat."""
    response = post_update(client, command_update(uuid.uuid4().int % 10**9, chat_id, text,
                                                  language))
    assert response.status_code == 200
    return response


def in_language(language, message, **params):
    with translation.override(language):
        return _(message) % params if params else _(message)


def link(user, chat_id=CHAT):
    return TelegramLink.objects.create(user=user, chat_id=chat_id)


# --- linking ----------------------------------------------------------------------------


def test_start_with_the_cabinets_token_links_the_chat_and_answers_in_the_partners_language(
        client, fake, partner):
    token = linking.issue_token(partner.user)
    assert linking.deep_link(token) == f"https://t.me/DownlineTestBot?start={token}"

    say(client, CHAT, f"/start {token}", language="en")

    found = TelegramLink.objects.get(user=partner.user)
    assert (found.chat_id, found.active, found.username) == (CHAT, True, "partner")
    [reply] = fake.sent(CHAT)
    # The partner reads Russian, whatever language their Telegram app is in.
    assert reply.startswith(in_language(
        "ru", "Your Telegram is connected to %(name)s. Notifications you chose for "
        "Telegram will come here.", name=partner.user.display_name))
    assert "/summary" in reply and "/next" in reply


def test_a_token_links_once(client, fake, partner):
    token = linking.issue_token(partner.user)
    say(client, CHAT, f"/start {token}")
    say(client, OTHER_CHAT, f"/start {token}", language="uk")

    assert list(TelegramLink.objects.values_list("chat_id", flat=True)) == [CHAT]
    assert fake.sent(OTHER_CHAT) == [str(in_language("uk", linking.REFUSALS["used"]))]


def test_a_new_link_replaces_the_older_one(client, fake, partner):
    older = linking.issue_token(partner.user)
    newer = linking.issue_token(partner.user)

    say(client, CHAT, f"/start {older}")
    assert not TelegramLink.objects.exists()
    say(client, CHAT, f"/start {newer}")
    assert TelegramLink.objects.get(user=partner.user).chat_id == CHAT


def test_an_expired_token_links_nothing(client, fake, partner):
    token = linking.issue_token(partner.user,
                                now=timezone.now() - timedelta(minutes=linking.TOKEN_MINUTES + 1))
    say(client, CHAT, f"/start {token}")

    assert not TelegramLink.objects.exists()
    assert fake.sent(CHAT) == [str(in_language("en", linking.REFUSALS["expired"]))]


def test_an_unknown_token_links_nothing(client, fake, partner):
    linking.issue_token(partner.user)
    say(client, CHAT, "/start not-a-token-anyone-was-given")

    assert not TelegramLink.objects.exists()
    assert fake.sent(CHAT) == [str(in_language("en", linking.REFUSALS["unknown"]))]


def test_another_partners_token_does_not_take_a_linked_chat(client, fake, partner, make_partner):
    link(partner.user)
    other = make_partner(language="uk")
    token = linking.issue_token(other.user)

    say(client, CHAT, f"/start {token}")

    assert TelegramLink.objects.get(chat_id=CHAT).user == partner.user
    assert not TelegramLink.objects.filter(user=other.user).exists()
    # Answered in the language of the chat's partner, and the token is still good for the
    # other partner's own chat.
    assert fake.sent(CHAT) == [str(in_language("ru", linking.REFUSALS["chat_taken"]))]
    assert TelegramLinkToken.objects.get(user=other.user).used_at is None
    say(client, OTHER_CHAT, f"/start {token}")
    assert TelegramLink.objects.get(user=other.user).chat_id == OTHER_CHAT


def test_linking_again_from_another_chat_moves_the_link(client, fake, partner):
    link(partner.user)
    say(client, OTHER_CHAT, f"/start {linking.issue_token(partner.user)}")

    assert list(TelegramLink.objects.values_list("user_id", "chat_id")) == [
        (partner.user.pk, OTHER_CHAT)]


def test_stop_unlinks_the_chat(client, fake, partner):
    link(partner.user)
    say(client, CHAT, "/stop")

    assert not TelegramLink.objects.exists()
    assert fake.sent(CHAT) == [str(in_language(
        "ru", "Done: this chat is unlinked and gets no more notifications. You can connect "
              "it again from your cabinet."))]


def test_a_group_chat_is_never_answered(client, fake, partner):
    link(partner.user)
    post_update(client, command_update(77, CHAT, "/summary", chat_type="group"))

    assert fake.sent() == []


# --- the webhook's secret ---------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
def test_the_webhook_refuses_a_wrong_or_missing_secret(client, fake, partner, secret):
    token = linking.issue_token(partner.user)
    response = post_update(client, command_update(1, CHAT, f"/start {token}"), secret=secret)

    assert response.status_code == 403
    assert not TelegramLink.objects.exists()
    assert fake.calls == []


def test_the_webhook_refuses_everything_when_no_secret_is_configured(client, fake, partner):
    with override_settings(TELEGRAM_WEBHOOK_SECRET=""):
        response = post_update(client, command_update(1, CHAT, "/help"), secret="")
    assert response.status_code == 403
    assert fake.calls == []


def test_the_webhook_refuses_a_body_that_is_not_an_update(client, fake):
    response = client.post(WEBHOOK, data="[1, 2]", content_type="application/json",
                           HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=SECRET)
    assert response.status_code == 400


# --- /summary and /next ---------------------------------------------------------------


def test_summary_gives_the_team_this_periods_volume_and_rank_in_the_partners_language(
        client, fake, partner, make_partner, catalogue):
    PlanVersion.objects.create(name="Reference", version=1, state=PlanVersion.State.PUBLISHED,
                               rules=reference_rules(), effective_from="2026-01-01")
    make_partner(sponsor=partner)
    make_partner(sponsor=partner)
    order_services.create_order(partner, [{"sku": "SHAKE", "quantity": 4}], "EUR",
                                status=OrderStatus.PAID)
    page = Landing.objects.create(partner=partner, language="ru", purpose=Purpose.RECRUITING,
                                  state=LandingState.PUBLISHED, title="Team", body=[])
    for name, status in (("Olena", LeadStatus.NEW), ("Ivan", LeadStatus.CONTACTED)):
        Lead.objects.create(landing=page, partner=partner, name=name, consent_text="ok",
                            status=status)
    link(partner.user)

    say(client, CHAT, "/summary")

    [reply] = fake.sent(CHAT)
    with translation.override("ru"):
        volume = format_decimal(Decimal("102.00"), format="#,##0.00", locale="ru")
        assert volume == "102,00"  # written the Russian way
        assert _("Personal volume (PV): %(pv)s") % {"pv": volume} in reply
        assert _("Personally sponsored: %(count)s") % {"count": 2} in reply
        assert _("New leads: %(count)s") % {"count": 1} in reply
        # The plan's rank names in Russian.
        assert _("Rank this period: %(rank)s") % {"rank": "Консультант"} in reply
        assert _("Next rank %(rank)s: missing %(what)s.") % {
            "rank": "Менеджер", "what": _("%(volume)s GV") % {
                "volume": format_decimal(Decimal("898.00"), format="#,##0.00", locale="ru")},
        } in reply


def test_summary_of_an_unlinked_chat_says_how_to_link_it(client, fake, partner):
    say(client, CHAT, "/summary", language="uk")

    [reply] = fake.sent(CHAT)
    assert reply.startswith(in_language("uk", "This chat is not linked to a Downline account "
                                              "yet."))
    assert "/uk/cabinet/" in reply


def journey_plan(locales):
    """A plan of two manual tasks (day 1 and day 3) in English and Russian."""
    tasks = [("write-list", 1, "Write your list of 20 people", "Составьте список из 20 человек"),
             ("call-three", 3, "Call three people", "Позвоните трём людям")]
    plans = {}
    for language, name in (("en", "First 90 days"), ("ru", "Первые 90 дней")):
        plans[language] = JourneyPlan.objects.create(
            name=name, locale=locales[language], welcome="",
            translation_key=plans["en"].translation_key if plans else uuid.uuid4())
        for order, (key, day, english, russian) in enumerate(tasks):
            JourneyTask.objects.create(
                plan=plans[language], locale=locales[language], sort_order=order, key=key,
                day=day, title=english if language == "en" else russian,
                checked_by=TaskCheck.MANUAL)
    return plans


def test_next_gives_the_next_step_of_the_plan_in_the_partners_language(
        client, fake, partner, locales):
    journey_plan(locales)
    link(partner.user)

    say(client, CHAT, "/next")
    journeys.mark_done(partner, "write-list")
    say(client, CHAT, "/next")

    today, later = fake.sent(CHAT)
    assert in_language("ru", "Next step: %(title)s",
                       title="Составьте список из 20 человек") in today
    assert in_language("ru", "It is due today.") in today
    assert "/ru/cabinet/first-90-days/" in today
    assert "Позвоните трём людям" in later
    with translation.override("ru"):
        assert formats.date_format(journeys.due_date(partner, 3), "DATE_FORMAT") in later
    assert " г." in later  # the date is written the Russian way


# --- notifications through the channel -------------------------------------------------


TELEGRAM_KIND = kinds.Kind(
    key="test_telegram_bonus", label="Bonus", title="Bonus posted: %(amount)s",
    body="Your <b>bonus</b> for %(period)s.", category="money",
    channels=("inapp", "telegram"),
)


@pytest.fixture
def telegram_kind():
    saved = dict(kinds._registry)
    kinds.register(TELEGRAM_KIND)
    yield TELEGRAM_KIND
    kinds._registry.clear()
    kinds._registry.update(saved)


def notify(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.notify(user, TELEGRAM_KIND.key,
                               params={"amount": "€120.00", "period": "2026-11"},
                               url="/cabinet/earnings/")


def test_a_notification_is_delivered_to_the_linked_chat(
        fake, partner, telegram_kind, django_capture_on_commit_callbacks):
    link(partner.user)
    notification = notify(partner.user, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(notification=notification, channel="telegram")
    assert delivery.status == Delivery.Status.SENT
    [call] = fake.called("sendMessage")
    assert call["chat_id"] == CHAT and call["parse_mode"] == "HTML"
    assert call["text"].startswith("<b>Bonus posted: €120.00</b>")
    assert "Your &lt;b&gt;bonus&lt;/b&gt; for 2026-11." in call["text"]  # text is escaped
    assert f"/notifications/{notification.pk}/open/?c=telegram" in call["text"]


def test_a_partner_who_blocked_the_bot_is_not_sent_to_again(
        fake, partner, telegram_kind, django_capture_on_commit_callbacks):
    link(partner.user)
    fake.blocked.add(CHAT)

    first = notify(partner.user, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(notification=first, channel="telegram")
    assert delivery.status == Delivery.Status.FAILED
    assert "blocked" in delivery.last_error
    assert TelegramLink.objects.get(user=partner.user).active is False
    assert not linking.active_link(partner.user)
    second = notify(partner.user, django_capture_on_commit_callbacks)
    assert not Delivery.objects.filter(notification=second, channel="telegram",
                                       status=Delivery.Status.SENT).exists()
    assert len(fake.called("sendMessage")) == 1


@pytest.mark.parametrize("status", [429, 502])
def test_a_busy_or_failing_telegram_is_tried_again_later(
        fake, partner, telegram_kind, django_capture_on_commit_callbacks, status):
    link(partner.user)
    fake.fail_next("sendMessage", status, "Too Many Requests: retry after 3")

    notification = notify(partner.user, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(notification=notification, channel="telegram")
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.send_after is not None and delivery.attempts == 1
    assert TelegramLink.objects.get(user=partner.user).active


# --- long polling -----------------------------------------------------------------------


def test_one_long_polling_cycle_answers_the_waiting_updates(fake, partner, locales):
    token = linking.issue_token(partner.user)
    fake.queue_command(CHAT, f"/start {token}")
    last = fake.queue_command(CHAT, "/help")

    call_command("telegram_bot", "--poll", "--once", "--timeout", "1")

    assert TelegramLink.objects.get(user=partner.user).chat_id == CHAT
    assert len(fake.sent(CHAT)) == 2
    assert fake.called("deleteWebhook")
    polls = fake.called("getUpdates")
    # The last poll confirms the updates handled, so Telegram does not send them again.
    assert polls[-1]["offset"] == last["update_id"] + 1
    assert fake.updates == []


def test_the_webhook_is_set_with_its_secret(fake):
    call_command("telegram_bot", "--set-webhook", "https://example.com/telegram/webhook/")

    assert fake.webhook["url"] == "https://example.com/telegram/webhook/"
    assert fake.webhook["secret_token"] == SECRET
    assert len(fake.called("setMyCommands")) == 3  # one menu per language
