"""The delivery log in the operators' admin: every delivery (newest first, by status,
endpoint and kind of event), and a delivery's page with the event's body and each attempt
(when, the answer's status and body, how long it took, the error). From there staff send a
delivery again, or the whole event again to every endpoint that wants it now.

Permissions: `view_webhookdelivery` to read; `change_webhookdelivery` to send again.
"""

import json

import django_filters
from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic

from network.admin.viewsets import ConfirmActionView, ReadOnlyModelViewSet
from webhooks import outbox
from webhooks.models import DeliveryStatus, Endpoint, EventKind, WebhookDelivery

DELIVERIES = "webhooks_deliveries"
FINISHED = {DeliveryStatus.DELIVERED, DeliveryStatus.FAILED}


def delivery_url(delivery):
    return reverse(f"{DELIVERIES}:inspect", args=[delivery.pk])


class DeliveryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=DeliveryStatus.choices,
        empty_label=gettext_lazy("All"), widget=forms.RadioSelect,
    )
    endpoint = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Endpoint"), queryset=Endpoint.objects.all(),
        empty_label=gettext_lazy("All"),
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Event"), field_name="event__kind", choices=EventKind.choices,
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = WebhookDelivery
        fields = []


class DeliveryIndexView(generic.IndexView):
    page_title = gettext_lazy("Webhook deliveries")
    any_permission_required = ["view", "change"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "endpoint")

    @cached_property
    def columns(self):
        return [
            TitleColumn("event", label=_("Event"), get_url=delivery_url,
                        accessor=lambda delivery: delivery.event.get_kind_display()),
            Column("endpoint", label=_("Endpoint"), accessor="endpoint.name"),
            StatusTagColumn("status", label=_("Status"), accessor="get_status_display",
                            sort_key="status",
                            primary=lambda delivery: delivery.status == DeliveryStatus.DELIVERED),
            Column("attempts", label=_("Attempts"), sort_key="attempts"),
            Column("last_status_code", label=_("Last response"),
                   accessor=lambda delivery: delivery.last_status_code or "—"),
            DateColumn("created_at", label=_("Created"), sort_key="created_at"),
            DateColumn("next_attempt_at", label=_("Next attempt"),
                       accessor=lambda delivery: (delivery.next_attempt_at if delivery.status
                                                  == DeliveryStatus.PENDING else None)),
        ]


class DeliveryInspectView(generic.InspectView):
    any_permission_required = ["view", "change"]
    page_title = gettext_lazy("Webhook delivery")
    template_name = "webhooks/admin/delivery_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            WebhookDelivery.objects.select_related("event", "endpoint"), pk=self.pk
        )

    def get_fields(self):
        return []

    def get_page_subtitle(self):
        return self.object.event.get_kind_display()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = self.object
        can_send = self.user_has_permission("change")
        context.update({
            "delivery": delivery,
            "event": delivery.event,
            "payload": json.dumps(delivery.event.payload, indent=2, ensure_ascii=False),
            "attempts": delivery.attempt_log.order_by("-number"),
            "others": delivery.event.deliveries.exclude(pk=delivery.pk)
            .select_related("endpoint"),
            "replay_url": (reverse(f"{DELIVERIES}:replay", args=[delivery.pk])
                           if can_send and delivery.status in FINISHED else None),
            "resend_url": (reverse(f"{DELIVERIES}:resend", args=[delivery.pk])
                           if can_send else None),
        })
        return context


class ReplayDeliveryView(ConfirmActionView):
    model = WebhookDelivery
    permission_required = "change"
    page_title = gettext_lazy("Send again")
    submit_label = gettext_lazy("Send again")
    index_label = gettext_lazy("Webhook deliveries")
    index_url_name = f"{DELIVERIES}:index"
    header_icon = "redirect"
    explanation = gettext_lazy(
        "The event is sent to this endpoint again, as a new attempt with the same "
        "Idempotency-Key, and retried as usual if it fails. An endpoint that is switched "
        "off gets it once it is switched on."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = delivery_url(self.object)
        return context

    def perform(self):
        if outbox.replay(self.object):
            messages.success(self.request, _("The delivery is queued to be sent again."))
        else:
            messages.error(self.request, _(
                "The delivery is still waiting or being sent; it can be sent again once "
                "it has finished."
            ))
        return redirect(delivery_url(self.object))


class ResendEventView(ReplayDeliveryView):
    page_title = gettext_lazy("Send the event again")
    submit_label = gettext_lazy("Send the event again")
    explanation = gettext_lazy(
        "The event is sent again to every active endpoint that subscribes to its kind now, "
        "those that had it included, each with the same Idempotency-Key."
    )

    def perform(self):
        queued = outbox.resend(self.object.event)
        messages.success(self.request, _("Deliveries queued: %(count)s.") % {"count": queued})
        return redirect(delivery_url(self.object))


class DeliveryViewSet(ReadOnlyModelViewSet):
    model = WebhookDelivery
    name = DELIVERIES
    url_prefix = "webhooks/deliveries"
    icon = "list-ul"
    menu_label = gettext_lazy("Delivery log")
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    filterset_class = DeliveryFilterSet
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    permissions = ("view", "change")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/replay/", ReplayDeliveryView.as_view(), name="replay"),
            path("<int:pk>/resend/", ResendEventView.as_view(), name="resend"),
        ]
