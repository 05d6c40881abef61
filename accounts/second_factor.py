"""No staff power without a second factor, in the API as in the admin.

Staff (staff or superuser accounts, and anyone who may enter the Wagtail admin) read every
partner's money and personal data through the API. The admin already asks them for a
second factor (accounts/middleware.py); here the API's authentication does the same:

- a session counts for staff only when its sign-in used the authenticator code;
- a token counts for staff only when it was issued with an authenticator code, that is
  after their authenticator was set up (the token endpoint asks every account with an
  authenticator for a code, and refuses staff who have none).

Anything else is refused with a message saying what to do, before any view runs.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied


def has_staff_powers(user):
    return bool(user.is_staff or user.is_superuser or user.can_enter_admin())


def totp_of(user):
    """The user's authenticator app (TOTP), or None."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def used_mfa_this_session(request):
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def token_has_second_factor(token):
    """True when the token was issued after its user's authenticator was set up (so the
    token endpoint asked for a code)."""
    authenticator = totp_of(token.user)
    return authenticator is not None and token.created >= authenticator.created_at


class SecondFactorRequired(PermissionDenied):
    default_detail = _(
        "Staff accounts use the API only after signing in with their authenticator code. "
        "Sign in again with your code (set one up under Account, Two-factor "
        "authentication, if you have none)."
    )
    default_code = "second_factor_required"


class SecondFactorTokenAuthentication(TokenAuthentication):
    """Token authentication that refuses a staff token issued without a second factor."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if has_staff_powers(user) and not token_has_second_factor(token):
            raise AuthenticationFailed(
                _("This staff token was issued without an authenticator code. Request a new "
                  "token with your email address, password and authenticator code."),
                code="second_factor_required",
            )
        return user, token


class SecondFactorSessionAuthentication(SessionAuthentication):
    """Session authentication that refuses a staff session signed in without a second
    factor (a password-only sign-in, or one from before the authenticator was set up)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if has_staff_powers(user) and not (
            is_mfa_enabled(user) and used_mfa_this_session(request._request)
        ):
            raise SecondFactorRequired()
        return result


class SecondFactorSessionScheme(SessionScheme):
    """The schema names the session as drf-spectacular names Django's own."""

    target_class = SecondFactorSessionAuthentication
