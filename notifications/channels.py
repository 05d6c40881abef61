"""The channels a notification can go out through, registered by the modules that own them.

"inapp" (the Notification row itself, registered here) never has a Delivery row; "email"
is registered by notifications.email, "telegram" and "push" by their nested apps. A
channel's send() raises Retry for a temporary failure (the task tries again later with
backoff) or Failed for a permanent one (the delivery is marked failed for staff to see);
returning means sent.
"""

from collections.abc import Callable
from dataclasses import dataclass


class Retry(Exception):
    """A temporary failure: the delivery is tried again with exponential backoff."""


class Failed(Exception):
    """A permanent failure: the delivery is marked failed with this message."""


def _always(user):
    return True


@dataclass(frozen=True)
class Channel:
    name: str
    label: str
    send: Callable
    available: Callable = _always


INAPP = "inapp"

_registry: dict[str, Channel] = {}


def register(channel):
    _registry[channel.name] = channel
    return channel


def get(name):
    return _registry.get(name)


def all():  # noqa: A001 - the contract's name
    """The registered channels, in-app first, then in the order they were registered."""
    return sorted(_registry.values(), key=lambda channel: channel.name != INAPP)


def names():
    return [channel.name for channel in all()]
