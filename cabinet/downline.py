"""The team pages' reads: one page of the partner's downline with the list's filters, and
the words the genealogy viewer's script shows.

The filters and the keyset paging are the genealogy API's own (`network.downline`); this
module only chooses the page size the list shows.
"""

from django.utils.translation import gettext as _

from compensation import ranks
from network import downline
from network.models import Leg, PartnerStatus

PAGE_SIZE = 50


def downline_page(viewer, filters, cursor=None):
    """One page of the viewer's filtered downline (`network.downline.DownlinePage`)."""
    return downline.downline_page(viewer, filters, cursor=cursor, page_size=PAGE_SIZE)


def viewer_strings():
    """Every word static/js/genealogy.js shows, translated for the page's language."""
    return {
        "statuses": dict(PartnerStatus.choices),
        "legs": dict(Leg.choices),
        "you": _("You"),
        "code": _("Code"),
        "rank": str(ranks.HIGHEST_RANK),
        "joined": _("Joined"),
        "level": _("Level"),
        "teamSize": _("Team"),
        "direct": _("Direct partners"),
        "left": _("Left leg"),
        "right": _("Right leg"),
        "expand": _("Show team"),
        "collapse": _("Hide team"),
        "showPositions": _("Show positions"),
        "showMore": _("Show more"),
        "loading": _("Loading…"),
        "loadError": _("Could not load this part of the team. Try again."),
        "retry": _("Try again"),
        "noChildren": _("Nobody here yet."),
        "emptySlot": _("Free position: %(leg)s"),
        "placeHere": _("Place a waiting partner here"),
        "focus": _("View from here"),
        "backToMe": _("Back to me"),
        "up": _("Up one level"),
        "levelOf": _("level %(level)s below you"),
        "searchEmpty": _("Nobody in your team matches."),
        "searchError": _("The search did not work. Try again."),
        "jumpError": _("Could not open this partner in the tree."),
        "found": _("Found in your team"),
        "sponsorTree": _("Sponsor tree"),
        "placementTree": _("Placement tree"),
        "notPlaced": _("You are not placed in the placement tree yet."),
        "breadcrumb": _("Where you are in the tree"),
        "email": _("Email"),
        "phone": _("Phone"),
    }
