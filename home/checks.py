"""System checks run at start-up (`manage.py check`, runserver, migrate, gunicorn's
first request): a misconfiguration is reported once, by name, instead of as a server error
on every request."""

import re

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

META_KEY = re.compile(r"^(REMOTE_ADDR|HTTP_[A-Z0-9_]+)$")


@register(Tags.security)
def check_client_ip_header(app_configs, **kwargs):
    """The client-IP header of the rate limits (RATELIMIT_IP_META_KEY in the environment,
    CLIENT_IP_META_KEY in the settings) must be a request.META key: `HTTP_X_REAL_IP`, not
    `X-Real-IP`; and RATELIMIT_IP_META_KEY, when set directly, must name such a key or an
    importable function."""
    errors = []
    key = getattr(settings, "CLIENT_IP_META_KEY", None)
    if key and not META_KEY.match(key):
        errors.append(
            Error(
                f"The client-IP header {key!r} (RATELIMIT_IP_META_KEY) is not a request.META key.",
                hint="Write it as Django names headers: upper case, HTTP_ prefix, underscores "
                "(X-Real-IP becomes HTTP_X_REAL_IP), or leave it unset to use REMOTE_ADDR.",
                id="home.E001",
            )
        )
    direct = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    if isinstance(direct, str) and direct:
        if "." in direct:
            try:
                import_string(direct)
            except ImportError:
                errors.append(Error(f"RATELIMIT_IP_META_KEY {direct!r} cannot be imported.", id="home.E002"))
        elif not META_KEY.match(direct):
            errors.append(
                Error(
                    f"RATELIMIT_IP_META_KEY {direct!r} is not a request.META key.",
                    hint="For example HTTP_X_REAL_IP; or use home.edge.client_ip with CLIENT_IP_META_KEY.",
                    id="home.E002",
                )
            )
    return errors
