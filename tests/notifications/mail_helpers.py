"""Plain helpers of the email, digest, unsubscribe and subscriber tests."""

import re
from urllib.parse import urlsplit

from django.core import mail

from notifications import services

LEAD_PARAMS = {"name": "Olena", "email": "olena@example.com", "phone": "", "message": "Call me",
               "landing": "My page", "received_at": "2026-11-02T10:00:00+00:00"}


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def html_of(message):
    [(html, mime)] = message.alternatives
    assert mime == "text/html"
    return html


def path_of(url):
    """The site-relative part of an absolute link in a mail."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def unsubscribe_path(message):
    header = message.extra_headers["List-Unsubscribe"]
    return path_of(header.strip("<>"))


def pixel_path(message):
    return path_of(re.search(r'<img src="([^"]+)" width="1"', html_of(message)).group(1))


def notify_on_commit(capture, user, kind, **fields):
    """notify() as an event's receiver does, with the deliveries sent once it commits."""
    with capture(execute=True):
        return services.notify(user, kind, **fields)
