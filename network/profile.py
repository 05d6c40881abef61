"""The profile a partner shows on their pages: name, photo, phone and messengers."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import clean_uploaded_image

from .models import Partner

PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
TELEGRAM = re.compile(r"^@?[A-Za-z0-9_]{5,32}$")


class PartnerProfileForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("Photo"), required=False,
        help_text=_("JPEG, PNG or WebP, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Partner
        fields = ["display_name", "photo", "phone", "telegram", "whatsapp", "viber"]
        help_texts = {
            "display_name": _("How your name appears to visitors and your team."),
            "telegram": _("Your username, e.g. @anna_smith"),
        }

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload is None or upload is False or not hasattr(upload, "read"):
            return upload
        return clean_uploaded_image(upload, name=f"partner-{self.instance.pk}")

    def _clean_phone_like(self, field):
        value = (self.cleaned_data.get(field) or "").strip()
        if value and not PHONE.match(value):
            raise forms.ValidationError(
                _("Enter a phone number with digits, e.g. +380 44 123 4567.")
            )
        return value

    def clean_phone(self):
        return self._clean_phone_like("phone")

    def clean_whatsapp(self):
        return self._clean_phone_like("whatsapp")

    def clean_viber(self):
        return self._clean_phone_like("viber")

    def clean_telegram(self):
        value = (self.cleaned_data.get("telegram") or "").strip()
        if value and not TELEGRAM.match(value):
            raise forms.ValidationError(
                _("A Telegram username has 5 to 32 letters, digits or underscores.")
            )
        return value.lstrip("@")

    def clean_display_name(self):
        return " ".join((self.cleaned_data.get("display_name") or "").split())
