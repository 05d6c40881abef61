"""The account emails (address confirmation, password reset, security notices) in the
company's frame: sent in the recipient's language, greeting them by name, signed with the
company's name from the site settings, with an HTML version in the company's layout
beside the text one.

allauth renders each email from its templates (templates/account/email/ overrides the
frame and the main texts); what it calls the site (`current_site`: "Hello from
127.0.0.1:8101!") is the company here.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Site

HTML_LAYOUT = "account/email/layout.html"


@dataclass(frozen=True)
class Sender:
    """What allauth's templates call `current_site`: the company, at the address the
    request came to."""

    name: str
    domain: str
    address: str
    email: str
    home_url: str


def recipient_language(email, user=None):
    """The language of the person the email goes to: their profile's, or (no account
    yet) the language of the page they are on."""
    if user is None or not getattr(user, "pk", None):
        user = get_user_model().objects.filter(email__iexact=email).first()
    language = getattr(user, "language", "") or translation.get_language() or "en"
    return language.split("-")[0]


def sender(request):
    """The company as the active language names it."""
    from website.models import SiteSettings

    site = (Site.find_for_request(request) if request is not None else None) or (
        Site.objects.filter(is_default_site=True).first()
    )
    details = SiteSettings.for_site(site) if site is not None else None
    localized = details.localized if details is not None else None
    domain = request.get_host() if request is not None else (site.hostname if site else "")
    home = f"/{translation.get_language()}/"
    return Sender(
        name=(localized.company_name if localized else "") or "Downline",
        domain=domain,
        address=localized.address if localized else "",
        email=details.email if details is not None else "",
        home_url=request.build_absolute_uri(home) if request is not None else home,
    )


# Links allauth makes before the email's language is known: they open in that language.
LINKS = ("activate_url", "password_reset_url", "signup_url")


def mail_context(request, email, context):
    """allauth's context for one email, with the company and the person's name, in the
    active language (the recipient's)."""
    user = context.get("user")
    company = sender(request)
    language = translation.get_language()
    # translate_url reads a path in the language it was made in: the page's.
    with translation.override(getattr(request, "LANGUAGE_CODE", None) or language):
        links = {name: translate_url(context[name], language)
                 for name in LINKS if context.get(name)}
    return {
        **context,
        **links,
        "current_site": company,
        "company": company,
        "recipient_name": (getattr(user, "first_name", "") or "").strip(),
    }


def attach_html(message, context):
    """The HTML version of a text-only email: its text in the company's layout."""
    if getattr(message, "alternatives", None) is None or message.alternatives:
        return message
    html = render_to_string(HTML_LAYOUT, {**context, "body": message.body})
    message.attach_alternative(html, "text/html")
    return message
