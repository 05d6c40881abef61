"""The calendar's own addresses (outside the language prefixes, for calendar programs):
a company event's `.ics`, a partner's private feed, and the public page's RSVP form.
The cabinet's pages and the API are thin over the same services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from network.models import Partner

from . import audience, entries, feeds, ical, seats
from .models import RsvpStatus

ANSWER_MESSAGES = {
    RsvpStatus.GOING: gettext_lazy("You are going. See you there!"),
    RsvpStatus.MAYBE: gettext_lazy("You answered “maybe”."),
    RsvpStatus.NOT_GOING: gettext_lazy("You answered that you are not going."),
    RsvpStatus.WAITING: gettext_lazy("The event is full: you are on the waiting list. If a seat "
                                     "frees up, it is yours and we will tell you."),
}


def answer_message(status):
    return str(ANSWER_MESSAGES[status]) if status in ANSWER_MESSAGES else ""


@require_safe
def company_event_ics(request, page_id):
    """A company event's `.ics` (public, like its page)."""
    page = audience.company_event(page_id)
    body = ical.calendar([(page, page.get_full_url(request) or "")], name=page.title)
    return ical.response(body, ical.filename_of(page))


@require_safe
def feed(request, token):
    """A partner's private feed; a token that is not theirs (or no more) gets 403."""
    user = feeds.user_for(token)
    if user is None:
        return HttpResponseForbidden(_("This calendar address is not valid (any more)."),
                                     content_type="text/plain; charset=utf-8")
    pairs = [(event, request.build_absolute_uri(entries.url_of(event)))
             for event in feeds.events_of(user)]
    return ical.response(ical.calendar(pairs, name=_("My events")))


@require_POST
@login_required
def company_event_rsvp(request, page_id):
    """The public page's RSVP buttons (a signed-in partner's answer)."""
    page = audience.company_event(page_id)
    partner = Partner.objects.select_related("user").filter(user_id=request.user.pk).first()
    back = page.get_url(request) or "/"
    if partner is None:
        messages.error(request, _("Only partners can answer events."))
        return redirect(back)
    try:
        rsvp = seats.respond(partner, page, request.POST.get("answer", ""))
    except seats.RsvpRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, answer_message(rsvp.status))
    return redirect(back)
