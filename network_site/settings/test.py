import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FORM_MIN_FILL_SECONDS = 0
# Off by default: the test database rolls back between tests, the cache would not.
# The page cache's own tests turn it on.
PAGE_CACHE_ENABLED = False
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL_IS_SET = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "outbox": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
EMAIL_DELIVERY = "after_commit"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so that threads and processes of the concurrency and
    # browser tests share one database, as they would in production.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("SQLITE_TEST_PATH", str(BASE_DIR / "test-db.sqlite3")),
    }
