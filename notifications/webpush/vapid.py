"""The VAPID key pair that identifies this site to the push services.

WEBPUSH_VAPID_PRIVATE_KEY (the raw 32-byte key, base64url, as `vapid --gen` or any web
push tool prints it) and WEBPUSH_VAPID_PUBLIC_KEY come from the environment in a
deployment. Without them (development, the demo, tests) the key is derived from
SECRET_KEY: stable for as long as the secret key is, made without any file or network.
Browsers subscribed under one key must subscribe again when it changes.
"""

import base64
import functools
import hashlib
import hmac

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid

# The order of the P-256 group: a private key is a number from 1 to ORDER - 1.
ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _derived_key(secret):
    seed = hmac.new(secret.encode(), b"downline:webpush:vapid", hashlib.sha256).digest()
    return ec.derive_private_key(int.from_bytes(seed, "big") % (ORDER - 1) + 1, ec.SECP256R1())


@functools.cache
def _vapid(private_key, secret):
    if private_key:
        return Vapid.from_string(private_key)
    return Vapid(_derived_key(secret))


def vapid():
    """The py_vapid key object that signs the VAPID headers."""
    return _vapid(settings.WEBPUSH_VAPID_PRIVATE_KEY, settings.SECRET_KEY)


def public_key():
    """The application server key browsers subscribe with (base64url, uncompressed point)."""
    if settings.WEBPUSH_VAPID_PUBLIC_KEY:
        return settings.WEBPUSH_VAPID_PUBLIC_KEY
    point = vapid().public_key.public_bytes(
        encoding=serialization.Encoding.X962,
        format=serialization.PublicFormat.UncompressedPoint,
    )
    return b64url(point)


def claims():
    return {"sub": settings.WEBPUSH_VAPID_SUBJECT}
