"""A notification's text in its recipient's language, for every channel.

Texts are rendered when shown or sent, never stored: a notification written in English
to a partner who later switches to Ukrainian reads in Ukrainian. The link of a message
goes through `notifications:open` so a click marks the notification read (and, with
`?c=<channel>`, the channel's delivery clicked).
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from notifications import kinds as kind_registry
from notifications.channels import INAPP


class _Params(dict):
    """Missing parameters render empty rather than failing the whole message."""

    def __missing__(self, key):
        return ""


def _fill(text, params):
    text = str(text)
    try:
        return text % _Params(params or {})
    except (TypeError, ValueError):
        return text


def texts(notification):
    """(title, body) in the active language."""
    kind = kind_registry.get(notification.kind)
    if kind is None:
        return notification.kind.replace("_", " ").capitalize(), ""
    if kind.render is not None:
        title, body = kind.render(notification)
        return str(title), str(body or "")
    return _fill(kind.title, notification.params), _fill(kind.body, notification.params)


def language_of(user):
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def open_path(notification, channel=INAPP, language=None):
    """The site-relative address that marks the notification read and opens its link."""
    with translation.override(language or translation.get_language()):
        path = reverse("notifications:open", args=[notification.pk])
    if channel and channel != INAPP:
        path += "?" + urlencode({"c": channel})
    return path


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    url: str
    kind: Any
    notification: Any
    language: str


def message(notification, channel):
    """The notification rendered for `channel` in the recipient's language."""
    language = language_of(notification.recipient)
    with translation.override(language):
        title, body = texts(notification)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return Message(
        title=title, body=body,
        url=base + open_path(notification, channel, language),
        kind=kind_registry.get(notification.kind), notification=notification,
        language=language,
    )
