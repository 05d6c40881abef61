"""The embedded demo: SQLite, eager Celery, console email, debug on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-not-for-production-8f2c1e")
ALLOWED_HOSTS = ["*"]
# Demo accounts sign in at once; a real deployment verifies email addresses.
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "optional")
