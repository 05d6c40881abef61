"""What each kind of event says, as serializers: the same classes build the body that is
sent (`body`) and document it in the OpenAPI schema's webhooks section (webhooks/schema.py),
so the documentation cannot drift from what receivers get.

Every body is an envelope, `{"id", "kind", "created", "data"}`, whose `data` is the kind's
own payload below. Amounts are decimal strings (exact), times ISO 8601 in UTC.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from landing.models import LeadStatus
from network.models import PartnerStatus
from orders.models import OrderStatus
from webhooks.models import EventKind


def _money(**kwargs):
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


def _text(**kwargs):
    """Text that may be empty."""
    return serializers.CharField(allow_blank=True, **kwargs)


class PartnerReference(serializers.Serializer):
    """A partner as other payloads name them."""

    id = serializers.IntegerField(help_text=_("The partner's id in Downline."))
    external_id = _text(
        allow_null=True, help_text=_("The partner's id in the company's own systems.")
    )
    referral_code = serializers.CharField()
    display_name = _text()


class PartnerPayload(PartnerReference):
    email = serializers.EmailField(source="user.email", allow_null=True, allow_blank=True)
    phone = _text()
    language = _text(source="user.language", allow_null=True)
    status = serializers.ChoiceField(choices=PartnerStatus.choices)
    rank = serializers.CharField(help_text=_("The rank code the partner holds."))
    joined_at = serializers.DateTimeField()
    sponsor = PartnerReference(allow_null=True, help_text=_("Who enrolled the partner."))


class LeadPayload(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = _text(help_text=_("May be empty when a phone was left."))
    phone = _text()
    message = _text()
    status = serializers.ChoiceField(choices=LeadStatus.choices)
    created_at = serializers.DateTimeField()
    partner = PartnerReference(help_text=_("The partner whose landing took the lead."))
    landing_id = serializers.IntegerField()
    utm_source = _text()
    utm_medium = _text()
    utm_campaign = _text()
    utm_content = _text()
    utm_term = _text()


class LeadConvertedPayload(serializers.Serializer):
    lead = LeadPayload()
    partner = PartnerPayload(help_text=_("The partner the lead became."))


class OrderLinePayload(serializers.Serializer):
    sku = serializers.CharField(source="product.sku")
    name = serializers.CharField(source="product.name")
    quantity = serializers.IntegerField()
    unit_price = _money()
    pv = _money(help_text=_("The line's personal volume."))


class OrderPayload(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = _text(allow_null=True, help_text=_("The shop's order number."))
    partner = PartnerReference()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    currency = _text()
    total = _money()
    volume = _money(help_text=_("The order's personal volume (PV)."))
    created_at = serializers.DateTimeField()
    refunded_at = serializers.DateTimeField(allow_null=True)
    lines = OrderLinePayload(many=True)


class CommissionRunReference(serializers.Serializer):
    id = serializers.IntegerField()
    period = serializers.CharField(help_text=_("The month the run paid for, YYYY-MM."))


class BonusPostedPayload(serializers.Serializer):
    partner = PartnerReference()
    run = CommissionRunReference()
    currency = serializers.CharField()
    bonuses = serializers.DictField(
        child=_money(), help_text=_("The amount of each kind of bonus, by the bonus's code.")
    )
    total = _money()


class PayoutPaidPayload(serializers.Serializer):
    id = serializers.IntegerField()
    partner = PartnerReference()
    amount = _money()
    currency = serializers.CharField()
    requested_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(source="settled_at")


class RankReachedPayload(serializers.Serializer):
    partner = PartnerReference()
    rank = serializers.CharField(help_text=_("The rank code reached."))
    run = CommissionRunReference(help_text=_("The commission run that raised the rank."))


PAYLOADS = {
    EventKind.PARTNER_ENROLLED: PartnerPayload,
    EventKind.LEAD_CREATED: LeadPayload,
    EventKind.LEAD_CONVERTED: LeadConvertedPayload,
    EventKind.ORDER_PAID: OrderPayload,
    EventKind.ORDER_REFUNDED: OrderPayload,
    EventKind.BONUS_POSTED: BonusPostedPayload,
    EventKind.PAYOUT_PAID: PayoutPaidPayload,
    EventKind.RANK_REACHED: RankReachedPayload,
}

DESCRIPTIONS = {
    EventKind.PARTNER_ENROLLED: _("A new partner joined under a sponsor."),
    EventKind.LEAD_CREATED: _("A visitor left a lead on a partner's landing."),
    EventKind.LEAD_CONVERTED: _("A lead signed up and became a partner."),
    EventKind.ORDER_PAID: _("An order was paid and counts for the compensation plan."),
    EventKind.ORDER_REFUNDED: _("A paid order was refunded and no longer counts."),
    EventKind.BONUS_POSTED: _(
        "A commission run was posted: one event per partner it paid, with each bonus."
    ),
    EventKind.PAYOUT_PAID: _("The bank paid a partner's payout request."),
    EventKind.RANK_REACHED: _("A posted commission run raised a partner's rank."),
}


class EventEnvelope(serializers.Serializer):
    id = serializers.UUIDField(help_text=_(
        "The event's id, sent again as the Idempotency-Key header: the same for every "
        "attempt and replay, so a receiver can ignore an event it already has."
    ))
    created = serializers.DateTimeField()


def _envelope(kind, payload):
    words = kind.replace(".", " ").title().replace(" ", "")
    return type(f"{words}Event", (EventEnvelope,), {
        "__doc__": str(DESCRIPTIONS[kind]),
        "__module__": __name__,
        "kind": serializers.ChoiceField(choices=[(kind.value, kind.label)]),
        "data": payload(),
    })


ENVELOPES = {kind: _envelope(kind, payload) for kind, payload in PAYLOADS.items()}


def data(kind, instance):
    """The kind's payload for `instance` (a model row, or for a bonus a dict), JSON-safe."""
    return _plain(PAYLOADS[kind](instance).data)


def body(event):
    """The whole JSON body of `event` (a WebhookEvent) as bytes, exactly as signed."""
    return json.dumps(event.payload, separators=(",", ":"), ensure_ascii=False).encode()


def envelope(event_id, kind, created, payload_data):
    return _plain({"id": event_id, "kind": kind, "created": created, "data": payload_data})


def _plain(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
