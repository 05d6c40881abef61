"""The operators' network admin in Wagtail: the partner list and a partner's page, staff
moves in the sponsor and placement trees, the audit of tree changes, the sign-up review
queue and the partners.csv import.

Views stay thin: every change goes through `network.services` (or the import), so the
rules (no cycles, the change window, notifying sponsors, all-or-nothing import) hold
here exactly as everywhere else. Listings never count or walk a subtree: team figures
come from snapshots and searches are exact or bounded prefix lookups.
"""

import csv

import django_filters
from django import forms
from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import (
    Column,
    DateColumn,
    NumberColumn,
    StatusTagColumn,
    Table,
    TitleColumn,
    UserColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from network import genealogy, services
from network.admin.forms import (
    ChangePlacementForm,
    ChangeSponsorForm,
    ImportPartnersForm,
    ReviewDecisionForm,
    find_partner,
)
from network.models import Leg, Partner, PartnerStatus, SignupReview, TreeChange
from network.partners_import import ImportFailed, import_partners
from network.ranks import HIGHEST_RANK, rank_label

# URL namespaces of the viewsets registered in wagtail_hooks.py.
PARTNERS = "network_partners"
TREE_CHANGES = "network_tree_changes"
REVIEWS = "network_reviews"
IMPORT = "network_import"
ORDERS = "network_orders"  # the Orders admin (orders/admin/views.py)

UPLINE_LEVELS = 10
CHILDREN_PER_PAGE = 20
RECENT_CHANGES = 10
# Above this many rows an unfiltered listing shows PostgreSQL's estimate, not COUNT(*).
ESTIMATE_ABOVE = 100_000
# A failed import of a huge file can have a problem on every line; the page stays usable.
PROBLEMS_SHOWN = 10_000


def partner_url(partner_or_id):
    pk = getattr(partner_or_id, "pk", partner_or_id)
    return reverse(f"{PARTNERS}:inspect", args=[pk])


def team_size(partner):
    snapshot = snapshot_of(partner)
    return snapshot.team_size if snapshot else 0


def snapshot_of(partner):
    try:
        return partner.snapshot
    except Partner.snapshot.RelatedObjectDoesNotExist:
        return None


def describe_position(kind, position):
    """A tree change's before/after in words: "ABC1234 (#12)", "left leg under ABC1234"."""
    position = position or {}
    if kind == TreeChange.Kind.SPONSOR:
        if not position.get("sponsor"):
            return _("none")
        return f"{position.get('sponsor_code') or ''} (#{position['sponsor']})".strip()
    if not position.get("placement_parent"):
        return _("not placed")
    leg = dict(Leg.choices).get(position.get("placement_leg"), position.get("placement_leg"))
    return _("%(leg)s leg under %(parent)s (#%(id)s)") % {
        "leg": leg, "parent": position.get("placement_parent_code") or "",
        "id": position["placement_parent"],
    }


def search_partner_ids(text, limit=200):
    """Ids of partners a search box query names, by indexed or bounded lookups only.

    An exact referral code, external id, `#id` or email wins; otherwise the start of an
    email address or a name, at most `limit` matches.
    """
    text = (text or "").strip()
    if not text:
        return []
    exact = find_partner(text)
    if exact is not None:
        return [exact.pk]
    # Unordered, so a scan may stop at the limit instead of sorting every match.
    partners = Partner.objects.order_by().values_list("pk", flat=True)
    if "@" in text:
        if ids := list(partners.filter(user__email=text.lower())[:1]):
            return ids
        return list(partners.filter(user__email__startswith=text.lower())[:limit])
    ids = list(partners.filter(display_name__istartswith=text)[:limit])
    if len(ids) < limit:
        first, _space, last = text.partition(" ")
        people = partners.filter(user__first_name__istartswith=first)
        if last:
            people = people.filter(user__last_name__istartswith=last)
        ids += list(people[: limit - len(ids)])
    if len(ids) < limit:
        ids += list(partners.filter(user__email__startswith=text.lower())[: limit - len(ids)])
    return ids


class EstimatedCountPaginator(WagtailPaginator):
    """Counts exactly, except the unfiltered listing of a big table on PostgreSQL, where
    the planner's row estimate stands in for a COUNT(*) over a million rows."""

    @cached_property
    def count(self):
        queryset = self.object_list
        if (
            connection.vendor == "postgresql"
            and isinstance(queryset, QuerySet)
            and not queryset.query.where
        ):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > ESTIMATE_ABOVE:
                return row[0]
        return super().count


class DateOnlyColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(localtime(value), "SHORT_DATE_FORMAT") if value else ""


class PartnerLinkColumn(Column):
    """A related partner (sponsor, placement parent) linked to their page."""

    def get_value(self, instance):
        partner = super().get_value(instance)
        if partner is None:
            return ""
        return format_html('<a href="{}">{}</a>', partner_url(partner), partner.name)


class PositionColumn(Column):
    def get_value(self, instance):
        return describe_position(instance.kind, super().get_value(instance))


def partner_columns(title_column_class=TitleColumn, get_url=partner_url, sortable=True,
                    with_sponsor=True):
    """The columns partner tables share: the partner list and a partner's children."""
    def sort(key):
        return key if sortable else None

    columns = [
        title_column_class("name", label=_("Name"), accessor="name", get_url=get_url),
        Column("referral_code", label=_("Code"), sort_key=sort("referral_code")),
        StatusTagColumn(
            "status", accessor="get_status_display", label=_("Status"), sort_key=sort("status"),
            primary=lambda partner: partner.status == PartnerStatus.ACTIVE,
        ),
        Column("rank", label=HIGHEST_RANK, sort_key=sort("rank"),
               accessor=lambda partner: rank_label(partner.rank)),
        PartnerLinkColumn("sponsor", label=_("Sponsor")),
        DateOnlyColumn("joined_at", label=_("Joined"), sort_key=sort("joined_at")),
        NumberColumn("team_size", label=_("Team size"), accessor=team_size),
    ]
    if not with_sponsor:
        columns = [column for column in columns if column.name != "sponsor"]
    return columns


# --- partners -------------------------------------------------------------------------


class PartnerFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=PartnerStatus.choices,
        empty_label=gettext_lazy("All"), widget=forms.RadioSelect,
    )
    rank = django_filters.CharFilter(label=gettext_lazy("Rank"), field_name="rank")
    joined_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Joined"), widget=DateRangePickerWidget,
    )
    held_for_review = django_filters.BooleanFilter(
        label=gettext_lazy("Held for review"), widget=BooleanRadioSelect,
    )
    in_holding_tank = django_filters.BooleanFilter(
        label=gettext_lazy("In a holding tank"), method="filter_holding_tank",
        widget=BooleanRadioSelect,
    )
    sponsor = django_filters.CharFilter(
        label=gettext_lazy("Sponsor"), method="filter_sponsor",
        help_text=gettext_lazy("Referral code, external id or #id of the sponsor."),
    )

    class Meta:
        model = Partner
        fields = []

    def filter_holding_tank(self, queryset, name, value):
        waiting = {"placement_deadline__isnull": False, "placement_depth__isnull": True}
        return queryset.filter(**waiting) if value else queryset.exclude(**waiting)

    def filter_sponsor(self, queryset, name, value):
        sponsor = find_partner(value)
        return queryset.filter(sponsor=sponsor) if sponsor else queryset.none()


class PartnerIndexView(generic.IndexView):
    paginator_class = EstimatedCountPaginator
    # Enables the search box; search_queryset() does the (indexed) searching.
    search_fields = ["referral_code"]
    search_backend_name = None
    page_title = gettext_lazy("Partners")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "sponsor__user", "snapshot")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(pk__in=search_partner_ids(self.search_query))

    @cached_property
    def columns(self):
        return partner_columns(
            self._get_title_column_class(TitleColumn), get_url=self.get_inspect_url
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.sponsor_id and self.user_has_permission("change"):
            buttons += [
                MenuItem(
                    _("Change sponsor"), reverse(f"{PARTNERS}:change_sponsor", args=[instance.pk]),
                    icon_name="user", priority=40,
                ),
                MenuItem(
                    _("Change placement"),
                    reverse(f"{PARTNERS}:change_placement", args=[instance.pk]),
                    icon_name="crosshairs", priority=50,
                ),
            ]
        return buttons

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.user_has_permission("add"):
            buttons.append(HeaderButton(
                _("Import partners"), url=reverse(f"{IMPORT}:index"), icon_name="upload"
            ))
        return buttons


class PartnerInspectView(generic.InspectView):
    template_name = "network/admin/partner_inspect.html"
    page_title = gettext_lazy("Partner")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Partner.objects.select_related(
                "user", "sponsor__user", "placement_parent__user", "snapshot"
            ),
            pk=self.pk,
        )

    def get_fields(self):
        return []

    @cached_property
    def header_buttons(self):
        if not self.user_has_permission("change"):
            return []
        buttons = [
            HeaderButton(
                _("Change sponsor"), url=reverse(f"{PARTNERS}:change_sponsor", args=[self.pk]),
                icon_name="user", priority=10,
            ),
            HeaderButton(
                _("Change placement"),
                url=reverse(f"{PARTNERS}:change_placement", args=[self.pk]),
                icon_name="crosshairs", priority=20,
            ),
        ]
        # The root has no sponsor and heads the placement tree: nothing to change.
        return buttons if self.object.sponsor_id else []

    def get_profile(self):
        partner = self.object
        rows = [
            (_("Name"), partner.name),
            (_("Email"), partner.user.email if partner.user_id else ""),
            (_("Referral code"), partner.referral_code),
            (_("External id"), partner.external_id or ""),
            (_("Status"), partner.get_status_display()),
            (HIGHEST_RANK, rank_label(partner.rank)),
            (_("Joined"), date_format(localtime(partner.joined_at), "DATETIME_FORMAT")),
            (_("Phone"), partner.phone),
            (_("Telegram"), partner.telegram),
            (_("WhatsApp"), partner.whatsapp),
            (_("Viber"), partner.viber),
            (_("Vanity code chosen"), _("Yes") if partner.vanity_code_chosen else _("No")),
            (_("Company account"),
             _("Yes: earns no bonuses and is left out of the income disclosure")
             if partner.is_company else ""),
        ]
        return [(label, value) for label, value in rows if value not in ("", None)]

    def get_upline(self, tree):
        ids = genealogy.upline_ids(self.object, tree, max_levels=UPLINE_LEVELS)
        found = Partner.objects.select_related("user").in_bulk(ids)
        return [(level, found[pk]) for level, pk in enumerate(ids, start=1) if pk in found]

    def children_table(self, partners):
        return Table(
            partner_columns(sortable=False, with_sponsor=False), partners, classname="listing"
        )

    def orders_url(self):
        """The Orders list filtered to this partner, for those who may see it."""
        user = self.request.user
        if not (user.has_perm("orders.view_order") or user.has_perm("orders.change_order")):
            return ""
        return reverse(f"{ORDERS}:index") + f"?partner=%23{self.object.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object
        sponsored = (
            partner.sponsored.select_related("user", "sponsor__user", "snapshot")
            .order_by("joined_at", "pk")
        )
        paginator = WagtailPaginator(sponsored, CHILDREN_PER_PAGE)
        sponsored_page = paginator.get_page(self.request.GET.get("sponsored"))
        placed = {
            child.placement_leg: child
            for child in partner.placed.select_related("user", "sponsor__user", "snapshot")
        }
        changes = list(partner.changes.select_related("changed_by")[:RECENT_CHANGES])
        for change in changes:
            change.before_text = describe_position(change.kind, change.before)
            change.after_text = describe_position(change.kind, change.after)
        try:
            review = partner.review
        except Partner.review.RelatedObjectDoesNotExist:
            review = None
        can_review = review is not None and review.state == SignupReview.State.PENDING and (
            self.request.user.has_perm("network.change_signupreview")
        )
        context.update({
            "partner": partner,
            "profile": self.get_profile(),
            "snapshot": snapshot_of(partner),
            "sponsor_upline": self.get_upline(genealogy.SPONSOR),
            "placement_upline": self.get_upline(genealogy.PLACEMENT),
            "sponsored_page": sponsored_page,
            "sponsored_count": paginator.count,
            "sponsored_table": self.children_table(list(sponsored_page.object_list)),
            "placed_left": placed.get(Leg.LEFT),
            "placed_right": placed.get(Leg.RIGHT),
            "holding_tank_count": partner.sponsored.filter(
                placement_deadline__isnull=False, placement_depth__isnull=True
            ).count(),
            "changes": changes,
            "changes_url": reverse(f"{TREE_CHANGES}:index") + f"?partner=%23{partner.pk}",
            "sponsored_list_url": reverse(f"{PARTNERS}:index") + f"?sponsor=%23{partner.pk}",
            "orders_url": self.orders_url(),
            "review": review,
            "can_review": can_review,
        })
        return context


class PartnerFormView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """A form about one partner whose valid submission calls a network service."""

    model = Partner
    permission_required = "change"
    template_name = "network/admin/partner_form.html"
    header_icon = "group"
    submit_label = gettext_lazy("Save")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.partner = get_object_or_404(
            Partner.objects.select_related("user", "sponsor__user", "placement_parent__user"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return str(self.partner)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{PARTNERS}:index"), "label": _("Partners")},
            {"url": partner_url(self.partner), "label": str(self.partner)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "partner": self.partner, "submit_label": self.submit_label,
            "cancel_url": partner_url(self.partner),
        })
        return context

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except services.NetworkError as refusal:
            for text in refusal.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(partner_url(self.partner))


class ChangeSponsorView(PartnerFormView):
    form_class = ChangeSponsorForm
    page_title = gettext_lazy("Change sponsor")
    submit_label = gettext_lazy("Change sponsor")
    kind = "sponsor"

    def perform(self, form):
        new_sponsor = form.cleaned_data["new_sponsor"]
        services.change_sponsor(
            self.partner, new_sponsor, staff_user=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        return _("%(partner)s now has %(sponsor)s as sponsor.") % {
            "partner": self.partner.name, "sponsor": new_sponsor.name,
        }


class ChangePlacementView(PartnerFormView):
    form_class = ChangePlacementForm
    page_title = gettext_lazy("Change placement")
    submit_label = gettext_lazy("Change placement")
    kind = "placement"

    def perform(self, form):
        new_parent, leg = form.cleaned_data["new_parent"], form.cleaned_data["leg"]
        services.change_placement(
            self.partner, new_parent, leg, staff_user=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        return _("%(partner)s is now placed in the %(leg)s leg under %(parent)s.") % {
            "partner": self.partner.name, "leg": dict(Leg.choices)[leg].lower(),
            "parent": new_parent.name,
        }


class ImportPartnersView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    model = Partner
    permission_required = "add"
    form_class = ImportPartnersForm
    template_name = "network/admin/import_partners.html"
    page_title = gettext_lazy("Import partners")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{PARTNERS}:index"), "label": _("Partners")},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            count = import_partners(form.text_stream(), upload.name)
        except ImportFailed as failure:
            return self.render_to_response(self.get_context_data(
                form=form, problems=failure.messages[:PROBLEMS_SHOWN],
                problems_count=len(failure.messages), filename=upload.name,
            ))
        except UnicodeDecodeError:
            form.add_error("file", _(
                "The file is not UTF-8 text; save it as “CSV UTF-8” and try again."
            ))
            return self.form_invalid(form)
        except csv.Error as error:
            form.add_error("file", _("The file is not a readable CSV: %(error)s") % {
                "error": error,
            })
            return self.form_invalid(form)
        messages.success(self.request, ngettext(
            "Imported %(count)s partner from %(file)s.",
            "Imported %(count)s partners from %(file)s.", count,
        ) % {"count": count, "file": upload.name})
        return redirect(reverse(f"{PARTNERS}:index"))


# --- tree changes ---------------------------------------------------------------------


class TreeChangeFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Change"), choices=TreeChange.Kind.choices,
        empty_label=gettext_lazy("All"), widget=forms.RadioSelect,
    )
    changed_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Changed"), widget=DateRangePickerWidget,
    )
    partner = django_filters.CharFilter(
        label=gettext_lazy("Partner"), method="filter_partner",
        help_text=gettext_lazy("Referral code, external id or #id."),
    )

    class Meta:
        model = TreeChange
        fields = []

    def filter_partner(self, queryset, name, value):
        partner = find_partner(value)
        return queryset.filter(partner=partner) if partner else queryset.none()


class TreeChangeIndexView(generic.IndexView):
    page_title = gettext_lazy("Tree changes")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("partner__user", "changed_by")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "partner", label=_("Partner"), accessor="partner",
                get_url=lambda change: partner_url(change.partner_id),
            ),
            Column("kind", label=_("Change"), accessor="get_kind_display", sort_key="kind"),
            PositionColumn("before", label=_("Before")),
            PositionColumn("after", label=_("After")),
            Column("reason", label=_("Reason")),
            UserColumn("changed_by", label=_("Changed by"), blank_display_name=_("system")),
            DateColumn("changed_at", label=_("Changed"), sort_key="changed_at"),
        ]


# --- sign-up reviews ------------------------------------------------------------------


class SignupReviewFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), choices=SignupReview.State.choices,
        empty_label=gettext_lazy("All"), widget=forms.RadioSelect,
    )

    class Meta:
        model = SignupReview
        fields = []


class SignupReviewIndexView(generic.IndexView):
    page_title = gettext_lazy("Sign-up reviews")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related(
            "partner__user", "partner__sponsor__user", "decided_by"
        )

    def order_queryset(self, queryset):
        if self.ordering:
            return super().order_queryset(queryset)
        # The queue: what waits for a decision first, newest first within each group.
        return queryset.annotate(
            waiting=Case(
                When(state=SignupReview.State.PENDING, then=Value(0)),
                default=Value(1), output_field=IntegerField(),
            )
        ).order_by("waiting", "-created_at", "-pk")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "partner", label=_("Partner"), accessor="partner",
                get_url=lambda review: partner_url(review.partner_id),
            ),
            PartnerLinkColumn("sponsor", label=_("Sponsor"), accessor="partner.sponsor"),
            Column("reason", label=_("Reason")),
            Column("ip_address", label=_("IP address")),
            Column("device", label=_("Device")),
            StatusTagColumn(
                "state", accessor="get_state_display", label=_("State"), sort_key="state",
                primary=lambda review: review.state == SignupReview.State.PENDING,
            ),
            DateColumn("created_at", label=_("Held"), sort_key="created_at"),
            UserColumn("decided_by", label=_("Decided by")),
            Column("note", label=_("Note")),
            ReviewButtonsColumn("actions", label="", user_can_decide=self.user_can_decide),
        ]

    def user_can_decide(self):
        return self.user_has_permission("change")


class ReviewButtonsColumn(Column):
    """Approve and Reject beside a waiting sign-up, for staff allowed to decide."""

    cell_template_name = "network/admin/review_buttons_cell.html"

    def __init__(self, name, user_can_decide, **kwargs):
        super().__init__(name, **kwargs)
        self.user_can_decide = user_can_decide

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["buttons"] = []
        if instance.state == SignupReview.State.PENDING and self.user_can_decide():
            context["buttons"] = [
                ListingButton(
                    _("Approve"), url=reverse(f"{REVIEWS}:approve", args=[instance.pk]),
                    icon_name="check",
                ),
                ListingButton(
                    _("Reject"), url=reverse(f"{REVIEWS}:reject", args=[instance.pk]),
                    icon_name="cross", classname="no",
                ),
            ]
        return context

    def get_value(self, instance):
        return ""


class DecideReviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    model = SignupReview
    permission_required = "change"
    form_class = ReviewDecisionForm
    template_name = "network/admin/review_form.html"
    header_icon = "warning"
    approve = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.review = get_object_or_404(
            SignupReview.objects.select_related("partner__user", "partner__sponsor__user"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Approve sign-up") if self.approve else _("Reject sign-up")

    def get_page_subtitle(self):
        return str(self.review.partner)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{REVIEWS}:index"), "label": _("Sign-up reviews")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "approve": self.approve}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "review": self.review, "partner": self.review.partner, "approve": self.approve,
            "pending": self.review.state == SignupReview.State.PENDING,
            "partner_url": partner_url(self.review.partner_id),
            "cancel_url": reverse(f"{REVIEWS}:index"),
        })
        return context

    def form_valid(self, form):
        try:
            services.decide_review(
                self.review, approve=self.approve, staff_user=self.request.user,
                note=form.cleaned_data["note"],
            )
        except services.NetworkError as refusal:
            for text in refusal.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        name = self.review.partner.name
        if self.approve:
            messages.success(self.request, _("%(name)s is approved and placed.") % {"name": name})
        else:
            messages.success(
                self.request, _("%(name)s is rejected; the account is closed.") % {"name": name}
            )
        return redirect(reverse(f"{REVIEWS}:index"))
