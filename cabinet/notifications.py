"""The cabinet's notifications: the list behind the bell (filter by kind or category,
mark read, mark all read, cursor pages newest first), opening one (the address every
channel links to) and the preferences page. Thin views over notifications/'s inbox and
preferences services; every one is the signed-in user's own, another user's id is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from network.models import Partner
from notifications import forms as notification_forms
from notifications import inbox, kinds, preferences, rendering

from .views import cabinet_context


def _context(request, section, **context):
    """The cabinet's frame (navigation and its counts) for partners and non-partners."""
    partner = Partner.objects.filter(user_id=request.user.pk).first()
    if partner is None:
        return {"section": section, **context}
    return cabinet_context(request, partner, section, **context)


def _filters(query):
    kind = query.get("kind", "")
    category = query.get("category", "")
    return {
        "kind": kind if kinds.get(kind) else "",
        "category": category if category in kinds.CATEGORIES else "",
        "unread": query.get("unread") == "1",
    }


@require_safe
@login_required
@never_cache
def notification_list(request):
    filters = _filters(request.GET)
    try:
        rows, next_cursor = inbox.page(request.user, before=request.GET.get("before", ""),
                                       **filters)
    except (ValueError, OverflowError, OSError):
        raise Http404 from None
    # One reverse() each for the page, not two per row: the ids go into the pattern.
    open_pattern = reverse("notifications:open", args=[0]).replace("/0/", "/{}/")
    read_pattern = reverse("notifications:read", args=[0]).replace("/0/", "/{}/")
    items = []
    for notification in rows:
        title, body = rendering.texts(notification)
        items.append({"notification": notification, "title": title, "body": body,
                      "open_url": open_pattern.format(notification.pk),
                      "read_url": read_pattern.format(notification.pk)})
    query = {key: value for key, value in (("kind", filters["kind"]),
                                           ("category", filters["category"]),
                                           ("unread", "1" if filters["unread"] else ""))
             if value}
    return render(request, "cabinet/notifications.html", _context(
        request, "notifications",
        items=items, filters=filters,
        categories=[(key, label) for key, label, _members in kinds.by_category()],
        kind_groups=kinds.by_category(),
        next_url=("?" + urlencode({**query, "before": next_cursor})) if next_cursor else "",
        first_url="?" + urlencode(query) if request.GET.get("before") else "",
        filter_query=urlencode(query), here=request.get_full_path(),
    ))


def _back(request):
    back = inbox.safe_url(request.POST.get("next", ""))
    return redirect(back or reverse("notifications:list"))


@require_POST
@login_required
def mark_read(request, pk):
    if not inbox.mark_read(request.user, pk):
        raise Http404
    return _back(request)


@require_POST
@login_required
def mark_all_read(request):
    filters = _filters(request.POST)
    marked = inbox.mark_all_read(request.user, kind=filters["kind"],
                                 category=filters["category"])
    if marked:
        messages.success(request, _("All notifications are marked read."))
    return _back(request)


@require_safe
@login_required
@never_cache
def open_notification(request, pk):
    """Marks the notification read and clicked, then goes to what it is about (a path on
    this site only; the list when it has none)."""
    url = inbox.open_notification(request.user, pk, channel=request.GET.get("c", ""))
    if url is None:
        raise Http404
    return redirect(url or reverse("notifications:list"))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def notification_preferences(request):
    preference = preferences.of(request.user)
    form = notification_forms.PreferencesForm(
        request.POST or None, initial=notification_forms.initial(request.user, preference))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        preferences.save(
            request.user, time_zone=data["time_zone"], quiet_start=data["quiet_start"],
            quiet_end=data["quiet_end"], digest=data["digest"],
            channels=form.chosen_channels(), language=data["language"])
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "cabinet/notification_preferences.html", _context(
        request, "notification_preferences",
        form=form, groups=preferences.choices(preference),
    ))
