"""The edge of the site: what arrives before any view reads it.

- Control characters (NUL and the other C0 controls but tab, line feed and carriage return,
  and DEL) are never legitimate input: a path carrying one gets a clear 400 page ("this
  address is not valid"); in query strings (filters, search) and form fields they are
  removed, so the page answers as for the clean input and nothing else the person typed is
  lost. The same on SQLite and PostgreSQL (PostgreSQL refuses NUL in text, which used to
  give a 500).
- `client_ip()` is the rate limits' view of the client's address (RATELIMIT_IP_META_KEY
  points to it): the header a reverse proxy sets (CLIENT_IP_META_KEY, checked at start-up
  by home.checks), else REMOTE_ADDR — never a 500 for a request that lacks the header."""

import ipaddress
import logging
import re
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponseBadRequest, QueryDict
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text):
    return bool(CONTROL.search(text))


def without_control_characters(text):
    return CONTROL.sub("", text)


class ControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path):
            return bad_request(request)
        raw_query = request.META.get("QUERY_STRING", "")
        if has_control_characters(unquote(raw_query, errors="replace")):
            self.clean_query_string(request)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            self.clean_form_data(request)
        return self.get_response(request)

    def clean_query_string(self, request):
        """Filters and search terms lose their control characters (the page answers as
        for the clean query); the query string is rewritten too, so that every later
        reader (the page cache's key, pagination links) sees the same."""
        cleaned = QueryDict(mutable=True)
        for key, values in request.GET.lists():
            cleaned.setlist(without_control_characters(key), [without_control_characters(v) for v in values])
        request.META["QUERY_STRING"] = cleaned.urlencode()
        cleaned._mutable = False
        request.GET = cleaned

    def clean_form_data(self, request):
        try:
            data = request.POST
        except Exception:  # noqa: BLE001 — a malformed body is Django's to refuse later
            return
        if not any(has_control_characters(key) or has_control_characters(value) for key, value in _items(data)):
            return
        cleaned = QueryDict(mutable=True, encoding=data.encoding)
        for key, values in data.lists():
            cleaned.setlist(without_control_characters(key), [without_control_characters(v) for v in values])
        cleaned._mutable = False
        request.POST = cleaned


def _items(querydict):
    for key, values in querydict.lists():
        for value in values:
            yield key, value


def bad_request(request):
    """A page of its own (like the 500 page): no database, no layout."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        message = _("This address contains characters that are not allowed. Check the link and try again.")
        content = loader.get_template("400.html").render({"LANGUAGE_CODE": language, "message": message})
    return HttpResponseBadRequest(content)


def client_ip(request):
    """The client's address for the rate limits (django-ratelimit's RATELIMIT_IP_META_KEY)."""
    key = getattr(settings, "CLIENT_IP_META_KEY", None)
    if key:
        value = request.META.get(key, "")
        # X-Forwarded-For may list several addresses: the client's is the first.
        candidate = value.split(",")[0].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            if value:
                logger.warning("Invalid client address in %s: %r", key, value[:100])
    address = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        # A Unix socket without a proxy header: one shared limit rather than a 500.
        return "0.0.0.0"  # noqa: S104 — a rate-limit bucket, not a bind address
