from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelegramConfig(AppConfig):
    name = "notifications.telegram"
    label = "notifications_telegram"
    verbose_name = _("Telegram notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from notifications.telegram import delivery

        delivery.register()
