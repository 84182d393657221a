"""The public, read-only JSON API (`/api/v1/`): thin views over `opendata.queries`.

Every resource is a `Resource` subclass of a few declarative lines: its name, its filters
(a serializer of query parameters), its record serializers and the query functions that
select and read it. `Resource` gives it a paginated list (`/api/v1/<name>/`) and a record
by stable identifier (`/api/v1/<name>/<id>/`), documented in the OpenAPI schema.

Each view validates its query parameters (an unknown or malformed one is a 400), reads a
page of records with a constant number of queries, and answers with an ETag (a hash of
the body), Last-Modified (when the site's data last changed), CORS headers and a short
public cache lifetime; every error is RFC 9457 problem+json (`problems.py`)."""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.urls import path
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.mediatypes import media_type_matches, order_by_precedence
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView
from rest_framework.viewsets import ViewSetMixin

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
        return getattr(settings, "OPENDATA_API_RATE", "300/minute")

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_ident(self, request):
        """The client's address where the rate limits of the forms read it
        (RATELIMIT_IP_META_KEY behind a reverse proxy)."""
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

    def params(self, request, params_class=None):
        """The validated query parameters; unknown ones are refused, not ignored."""
        params_class = params_class or self.params_class
        fields = params_class().fields
        unknown = sorted(name for name in request.query_params if name not in fields)
        if unknown:
            raise exceptions.ValidationError({name[:100]: _("Unknown parameter.") for name in unknown})
        data = {name: request.query_params.get(name) for name in request.query_params}
        serializer = params_class(data=data)
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


class Resource(ViewSetMixin, PublicAPIView):
    """A resource of the API, declared by its subclass:

    - `segment` (the path segment, also the operation ids' prefix) and `tag` (its group);
    - `params_class`: the list's query parameters; every one beyond `ListParams` is a
      filter, passed by name to `select` with the `language`;
    - `select(language, **filters)`: a queryset; `records(queryset, language)`: its records
      (a constant number of queries); `detail(id, language)`: one record or None;
    - `record` / `detail_record`: their serializers; `list_doc` / `detail_doc`: (summary,
      description) for the schema; `not_found`: the 404's detail.

    Without `detail_record`, the resource has no record endpoint."""

    segment = tag = ""
    params_class = s.ListParams
    record = detail_record = None
    select = records = read = None
    list_doc = detail_doc = ("", "")
    not_found = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.segment:
            return
        for name in ("select", "records", "read"):
            if callable(cls.__dict__.get(name)):  # query functions, not methods of the view
                setattr(cls, name, staticmethod(cls.__dict__[name]))
        plural = cls.record.__name__.removesuffix("Serializer")
        cls.page_record = s.page_serializer(cls.record, f"Paginated{plural}List")
        documented = {
            "list": extend_schema(
                operation_id=f"{cls.segment}_list",
                summary=cls.list_doc[0],
                description=cls.list_doc[1],
                parameters=[cls.params_class],
                responses={200: cls.page_record, **PROBLEMS},
                tags=[cls.tag],
            )
        }
        if cls.detail_record:
            documented["retrieve"] = extend_schema(
                operation_id=f"{cls.segment}_retrieve",
                summary=cls.detail_doc[0],
                description=cls.detail_doc[1],
                parameters=[s.CommonParams, ID_PARAMETER],
                responses={200: cls.detail_record, **PROBLEMS},
                tags=[cls.tag],
            )
        extend_schema_view(**documented)(cls)

    @classmethod
    def urls(cls):
        patterns = [path(f"api/v1/{cls.segment}/", cls.as_view({"get": "list"}), name=f"api-{cls.segment}")]
        if cls.detail_record:
            patterns.append(
                path(
                    f"api/v1/{cls.segment}/<int:id>/",
                    cls.as_view({"get": "retrieve"}),
                    name=f"api-{cls.segment}-detail",
                )
            )
        return patterns

    def list(self, request):
        params = self.params(request)
        filters = {name: value for name, value in params.items() if name not in s.ListParams().fields}
        queryset = self.select(language=params["lang"], **filters)
        return Response(self.page_record(paginated(request, queryset, params, self.records)).data)

    def retrieve(self, request, id):
        params = self.params(request, s.CommonParams)
        record = self.read(checked_id(id), params["lang"])
        if record is None:
            raise exceptions.NotFound(self.not_found)
        return Response(self.detail_record(record).data)


# --- Members -----------------------------------------------------------------------------


class Members(Resource):
    segment, tag, params_class = "members", "members", s.MemberParams
    record, detail_record = s.MemberSerializer, s.MemberDetailSerializer
    select, records, read = queries.members, queries.member_records, queries.member_detail
    list_doc = ("Member structures", "Approved communes, intercommunalities, associations and public bodies, by name.")
    detail_doc = (
        "One member structure",
        "An approved member, with its public commitments to roadmap actions and the events it hosts.",
    )
    not_found = gettext_lazy("No public member has this identifier.")


# --- Roadmap -----------------------------------------------------------------------------


class Axes(Resource):
    segment, tag, record = "axes", "roadmap", s.AxisSerializer
    select, records = queries.axes, queries.axis_records
    list_doc = ("Roadmap axes", "The strategic axes of the roadmap, in order.")


class Actions(Resource):
    segment, tag, params_class = "actions", "roadmap", s.ActionParams
    record, detail_record = s.ActionSerializer, s.ActionDetailSerializer
    select, records, read = queries.actions, queries.action_records, queries.action_detail
    list_doc = ("Roadmap actions", "Actions by axis, with status, progress, owners, support and commitment counts.")
    detail_doc = ("One roadmap action", "An action with its history (dated updates) and the commitments of members.")
    not_found = gettext_lazy("No roadmap action has this identifier.")


# --- Agenda ------------------------------------------------------------------------------


class Events(Resource):
    segment, tag, params_class = "events", "agenda", s.EventParams
    record, detail_record = s.EventSerializer, s.EventDetailSerializer
    select, records, read = queries.events, queries.event_records, queries.event_detail
    list_doc = (
        "Events",
        "Citizen days, remote workshops and the other events of the agenda, with seats left. "
        "Never a meeting link or a registrant.",
    )
    detail_doc = (
        "One event",
        "An event with its activities and their seats left, and the roadmap actions it carries out.",
    )
    not_found = gettext_lazy("No public event has this identifier.")


# --- Practices and people ----------------------------------------------------------------


class Domains(Resource):
    segment, tag, record = "domains", "practices", s.DomainSerializer
    select, records = queries.domains, queries.domain_records
    list_doc = ("Domains of the competency framework", "The framework's domains, in order, with their competencies.")


class Competencies(Resource):
    segment, tag, params_class = "competencies", "practices", s.CompetencyParams
    record, detail_record = s.CompetencySerializer, s.CompetencyDetailSerializer
    select, records, read = queries.competencies, queries.competency_records, queries.competency_detail
    list_doc = (
        "Competencies",
        "The competencies of the framework, by domain, with the number of practices and people tagged with each.",
    )
    detail_doc = (
        "One competency",
        "A competency with the published practices, public people and events (trainings) tagged with it.",
    )
    not_found = gettext_lazy("No competency has this identifier.")


class Practices(Resource):
    segment, tag, params_class = "practices", "practices", s.PracticeParams
    record, detail_record = s.PracticeSerializer, s.PracticeDetailSerializer
    select, records, read = queries.practices, queries.practice_records, queries.practice_detail
    list_doc = ("Field practices", "Published practices shared by members, newest first, filtered like the library.")
    detail_doc = ("One practice", "A published practice: the whole sheet, its contact people, events and actions.")
    not_found = gettext_lazy("No published practice has this identifier.")


class People(Resource):
    segment, tag, params_class = "people", "practices", s.PersonParams
    record, detail_record = s.PersonSerializer, s.PersonDetailSerializer
    select, records, read = queries.people, queries.person_records, queries.person_detail
    list_doc = (
        "People",
        "Public profiles of practitioners who agreed to be listed, by name. Never an e-mail address or a phone "
        "number: visitors write to them through the site's contact relay.",
    )
    detail_doc = ("One person", "A public profile, with the practices the person can tell about.")
    not_found = gettext_lazy("No public profile has this identifier.")


# --- Calls for ideas ---------------------------------------------------------------------


class Calls(Resource):
    segment, tag, params_class = "calls", "calls", s.CallParams
    record, detail_record = s.CallSerializer, s.CallDetailSerializer
    select, records, read = queries.calls, queries.call_records, queries.call_detail
    list_doc = ("Calls for ideas and projects", "Calls, latest deadline first, with their state and published ideas.")
    detail_doc = ("One call", "A call with its published ideas and its results (the selected ideas).")
    not_found = gettext_lazy("No call has this identifier.")


class Ideas(Resource):
    segment, tag, params_class = "ideas", "calls", s.IdeaParams
    record, detail_record = s.IdeaSerializer, s.IdeaSerializer
    select, records, read = queries.ideas, queries.idea_records, queries.idea_detail
    list_doc = (
        "Ideas",
        "Published ideas of the calls (never those waiting for review), with their supports and the decision. "
        "A resident who submitted one is never named.",
    )
    detail_doc = ("One idea", "A published idea.")
    not_found = gettext_lazy("No published idea has this identifier.")


RESOURCES = [Members, Axes, Actions, Events, Domains, Competencies, Practices, People, Calls, Ideas]
