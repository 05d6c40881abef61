"""Published landings served whole from the cache, and the fast path that serves them.

What is cached
- The address: `/<language>/<address>/` names which landing (its id, language, published
  version, partner, a stamp of the partner's details the page shows), or none, for
  ADDRESS_SECONDS. Forgotten at once when one of the partner's landings is published,
  held for review or rejected (services, again once that commits), or when the partner
  changes (`network.signals.partner_changed`) or a landing of theirs is saved or deleted
  (receivers below, connected wherever this module is imported: the web processes).
  Anything else is seen within ADDRESS_SECONDS.
- The page: the HTML an anonymous visitor without a pending message gets, under the
  landing, its published version, the partner's stamp, the site chrome's version
  (website/chrome.py: any change to the menu, the footer or the site's settings shows at
  once), scheme, host and address, for PAGE_SECONDS. Publishing again makes a new
  version and so a new key: the old page is never served again. A page with a
  product showcase is keyed by the catalogue's version too (landing/rendering.py), so a
  product deactivated or repriced leaves it at once.
- The headers the whole middleware stack put on that page (Content-Security-Policy,
  X-Frame-Options, Vary, Content-Language, Cache-Control), without its cookies, and the
  page's own additions to its Content-Security-Policy (the hosts of the landing's ad
  pixels, landing/targeting.py), for the view to put on the page it serves from the cache.

What stays per request
The page is rendered once with two markers: where the CSRF token goes and where the
address's query string goes (the lead form posts back to the address with its UTM fields;
the language switcher keeps them). Each response gets the visitor's own CSRF token (its
cookie set exactly as CsrfViewMiddleware sets it), the query string escaped as the
template escapes it, and, for a GET, the referral module's cookies and visit rules
(`track`: the visitor id, the sponsor by first or last touch, the visit queued by
landing/visits.py; the company's attribution settings are read once a minute per process,
`network.referrals.use_recent_settings`). HEAD is not a visit. The lead form keeps its
CSRF protection; its POST is never cached.

The fast path, `LandingCacheMiddleware` (in MIDDLEWARE right after SecurityMiddleware and
WhiteNoise), answers a GET or HEAD of a landing address whose page and headers are cached
when the request has no session and no messages cookie (so the visitor is anonymous and
has nothing waiting to be shown), without the rest of the stack and without a database
query (a returning visitor's sponsor cookie costs one, as for a referral link). Anything
else goes on to the view, which fills the cache on the way.
"""

import re
import secrets
import time
import zlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware import csrf
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.http import http_date

from network import owners, referrals
from network.signals import partner_changed
from website import chrome

from . import online, rendering, visits
from .models import Landing

ADDRESS_SECONDS = 60
PAGE_SECONDS = 5 * 60
CSRF_MARKER = "landing-csrf-token-marker"
QUERY_MARKER = "landing-query-marker"
# Headers a response makes for itself; the others are replayed from the cached page.
OWN_HEADERS = {"content-length", "expires", "date", "set-cookie"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PATH = re.compile(  # the landing's address in config/urls.py, under a language prefix
    rf"^/(?P<language>{'|'.join(LANGUAGES)})/"
    r"(?P<address>[A-Za-z0-9](?:[A-Za-z0-9-]{1,38}[A-Za-z0-9]))/$"
)


# --- which landing an address names --------------------------------------------------


def address_key(language, address):
    return f"landing:address:{language}:{address.lower()}"


def partner_index_key(partner_id):
    return f"landing:partner-addresses:{partner_id}"


def stamp(landing):
    """Changes whenever something of the partner's or the landing's the page shows does."""
    partner = landing.partner
    shown = "|".join(str(value) for value in (
        partner.name, partner.photo.name if partner.photo else "", partner.phone,
        partner.telegram, partner.whatsapp, partner.viber, partner.referral_code,
        landing.slug, landing.title,
        # The ad pixels: the page's consent banner, its script's settings and its CSP.
        landing.meta_pixel_id, landing.google_tag_id, landing.tiktok_pixel_id,
        landing.yandex_metrica_id,
    ))
    return f"{zlib.crc32(shown.encode()):08x}"


def entry_of(landing):
    return {
        "landing": landing.pk, "language": landing.language, "url": landing.get_url(),
        "version": landing.published_version, "stamp": stamp(landing),
        "partner": landing.partner_id, "partner_user": landing.partner.user_id,
        "code": landing.partner.referral_code,
        "catalogue": rendering.shows_catalogue(landing),
    }


def remember_address(language, address, entry):
    cache.set(address_key(language, address), entry, ADDRESS_SECONDS)
    if entry["landing"] is not None:
        index = partner_index_key(entry["partner"])
        addresses = cache.get(index) or set()
        if address_key(language, address) not in addresses:
            cache.set(index, addresses | {address_key(language, address)}, ADDRESS_SECONDS)


def cached_entry(language, address):
    """The cached entry for the address (its "landing" None: not a landing), or None."""
    return cache.get(address_key(language, address))


def resolve(address, language):
    """(entry, landing) the address names now, from the database; the entry is cached.
    (None, None) when it names no published landing."""
    landing = online.landing_for(address, language)
    entry = entry_of(landing) if landing is not None else {"landing": None}
    remember_address(language, address, entry)
    return (entry if landing is not None else None), landing


def forget_partner(partner_id, *addresses):
    """Drop the cached addresses that name one of the partner's landings, and `addresses`
    (their code, a slug: perhaps cached as naming no landing) in every language."""
    index = partner_index_key(partner_id)
    cache.delete_many([
        *(cache.get(index) or ()), index,
        *(address_key(language, address)
          for address in addresses if address for language in LANGUAGES),
    ])


def forget_landing(landing):
    if Landing.partner.is_cached(landing):
        code = landing.partner.referral_code
    else:
        code = owners.referral_code_of(landing.partner_id)
    forget_partner(landing.partner_id, code, landing.slug)


def _forget_changed_partner(sender, partner, **kwargs):
    forget_partner(partner.pk, partner.referral_code)


def _forget_saved_landing(sender, instance, **kwargs):
    forget_landing(instance)


partner_changed.connect(_forget_changed_partner, dispatch_uid="landing.page_cache.p")
post_save.connect(_forget_saved_landing, sender=Landing, dispatch_uid="landing.page_cache.l")
post_delete.connect(_forget_saved_landing, sender=Landing, dispatch_uid="landing.page_cache.d")


# --- the page -------------------------------------------------------------------------


def page_key(request, entry, catalogue=None):
    """The cached page's key: the landing's version, the partner's stamp, the site chrome's
    version (menu and footer) and, for a page with a product showcase, the catalogue's."""
    if entry.get("catalogue"):
        catalogue = rendering.catalogue_version() if catalogue is None else catalogue
        shown = f"c{catalogue}:"
    else:
        shown = ""
    return (f"landing:page:{entry['landing']}:{entry['version']}:{entry['stamp']}:"
            f"s{chrome.request_version(request)}:{shown}"
            f"{request.scheme}://{request.get_host()}{request.path}")


def cacheable(request):
    """An anonymous visitor with no message waiting: everyone gets the same page."""
    from django.contrib.messages import get_messages

    return not request.user.is_authenticated and not len(get_messages(request))


def render_for_cache(request, render):
    """`render(request)`'s page with the markers in place of the per-request parts."""
    request.GET  # noqa: B018 (parsed now, from the real query string)
    query = request.META.get("QUERY_STRING", "")
    request.META["QUERY_STRING"] = QUERY_MARKER
    try:
        response = render(request, csrf_token=CSRF_MARKER)
    finally:
        request.META["QUERY_STRING"] = query
    return response


CSRF_CHARS = csrf.CSRF_ALLOWED_CHARS
# A random byte to a character: the bytes below 248 (4 x 62) map evenly, the rest are dropped.
CSRF_BYTES = bytes(CSRF_CHARS[byte % len(CSRF_CHARS)].encode()[0] for byte in range(256))
CSRF_UNEVEN = bytes(range(256 - 256 % len(CSRF_CHARS), 256))
# (secret character, mask character) -> the masked character, as Django's
# _mask_cipher_secret adds them.
CSRF_MASKED = {
    (secret_char, mask_char): CSRF_CHARS[(secret_index + mask_index) % len(CSRF_CHARS)]
    for secret_index, secret_char in enumerate(CSRF_CHARS)
    for mask_index, mask_char in enumerate(CSRF_CHARS)
}


def _csrf_string():
    """CSRF_SECRET_LENGTH characters of CSRF_ALLOWED_CHARS, each uniformly random, from one
    call for randomness (Django's get_random_string makes one per character: about
    50 microseconds a string here, and a new visitor needs two)."""
    chars = ""
    while len(chars) < csrf.CSRF_SECRET_LENGTH:
        random_bytes = secrets.token_bytes(2 * csrf.CSRF_SECRET_LENGTH)
        chars += random_bytes.translate(CSRF_BYTES, CSRF_UNEVEN).decode()
    return chars[: csrf.CSRF_SECRET_LENGTH]


def csrf_token(request):
    """What django.middleware.csrf.get_token does, faster: the visitor's secret (a new one
    when they have none), flagged for CsrfViewMiddleware to (re)set the cookie, returned
    masked by a fresh random mask."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _csrf_string()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _csrf_string()
    return mask + "".join(map(CSRF_MASKED.__getitem__, zip(secret, mask, strict=True)))


def personalize(request, body):
    """The cached page's body for this request: its CSRF token and query string."""
    query = request.META.get("QUERY_STRING", "")
    query = escape("?" + iri_to_uri(query)) if query else ""
    return (body.replace(CSRF_MARKER.encode(), csrf_token(request).encode())
            .replace(b"?" + QUERY_MARKER.encode(), query.encode()))


def track(request, response, partner):
    """What a referral link does (network.referrals.track), the visit written later."""
    referrals.use_recent_settings(request)
    visits.queue(request, partner)
    # The landing's partner is online (not terminated): a cookie naming them needs no query.
    referrals.known_sponsor(request, partner)
    referrals.attribute(request, response, partner)


def partner_of(entry):
    return owners.known_partner(entry["partner"], entry["partner_user"], entry["code"])


class LandingCacheMiddleware:
    """The fast path for cached landings (see the module's docstring); on the way out, it
    keeps the headers of a page the view has just cached."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = csrf.CsrfViewMiddleware(get_response)

    def __call__(self, request):
        match = None
        if (request.method in ("GET", "HEAD")
                and settings.SESSION_COOKIE_NAME not in request.COOKIES
                and CookieStorage.cookie_name not in request.COOKIES
                and not settings.CSRF_USE_SESSIONS):
            match = PATH.match(request.path_info)
        if match is None:
            return self.get_response(request)
        response = self.from_cache(request, **match.groupdict())
        if response is not None:
            return response
        response = self.get_response(request)
        key = getattr(response, "landing_page_key", None)
        if key is not None and response.status_code == 200:
            headers = [(name, value) for name, value in response.items()
                       if name.lower() not in OWN_HEADERS]
            cache.set(f"{key}:headers", headers, PAGE_SECONDS)
        return response

    def from_cache(self, request, language, address):
        # The address and the versions the page's key holds, in one cache read.
        address_at = address_key(language, address)
        found = cache.get_many([address_at, chrome.VERSION_KEY, rendering.CATALOGUE_KEY])
        entry = found.get(address_at)
        if not entry or entry["landing"] is None or entry["language"] != language:
            return None
        request._chrome_version = found.get(chrome.VERSION_KEY) or chrome.version()
        key = page_key(request, entry, catalogue=found.get(rendering.CATALOGUE_KEY) or 0)
        cached = cache.get_many([key, f"{key}:headers"])
        if len(cached) < 2:
            return None
        request.user = AnonymousUser()
        self.csrf.process_request(request)
        response = HttpResponse(personalize(request, cached[key]))
        for name, value in cached[f"{key}:headers"]:
            response.headers[name] = value
        response.headers["Expires"] = http_date(time.time())  # add_never_cache_headers'
        response.headers["Content-Length"] = str(len(response.content))
        if request.method == "GET":
            track(request, response, partner_of(entry))
        return self.csrf.process_response(request, response)
