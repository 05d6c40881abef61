"""The network's public pages: the referral link that brings a visitor to a partner."""

from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import referrals, services
from .models import PartnerStatus


def safe_next(request):
    """The `next` address if it stays on this site, else the language's home page."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return f"/{get_language()}/"


@never_cache
@require_safe
def referral_link(request, code):
    """/<lang>/r/<code>/: count the visit, remember the sponsor, send the visitor on."""
    partner = services.find_by_code(code)
    if partner is None or partner.status == PartnerStatus.TERMINATED:
        raise Http404("unknown referral code")
    response = HttpResponseRedirect(safe_next(request))
    if request.method == "GET":  # link checkers probe with HEAD; they are not visits
        referrals.track(request, response, partner)
    return response
