"""The orders' screens in the operators' "Network" menu: orders (read, status moves) and the
product catalogue."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from network.admin.viewsets import NETWORK_MENU_HOOK, ReadOnlyModelViewSet
from orders.admin import views as admin_orders
from orders.admin.catalogue import ProductViewSet
from orders.models import Order


class OrderViewSet(ReadOnlyModelViewSet):
    """Orders come from the shop, the API and the import: here they are read, and their
    status moves as `orders.services.set_status` allows (orders/admin/views.py)."""

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



@hooks.register(NETWORK_MENU_HOOK)
def network_menu_items():
    return [OrderViewSet, ProductViewSet]
