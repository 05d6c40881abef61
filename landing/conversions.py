"""A sign-up that came from a partner's landing, reported to that landing's ad pixels.

When a visitor signs up (allauth's `user_signed_up`) and the visit credited with their
sign-up (network.referrals.mark_converted) was a visit to a landing with ad pixels, the
landing's address is kept in their session. The next page of the site that shows
`{% ad_conversion_frame %}` (the "check your email" page after sign-up) frames the
landing's conversion page, /<language>/<address>/?ad-conversion=signup: a page without
content that loads the landing's pixels, only if the visitor allowed them on that landing
(static/js/landing-ads.js), under that landing's own CSP, and reports the sign-up once.
"""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from network import referrals

from . import online, page_cache, targeting

SESSION_KEY = "landing_signup_conversion"
PARAMETER = "ad-conversion"


def remember_signup(sender, request, user, **kwargs):
    """On `user_signed_up`: keep the address of the landing with pixels that brought them."""
    if request is None or not hasattr(request, "session"):
        return
    visit = referrals.signup_visit(user)
    match = page_cache.PATH.match(visit.landing) if visit is not None else None
    if match is None:
        return
    landing = online.landing_for(match["address"], match["language"])
    if landing is None or landing.partner_id != visit.partner_id:
        return
    if targeting.page_pixels(request, landing):
        request.session[SESSION_KEY] = landing.get_url()


def frame_url(request):
    """The conversion page to frame on this page, or "" (read only with a session)."""
    from django.conf import settings

    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    url = request.session.get(SESSION_KEY)
    return f"{url}?{PARAMETER}=signup" if url else ""


def signup_frame(request, address, language):
    """The landing's conversion page for the visitor whose session holds it, once; None
    otherwise (the address is then served as usual)."""
    landing = online.landing_for(address, language)
    if landing is None or request.session.get(SESSION_KEY) != landing.get_url():
        return None
    del request.session[SESSION_KEY]
    pixels = targeting.page_pixels(request, landing)
    response = render(request, "landing/ad_conversion.html", {
        "ad_config": targeting.page_config(landing, pixels, conversion="signup"),
        "language": landing.language,
    })
    response._csp_update = targeting.csp_update(pixels)
    response["X-Frame-Options"] = "SAMEORIGIN"  # framed by the site's own page
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response
