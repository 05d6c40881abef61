from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebPushConfig(AppConfig):
    name = "notifications.webpush"
    label = "notifications_webpush"
    verbose_name = _("Web push notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from notifications.webpush import delivery

        delivery.register()
