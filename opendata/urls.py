"""Addresses outside the language prefix: the API (/api/v1/), its schema and documentation,
Wagtail's pages API (/api/wagtail/v2/pages/) and the data files (/donnees/). Mounted at the site's root by network_site/urls.py."""

from django.urls import path, re_path

from . import views
from .api import views as api
from .api.pages import router as pages_router
from .api.schema import OpenAPISchema

app_name = "opendata"
urlpatterns = [
    path("api/v1/", views.api_docs, name="api-docs-root"),
    path("api/v1/docs/", views.api_docs, name="api-docs"),
    path("api/v1/schema/", OpenAPISchema.as_view(), name="api-schema"),
    *[pattern for resource in api.RESOURCES for pattern in resource.urls()],
    path("api/wagtail/v2/", pages_router.urls),
    re_path(r"^api/(?P<rest>.*)$", views.api_not_found, name="api-not-found"),
    path("donnees/datapackage.json", views.datapackage, name="datapackage"),
    path("donnees/catalogue.schema.json", views.catalogue_schema, name="catalogue-schema"),
    re_path(r"^donnees/catalogue\.(?P<extension>jsonld|csv)$", views.catalogue, name="catalogue"),
    re_path(r"^donnees/(?P<name>[a-z-]+)\.(?P<extension>csv|json|schema\.json)$", views.data_file, name="file"),
]
