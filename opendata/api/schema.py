"""The OpenAPI 3 schema of the API (drf-spectacular), served at /api/v1/schema/ and
rendered for people at /api/v1/docs/."""

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings
from rest_framework.response import Response

from home.services import site_root_url
from members.models import Member
from members.people import Person
from roadmap.call_models import Call
from roadmap.models import Action, Commitment
from workshops.models import EventPage

from ..queries import CALL_STATES, IDEA_SELECTIONS
from .problems import PROBLEM_CONTENT_TYPE
from .serializers import MAX_PAGE
from .views import MAX_ID, PublicAPIView

DESCRIPTION = """\
The public data of the citizenship network: member structures (communes,
intercommunalities, associations, public bodies) with their INSEE, SIREN and RNA codes,
the collaborative roadmap (axes, actions, their history, supports and commitments) and the
agenda (citizen days, remote workshops, activities and seats left), the competency
framework, field practices, people who agreed to a public profile, and calls for ideas
with their published ideas and results. Wagtail's own pages API (v2) is at
`/api/wagtail/v2/pages/` (see the documentation page).

Read-only, no account, no key. Nothing personal is ever published: no contact person,
e-mail address, phone number, registrant, supporter, resident who submitted an idea,
personal link or meeting link.

* Languages: `?lang=fr` (default) or `?lang=en`; identifiers are the same in both.
* Pages: `?page=` and `?page_size=` (at most 100); a page beyond the last is a 404.
* Unknown or malformed query parameters are refused (400), never ignored.
* Errors are RFC 9457 problem details (`application/problem+json`).
* Responses carry `ETag` and `Last-Modified`: send `If-None-Match` to get a 304.
* Cross-origin GET is open to every origin (CORS).
* Rate limit per address; beyond it, 429 with `Retry-After`.
* Licence: Licence Ouverte / Open Licence 2.0 (Etalab).
"""

SPECTACULAR_SETTINGS = {
    "TITLE": "Réseau citoyenneté — public API",
    "DESCRIPTION": DESCRIPTION,
    "VERSION": "1.0.0",
    "LICENSE": {"name": "Licence Ouverte 2.0 (etalab-2.0)", "url": "https://spdx.org/licenses/etalab-2.0.html"},
    "TAGS": [
        {"name": "members", "description": "Member structures of the network."},
        {"name": "roadmap", "description": "The collaborative roadmap."},
        {"name": "agenda", "description": "Citizen days, remote workshops and the other events."},
        {"name": "practices", "description": "The competency framework, field practices and people who opted in."},
        {"name": "calls", "description": "Calls for ideas and projects, their published ideas and results."},
    ],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_NO_READ_ONLY_REQUIRED": False,
    "ENUM_NAME_OVERRIDES": {
        "MemberKindEnum": Member.Kind.values,
        "CommitmentKindEnum": Commitment.Kind.values,
        "EventKindEnum": EventPage.Kind.values,
        "ActionStatusEnum": Action.Status.values,
        "CallKindEnum": Call.Kind.values,
        "CallStateEnum": list(CALL_STATES),
        "IdeaSelectionEnum": list(IDEA_SELECTIONS),
        "PersonCategoryEnum": Person.Category.values,
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "opendata.api.schema.postprocess",
    ],
}


def postprocess(result, generator, request, public):
    """Errors are problem+json; identifiers and pages have their bounds."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                if status.startswith("4") and "content" in response:
                    response["content"] = {PROBLEM_CONTENT_TYPE: next(iter(response["content"].values()))}
                if status == "429":
                    response["headers"] = {
                        "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
                    }
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "id":
                    parameter["schema"].update({"minimum": 1, "maximum": MAX_ID})
                if parameter["in"] == "query" and parameter["name"] == "page":
                    parameter["schema"].setdefault("maximum", MAX_PAGE)
    return result


_schemas = {}


def openapi_schema():
    """The schema, generated once per process (it only changes with the code)."""
    if "schema" not in _schemas:
        from opendata.urls import urlpatterns  # imported here: opendata.urls imports this module

        with patched_settings(SPECTACULAR_SETTINGS):
            # Only this app's views: Wagtail's admin API views are DRF views of their own.
            generator = SchemaGenerator(
                patterns=urlpatterns,
                title=SPECTACULAR_SETTINGS["TITLE"],
                description=DESCRIPTION,
                version=SPECTACULAR_SETTINGS["VERSION"],
            )
            schema = generator.get_schema(request=None, public=True)
        schema["servers"] = [{"url": site_root_url()}]
        _schemas["schema"] = schema
    return _schemas["schema"]


class OpenAPISchema(PublicAPIView):
    """The OpenAPI 3 document (JSON)."""

    schema = None  # not an operation of the API itself

    def get(self, request):
        self.params(request)
        schema = dict(openapi_schema())
        # The site's one public address (home.services), not the request's Host header.
        schema["servers"] = [{"url": site_root_url()}]
        return Response(schema)
