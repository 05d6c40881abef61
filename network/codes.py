"""Referral codes: short, unambiguous, case-insensitive and safe in a URL.

Generated codes use Crockford's base-32 alphabet (no I, L, O or U, so nothing reads as
a 1, 0 or V), 7 characters: 34 billion codes. Codes are stored upper-case and looked up
upper-case, so `ab12cd` and `AB12CD` are the same partner.
"""

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GENERATED_LENGTH = 7
VANITY_PATTERN = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{1,18}[A-Z0-9])$")
# The same rule as a partner may type it (any case; 3 to 20 long is checked apart), for
# the API and its schema: no leading, trailing or double hyphen.
VANITY_INPUT_PATTERN = r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"
VANITY_RULE = _("Use 3 to 20 letters, digits or single hyphens, starting and ending with a "
                "letter or digit.")
# Vanity codes become addresses (/<lang>/<code>/), so they must not shadow a page.
RESERVED = {
    "ACCOUNTS", "ADMIN", "API", "BLOG", "CABINET", "CONTACT", "DOCUMENTS", "HELP", "HOME",
    "LOGIN", "LOGOUT", "MEDIA", "NEWS", "R", "ROBOTS", "SEARCH", "SIGNUP", "SITEMAP",
    "STATIC", "SUPPORT", "ABOUT", "EVENTS", "LEARNING", "SHOP", "DOWNLINE", "COMPANY",
}


def normalize(code):
    return (code or "").strip().upper()


def generate_code():
    # One call for the randomness of the whole code: imports issue a million of these.
    bits = secrets.randbits(5 * GENERATED_LENGTH)
    return "".join(ALPHABET[(bits >> (5 * index)) & 31] for index in range(GENERATED_LENGTH))


def validate_vanity_code(code):
    """Raise ValidationError unless `code` (already normalized) may be a vanity code."""
    if not VANITY_PATTERN.match(code) or "--" in code:
        raise ValidationError(VANITY_RULE, code="invalid")
    if code in RESERVED:
        raise ValidationError(_("This code is reserved; choose another."), code="reserved")


# Other apps answer at /<language>/<address>/ too (landings, the site's own pages), and a
# referral code is looked up first there: a code taking their address would take their
# visitors. Each such app registers a check when it loads; the network asks them all.
_address_checks = []


def add_taken_address_check(check):
    """`check(code)` is true when the address `code` already answers elsewhere."""
    if check not in _address_checks:
        _address_checks.append(check)


def address_taken_elsewhere(code):
    return any(check(code) for check in _address_checks)
