"""The cabinet's "Channels" page (linked from the notification settings): connecting and
disconnecting Telegram, and turning browser notifications on and off.

"Connect Telegram" makes a one-time link (notifications.telegram.linking) and shows it as
the bot's deep link; the bot's /start does the linking. Browser notifications are turned
on in the browser itself (static/js/cabinet-push.js saves the subscription through the
API); the page lists the browsers that have them and removes one on request. Every form
acts on the signed-in user's own link and subscriptions only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from notifications.telegram import linking
from notifications.webpush import subscriptions, vapid

from .notifications import _context


def page_context(request, **context):
    return _context(
        request, "notification_preferences",
        telegram=linking.link_of(request.user),
        bot_username=linking.bot_username(),
        push_subscriptions=list(subscriptions.of(request.user)),
        push_public_key=vapid.public_key(),
        push_subscribe_url=reverse("notifications-push-subscriptions"),
        push_unsubscribe_url=reverse("notifications-push-unsubscribe"),
        push_worker_url=reverse("service_worker"),
        token_minutes=linking.TOKEN_MINUTES,
        **context,
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@never_cache
def channels(request):
    return render(request, "cabinet/channels.html", page_context(request))


@require_POST
@login_required
@never_cache
def telegram_connect(request):
    """A fresh one-time link, shown on the page (not redirected to: it opens Telegram)."""
    if not linking.bot_username():
        messages.error(request, _("The company has not set up its Telegram bot yet."))
        return redirect("cabinet:channels")
    token = linking.issue_token(request.user)
    return render(request, "cabinet/channels.html",
                  page_context(request, telegram_link=linking.deep_link(token)))


@require_POST
@login_required
def telegram_disconnect(request):
    if linking.unlink_user(request.user):
        messages.success(request, _("Telegram is disconnected: no more notifications there."))
    return redirect("cabinet:channels")


@require_POST
@login_required
def push_remove(request, pk):
    if not subscriptions.remove_by_id(request.user, pk):
        raise Http404
    messages.success(request, _("That browser gets no more notifications."))
    return redirect("cabinet:channels")

