"""Staff enter the Wagtail admin only through allauth's sign-in, and only with MFA.

Wagtail's own login form would skip the second factor, so it is sent to allauth's.
A staff member without an authenticator is sent to set one up; one who has it but did
not use it in this session (a session from before MFA was enabled) must confirm a code.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .second_factor import used_mfa_this_session

ADMIN_PREFIX = "/admin/"


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            response = self.guard_admin(request)
            if response is not None:
                return response
        return self.get_response(request)

    def guard_admin(self, request):
        next_url = request.GET.get("next") or request.get_full_path()
        if request.path.startswith(ADMIN_PREFIX + "login/"):
            if next_url.startswith(ADMIN_PREFIX + "login/"):
                next_url = ADMIN_PREFIX
            return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
        user = request.user
        if not user.is_authenticated or not user.can_enter_admin():
            return None  # Wagtail itself sends these to the sign-in page.
        if not is_mfa_enabled(user):
            messages.warning(
                request,
                _("Staff must turn on two-factor authentication before entering the admin."),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': next_url})}")
        if not used_mfa_this_session(request):
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
        return None
