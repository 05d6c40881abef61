"""The cabinet's navigation: its pages in groups a partner thinks in (their business, their
team, growing it, their account), each page one visible link away at every width.

A page belongs to a group by its `section`, the name each view passes to
`views.cabinet_context`. Pages still to come (learning, the calendar, messages) are a new
group or entry here; templates/cabinet/includes/navigation.html draws whatever is listed.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, pgettext_lazy


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str
    sections: tuple = ()
    badge: str = ""  # "holding_tank" or "new_leads": a count shown beside the label


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    entries: tuple


GROUPS = (
    Group("business", pgettext_lazy("cabinet menu", "Business"), (
        Entry("cabinet:overview", pgettext_lazy("cabinet menu", "Overview"), ("overview",)),
        Entry("cabinet:orders", pgettext_lazy("cabinet menu", "Orders"), ("orders",)),
        Entry("cabinet:rank", pgettext_lazy("cabinet menu", "Rank"), ("rank",)),
        Entry("cabinet:earnings", pgettext_lazy("cabinet menu", "Earnings"), ("earnings",)),
        Entry("cabinet:wallet", pgettext_lazy("cabinet menu", "Wallet"), ("wallet",)),
    )),
    Group("team", pgettext_lazy("cabinet menu", "Team"), (
        Entry("cabinet:team", pgettext_lazy("cabinet menu", "Tree"), ("team",)),
        Entry("cabinet:team_list", pgettext_lazy("cabinet menu", "List"), ("list",)),
        Entry("cabinet:holding_tank", pgettext_lazy("cabinet menu", "Holding tank"),
              ("holding_tank",), badge="holding_tank"),
        Entry("cabinet:mentees", pgettext_lazy("cabinet menu", "Newcomers"), ("mentees",)),
        Entry("cabinet:mailings", pgettext_lazy("cabinet menu", "Mailings"), ("mailings",)),
        Entry("cabinet:events", pgettext_lazy("cabinet menu", "Events"),
              ("events", "events_month")),
    )),
    Group("learning", pgettext_lazy("cabinet menu", "Learning"), (
        Entry("cabinet:journey", pgettext_lazy("cabinet menu", "My first 90 days"),
              ("journey",)),
        Entry("cabinet:learning", pgettext_lazy("cabinet menu", "Courses"),
              ("learning", "course", "lesson")),
    )),
    Group("growth", pgettext_lazy("cabinet menu", "Growth"), (
        Entry("cabinet:referrals", pgettext_lazy("cabinet menu", "Referrals"), ("referrals",)),
        Entry("cabinet:landings", pgettext_lazy("cabinet menu", "Landings"), ("landings",)),
        Entry("cabinet:leads", pgettext_lazy("cabinet menu", "Leads"), ("leads",),
              badge="new_leads"),
        Entry("cabinet:landing_stats", pgettext_lazy("cabinet menu", "Statistics"),
              ("landing_stats",)),
    )),
    Group("account", pgettext_lazy("cabinet menu", "Account"), (
        Entry("cabinet:welcome", pgettext_lazy("cabinet menu", "First steps"), ("welcome",)),
        Entry("cabinet:profile", pgettext_lazy("cabinet menu", "Profile"), ("profile",)),
        Entry("notifications:list", pgettext_lazy("cabinet menu", "Notifications"),
              ("notifications",)),
        Entry("notifications:preferences",
              pgettext_lazy("cabinet menu", "Notification settings"),
              ("notification_preferences",)),
        # allauth's pages: email addresses, password, two-factor authentication.
        Entry("account_email", pgettext_lazy("cabinet menu", "Sign-in and security")),
    )),
)


@lru_cache(maxsize=256)
def _address(url_name, language, script_prefix):
    """An entry's address: the same for every request in a language (and prefix), so it is
    worked out once per process rather than eighteen times on every page."""
    return reverse(url_name)


def navigation(section, badges):
    """The groups with each entry's address, whether it is the current page, and its
    count (from `badges`, by the entry's badge name)."""
    return [
        {
            "key": group.key,
            "label": group.label,
            "current": any(section in entry.sections for entry in group.entries),
            "entries": [
                {
                    "url": _address(entry.url_name, get_language(), get_script_prefix()),
                    "label": entry.label,
                    "current": section in entry.sections,
                    "badge": badges.get(entry.badge, 0) if entry.badge else 0,
                    "badge_name": entry.badge,
                }
                for entry in group.entries
            ],
        }
        for group in GROUPS
    ]
