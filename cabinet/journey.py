"""The cabinet's "My first 90 days" and the sponsor's mentor view: thin views over
learning/journey.py and learning/mentoring.py.

The 90-day page shows the partner's own plan only: its one form posts a task key, never a
partner, so nobody can mark another partner's tasks. The mentor view lists only the
signed-in partner's own personally sponsored newcomers, 50 a page (the stuck ones first,
across the pages), and its form saves only their own welcome.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from learning import journey as journeys
from learning import mentoring
from learning.models import SponsorWelcome

from .views import cabinet_context, partner_required


class WelcomeForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your welcome to newcomers"), required=False,
        max_length=mentoring.WELCOME_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Newcomers you sponsor see it at the top of their first 90 "
                               "days."),
    )
    video_url = forms.URLField(
        label=gettext_lazy("Welcome video (YouTube or Vimeo link)"), required=False,
        max_length=SponsorWelcome._meta.get_field("video_url").max_length,
        assume_scheme="https",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
def journey(request, partner):
    if request.method == "POST":
        try:
            if journeys.mark_done(partner, request.POST.get("task", "")):
                messages.success(request, _("Well done! The task is marked as done."))
            else:
                messages.info(request, _("This task was already done."))
        except journeys.JourneyError as refused:
            messages.error(request, refused.message)
        return redirect("cabinet:journey")
    context = cabinet_context(
        request, partner, "journey",
        journey=journeys.journey_for(partner, request.LANGUAGE_CODE),
    )
    return render(request, "cabinet/journey.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
def mentees(request, partner):
    welcome = mentoring.welcome_of(partner)
    form = WelcomeForm(initial={"text": welcome.text, "video_url": welcome.video_url})
    if request.method == "POST":
        form = WelcomeForm(request.POST)
        if form.is_valid():
            try:
                mentoring.save_welcome(partner, form.cleaned_data["text"],
                                       form.cleaned_data["video_url"])
            except mentoring.WelcomeInvalid as refused:
                for name, message in refused.errors.items():
                    form.add_error(name, message)
            else:
                messages.success(request, _("Your welcome is saved."))
                return redirect("cabinet:mentees")
    listing = mentoring.page_of(partner, request.GET.get("page"),
                                language=request.LANGUAGE_CODE)
    context = cabinet_context(
        request, partner, "mentees", mentees=listing.mentees, page=listing.page,
        drawn=listing.fingerprint,
        summary=listing.summary, stuck_count=listing.summary.stuck,
        stuck_days=mentoring.STUCK_DAYS, form=form,
    )
    return render(request, "cabinet/mentees.html", context)
