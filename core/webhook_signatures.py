"""The one signature scheme of Downline's webhooks, both ways: the company shop signs the
order events it sends us (orders/api/views.py checks them) and we sign the events we send
to the systems staff register (webhooks/delivery.py).

A signed request carries two headers: `X-Downline-Timestamp`, Unix seconds, and
`X-Downline-Signature`, `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<raw body>`
under the shared secret. The timestamp is signed with the body, so a captured request
cannot be replayed later with a new time; a receiver refuses one too far from its clock.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Downline-Signature"
TIMESTAMP_HEADER = "X-Downline-Timestamp"
SIGNATURE_PREFIX = "sha256="
TOLERANCE_SECONDS = 5 * 60


class SignatureError(Exception):
    """The signature is missing, malformed or wrong (`stale` False), or its timestamp is
    too far from now (`stale` True)."""

    def __init__(self, stale=False):
        super().__init__("stale timestamp" if stale else "bad signature")
        self.stale = stale


def expected_signature(secret, timestamp, body):
    """The hex HMAC-SHA256 of `<timestamp>.<body>` under `secret` (`body` as bytes)."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(secret, body, now=None):
    """The two headers that sign `body` (bytes) at `now` (Unix seconds; this moment)."""
    timestamp = str(int(time.time() if now is None else now))
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: SIGNATURE_PREFIX + expected_signature(secret, timestamp, body),
    }


def verify(secret, headers, body, now=None, tolerance=TOLERANCE_SECONDS):
    """The signature (hex) of a request whose `headers` (a case-insensitive mapping, such as
    `request.headers`) sign `body` under `secret`; raises SignatureError otherwise."""
    timestamp = (headers.get(TIMESTAMP_HEADER) or "").strip()
    header = (headers.get(SIGNATURE_HEADER) or "").strip()
    if not secret or not timestamp.isdigit() or not header.startswith(SIGNATURE_PREFIX):
        raise SignatureError()
    signature = header.removeprefix(SIGNATURE_PREFIX).lower()
    if not hmac.compare_digest(signature, expected_signature(secret, timestamp, body)):
        raise SignatureError()
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        raise SignatureError(stale=True)
    return signature
