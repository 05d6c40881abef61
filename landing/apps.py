from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandingConfig(AppConfig):
    name = "landing"
    verbose_name = _("Landings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from network.services import partner_enrolled

        from . import leads, rendering

        partner_enrolled.connect(leads.convert_on_signup, dispatch_uid="landing.convert_on_signup")
        rendering._connect_catalogue()
