"""Settings of the benchmark's server: the development settings with DEBUG off, a test
secret key, a separate database, the query-counting middleware, no rate limit and no
minimum fill time on public forms (the burst posts forms as fast as it can), and, as in
production, tasks queued in the database and the page cache on a cache every worker shares: Redis when one answers on
BENCH_CACHE_URL (default redis://127.0.0.1:6379/0), else files under bench/out/."""

import copy
import os
import socket
from urllib.parse import urlparse

from network_site.settings.dev import *  # noqa: F403
from network_site.settings.dev import BASE_DIR, DATABASES, MIDDLEWARE, TEMPLATES

OUT_DIR = os.environ.get("BENCH_OUT_DIR", str(BASE_DIR / "bench" / "out"))

DEBUG = False
SECRET_KEY = "bench-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# The ceiling view (bench/views.py) and the plain Wagtail page's template (bench/templates/).
ROOT_URLCONF = "bench.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [BASE_DIR / "bench" / "templates", *TEMPLATES[0]["DIRS"]]}]

# A copy: the dev settings' dictionaries are shared with whoever imported them.
DATABASES = copy.deepcopy(DATABASES)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = os.environ.get("BENCH_SQLITE_PATH", os.path.join(OUT_DIR, "bench.sqlite3"))
else:
    # PostgreSQL: never the database DATABASE_URL names, a dedicated one beside it.
    DATABASES["default"]["NAME"] = os.environ.get("BENCH_DATABASE_NAME", "reseau_bench")
    DATABASES["default"]["CONN_MAX_AGE"] = 60

STATIC_ROOT = os.path.join(OUT_DIR, "static")
MEDIA_ROOT = os.path.join(OUT_DIR, "media")
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# As in production, e-mails are queued in the database for the worker (not run here): a
# request pays for the queueing, not for the rendering and sending.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_DELIVERY = "worker"
FORM_MIN_FILL_SECONDS = 0
RATELIMIT_ENABLE = False
OPENDATA_API_RATE = "1000000/minute"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The page cache and the shared layout, on a cache all the workers share (a per-process
# memory cache could not be invalidated across them). Keys are prefixed per run.
# BENCH_PAGE_CACHE=0 measures every page without the page cache (the cached column is then n/a).
PAGE_CACHE_ENABLED = os.environ.get("BENCH_PAGE_CACHE", "1") != "0"
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/0")
CACHE_PREFIX = os.environ.get("BENCH_CACHE_PREFIX", "bench")


def _answers(url):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=0.5):
            return True
    except OSError:
        return False


if CACHE_URL and _answers(CACHE_URL):
    CACHES = {
        "default": {
            "BACKEND": "home.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.path.join(OUT_DIR, "cache"),
            "KEY_PREFIX": CACHE_PREFIX,
        }
    }
