"""How allauth treats our users: the sign-up language is remembered, and a newcomer who
joined as a partner lands on their cabinet's welcome (their sponsor, their first steps)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        language = translation.get_language() or "en"
        user.language = language.split("-")[0]
        if commit:
            user.save()
        return user

    def get_signup_redirect_url(self, request):
        """Right after sign-up (or after confirming the address, which signs in): the
        cabinet's welcome, in the language the newcomer signed up in."""
        from network.models import Partner

        user = getattr(request, "user", None)
        if user is not None and Partner.objects.filter(user_id=user.pk).exists():
            return reverse("cabinet:welcome")
        return super().get_signup_redirect_url(request)
