"""Settings shared by every environment; values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "accounts",
    "website",
    "blog",
    "network",
    "orders",
    "compensation",
    "wallet",
    "cabinet",
    "demo",
    "landing",
    "learning",
    "events",
    "notifications",
    "notifications.mailings",
    "notifications.telegram",
    "notifications.webpush",
    "notifications.sequences",
    "webhooks",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached partner landings answer here, before the rest of the stack (landing/page_cache.py).
    "landing.page_cache.LandingCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "website.middleware.LocaleMiddleware",
    # The Wagtail site and its settings from the cache (website/chrome.py).
    "website.chrome.SiteFromCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Uploads over their view's limit are refused before the CSRF check reads the body.
    "core.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Without DATABASE_URL the project runs on the embedded SQLite database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# --- languages -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("uk", "Українська")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded media served by Django itself (the demo); a deployment serves them elsewhere.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# --- cache: Redis when REDIS_URL is set, else a process-local cache ------------------
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "downline"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery: a Redis broker when CELERY_BROKER_URL is set, eager execution otherwise ---
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "network-snapshots": {"task": "network.tasks.recompute_snapshots", "schedule": 3600},
    "network-holding-tank": {
        "task": "network.tasks.place_expired_holding_tank", "schedule": 900,
    },
    # Event reminders a day and an hour before (events/reminders.py: each sent once).
    "events-reminders": {"task": "events.tasks.send_event_reminders", "schedule": 300},
    # Deliveries whose quiet hours ended, whose enqueueing was lost or whose worker died.
    "notifications-release-due": {
        "task": "notifications.tasks.release_due", "schedule": 60,
    },
    # Webhook deliveries whose retry is due, or whose worker died (webhooks/tasks.py).
    "webhooks-deliver-due": {"task": "webhooks.tasks.deliver_due", "schedule": 60},
    # The daily email digest, each partner's at DIGEST_HOUR of their own time zone
    # (notifications/digest.py): hourly, on the hour.
    "notifications-digest": {
        "task": "notifications.digest.send_daily_digests", "schedule": crontab(minute=0),
    },
    # The first-90-days cohorts the learning report reads (learning/reports.py).
    "learning-cohorts": {"task": "learning.count_cohorts", "schedule": 3600},
    "learning-roster": {"task": "learning.sync_roster", "schedule": 3600},
    # Behaviour-triggered sequences: entries, exits and due steps (notifications/sequences).
    "notifications-sequences": {
        "task": "notifications.sequences.tasks.run_sequences", "schedule": 300,
    },
}

# Wagtail's own background tasks (reference index, image renditions, file deletion)
# run through django-tasks; they go to Celery through our backend, eagerly in the demo.
TASKS = {"default": {"BACKEND": "config.task_backend.CeleryTaskBackend"}}

# --- Wagtail ---------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Downline")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Each language's own text search on PostgreSQL; Wagtail's database backend elsewhere
# (website/search_backend.py says what each language gets).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "website.search_backend",
        "SEARCH_CONFIGS": {"en": "english", "ru": "russian", "uk": "simple"},
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar fetched from elsewhere
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- accounts (django-allauth) ----------------------------------------------------
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A changed password, email address or second factor is told to the account's owner
# (in the company's frame: accounts/emails.py).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Sign-up makes the new account a partner under their sponsor (network/forms.py).
ACCOUNT_FORMS = {"signup": "network.forms.PartnerSignupForm"}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME

# --- email ----------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Downline <no-reply@downline.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous request is told 401 with a WWW-Authenticate header.
        # Both refuse staff who did not use their second factor (accounts/second_factor.py).
        "accounts.second_factor.SecondFactorTokenAuthentication",
        "accounts.second_factor.SecondFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.DownlineAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Every endpoint counts requests per signed-in user or, for anonymous ones, per IP
    # address; the token endpoint and the shop's webhook count under their own scope
    # instead (accounts/api.py, orders/api/views.py), the health probe not at all. The
    # counts live in the default cache, Redis in production, shared by every worker. A
    # request over its rate is answered 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANONYMOUS", "60/min"),
        "user": env("API_RATE_USER", "600/min"),
        "token": env("API_RATE_TOKEN", "10/min"),
        "webhook": env("API_RATE_SHOP_WEBHOOK", "300/min"),
    },
    # The client's address is REMOTE_ADDR (a proxy in front must set it, see README): an
    # X-Forwarded-For header sent by the client itself would let it choose its own limit.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Downline API",
    "DESCRIPTION": "The partner platform's REST API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["core.api.public_api_only"],
    # The outgoing webhooks, one documented body per kind (webhooks/schema.py); the
    # schema's `webhooks` section is OpenAPI 3.1's.
    "OAS_VERSION": "3.1.0",
    "WEBHOOKS": [
        f"webhooks.schema.{name}" for name in (
            "PARTNER_ENROLLED", "LEAD_CREATED", "LEAD_CONVERTED", "ORDER_PAID",
            "ORDER_REFUNDED", "BONUS_POSTED", "PAYOUT_PAID", "RANK_REACHED",
        )
    ],
    # Partners and orders both have a "status"; name each choice set after its owner.
    "ENUM_NAME_OVERRIDES": {
        "PartnerStatusEnum": "network.models.PartnerStatus",
        "OrderStatusEnum": "orders.models.OrderStatus",
        "NewOrderStatusEnum": ["pending", "paid", "shipped"],
        "MailingRecipientStatusEnum": "notifications.mailings.models.RecipientStatus",
        "MailingStateEnum": "notifications.mailings.models.SendingState",
        "MailingChannelEnum": "notifications.mailings.models.MailingChannel",
    },
}
# The company shop signs its order webhooks with this (HMAC-SHA256); empty refuses them all.
SHOP_WEBHOOK_SECRET = env("SHOP_WEBHOOK_SECRET", "")
# Outgoing webhooks (webhooks/): the wait for a receiver's answer, the failed attempts in a
# row after which a delivery is given up (retried after 30 s, 1 min, 2 min, ... by default),
# the deliveries given up in a row after which an endpoint is switched off, whether an
# endpoint may be plain http on this machine (never in production), and the demo's own
# receiver at /webhooks/demo-receiver/ (the demo only).
WEBHOOKS_TIMEOUT_SECONDS = int(env("WEBHOOKS_TIMEOUT_SECONDS", "10"))
WEBHOOKS_MAX_ATTEMPTS = int(env("WEBHOOKS_MAX_ATTEMPTS", "8"))
WEBHOOKS_RETRY_BASE_SECONDS = int(env("WEBHOOKS_RETRY_BASE_SECONDS", "30"))
WEBHOOKS_SWITCH_OFF_AFTER = int(env("WEBHOOKS_SWITCH_OFF_AFTER", "5"))
WEBHOOKS_ALLOW_LOCAL_HTTP = env_bool("WEBHOOKS_ALLOW_LOCAL_HTTP", True)
WEBHOOKS_DEMO_RECEIVER = env_bool("WEBHOOKS_DEMO_RECEIVER", False)

# --- Telegram and web push notifications (notifications/telegram, notifications/webpush) ---
# The bot's token from @BotFather, its username (for the deep link t.me/<username>), the
# Bot API's address (the token is appended, or placed at "{token}"; tests point it at a
# local fake) and the secret Telegram sends back to the webhook.
TELEGRAM_BOT_TOKEN = env("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_BOT_USERNAME = env("TELEGRAM_BOT_USERNAME", "")
TELEGRAM_API_URL = env("TELEGRAM_API_URL", "https://api.telegram.org/bot")
TELEGRAM_WEBHOOK_SECRET = env("TELEGRAM_WEBHOOK_SECRET", "")
# VAPID keys (base64url; without them a key is derived from SECRET_KEY: see
# notifications/webpush/vapid.py) and the contact push services may write to.
WEBPUSH_VAPID_PUBLIC_KEY = env("WEBPUSH_VAPID_PUBLIC_KEY", "")
WEBPUSH_VAPID_PRIVATE_KEY = env("WEBPUSH_VAPID_PRIVATE_KEY", "")
WEBPUSH_VAPID_SUBJECT = env("WEBPUSH_VAPID_SUBJECT", "mailto:no-reply@downline.local")
# The push services a browser's subscription may point at (a host or its parent domain):
# the site posts to these addresses, so no other address is accepted.
WEBPUSH_PUSH_SERVICES = env_list(
    "WEBPUSH_PUSH_SERVICES",
    "fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com",
)
WEBPUSH_ALLOW_HTTP = env_bool("WEBPUSH_ALLOW_HTTP", False)
# Outgoing webhooks (webhooks/): the wait for a receiver's answer, the failed attempts in a
# row after which a delivery is given up (retried after 30 s, 1 min, 2 min, ... by default),
# the deliveries given up in a row after which an endpoint is switched off, whether an
# endpoint may be plain http on this machine (never in production), and the demo's own
# receiver at /webhooks/demo-receiver/ (the demo only).
WEBHOOKS_TIMEOUT_SECONDS = int(env("WEBHOOKS_TIMEOUT_SECONDS", "10"))
WEBHOOKS_MAX_ATTEMPTS = int(env("WEBHOOKS_MAX_ATTEMPTS", "8"))
WEBHOOKS_RETRY_BASE_SECONDS = int(env("WEBHOOKS_RETRY_BASE_SECONDS", "30"))
WEBHOOKS_SWITCH_OFF_AFTER = int(env("WEBHOOKS_SWITCH_OFF_AFTER", "5"))
WEBHOOKS_ALLOW_LOCAL_HTTP = env_bool("WEBHOOKS_ALLOW_LOCAL_HTTP", True)
WEBHOOKS_DEMO_RECEIVER = env_bool("WEBHOOKS_DEMO_RECEIVER", False)
# Payouts: the smallest amount a partner may request, and above which amount two different
# operators must approve (decimal strings, in the payout's currency).
PAYOUT_MINIMUM = env("PAYOUT_MINIMUM", "50.00")
PAYOUT_TWO_APPROVERS_ABOVE = env("PAYOUT_TWO_APPROVERS_ABOVE", "1000.00")
# Commission runs: when on, the person who posts a run to the ledger must not be the one
# who approved it (compensation/commission_runs.py).
COMMISSION_RUN_TWO_PEOPLE = env_bool("COMMISSION_RUN_TWO_PEOPLE", False)

# --- security headers that hold everywhere --------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The site's own pages get a strict policy; the Wagtail admin ships inline scripts and
# styles of its own, so it is left to Wagtail's defaults.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
