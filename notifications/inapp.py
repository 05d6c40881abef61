"""The in-app channel: the Notification row itself is the message, shown by the bell and
the notifications page, so there is nothing to send and no Delivery row."""

from django.utils.translation import gettext_lazy as _

from notifications import channels


def _nothing_to_send(delivery, message):
    """Never called: in-app has no deliveries."""


def register():
    channels.register(channels.Channel(name=channels.INAPP, label=_("In the cabinet"),
                                       send=_nothing_to_send))
