"""The partner's leads and their landings' statistics in the cabinet.

Leads: the list of the partner's own leads (filtered, searched, paged) and one lead with
its contacts, consent and source, where the partner changes its status and notes and links
it to the partner it became. Statistics: visits, leads, sign-ups and conversion of each of
the partner's landings (`landing.statistics`).

Every read starts from the signed-in partner's own leads and landings, so another
partner's lead or landing is simply not found (404).
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from landing import leads as lead_service
from landing import statistics
from landing.models import Lead, LeadStatus

from . import charts
from .forms import DateInput, StatsRangeForm
from .views import cabinet_context, partner_required

PER_PAGE = 25
NOTES_MAX_LENGTH = 5000


class LeadFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False,
        choices=[("", gettext_lazy("Any status")), *LeadStatus.choices],
    )
    landing = forms.ModelChoiceField(
        label=gettext_lazy("Landing"), required=False, queryset=None,
        empty_label=gettext_lazy("All landings"),
    )
    received_after = forms.DateField(label=gettext_lazy("From"), required=False,
                                     widget=DateInput())
    received_before = forms.DateField(label=gettext_lazy("To"), required=False,
                                      widget=DateInput())
    q = forms.CharField(label=gettext_lazy("Name, email or phone"), required=False,
                        max_length=100)

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landing"].queryset = partner.landings.order_by("purpose", "language", "pk")

    def clean(self):
        data = super().clean()
        after, before = data.get("received_after"), data.get("received_before")
        if after and before and after > before:
            self.add_error("received_before", _("The end of the range is before its start."))
        return data


class LeadUpdateForm(forms.ModelForm):
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Lead
        fields = ["status", "notes"]


def own_lead(partner, pk):
    return get_object_or_404(
        lead_service.partner_leads(partner).select_related("landing", "converted_partner"),
        pk=pk,
    )


@require_safe
@partner_required
def leads(request, partner):
    form = LeadFilterForm(request.GET or None, partner=partner)
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    shown = lead_service.filter_leads(lead_service.partner_leads(partner), filters)
    if not valid:
        shown = shown.none()
    page = Paginator(
        shown.select_related("landing").order_by("-created_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = cabinet_context(
        request, partner, "leads", form=form, page=page, filter_query=query.urlencode(),
        filtered=any(request.GET.get(name) for name in form.fields),
    )
    return render(request, "cabinet/leads.html", context, status=200 if valid else 400)


@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
def lead_detail(request, partner, pk):
    lead = own_lead(partner, pk)
    match = None if lead.converted_partner_id else lead_service.signed_up_partner(lead)
    form = LeadUpdateForm(instance=lead)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "link":
        if match is None:
            messages.error(request, _("No partner signed up under you with this email."))
        else:
            lead_service.link_converted(lead, match)
            messages.success(request, _("The lead is linked to %(name)s.") % {"name": match.name})
        return redirect("cabinet:lead_detail", pk=lead.pk)
    if request.method == "POST":
        form = LeadUpdateForm(request.POST, instance=lead)
        if form.is_valid():
            form.save()
            messages.success(request, _("The lead is saved."))
            return redirect("cabinet:lead_detail", pk=lead.pk)
        status = 400
    context = cabinet_context(request, partner, "leads", lead=lead, form=form, match=match)
    return render(request, "cabinet/lead_detail.html", context, status=status)


@require_safe
@partner_required
def landing_stats(request, partner, pk=None):
    landings = list(partner.landings.order_by("purpose", "language", "pk"))
    if pk is not None:
        landing = get_object_or_404(partner.landings, pk=pk)
    else:
        # The partner's landing in the cabinet's language first (recruiting before the rest).
        landing = next((item for item in landings if item.language == request.LANGUAGE_CODE),
                       landings[0] if landings else None)
    range_form = StatsRangeForm(request.GET or None)
    since, until = range_form.range()
    if not range_form.is_bound:
        range_form = StatsRangeForm(initial={"since": since, "until": until})
    figures = chart = None
    if landing is not None:
        landing.partner = partner
        figures = statistics.landing_stats(landing, since, until)
        # The cabinet's chart draws two series per day: here visits and leads.
        chart = charts.daily_bars([
            {"date": row["date"], "visits": row["visits"], "signups": row["leads"]}
            for row in figures["by_day"]
        ])
    context = cabinet_context(
        request, partner, "landing_stats", landings=landings, landing=landing,
        range_form=range_form, stats=figures, chart=chart,
        range_query=request.GET.urlencode(),
    )
    return render(request, "cabinet/landing_stats.html", context)
