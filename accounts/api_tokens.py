"""How the API's token endpoint signs an account in and issues its token.

The same limits as the web sign-in hold, through allauth's own rate limits, so an
attacker gains nothing by switching from the sign-in page to the API or by spreading
guesses over many addresses: wrong passwords count per account ("login_failed" in
ACCOUNT_RATE_LIMITS, 5 in 5 minutes), and so do wrong authenticator codes (allauth's
per-user check, as on the sign-in's second step). Staff get a token only with an
authenticator code (accounts/second_factor.py).
"""

from allauth.account.adapter import get_adapter
from allauth.core import context
from allauth.mfa.base.internal.flows import check_rate_limit
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied, Throttled

from .second_factor import has_staff_powers, token_has_second_factor, totp_of


def _limited(error):
    return Throttled(detail=" ".join(error.messages), code="too_many_attempts")


def _django_request(request):
    """allauth's limits read the plain Django request under DRF's."""
    return getattr(request, "_request", request)


def check_password(request, email, password):
    """The active user with this email and password; AuthenticationFailed (401) when they
    do not match, Throttled (429) while the account is locked after failed attempts."""
    try:
        http_request = _django_request(request)
        user = get_adapter(http_request).authenticate(http_request, email=email,
                                                      password=password)
    except ValidationError as error:
        raise _limited(error) from None
    if user is None or not user.is_active:
        raise AuthenticationFailed(_("The email address or password is not correct."))
    return user


def check_code(request, user, code):
    """The user's authenticator code, when they have an authenticator; staff must have one.
    Wrong codes count per account, as on the web sign-in's second step."""
    authenticator = totp_of(user)
    if authenticator is None:
        if has_staff_powers(user):
            raise PermissionDenied(
                _("Staff accounts get an API token only with two-factor authentication. Set "
                  "up an authenticator app under Account, Two-factor authentication, then "
                  "request the token with its code."),
                code="second_factor_required",
            )
        return
    with context.request_context(_django_request(request)):
        try:
            clear_failures = check_rate_limit(user)
        except ValidationError as error:
            raise _limited(error) from None
    if not code or not TOTP(authenticator).validate_code(code):
        raise AuthenticationFailed(_("A valid authenticator code is required."))
    with context.request_context(_django_request(request)):
        clear_failures()


def issue(request, email, password, code=""):
    """The account's API token (made on first use). A staff token made before their
    authenticator was set up is replaced: it was issued without a code."""
    user = check_password(request, email, password)
    check_code(request, user, code)
    token, _created = Token.objects.get_or_create(user=user)
    if has_staff_powers(user) and not token_has_second_factor(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token
