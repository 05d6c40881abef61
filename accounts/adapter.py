"""How allauth treats our users: the sign-up language is remembered."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        language = translation.get_language() or "en"
        user.language = language.split("-")[0]
        if commit:
            user.save()
        return user
