"""Project-wide Celery tasks: the health probe and the bridge for Wagtail's own tasks
(config/task_backend.py sends them here).

`gathered()` holds the Wagtail tasks enqueued inside it and sends each distinct one once
when it ends: seeding the demo saves each page several times (created, revised,
published, translated) and Wagtail enqueues a search and a reference index update at
every save; one update per object, after its last save, does the same work.
"""

import json
import threading
from contextlib import contextmanager

from celery import shared_task
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
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


_gathering = threading.local()


def held(module_path, args, kwargs):
    """Keep the task for the end of the `gathered()` block around this call: True when
    kept (the same task with the same arguments once), False outside such a block."""
    tasks = getattr(_gathering, "tasks", None)
    if tasks is None:
        return False
    key = json.dumps([module_path, args, kwargs], sort_keys=True, default=str)
    tasks.setdefault(key, (module_path, args, kwargs))
    return True


@contextmanager
def gathered():
    """Hold the Wagtail tasks enqueued in the block; send each distinct (task, arguments)
    once, in the order first enqueued, when the block ends without an error."""
    if getattr(_gathering, "tasks", None) is not None:  # nested: the outer block sends
        yield
        return
    _gathering.tasks = {}
    try:
        yield
        tasks = list(_gathering.tasks.values())
    finally:
        _gathering.tasks = None
    for module_path, args, kwargs in tasks:
        try:
            run_django_task.delay(module_path, args, kwargs)
        except ObjectDoesNotExist:  # (run at once) deleted later in the block: moot
            pass
