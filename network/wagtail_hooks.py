"""The "Network" menu of the Wagtail admin for operators: partners, tree changes, sign-up
reviews and the partners.csv import (views in `network/admin/views.py`). Orders, the
catalogue, plan versions, commission runs and payouts join the same menu from their own
apps (`network/admin/viewsets.py`).

Built from Wagtail's own viewsets, but read-only where the generic views would write:
a partner's sponsor or placement changes only through the audited services, so the
generic add/edit/delete/copy views are not registered at all.
"""

from django.db import models
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

from network.admin import views as admin_views
from network.admin.forms import PartnerReferenceField
from network.admin.viewsets import NetworkViewSetGroup, ReadOnlyModelViewSet
from network.models import Partner, SignupReview, TreeChange

# Any admin form with a foreign key to a partner (the default sponsor in the network
# settings, for one) takes a typed code: a <select> of every partner would not render.
register_form_field_override(
    models.ForeignKey, to=Partner, override={"form_class": PartnerReferenceField}
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



@hooks.register("register_admin_viewset")
def register_network_admin():
    return NetworkViewSetGroup(
        [PartnerViewSet, TreeChangeViewSet, SignupReviewViewSet, ImportPartnersViewSet]
    )
