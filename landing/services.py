"""Finding the landing an address names: a partner's referral code or a landing's slug."""

from network import codes, services
from network.models import PartnerStatus

from .models import Landing, LandingState, Purpose

PURPOSE_ORDER = [Purpose.RECRUITING, Purpose.PRODUCT, Purpose.EVENT]


def _preferred(landings, language):
    """The landing in `language` if there is one, else in any language; recruiting first."""
    def rank(landing):
        return (landing.language != language, PURPOSE_ORDER.index(landing.purpose), landing.pk)

    return min(landings, key=rank, default=None)


def landing_for(address, language):
    """The published landing `/<language>/<address>/` should show, or None.

    A referral code names the partner's landing in that language (their recruiting one
    first), else one in another language. A slug names its landing, or the same partner's
    landing for that purpose in `language`. The caller sends the visitor to the landing's
    own language when it differs from `language`. None when nothing matches, so that the
    address is left to the site's pages.
    """
    code = codes.normalize(address)
    if code in codes.RESERVED:
        return None
    partner = services.find_by_code(code)
    if partner is not None:
        if partner.status == PartnerStatus.TERMINATED:
            return None
        landings = list(partner.landings.filter(state=LandingState.PUBLISHED))
        for landing in landings:
            landing.partner = partner
        return _preferred(landings, language)
    by_slug = (
        Landing.objects.filter(slug=address.lower(), state=LandingState.PUBLISHED)
        .exclude(partner__status=PartnerStatus.TERMINATED)
        .select_related("partner__user")
        .first()
    )
    if by_slug is None or by_slug.language == language:
        return by_slug
    translation = (
        Landing.objects.filter(
            partner=by_slug.partner, purpose=by_slug.purpose, language=language,
            state=LandingState.PUBLISHED,
        )
        .select_related("partner__user")
        .first()
    )
    return translation or by_slug
