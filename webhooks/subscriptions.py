"""Which active endpoints want which kind of event, kept in the cache: every domain event
asks, and almost always the answer is "nobody" or the same few endpoints. Any change to an
endpoint forgets the answer (the model's save and delete signals, and the automatic
switch-off, which updates without saving)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from webhooks.models import Endpoint

CACHE_KEY = "webhooks:subscriptions"
CACHE_SECONDS = 60 * 60


def endpoints_for(kind):
    """The ids of the active endpoints subscribed to `kind` (by the cached answer)."""
    subscribed = cache.get(CACHE_KEY)
    if subscribed is None:
        subscribed = {}
        for pk, kinds in Endpoint.objects.filter(active=True).values_list("pk", "kinds"):
            for each in kinds:
                subscribed.setdefault(each, []).append(pk)
        cache.set(CACHE_KEY, subscribed, CACHE_SECONDS)
    return subscribed.get(kind, [])


def forget():
    """Drop the cached answer now and again once the current transaction commits (a reader
    in between could cache what is about to change)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def _endpoint_changed(sender, **kwargs):
    forget()


def connect():
    post_save.connect(_endpoint_changed, sender=Endpoint, dispatch_uid="webhooks.endpoint_saved")
    post_delete.connect(_endpoint_changed, sender=Endpoint,
                        dispatch_uid="webhooks.endpoint_deleted")
