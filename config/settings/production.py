"""Production: everything from the environment; refuses to start without a secret key,
allowed hosts, or a shared cache (Redis)."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import REDIS_URL, REST_FRAMEWORK, env, env_bool, env_list

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment (at least 50 random characters)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment.")
# Sign-in and API rate limits, sessions' second-factor records and cached pages must be
# shared by every worker: a per-process cache would give each worker its own limits.
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in the environment (e.g. redis://127.0.0.1:6379/0): "
        "production needs a cache shared by every worker, or each worker keeps its own "
        "sign-in and API rate limits."
    )

# Outgoing webhooks go over https only; the demo's receiver does not exist here.
WEBHOOKS_ALLOW_LOCAL_HTTP = False
WEBHOOKS_DEMO_RECEIVER = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
