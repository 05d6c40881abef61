from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from notifications import inapp, welcome

        inapp.register()
        welcome.register()

        # The email channel, the daily digest's task and the domain events' receivers
        # with their kinds (helper "mail").
        from notifications import digest, email, subscribers  # noqa: F401 (digest's task)

        email.register()
        subscribers.connect()

        # The calendar's reminders, invitations and seats (events/signals.py).
        from notifications import calendar

        calendar.connect()
