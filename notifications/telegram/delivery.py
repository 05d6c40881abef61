"""The "telegram" channel: a notification sent to the partner's linked chat with the Bot
API's sendMessage (plain synchronous HTTP from the Celery task).

Telegram's answers decide what happens next: 429 (too many messages), a 5xx or no answer
at all is temporary (channels.Retry, the task tries again later); 403 means the partner
blocked the bot, so the link is switched off and the delivery failed; any other refusal
fails the delivery with Telegram's words. The channel is available to a user with an
active link.
"""

from html import escape

import httpx
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import channels
from notifications.telegram import linking

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# Telegram takes 4,096 characters in a message: the title and text are cut well below
# that (escaped, they grow), so the link always fits.
TITLE_LIMIT = 200
BODY_LIMIT = 3000


def method_url(method):
    """The Bot API address of `method` (TELEGRAM_API_URL may place the token with
    "{token}", as python-telegram-bot's base_url does; else the token is appended)."""
    base = settings.TELEGRAM_API_URL
    token = settings.TELEGRAM_BOT_TOKEN
    root = base.replace("{token}", token) if "{token}" in base else base + token
    return f"{root}/{method}"


def call(method, payload):
    """POST a Bot API method; (HTTP status, the decoded answer). Network failures and
    answers that are not JSON raise channels.Retry."""
    try:
        response = httpx.post(method_url(method), json=payload, timeout=TIMEOUT)
    except httpx.HTTPError as error:
        raise channels.Retry(f"Telegram did not answer: {error}") from error
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    if response.status_code == 429 or response.status_code >= 500 or (
            not answer and response.status_code != 200):
        raise channels.Retry(
            f"Telegram answered {response.status_code}: {answer.get('description', '')}")
    return response.status_code, answer


def message_text(message):
    """The notification as Telegram HTML: its title in bold, its text, and the link."""
    body = message.body
    if len(body) > BODY_LIMIT:
        body = body[:BODY_LIMIT] + "…"
    with translation.override(message.language):
        parts = [f"<b>{escape(message.title[:TITLE_LIMIT])}</b>"]
        if body:
            parts.append(escape(body))
        if message.url:
            parts.append(f'<a href="{escape(message.url, quote=True)}">{escape(_("Open"))}</a>')
    return "\n\n".join(parts)


def send_to_chat(chat_id, text, parse_mode="HTML"):
    """Send `text` to `chat_id`; raises channels.Retry or channels.Failed."""
    if not settings.TELEGRAM_BOT_TOKEN:
        raise channels.Failed("TELEGRAM_BOT_TOKEN is not set")
    status, answer = call("sendMessage", {
        "chat_id": chat_id, "text": text, "parse_mode": parse_mode,
        "link_preview_options": {"is_disabled": True},
    })
    if answer.get("ok"):
        return answer.get("result")
    description = answer.get("description") or f"HTTP {status}"
    if status == 403:
        linking.deactivate_chat(chat_id)
        raise channels.Failed(f"The partner blocked the bot: {description}")
    raise channels.Failed(f"Telegram refused the message: {description}")


def send(delivery, message):
    link = linking.active_link(delivery.notification.recipient)
    if link is None:
        raise channels.Failed("No linked Telegram chat")
    send_to_chat(link.chat_id, message_text(message))


def available(user):
    return linking.active_link(user) is not None


def register():
    channels.register(channels.Channel(
        name="telegram", label=gettext_lazy("Telegram"), send=send, available=available,
    ))
