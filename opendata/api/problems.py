"""RFC 9457 problem details: every error of the API is `application/problem+json`
with `type`, `title`, `status`, `detail` and, for bad parameters, `invalid_params`."""

import json

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from home.edge import has_control_characters

from .cors import add_cors_headers

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/docs/#problem-"

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    429: "Too many requests",
    500: "Internal server error",
}


def problem_response(status, detail="", *, kind=None, invalid_params=None, headers=None):
    """A problem+json response (never cached by a shared cache, open to every origin)."""
    body = {
        "type": TYPE_BASE + (kind or str(status)),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": str(detail),
    }
    if invalid_params:
        body["invalid_params"] = invalid_params
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE + "; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return add_cors_headers(response)


def _flatten(errors, prefix=""):
    if isinstance(errors, dict):
        for name, value in errors.items():
            yield from _flatten(value, f"{prefix}{name}")
    elif isinstance(errors, list):
        for value in errors:
            yield from _flatten(value, prefix)
    else:
        yield {"name": prefix or "query", "reason": str(errors)}


def exception_handler(exc, context):
    """DRF's exception handler, answering every error as problem+json (never a 500 for
    anything a client can send)."""
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            400,
            _("Some query parameters are not valid."),
            kind="invalid-parameters",
            invalid_params=list(_flatten(exc.detail)),
        )
    if isinstance(exc, exceptions.Throttled):
        headers = {"Retry-After": str(int(exc.wait or 1))}
        return problem_response(429, _("Too many requests: try again later."), kind="rate-limited", headers=headers)
    if isinstance(exc, exceptions.NotAcceptable):
        return problem_response(
            406, _("This API answers in JSON only: accept application/json."), kind="not-acceptable"
        )
    if isinstance(exc, exceptions.NotFound | exceptions.PermissionDenied | exceptions.NotAuthenticated):
        return problem_response(404, exc.detail if isinstance(exc, exceptions.NotFound) else "", kind="not-found")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return problem_response(
            405, _("This API is read-only."), kind="method-not-allowed", headers={"Allow": "GET, HEAD, OPTIONS"}
        )
    if isinstance(exc, exceptions.APIException):
        return problem_response(exc.status_code, exc.detail, kind=str(exc.status_code))
    return None


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The query parameter at fault.")
    reason = serializers.CharField(help_text="Why it was refused.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="A URI reference identifying the kind of problem.")
    title = serializers.CharField(help_text="A short summary of the kind of problem.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong with this request.")
    invalid_params = InvalidParamSerializer(
        many=True, required=False, help_text="For a 400: each refused query parameter and why."
    )


def _default_detail(status, request):
    if status == 400 and has_control_characters(request.path):
        return _("This address contains characters that are not allowed.")
    return {
        400: _("This request is not valid."),
        403: _("This request is not allowed."),
        404: _("There is no API resource at this address."),
        405: _("This API is read-only."),
        406: _("This API answers in JSON only: accept application/json."),
        429: _("Too many requests: try again later."),
    }.get(status, _("The server could not answer this request; the error has been recorded."))


def _detail_of(response):
    """The message of a JSON error body (Wagtail's API says {"message": …}, DRF {"detail": …})."""
    if not response.get("Content-Type", "").startswith("application/json"):
        return None
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError, AttributeError):
        return None
    return (body.get("message") or body.get("detail")) if isinstance(body, dict) else None


class APIProblemMiddleware:
    """The outermost middleware: under /api/, every error that is not already a problem —
    the edge's 400 for a control character in the path, Django's 403, 404, 405 and 500
    pages, an error of Wagtail's pages API — becomes an RFC 9457 problem with the same
    status, in the language of `?lang=` (French by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith("/api/")
            or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            return response
        language = request.GET.get("lang")
        language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            detail = _detail_of(response) or _default_detail(response.status_code, request)
            kind = {400: "invalid-request", 404: "not-found", 405: "method-not-allowed"}.get(response.status_code)
            headers = {name: response[name] for name in ("Allow", "Retry-After") if response.has_header(name)}
            return problem_response(response.status_code, detail, kind=kind, headers=headers)
