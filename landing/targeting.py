"""Targeting: a partner's own ad accounts on their landing, and ready links for their ads.

- The platforms (PLATFORMS): Meta Pixel, Google tag, TikTok Pixel and Yandex Metrica, each
  with the strict shape of its ID, the hosts its script talks to and its standard
  conversion events. The company allows some of them (LandingSettings); a partner adds
  their IDs to a landing (`change_pixels`).
- On the page (`page_pixels`): the allowed platforms the landing has IDs for. Their
  hosts are added to that page's Content-Security-Policy only (`csp_update`); the page's
  script (static/js/landing-ads.js) asks the visitor first and loads nothing from any of
  them before the visitor agrees. The consent is kept in the visitor's browser, so the
  cached page is the same for everyone.
- Conversions: a lead and a sign-up that came from the landing are reported to the
  pixels (with consent) as each platform's standard event (CONVERSIONS).
- UTM links (`utm_links`): the landing's address tagged for each ad network, so its
  statistics can tell the campaigns apart (landing/statistics.py).

Which platforms are allowed is read through the site chrome's cache (website/chrome.py),
whose version moves on when the landing settings are saved: no query on the page's path.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import builder
from .ad_platforms import BY_KEY, PLATFORMS, Platform, validate_id  # noqa: F401
from .models import LandingSettings

# --- what the company allows ------------------------------------------------------------


def allowed_keys(request=None):
    """The keys of the platforms the company allows, from the chrome's cache."""
    from website import chrome

    def compute():
        settings = LandingSettings.load()
        return tuple(p.key for p in PLATFORMS if getattr(settings, p.allow_field))

    return chrome.remembered(request, "landing-ad-platforms", compute)


def forget_allowed(sender, instance, created=False, **kwargs):
    from website import chrome

    if created and not any(getattr(instance, p.allow_field) for p in PLATFORMS):
        return  # made with its defaults on first use: nothing shown has changed
    chrome.forget()  # cached pages carry the allowed pixels in their HTML and CSP


# --- on the page ---------------------------------------------------------------------------


def page_pixels(request, landing):
    """[{"platform", "id", "name"}] of the landing's allowed platforms with an ID."""
    allowed = allowed_keys(request)
    return [
        {"platform": p.key, "id": getattr(landing, p.field), "name": str(p.name)}
        for p in PLATFORMS if p.key in allowed and getattr(landing, p.field)
    ]


def csp_update(pixels):
    """The page's CSP additions for these pixels (django-csp's response._csp_update)."""
    update = {}
    for pixel in pixels:
        for directive, hosts in BY_KEY[pixel["platform"]].csp.items():
            update.setdefault(directive, [])
            update[directive] += [host for host in hosts if host not in update[directive]]
    return update


def page_config(landing, pixels, conversion=None):
    """What static/js/landing-ads.js needs: the landing, its pixels and their events."""
    return {
        "landing": landing.pk,
        "pixels": [{**pixel, "events": BY_KEY[pixel["platform"]].events} for pixel in pixels],
        "conversion": conversion,
    }


# --- the partner's settings ------------------------------------------------------------------


def pixel_ids(landing):
    return {p.key: getattr(landing, p.field) for p in PLATFORMS}


def change_pixels(landing, partner, values, allowed):
    """Set the landing's ad account IDs from `values` ({platform key: ID}, "" to remove);
    platforms the company does not allow cannot be set. Raises ValidationError by field
    (the platform's key) and changes nothing then."""
    errors, cleaned = {}, {}
    for platform in PLATFORMS:
        if platform.key not in values:
            continue
        try:
            value = platform.clean(values[platform.key])
        except ValidationError as error:
            errors[platform.key] = error.messages
            continue
        if value and platform.key not in allowed:
            errors[platform.key] = [_("Your company does not allow %(platform)s on landings.")
                                    % {"platform": platform.name}]
            continue
        cleaned[platform.field] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = builder.lock_own_landing(landing, partner)
        for field, value in cleaned.items():
            setattr(row, field, value)
            setattr(landing, field, value)
        row.save(update_fields=[*cleaned, "updated_at"])  # forgets the cached page
    return landing


# --- links for the partner's ads ------------------------------------------------------------

# (utm_source, utm_medium, the network's name as partners know it)
NETWORKS = [
    ("facebook", "paid_social", "Facebook"),
    ("instagram", "paid_social", "Instagram"),
    ("google", "cpc", "Google Ads"),
    ("yandex", "cpc", "Yandex Direct"),
    ("tiktok", "paid_social", "TikTok"),
    ("telegram", "social", "Telegram"),
    ("vk", "paid_social", "VK"),
]


def default_campaign(landing):
    return f"{landing.purpose}-{landing.language}"


def utm_links(public_url, campaign):
    return [
        {"source": source, "name": name,
         "url": f"{public_url}?" + urlencode({"utm_source": source, "utm_medium": medium,
                                              "utm_campaign": campaign})}
        for source, medium, name in NETWORKS
    ]
