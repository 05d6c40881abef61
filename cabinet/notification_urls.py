"""The notifications' pages in the cabinet, under /<lang>/cabinet/notifications/ with the
namespace "notifications" (channels link to notifications:open)."""

from django.urls import path

from . import notifications

app_name = "notifications"

urlpatterns = [
    path("", notifications.notification_list, name="list"),
    path("<int:pk>/open/", notifications.open_notification, name="open"),
]
