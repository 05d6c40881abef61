"""Deliveries in the operators' admin ("Notifications" menu): every (notification,
channel) with its status, attempts and last error, filterable so failures are visible,
and a retry for a failed or skipped one.

Staff only: the admin demands a second factor (accounts/middleware.py), the listing checks
`notifications.view_delivery` and the retry `notifications.change_delivery` on the server.
Other parts of the notification centre add their screens to the menu through the
NOTIFICATIONS_MENU_HOOK hook.
"""

import django_filters
from django import forms
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import policy_registry

from network.admin.views import EstimatedCountPaginator
from network.admin.viewsets import ConfirmActionView, ReadOnlyModelViewSet
from notifications import channels, delivery, tasks
from notifications.models import Delivery

DELIVERIES = "notification_deliveries"
NOTIFICATIONS_MENU_HOOK = "register_notifications_admin_viewset"
RETRYABLE = (Delivery.Status.FAILED, Delivery.Status.SKIPPED)


def channel_choices():
    return [(channel.name, str(channel.label)) for channel in channels.all()
            if channel.name != channels.INAPP]


class DeliveryFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Status"), choices=Delivery.Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    channel = django_filters.ChoiceFilter(
        label=gettext_lazy("Channel"), choices=channel_choices,
        empty_label=gettext_lazy("All"),
    )
    min_attempts = django_filters.NumberFilter(
        label=gettext_lazy("At least this many attempts"), field_name="attempts",
        lookup_expr="gte",
    )
    last_error = django_filters.CharFilter(
        label=gettext_lazy("Last error contains"), lookup_expr="icontains",
    )
    kind = django_filters.CharFilter(
        label=gettext_lazy("Kind"), field_name="notification__kind",
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Created"), widget=DateRangePickerWidget,
    )

    class Meta:
        model = Delivery
        fields = []


class RetryColumn(Column):
    cell_template_name = "notifications/admin/retry_cell.html"

    def get_value(self, instance):
        if instance.status in RETRYABLE:
            return reverse(f"{DELIVERIES}:retry", args=[instance.pk])
        return ""


class DeliveryIndexView(generic.IndexView):
    page_title = gettext_lazy("Deliveries")
    paginator_class = EstimatedCountPaginator

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("notification__recipient")

    @cached_property
    def columns(self):
        return [
            Column("recipient", label=_("Recipient"),
                   accessor=lambda row: row.notification.recipient.email),
            Column("kind", label=_("Kind"), accessor=lambda row: row.notification.kind),
            Column("channel", label=_("Channel"), sort_key="channel"),
            Column("status", label=_("Status"), accessor="get_status_display",
                   sort_key="status"),
            NumberColumn("attempts", label=_("Attempts"), sort_key="attempts"),
            Column("last_error", label=_("Last error"),
                   accessor=lambda row: Truncator(row.last_error).chars(120)),
            DateColumn("created_at", label=_("Created"), sort_key="created_at"),
            DateColumn("send_after", label=_("Not before")),
            DateColumn("sent_at", label=_("Sent"), sort_key="sent_at"),
            RetryColumn("retry", label=_("Retry")),
        ]


class RetryDeliveryView(ConfirmActionView):
    model = Delivery
    page_title = gettext_lazy("Retry the delivery")
    submit_label = gettext_lazy("Retry")
    index_label = gettext_lazy("Deliveries")
    index_url_name = f"{DELIVERIES}:index"
    header_icon = "resubmit"

    def get_explanation(self):
        return _("The delivery goes back to the queue with fresh attempts and is sent "
                 "through %(channel)s again. Last error: %(error)s") % {
            "channel": self.object.channel, "error": self.object.last_error or "—"}

    def perform(self):
        requeued = delivery.retry([self.object.pk], now=timezone.now())
        if requeued:
            tasks.enqueue_sending(requeued)
            messages.success(self.request, _("The delivery is queued again."))
        else:
            messages.warning(self.request, _("Only a failed or skipped delivery can be "
                                             "retried."))
        return redirect(self.index_url_name)


class DeliveryViewSet(ReadOnlyModelViewSet):
    model = Delivery
    name = DELIVERIES
    url_prefix = "notifications/deliveries"
    icon = "mail"
    menu_label = gettext_lazy("Deliveries")
    index_view_class = DeliveryIndexView
    filterset_class = DeliveryFilterSet
    ordering = "-id"
    list_per_page = 50
    # view: the listing; change: the retry.
    permissions = ("view", "change")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/retry/", RetryDeliveryView.as_view(
                permission_policy=policy_registry.get_by_type(Delivery)), name="retry"),
        ]


class NotificationsViewSetGroup(ViewSetGroup):
    """The "Notifications" menu: deliveries first, then what the other parts of the
    notification centre add through NOTIFICATIONS_MENU_HOOK."""

    menu_label = gettext_lazy("Notifications")
    menu_icon = "mail"
    menu_name = "notifications"
    menu_order = 165

    def __init__(self):
        self.items = (DeliveryViewSet(),) + tuple(
            item for fn in hooks.get_hooks(NOTIFICATIONS_MENU_HOOK) for item in fn()
        )
        super().__init__()
