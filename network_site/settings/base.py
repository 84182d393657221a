"""Settings shared by every environment. Everything that differs between machines
comes from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps
    "accounts",
    "images",
    "home",
    "members",
    "roadmap",
    "workshops",
    "follows",
    "opendata",
    "practices",
    # Wagtail, with wagtail-localize first
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.sites",
    "accounts.apps.StaffUsersAppConfig",  # wagtail.users, listing staff only
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The public API (opendata/api/); drf-spectacular is used as a library, not an app
    # (as an app, its system check would document every DRF view of Wagtail's admin too).
    "rest_framework",
    # Front end
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # The e-mail outbox (home/emails.py) and the readiness endpoint (home/health.py)
    "post_office",
    "health_check",
]

MIDDLEWARE = [
    # Outermost: under /api/, every error answer is an RFC 9457 problem (opendata/api/problems.py).
    "opendata.api.problems.APIProblemMiddleware",
    # Before anything reads the request: control characters in the path or query string
    # get a clear 400, and are removed from form fields (home/edge.py).
    "home.edge.ControlCharactersMiddleware",
    # Outside the page cache, so that a page taken from it gets this visitor's CSRF cookie
    # and the tokens of its forms (home/form_tokens.py).
    "django.middleware.csrf.CsrfViewMiddleware",
    "home.form_tokens.FormTokensMiddleware",
    # Then: stores cacheable anonymous pages once every other middleware has run.
    "home.page_cache.UpdatePageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "home.middleware.LocaleFallbackMiddleware",
    # Once the language is known: serves anonymous visitors (no session, no messages) a page
    # stored by UpdatePageCacheMiddleware, which every middleware below had already built.
    "home.page_cache.FetchPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "network_site.urls"
WSGI_APPLICATION = "network_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.layout.context",
            ],
        },
    },
]

# Database: SQLite file by default (WAL, immediate transactions, busy timeout);
# PostgreSQL or anything else through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; a shared Redis cache through CACHE_URL, so that
# rate limits and sessions hold across processes.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "home.cache.RedisCache",
            "LOCATION": CACHE_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "members:login"

# Languages: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français"), ("en", "English")]
USE_I18N = True
WAGTAIL_I18N_ENABLED = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"
# locale_overrides/: French for third-party admin strings that read wrong (see its header).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static and media files
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Attachments of queued e-mails (calendar files): private, never served; shared by the
    # web processes and the worker (see docs/deploy.md).
    "outbox": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("OUTBOX_DIR", str(BASE_DIR / "var" / "outbox"))},
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Réseau citoyenneté <ne-pas-repondre@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_MESSAGE_ID_DOMAIN = os.environ.get("EMAIL_MESSAGE_ID_DOMAIN", "reseau-citoyennete.local")

# The outbox (django-post-office, see home/emails.py): every e-mail is stored in the
# transaction of the change that causes it, then delivered after the commit —
# by the worker (`manage.py run_worker`) when EMAIL_DELIVERY is "worker" (production), or
# by the process itself right after the commit ("after_commit": development, tests).
# A failed delivery is tried again after each delay of EMAIL_RETRY_DELAYS (seconds:
# 1 min, 5 min, 30 min, 2 h, 12 h), then marked failed for the staff to see.
EMAIL_DELIVERY = os.environ.get("EMAIL_DELIVERY", "after_commit")
EMAIL_RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60, 12 * 60 * 60]
POST_OFFICE = {
    "DEFAULT_PRIORITY": "medium",
    "LOG_LEVEL": 2,
    "BATCH_SIZE": 100,
    "THREADS_PER_PROCESS": 4,
    "BATCH_DELIVERY_TIMEOUT": 120,
    "SENDING_ORDER": ["-priority", "created"],
    "MESSAGE_ID_ENABLED": True,
    "MESSAGE_ID_FQDN": EMAIL_MESSAGE_ID_DOMAIN,
    "FILE_STORAGE": "outbox",
}

# Background tasks (django-tasks): run immediately unless a deployment configures a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Page cache for anonymous visitors (home/page_cache.py): cleared on every publish and
# on every save of public content; this is also the longest a page stays in it.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
CACHE_MIDDLEWARE_ALIAS = "default"
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"
# Live figures (seats, supports, volunteers) move the page cache on at most once per this
# many seconds: the longest a figure on a cached page lags behind (home/page_cache.py).
PAGE_CACHE_FIGURES_SECONDS = int(os.environ.get("PAGE_CACHE_FIGURES_SECONDS", "2"))

# Content-Security-Policy (django-csp 4) in every environment, so that the tests catch a
# violation: our own origin only, no inline script or style, no third-party source.
# The Wagtail admin uses inline scripts and styles: it is excluded (it is staff-only,
# behind a login, and has its own protections).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        # Bootstrap's CSS draws some icons (select arrows, toggler) as data: SVG images.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# Security headers that hold everywhere
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Rate limits use the default cache (shared when CACHE_URL is set).
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "home.ratelimits.rate_limited"
# With the cache unreachable, django-ratelimit cannot count: the forms stay open (fail
# open) rather than refuse every resident during an outage; the honeypot, the one-use time
# token and the database's own rules (one registration per address and event) still hold.
RATELIMIT_FAIL_OPEN = True
# The client's address for the rate limits: REMOTE_ADDR, or the header that a reverse
# proxy sets (CLIENT_IP_META_KEY, e.g. HTTP_X_REAL_IP; checked at start-up by
# home.checks), read by home.edge.client_ip, which falls back to REMOTE_ADDR.
CLIENT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY", "") or None
RATELIMIT_IP_META_KEY = "home.edge.client_ip"
# Minimum seconds between displaying a public form and accepting it (bots are faster).
FORM_MIN_FILL_SECONDS = int(os.environ.get("FORM_MIN_FILL_SECONDS", "3"))

# Wagtail
WAGTAIL_SITE_NAME = "Réseau citoyenneté"
# The site's public address, the one thing to set for it (docs/deploy.md): at every
# `migrate` it becomes the default Wagtail Site's host name and port, which every absolute
# URL is built from (sitemap, feeds, calendars, e-mails, personal links: `home.services.
# absolute_url`). `make run` sets it from PORT. WAGTAILADMIN_BASE_URL (Wagtail's own
# e-mails) follows it.
SITE_URL = (os.environ.get("SITE_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000").rstrip(
    "/"
)
WAGTAILADMIN_BASE_URL = SITE_URL
# Only an address actually given is written to the Site: without one, the Site keeps what
# staff set in Paramètres → Sites.
SITE_URL_IS_SET = bool(os.environ.get("SITE_URL") or os.environ.get("WAGTAILADMIN_BASE_URL"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Accents ignored in page search (the configuration is created by home's migration 0005).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "reseau_unaccent"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "odp", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
# Wagtail 8's autosave is off: its background POST, sent a second after "Approve and
# publish", could save the editor's old state over the page the workflow had just
# published (a 500, the page left unpublished: wagtail/wagtail PR #14460), and on a new
# page it created drafts of forms staff abandoned. 0 is Wagtail's own "disabled" value;
# home/wagtail_hooks.py also refuses such a late POST (see `guard_page_editing`).
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No third-party request, in the admin either: no Gravatar avatars, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# The département whose communes are the network's territory (INSEE code).
NETWORK_DEPARTEMENT = os.environ.get("NETWORK_DEPARTEMENT", "49")
NETWORK_NAME = _("Citizenship network")

# Open data (opendata/): who publishes the datasets (the catalogues name them), and the API's
# rate limit per client address, counted in the shared cache.
OPENDATA_PUBLISHER_NAME = os.environ.get("OPENDATA_PUBLISHER_NAME", "Département de Maine-et-Loire")
OPENDATA_PUBLISHER_SIRET = os.environ.get("OPENDATA_PUBLISHER_SIRET", "00000000000000")
OPENDATA_TERRITORY_NAME = os.environ.get("OPENDATA_TERRITORY_NAME", "Maine-et-Loire")
OPENDATA_API_RATE = os.environ.get("OPENDATA_API_RATE", "300/minute")
# The API's views set their own renderers, throttles and error handler (opendata/api/views.py);
# drf-spectacular documents them.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
