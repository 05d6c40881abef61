"""The newcomer's welcome: where a partner lands right after signing up (and can come back
to from the cabinet's menu). It introduces their sponsor, with the contacts the sponsor
shares, and their first three steps, each marked done once it is.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from landing import services as landing_services
from network import referrals

from .views import cabinet_context, partner_required, referral_url


def has_contacts(partner):
    return any((partner.phone, partner.telegram, partner.whatsapp, partner.viber))


def first_steps(partner):
    """Three steps, in the order a newcomer takes them: be reachable, get a page of one's
    own, bring the first visitors."""
    return [
        {
            "key": "profile",
            "title": _("Tell your team how to reach you"),
            "text": _("Add your photo, phone and messengers: your team and the visitors of "
                      "your pages see them."),
            "url": reverse("cabinet:profile"),
            "action": _("Fill in your profile"),
            "done": bool(partner.photo) or has_contacts(partner),
        },
        {
            "key": "landing",
            "title": _("Make your own landing page"),
            "text": _("Start from a company template in your language and publish it in a "
                      "few minutes."),
            "url": reverse("cabinet:landings"),
            "action": _("Choose a template"),
            "done": landing_services.has_landing(partner),
        },
        {
            "key": "share",
            "title": _("Share your link"),
            "text": _("Send your referral link or its QR code to people who may be "
                      "interested: whoever joins through it joins your team."),
            "url": reverse("cabinet:referrals"),
            "action": _("Your link and QR code"),
            "done": referrals.has_visits(partner),
        },
    ]


@require_safe
@partner_required
def welcome(request, partner):
    steps = first_steps(partner)
    context = cabinet_context(
        request, partner, "welcome",
        sponsor=partner.sponsor, steps=steps,
        steps_done=sum(step["done"] for step in steps),
        referral_url=referral_url(request, partner),
    )
    return render(request, "cabinet/welcome.html", context)
