from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Company site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import chrome

        chrome.connect()
