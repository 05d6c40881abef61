"""/api/v1/notifications/push-subscriptions/ (api.py)."""

from django.urls import path

from notifications.webpush import api

urlpatterns = [
    path("", api.PushSubscriptionsView.as_view(), name="notifications-push-subscriptions"),
    path("unsubscribe/", api.PushUnsubscribeView.as_view(),
         name="notifications-push-unsubscribe"),
    path("<int:pk>/", api.PushSubscriptionView.as_view(),
         name="notifications-push-subscription"),
]
