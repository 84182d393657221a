import re

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods
from wagtail import hooks
from wagtail.models import Page

from home.services import absolute_url

from . import contributions, layout
from .forms import ReportContentForm, ResendLinksForm, form_status
from .models import paginate
from .personal_links import send_personal_links_later
from .queries import public_pages
from .ratelimits import over_limit, rate_limited
from .services import ServiceError

MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    """Search over the pages of the current language, plus whatever the other apps
    register with the `register_site_search` hook (members, actions, events)."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    query = "".join(ch for ch in query if ch.isprintable())
    results_page = None
    other_results = []
    terms = search_terms(query)
    if query:
        pages = Page.objects.none()
        if terms:
            pages = public_pages().filter(locale=layout.active_locale()).specific().search(terms)
        results_page = paginate(request, pages, per_page=10)
    if terms:
        for fn in hooks.get_hooks("register_site_search"):
            other_results.extend(fn(request, terms))
    page_count = results_page.paginator.count if results_page is not None else 0
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results_page": results_page,
            "other_results": other_results,
            "result_count": page_count + sum(len(section["items"]) for section in other_results),
        },
    )


@require_GET
def site_plan(request):
    """The HTML site plan: every page of the site in the visitor's language, nested."""
    return render(request, "home/site_plan.html", {"tree": layout.site_plan(request)})


@require_http_methods(["GET", "POST"])
def report_content(request, kind, pk):
    """ "Report this content" on a resident's published contribution (home.contributions)."""
    content = contributions.published(kind, pk)
    if content is None:
        raise Http404
    public_url = contributions.kind_of(content).public_url(content)
    if request.method == "POST":
        if over_limit(request, "home.report"):
            return rate_limited(request, None)
        form = ReportContentForm(request.POST)
        if form.is_valid():
            try:
                contributions.report(content, form.cleaned_data["reason"], email=form.cleaned_data["email"])
            except ServiceError as error:
                error.add_to_form(form)
            else:
                messages.success(
                    request, _("Thank you: the network's team will review this content and hide it if needed.")
                )
                return redirect(public_url or "/")
    else:
        form = ReportContentForm()
    return render(
        request,
        "home/report_content.html",
        {"form": form, "content": content, "content_url": public_url},
        status=form_status(form),
    )


def search_terms(query, max_terms=12):
    """The words of a visitor's query, lower-cased: search operators (AND, OR, quotes,
    parentheses, stars) typed by a visitor must not become search-engine syntax."""
    return " ".join(re.findall(r"\w+", query.lower())[:max_terms])


@require_GET
@cache_control(max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


RESEND_RATE_PER_IP = "10/h"
RESEND_RATE_PER_ADDRESS = "3/h"


@require_http_methods(["GET", "POST"])
def resend_links(request):
    """ "Resend my links": whatever the address typed, the page answers the same (it never
    says whether the address is known); the links go by e-mail to the address itself
    (home.personal_links). Rate-limited per client and per address, bot-protected."""
    sent = request.GET.get("envoye") == "1"
    form = ResendLinksForm(request.POST or None)
    if request.method == "POST":
        if over_limit(request, "home.resend_links", RESEND_RATE_PER_IP):
            return rate_limited(request, None)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            # Counted per address too (silently: the answer stays the same).
            if not over_limit(
                request, "home.resend_links.address", RESEND_RATE_PER_ADDRESS, key=lambda group, request: email
            ):
                send_personal_links_later.enqueue(email, get_language())
            return redirect(f"{request.path}?envoye=1")
    return render(request, "home/resend_links.html", {"form": form, "sent": sent}, status=form_status(form))


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says."""
    found = finders.find("favicon.ico")
    if found is None:
        if not staticfiles_storage.exists("favicon.ico"):
            raise Http404
        return FileResponse(staticfiles_storage.open("favicon.ico"), content_type="image/x-icon")
    return FileResponse(open(found, "rb"), content_type="image/x-icon")  # noqa: SIM115 — FileResponse closes it


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 — any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: the error may come from there.
    template = loader.get_template("500.html")
    return HttpResponse(
        template.render({"LANGUAGE_CODE": getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)}), status=500
    )
