from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandingConfig(AppConfig):
    name = "landing"
    verbose_name = _("Landings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from network.codes import add_taken_address_check
        from network.signals import partner_enrolled
        from orders.signals import catalogue_changed

        from . import addresses, leads, rendering

        # A partner's chosen code may not take a landing's or a site page's address.
        add_taken_address_check(addresses.is_taken)

        partner_enrolled.connect(leads.convert_on_signup, dispatch_uid="landing.convert_on_signup")
        catalogue_changed.connect(rendering.forget_catalogue,
                                  dispatch_uid="landing.rendering.forget_catalogue")

        from django.db.models.signals import post_save

        from . import targeting
        from .models import LandingSettings

        post_save.connect(targeting.forget_allowed, sender=LandingSettings,
                          dispatch_uid="landing.targeting.forget_allowed")

        from allauth.account.signals import user_signed_up

        from . import conversions

        user_signed_up.connect(conversions.remember_signup,
                               dispatch_uid="landing.conversions.remember_signup")
