from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["*"]  # noqa: F405
# Template and code changes show at once: no page cache unless asked for.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
