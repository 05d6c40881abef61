from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    name = "notifications.mailings"
    label = "notifications_mailings"
    verbose_name = _("Team mailings and announcements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from notifications.mailings import kinds

        kinds.register()
