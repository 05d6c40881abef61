"""Project-wide Celery tasks: the health probe and the bridge for Wagtail's own tasks."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

HEALTH_CACHE_KEY = "celery:health:last-run"


@shared_task(name="website.health_check")
def health_check(token=""):
    """Proves a worker runs: records when it last ran and echoes the token back."""
    now = timezone.now().isoformat()
    cache.set(HEALTH_CACHE_KEY, now, timeout=3600)
    return {"status": "ok", "token": token, "ran_at": now}


@shared_task(name="website.run_django_task", acks_late=True)
def run_django_task(module_path, args, kwargs):
    task = import_string(module_path)
    return task.call(*args, **kwargs)
