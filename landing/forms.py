"""The lead form a visitor fills in on a partner's landing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from network.profile import PHONE

# Bots fill every field; people never see this one.
HONEYPOT_FIELD = "website"


class LeadForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)
    message = forms.CharField(
        label=_("Message"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("I agree"), required=True,
        error_messages={"required": _("Please confirm that you agree before sending.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number with digits, e.g. +380 44 123 4567.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(
                _("Leave an email address or a phone number so you can be contacted.")
            )
        return cleaned

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))
