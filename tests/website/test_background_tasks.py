import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from website.tasks import HEALTH_CACHE_KEY, health_check

ROOT = Path(__file__).resolve().parents[2]
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def test_health_task_runs_and_records_when(db):
    result = health_check.delay("ping")
    assert result.get(timeout=10)["status"] == "ok"
    assert result.get()["token"] == "ping"
    assert cache.get(HEALTH_CACHE_KEY)


def test_wagtail_background_tasks_go_through_celery(db):
    from tests.website.django_tasks_for_tests import remember

    remember.enqueue("bridge-test", "ran")
    assert cache.get("bridge-test") == "ran"


def test_gathered_tasks_run_once_each_when_the_block_ends(db):
    from tests.website.django_tasks_for_tests import count, remember
    from website.tasks import gathered

    cache.delete_many(["gathered-a", "gathered-count"])
    with gathered():
        remember.enqueue("gathered-a", "first")
        for _ in range(3):  # the same task with the same arguments: once
            count.enqueue("gathered-count")
        assert cache.get("gathered-a") is None  # held until the block ends
    assert cache.get("gathered-a") == "first" and cache.get("gathered-count") == 1
    with pytest.raises(RuntimeError), gathered():  # a block that fails sends nothing
        remember.enqueue("gathered-b", "never")
        raise RuntimeError("seeding failed")
    assert cache.get("gathered-b") is None
    remember.enqueue("gathered-c", "at once")  # outside a block: at once, as before
    assert cache.get("gathered-c") == "at once"


def test_ci_runs_on_postgresql_and_redis():
    if not REQUIRE_SERVICES:
        pytest.skip("set REQUIRE_SERVICES=1 (as .ci/run does) to require PostgreSQL and Redis")
    assert connection.vendor == "postgresql"
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert settings.CELERY_BROKER_URL.startswith("redis://")


@pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL") and not REQUIRE_SERVICES,
    reason="needs a Redis broker in CELERY_BROKER_URL",
)
def test_a_real_worker_runs_the_health_task():
    """Starts a Celery worker against the Redis broker and waits for its answer."""
    from config.celery import app

    broker = os.environ["CELERY_BROKER_URL"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev",
           "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker}
    env.pop("DATABASE_URL", None)
    queue = f"health-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--concurrency=1", "-Q", queue, "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        app.conf.task_always_eager = False
        app.conf.broker_url = broker
        app.conf.result_backend = broker
        token = uuid.uuid4().hex
        result = health_check.apply_async(args=[token], queue=queue)
        # The test process is no worker, whatever task a test before left on its stack.
        assert result.get(timeout=60, disable_sync_subtasks=False)["token"] == token
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)
