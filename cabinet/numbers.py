"""Amounts, volumes and counts as the page's language writes them: "€1,234.50" and
"1,234.50 PV" in English, "1 234,50 €" and "1 234,50 PV" in Russian, with the currency's sign
where the language puts it (Babel, from the Unicode CLDR data). The cabinet's templates
use them through the `money`, `volume` and `count` filters (cabinet_tags).
"""

from decimal import Decimal, InvalidOperation

from babel.core import UnknownLocaleError
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils import translation

# Volumes and amounts without a currency: grouped, always two decimals (a column of them
# lines up, and a volume reads as the plan counts it, in hundredths).
DECIMAL_FORMAT = "#,##0.00"


def locale_name():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _number(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _babel(call, *args, **kwargs):
    try:
        return call(*args, locale=locale_name(), **kwargs)
    except UnknownLocaleError:
        return call(*args, locale=settings.LANGUAGE_CODE, **kwargs)


def money(amount, currency=""):
    """An amount with its currency (ISO code) the language's way; without a currency, the
    grouped number with two decimals. Not a number: returned as it came."""
    number = _number(amount)
    if number is None:
        return "" if amount in (None, "") else str(amount)
    if currency:
        return _babel(format_currency, number, str(currency).upper())
    return _babel(format_decimal, number, format=DECIMAL_FORMAT)


def volume(value):
    """A volume (PV, GV, leg volume): grouped, with two decimals."""
    number = _number(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    return _babel(format_decimal, number, format=DECIMAL_FORMAT)
