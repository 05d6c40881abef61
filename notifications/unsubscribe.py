"""Unsubscribing from email without signing in: the signed link in every mail's footer and
its `List-Unsubscribe` header (RFC 8058 one-click).

The link names the recipient and one kind (or every kind a person may turn off), signed
with the site's secret, so it needs no session and cannot be made for someone else. GET
shows what would be turned off and asks to confirm, in the recipient's language; POST
(the confirm button, or a mail program's one-click `List-Unsubscribe=One-Click`) turns
email off for that kind in their preferences, keeping their other channels. A link whose
signature does not match changes nothing and answers 400. Required kinds (payouts) cannot
be turned off: the page says why.
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications import kinds, preferences, rendering

SALT = "notifications.unsubscribe"
EMAIL = "email"
ALL = "*"
TEMPLATE = "notifications/unsubscribe.html"


def token(user, kind_key):
    """The signed token for turning off `kind_key` (None: every kind that may be)."""
    return signing.dumps([user.pk, kind_key or ALL], salt=SALT)


def link(user, kind_key, language):
    """The site-relative unsubscribe address, in `language`."""
    with translation.override(language):
        return reverse("mail:unsubscribe", args=[token(user, kind_key)])


def read(value):
    """(user, kind or None for all) from a token, or None when it is forged, altered or
    names a user or kind that does not exist."""
    try:
        user_id, kind_key = signing.loads(value, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    user = get_user_model().objects.filter(pk=user_id).first()
    kind = None if kind_key == ALL else kinds.get(kind_key)
    if user is None or (kind is None and kind_key != ALL):
        return None
    return user, kind


def emailed_kinds(user, preference=None):
    """The kinds the user may turn off that currently reach them by email."""
    preference = preference or preferences.of(user)
    return [kind for kind in kinds.all()
            if not kind.required and EMAIL in preferences.chosen_channels(kind, preference)]


def turn_off(user, kind=None):
    """Email off for `kind` (None: every kind that may be turned off), the other channels
    kept. Returns the kinds turned off; a required kind is never among them."""
    preference = preferences.of(user)
    targets = [kind] if kind is not None else emailed_kinds(user, preference)
    changed = {
        target.key: [name for name in preferences.chosen_channels(target, preference)
                     if name != EMAIL]
        for target in targets if not target.required
    }
    if changed:
        preferences.save(user, channels=changed, replace_channels=False)
    return [target for target in targets if target.key in changed]


@csrf_exempt  # the signed token is the proof; a mail program posts without a session
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def unsubscribe(request, token):
    target = read(token)
    if target is None:
        return render(request, TEMPLATE, {"state": "invalid"}, status=400)
    user, kind = target
    with translation.override(rendering.language_of(user)):
        context = {"state": "confirm", "kind": kind, "everything": kind is None,
                   "email": user.email}
        if kind is not None and kind.required:
            context["state"] = "required"
        elif request.method == "POST":
            everything = kind is None or request.POST.get("scope") == "all"
            context.update(state="done", everything=everything,
                           turned_off=turn_off(user, None if everything else kind))
        return render(request, TEMPLATE, context)
