"""What the operators' admin screens of every app share: a model listing without the generic
write views, and the "Network" menu group that apps add their screens to (the
`register_network_admin_viewset` hook), so the menu reads as one though its screens live
in `network`, `orders`, `compensation` and `wallet`."""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

NETWORK_MENU_HOOK = "register_network_admin_viewset"


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



class NetworkViewSetGroup(ViewSetGroup):
    """The "Network" menu: the network's own screens first, then each app's in the order
    the apps are installed (orders, compensation, wallet)."""

    menu_label = _("Network")
    menu_icon = "group"
    menu_name = "network"
    menu_order = 150  # after Pages

    def __init__(self, own):
        self.items = tuple(own) + tuple(
            item for fn in hooks.get_hooks(NETWORK_MENU_HOOK) for item in fn()
        )
        super().__init__()


class ConfirmActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A page that explains one action and does it on POST."""

    permission_required = "change"
    template_name = "network/admin/confirm.html"
    explanation = ""
    submit_label = ""
    index_label = ""
    index_url_name = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.model, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "object": self.object, "explanation": self.get_explanation(),
            "submit_label": self.submit_label, "cancel_url": reverse(self.index_url_name),
        })
        return context

    def get_explanation(self):
        return self.explanation

    def post(self, request, *args, **kwargs):
        return self.perform()


def money(value):
    """An amount as the operators' screens write it: thousands grouped, two decimals."""
    return f"{value:,.2f}"
