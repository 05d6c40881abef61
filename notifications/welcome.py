"""The generic kinds the notification centre itself owns (domain kinds are registered by
notifications.subscribers, the announcement by notifications.mailings)."""

from django.utils.translation import gettext_lazy as _

from notifications import kinds

WELCOME = "welcome"


def register():
    kinds.register(kinds.Kind(
        key=WELCOME,
        label=_("Welcome and tips for getting started"),
        title=_("Welcome to %(company)s, %(name)s!"),
        body=_("Your cabinet is ready: set up your landing page, share your link and "
               "start your first 90 days."),
        category="account",
        channels=("inapp", "email"),
    ))
