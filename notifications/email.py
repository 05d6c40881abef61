"""The email channel: a notification as a mail in its recipient's language, plain text and
HTML, in the company's frame.

Each kind is written from one base template (`notifications/email/base.txt` and `.html`:
the greeting, the kind's title and body, the link) unless the kind has its own
(`notifications/email/<kind>.txt`/`.html`, extending the base with its details). Parameters
named `*_at` are ISO moments and reach the templates as dates.

Every mail a person may turn off says how: a signed link in the footer that turns this kind
off by email (notifications/unsubscribe.py), and the same address in a `List-Unsubscribe`
header with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so a mail
program's own "unsubscribe" button does it in one step. Required kinds (payouts) carry
neither: they cannot be turned off. The link opens through `notifications:open?c=email`
(the delivery's click); an open pixel records the delivery's opening.

A refused address (invalid, or a 5xx from the server) fails the delivery for staff to see;
anything else from SMTP (a timeout, a 4xx, a connection refused) is retried with backoff.
"""

import dataclasses
import smtplib
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.core.validators import validate_email
from django.http import HttpResponse
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import emails as account_emails
from notifications import channels, unsubscribe
from notifications.models import Delivery

EMAIL = "email"
TEMPLATES = "notifications/email"
OPEN_SALT = "notifications.email.opened"
# The smallest transparent GIF: the open pixel.
PIXEL = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01\x00\x00"
         b"\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def register():
    channels.register(channels.Channel(name=EMAIL, label=_("Email"), send=send,
                                       available=has_address))


def has_address(user):
    return bool(getattr(user, "email", ""))


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def localized_path(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


# --- the open pixel ---------------------------------------------------------------------


def pixel_token(user, delivery_ids):
    """Names the deliveries one mail carried (a digest carries several): the recipient and
    the first and last delivery id."""
    ids = sorted(delivery_ids)
    return signing.dumps([user.pk, ids[0], ids[-1]], salt=OPEN_SALT)


@require_safe
@never_cache
def opened(request, token):
    """The open pixel: the deliveries of the mail are marked opened (once; a forged or
    unknown token marks nothing), and a transparent GIF answers either way."""
    try:
        user_id, first, last = signing.loads(token, salt=OPEN_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        user_id = None
    if user_id is not None:
        mail_rows = Delivery.objects.filter(notification__recipient_id=user_id, channel=EMAIL,
                                            pk__gte=first, pk__lte=last)
        # The rows one mail carried were claimed together (a digest's at one moment): other
        # mails' rows between them are left alone.
        claimed_at = mail_rows.filter(pk=first).values_list("claimed_at", flat=True).first()
        mail_rows.filter(claimed_at=claimed_at, opened_at__isnull=True).update(
            opened_at=timezone.now())
    return HttpResponse(PIXEL, content_type="image/gif")


# --- composing -------------------------------------------------------------------------


def recipient_name(user):
    partner = getattr(user, "partner", None) if user.pk else None
    return (partner.name if partner is not None else "") or user.get_full_name()


def with_dates(params):
    """The parameters, those named `*_at` (ISO moments) as datetimes for the templates."""
    shown = dict(params or {})
    for key, value in shown.items():
        if key.endswith("_at") and isinstance(value, str):
            try:
                shown[key] = datetime.fromisoformat(value)
            except ValueError:
                pass
    return shown


def frame(user, language, kind=None, delivery_ids=()):
    """What every mail's frame shows, in `language` (active): the company, the greeting,
    the unsubscribe links (none for a required kind), the settings page and the pixel."""
    company = account_emails.sender(None)
    context = {
        "company": dataclasses.replace(company, home_url=absolute(f"/{language}/")),
        "recipient_name": recipient_name(user),
        "preferences_url": absolute(localized_path(language, "notifications:preferences")),
        "required": bool(kind is not None and kind.required),
        "unsubscribe_url": "",
        "unsubscribe_all_url": absolute(unsubscribe.link(user, None, language)),
        "pixel_url": "",
    }
    if kind is not None and not kind.required:
        context["unsubscribe_url"] = absolute(unsubscribe.link(user, kind.key, language))
    if delivery_ids:
        context["pixel_url"] = absolute(
            localized_path(language, "mail:opened", pixel_token(user, delivery_ids)))
    return context


def subject_line(text):
    """One line: a line break in a header is an injection, not a subject."""
    return " ".join(str(text).split())


def build(user, subject, template, context, list_unsubscribe=""):
    """The mail: text from `<template>.txt`, HTML from `<template>.html` (the first of each
    list that exists), and the unsubscribe headers when there is an address for them."""
    names = [template] if isinstance(template, str) else list(template)
    text = select_template([f"{name}.txt" for name in names]).render(context)
    html = select_template([f"{name}.html" for name in names]).render(context)
    headers = {"Auto-Submitted": "auto-generated"}
    if list_unsubscribe:
        headers["List-Unsubscribe"] = f"<{list_unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail = EmailMultiAlternatives(subject_line(subject), text, None, [user.email],
                                  headers=headers)
    mail.attach_alternative(html, "text/html")
    return mail


def compose(delivery, message):
    """The mail of one delivery: the notification's kind template in its language."""
    notification = delivery.notification
    user = notification.recipient
    kind = message.kind
    with translation.override(message.language):
        context = {
            **frame(user, message.language, kind, [delivery.pk]),
            "message": message, "notification": notification,
            "params": with_dates(notification.params),
        }
        templates = [f"{TEMPLATES}/{notification.kind}", f"{TEMPLATES}/base"]
        return build(user, message.title, templates, context, context["unsubscribe_url"])


# --- sending ---------------------------------------------------------------------------


def check_address(user):
    address = getattr(user, "email", "") or ""
    try:
        validate_email(address)
    except ValidationError:
        raise channels.Failed(f"invalid email address {address!r}") from None


def deliver(mail):
    """Sends the mail; channels.Failed when the address is refused for good,
    channels.Retry for anything that may pass later."""
    try:
        mail.send()
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise channels.Failed(f"recipient refused: {error.recipients}") from None
        raise channels.Retry(f"recipient refused for now: {error.recipients}") from None
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            raise channels.Failed(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from None
        raise channels.Retry(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from None
    except BadHeaderError as error:
        raise channels.Failed(str(error)) from None
    except (smtplib.SMTPException, OSError) as error:
        raise channels.Retry(f"{type(error).__name__}: {error}") from None


def send(delivery, message):
    check_address(delivery.notification.recipient)
    deliver(compose(delivery, message))
