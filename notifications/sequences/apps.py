from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SequencesConfig(AppConfig):
    name = "notifications.sequences"
    label = "notifications_sequences"
    verbose_name = _("Sequences")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from notifications.sequences import kinds, receivers

        kinds.register()
        receivers.connect()
