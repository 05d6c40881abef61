"""Linking a partner's Telegram chat to their account, and unlinking it.

The cabinet issues a one-time token (`issue_token`) shown as the bot's deep link; the bot's
`/start <token>` links the chat that sent it (`link_chat`). A token links once, for
TOKEN_MINUTES, and only the account that asked for it: a used, expired or unknown token is
refused, and a chat already linked to another partner stays theirs until it is unlinked
(`/stop` in the chat, or the cabinet's button). Linking again from another chat moves the
partner's link there.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.telegram.models import TelegramLink, TelegramLinkToken

TOKEN_MINUTES = 30


class LinkRefused(Exception):
    """Why a `/start <token>` did not link the chat, in the partner's words."""

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


REFUSALS = {
    "unknown": _("This link is not valid. Open “Channels” in your cabinet and press "
                 "“Connect Telegram” again."),
    "used": _("This link was already used. Open “Channels” in your cabinet and press "
              "“Connect Telegram” again."),
    "expired": _("This link has expired. Open “Channels” in your cabinet and press "
                 "“Connect Telegram” again."),
    "chat_taken": _("This Telegram chat is linked to another account. Send /stop here "
                    "first, then use your link again."),
}


def _refuse(code):
    return LinkRefused(code, REFUSALS[code])


def digest_of(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user, now=None):
    """A new one-time token for `user` (the plain token: only its digest is stored). It
    replaces the user's earlier tokens: only the newest link works, and a user pressing
    "Connect" again and again keeps one row."""
    now = now or timezone.now()
    TelegramLinkToken.objects.filter(user=user).delete()
    token = secrets.token_urlsafe(24)  # 32 characters of A-Z a-z 0-9 _ -, as Telegram asks
    TelegramLinkToken.objects.create(
        user=user, digest=digest_of(token), created_at=now,
        expires_at=now + timedelta(minutes=TOKEN_MINUTES),
    )
    return token


def bot_username():
    return settings.TELEGRAM_BOT_USERNAME.lstrip("@")


def deep_link(token):
    """The address that opens the bot with `/start <token>`."""
    return f"https://t.me/{bot_username()}?{urlencode({'start': token})}"


@dataclass(frozen=True)
class Linked:
    link: TelegramLink
    moved: bool  # the partner had another chat linked before


def link_chat(token, chat_id, username="", now=None):
    """Link the chat `chat_id` to the account that issued `token`; LinkRefused otherwise.
    The token is used up only when the chat is linked."""
    now = now or timezone.now()
    if not token:
        raise _refuse("unknown")
    with transaction.atomic():
        found = (TelegramLinkToken.objects.select_for_update().select_related("user")
                 .filter(digest=digest_of(token)).first())
        if found is None:
            raise _refuse("unknown")
        if found.used_at is not None:
            raise _refuse("used")
        if found.expires_at <= now:
            raise _refuse("expired")
        holder = TelegramLink.objects.select_for_update().filter(chat_id=chat_id).first()
        if holder is not None and holder.user_id != found.user_id:
            if holder.active:
                raise _refuse("chat_taken")
            # The other account's link is dead (that partner blocked the bot): the chat is
            # free for whoever links it now.
            holder.delete()
        TelegramLinkToken.objects.filter(pk=found.pk).update(used_at=now)
        previous = TelegramLink.objects.filter(user_id=found.user_id).first()
        moved = previous is not None and previous.chat_id != chat_id
        try:
            with transaction.atomic():
                link, _created = TelegramLink.objects.update_or_create(
                    user_id=found.user_id,
                    defaults={"chat_id": chat_id, "username": username[:64],
                              "linked_at": now, "active": True},
                )
        except IntegrityError:
            # Another account linked this chat at the same moment.
            raise _refuse("chat_taken") from None
    return Linked(link=link, moved=moved)


def link_of_chat(chat_id):
    """The active link of `chat_id` with its user, or None."""
    return (TelegramLink.objects.select_related("user")
            .filter(chat_id=chat_id, active=True).first())


def active_link(user):
    if user is None or not user.pk:
        return None
    return TelegramLink.objects.filter(user_id=user.pk, active=True).first()


def link_of(user):
    """The user's link, active or not (the cabinet says when it was switched off)."""
    return TelegramLink.objects.filter(user_id=user.pk).first()


def unlink_chat(chat_id):
    """`/stop`: the chat is no longer anyone's. True when it was linked."""
    deleted, _rows = TelegramLink.objects.filter(chat_id=chat_id).delete()
    return bool(deleted)


def unlink_user(user):
    """The cabinet's "Disconnect": the user's chat is unlinked. True when there was one."""
    deleted, _rows = TelegramLink.objects.filter(user_id=user.pk).delete()
    return bool(deleted)


def deactivate_chat(chat_id):
    """Telegram says the partner blocked the bot: stop sending to the chat."""
    return TelegramLink.objects.filter(chat_id=chat_id, active=True).update(active=False)
