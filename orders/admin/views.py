"""The operators' orders in the Wagtail admin: the list (newest first; status, date,
currency and partner filters), an order's page with its lines, the bonus lines it produced
and their clawbacks, and status changes confirmed on a page of their own.

What other apps know of an order is theirs to say: an app adds sections to the order's page
through the `ORDER_PAGE_SECTIONS` hook (compensation: the bonus lines and clawbacks) and
words to a status change through `ORDER_STATUS_NOTES` (what a refund will claw back, what it
did), so orders depends on no app built on it.

Views stay thin: a status change goes through `orders.services.set_status`, so only the
moves it allows are offered, and a refund of an order whose bonuses were posted claws them
back exactly as it does for the shop's webhook. Permissions: `view_order` (or
`change_order`) to read, `change_order` to change a status.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic

from network.admin.views import ORDERS, PartnerLinkColumn, partner_url, search_partner_ids
from network.admin.viewsets import ConfirmActionView, money
from orders import services as order_services
from orders.models import Order, OrderStatus, ProductPrice

# Wagtail hooks other apps register: fn(request, order) -> HTML for the order's page;
# fn(order, status, done) -> words about the move (before it: done=False; after: True) or None.
ORDER_PAGE_SECTIONS = "order_admin_sections"
ORDER_STATUS_NOTES = "order_status_notes"


def status_notes(order, status, done):
    return [note for fn in hooks.get_hooks(ORDER_STATUS_NOTES)
            if (note := fn(order, status, done))]


# What each move is called on its button, and what the confirmation page says it does.
ACTIONS = {
    OrderStatus.PAID: (
        gettext_lazy("Mark paid"),
        gettext_lazy("The order is paid: from now on its volume counts in its period's "
                     "commission run."),
    ),
    OrderStatus.SHIPPED: (
        gettext_lazy("Mark shipped"),
        gettext_lazy("The order is shipped; it goes on counting as a paid order."),
    ),
    OrderStatus.REFUNDED: (
        gettext_lazy("Refund"),
        gettext_lazy("The order is refunded and stops counting. Bonuses already posted from "
                     "it are clawed back in the next open period."),
    ),
    OrderStatus.CANCELLED: (
        gettext_lazy("Cancel the order"),
        gettext_lazy("The order is cancelled and never counts. This cannot be undone."),
    ),
}


def order_url(order):
    return reverse(f"{ORDERS}:inspect", args=[order.pk])


def next_statuses(order):
    """The statuses `set_status` lets this order move to, in the order of OrderStatus."""
    allowed = order_services.TRANSITIONS.get(order.status, set())
    return [status for status in OrderStatus.values if status in allowed]


def catalogue_currencies():
    return [
        (currency, currency)
        for currency in ProductPrice.objects.order_by("currency")
        .values_list("currency", flat=True).distinct()
    ]


# --- the list -------------------------------------------------------------------------------


class OrderFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=OrderStatus.choices,
        empty_label=gettext_lazy("All"), widget=forms.RadioSelect,
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Created"), widget=DateRangePickerWidget,
    )
    currency = django_filters.ChoiceFilter(
        label=gettext_lazy("Currency"), choices=catalogue_currencies,
        empty_label=gettext_lazy("All"),
    )
    partner = django_filters.CharFilter(
        label=gettext_lazy("Partner"), method="filter_partner",
        help_text=gettext_lazy("Name, email, referral code, external id or #id."),
    )

    class Meta:
        model = Order
        fields = []

    def filter_partner(self, queryset, name, value):
        return queryset.filter(partner_id__in=search_partner_ids(value))


class OrderIndexView(generic.IndexView):
    page_title = gettext_lazy("Orders")
    any_permission_required = ["view", "change"]
    # Enables the search box: a partner (as in the filter) or the order's external id.
    search_fields = ["external_id"]
    search_backend_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("partner__user")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        text = self.search_query.strip()
        return queryset.filter(
            Q(partner_id__in=search_partner_ids(text)) | Q(external_id=text)
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn("order", label=_("Order"), accessor=str, get_url=order_url),
            PartnerLinkColumn("partner", label=_("Partner")),
            DateColumn("created_at", label=_("Created"), sort_key="created_at"),
            StatusTagColumn(
                "status", accessor="get_status_display", label=_("Status"), sort_key="status",
                primary=lambda order: order.status in order_services.COUNTING,
            ),
            Column("total", label=_("Amount"), sort_key="total", accessor=lambda order: (
                f"{money(order.total)} {order.currency}" if order.currency else "—"
            )),
            Column("volume", label=_("Volume (PV)"), sort_key="volume",
                   accessor=lambda order: money(order.volume)),
            Column("source", label=_("Source"), accessor="get_source_display"),
        ]


# --- one order ------------------------------------------------------------------------------


class OrderInspectView(generic.InspectView):
    any_permission_required = ["view", "change"]
    page_title = gettext_lazy("Order")
    template_name = "orders/admin/order_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Order.objects.select_related("partner__user"), pk=self.pk)

    def get_fields(self):
        return []

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        lines = [
            {
                "line": line, "amount": line.unit_price * line.quantity,
                "bv": line.product.bv * line.quantity,
            }
            for line in order.lines.select_related("product").order_by("pk")
        ]
        can_change = self.user_has_permission("change")
        context.update({
            "order": order,
            "partner_url": partner_url(order.partner_id),
            "lines": lines,
            "bv": sum((row["bv"] for row in lines), Decimal(0)),
            "sections": [fn(self.request, order) for fn in hooks.get_hooks(ORDER_PAGE_SECTIONS)],
            "actions": [
                {"status": status, "label": ACTIONS[status][0],
                 "url": reverse(f"{ORDERS}:status", args=[order.pk, status])}
                for status in next_statuses(order)
            ] if can_change else [],
        })
        return context


class OrderStatusView(ConfirmActionView):
    """GET: what the move does; POST: `set_status`, with its refusal shown as an error."""

    model = Order
    permission_required = "change"
    index_label = gettext_lazy("Orders")
    index_url_name = f"{ORDERS}:index"
    header_icon = "list-ul"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.status = kwargs["status"]
        if self.status not in ACTIONS:
            raise Http404

    def get_page_title(self):
        return ACTIONS[self.status][0]

    @property
    def submit_label(self):
        return ACTIONS[self.status][0]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": order_url(self.object), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        if self.status not in next_statuses(self.object):
            messages.error(request, self.refusal())
            return redirect(order_url(self.object))
        return super().get(request, *args, **kwargs)

    def refusal(self):
        return _("An order that is %(current)s cannot be marked %(new)s.") % {
            "current": self.object.get_status_display().lower(),
            "new": OrderStatus(self.status).label.lower(),
        }

    def get_explanation(self):
        return " ".join([str(ACTIONS[self.status][1]),
                         *status_notes(self.object, self.status, done=False)])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = order_url(self.object)
        return context

    def perform(self):
        try:
            order = order_services.set_status(self.object, self.status)
        except ValidationError as refusal:
            messages.error(self.request, " ".join(refusal.messages))
        else:
            message = _("Order %(order)s is now %(status)s.") % {
                "order": order, "status": order.get_status_display().lower(),
            }
            messages.success(self.request, " ".join(
                [message, *status_notes(order, self.status, done=True)]
            ))
        return redirect(order_url(self.object))
