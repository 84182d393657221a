"""The open-data page ("Données ouvertes"), the data files and catalogues, the human
documentation of the API and the answer to an unknown API address."""

import hashlib
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_safe

from . import datasets, queries
from .api.cors import add_cors_headers, preflight_response
from .api.problems import problem_response
from .api.schema import openapi_schema

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "schema.json": "application/json; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
}


@require_GET
def page(request):
    """The open-data page: every dataset with its files, schema, licence and update date."""
    versions = datasets.versions()
    language = translation.get_language() or queries.DEFAULT_LANGUAGE
    return render(
        request,
        "opendata/opendata_page.html",
        {
            "datasets": datasets.dataset_entries(versions, language),
            "licence": datasets.LICENCE,
            "publisher": datasets.publisher(),
        },
    )


def _file_response(request, content, extension, *, filename, last_modified=None):
    if request.method == "OPTIONS":
        return preflight_response()
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["ETag"] = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=300)
    response = get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=int(last_modified.timestamp()) if last_modified else None,
        response=response,
    )
    return add_cors_headers(response)


def _language(request):
    """`?lang=` (fr by default); None when the query string holds anything else."""
    if any(name != "lang" for name in request.GET):
        return None
    language = request.GET.get("lang", queries.DEFAULT_LANGUAGE)
    return language if language in queries.LANGUAGES else None


def _bad_query():
    return problem_response(
        400, _("The only query parameter accepted here is lang (fr or en)."), kind="invalid-parameters"
    )


@require_safe
def data_file(request, name, extension):
    """/donnees/<dataset>.csv, .json and .schema.json."""
    dataset = datasets.BY_NAME.get(name)
    if dataset is None:
        return problem_response(404, _("There is no dataset of this name."), kind="not-found")
    language = _language(request)
    if language is None:
        return _bad_query()
    if extension == "schema.json":
        content = json.dumps(dataset.schema(language), ensure_ascii=False, indent=1).encode("utf-8")
        return _file_response(request, content, extension, filename=f"{name}.schema.json")
    files = datasets.built(dataset, language)
    version = datasets.DatasetVersion.objects.filter(name=name).first()
    return _file_response(
        request,
        files[extension],
        extension,
        filename=f"{name}.{extension}",
        last_modified=version.modified_at if version else None,
    )


@require_safe
def catalogue(request, extension):
    """/donnees/catalogue.jsonld (DCAT) and /donnees/catalogue.csv (scdl/catalogue)."""
    if _language(request) is None:
        return _bad_query()
    versions = datasets.versions()
    latest = max((v.modified_at for v in versions.values()), default=None)
    if extension == "jsonld":
        content = json.dumps(datasets.dcat_catalogue(versions), ensure_ascii=False, indent=1).encode("utf-8")
    else:
        content = datasets.scdl_catalogue_csv(versions)
    return _file_response(request, content, extension, filename=f"catalogue.{extension}", last_modified=latest)


@require_safe
def catalogue_schema(request):
    content = json.dumps(datasets.scdl_catalogue_schema(), ensure_ascii=False, indent=1).encode("utf-8")
    return _file_response(request, content, "schema.json", filename="catalogue.schema.json")


@require_safe
def datapackage(request):
    if _language(request) is None:
        return _bad_query()
    versions = datasets.versions()
    content = json.dumps(datasets.datapackage(versions), ensure_ascii=False, indent=1).encode("utf-8")
    return _file_response(request, content, "json", filename="datapackage.json")


# --- The API's documentation -------------------------------------------------------------


def _resolve(schema, components):
    if "$ref" in schema:
        return components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    if "allOf" in schema:
        return _resolve(schema["allOf"][0], components)
    return schema


def _describe_type(schema, components):
    schema = _resolve(schema, components) if "$ref" not in schema else schema
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        item = schema.get("items", {})
        return f"[{item['$ref'].rsplit('/', 1)[-1]}]" if "$ref" in item else f"[{item.get('type', '')}]"
    kind = schema.get("type", "")
    if schema.get("enum"):
        kind += " (" + ", ".join(str(v) for v in schema["enum"] if v is not None) + ")"
    return kind + (", null" if schema.get("nullable") else "")


def _fields(name, components):
    schema = components.get(name, {})
    return [
        {
            "name": field,
            "type": _describe_type(definition, components),
            "description": definition.get("description", ""),
        }
        for field, definition in schema.get("properties", {}).items()
    ]


@require_GET
def api_docs(request):
    """The API for people: each operation, its parameters, and every record's fields."""
    schema = openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            ok = operation.get("responses", {}).get("200", {})
            body = next(iter(ok.get("content", {}).values()), {}).get("schema", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId"),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "type": _describe_type(p.get("schema", {}), components),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "returns": body.get("$ref", "").rsplit("/", 1)[-1],
                    "errors": sorted(code for code in operation.get("responses", {}) if code.startswith("4")),
                }
            )
    records = [{"name": name, "fields": _fields(name, components)} for name in sorted(components)]
    return render(
        request,
        "opendata/api_docs.html",
        {"operations": operations, "records": records, "info": schema.get("info", {})},
    )


@csrf_exempt  # nothing is ever written here: a POST gets the same 404 as a GET
def api_not_found(request, rest=""):
    """Any other address under /api/: a problem+json 404 (or the CORS preflight)."""
    if request.method == "OPTIONS":
        return preflight_response()
    return problem_response(404, _("There is no API resource at this address."), kind="not-found")
