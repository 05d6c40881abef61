"""A partner's rank as the network shows it: `Partner.rank` holds the plan's code (the highest
rank reached, raised when a commission run is posted); its name in the reader's language is
the compensation plan's to give. Compensation registers that naming when it loads
(`name_ranks_with`), so the network's pages and API show plan names without the network
depending on compensation; without it a code reads as itself, capitalised."""

from django.utils.translation import pgettext_lazy

# What the highest rank is called wherever it is shown.
HIGHEST_RANK = pgettext_lazy("rank", "Highest rank reached")

_namer = None


def name_ranks_with(namer):
    """`namer(code)` gives the rank's name in the active language."""
    global _namer
    _namer = namer


def rank_label(code):
    if not code:
        return ""
    if _namer is not None:
        return _namer(code)
    return code.replace("_", " ").title()
