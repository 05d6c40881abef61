"""The kinds of notification: what a notification says and who may turn it off.

Each app registers its kinds in its AppConfig.ready(); the registry is what preferences
list (grouped by category) and what the delivery planner reads for the default channels.
A kind's title and body are lazy gettext strings with %(param)s placeholders filled from
Notification.params in the recipient's language when the notification is shown or sent.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CATEGORIES = {
    "team": _("Team"),
    "sales": _("Sales"),
    "money": _("Money"),
    "learning": _("Learning"),
    "events": _("Events"),
    "messages": _("Messages"),
    "account": _("Account"),
}


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    title: str
    body: str = ""
    category: str = "team"
    channels: tuple = ("inapp", "email")
    required: bool = False
    render: Callable | None = None


_registry: dict[str, Kind] = {}


def register(kind):
    """Registers (or replaces, e.g. on autoreload) a kind by its key."""
    if kind.category not in CATEGORIES:
        raise ValueError(f"unknown notification category {kind.category!r}")
    _registry[kind.key] = kind
    return kind


def get(key):
    return _registry.get(key)


def all():  # noqa: A001 - the contract's name
    return list(_registry.values())


def by_category():
    """[(category key, label, [kinds sorted by label])] in the order of CATEGORIES."""
    groups = []
    for category, label in CATEGORIES.items():
        members = sorted((kind for kind in _registry.values() if kind.category == category),
                         key=lambda kind: str(kind.label))
        if members:
            groups.append((category, label, members))
    return groups


def keys_of_category(category):
    return [kind.key for kind in _registry.values() if kind.category == category]
