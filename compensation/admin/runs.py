"""The operators' compensation admin in Wagtail: plan versions (drafts edited as JSON and
checked by the engine's own parser, then published and read-only; admin/plans.py adds the
forms editor) and commission runs (started for a period, recalculated with a diff,
approved, posted to the ledger).

Views stay thin: every state change goes through `compensation.commission_runs` or the Celery
tasks, so the rules (one posted run per period, posting exactly once) hold here as they
do for the command. Permissions are checked server-side: `change_planversion` for plans,
`change_commissionrun` for runs.
"""

import json
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from compensation import commission_runs, plan_versions, run_progress, tasks
from compensation.bonuses import BONUS_KINDS
from compensation.engine.plan import PlanError, parse_plan
from compensation.models import CommissionRun, PlanVersion
from compensation.ranks import rank_label
from network.admin.views import partner_url
from network.admin.viewsets import ConfirmActionView, money
from network.models import Partner

# URL namespaces of the viewsets registered in wagtail_hooks.py.
PLANS = "network_plans"
RUNS = "network_runs"

TOP_EARNERS = 50
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


# --- plan versions --------------------------------------------------------------------


class PlanVersionForm(forms.ModelForm):
    rules = forms.CharField(
        label=gettext_lazy("Rules"),
        widget=forms.Textarea(attrs={
            "rows": 24, "spellcheck": "false", "style": "font-family: monospace",
        }),
        help_text=gettext_lazy(
            "The plan file as JSON (the reference plan's format). It is checked when saved: "
            "a problem is named with its key and nothing is saved."
        ),
    )

    class Meta:
        model = PlanVersion
        fields = ["name", "version", "effective_from", "rules"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        rules = self.initial.get("rules")
        if isinstance(rules, dict | list):
            self.initial["rules"] = json.dumps(rules, indent=2, ensure_ascii=False)

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        try:
            plan_versions.check_effective_from(day)
        except plan_versions.PlanVersionError as refusal:
            raise ValidationError(str(refusal)) from None
        return day

    def clean_rules(self):
        text = self.cleaned_data["rules"]
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as error:  # RecursionError: nested too deep
            raise ValidationError(
                _("This is not valid JSON: %(problem)s (line %(line)s, column %(column)s).")
                % {
                    "problem": getattr(error, "msg", str(error)),
                    "line": getattr(error, "lineno", "?"),
                    "column": getattr(error, "colno", "?"),
                }
            ) from None
        try:
            parse_plan(data, "rules")
        except PlanError as error:
            raise ValidationError(
                _("%(key)s: %(problem)s") % {"key": error.where, "problem": error.problem}
            ) from None
        return data


def plan_url(plan):
    name = "edit" if plan.state == PlanVersion.State.DRAFT else "inspect"
    return reverse(f"{PLANS}:{name}", args=[plan.pk])


class PlanVersionIndexView(generic.IndexView):
    page_title = gettext_lazy("Plan versions")
    any_permission_required = ["change"]

    @cached_property
    def columns(self):
        return [
            TitleColumn("name", label=_("Name"), get_url=plan_url, sort_key="name"),
            NumberColumn("version", label=_("Version"), sort_key="version"),
            StatusTagColumn(
                "state", accessor="get_state_display", label=_("State"), sort_key="state",
                primary=lambda plan: plan.state == PlanVersion.State.PUBLISHED,
            ),
            DateColumn("effective_from", label=_("In force from"), sort_key="effective_from"),
            DateColumn("published_at", label=_("Published"), sort_key="published_at"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = []
        if instance.state == PlanVersion.State.DRAFT:
            buttons.append(MenuItem(
                _("Publish"), reverse(f"{PLANS}:publish", args=[instance.pk]),
                icon_name="upload", priority=10,
            ))
        buttons.append(MenuItem(
            _("New version from this"), reverse(f"{PLANS}:new_version", args=[instance.pk]),
            icon_name="copy", priority=20,
        ))
        return buttons


class PlanVersionCreateView(generic.CreateView):
    permission_required = "change"
    page_title = gettext_lazy("New plan version")

    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.state = PlanVersion.State.DRAFT
        instance.save()
        return instance


class PlanVersionEditView(generic.EditView):
    permission_required = "change"

    def dispatch(self, request, *args, **kwargs):
        plan = get_object_or_404(PlanVersion, pk=kwargs["pk"])
        try:
            plan_versions.check_editable(plan)
        except plan_versions.PlanVersionError as refusal:
            messages.error(request, str(refusal))
            return redirect(reverse(f"{PLANS}:inspect", args=[plan.pk]))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return reverse(f"{PLANS}:index")

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Publish"), url=reverse(f"{PLANS}:publish", args=[self.object.pk]),
                icon_name="upload", priority=10,
            ),
        ]


class PlanVersionInspectView(generic.InspectView):
    any_permission_required = ["change"]
    fields = ["name", "version", "state", "effective_from", "published_at", "rules"]

    def get_rules_display_value(self):
        return format_html(
            '<pre class="network-json">{}</pre>',
            json.dumps(self.object.rules, indent=2, ensure_ascii=False),
        )

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("New version from this"),
                url=reverse(f"{PLANS}:new_version", args=[self.object.pk]),
                icon_name="copy", priority=10,
            ),
        ]


class PublishPlanView(ConfirmActionView):
    model = PlanVersion
    page_title = gettext_lazy("Publish plan version")
    submit_label = gettext_lazy("Publish")
    index_label = gettext_lazy("Plan versions")
    index_url_name = f"{PLANS}:index"
    header_icon = "upload"
    explanation = gettext_lazy(
        "Once published the version is read-only, and periods from its date on are "
        "calculated with it (the newest published version in force wins)."
    )

    def perform(self):
        try:
            plan = plan_versions.publish(self.object.pk)  # as `manage.py plan publish` does
        except plan_versions.PlanVersionError as refusal:
            messages.error(self.request, str(refusal))
            self.object.refresh_from_db()
            return redirect(plan_url(self.object))
        messages.success(self.request, _("%(name)s v%(version)s is published.")
                         % {"name": plan.name, "version": plan.version})
        return redirect(reverse(f"{PLANS}:index"))


class NewPlanVersionView(ConfirmActionView):
    model = PlanVersion
    page_title = gettext_lazy("New version from this")
    submit_label = gettext_lazy("Create the draft")
    index_label = gettext_lazy("Plan versions")
    index_url_name = f"{PLANS}:index"
    header_icon = "copy"
    explanation = gettext_lazy(
        "A new draft with the next version number and a copy of these rules; this "
        "version stays as it is."
    )

    def perform(self):
        plan = self.object
        try:
            draft = plan_versions.new_version_from(plan)
        except plan_versions.PlanVersionError as refusal:
            messages.error(self.request, str(refusal))
            return redirect(plan_url(plan))
        messages.success(self.request, _("Draft %(name)s v%(version)s created from v%(from)s.")
                         % {"name": draft.name, "version": draft.version, "from": plan.version})
        return redirect(reverse(f"{PLANS}:edit", args=[draft.pk]))


class PlanVersionViewSet(ModelViewSet):
    model = PlanVersion
    name = PLANS
    url_prefix = "network/plans"
    icon = "doc-full"
    menu_label = gettext_lazy("Plan versions")
    form_fields = ["name", "version", "effective_from", "rules"]
    index_view_class = PlanVersionIndexView
    add_view_class = PlanVersionCreateView
    edit_view_class = PlanVersionEditView
    inspect_view_class = PlanVersionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return PlanVersionForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            delete_url_name=None, history_url_name=None, usage_url_name=None, **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/edit/", self.edit_view, name="edit"),
            path("<int:pk>/publish/", PublishPlanView.as_view(), name="publish"),
            path("<int:pk>/new-version/", NewPlanVersionView.as_view(), name="new_version"),
        ]


# --- commission runs ------------------------------------------------------------------


class StartRunForm(forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Period"), max_length=7,
        help_text=gettext_lazy("The month to calculate, as YYYY-MM."),
    )

    def __init__(self, *args, ask_open_period=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked only once the period turned out not to have ended (or when answered).
        if ask_open_period or (self.data and "open_period" in self.data):
            self.fields["open_period"] = forms.BooleanField(
                label=gettext_lazy("Start it although the period has not ended"),
                required=False,
            )

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        if not _PERIOD.match(period):
            raise ValidationError(_("The period must be YYYY-MM."))
        return period


def run_url(run):
    return reverse(f"{RUNS}:inspect", args=[run.pk])


class WorkBadgeColumn(StatusTagColumn):
    """A status tag only where there is something to say (no empty tag for idle runs)."""

    cell_template_name = "compensation/admin/work_badge_cell.html"


def work_badge(run):
    """The runs list's badge: the stage while queued or running, "Failed", or nothing."""
    if run.task_state in run_progress.BUSY:
        return run.get_task_stage_display() or run.get_task_state_display()
    if run.task_state == CommissionRun.TaskState.FAILED:
        return run.get_task_state_display()
    return ""


class RunIndexView(generic.IndexView):
    page_title = gettext_lazy("Commission runs")
    any_permission_required = ["change"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("plan_version")

    @cached_property
    def columns(self):
        return [
            TitleColumn("period", label=_("Period"), get_url=run_url, sort_key="period"),
            Column("plan_version", label=_("Plan version")),
            StatusTagColumn(
                "state", accessor="get_state_display", label=_("State"), sort_key="state",
                primary=lambda run: run.state == CommissionRun.State.POSTED,
            ),
            Column("total", label=_("Total"), accessor=lambda run: money(
                sum((Decimal(v) for v in run.totals.values()),
                    Decimal(0))
            )),
            WorkBadgeColumn(
                "task_state", accessor=work_badge, label=_("Background work"),
                primary=lambda run: run.task_state in run_progress.BUSY,
            ),
            NumberColumn("calculations", label=_("Calculations")),
            DateColumn("calculated_at", label=_("Calculated"), sort_key="calculated_at"),
        ]

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Start a run"), url=reverse(f"{RUNS}:add"), icon_name="plus")]


class StartRunFormView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = CommissionRun
    permission_required = "change"
    template_name = "compensation/admin/start_run.html"
    page_title = gettext_lazy("Start a run")
    header_icon = "plus"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{RUNS}:index"), "label": _("Commission runs")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", StartRunForm(initial={"period": period_to_start()}))
        context["cancel_url"] = reverse(f"{RUNS}:index")
        return context

    def post(self, request, *args, **kwargs):
        form = StartRunForm(request.POST)
        if form.is_valid():
            try:
                run = commission_runs.start_run(
                    form.cleaned_data["period"], request.user,
                    open_period=form.cleaned_data.get("open_period", False),
                )
            except commission_runs.OpenPeriod as refusal:
                form = StartRunForm(request.POST, ask_open_period=True)
                form.is_valid()
                form.add_error("open_period", " ".join(refusal.messages))
            except commission_runs.RunError as refusal:
                for text in refusal.messages:
                    form.add_error("period", text)
            else:
                run_progress.send(run, tasks.calculate_commission_run)
                messages.success(request, _(
                    "The run for %(period)s is started; it is calculated in the background."
                ) % {"period": run.period})
                return redirect(run_url(run))
        return self.render_to_response(self.get_context_data(form=form))


def default_period():
    """The month before this one: the period usually calculated."""
    today = timezone.localdate()
    if today.month == 1:
        return f"{today.year - 1}-12"
    return f"{today.year}-{today.month - 1:02d}"


def period_to_start():
    """The period a new run is proposed for: last month, unless it already has a run (a
    period has one), then this month."""
    last_month = default_period()
    taken = CommissionRun.objects.filter(period=last_month).exclude(
        state=CommissionRun.State.DISCARDED).exists()
    return timezone.localdate().strftime("%Y-%m") if taken else last_month


class RunInspectView(generic.InspectView):
    any_permission_required = ["change"]
    page_title = gettext_lazy("Commission run")
    template_name = "compensation/admin/run_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            CommissionRun.objects.select_related("plan_version", "created_by", "approved_by",
                                                 "posted_by"),
            pk=self.pk,
        )

    def get_fields(self):
        return []

    def get_page_subtitle(self):
        return str(self.object)

    def top_earners(self):
        # Each partner's result carries their total: a million rows, not 13 million lines.
        rows = list(
            self.object.results.filter(total__gt=0).values("partner", "total", "rank")
            .order_by("-total", "partner")[:TOP_EARNERS]
        )
        pks = [row["partner"] for row in rows]
        partners = Partner.objects.select_related("user").in_bulk(pks)
        paid_ranks = {row["partner"]: row["rank"] for row in rows}
        rules = self.object.plan_version.rules
        return [
            {
                "partner": partners.get(row["partner"]), "url": partner_url(row["partner"]),
                "total": row["total"],
                "rank": rank_label(paid_ranks.get(row["partner"]), rules),
            }
            for row in rows
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        rows = [
            (BONUS_KINDS.get(kind, kind), before, now, change)
            for kind, before, now, change in commission_runs.difference(run)
        ]
        State = CommissionRun.State
        busy = run.task_state in run_progress.BUSY
        context.update({
            "run": run,
            "busy": busy,
            "failed": run.task_state == CommissionRun.TaskState.FAILED,
            "steps": run_progress.steps(run),
            "retry_url": reverse(
                f"{RUNS}:post" if run.state == State.APPROVED else f"{RUNS}:recalculate",
                args=[run.pk],
            ),
            "elapsed": run_progress.clock(run_progress.elapsed_seconds(run)),
            "difference": rows,
            "show_previous": run.calculations > 1,
            "grand_total": sum((now for _kind, _before, now, _change in rows),
                               Decimal(0)),
            "top_earners": self.top_earners(),
            "can_recalculate": not busy
            and commission_runs.can(commission_runs.check_can_recalculate, run),
            "can_discard": commission_runs.can(commission_runs.check_can_discard, run),
            "can_approve": commission_runs.can(commission_runs.check_can_approve, run,
                                               self.request.user),
            "can_post": not busy and run.state == State.APPROVED,
            "open_period": run.state != State.POSTED
            and commission_runs.period_is_open(run.period),
            "two_people": commission_runs.two_people_required(),
            "approved_by_you": run.approved_by_id == self.request.user.pk,
        })
        return context


class RunActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Recalculate, approve or post: POST only; a state that does not allow it is refused
    with the run's own message."""

    model = CommissionRun
    permission_required = "change"
    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        run = get_object_or_404(CommissionRun, pk=pk)
        try:
            if self.action == "recalculate":
                commission_runs.check_can_recalculate(run)
                run_progress.send(run, tasks.calculate_commission_run)
                message = _("The run is being recalculated.")
            elif self.action == "approve":
                commission_runs.approve_run(run, request.user)
                message = _("The run is approved; it can now be posted to the ledger.")
            elif self.action == "discard":
                commission_runs.discard_run(run, request.user)
                message = _("The run is discarded; the period can be started again.")
            else:
                open_period = request.POST.get("open_period") == "1"
                commission_runs.check_can_post(run, request.user, open_period=open_period)
                run_progress.send(run, tasks.post_commission_run, user_id=request.user.pk,
                                  open_period=open_period)
                message = _("The run is being posted to the ledger.")
        except commission_runs.RunError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, message)
        return redirect(run_url(run))


class RunStatusView(PermissionCheckedMixin, View):
    """The run's background work as JSON, polled by the run page while it is busy."""

    model = CommissionRun
    permission_required = "change"
    http_method_names = ["get"]

    def get(self, request, pk):
        run = get_object_or_404(CommissionRun, pk=pk)
        response = JsonResponse(run_progress.status(run))
        response["Cache-Control"] = "no-store"
        return response


class CommissionRunViewSet(ModelViewSet):
    model = CommissionRun
    name = RUNS
    url_prefix = "network/runs"
    icon = "tasks"
    menu_label = gettext_lazy("Commission runs")
    index_view_class = RunIndexView
    inspect_view_class = RunInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = ["period"]
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            edit_url_name=None, delete_url_name=None, history_url_name=None,
            usage_url_name=None, **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("start/", StartRunFormView.as_view(), name="add"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/recalculate/", RunActionView.as_view(action="recalculate"),
                 name="recalculate"),
            path("<int:pk>/approve/", RunActionView.as_view(action="approve"), name="approve"),
            path("<int:pk>/discard/", RunActionView.as_view(action="discard"), name="discard"),
            path("<int:pk>/post/", RunActionView.as_view(action="post"), name="post"),
            path("<int:pk>/status/", RunStatusView.as_view(), name="status"),
        ]
