"""The notifications' pages in the cabinet, under /<lang>/cabinet/notifications/ with the
namespace "notifications" (every channel links to notifications:open)."""

from django.urls import path

from . import notifications

app_name = "notifications"

urlpatterns = [
    path("", notifications.notification_list, name="list"),
    path("read-all/", notifications.mark_all_read, name="read_all"),
    path("settings/", notifications.notification_preferences, name="preferences"),
    path("<int:pk>/open/", notifications.open_notification, name="open"),
    path("<int:pk>/read/", notifications.mark_read, name="read"),
]
