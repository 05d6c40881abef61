"""The "push" channel: a notification sent to every browser the partner subscribed, through
each subscription's push service with pywebpush (the payload encrypted for the browser,
aes128gcm, and the request signed with the site's VAPID key).

The push service's answer decides: 404 or 410 means the subscription is gone, so it is
deleted; 429, a 5xx or no answer is temporary (channels.Retry once every browser was
tried); other refusals are permanent for that browser. A browser that took the message
is remembered for the delivery (in the cache, for a day), so a retry does not show it
twice. The channel is available to a user with at least one subscription.
"""

import json
import logging

import requests
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy
from pywebpush import WebPushException, webpush

from notifications import channels
from notifications.webpush import subscriptions, vapid
from notifications.webpush.models import PushSubscription

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds
TTL = 24 * 3600  # seconds a push service keeps the message for a browser that is offline
SENT_SECONDS = 24 * 3600
TITLE_LIMIT = 200
BODY_LIMIT = 1000  # a push message's payload is at most about 4 kB once encrypted
GONE = {404, 410}


class Gone(Exception):
    """The subscription no longer exists at its push service."""


def payload(message):
    """What the service worker shows (static/sw.js reads these names)."""
    body = message.body if len(message.body) <= BODY_LIMIT else message.body[:BODY_LIMIT] + "…"
    return json.dumps({
        "title": message.title[:TITLE_LIMIT], "body": body, "url": message.url,
        "tag": f"notification-{message.notification.pk}", "lang": message.language,
    }, ensure_ascii=False)


def push(subscription, data):
    """Send `data` to one subscription; raises Gone, channels.Retry or channels.Failed."""
    try:
        webpush(
            subscription.subscription_info(), data=data,
            vapid_private_key=vapid.vapid(), vapid_claims=vapid.claims(),
            ttl=TTL, timeout=TIMEOUT, headers={"Urgency": "normal"},
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in GONE:
            raise Gone(str(status)) from error
        if status is None or status == 429 or status >= 500:
            raise channels.Retry(f"The push service answered {status}") from error
        raise channels.Failed(f"The push service refused the message: {status}") from error
    except requests.RequestException as error:
        raise channels.Retry(f"The push service did not answer: {error}") from error


def send(delivery, message):
    found = list(subscriptions.of(delivery.notification.recipient).order_by("pk"))
    if not found:
        raise channels.Failed("No push subscription")
    sent_key = f"webpush:sent:{delivery.pk}"
    sent = set(cache.get(sent_key) or ())
    data = payload(message)
    temporary, refused = [], []
    for subscription in found:
        if subscription.pk in sent:
            continue
        try:
            push(subscription, data)
        except Gone:
            PushSubscription.objects.filter(pk=subscription.pk).delete()
            continue
        except channels.Retry as error:
            temporary.append(str(error))
            continue
        except channels.Failed as error:
            refused.append(str(error))
            continue
        sent.add(subscription.pk)
        PushSubscription.objects.filter(pk=subscription.pk).update(last_success=timezone.now())
    cache.set(sent_key, sorted(sent), SENT_SECONDS)
    if temporary:
        raise channels.Retry("; ".join(temporary))
    if not sent:
        raise channels.Failed("; ".join(refused) or "Every push subscription has expired")


def available(user):
    return subscriptions.has_any(user)


def register():
    channels.register(channels.Channel(
        name="push", label=gettext_lazy("Browser notifications"), send=send,
        available=available,
    ))
