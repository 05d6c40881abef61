"""The operators' payout desk in the Wagtail admin: payout requests listed (those waiting
for a decision first), approved (two different operators above the threshold), rejected
with a note, exported as a payout batch (its CSV file kept, so it can be downloaded again
byte for byte), marked paid one by one or a whole batch at once, and failed or returned one
by one.

Views stay thin: every step goes through `wallet.payouts`, so the rules (who may approve,
which state allows which step, the ledger entries) hold here as they do everywhere; a
refusal is shown with the service's own message. Permission: `change_payoutrequest`.
"""

from django import forms
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

from network.admin.views import partner_url
from wallet import payouts
from wallet.models import PayoutBatch, PayoutRequest

PAYOUTS = "network_payouts"
PER_PAGE = 50
State = PayoutRequest.State


def payouts_url(state=""):
    url = reverse(f"{PAYOUTS}:index")
    return f"{url}?state={state}" if state else url


class PayoutView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = PayoutRequest
    permission_required = "change"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{PAYOUTS}:index"), "label": _("Payouts")},
            {"url": "", "label": self.get_page_title()},
        ]


class PayoutIndexView(PayoutView):
    template_name = "wallet/admin/index.html"
    page_title = gettext_lazy("Payouts")
    header_icon = "resubmit"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", "")
        if state not in State.values:
            state = ""
        requests = PayoutRequest.objects.select_related(
            "partner", "first_approver", "second_approver"
        ).annotate(
            waiting=Case(When(state=State.REQUESTED, then=Value(0)), default=Value(1),
                         output_field=IntegerField()),
        ).order_by("waiting", "-requested_at", "-pk")
        if state:
            requests = requests.filter(state=state)
        batch = self.request.GET.get("batch", "")
        if batch.isdigit():
            requests = requests.filter(batch_id=int(batch))
        else:
            batch = ""
        page = Paginator(requests, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update({
            "state": state,
            "batch": batch,
            "states": [("", _("All"))] + list(State.choices),
            "page_obj": page,
            "rows": [self.row(request) for request in page.object_list],
            # One payout file per currency: an export button for each.
            "approved_by_currency": list(
                PayoutRequest.objects.filter(state=State.APPROVED).values_list("currency")
                .annotate(count=Count("pk")).order_by("currency")
            ),
            "two_approvers_above": payouts.two_approvers_above(),
        })
        return context

    def row(self, request):
        approvers = [user for user in (request.first_approver, request.second_approver) if user]
        return {
            "request": request,
            "partner_url": partner_url(request.partner_id),
            "approvers": [user.get_full_name() or user.email for user in approvers],
            "needs_two": payouts.needs_two_approvers(request),
            "can_approve": request.state == State.REQUESTED,
            "can_reject": request.state in (State.REQUESTED, State.APPROVED),
            "can_settle": request.state == State.EXPORTED,
            "can_return": request.state == State.PAID,
        }


class PayoutActionView(PayoutView):
    """Approve, mark paid, failed or returned: POST only; a refusal shows the service's
    message."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        payout = get_object_or_404(PayoutRequest, pk=pk)
        try:
            if self.action == "approve":
                payout = payouts.approve(payout, request.user)
                if payout.state == State.APPROVED:
                    message = _("Payout request %(id)s is approved.")
                else:
                    message = _("Payout request %(id)s has its first approval; a second, "
                                "different operator must approve it too.")
            elif self.action == "paid":
                payouts.mark_paid(payout, request.user)
                message = _("Payout request %(id)s is marked paid.")
            elif self.action == "failed":
                payouts.mark_failed(payout, request.user)
                message = _("Payout request %(id)s is marked failed; the money is back in "
                            "the wallet.")
            else:
                payouts.mark_returned(payout, request.user)
                message = _("Payout request %(id)s is marked returned; the money is back in "
                            "the wallet.")
        except payouts.PayoutError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, message % {"id": payout.pk})
        return redirect(request.POST.get("next") or payouts_url())


class RejectForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Why the payout is refused; the partner may see it."),
    )

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("This field is required."))
        return note


class RejectView(PayoutView):
    template_name = "wallet/admin/reject.html"
    page_title = gettext_lazy("Reject payout request")
    header_icon = "cross"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            PayoutRequest.objects.select_related("partner"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RejectForm())
        context.update({"object": self.object, "cancel_url": payouts_url()})
        return context

    def post(self, request, *args, **kwargs):
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                payouts.reject(self.object, request.user, form.cleaned_data["note"])
            except payouts.PayoutError as refusal:
                messages.error(request, " ".join(refusal.messages))
            else:
                messages.success(request, _(
                    "Payout request %(id)s is rejected; the money is back in the wallet."
                ) % {"id": self.object.pk})
            return redirect(payouts_url())
        return self.render_to_response(self.get_context_data(form=form))


def download(batch):
    """The batch's payout file, the very bytes exported."""
    response = HttpResponse(batch.file_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.filename}"'
    return response


class ExportView(PayoutView):
    """POST: the approved requests (of the chosen currency) as a new payout batch, its file
    downloaded; they become exported and are in no later batch."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        approved = PayoutRequest.objects.filter(state=State.APPROVED).order_by("pk")
        currency = request.POST.get("currency", "")
        if currency:
            approved = approved.filter(currency=currency)
        try:
            batch = payouts.export_batch(list(approved), request.user)
        except payouts.PayoutError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(payouts_url())
        return download(batch)


class BatchIndexView(PayoutView):
    template_name = "wallet/admin/batches.html"
    page_title = gettext_lazy("Payout batches")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batches = PayoutBatch.objects.select_related("created_by", "paid_by").annotate(
            exported=Count("requests", filter=Q(requests__state=State.EXPORTED)),
            paid=Count("requests", filter=Q(requests__state=State.PAID)),
            failed=Count("requests", filter=Q(requests__state__in=[State.FAILED,
                                                                   State.RETURNED])),
        ).order_by("-created_at", "-pk")
        page = Paginator(batches, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update({"page_obj": page, "batches": page.object_list})
        return context


class BatchDownloadView(PayoutView):
    """GET: a batch's payout file again, identical to the one first downloaded."""

    def get(self, request, pk):
        return download(get_object_or_404(PayoutBatch, pk=pk))


class BatchPaidView(PayoutView):
    """POST: every request of the batch still exported is marked paid."""

    http_method_names = ["post"]

    def post(self, request, pk):
        batch = get_object_or_404(PayoutBatch, pk=pk)
        try:
            paid = payouts.mark_batch_paid(batch, request.user)
        except payouts.PayoutError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, ngettext(
                "Batch %(batch)s: %(count)s payout request is marked paid.",
                "Batch %(batch)s: %(count)s payout requests are marked paid.", len(paid),
            ) % {"batch": batch.pk, "count": len(paid)})
        return redirect(reverse(f"{PAYOUTS}:batches"))


class PayoutViewSet(ViewSet):
    name = PAYOUTS
    url_prefix = "network/payouts"
    icon = "resubmit"
    menu_label = gettext_lazy("Payouts")

    def get_urlpatterns(self):
        return [
            path("", PayoutIndexView.as_view(), name="index"),
            path("export/", ExportView.as_view(), name="export"),
            path("batches/", BatchIndexView.as_view(), name="batches"),
            path("batches/<int:pk>/download/", BatchDownloadView.as_view(),
                 name="batch_download"),
            path("batches/<int:pk>/paid/", BatchPaidView.as_view(), name="batch_paid"),
            path("<int:pk>/approve/", PayoutActionView.as_view(action="approve"),
                 name="approve"),
            path("<int:pk>/reject/", RejectView.as_view(), name="reject"),
            path("<int:pk>/paid/", PayoutActionView.as_view(action="paid"), name="paid"),
            path("<int:pk>/failed/", PayoutActionView.as_view(action="failed"), name="failed"),
            path("<int:pk>/returned/", PayoutActionView.as_view(action="returned"),
                 name="returned"),
        ]

    def on_register(self):
        super().on_register()
        # The permission can be given to groups in Wagtail's group editor.
        hooks.register("register_permissions", self.get_permissions_to_register)

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(PayoutRequest),
            codename="change_payoutrequest",
        )

    @cached_property
    def menu_item_class(self):
        class PayoutsMenuItem(MenuItem):
            def is_shown(self, request):
                return policy_registry.get_by_type(PayoutRequest).user_has_permission(
                    request.user, "change"
                )

        return PayoutsMenuItem
