"""The test suite: whatever DATABASE_URL / REDIS_URL the run provides, fast hashing."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

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
