"""The ad platforms a partner may put on their landing (Meta Pixel, Google tag, TikTok Pixel,
Yandex Metrica): each with the strict shape of its ID, the hosts its script talks to and its
standard conversion events. Plain definitions with no database behind them, so the landing
model checks IDs with them and `targeting.py` builds the rest on them."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Platform:
    key: str
    name: object  # lazy text: the platform's name as people there know it
    field: str  # on Landing
    allow_field: str  # on LandingSettings
    pattern: re.Pattern
    example: str
    hint: object  # lazy text: where the partner finds the ID
    csp: dict  # directive -> hosts
    events: dict  # conversion -> the platform's standard event

    def clean(self, value):
        if value is not None and not isinstance(value, str):  # a number or list in JSON
            raise self.invalid()
        value = (value or "").strip()
        if self.key in ("google", "tiktok"):
            value = value.upper()
        if value and not self.pattern.fullmatch(value):
            raise self.invalid()
        return value

    def invalid(self):
        return ValidationError(
            _("This is not a %(platform)s ID. It looks like %(example)s.")
            % {"platform": self.name, "example": self.example},
            code="invalid",
        )


PLATFORMS = [
    Platform(
        "meta", gettext_lazy("Meta Pixel"), "meta_pixel_id", "allow_meta_pixel",
        re.compile(r"[0-9]{15,16}"), "123456789012345",
        gettext_lazy("Events Manager → Data sources → your pixel: the 15 or 16 digits."),
        {"script-src": ["https://connect.facebook.net"],
         "connect-src": ["https://connect.facebook.net", "https://www.facebook.com"],
         "img-src": ["https://www.facebook.com"]},
        {"lead": "Lead", "signup": "CompleteRegistration"},
    ),
    Platform(
        "google", gettext_lazy("Google tag"), "google_tag_id", "allow_google_tag",
        re.compile(r"G-[A-Z0-9]{6,12}|AW-[0-9]{9,11}|GT-[A-Z0-9]{6,10}"), "G-AB12CD34EF",
        gettext_lazy("Google Analytics or Google Ads → Google tag: G-…, AW-… or GT-…."),
        {"script-src": ["https://www.googletagmanager.com"],
         "connect-src": ["https://www.googletagmanager.com", "https://*.google-analytics.com",
                         "https://*.analytics.google.com", "https://*.g.doubleclick.net",
                         "https://www.google.com"],
         "img-src": ["https://www.googletagmanager.com", "https://*.google-analytics.com",
                     "https://*.g.doubleclick.net", "https://www.google.com"],
         "frame-src": ["https://td.doubleclick.net", "https://www.googletagmanager.com"]},
        {"lead": "generate_lead", "signup": "sign_up"},
    ),
    Platform(
        "tiktok", gettext_lazy("TikTok Pixel"), "tiktok_pixel_id", "allow_tiktok_pixel",
        re.compile(r"[A-Z0-9]{20}"), "C4ABCDEF0123456789GH",
        gettext_lazy("TikTok Ads Manager → Assets → Events → your pixel: 20 letters and digits."),
        {"script-src": ["https://analytics.tiktok.com"],
         "connect-src": ["https://analytics.tiktok.com"],
         "img-src": ["https://analytics.tiktok.com"]},
        {"lead": "SubmitForm", "signup": "CompleteRegistration"},
    ),
    Platform(
        "yandex", gettext_lazy("Yandex Metrica"), "yandex_metrica_id", "allow_yandex_metrica",
        re.compile(r"[1-9][0-9]{4,9}"), "98765432",
        gettext_lazy("Yandex Metrica → your counter's settings: the counter number."),
        {"script-src": ["https://mc.yandex.ru"],
         "connect-src": ["https://mc.yandex.ru", "https://mc.yandex.com"],
         "img-src": ["https://mc.yandex.ru", "https://mc.yandex.com"]},
        {"lead": "lead", "signup": "signup"},  # goals, reported with reachGoal
    ),
]
BY_KEY = {platform.key: platform for platform in PLATFORMS}


def validate_id(key):
    """A model field validator for the IDs of one platform."""
    def validate(value):
        BY_KEY[key].clean(value)

    validate.__name__ = f"validate_{key}_id"
    return validate
