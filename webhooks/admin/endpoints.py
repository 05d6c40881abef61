"""Endpoints in the operators' admin: register a system (URL, the kinds of event it wants,
active), see its signing secret once when it is made or made anew, and see which endpoints
were switched off after repeated failures (a warning above the list and on the dashboard
until someone switches them on again).

Permissions: `view_endpoint` to read the list; `add_endpoint`, `change_endpoint` (the
secret too) and `delete_endpoint` for the rest. The admin itself requires a second factor
(accounts/middleware.py).
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet

from webhooks import endpoints, notices
from webhooks.models import Endpoint, EventKind

ENDPOINTS = "webhooks_endpoints"
# The session remembers, for one showing, the secret of an endpoint just made or rotated.
SECRET_SHOWN_ONCE = "webhooks_secret_to_show"


def _https_by_default(field, **kwargs):
    """An address typed without a scheme is taken as https (Django 6's default already)."""
    if field.name == "url":
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class EndpointForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The kinds of event sent to this endpoint."),
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "kinds", "active"]
        formfield_callback = _https_by_default
        help_texts = {
            "url": gettext_lazy("Where the events are POSTed; https:// required."),
            "active": gettext_lazy(
                "Switched off endpoints get nothing; what waited is sent when switched on."
            ),
        }

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)

    def clean_kinds(self):
        # In the order the kinds are listed, so the stored list reads the same every time.
        chosen = set(self.cleaned_data["kinds"])
        return [kind for kind in EventKind.values if kind in chosen]

    def save(self, commit=True):
        endpoint = super().save(commit=False)
        switching_on = endpoint.pk and endpoint.active and endpoint.switched_off_at is not None
        if switching_on:
            endpoint.active = False  # switch_on does it, and queues what waited
        if commit:
            endpoint.save()
            if switching_on:
                endpoints.switch_on(endpoint)
        return endpoint


def endpoint_state(endpoint):
    if endpoint.active:
        return _("Active")
    if endpoint.switched_off_at:
        return _("Switched off after failures")
    return _("Off")


def warn_switched_off(request):
    for endpoint in notices.switched_off_endpoints():
        messages.warning(request, _(
            "The webhook endpoint “%(name)s” was switched off on %(date)s after "
            "%(count)s failed deliveries in a row. Fix the receiver, then switch it on again."
        ) % {"name": endpoint.name, "count": endpoint.consecutive_failures,
             "date": endpoint.switched_off_at.strftime("%Y-%m-%d %H:%M UTC")},
            buttons=[messages.button(reverse(f"{ENDPOINTS}:edit", args=[endpoint.pk]),
                                     _("Edit"))])


class EndpointIndexView(generic.IndexView):
    page_title = gettext_lazy("Webhook endpoints")
    any_permission_required = ["view", "add", "change", "delete"]
    search_fields = ["name", "url"]
    search_backend_name = None

    def get(self, request, *args, **kwargs):
        if not self.results_only:
            warn_switched_off(request)
        return super().get(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            TitleColumn("name", label=_("Name"), sort_key="name", get_url=self.get_edit_url),
            Column("url", label=_("URL")),
            Column("kinds", label=_("Events"),
                   accessor=lambda endpoint: ", ".join(map(str, endpoint.kind_labels()))),
            StatusTagColumn("active", label=_("State"), accessor=endpoint_state,
                            primary=lambda endpoint: endpoint.active),
            Column("consecutive_failures", label=_("Failed in a row")),
            Column("secret", label=_("Signing secret"),
                   accessor=lambda endpoint: endpoint.secret_hint),
        ]


class EndpointCreateView(generic.CreateView):
    def save_instance(self):
        endpoint = super().save_instance()
        self.request.session[SECRET_SHOWN_ONCE] = endpoint.pk
        return endpoint

    def get_success_url(self):
        return reverse(f"{ENDPOINTS}:secret", args=[self.object.pk])


class EndpointEditView(generic.EditView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["secret_url"] = reverse(f"{ENDPOINTS}:secret", args=[self.object.pk])
        return context


class EndpointSecretView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: the secret in full right after it was made (once), else its last characters;
    POST: a new secret, shown once."""

    model = Endpoint
    permission_required = "change"
    template_name = "webhooks/admin/endpoint_secret.html"
    page_title = gettext_lazy("Signing secret")
    header_icon = "key"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Endpoint, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.object.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{ENDPOINTS}:index"), "label": _("Webhook endpoints")},
            {"url": reverse(f"{ENDPOINTS}:edit", args=[self.object.pk]),
             "label": self.object.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.session.pop(SECRET_SHOWN_ONCE, None) == self.object.pk
        context.update({
            "endpoint": self.object,
            "secret": self.object.secret if show else None,
            "edit_url": reverse(f"{ENDPOINTS}:edit", args=[self.object.pk]),
        })
        return context

    def post(self, request, *args, **kwargs):
        endpoints.rotate_secret(self.object)
        request.session[SECRET_SHOWN_ONCE] = self.object.pk
        messages.success(request, _("A new signing secret was made; the old one no longer "
                                    "signs anything."))
        return redirect(reverse(f"{ENDPOINTS}:secret", args=[self.object.pk]))

    @classmethod
    def as_view(cls, **initkwargs):
        # The secret must not be kept by any cache on the way.
        return never_cache(super().as_view(**initkwargs))


class EndpointViewSet(ModelViewSet):
    model = Endpoint
    name = ENDPOINTS
    url_prefix = "webhooks/endpoints"
    icon = "link"
    menu_label = gettext_lazy("Endpoints")
    index_view_class = EndpointIndexView
    add_view_class = EndpointCreateView
    edit_view_class = EndpointEditView
    edit_template_name = "webhooks/admin/endpoint_edit.html"
    ordering = ["name", "pk"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False

    def get_form_class(self, for_update=False):
        return EndpointForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            history_url_name=None, usage_url_name=None, **kwargs,
        )

    def get_urlpatterns(self):
        return [
            pattern for pattern in super().get_urlpatterns()
            if pattern.name not in {"history", "usage", "copy"}
        ] + [
            path("<int:pk>/secret/", EndpointSecretView.as_view(), name="secret"),
        ]
