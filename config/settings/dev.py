"""The embedded demo: SQLite, eager Celery, console email, the site's own error pages."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env, env_bool

# The demo shows the site's own 404 and 500 pages, as visitors of a real deployment see
# them; DEBUG_PAGES=1 brings back Django's debug pages. Tracebacks of server errors are
# logged to the console either way.
DEBUG = env_bool("DEBUG_PAGES", False)
# What DEBUG gave the demo besides the debug pages: static files straight from the source
# folders (whitenoise, no collectstatic needed) and uploaded media served by Django.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-not-for-production-8f2c1e")
ALLOWED_HOSTS = ["*"]
# Demo accounts sign in at once; a real deployment verifies email addresses.
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "optional")
# The demo registers a webhook endpoint against its own receiver (/webhooks/demo-receiver/).
WEBHOOKS_DEMO_RECEIVER = env_bool("WEBHOOKS_DEMO_RECEIVER", True)
