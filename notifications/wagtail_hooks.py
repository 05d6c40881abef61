"""The notification centre in the operators' admin: the "Notifications" menu
(notifications/admin_views.py)."""

from wagtail import hooks

from notifications.admin_views import NotificationsViewSetGroup


@hooks.register("register_admin_viewset")
def register_notifications_admin():
    return NotificationsViewSetGroup()
