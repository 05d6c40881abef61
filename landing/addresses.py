"""Every landing's own address.

A partner's landing answers either to its slug (/<language>/<slug>/) or, without one, to
the partner's referral code in its language (/<language>/<code>/). Only one landing of a
partner in a language can sit at the code (a database constraint holds this): a second
landing in that language is proposed an address of its own when it is started, and its
slug cannot be cleared while another landing sits at the code.

An address is free (`is_free`) when no landing, no partner's code and no page of the
company's site has it: /<language>/<address>/ is looked up as a code, then as a landing,
before the site's pages, so a landing or a vanity code there would take the page's (or the
other landing's) visitors and sign-ups.
"""

from django.utils.translation import gettext as _

from network import owners
from website.addresses import is_site_page

from .models import SLUG_MAX_LENGTH, Landing, validate_landing_slug


def at_the_code(partner_id, language, exclude_pk=None):
    """The partner's landing in `language` that answers to their referral code, or None."""
    landings = Landing.objects.filter(partner_id=partner_id, language=language,
                                      slug__isnull=True)
    if exclude_pk is not None:
        landings = landings.exclude(pk=exclude_pk)
    return landings.order_by("pk").first()


def is_landing_address(address):
    return Landing.objects.filter(slug=(address or "").strip().lower()).exists()


def is_taken(address):
    """Whether a landing or a page of the site already answers at /<language>/<address>/."""
    return is_landing_address(address) or is_site_page(address)


def is_free(slug):
    """Whether a new landing address `slug` fits the rules and nothing else answers at it."""
    try:
        validate_landing_slug(slug)
    except Exception:  # noqa: BLE001 (a proposal that does not fit is simply skipped)
        return False
    return not (is_landing_address(slug) or is_site_page(slug)
                or owners.is_referral_code(slug))


def propose_slug(partner, purpose, language):
    """An unused address for a new landing of `partner`: None while the code is free in
    `language` (the landing takes it), else `<code>-<purpose>`, then with the language
    and a number until one is free."""
    if at_the_code(partner.pk, language) is None:
        return None
    stem = f"{partner.referral_code.lower()}-{purpose}"[: SLUG_MAX_LENGTH - 6]
    candidates = [stem, f"{stem}-{language}", *(f"{stem}-{n}" for n in range(2, 100))]
    return next((slug for slug in candidates if is_free(slug)), None)


def check_may_leave_slug(landing, slug):
    """The message why `landing` cannot give up its own address, or None when it may."""
    if slug:
        return None
    other = at_the_code(landing.partner_id, landing.language, exclude_pk=landing.pk)
    if other is None:
        return None
    return _("Your landing “%(title)s” answers to your referral code in this language; "
             "give this one an address of its own.") % {"title": other.working_title}
