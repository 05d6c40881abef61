"""/api/v1/orders/: orders in and out, and the signed shop webhook (see views.py)."""

from django.urls import path

from orders.api import views

urlpatterns = [
    path("", views.OrdersView.as_view(), name="orders"),
    path("team/", views.TeamOrdersView.as_view(), name="orders-team"),
    path("webhook/", views.ShopWebhookView.as_view(), name="orders-webhook"),
]
