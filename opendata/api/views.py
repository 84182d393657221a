"""The public, read-only JSON API (`/api/v1/`): thin views over `opendata.queries`.

Each view validates its query parameters (an unknown or malformed one is a 400), reads a
page of records with a constant number of queries, and answers with an ETag (a hash of
the body), Last-Modified (when the site's data last changed), CORS headers and a short
public cache lifetime; every error is RFC 9457 problem+json (`problems.py`)."""

import hashlib
import math
import time

from django.core.cache import cache
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.mediatypes import media_type_matches, order_by_precedence
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from home import page_cache

from .. import queries
from . import serializers as s
from .cors import add_cors_headers, preflight_response
from .problems import ProblemSerializer, exception_handler

MAX_ID = 2**63 - 1
MAX_AGE = 60


class APIRateThrottle(SimpleRateThrottle):
    """Requests per client address, counted in the shared cache (so the limit holds across
    processes); `OPENDATA_API_RATE` ("300/minute" by default). A cache outage lets
    requests through rather than failing them."""

    scope = "opendata-api"

    def get_rate(self):
        from django.conf import settings

        return getattr(settings, "OPENDATA_API_RATE", "300/minute")

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_ident(self, request):
        """The client's address where the rate limits of the forms read it
        (RATELIMIT_IP_META_KEY behind a reverse proxy)."""
        from django.conf import settings

        key = getattr(settings, "RATELIMIT_IP_META_KEY", None)
        if isinstance(key, str) and key.isupper():
            value = request.META.get(key, "")
            if value:
                return value.split(",")[0].strip()
        return request.META.get("REMOTE_ADDR", "")

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 — a cache outage must not take the API down
            return True


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """JSON only; `?format=` is not a way to pick a renderer here."""

    def select_renderer(self, request, renderers, format_suffix=None):
        accepts = self.get_accept_list(request)
        for media_type_set in order_by_precedence(accepts):
            for renderer in renderers:
                for media_type in media_type_set:
                    if media_type_matches(renderer.media_type, media_type):
                        return renderer, renderer.media_type
        raise exceptions.NotAcceptable(available_renderers=renderers)


def data_changed_at():
    """When the site's data last changed: the first moment this process or another saw
    the current content generation (home/page_cache.py), kept in the shared cache. It is
    never earlier than the change itself, so a client's If-Modified-Since stays safe."""
    try:
        generation = page_cache.current_generation()
        key = f"opendata:generation-seen:{generation}"
        cache.add(key, time.time(), timeout=60 * 60 * 24 * 30)
        return cache.get(key) or time.time()
    except Exception:  # noqa: BLE001 — without the cache, now is a safe answer
        return time.time()


PROBLEMS = {
    400: OpenApiResponse(ProblemSerializer, description="A query parameter is unknown or not valid."),
    404: OpenApiResponse(ProblemSerializer, description="No such record, or a page beyond the last."),
    406: OpenApiResponse(ProblemSerializer, description="The Accept header does not allow JSON."),
    429: OpenApiResponse(ProblemSerializer, description="Too many requests from this address; see Retry-After."),
}
ID_PARAMETER = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="Stable identifier (the same in both languages)."
)


class PublicAPIView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = []
    throttle_classes = [APIRateThrottle]
    content_negotiation_class = JSONOnlyNegotiation

    params_class = s.CommonParams

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        language = request.query_params.get("lang", queries.DEFAULT_LANGUAGE)
        translation.activate(language if language in queries.LANGUAGES else queries.DEFAULT_LANGUAGE)
        super().initial(request, *args, **kwargs)

    def options(self, request, *args, **kwargs):
        return preflight_response()

    def params(self, request):
        """The validated query parameters; unknown ones are refused, not ignored."""
        fields = self.params_class().fields
        unknown = sorted(name for name in request.query_params if name not in fields)
        if unknown:
            raise exceptions.ValidationError({name[:100]: _("Unknown parameter.") for name in unknown})
        data = {name: request.query_params.get(name) for name in request.query_params}
        serializer = self.params_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code == 200 and request.method in ("GET", "HEAD"):
            response.render()
            changed_at = data_changed_at()
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["Last-Modified"] = http_date(changed_at)
            patch_cache_control(response, public=True, max_age=MAX_AGE)
            response = get_conditional_response(
                request, etag=response["ETag"], last_modified=int(changed_at), response=response
            )
        return add_cors_headers(response)


def paginated(request, queryset, params, build):
    """One page of `build(queryset slice, language)` records with its envelope; a page
    beyond the last one is a 404 (page 1 of nothing is an empty list)."""
    page, size = params["page"], params["page_size"]
    count = queryset.count()
    pages = max(1, math.ceil(count / size))
    if page > pages:
        raise exceptions.NotFound(_("The last page of results is %(pages)s.") % {"pages": pages})
    results = build(queryset[(page - 1) * size : page * size], params["lang"]) if count else []
    url = request.build_absolute_uri()
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "next": replace_query_param(url, "page", page + 1) if page < pages else None,
        "previous": (
            (replace_query_param(url, "page", page - 1) if page > 2 else remove_query_param(url, "page"))
            if page > 1
            else None
        ),
        "results": results,
    }


def checked_id(value):
    if not 0 < value <= MAX_ID:
        raise exceptions.NotFound(_("No such identifier."))
    return value


# --- Members -----------------------------------------------------------------------------


class MemberList(PublicAPIView):
    params_class = s.MemberParams

    @extend_schema(
        operation_id="members_list",
        summary="Member structures",
        description="Approved communes, intercommunalities, associations and public bodies, by name.",
        parameters=[s.MemberParams],
        responses={200: s.MemberPageSerializer, **PROBLEMS},
        tags=["members"],
    )
    def get(self, request):
        params = self.params(request)
        queryset = queries.members(
            kind=params.get("kind"),
            theme=params.get("theme"),
            commune=params.get("commune"),
            epci=params.get("epci"),
            q=params.get("q"),
            language=params["lang"],
        )
        return Response(s.MemberPageSerializer(paginated(request, queryset, params, queries.member_records)).data)


class MemberDetail(PublicAPIView):
    @extend_schema(
        operation_id="members_retrieve",
        summary="One member structure",
        description="An approved member, with its public commitments to roadmap actions and the events it hosts.",
        parameters=[s.CommonParams, ID_PARAMETER],
        responses={200: s.MemberDetailSerializer, **PROBLEMS},
        tags=["members"],
    )
    def get(self, request, id):
        params = self.params(request)
        record = queries.member_detail(checked_id(id), params["lang"])
        if record is None:
            raise exceptions.NotFound(_("No public member has this identifier."))
        return Response(s.MemberDetailSerializer(record).data)


# --- Roadmap -----------------------------------------------------------------------------


class AxisList(PublicAPIView):
    params_class = s.ListParams

    @extend_schema(
        operation_id="axes_list",
        summary="Roadmap axes",
        description="The strategic axes of the roadmap, in order.",
        parameters=[s.ListParams],
        responses={200: s.AxisPageSerializer, **PROBLEMS},
        tags=["roadmap"],
    )
    def get(self, request):
        params = self.params(request)
        return Response(s.AxisPageSerializer(paginated(request, queries.axes(), params, queries.axis_records)).data)


class ActionList(PublicAPIView):
    params_class = s.ActionParams

    @extend_schema(
        operation_id="actions_list",
        summary="Roadmap actions",
        description="Actions by axis, with status, progress, owners, support and commitment counts.",
        parameters=[s.ActionParams],
        responses={200: s.ActionPageSerializer, **PROBLEMS},
        tags=["roadmap"],
    )
    def get(self, request):
        params = self.params(request)
        queryset = queries.actions(
            axis=params.get("axis"), status=params.get("status"), member=params.get("member"), q=params.get("q")
        )
        return Response(s.ActionPageSerializer(paginated(request, queryset, params, queries.action_records)).data)


class ActionDetail(PublicAPIView):
    @extend_schema(
        operation_id="actions_retrieve",
        summary="One roadmap action",
        description="An action with its history (dated updates) and the commitments of members.",
        parameters=[s.CommonParams, ID_PARAMETER],
        responses={200: s.ActionDetailSerializer, **PROBLEMS},
        tags=["roadmap"],
    )
    def get(self, request, id):
        params = self.params(request)
        record = queries.action_detail(checked_id(id), params["lang"])
        if record is None:
            raise exceptions.NotFound(_("No roadmap action has this identifier."))
        return Response(s.ActionDetailSerializer(record).data)


# --- Agenda ------------------------------------------------------------------------------


class EventList(PublicAPIView):
    params_class = s.EventParams

    @extend_schema(
        operation_id="events_list",
        summary="Events",
        description="Citizen days and remote workshops, with seats left. Never a meeting link or a registrant.",
        parameters=[s.EventParams],
        responses={200: s.EventPageSerializer, **PROBLEMS},
        tags=["agenda"],
    )
    def get(self, request):
        params = self.params(request)
        month = params.get("month")
        queryset = queries.events(
            kind=params.get("kind"),
            commune=params.get("commune"),
            epci=params.get("epci"),
            theme=params.get("theme"),
            month=(int(month[:4]), int(month[5:])) if month else None,
            period=params["period"],
            language=params["lang"],
        )
        return Response(s.EventPageSerializer(paginated(request, queryset, params, queries.event_records)).data)


class EventDetail(PublicAPIView):
    @extend_schema(
        operation_id="events_retrieve",
        summary="One event",
        description="An event with its activities and their seats left, and the roadmap actions it carries out.",
        parameters=[s.CommonParams, ID_PARAMETER],
        responses={200: s.EventDetailSerializer, **PROBLEMS},
        tags=["agenda"],
    )
    def get(self, request, id):
        params = self.params(request)
        record = queries.event_detail(checked_id(id), params["lang"])
        if record is None:
            raise exceptions.NotFound(_("No public event has this identifier."))
        return Response(s.EventDetailSerializer(record).data)
