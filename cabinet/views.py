"""The partner's cabinet: their overview, the genealogy viewer and team list, the referral
link with its QR code and statistics, and the holding tank.

Every view is for a signed-in partner and reads only that partner's own network, through
`network.permissions` (the same scoping the API uses). The genealogy viewer itself is
static/js/genealogy.js calling /api/v1/network/.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F, Func, IntegerField, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from compensation import report_card
from core import uploads
from core.uploads import upload_limit
from events import entries as event_entries
from landing import leads as lead_services
from landing.models import LeadStatus
from learning import certificates
from learning import journey as learning_journey
from network import genealogy, permissions, placement, services, stats
from network import referrals as referral_links
from network.models import Leg, Partner
from network.profile import PartnerProfileForm
from notifications import inbox

from . import charts, downline, qr
from .forms import DownlineFilterForm, PlacementForm, StatsRangeForm, VanityCodeForm


def partner_required(view):
    """Sign-in required; a user who is not a partner gets a friendly page instead.

    The view is called as view(request, partner, ...) with the user's own partner.
    """

    @login_required
    @never_cache
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        partner = (
            Partner.objects.select_related("user", "sponsor__user")
            .filter(user_id=request.user.pk)
            .first()
        )
        if partner is None:
            return render(request, "cabinet/no_partner.html", status=403)
        return view(request, partner, *args, **kwargs)

    return wrapped


def viewer_for(request, partner):
    """The cabinet always shows the partner's own network, staff or not."""
    return permissions.Viewer(user=request.user, partner=partner, root=partner, is_staff=False)


def referral_url(request, partner):
    """The same absolute link the API's summary gives (one definition of it)."""
    return referral_links.referral_url(request, partner)


def holding_tank_queryset(request, partner):
    return permissions.holding_tank(viewer_for(request, partner)).order_by(
        "placement_deadline", "pk"
    )


def snapshot_of(partner):
    try:
        return partner.snapshot
    except Partner.snapshot.RelatedObjectDoesNotExist:
        return None


def _count_of(queryset):
    """`queryset`'s row count as a subquery (COUNT without GROUP BY)."""
    return Coalesce(Subquery(
        queryset.order_by().annotate(rows=Func(F("pk"), function="COUNT")).values("rows"),
        output_field=IntegerField()), 0)


def _unread_of(user):
    """The bell's unread count (notifications.inbox's own query, capped as it caps it) as
    a subquery."""
    sql, params = inbox.shown(user).filter(read_at__isnull=True).values("pk")[
        :inbox.UNREAD_CAP].query.sql_with_params()
    return RawSQL(f"SELECT COUNT(*) FROM ({sql}) unread", params, output_field=IntegerField())


def badge_counts(request, partner):
    """The menu's two counts (the holding tank and the new leads) and the bell's unread
    notifications, in one query."""
    return Partner.objects.filter(pk=partner.pk).annotate(
        badge_tank=_count_of(holding_tank_queryset(request, partner)),
        badge_leads=_count_of(
            lead_services.partner_leads(partner).filter(status=LeadStatus.NEW)),
        badge_unread=_unread_of(request.user),
    ).values_list("badge_tank", "badge_leads", "badge_unread").get()


def cabinet_context(request, partner, section, **context):
    holding_tank_count, new_lead_count, unread_count = badge_counts(request, partner)
    return {
        "partner": partner,
        "section": section,
        "holding_tank_count": holding_tank_count,
        "new_lead_count": new_lead_count,
        "unread_count": unread_count,
        **context,
    }


@require_safe
@partner_required
def overview(request, partner):
    context = cabinet_context(
        request, partner, "overview",
        sponsor=partner.sponsor,
        snapshot=snapshot_of(partner),
        referral_url=referral_url(request, partner),
        direct_count=services.direct_count(partner),
        paid_rank=report_card.paid_rank(partner),
        journey=first_90_days(partner, request.LANGUAGE_CODE),
        next_events=event_entries.upcoming(partner, 3, request.LANGUAGE_CODE),
    )
    return render(request, "cabinet/overview.html", context)


def first_90_days(partner, language):
    """The partner's journey while they are in their first 90 days (the overview shows it
    first), else None."""
    if not learning_journey.is_newcomer(partner):
        return None
    found = learning_journey.journey_for(partner, language)
    return found if found is not None and found.in_first_90_days else None


# --- the genealogy viewer and the team list ------------------------------------------


@require_safe
@partner_required
def team(request, partner):
    tree = request.GET.get("tree")
    if tree not in genealogy.TREES:
        tree = genealogy.SPONSOR
    config = {
        "api": "/api/v1/network/",
        "rootId": partner.pk,
        "tree": tree,
        "placed": partner.is_placed,
        "language": request.LANGUAGE_CODE,
        "holdingTankUrl": reverse("cabinet:holding_tank"),
        "listUrl": reverse("cabinet:team_list"),
    }
    context = cabinet_context(
        request, partner, "team", config=config, strings=downline.viewer_strings(),
    )
    context["config"]["holdingTankCount"] = context["holding_tank_count"]
    return render(request, "cabinet/team.html", context)


@require_safe
@partner_required
def team_list(request, partner):
    form = DownlineFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = None
    if not form.is_bound or form.is_valid():
        page = downline.downline_page(
            viewer_for(request, partner), filters, cursor=request.GET.get("cursor"),
        )
    query = request.GET.copy()
    query.pop("cursor", None)
    context = cabinet_context(
        request, partner, "list", form=form, page=page,
        tree=filters.get("tree") or genealogy.SPONSOR,
        filter_query=query.urlencode(),
        more_fields=[form[name] for name in DownlineFilterForm.MORE_FILTERS],
        more_open=bool(form.errors) or any(
            request.GET.get(name) for name in DownlineFilterForm.MORE_FILTERS
        ),
    )
    return render(request, "cabinet/team_list.html", context)


# --- the holding tank ------------------------------------------------------------------


def free_positions(partner):
    """The placement's suggested free slots (`network.placement.free_positions`), each
    with the words the page shows."""
    legs = dict(Leg.choices)
    return [
        {**position, "leg_label": legs[position["leg"]],
         "where": _("Directly under you") if position["directly"]
         else _("At the bottom of your %(leg)s leg") % {"leg": legs[position["leg"]].lower()}}
        for position in placement.free_positions(partner)
    ]


@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
def holding_tank(request, partner):
    waiting = holding_tank_queryset(request, partner).select_related("user")
    failed_form = None
    if request.method == "POST":
        failed_form = PlacementForm(request.POST, auto_id=row_ids(request.POST.get("partner")))
        if failed_form.is_valid():
            outcome = place_waiting_partner(request, partner, waiting, failed_form)
            if outcome is not None:
                messages.success(request, outcome)
                return redirect("cabinet:holding_tank")
    suggestions = free_positions(partner) if waiting else []
    if request.GET.get("parent"):
        initial = {
            "parent": request.GET["parent"][:32],
            "leg": request.GET.get("leg") if request.GET.get("leg") in Leg.values else Leg.LEFT,
        }
    elif suggestions:
        initial = {"parent": suggestions[0]["parent"].referral_code,
                   "leg": suggestions[0]["leg"]}
    else:
        initial = {"parent": partner.referral_code, "leg": Leg.LEFT}
    rows = []
    soon = timezone.now() + timezone.timedelta(days=1)
    for waiting_partner in waiting:
        if failed_form is not None and failed_form.data.get("partner") == str(waiting_partner.pk):
            form = failed_form
        else:
            form = PlacementForm(
                initial={**initial, "partner": waiting_partner.pk},
                auto_id=row_ids(waiting_partner.pk),
            )
        rows.append({
            "partner": waiting_partner, "form": form,
            "urgent": waiting_partner.placement_deadline <= soon,
        })
    context = cabinet_context(
        request, partner, "holding_tank", rows=rows,
        suggestions=suggestions,
        prefilled=bool(request.GET.get("parent")),
    )
    return render(request, "cabinet/holding_tank.html", context, status=200 if failed_form is
                  None or not failed_form.errors else 400)


def row_ids(pk):
    """Field ids unique to one waiting partner's form (several forms share the page)."""
    digits = "".join(character for character in str(pk or "") if character.isdigit())[:12]
    return f"tank-{digits}-%s"


def place_waiting_partner(request, partner, waiting, form):
    """Place the form's partner; the success message, or None with the form's errors set."""
    candidate = waiting.filter(pk=form.cleaned_data["partner"]).first()
    if candidate is None:
        # Not in this partner's tank (anyone else's, placed already, or no such id).
        raise Http404
    # A code outside the partner's placement team is refused with the same words as an
    # unknown code, so the form never confirms who exists elsewhere in the network.
    outside = _("There is no partner with this code in your placement team.")
    parent = services.find_by_code(form.cleaned_data["parent"])
    viewer = viewer_for(request, partner)
    if parent is None or not permissions.is_in_tree(viewer, parent, genealogy.PLACEMENT):
        form.add_error("parent", outside)
        return None
    try:
        placement.place_from_holding_tank(partner, candidate, parent, form.cleaned_data["leg"])
    except placement.PlacementError as error:
        form.add_error(None, str(error))
        return None
    leg_label = dict(Leg.choices)[form.cleaned_data["leg"]].lower()
    return _("%(name)s is placed under %(parent)s, %(leg)s leg.") % {
        "name": candidate.name, "parent": parent.name, "leg": leg_label,
    }


# --- referrals ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
def referrals(request, partner):
    vanity_form = None
    if not partner.vanity_code_chosen:
        vanity_form = VanityCodeForm(request.POST or None)
        if request.method == "POST" and vanity_form.is_valid():
            try:
                services.choose_vanity_code(partner, vanity_form.cleaned_data["code"])
            except services.NetworkError as error:
                vanity_form.add_error("code", error)
            else:
                messages.success(
                    request,
                    _("Your referral code is now %(code)s.") % {"code": partner.referral_code},
                )
                return redirect("cabinet:referrals")
    elif request.method == "POST":
        messages.error(request, _("You have already chosen your code."))
        return redirect("cabinet:referrals")

    range_form = StatsRangeForm(request.GET or None)
    since, until = range_form.range()
    if not range_form.is_bound:
        range_form = StatsRangeForm(initial={"since": since, "until": until})
    referral_stats = stats.referral_stats(partner, since, until)
    link = referral_url(request, partner)
    context = cabinet_context(
        request, partner, "referrals",
        referral_url=link,
        qr_svg=mark_safe(qr.inline_svg(link)),  # noqa: S308 - segno's own markup
        vanity_form=vanity_form,
        range_form=range_form,
        stats=referral_stats,
        chart=charts.daily_bars(referral_stats["by_day"]),
    )
    status = 400 if vanity_form is not None and vanity_form.errors else 200
    return render(request, "cabinet/referrals.html", context, status=status)


def _qr_download(request, partner, content, extension, content_type):
    response = HttpResponse(content, content_type=content_type)
    filename = f"referral-{partner.referral_code.lower()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@partner_required
def referral_qr_svg(request, partner):
    content = qr.svg_file(referral_url(request, partner))
    return _qr_download(request, partner, content, "svg", "image/svg+xml")


@require_safe
@partner_required
def referral_qr_png(request, partner):
    content = qr.png_file(referral_url(request, partner))
    return _qr_download(request, partner, content, "png", "image/png")



@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
@upload_limit(uploads.MAX_BYTES, "photo")
def profile(request, partner):
    """The name, photo and contacts the partner shows their team and visitors."""
    if request.method == "POST":
        form = PartnerProfileForm(request.POST, request.FILES, instance=partner)
        if form.is_valid():
            old_photo = partner.photo.name if partner.photo else ""
            with transaction.atomic():
                form.save()
            if old_photo and old_photo != (partner.photo.name or ""):
                partner.photo.storage.delete(old_photo)
            messages.success(request, _("Your profile is saved."))
            return redirect("cabinet:profile")
    else:
        form = PartnerProfileForm(instance=partner)
    return render(
        request, "cabinet/profile.html", cabinet_context(
            request, partner, "profile", form=form,
            certificates=certificates.issued(partner),
        )
    )
