"""Everything under /api/v1/: each app adds its own routes here."""

from django.urls import include, path

from accounts.api import MeView, TokenView
from compensation.api.urls import money_urlpatterns
from core.api import HealthView

urlpatterns = [
    path("health/", HealthView.as_view(), name="api-health"),
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("network/", include("network.api.urls")),
    path("orders/", include("orders.api.urls")),
    path("money/", include("wallet.api.urls")),
    path("money/", include(money_urlpatterns)),
    path("reports/", include("compensation.api.urls")),
    path("learning/", include("learning.api.urls")),
    path("notifications/push-subscriptions/", include("notifications.webpush.api_urls")),
    path("notifications/", include("notifications.api.urls")),
    path("events/", include("events.api.urls")),
    path("mailings/", include("notifications.mailings.urls")),
]
