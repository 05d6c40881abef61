"""The landing review queue in the Wagtail admin: landings held back by a forbidden phrase
(or by the company's review-everything setting) wait here for a reviewer.

Only staff with the "Can review landings" permission see the queue or decide; every
change goes through `landing.services.decide`.

Also the "Block rules" screen of a landing template (what partners may do with each of its
blocks, which blocks they may add), reached from the template's snippet listing and edit
view, and the template's snippet form, which leaves the rules to that screen.
"""

import html
import re

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from landing import compliance, rendering, services
from landing.blocks import LandingStreamBlock
from landing.forms import LeadForm
from landing.models import BlockRule, Landing, LandingReview, LandingTemplate
from network.admin.forms import ReviewDecisionForm

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

    def get_breadcrumbs_items(self):
        # The slim header shows the last breadcrumb: without this one it said "Home".
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

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


# --- block rules of a landing template ------------------------------------------------------

# The value fields a block's preview is taken from, first found first.
PREVIEW_FIELDS = ("headline", "heading", "title", "question", "quote", "text", "subline", "intro",
                  "url")
PREVIEW_LENGTH = 80
# Where rich text starts a new paragraph, heading, item or line: a space in the plain text,
# or "What you get</h2><ul><li>Training" would read "What you getTraining".
_BLOCK_BREAK = re.compile(r"(?i)<(?=/?(?:p|h[1-6]|li|ul|ol|div|blockquote|br|hr)\b)")


def block_preview(value):
    """A short plain-text hint of what a block (its StreamField JSON value) says."""
    if isinstance(value, str):
        text = html.unescape(strip_tags(_BLOCK_BREAK.sub(" <", value)))
    elif isinstance(value, dict):
        text = next((value[name] for name in PREVIEW_FIELDS
                     if isinstance(value.get(name), str) and value[name].strip()), "")
        if not text:
            items = next((value[name] for name in ("items", "links", "images")
                          if isinstance(value.get(name), list) and value[name]), [])
            first = items[0] if items else None
            if isinstance(first, dict):
                text = block_preview(first.get("value", first))
    else:
        text = ""
    return Truncator(" ".join(str(text).split())).chars(PREVIEW_LENGTH)


def addable_choices():
    """Every block type of the landing library, in the library's order, by its label."""
    return [(name, block.label) for name, block in LandingStreamBlock.base_blocks.items()]


def rules_without_missing_blocks(rules, block_ids):
    """`rules` with the rules of blocks no longer in the body left out."""
    if not isinstance(rules, dict) or not isinstance(rules.get("blocks"), dict):
        return rules
    kept = {block_id: rule for block_id, rule in rules["blocks"].items() if block_id in block_ids}
    return {**rules, "blocks": kept}


class LandingTemplateAdminForm(WagtailAdminModelForm):
    """The template's snippet form (the rules are not on it: they have their own screen).
    Rules of blocks removed from the body are dropped, so the model's check of the rules
    does not refuse the body the editor just saved."""

    def clean(self):
        cleaned_data = super().clean()
        body = cleaned_data.get("body")
        if body is not None:
            self.instance.rules = rules_without_missing_blocks(
                self.instance.rules, {block.id for block in body if block.id}
            )
        return cleaned_data


class TemplateRulesForm(forms.Form):
    """One rule (locked, editable, removable) per block of the template's body, in order,
    and the block types partners may add. A block without a rule starts as locked."""

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        rules = template.rules if isinstance(template.rules, dict) else {}
        block_rules = rules.get("blocks") if isinstance(rules.get("blocks"), dict) else {}
        addable = rules.get("addable") if isinstance(rules.get("addable"), list) else []
        labels = LandingStreamBlock.base_blocks
        self.rows = []
        for position, block in enumerate(template.body.raw_data, start=1):
            block_id, block_type = block.get("id"), block.get("type")
            if not block_id:
                continue
            type_label = labels[block_type].label if block_type in labels else block_type
            name = self.rule_field_name(block_id)
            self.fields[name] = forms.ChoiceField(
                label=_("Block %(position)s (%(type)s)")
                % {"position": position, "type": type_label},
                choices=BlockRule.choices,
                initial=block_rules.get(block_id, BlockRule.LOCKED),
                widget=forms.RadioSelect,
            )
            self.rows.append({
                "position": position, "block_id": block_id, "type_label": type_label,
                "preview": block_preview(block.get("value")), "field": name,
            })
        self.fields["addable"] = forms.MultipleChoiceField(
            label=_("Blocks partners may add"),
            help_text=_("A block a partner adds is theirs: they may change and remove it."),
            choices=addable_choices(), required=False, initial=addable,
            widget=forms.CheckboxSelectMultiple,
        )

    @staticmethod
    def rule_field_name(block_id):
        return f"rule-{block_id}"

    def bound_rows(self):
        return [{**row, "field": self[row["field"]]} for row in self.rows]

    def rules(self):
        """The rules as LandingTemplate.rules stores them (blocks of the body only)."""
        chosen = set(self.cleaned_data["addable"])
        return {
            "blocks": {row["block_id"]: self.cleaned_data[row["field"]] for row in self.rows},
            "addable": [name for name, _label in addable_choices() if name in chosen],
        }


class TemplateRulesView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """The "Block rules" screen of a landing template: what partners may do with each of
    its blocks and which blocks they may add. Only users who may change landing templates
    reach it; the rules are checked by LandingTemplate.clean before they are stored."""

    template_name = "landing/admin/template_rules.html"
    header_icon = "lock"
    permission_required = "change"
    permission_policy = ModelPermissionPolicy(LandingTemplate)  # the viewset passes its own
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.template = get_object_or_404(LandingTemplate, pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission_for_instance("change", self.template):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Block rules")

    def get_page_subtitle(self):
        return str(self.template)

    def edit_url(self):
        return reverse(self.edit_url_name, args=[quote(self.template.pk)])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name),
             "label": capfirst(LandingTemplate._meta.verbose_name_plural)},
            {"url": self.edit_url(), "label": str(self.template)},
            {"url": "", "label": _("Block rules")},
        ]

    @cached_property
    def header_buttons(self):
        # A HeaderButton: a plain Button has no header styling (its icon filled the header).
        return [HeaderButton(_("Edit template"), url=self.edit_url(), icon_name="edit")]

    def get_form(self, form_class=None):
        return TemplateRulesForm(**self.get_form_kwargs(), template=self.template)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "action_url": self.request.path,
            "submit_button_label": _("Save block rules"),
            "submit_button_active_label": _("Saving…"),
            "edit_url": self.edit_url(),
        })
        return context

    def form_invalid(self, form):
        messages.error(self.request, _("The block rules could not be saved due to errors."))
        return super().form_invalid(form)

    def form_valid(self, form):
        template = self.template
        stored = template.rules
        template.rules = form.rules()
        try:
            template.clean()
        except ValidationError as refusal:
            template.rules = stored
            for message in refusal.message_dict.get("rules", refusal.messages):
                form.add_error(None, message)
            return self.form_invalid(form)
        with transaction.atomic():
            template.save(update_fields=["rules"])
            log(template, "wagtail.edit", user=self.request.user)
        messages.success(
            self.request, _("Block rules of “%(name)s” saved.") % {"name": template},
            buttons=[messages.button(self.edit_url(), _("Edit template"))],
        )
        return redirect(self.request.path)
