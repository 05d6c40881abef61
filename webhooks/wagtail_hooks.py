"""Webhooks in the operators' admin: the "Webhooks" menu (endpoints, the delivery log) and,
on the dashboard, the endpoints switched off after repeated failures."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from webhooks import notices
from webhooks.admin.endpoints import ENDPOINTS, EndpointViewSet
from webhooks.admin.log import DeliveryViewSet
from webhooks.models import Endpoint


class WebhooksViewSetGroup(ViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link"
    menu_name = "webhooks"
    menu_order = 170  # after "Network" and "Learning"
    items = (EndpointViewSet, DeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_webhooks_admin():
    return WebhooksViewSetGroup()


class SwitchedOffPanel(Component):
    template_name = "webhooks/admin/switched_off_panel.html"
    order = 50  # above Wagtail's own panels: something is broken

    def __init__(self, endpoints):
        self.endpoints = endpoints

    def get_context_data(self, parent_context):
        return {"endpoints": [
            {"endpoint": endpoint, "url": reverse(f"{ENDPOINTS}:edit", args=[endpoint.pk])}
            for endpoint in self.endpoints
        ]}


@hooks.register("construct_homepage_panels")
def switched_off_endpoints(request, panels):
    if not request.user.has_perm(f"{Endpoint._meta.app_label}.change_endpoint"):
        return
    endpoints = notices.switched_off_endpoints()
    if endpoints:
        panels.append(SwitchedOffPanel(endpoints))
