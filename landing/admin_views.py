"""The landing review queue in the Wagtail admin: landings held back by a forbidden phrase
(or by the company's review-everything setting) wait here for a reviewer.

Only staff with the "Can review landings" permission see the queue or decide; every
change goes through `landing.services.decide`.
"""

from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from network.admin_forms import ReviewDecisionForm

from . import compliance, rendering, services
from .forms import LeadForm
from .models import Landing, LandingReview

# URL namespace of the viewset registered in wagtail_hooks.py.
REVIEWS = "landing_reviews"
# "review" → the landing.review_landing permission.
review_policy = ModelPermissionPolicy(Landing)


class LandingDecisionForm(ReviewDecisionForm):
    """The sign-up review's form, worded for landings: the comment goes to the partner."""

    def __init__(self, *args, approve, **kwargs):
        super().__init__(*args, approve=approve, **kwargs)
        note = self.fields["note"]
        note.label = _("Comment")
        note.help_text = _("Sent to the partner with the decision; needed to reject.")


class ReviewPermissionMixin(PermissionCheckedMixin):
    permission_policy = review_policy
    permission_required = "review"


class ReviewQueueView(ReviewPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Landing reviews")
    header_icon = "doc-full"
    template_name = "landing/admin/review_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reviews"] = (
            LandingReview.objects.filter(decision="")
            .select_related("landing__partner__user")
            .order_by("submitted_at", "pk")
        )
        context["recent"] = (
            LandingReview.objects.exclude(decision="").exclude(decided_at=None)
            .select_related("landing__partner__user", "reviewer")
            .order_by("-decided_at", "-pk")[:20]
        )
        return context


class ReviewLandingView(ReviewPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """The landing as the visitor would see it, forbidden phrases marked; Approve, or
    Reject with a comment. GET shows it; POST to approve/ or reject/ decides."""

    template_name = "landing/admin/review.html"
    header_icon = "doc-full"
    approve = None  # None: the page itself; True/False: the approve/reject address

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.review = get_object_or_404(
            LandingReview.objects.select_related("landing__partner__user", "reviewer"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Review landing")

    def get_page_subtitle(self):
        return self.review.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{REVIEWS}:index"), "label": _("Landing reviews")},
            {"url": "", "label": self.review.title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "approve": self.approve is not False}

    def get_form(self, form_class=None):
        return LandingDecisionForm(**self.get_form_kwargs())

    def post(self, request, *args, **kwargs):
        if self.approve is None:
            return redirect(reverse(f"{REVIEWS}:review", args=[self.review.pk]))
        return super().post(request, *args, **kwargs)

    def preview(self):
        landing = self.review.landing
        phrases = [found["phrase"] for found in self.review.phrases]
        with translation.override(landing.language):
            sections = rendering.render_sections(
                landing, body=rendering.stream_of(self.review.body), context={
                    "request": self.request, "csrf_token": get_token(self.request),
                    "lead_form": LeadForm(),
                },
            )
            for section in sections:
                section.html = compliance.highlight(section.html, phrases)
        return sections

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.review
        phrases = [found["phrase"] for found in review.phrases]
        context.update({
            "review": review,
            "landing": review.landing,
            "partner": review.landing.partner,
            "title_html": compliance.highlight(escape(review.title), phrases),
            "sections": self.preview(),
            "rejecting": self.approve is False,
            "approve_url": reverse(f"{REVIEWS}:approve", args=[review.pk]),
            "reject_url": reverse(f"{REVIEWS}:reject", args=[review.pk]),
            "cancel_url": reverse(f"{REVIEWS}:index"),
        })
        return context

    def form_valid(self, form):
        try:
            services.decide(
                self.review, approve=self.approve, reviewer=self.request.user,
                comment=form.cleaned_data["note"],
            )
        except services.ReviewError as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        title = self.review.title
        if self.approve:
            messages.success(self.request, _("“%(title)s” is published.") % {"title": title})
        else:
            messages.success(
                self.request, _("“%(title)s” is rejected; the partner is told why.")
                % {"title": title},
            )
        return redirect(reverse(f"{REVIEWS}:index"))
