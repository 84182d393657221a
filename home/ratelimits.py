"""One way to rate-limit a public form, for every app: `over_limit(request, group)` is true
when this POST goes over the group's rate (the POST is counted); a GET is not limited
unless asked (`method="GET"`, for a lookup that could be enumerated).
The view then answers with `rate_limited` below (429 and a page that says to wait).

Counts live in the shared cache (django-ratelimit, keyed by the client's address, see
`home.edge`); when the cache is down they fail open (README, "Nothing lost")."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

PUBLIC_FORM_RATE = "10/m"


def over_limit(request, group, rate=PUBLIC_FORM_RATE, *, key="ip", method="POST"):
    """`group` names what is counted ("workshops.register"); `key` is django-ratelimit's
    ("ip", or a callable for a count per e-mail address)."""
    return request.method == method and is_ratelimited(
        request, group=group, key=key, rate=rate, method=method, increment=True
    )


def rate_limited(request, exception=None):
    """The answer to a form sent too often (also django-ratelimit's RATELIMIT_VIEW)."""
    return render(
        request,
        "rate_limited.html",
        {"message": _("You have sent this form too many times. Please wait a few minutes and try again.")},
        status=429,
    )
