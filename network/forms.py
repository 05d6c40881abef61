"""The allauth sign-up form: a new account becomes a partner under a sponsor, atomically.

The sponsor is, in order: a referral code typed into the form, the sponsor remembered
from a referral link (see `referrals`), or the company's rule for sign-ups without one.
A burst of sign-ups from one IP address or device creates partners held for staff review.

The client's IP address is read from REMOTE_ADDR. Behind a reverse proxy or load
balancer, the proxy must put the real client address there (e.g. uWSGI/gunicorn behind
nginx with the real-IP module, or a middleware that trusts only the proxy's header);
otherwise every sign-up shares the proxy's address and bursts are over-detected.
"""

import ipaddress
import re

from allauth.account.forms import SignupForm
from allauth.core import context
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import referrals, services
from .placement import PlacementError

DEVICE = re.compile(r"^[0-9a-f]{8,64}$")


def client_ip(request):
    """REMOTE_ADDR when it is an IP address (a proxy in front must set it), else None."""
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _user_field_label(name):
    return lazy(lambda: str(get_user_model()._meta.get_field(name).verbose_name), str)()


class PartnerSignupForm(SignupForm):
    # Labels from the user model, so Django's own translations apply.
    first_name = forms.CharField(
        label=capfirst(_user_field_label("first_name")), max_length=150, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=capfirst(_user_field_label("last_name")), max_length=150, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    sponsor_code = forms.CharField(
        label=_("Sponsor's referral code"), max_length=32, required=False,
        help_text=_("The code from your sponsor's link. Leave it empty if you have none."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    # Filled by static/js/signup.js: a hash of the browser's traits, to spot bursts.
    device = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-device": ""}))

    field_order = [
        "first_name", "last_name", "email", "password1", "password2", "sponsor_code", "device",
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # allauth builds the form without the request; its middleware keeps it in context.
        self.request = context.request
        self.remembered_sponsor = (
            referrals.sponsor_from_request(self.request) if self.request is not None else None
        )
        if self.remembered_sponsor is not None:
            self.fields["sponsor_code"].initial = self.remembered_sponsor.referral_code
        self.sponsor = None
        self.sponsor_is_default = False

    @property
    def shown_sponsor(self):
        """The sponsor to name on the page: from the typed code, else the remembered one.

        The company's default sponsor is not named: the visitor did not choose them.
        """
        if self.is_bound and self.sponsor is not None and not self.sponsor_is_default:
            return self.sponsor
        if self.is_bound and (self.data.get(self.add_prefix("sponsor_code")) or "").strip():
            return None
        return self.remembered_sponsor

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_device(self):
        device = self.cleaned_data["device"].strip().lower()
        return device if DEVICE.match(device) else ""

    def clean(self):
        cleaned_data = super().clean()
        code = (cleaned_data.get("sponsor_code") or "").strip()
        if code:
            sponsor = services.find_by_code(code)
            if sponsor is None:
                self.add_error("sponsor_code", _(
                    "No partner has the referral code “%(code)s”. Check it with your "
                    "sponsor, or leave the field empty."
                ) % {"code": code})
                return cleaned_data
            field = "sponsor_code"
        else:
            sponsor, field = self.remembered_sponsor, "sponsor_code"
            if sponsor is None:
                try:
                    sponsor = services.sponsor_when_none_given()
                except services.NetworkError as error:
                    self.add_error(None, error)
                    return cleaned_data
                field = None
                self.sponsor_is_default = True
        # With an existing account allauth creates nothing and mails its owner instead;
        # checking that email against the sponsor's would tell a stranger who owns it.
        email = cleaned_data.get("email")
        if email and not self.account_already_exists:
            newcomer = get_user_model()(email=email)
        else:
            newcomer = None
        try:
            services.check_sponsor(sponsor, newcomer)
        except services.NetworkError as error:
            self.add_error(field, error)
            return cleaned_data
        self.sponsor = sponsor
        return cleaned_data

    def try_save(self, request):
        try:
            return super().try_save(request)
        except (services.NetworkError, PlacementError) as error:
            # Rolled back: neither the account nor the partner exists. Say why, keep the form.
            message = error if isinstance(error, services.NetworkError) else str(error)
            self.add_error(None, message)
            return None, self._page_with_errors(request)

    def _page_with_errors(self, request):
        from allauth.account.views import SignupView

        view = SignupView()
        view.setup(request)
        return view.form_invalid(self)

    def save(self, request):
        ip_address = client_ip(request)
        device = self.cleaned_data.get("device", "")
        hold_reason = services.burst_reason(ip_address, device)
        with transaction.atomic():
            user = super().save(request)
            partner = services.enrol(
                user, self.sponsor, hold_reason=hold_reason, ip_address=ip_address,
                device=device,
            )
            services.record_signup_attempt(ip_address, device)
            referrals.mark_converted(request, self.sponsor, partner)
        self.partner = partner
        if hold_reason:
            messages.info(request, gettext(
                "Thank you for joining. Your registration is being reviewed by our team; "
                "you will be placed in the network once it is approved."
            ))
        return user
