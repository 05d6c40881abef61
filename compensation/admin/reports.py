"""Operators' reports in the Wagtail admin: the income disclosure (earnings by rank over
posted runs, printable and as CSV, via `compensation.disclosure`) and the plan analysis (any
plan version, drafts too, over the last N periods and side by side with a second one, via
`compensation.analysis`; nothing is written). The analysis runs in the background
(`compensation.analysis_jobs` and the `analyse_plan` task): the form starts it, its page follows
it and then shows the tables.

Permissions are checked server-side: `view_commissionrun` for the disclosure,
`change_planversion` for the analysis.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

from compensation import analysis, analysis_jobs, disclosure, run_progress, tasks
from compensation.admin.runs import default_period
from compensation.bonuses import BONUS_KINDS
from compensation.models import CommissionRun, PlanVersion

DISCLOSURE = "network_disclosure"
ANALYSIS = "network_analysis"
_SCOPE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


def menu_item_for(model, action):
    class ReportMenuItem(MenuItem):
        def is_shown(self, request):
            return policy_registry.get_by_type(model).user_has_permission(request.user, action)

    return ReportMenuItem


# --- income disclosure ------------------------------------------------------------------


class DisclosureForm(forms.Form):
    scope = forms.CharField(
        label=gettext_lazy("Period or year"), max_length=7,
        help_text=gettext_lazy("A month as YYYY-MM, or a whole year as YYYY."),
    )

    def clean_scope(self):
        scope = self.cleaned_data["scope"].strip()
        if not _SCOPE.match(scope):
            raise ValidationError(_("The period must be YYYY-MM or a year YYYY."))
        return scope


class DisclosureView(ReportView):
    model = CommissionRun
    permission_required = "view"
    template_name = "compensation/admin/reports/disclosure.html"
    page_title = gettext_lazy("Income disclosure")
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        form = DisclosureForm(request.GET if "scope" in request.GET else None,
                              initial={"scope": default_period()})
        result = None
        if form.is_bound and form.is_valid():
            try:
                result = disclosure.disclose(form.cleaned_data["scope"])
            except disclosure.DisclosureError as error:
                form.add_error("scope", str(error))
            else:
                if request.GET.get("format") == "csv":
                    response = HttpResponse(disclosure.as_csv(result),
                                            content_type="text/csv; charset=utf-8")
                    response["Content-Disposition"] = (
                        f'attachment; filename="income-disclosure-{result["scope"]}.csv"'
                    )
                    return response
        return self.render_to_response(self.get_context_data(form=form, result=result))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = context.get("result")
        if result is not None:
            context["rows"] = [
                {**row, "label": row["rank_name"], "is_total": row["rank"] == disclosure.ALL}
                for row in result["rows"]
            ]
            context["csv_url"] = (
                f"{reverse(f'{DISCLOSURE}:index')}?scope={result['scope']}&format=csv"
            )
        return context


class DisclosureViewSet(ViewSet):
    name = DISCLOSURE
    url_prefix = "network/income-disclosure"
    icon = "doc-full"
    menu_label = gettext_lazy("Income disclosure")
    menu_hook = "register_reports_menu_item"
    menu_order = 100  # before Wagtail's own reports

    def get_urlpatterns(self):
        return [path("", DisclosureView.as_view(), name="index")]

    @cached_property
    def menu_item_class(self):
        return menu_item_for(CommissionRun, "view")


# --- plan analysis ----------------------------------------------------------------------


class AnalysisForm(forms.Form):
    version = forms.ModelChoiceField(
        label=gettext_lazy("Plan version"), queryset=PlanVersion.objects.none(),
        help_text=gettext_lazy("Drafts can be analysed before they are published."),
    )
    periods = forms.IntegerField(
        label=gettext_lazy("Periods"), min_value=1, max_value=analysis.MAX_PERIODS,
        initial=3, help_text=gettext_lazy("How many months, ending with the last one below."),
    )
    until = forms.CharField(
        label=gettext_lazy("Last period"), max_length=7, required=False,
        help_text=gettext_lazy("YYYY-MM; empty for the last complete month."),
    )
    compare = forms.ModelChoiceField(
        label=gettext_lazy("Compare with"), queryset=PlanVersion.objects.none(),
        required=False,
        help_text=gettext_lazy("Optional: a second version over the same periods."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        versions = PlanVersion.objects.order_by("-effective_from", "-version", "-pk")
        self.fields["version"].queryset = versions
        self.fields["compare"].queryset = versions

    def clean_until(self):
        until = self.cleaned_data["until"].strip()
        if until and not _PERIOD.match(until):
            raise ValidationError(_("The period must be YYYY-MM."))
        return until or None


class AnalysisView(ReportView):
    """The form; submitting it starts (or finds) the analysis job and shows its page."""

    model = PlanVersion
    permission_required = "change"
    template_name = "compensation/admin/reports/analysis.html"
    page_title = gettext_lazy("Plan analysis")
    header_icon = "view"

    def get(self, request, *args, **kwargs):
        fields = ("version", "periods", "until", "compare")
        initial = {name: request.GET[name] for name in fields if request.GET.get(name)}
        return self.render_to_response(self.get_context_data(form=AnalysisForm(initial=initial)))

    def post(self, request, *args, **kwargs):
        form = AnalysisForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            versions = [data["version"]] + ([data["compare"]] if data["compare"] else [])
            try:
                job = analysis_jobs.start(versions, data["periods"], data["until"],
                                          request.user, tasks.analyse_plan)
            except analysis.AnalysisError as error:
                form.add_error(None, str(error))
            else:
                return redirect(job_url(job))
        return self.render_to_response(self.get_context_data(form=form))


def job_url(job):
    return reverse(f"{ANALYSIS}:job", args=[job["token"]])


class AnalysisJobMixin:
    """The job named by the URL's token; any operator with the permission may read it."""

    model = PlanVersion
    permission_required = "change"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.job = analysis_jobs.get(kwargs["token"])

    def gone(self):
        messages.error(self.request, _("This analysis is no longer kept; start it again."))
        return redirect(reverse(f"{ANALYSIS}:index"))


class AnalysisJobView(AnalysisJobMixin, AnalysisView):
    """One analysis: its progress while it runs, then its tables, or why it failed."""

    template_name = "compensation/admin/reports/analysis_job.html"

    def get(self, request, *args, **kwargs):
        if self.job is None:
            return self.gone()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        """Run again: a fresh job with the same parameters."""
        if self.job is None:
            return self.gone()
        ids = [v["id"] for v in self.job["versions"]]
        versions = PlanVersion.objects.in_bulk(ids)
        if not set(ids) <= versions.keys():
            messages.error(request, _("A plan version of this analysis no longer exists."))
            return redirect(reverse(f"{ANALYSIS}:index"))
        job = analysis_jobs.start([versions[pk] for pk in ids],
                                  self.job["periods"], self.job["until"], request.user,
                                  tasks.analyse_plan, again=True)
        return redirect(job_url(job))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{ANALYSIS}:index"), "label": _("Plan analysis")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_page_subtitle(self):
        return " / ".join(v["label"] for v in self.job["versions"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        periods = analysis_jobs.periods_of(job)
        versions = job["versions"]
        context.update({
            "job": job,
            "status": analysis_jobs.status(job),
            "busy": job["state"] in analysis_jobs.BUSY,
            "can_run_again": (job["state"] not in analysis_jobs.BUSY
                              or analysis_jobs.stalled(job)),
            "failed": job["state"] == analysis_jobs.FAILED,
            "elapsed": run_progress.clock(analysis_jobs.elapsed_seconds(job)),
            "first_period": periods[0],
            "status_url": reverse(f"{ANALYSIS}:status", args=[job["token"]]),
            "change_url": "{}?{}".format(reverse(f"{ANALYSIS}:index"), urlencode({
                "version": versions[0]["id"], "periods": job["periods"],
                "until": job["until"],
                **({"compare": versions[1]["id"]} if len(versions) > 1 else {}),
            })),
        })
        if job["state"] == analysis_jobs.DONE:
            context.update(self.tables(job["result"]))
        return context

    def tables(self, results):
        """Rows with one value per analysed version (and a difference when there are two)."""
        two = len(results) == 2

        def row(label, values):
            return {"label": label, "values": values,
                    "difference": values[1] - values[0] if two else None}

        kinds = sorted({kind for result in results for kind in result["by_bonus"]})
        ranks, rank_names = [], {}
        for result in results:
            ranks += [r["rank"] for r in result["by_rank"] if r["rank"] not in ranks]
            for r in result["by_rank"]:
                rank_names.setdefault(r["rank"], r["rank_name"])
        by_rank = [{r["rank"]: r for r in result["by_rank"]} for result in results]
        periods = [
            {"period": rows[0]["period"], "cells": rows}
            for rows in zip(*(result["periods"] for result in results), strict=True)
        ]
        return {
            "results": results,
            "two": two,
            "summary": [
                row(_("Volume"), [result["volume"] for result in results]),
                row(_("Paid"), [result["paid"] for result in results]),
                row(_("Payout, percent of volume"),
                    [result["payout_percent"] for result in results]),
            ],
            "periods": periods,
            "by_bonus": [
                row(BONUS_KINDS.get(kind, kind),
                    [result["by_bonus"].get(kind, analysis.ZERO) for result in results])
                for kind in kinds
            ],
            "by_rank": [
                {"rank": rank, "rank_name": rank_names[rank], "cells": [
                    (table[rank]["partner_periods"], table[rank]["paid"]) if rank in table
                    else (0, analysis.ZERO) for table in by_rank
                ]}
                for rank in ranks
            ],
            "deciles": [
                row(f"{(index + 1) * 10} %", [result["deciles"][index] for result in results])
                for index in range(10)
            ],
            "earners": [(result["partners"], result["earning_partners"]) for result in results],
        }


class AnalysisStatusView(AnalysisJobMixin, PermissionCheckedMixin, View):
    """The job's progress as JSON, polled by its page while it is queued or running."""

    http_method_names = ["get"]

    def get(self, request, token):
        if self.job is None:
            raise Http404
        response = JsonResponse(analysis_jobs.status(self.job))
        response["Cache-Control"] = "no-store"
        return response


class AnalysisViewSet(ViewSet):
    name = ANALYSIS
    url_prefix = "network/plan-analysis"
    icon = "view"
    menu_label = gettext_lazy("Plan analysis")
    menu_hook = "register_reports_menu_item"
    menu_order = 110

    def get_urlpatterns(self):
        return [
            path("", AnalysisView.as_view(), name="index"),
            path("<str:token>/", AnalysisJobView.as_view(), name="job"),
            path("<str:token>/status/", AnalysisStatusView.as_view(), name="status"),
        ]

    @cached_property
    def menu_item_class(self):
        return menu_item_for(PlanVersion, "change")
