"""Settings of the benchmark's server: the development settings with DEBUG off, a test
secret key, a separate database, the query-counting middleware, no rate limit and no
minimum fill time on public forms (the burst posts forms as fast as it can)."""

import os

from network_site.settings.dev import *  # noqa: F403
from network_site.settings.dev import BASE_DIR, DATABASES, MIDDLEWARE

OUT_DIR = os.environ.get("BENCH_OUT_DIR", str(BASE_DIR / "bench" / "out"))

DEBUG = False
SECRET_KEY = "bench-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = os.environ.get("BENCH_SQLITE_PATH", os.path.join(OUT_DIR, "bench.sqlite3"))
else:
    # PostgreSQL: never the database DATABASE_URL names, a dedicated one beside it.
    DATABASES["default"]["NAME"] = os.environ.get("BENCH_DATABASE_NAME", "reseau_bench")
    DATABASES["default"]["CONN_MAX_AGE"] = 60

STATIC_ROOT = os.path.join(OUT_DIR, "static")
MEDIA_ROOT = os.path.join(OUT_DIR, "media")
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
FORM_MIN_FILL_SECONDS = 0
RATELIMIT_ENABLE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
