"""A django-tasks backend that hands Wagtail's background tasks to Celery.

Wagtail 8 enqueues its own work (reference index updates, file deletion, renditions)
through django-tasks. The published Celery backends for it are young single-author
packages, and the bridge is a few lines: enqueue one Celery task that imports the
django-task by its module path and runs it. With eager Celery (the demo) it runs at once.
"""

from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id, normalize_json


class CeleryTaskBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = False

    def enqueue(self, task, args, kwargs):
        from website.tasks import held, run_django_task

        self.validate_task(task)
        result_id = get_random_id()
        args, kwargs = normalize_json(args), normalize_json(kwargs)
        if not held(task.module_path, list(args), dict(kwargs)):  # seeding gathers them
            run_django_task.delay(task.module_path, list(args), dict(kwargs))
        return TaskResult(
            task=task,
            id=result_id,
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
