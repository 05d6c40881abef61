"""Referral attribution: visits through a partner's link, the sponsor cookie, conversions.

A visit is recorded server-side (UTM parameters, referrer, landing, a random visitor id
kept in its own first-party cookie). The sponsor is remembered in a signed first-party
cookie whose payload carries the partner, their code and the time of the touch, so the
attribution window is enforced here and not only by the browser's expiry. The company
chooses first touch (the first link followed keeps the credit for the whole window) or
last touch (the latest link followed takes it), in `NetworkSettings`.

Other entry points (a partner's landing page) call `track()` or `remember()` the same way
the referral link does. An entry point that answers many visitors fast (a cached landing)
takes each visit with `visit_to_record()`, which applies the same rules and claims the
visitor's de-duplication window in the cache, and stores them later, many at a time, with
`record_visits()`.
"""

import re
import secrets
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import AttributionModel, NetworkSettings, Partner, PartnerStatus, ReferralVisit

SPONSOR_COOKIE = "dl_sponsor"
SPONSOR_SALT = "network.referrals.sponsor"
VISITOR_COOKIE = "dl_visitor"
VISITOR_COOKIE_DAYS = 365
VISITOR_ID = re.compile(r"^[0-9a-f]{32}$")
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
# A visitor counts once per partner in this many minutes, however often they reload.
VISIT_DEDUP_MINUTES = 30
# Crawlers and link-preview fetchers announce themselves; they are not visitors. A bot
# that hides is only held back by the per-visitor de-duplication.
BOT_AGENT = re.compile(
    r"[a-z]bot\b|bot/|crawl|spider|slurp|facebookexternalhit|embedly|preview|"
    r"^whatsapp/|python-|curl/|wget/|go-http-client|scrapy|okhttp",
    re.IGNORECASE,
)


def _cookie_options(request, max_age):
    return {
        "max_age": max_age,
        "httponly": True,
        "samesite": "Lax",
        "secure": request.is_secure(),
    }


def _window(settings):
    return timedelta(days=settings.attribution_window_days)


# --- the sponsor cookie -------------------------------------------------------------


def read_touch(request):
    """(partner id, code, time of the touch) from a valid, unexpired cookie, else None."""
    settings = NetworkSettings.load(request_or_site=request)
    window = _window(settings)
    value = request.get_signed_cookie(
        SPONSOR_COOKIE, default=None, salt=SPONSOR_SALT, max_age=window
    )
    if not value:
        return None
    try:
        partner_id, code, touched = value.split(":")
        partner_id, touched = int(partner_id), int(touched)
    except ValueError:
        return None
    touched_at = datetime.fromtimestamp(touched, tz=UTC)
    if timezone.now() - touched_at > window:
        return None
    return partner_id, code, touched_at


def sponsor_from_request(request):
    """The partner the visitor's sponsor cookie names, or None.

    None when there is no cookie, it was tampered with, its window has passed, or the
    partner has since been terminated. The partner is looked up by id, so a vanity code
    chosen after the visit does not lose the attribution.
    """
    if not hasattr(request, "_referral_sponsor"):
        touch = read_touch(request)
        sponsor = None
        if touch is not None:
            sponsor = (
                Partner.objects.filter(pk=touch[0])
                .exclude(status=PartnerStatus.TERMINATED)
                .select_related("user")
                .first()
            )
        request._referral_sponsor = sponsor
    return request._referral_sponsor


def known_sponsor(request, partner):
    """Tell the module that `partner` is online (not terminated): when the visitor's cookie
    names them, they are the sponsor without looking them up."""
    touch = read_touch(request)
    if touch is not None and touch[0] == partner.pk:
        request._referral_sponsor = partner


def remember(response, partner, request):
    """Remember `partner` as the visitor's sponsor, by the company's attribution model.

    First touch keeps a still-valid cookie (for this or another partner); last touch
    replaces it. A partner following their own link is not remembered. Returns True when
    the cookie now names `partner`.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and partner.user_id == user.pk:
        return False
    settings = NetworkSettings.load(request_or_site=request)
    current = sponsor_from_request(request)
    if current is not None and settings.attribution_model == AttributionModel.FIRST_TOUCH:
        return current.pk == partner.pk
    touched = int(timezone.now().timestamp())
    response.set_signed_cookie(
        SPONSOR_COOKIE,
        f"{partner.pk}:{partner.referral_code}:{touched}",
        salt=SPONSOR_SALT,
        **_cookie_options(request, int(_window(settings).total_seconds())),
    )
    request._referral_sponsor = partner
    return True


# --- visits ---------------------------------------------------------------------------


def visitor_id(request):
    """The visitor's random id from their cookie, or a new one (set by `keep_visitor_id`)."""
    if not hasattr(request, "_referral_visitor_id"):
        existing = request.COOKIES.get(VISITOR_COOKIE, "")
        request._referral_visitor_id = (
            existing if VISITOR_ID.match(existing) else secrets.token_hex(16)
        )
    return request._referral_visitor_id


def keep_visitor_id(response, request):
    response.set_cookie(
        VISITOR_COOKIE, visitor_id(request),
        **_cookie_options(request, VISITOR_COOKIE_DAYS * 24 * 3600),
    )


def is_bot(request):
    return bool(BOT_AGENT.search(request.META.get("HTTP_USER_AGENT", "")))


# The longest value each visit field keeps; longer ones are cut.
MAX_LENGTHS = {field: ReferralVisit._meta.get_field(field).max_length
               for field in ("referrer", "landing", *UTM_FIELDS)}
# A visit's fields, in the order `record_visits` writes them.
VISIT_FIELDS = ("partner", "visited_at", "visitor_id", "referrer", "landing", *UTM_FIELDS)


def _clip(field, value):
    return (value or "")[: MAX_LENGTHS[field]]


def _counts(request, partner):
    """The rules every visit follows: not the partner themselves, not a crawler."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and partner.user_id == user.pk:
        return False
    return not is_bot(request)


def _details(request):
    """What a visit records of the request: referrer, page address, UTM fields."""
    return {
        "referrer": _clip("referrer", request.META.get("HTTP_REFERER")),
        "landing": _clip("landing", request.path),
        **{field: _clip(field, request.GET.get(field, "").strip()) for field in UTM_FIELDS},
    }


def record_visit(request, partner):
    """Record a visit through `partner`'s link; None when it does not count.

    Crawlers, the partner themselves and repeat visits by one visitor within
    VISIT_DEDUP_MINUTES are not counted.
    """
    if not _counts(request, partner):
        return None
    visitor = visitor_id(request)
    now = timezone.now()
    recent = ReferralVisit.objects.filter(
        partner=partner, visitor_id=visitor,
        visited_at__gte=now - timedelta(minutes=VISIT_DEDUP_MINUTES),
    )
    if recent.exists():
        return None
    return ReferralVisit.objects.create(
        partner=partner, visited_at=now, visitor_id=visitor, **_details(request),
    )


# --- visits stored later, many at a time ---------------------------------------------


def visit_to_record(request, partner):
    """The visit through `partner`'s page to store later with `record_visits` (a dict that
    serializes to JSON), or None when it does not count: the rules of `record_visit`, the
    visitor's window claimed with one cache operation (a reload inside it is not counted
    again) instead of a database query."""
    if not _counts(request, partner):
        return None
    visitor = visitor_id(request)
    if not cache.add(f"referrals:visit:{partner.pk}:{visitor}", 1, VISIT_DEDUP_MINUTES * 60):
        return None
    return {
        # A visitor id made for this request cannot have been seen before.
        "new_visitor": not VISITOR_ID.match(request.COOKIES.get(VISITOR_COOKIE, "")),
        "partner": partner.pk,
        "visitor_id": visitor,
        "visited_at": timezone.now().isoformat(),
        **_details(request),
    }


def record_visits(visits):
    """Store `visits` (`visit_to_record`'s dicts) but those within the window of one already
    stored for the same returning visitor and partner, or of an earlier one among them, and
    those already stored (a batch delivered twice). Returns how many were stored."""
    window = timedelta(minutes=VISIT_DEDUP_MINUTES)
    rows = sorted(
        ({**visit, "visited_at": parse_datetime(visit["visited_at"])} for visit in visits),
        key=lambda visit: visit["visited_at"],
    )
    if not rows:
        return 0
    partners = {row["partner"] for row in rows}
    stored = defaultdict(list)
    for partner_id, visitor, visited_at in ReferralVisit.objects.filter(
        partner_id__in=partners,
        visited_at__gte=rows[0]["visited_at"], visited_at__lte=rows[-1]["visited_at"],
    ).values_list("partner_id", "visitor_id", "visited_at"):
        stored[partner_id, visitor].append(visited_at)
    returning = {row["visitor_id"] for row in rows if not row.get("new_visitor")}
    if returning:
        for partner_id, visitor, visited_at in ReferralVisit.objects.filter(
            partner_id__in=partners, visitor_id__in=returning,
            visited_at__gte=rows[0]["visited_at"] - window,
            visited_at__lte=rows[-1]["visited_at"] + window,
        ).values_list("partner_id", "visitor_id", "visited_at"):
            stored[partner_id, visitor].append(visited_at)
    fresh = []
    for row in rows:
        times = stored[row["partner"], row["visitor_id"]]
        if any(abs(row["visited_at"] - when) <= window for when in times):
            continue
        times.append(row["visited_at"])
        fresh.append(row)
    _insert_visits(fresh)
    return len(fresh)


def _insert_visits(rows):
    """One INSERT run over all the rows: bulk_create spends about 0.15 ms of CPU a row
    preparing each field of each model instance, more than the rest of a cached request."""
    if not rows:
        return
    meta = ReferralVisit._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in VISIT_FIELDS)
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(VISIT_FIELDS))})")
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, [
            (row["partner"], adapt(row["visited_at"]),
             *(row.get(field, "") for field in VISIT_FIELDS[2:]))
            for row in rows
        ])


# --- an entry point ---------------------------------------------------------------------


SETTINGS_SECONDS = 60  # recent_settings: a change applies within a minute
_recent_settings = {"until": 0.0, "value": None}


def use_recent_settings(request):
    """Let the company's attribution settings for `request` come from this process's copy,
    read again every SETTINGS_SECONDS, instead of from the database on each request (for
    an entry point that answers without a query)."""
    if _recent_settings["until"] < time.monotonic():
        _recent_settings["value"] = NetworkSettings.load()
        _recent_settings["until"] = time.monotonic() + SETTINGS_SECONDS
    setattr(request, NetworkSettings.get_cache_attr_name(), _recent_settings["value"])


def track(request, response, partner):
    """Everything a referral entry point does: count the visit, remember the sponsor."""
    visit = record_visit(request, partner)
    attribute(request, response, partner)
    return visit


def attribute(request, response, partner):
    """An entry point's cookies: the sponsor by the company's attribution model, and the
    visitor's id."""
    remember(response, partner, request)
    keep_visitor_id(response, request)


def signup_visit(user):
    """The visit credited with the sign-up of `user`'s partner: the latest one through
    their sponsor's pages (with a page address) that `mark_converted` marked with them;
    None when there is none."""
    partner = Partner.objects.filter(user_id=user.pk).only("pk", "sponsor_id").first()
    if partner is None:
        return None
    return (ReferralVisit.objects.filter(converted=partner, partner_id=partner.sponsor_id)
            .exclude(landing="").order_by("-visited_at", "-pk").first())


def mark_converted(request, sponsor, partner):
    """Credit the visitor's latest visit through `sponsor`'s link with the new `partner`."""
    visitor = request.COOKIES.get(VISITOR_COOKIE, "")
    if not VISITOR_ID.match(visitor):
        return None
    visit = (
        ReferralVisit.objects.filter(
            partner=sponsor, visitor_id=visitor, converted__isnull=True
        )
        .order_by("-visited_at", "-pk")
        .first()
    )
    if visit is not None:
        ReferralVisit.objects.filter(pk=visit.pk).update(converted=partner)
        visit.converted = partner
    return visit


def has_visits(partner):
    """Whether anyone has come through the partner's link or landings yet."""
    return ReferralVisit.objects.filter(partner=partner).exists()


def referral_url(request, partner):
    """The partner's link, absolute, in their own language: /<lang>/r/<code>/."""
    language = (partner.user.language if partner.user_id else "") or "en"
    return request.build_absolute_uri(f"/{language}/r/{partner.referral_code.lower()}/")
