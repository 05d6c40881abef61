"""/api/v1/notifications/ (see views.py)."""

from django.urls import path

from notifications.api import views

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notifications-list"),
    path("unread-count/", views.UnreadCountView.as_view(), name="notifications-unread-count"),
    path("read-all/", views.MarkAllReadView.as_view(), name="notifications-read-all"),
    path("preferences/", views.PreferencesView.as_view(), name="notifications-preferences"),
    path("<int:pk>/", views.NotificationView.as_view(), name="notifications-detail"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="notifications-read"),
]
