from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

from home import layout
from home.form_tokens import CSRF_PLACEHOLDER, FORM_STARTED_PLACEHOLDER
from home.french import elide as french_elide
from home.queries import localized
from home.services import absolute_url

register = template.Library()


@register.filter(is_safe=True)
def elide(text):
    """French elision before names: "de Angers" → "d'Angers" (home.french)."""
    return french_elide(text)


@register.filter
def in_language(objects):
    """Translatable snippets (themes, bodies…) in the visitor's language (home.queries)."""
    return localized(objects)


@register.simple_tag(takes_context=True)
def site_layout(context):
    """The menu, home links and footer of the request's site (home/layout.py)."""
    return layout.site_layout(context.get("request"))


@register.simple_tag(takes_context=True)
def home_url(context):
    home = layout.site_layout(context.get("request"))["home"]
    return home["url"] if home else "/"


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The page's section (the network, the agenda…) and its pages (home/layout.py)."""
    page = context.get("page")
    return {"section": layout.section_links(context.get("request"), page), "page": page}


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk or page.depth <= 2:
        return []
    return layout.page_links(context.get("request"), page)["crumbs"]


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
        translations = layout.page_links(request, page)["translations"]
    homes = layout.site_layout(request)["homes"]
    for code, name in settings.LANGUAGES:
        if code not in homes:
            continue
        if code in translations:
            url = translations[code] + _routable_subpath(request, page, code)
        elif isinstance(page, Page) and page.pk:
            url = homes[code]
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = homes[code]
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"languages": links}


@register.simple_tag(takes_context=True)
def head_links(context):
    """The canonical address of the page (without its query string) and its `hreflang`
    alternates: the page's live translations (with the same sub-route), `x-default` the
    French one. Absolute addresses (home.services.absolute_url)."""
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    alternates = []
    if isinstance(page, Page) and page.pk and getattr(request, "resolver_match", None) is not None:
        translations = layout.page_links(request, page)["translations"]
        for code, _name in settings.LANGUAGES:
            if code in translations and translations[code]:
                subpath = _routable_subpath(request, page, code, with_query=False)
                alternates.append({"code": code, "url": absolute_url(translations[code] + subpath)})
    else:
        homes = layout.site_layout(request)["homes"]
        for code, _name in settings.LANGUAGES:
            if code in homes:
                alternates.append({"code": code, "url": absolute_url(translate_url(request.path, code))})
    if len(alternates) < 2:
        alternates = []
    else:
        default = next((a for a in alternates if a["code"] == settings.LANGUAGE_CODE), None)
        if default:
            alternates.append({"code": "x-default", "url": default["url"]})
    return {"canonical": absolute_url(request.path), "alternates": alternates}


def _routable_subpath(request, page, language=None, with_query=True):
    """For a sub-route of a routable page (an action of the roadmap, a member's profile),
    the part of the path after the page's own URL, with the query string: the same
    sub-route exists under the page's translation (in that language's words, see
    home.routes)."""
    if request is None or not isinstance(page, Page) or not page.pk:
        return ""
    page_url = page.get_url(request) or ""
    path = request.path
    if not page_url or not path.startswith(page_url) or path == page_url:
        return ""
    subpath = path[len(page_url) :]
    if language is not None and hasattr(page, "subpath_in_language"):
        subpath = page.subpath_in_language(subpath, language)
    query = request.META.get("QUERY_STRING", "") if with_query else ""
    return subpath + (f"?{query}" if query else "")


@register.inclusion_tag("includes/form_tokens.html")
def form_tokens(form):
    """Instead of `{% csrf_token %}` and the bot protection's fields in a public form on a
    page that may be cached: placeholders for the visitor's tokens (home/form_tokens.py)."""
    return {"form": form, "csrf_placeholder": CSRF_PLACEHOLDER, "started_placeholder": FORM_STARTED_PLACEHOLDER}
