"""Wagtail's own API (v2) for the site's pages, at /api/wagtail/v2/pages/: the page tree —
titles, slugs, types, locales, parents, public URLs, search — for a client that wants to
find or follow pages; the network's data itself is in /api/v1/.

Read-only and public: live pages without any view restriction (a private page and its
descendants are left out, even for a visitor who has its password or is logged in) in both
locales of the site. Drafts are never served: this API reads the pages' published state,
never their revisions. No page model declares `api_fields`, so no body field is exposed.
The same rules as the rest of the API: JSON only, rate limit, ETag/Last-Modified, CORS, and
every error a problem+json (`problems.py`)."""

from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from .problems import problem_response
from .views import PublicAPIView


class PublicPagesAPIViewSet(PublicAPIView, PagesAPIViewSet):
    schema = None  # Wagtail's format, documented on the API page, not in /api/v1/'s OpenAPI schema

    def get_base_queryset(self):
        return super().get_base_queryset().public()

    def find_object(self, queryset, request):
        if not request.GET.get("id", "0").isdigit():
            raise BadRequestError(_("id must be a page identifier (a whole number)."))
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            return problem_response(400, str(exc), kind="invalid-parameters")
        if isinstance(exc, Http404):
            return problem_response(404, _("No public page has this identifier."), kind="not-found")
        return PublicAPIView.handle_exception(self, exc)


class Router(WagtailAPIRouter):
    """Wagtail's router, included inside this app's URL namespace ("opendata"), so that the
    links it reverses (detail_url, parent) carry that namespace too."""

    @property
    def urls(self):
        return self.get_urlpatterns(), "wagtailapi", "wagtailapi"


router = Router("opendata:wagtailapi")
router.register_endpoint("pages", PublicPagesAPIViewSet)
