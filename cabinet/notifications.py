"""The cabinet's notifications: the list behind the bell, marking read, opening one (the
address every channel links to), and the preferences page. Thin views over
notifications/'s inbox and preferences services; every one is the signed-in user's own.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from notifications import inbox


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


@require_safe
@login_required
@never_cache
def notification_list(request):
    from django.shortcuts import render

    rows, _cursor = inbox.page(request.user)
    return render(request, "cabinet/notifications.html", {"notifications": rows})
