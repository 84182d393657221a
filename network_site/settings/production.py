"""Production: everything from the environment (see .env.example and docs/deploy.md).

PostgreSQL through DATABASE_URL with persistent connections, a shared Redis cache through
CACHE_URL (or REDIS_URL) for sessions, rate limits and the page cache, whitenoise for
compressed and hashed static files, SMTP e-mail, media on the filesystem or on object
storage, and the django-tasks database backend run by `manage.py db_worker`."""

import importlib.util
import os
import tempfile

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_list

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")

# Database: persistent connections (CONN_MAX_AGE seconds, 0 = one per request) checked
# before reuse, so a restarted database server does not break the workers.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", os.environ.get("DATABASE_CONN_MAX_AGE", "600"))),
            conn_health_checks=True,
        )
    }

# Cache: Redis shared by every process and machine. Without it, files on the local disk
# (CACHE_DIR), shared by the processes of one machine only: never a per-process memory
# cache, which would keep serving a menu or page that another process has invalidated.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "home.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "reseau"),
            # Short timeouts: with Redis unreachable, home.cache answers "not cached" at once
            # (the site serves uncached pages) instead of holding each request.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("CACHE_TIMEOUT", "1")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", os.path.join(tempfile.gettempdir(), "reseau-cache")),
        }
    }
# Sessions in the database only: a cache outage or flush never logs anyone out, and a
# logout during an outage is never undone by a stale cached session once Redis is back.
# (Only staff and representatives have sessions; anonymous pages read none.)
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Static files compressed and hashed (whitenoise); media on the filesystem (MEDIA_ROOT)
# unless MEDIA_STORAGE=s3 puts them on S3-compatible object storage (django-storages,
# installed separately: pip install "django-storages[s3]"; see docs/deploy.md).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "outbox": STORAGES["outbox"],  # noqa: F405 — the base settings' (OUTBOX_DIR)
}
if os.environ.get("MEDIA_STORAGE", "filesystem") == "s3":
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured('MEDIA_STORAGE=s3 needs django-storages: pip install "django-storages[s3]==1.14.6".')
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "file_overwrite": False,
        },
    }

# E-mail through SMTP (the environment may still choose another backend).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# Background tasks: the database backend (django-tasks-db), run by `manage.py run_worker`,
# which also delivers the e-mail outbox (home/worker.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_DELIVERY = os.environ.get("EMAIL_DELIVERY", "worker")

# HTTPS behind a reverse proxy that sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Behind a reverse proxy the client's address is in a header the proxy sets (e.g.
# RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP, read into CLIENT_IP_META_KEY by the base settings);
# the rate limits of public forms count per address (home.edge.client_ip).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
