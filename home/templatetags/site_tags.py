from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

register = template.Library()


def _home_page(request):
    """The live home page of the active language (or the site root), looked up once per
    request and language: the header, menu and 404 page all ask for it."""
    cache = getattr(request, "_home_pages", None) if request is not None else None
    language = translation.get_language()
    if cache is not None and language in cache:
        return cache[language]
    site = Site.find_for_request(request)
    home = None
    if site is not None and site.root_page.live:
        home = site.root_page.localized
    if request is not None:
        if cache is None:
            cache = request._home_pages = {}
        cache[language] = home
    return home


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Pages marked 'show in menus' under the active language's home page."""
    request = context.get("request")
    home = _home_page(request)
    if home is None:
        return []
    return home.get_children().live().public().in_menu()


@register.simple_tag(takes_context=True)
def home_url(context):
    home = _home_page(context.get("request"))
    return home.url if home else "/"


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return page.get_ancestors().filter(depth__gte=2).live()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """A link per language: to this page's translation when there is one, to that
    language's home page otherwise; non-page views switch their URL prefix."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    homes = {}
    site = Site.find_for_request(request) if request else None
    if site is not None:
        homes = {
            p.locale.language_code: p
            for p in site.root_page.get_translations(inclusive=True).live().select_related("locale")
        }
    subpath = _routable_subpath(request, page)
    for code, name in settings.LANGUAGES:
        if code not in homes:
            continue
        if code in translations:
            url = translations[code].get_url(request) + subpath
        elif isinstance(page, Page) and page.pk:
            url = homes[code].get_url(request)
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = homes[code].get_url(request)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"languages": links}


def _routable_subpath(request, page):
    """For a sub-route of a routable page (an action of the roadmap, a member's profile),
    the part of the path after the page's own URL, with the query string: the same
    sub-route exists under the page's translation."""
    if request is None or not isinstance(page, Page) or not page.pk:
        return ""
    page_url = page.get_url(request) or ""
    path = request.path
    if not page_url or not path.startswith(page_url) or path == page_url:
        return ""
    query = request.META.get("QUERY_STRING", "")
    return path[len(page_url) :] + (f"?{query}" if query else "")


@register.simple_tag
def active_locale():
    return Locale.get_active()
