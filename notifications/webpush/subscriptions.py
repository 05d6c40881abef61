"""Saving and removing a partner's push subscriptions.

The browser gives its subscription (PushSubscription.toJSON()); it is checked before it is
kept, because the site will later POST to its endpoint: the endpoint must be an https
address of a known push service (WEBPUSH_PUSH_SERVICES, by host or parent domain), the key
a point on the P-256 curve and the secret 16 bytes. An endpoint is one browser: saved again
by another account (someone else signed in on it), it moves to that account.
"""

import base64
import binascii
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from notifications.webpush.models import PushSubscription

MAX_ENDPOINT = PushSubscription._meta.get_field("endpoint").max_length


class SubscriptionError(Exception):
    def __init__(self, field, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def b64url_decode(text):
    if not isinstance(text, str) or not text:
        raise ValueError("empty")
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def allowed_host(host):
    host = (host or "").lower().rstrip(".")
    return any(host == service or host.endswith("." + service)
               for service in (entry.lower().strip(".") for entry in
                               settings.WEBPUSH_PUSH_SERVICES))


def check_endpoint(endpoint):
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT:
        raise SubscriptionError("endpoint", _("The endpoint is missing or too long."))
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname
    except ValueError:
        raise SubscriptionError("endpoint", _("The endpoint is not an address.")) from None
    schemes = {"https", "http"} if settings.WEBPUSH_ALLOW_HTTP else {"https"}
    if parts.scheme not in schemes or not host or parts.username or parts.password:
        raise SubscriptionError("endpoint", _("The endpoint must be an https address."))
    if not allowed_host(host):
        raise SubscriptionError("endpoint", _("The endpoint is not a known push service."))
    return endpoint


def check_keys(p256dh, auth):
    try:
        point = b64url_decode(p256dh)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        if len(point) != 65:
            raise ValueError("not an uncompressed point")
    except (ValueError, TypeError, binascii.Error):
        raise SubscriptionError(
            "p256dh", _("The p256dh key is not a P-256 public key in base64url.")) from None
    try:
        secret = b64url_decode(auth)
    except (ValueError, TypeError, binascii.Error):
        secret = b""
    if len(secret) != 16:
        raise SubscriptionError("auth", _("The auth secret is not 16 bytes in base64url."))


def save(user, endpoint, p256dh, auth, user_agent=""):
    """Keep the browser's subscription for `user` (the same endpoint is updated, whoever
    had it). SubscriptionError names what is wrong."""
    check_endpoint(endpoint)
    check_keys(p256dh, auth)
    fields = {"user": user, "p256dh": p256dh.strip(), "auth": auth.strip(),
              "user_agent": (user_agent or "")[:300]}
    try:
        with transaction.atomic():
            subscription, created = PushSubscription.objects.update_or_create(
                endpoint=endpoint, defaults=fields)
    except IntegrityError:
        # The same browser subscribed twice at once: the other request made the row.
        subscription = PushSubscription.objects.get(endpoint=endpoint)
        for name, value in fields.items():
            setattr(subscription, name, value)
        subscription.save(update_fields=list(fields))
        created = False
    return subscription, created


def of(user):
    return PushSubscription.objects.filter(user_id=user.pk)


def remove(user, endpoint):
    """The browser unsubscribed: forget its endpoint, if it is `user`'s. True when found."""
    deleted, _rows = of(user).filter(endpoint=endpoint).delete()
    return bool(deleted)


def remove_by_id(user, pk):
    deleted, _rows = of(user).filter(pk=pk).delete()
    return bool(deleted)


def has_any(user):
    return user is not None and bool(user.pk) and of(user).exists()
