"""How allauth treats our users: the sign-up language is remembered, and a newcomer who
joined as a partner lands on their cabinet's welcome (their sponsor, their first steps)."""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.urls import reverse
from django.utils import translation

from . import emails


def is_partner(user_id):
    from network.models import Partner

    return user_id is not None and Partner.objects.filter(user_id=user_id).exists()


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
        user = getattr(request, "user", None)
        if user is not None and is_partner(user.pk):
            return reverse("cabinet:welcome")
        return super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address):
        """A newcomer who confirms their address in another browser (so is not signed in
        there) signs in and then lands on the welcome too, not on the home page."""
        url = super().get_email_verification_redirect_url(email_address)
        user = email_address.user
        if (not self.request.user.is_authenticated and user.last_login is None
                and is_partner(user.pk)):
            welcome = urlencode({"next": reverse("cabinet:welcome")})
            return f"{reverse('account_login')}?{welcome}"
        return url

    def send_mail(self, template_prefix, email, context):
        """Every account email in the recipient's language and the company's frame, text
        and HTML (accounts/emails.py)."""
        request = allauth_context.request
        with translation.override(emails.recipient_language(email, context.get("user"))):
            context = emails.mail_context(
                request, email, {"request": request, "email": email, **context}
            )
            self.company_name = context["company"].name
            message = self.render_mail(template_prefix, email, context)
            emails.attach_html(message, context).send()

    def format_email_subject(self, subject):
        company_name = getattr(self, "company_name", None)
        if company_name:  # the company's name, not the address the request came to
            return f"[{company_name}] {subject}"
        return super().format_email_subject(subject)

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth leaves the user out of a notice's context; the greeting and the language
        # are theirs.
        context = {"user": user, **(context or {})}
        return super().send_notification_mail(template_prefix, user, context, email)
