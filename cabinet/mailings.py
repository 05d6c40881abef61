"""The cabinet's team mailings: write to your team or a segment of it, see how many it
reaches before sending, and follow each mailing's delivery counts. Thin views over
notifications/mailings/team.py, which the API shares.

The form names a segment (filters), never recipients: whom it reaches is computed from
the signed-in partner's own downline, and a mailing page shows only their own mailings.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from compensation import ranks
from notifications.mailings import segments, team
from notifications.mailings.models import (
    SUBJECT_MAX_CHARS,
    TEXT_MAX_CHARS,
    Audience,
    MailingChannel,
    RecipientStatus,
)

from .forms import DateInput
from .views import cabinet_context, partner_required

LIST_SIZE = 50


class MailingForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=SUBJECT_MAX_CHARS)
    text = forms.CharField(
        label=gettext_lazy("Message"), max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Plain text: your partners read it exactly as you write it."),
    )
    audience = forms.ChoiceField(label=gettext_lazy("To"), choices=Audience.choices,
                                 initial=Audience.TEAM, widget=forms.RadioSelect)
    depth = forms.IntegerField(
        label=gettext_lazy("Levels down"), required=False, min_value=1,
        max_value=segments.MAX_DEPTH,
        help_text=gettext_lazy("Empty: 10 levels (all levels for newcomers)."),
    )
    rank = forms.ChoiceField(label=gettext_lazy("Rank"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False,
        choices=[("", gettext_lazy("Any status")), *RecipientStatus.choices],
    )
    joined_after = forms.DateField(label=gettext_lazy("Joined from"), required=False,
                                   widget=DateInput())
    joined_before = forms.DateField(label=gettext_lazy("Joined until"), required=False,
                                    widget=DateInput())
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("Send"), choices=MailingChannel.choices,
        initial=[MailingChannel.INAPP, MailingChannel.EMAIL],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].choices = [("", _("Any rank")), *ranks.choices()]

    def draft(self):
        data = self.cleaned_data
        return team.Draft(
            subject=data["subject"], text=data["text"], audience=data["audience"],
            depth=data.get("depth"), rank=data.get("rank") or "",
            status=data.get("status") or "", joined_after=data.get("joined_after"),
            joined_before=data.get("joined_before"), channels=list(data["channels"]),
        )


def _refusal_to_form(form, refusal):
    for name, message in refusal.errors.items():
        form.add_error(None if name == "__all__" or name not in form.fields else name,
                       message)


@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
def mailings(request, partner):
    """The new mailing's form (with its preview of the recipient count) and the partner's
    mailings, newest first."""
    form = MailingForm()
    reach = None
    if request.method == "POST":
        form = MailingForm(request.POST)
        if form.is_valid():
            try:
                if "preview" in request.POST:
                    reach = team.preview(partner, form.draft())
                else:
                    mailing = team.send(partner, form.draft())
                    messages.success(request, _(
                        "Your mailing is on its way to %(count)s partners.")
                        % {"count": mailing.recipient_count})
                    return redirect("cabinet:mailing", pk=mailing.pk)
            except team.MailingRefused as refusal:
                _refusal_to_form(form, refusal)
    context = cabinet_context(
        request, partner, "mailings", form=form, reach=reach,
        mailings=team.mailings_of(partner)[:LIST_SIZE],
        sent_today=team.sent_today(partner), daily_cap=team.daily_cap(),
    )
    return render(request, "cabinet/mailings.html", context)


@require_safe
@partner_required
def mailing(request, partner, pk):
    """One of the partner's own mailings with its delivery counts."""
    sent = team.mailing_of(partner, pk)
    if sent is None:
        raise Http404
    context = cabinet_context(request, partner, "mailings", mailing=sent,
                              counts=team.counts_of(sent))
    return render(request, "cabinet/mailing.html", context)
