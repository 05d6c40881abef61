"""The demo's outgoing webhooks: one endpoint, "Demo CRM", registered against the site's own
receiver (/webhooks/demo-receiver/, which exists in the demo only and checks every
signature), and a first page of its delivery log.

How the log is filled, honestly: while the demo is seeded no server is listening, so the
seed cannot POST over the network. It records real events of the demo business (the newest
partners, paid and refunded orders, a lead, a paid payout) through the same code as any
domain event (webhooks.outbox) and delivers each through the same delivery code (claim,
sign, log, retry rules: webhooks.delivery); only the POST itself is made in-process by
Django's test client, so the receiver view really checks each signature and its answer is
what the log shows. Once `make demo` serves the site, new events (a sign-up, an order) go
to the receiver over real HTTP, as they would to a CRM.
"""

from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from landing.models import Lead
from network.models import Partner
from orders.models import Order, OrderStatus
from wallet.models import PayoutRequest
from webhooks import delivery, outbox
from webhooks.models import Endpoint, EventKind

NAME = "Demo CRM"


def in_process(client):
    """A delivery transport that POSTs to this site's own views through `client`."""

    def post(url, body, headers, timeout):
        path = "/" + url.split("://", 1)[-1].split("/", 1)[-1]
        extra = {name: value for name, value in headers.items() if name != "Content-Type"}
        response = client.post(path, body, content_type="application/json", headers=extra)
        return delivery.Response(response.status_code, response.content.decode())

    return post


def seed_webhooks(command):
    """The endpoint and its first deliveries, once the seed has committed: the events the
    seed's own transaction announces when it commits (posted runs, paid payouts, leads)
    would otherwise find the endpoint and try to reach a server that is not running yet."""
    base_url = command.base_url
    transaction.on_commit(lambda: register_and_deliver(base_url))


def register_and_deliver(base_url):
    """The endpoint and its first page of deliveries, once (a second seed leaves them)."""
    if Endpoint.objects.filter(name=NAME).exists():
        return None
    endpoint = Endpoint.objects.create(
        name=NAME, url=base_url + reverse("webhooks:demo_receiver"),
        kinds=list(EventKind.values),
    )
    events = []
    for kind, instances in _recent_business():
        for instance in instances:
            event = outbox.record(kind, instance, enqueue=False)
            if event is not None:
                events.append(event)
    transport = in_process(Client())
    with override_settings(WEBHOOKS_DEMO_RECEIVER=True):
        for event in events:
            for sent in event.deliveries.all():
                delivery.deliver(sent.pk, transport=transport)
    return endpoint


def _recent_business():
    partners = Partner.objects.filter(is_company=False, sponsor__isnull=False).select_related(
        "user", "sponsor").order_by("-joined_at", "-pk")[:3]
    paid = Order.objects.filter(status=OrderStatus.PAID).select_related(
        "partner").prefetch_related("lines__product").order_by("-created_at", "-pk")[:3]
    refunded = Order.objects.filter(status=OrderStatus.REFUNDED).select_related(
        "partner").prefetch_related("lines__product").order_by("-created_at", "-pk")[:1]
    leads = Lead.objects.select_related("partner").order_by("-created_at", "-pk")[:2]
    payouts = PayoutRequest.objects.filter(state=PayoutRequest.State.PAID).select_related(
        "partner").order_by("-settled_at", "-pk")[:1]
    return [
        (EventKind.PARTNER_ENROLLED, reversed(partners)),
        (EventKind.LEAD_CREATED, reversed(leads)),
        (EventKind.ORDER_PAID, reversed(paid)),
        (EventKind.ORDER_REFUNDED, refunded),
        (EventKind.PAYOUT_PAID, payouts),
    ]
