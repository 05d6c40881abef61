"""The plan version editor of the operators' admin: a draft's rules edited in forms
(`plan_forms`: ranks with their requirements and names, unilevel levels, binary, matching,
fast start, payout cap), with the plan file's JSON kept as the advanced view
(`admin_compensation.PlanVersionForm`, at `…/edit/json/` and `new/json/`), and a draft
sent to the plan analysis before it is published.

Extends `admin_compensation.PlanVersionViewSet` (listing, inspect, publish and new version
stay there); permissions are the same (`change_planversion`).
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets.button import HeaderButton

from compensation.admin.plan_forms import PlanVersionEditorForm
from compensation.admin.reports import ANALYSIS
from compensation.admin.runs import (
    PLANS,
    PlanVersionCreateView,
    PlanVersionEditView,
    PlanVersionForm,
    PlanVersionViewSet,
)

FORM_TEMPLATE = "compensation/admin/plan_form.html"


def analysis_url(plan):
    return "{}?{}".format(reverse(f"{ANALYSIS}:index"), urlencode({"version": plan.pk}))


class PlanFormMixin:
    """What the plan form's template needs beside the form."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["editor"] = context["form"].editor
        context["json_url"] = self.json_url()
        return context


class PlanFormCreateView(PlanFormMixin, PlanVersionCreateView):
    def json_url(self):
        return reverse(f"{PLANS}:add_json")


class PlanFormEditView(PlanFormMixin, PlanVersionEditView):
    def json_url(self):
        return reverse(f"{PLANS}:edit_json", args=[self.object.pk])

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Analyse this draft"), url=analysis_url(self.object),
                         icon_name="view", priority=20),
            HeaderButton(_("Edit as JSON"), url=self.json_url(), icon_name="code",
                         priority=30),
        ]


class PlanJsonEditView(PlanVersionEditView):
    """The advanced view: the whole plan file as JSON."""

    page_title = gettext_lazy("Edit plan version as JSON")

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Edit in forms"), url=reverse(f"{PLANS}:edit", args=[self.object.pk]),
                         icon_name="form", priority=30),
        ]


class PlanEditorViewSet(PlanVersionViewSet):
    add_view_class = PlanFormCreateView
    edit_view_class = PlanFormEditView

    def get_form_class(self, for_update=False):
        return PlanVersionEditorForm

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(template_name=FORM_TEMPLATE, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(template_name=FORM_TEMPLATE, **kwargs)

    def get_urlpatterns(self):
        json_add = self.construct_view(
            PlanVersionCreateView, **super().get_add_view_kwargs(form_class=PlanVersionForm)
        )
        json_edit = self.construct_view(
            PlanJsonEditView, **super().get_edit_view_kwargs(form_class=PlanVersionForm)
        )
        return [
            *super().get_urlpatterns(),
            path("new/json/", json_add, name="add_json"),
            path("<int:pk>/edit/json/", json_edit, name="edit_json"),
        ]
