from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connect the receivers: clawbacks on refunds, the report card's cache on orders.
        from . import clawbacks, report_card  # noqa: F401
