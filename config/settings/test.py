"""The test suite: whatever DATABASE_URL / REDIS_URL the run provides, fast hashing."""

from config.settings.base import *  # noqa: F403
from config.settings.base import CACHES, REDIS_URL, REST_FRAMEWORK, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-3c9b5a7d1e"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
# Landing visits are written as soon as their response is sent (landing/visits.py).
LANDING_VISITS_WAIT_SECONDS = 0
MEDIA_ROOT = env("TEST_MEDIA_ROOT", "/tmp/downline-test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The suite sends more API requests a minute, as one user and from one address, than any
# client would (the schema fuzzing some 1,500); the rates' own tests set the rate they test
# (tests/api/test_throttling.py). The token endpoint keeps its rate, which tests rely on.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "anon": "100000/min", "user": "100000/min", "webhook": "100000/min",
    },
}

# `make test` runs the suite in parallel (pytest-xdist): each worker has its own test
# database (pytest-django adds the worker's name) and here its own Redis database, since
# every test empties the cache and one worker must not empty another's.
XDIST_WORKER = env("PYTEST_XDIST_WORKER", "")
if REDIS_URL and XDIST_WORKER:
    _base, _, _db = REDIS_URL.rpartition("/")
    if not _db.isdigit():
        _base = REDIS_URL.rstrip("/")
    CACHES = {
        **CACHES,
        "default": {**CACHES["default"], "LOCATION": f"{_base}/{12 + int(XDIST_WORKER[2:])}"},
    }
