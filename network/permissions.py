"""Who may read what in the network API: the one place every network queryset is scoped.

A partner reads themselves and the partners below them in the sponsor tree or in the
placement tree (spillover placed under them by someone else's sponsorship included).
Staff read everything, from the network root. Anything else answers 404, so the API
never confirms that an outsider exists. A signed-in user who is not a partner gets 403.

Membership is checked by walking up from the node (`genealogy.is_below`), never by
listing a whole downline.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission

from . import genealogy, services
from .models import Partner


class NotAPartner(PermissionDenied):
    default_detail = _("You are not a partner, so you have no network to see.")
    default_code = "not_a_partner"


@dataclass
class Viewer:
    """The requesting user, their own partner (if any) and the root their reads start from."""

    user: object
    partner: Partner | None
    root: Partner
    is_staff: bool

    @property
    def acting_partner(self):
        """Whose summary, stats, holding tank and code: their own, or the root for staff."""
        return self.partner or self.root

    def depth(self, tree):
        """The root's depth in `tree`; None when the root is not placed in it."""
        return getattr(self.root, genealogy.depth_field(tree))


def get_viewer(request):
    """The Viewer for this request (cached on it); raises NotAPartner or NotFound."""
    viewer = getattr(request, "_network_viewer", None)
    if viewer is not None:
        return viewer
    user = request.user
    partner = Partner.objects.select_related("user").filter(user_id=user.pk).first()
    if user.is_staff:
        root = partner if partner is not None and partner.sponsor_id is None else None
        root = root or services.network_root()
        if root is None:
            raise NotFound(_("The network has no partners yet."))
    elif partner is None:
        raise NotAPartner()
    else:
        root = partner
    viewer = Viewer(user=user, partner=partner, root=root, is_staff=user.is_staff)
    request._network_viewer = viewer
    return viewer


class IsNetworkViewer(BasePermission):
    """Signed in, and either a partner or staff."""

    # For the schema: staff get 404 while the network has no partners yet.
    error_codes = ("404",)

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        get_viewer(request)
        return True


def downline(viewer, tree, depth):
    """The partners below the viewer's root in `tree`, at most `depth` levels down."""
    if viewer.depth(tree) is None:
        return Partner.objects.none()
    return genealogy.downline(viewer.root, tree, depth)


def is_in_tree(viewer, node, tree):
    """True when `node` is the viewer's root or sits below it in `tree`."""
    return node.pk == viewer.root.pk or genealogy.is_below(viewer.root, node, tree)


def can_read(viewer, node):
    if viewer.is_staff or node.pk == viewer.root.pk:
        return True
    return any(genealogy.is_below(viewer.root, node, tree) for tree in genealogy.TREES)


def readable_node(viewer, queryset, pk):
    """The partner `pk` from `queryset` when the viewer may read it; otherwise Http404."""
    node = queryset.filter(pk=pk).first()
    if node is None or not can_read(viewer, node):
        raise Http404
    return node


def node_in_tree(viewer, pk, tree):
    """The partner `pk` when the viewer may expand it in `tree`; otherwise Http404.

    Only nodes inside the viewer's own part of `tree` are expanded there: the children
    of a spillover node in the other tree need not be the viewer's team.
    """
    node = Partner.objects.filter(pk=pk).first()
    if node is None or not (viewer.is_staff or is_in_tree(viewer, node, tree)):
        raise Http404
    return node


def holding_tank(viewer):
    """The partners waiting for the acting partner to place them."""
    return Partner.objects.filter(
        sponsor=viewer.acting_partner, placement_depth__isnull=True,
        placement_deadline__isnull=False, held_for_review=False,
    )
