"""The outgoing webhooks in the OpenAPI schema's `webhooks` section (OpenAPI 3.1): one entry
per kind of event, its body documented by the same serializer that builds it
(webhooks/payloads.py). SPECTACULAR_SETTINGS["WEBHOOKS"] names each entry below."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, OpenApiWebhook, extend_schema

from webhooks.models import EventKind
from webhooks.payloads import DESCRIPTIONS, ENVELOPES

HOW_IT_IS_SENT = _(
    "POSTed as JSON to every active endpoint subscribed to this kind. Headers: "
    "X-Downline-Timestamp (Unix seconds) and X-Downline-Signature (“sha256=” and the hex "
    "HMAC-SHA256 of “<timestamp>.<raw body>” under the endpoint's secret), Idempotency-Key "
    "(the event's id, the same on every attempt and replay), X-Downline-Event (the kind) and "
    "X-Downline-Delivery. Answer 2xx to take the event. A network error, a timeout, 5xx or "
    "429 is tried again with an exponential backoff; any other answer gives it up."
)


def _webhook(kind):
    return OpenApiWebhook(
        name=kind.value,
        decorator=extend_schema(
            summary=kind.label,
            description=format_lazy("{} {}", DESCRIPTIONS[kind], HOW_IT_IS_SENT),
            request=ENVELOPES[kind],
            responses={
                200: OpenApiResponse(description=_("Taken (any 2xx answer).")),
                429: OpenApiResponse(description=_("Sent again later.")),
                500: OpenApiResponse(description=_("Sent again later (any 5xx answer).")),
            },
        ),
    )


PARTNER_ENROLLED = _webhook(EventKind.PARTNER_ENROLLED)
LEAD_CREATED = _webhook(EventKind.LEAD_CREATED)
LEAD_CONVERTED = _webhook(EventKind.LEAD_CONVERTED)
ORDER_PAID = _webhook(EventKind.ORDER_PAID)
ORDER_REFUNDED = _webhook(EventKind.ORDER_REFUNDED)
BONUS_POSTED = _webhook(EventKind.BONUS_POSTED)
PAYOUT_PAID = _webhook(EventKind.PAYOUT_PAID)
RANK_REACHED = _webhook(EventKind.RANK_REACHED)
