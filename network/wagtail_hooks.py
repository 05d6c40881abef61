"""The "Network" menu of the Wagtail admin for operators: partners, tree changes, sign-up
reviews and the partners.csv import (views in admin_views.py), orders (admin_orders.py)
and the product catalogue (admin_catalogue.py); the operators' reports (income disclosure,
plan analysis: admin_reports.py) go in Wagtail's own "Reports" menu.

Built from Wagtail's own viewsets, but read-only where the generic views would write:
a partner's sponsor or placement changes only through the audited services, so the
generic add/edit/delete/copy views are not registered at all.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from . import admin_orders, admin_views
from .admin_catalogue import ProductViewSet
from .admin_compensation import CommissionRunViewSet
from .admin_forms import PartnerReferenceField
from .admin_payouts import PayoutViewSet
from .admin_plans import PlanEditorViewSet
from .admin_reports import AnalysisViewSet, DisclosureViewSet
from .models import Order, Partner, SignupReview, TreeChange

# Any admin form with a foreign key to a partner (the default sponsor in the network
# settings, for one) takes a typed code: a <select> of every partner would not render.
register_form_field_override(
    models.ForeignKey, to=Partner, override={"form_class": PartnerReferenceField}
)


class ReadOnlyModelViewSet(ModelViewSet):
    """A listing (and optionally an inspect page) without the generic write views."""

    add_to_reference_index = False  # no reference-index work on every partner save
    copy_view_enabled = False
    permissions = ("view",)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None,
            history_url_name=None, usage_url_name=None, **kwargs,
        )

    def get_urlpatterns(self):
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
        if self.inspect_view_enabled:
            patterns.append(path("<int:pk>/", self.inspect_view, name="inspect"))
        return patterns

    def register_admin_url_finder(self):
        if self.inspect_view_enabled:
            finder = type(
                f"{self.model.__name__}AdminURLFinder", (ModelAdminURLFinder,),
                {"edit_url_name": self.get_url_name("inspect")},
            )
            register_admin_url_finder(self.model, finder)

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            codename__in=[
                get_permission_codename(action, self.model_opts) for action in self.permissions
            ],
        )


class PartnerViewSet(ReadOnlyModelViewSet):
    model = Partner
    name = admin_views.PARTNERS
    url_prefix = "network/partners"
    icon = "group"
    menu_label = _("Partners")
    index_view_class = admin_views.PartnerIndexView
    inspect_view_class = admin_views.PartnerInspectView
    inspect_view_enabled = True
    filterset_class = admin_views.PartnerFilterSet
    ordering = "-joined_at"
    list_per_page = 50
    # view: the list and pages; change: sponsor and placement moves; add: the import.
    permissions = ("view", "change", "add")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/change-sponsor/", admin_views.ChangeSponsorView.as_view(),
                name="change_sponsor",
            ),
            path(
                "<int:pk>/change-placement/", admin_views.ChangePlacementView.as_view(),
                name="change_placement",
            ),
        ]


class TreeChangeViewSet(ReadOnlyModelViewSet):
    model = TreeChange
    name = admin_views.TREE_CHANGES
    url_prefix = "network/tree-changes"
    icon = "history"
    menu_label = _("Tree changes")
    index_view_class = admin_views.TreeChangeIndexView
    filterset_class = admin_views.TreeChangeFilterSet
    ordering = "-changed_at"
    list_per_page = 50


class SignupReviewViewSet(ReadOnlyModelViewSet):
    model = SignupReview
    name = admin_views.REVIEWS
    url_prefix = "network/reviews"
    icon = "warning"
    menu_label = _("Sign-up reviews")
    index_view_class = admin_views.SignupReviewIndexView
    filterset_class = admin_views.SignupReviewFilterSet
    list_per_page = 50
    # change: approve or reject.
    permissions = ("view", "change")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/approve/", admin_views.DecideReviewView.as_view(approve=True),
                name="approve",
            ),
            path(
                "<int:pk>/reject/", admin_views.DecideReviewView.as_view(approve=False),
                name="reject",
            ),
        ]


class OrderViewSet(ReadOnlyModelViewSet):
    """Orders come from the shop, the API and the import: here they are read, and their
    status moves as `order_services.set_status` allows (admin_orders.py)."""

    model = Order
    name = admin_orders.ORDERS
    url_prefix = "network/orders"
    icon = "list-ul"
    menu_label = _("Orders")
    index_view_class = admin_orders.OrderIndexView
    inspect_view_class = admin_orders.OrderInspectView
    inspect_view_enabled = True
    filterset_class = admin_orders.OrderFilterSet
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    # view: the list and pages; change: status moves.
    permissions = ("view", "change")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/status/<str:status>/", admin_orders.OrderStatusView.as_view(),
                name="status",
            ),
        ]


class ImportPartnersViewSet(ViewSet):
    name = admin_views.IMPORT
    url_prefix = "network/import"
    icon = "upload"
    menu_label = _("Import partners")

    def get_urlpatterns(self):
        return [path("", admin_views.ImportPartnersView.as_view(), name="index")]

    @cached_property
    def menu_item_class(self):
        class ImportMenuItem(MenuItem):
            def is_shown(self, request):
                return policy_registry.get_by_type(Partner).user_has_permission(
                    request.user, "add"
                )

        return ImportMenuItem


class NetworkViewSetGroup(ViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_name = "network"
    menu_order = 150  # after Pages
    items = (
        PartnerViewSet, TreeChangeViewSet, SignupReviewViewSet, ImportPartnersViewSet,
        OrderViewSet, ProductViewSet, PlanEditorViewSet, CommissionRunViewSet, PayoutViewSet,
    )


@hooks.register("register_admin_viewset")
def register_network_admin():
    return NetworkViewSetGroup()


@hooks.register("register_admin_viewset")
def register_reports():
    # Reports are read, not worked in: they sit with Wagtail's own reports.
    return [DisclosureViewSet(), AnalysisViewSet()]
