"""The cabinet's "Events": the partner's calendar as a month grid and as a list, a team
event of their own (made, changed, its team invited), answers to any event they see, an
event's `.ics` and their private calendar-feed address (thin views over events/'s
services: entries, seats, team_events, feeds, ical).

Which events a partner sees comes from events/audience.py on every request: another
branch's team event answers 404 here as in the API.
"""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events import audience, entries, feeds, ical, month, seats, team_events
from events.team_forms import InviteForm, TeamEventForm
from events.views import answer_message

from .views import cabinet_context, partner_required

LIST_DAYS = 90


def feed_url(request):
    return request.build_absolute_uri(
        reverse("events:feed", kwargs={"token": feeds.token_for(request.user)}))


@require_safe
@partner_required
def events_list(request, partner):
    now = timezone.now()
    items = entries.between(partner, now, now + timedelta(days=LIST_DAYS),
                            request.LANGUAGE_CODE)
    return render(request, "cabinet/events/list.html", cabinet_context(
        request, partner, "events", entries=items, days=LIST_DAYS,
        feed_url=feed_url(request)))


@require_safe
@partner_required
def events_month(request, partner):
    first = month.month_of(request.GET.get("month"))
    start, end = month.bounds(first)
    items = entries.between(partner, start, end, request.LANGUAGE_CODE)
    return render(request, "cabinet/events/month.html", cabinet_context(
        request, partner, "events_month", first=first, weeks=month.grid(first, items),
        weekdays=month.weekday_names(first),
        previous=month.shift(first, -1).strftime("%Y-%m"),
        next=month.shift(first, 1).strftime("%Y-%m")))


@require_safe
@partner_required
def team_event(request, partner, pk):
    event = audience.team_event(partner, pk)
    owner = event.owner_id == partner.pk
    return render(request, "cabinet/events/team_event.html", cabinet_context(
        request, partner, "events", event=event, entry=entries.entry_for(partner, event),
        owner=owner, invite_form=InviteForm() if owner else None,
        invited=team_events.invited(event) if owner else [],
        answers=team_events.answers(event) if owner else []))


@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
def team_event_form(request, partner, pk=None):
    event = audience.own_team_event(partner, pk) if pk is not None else None
    form = TeamEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = team_events.save(partner, form)
        messages.success(request, _("Your event is saved.") if pk else _(
            "Your event is created. Invite your team to it below."))
        return redirect("cabinet:team_event", pk=event.pk)
    return render(request, "cabinet/events/team_event_form.html", cabinet_context(
        request, partner, "events", form=form, event=event))


@require_POST
@partner_required
def team_event_invite(request, partner, pk):
    event = audience.own_team_event(partner, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whom to invite."))
    else:
        count = len(team_events.invite(event, form.cleaned_data["depth"]))
        if count:
            messages.success(request, ngettext(
                "%(count)s partner of your team invited.",
                "%(count)s partners of your team invited.", count) % {"count": count})
        else:
            messages.info(request, _("Everyone there was invited already."))
    return redirect("cabinet:team_event", pk=event.pk)


@require_safe
@partner_required
def team_event_ics(request, partner, pk):
    event = audience.team_event(partner, pk)
    body = ical.calendar([(event, request.build_absolute_uri(entries.url_of(event)))],
                         name=event.title)
    return ical.response(body, ical.filename_of(event))


@require_POST
@partner_required
def event_rsvp(request, partner, key):
    """An answer to any event the partner sees ("company-12", "team-3")."""
    event = entries.find(partner, key, request.LANGUAGE_CODE)
    try:
        rsvp = seats.respond(partner, event, request.POST.get("answer", ""))
    except seats.RsvpRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, answer_message(rsvp.status))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()},
                                           require_https=request.is_secure()):
        back = entries.url_of(event) or reverse("cabinet:events")
    return redirect(back)


@require_POST
@partner_required
def calendar_feed_rotate(request, partner):
    feeds.rotate(request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer "
                                "works. Subscribe to the new one in your calendar program."))
    return redirect("cabinet:events")
