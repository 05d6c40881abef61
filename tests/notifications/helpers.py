"""Channels and kinds the notification tests register for themselves."""

from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _

from notifications import channels, kinds


class RecordingChannel:
    """A channel that records what it sends, or raises what it is told to."""

    def __init__(self, name, error=None, available=True):
        self.name, self.error, self.is_available = name, error, available
        self.sent = []

    def send(self, delivery, message):
        if self.error is not None:
            raise self.error
        self.sent.append((delivery.pk, message))

    def channel(self):
        return channels.Channel(name=self.name, label=self.name, send=self.send,
                                available=lambda user: self.is_available)


@contextmanager
def registered(*recorders):
    """Registers the recording channels for the test, restoring the registry after."""
    saved = dict(channels._registry)
    for recorder in recorders:
        channels.register(recorder.channel())
    try:
        yield recorders
    finally:
        channels._registry.clear()
        channels._registry.update(saved)


TEST_KIND = kinds.Kind(
    key="test_lead", label=_("New lead"), title=_("New lead: %(name)s"),
    body=_("%(name)s left their contact details."), category="sales",
    channels=("inapp", "email"),
)
REQUIRED_KIND = kinds.Kind(
    key="test_payout", label=_("Payout paid"), title=_("Payout paid"), category="money",
    channels=("inapp", "email"), required=True,
)


@contextmanager
def kinds_for_tests(*extra):
    saved = dict(kinds._registry)
    for kind in (TEST_KIND, REQUIRED_KIND, *extra):
        kinds.register(kind)
    try:
        yield
    finally:
        kinds._registry.clear()
        kinds._registry.update(saved)


def render_greeting(notification):
    """A kind's render() in the active language, without depending on compiled catalogues."""
    from django.utils.translation import get_language

    words = {"en": "Hello", "ru": "Привет", "uk": "Привіт"}
    return words[get_language()], notification.params.get("name", "")


GREETING_KIND = kinds.Kind(
    key="test_greeting", label=_("Greeting"), title="", category="team",
    channels=("inapp", "email"), render=render_greeting,
)
