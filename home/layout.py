"""What every public page shares — the Wagtail site and the home page of each language,
the menu, the footer, breadcrumbs and language links, the URLs of the app pages, themes,
the directory's map and a few counts — read from the database once and kept in the cache
until the next change.

The cache key carries the layout's *generation* (`home/page_cache.py`), which moves on
every publish and every save of pages, site settings, themes, members or communes, in
every process at once: so the menu or the footer never lags behind an edit, and a page
needs none of these queries while nothing changes. Only small values are kept.

The header's menu, the breadcrumbs and the footer are moreover Wagtail's own fragment
cache (`{% wagtailcache %}`, skipped in previews), keyed on `layout_key` (the site, the
language and this generation; the context processor `context` below): while nothing
changes, a page renders none of them. Settings are read with `for_request`.
"""

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.utils import translation
from wagtail.models import Locale, Page, Site

from . import page_cache

TIMEOUT = 60 * 60

# The generation this request has read from the shared cache, from `request_started` to
# `request_finished` (read again when this process changes content). Outside a request
# (commands, the task worker) every call reads it.
_request = Local()


class _Process:
    """This process's copy of the values of one generation: each value is read from the
    shared cache at most once per process and generation. Values are shared between
    requests: never change one in place."""

    generation = None
    values = {}


def _begin(**kwargs):
    _request.memo = {}


def _end(**kwargs):
    _request.memo = None


request_started.connect(_begin, dispatch_uid="home_layout_begin")
request_finished.connect(_end, dispatch_uid="home_layout_end")


def forget():
    """Called when content changes in this process: this request reads afresh."""
    if getattr(_request, "memo", None) is not None:
        _request.memo = {}


def reset():
    """Forget this process's copy (the tests call it when they empty the cache)."""
    _Process.generation, _Process.values = None, {}


def _cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def shared(name, build, *, content=False):
    """`build()` once per generation in the shared cache, and read from it once per process:
    for small values that a change of content may alter, such as a page's URL or the list of
    themes. With `content`, on the page cache's generation instead (see content_key): for
    small values that only public pages show, such as the roadmap's counts on the home page;
    read from the shared cache each time."""
    if content:
        key = f"content:{page_generation()}:{name}"
        value = _cache().get(key)
        if value is None:
            value = build()
            _cache().set(key, value, settings.CACHE_MIDDLEWARE_SECONDS)
        return value
    current = generation()
    if _Process.generation != current:
        _Process.generation, _Process.values = current, {}
    values = _Process.values
    if name in values:
        return values[name]
    key = f"layout:{current}:{name}"
    value = _cache().get(key)
    if value is None:
        value = build()
        _cache().set(key, value, TIMEOUT)
    values[name] = value
    return value


def generation():
    """The layout's generation (home/page_cache.py), read once per request."""
    memo = getattr(_request, "memo", None)
    if memo is None:
        return page_cache.current_generation(page_cache.LAYOUT_GENERATION_KEY)
    if "generation" not in memo:
        memo["generation"] = page_cache.current_generation(page_cache.LAYOUT_GENERATION_KEY)
    return memo["generation"]


def page_generation():
    """The page cache's generation (home/page_cache.py), read once per request."""
    memo = getattr(_request, "memo", None)
    if memo is None:
        return page_cache.current_generation()
    if "page-generation" not in memo:
        memo["page-generation"] = page_cache.current_generation()
    return memo["page-generation"]


def fragment_key(request):
    """What the shared layout's fragments (`{% wagtailcache %}` in the header, breadcrumbs
    and footer) vary on besides the page: the site, the language and the generation."""
    site = Site.find_for_request(request) if request is not None else None
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"{site.pk if site else 0}:{language}:{generation()}"


def content_key(request):
    """What a fragment of public content (`{% wagtailcache %}` around the sections other
    apps add to a member's profile) varies on besides its object: the site, the language
    and the page cache's generation, which every change that a public page shows moves
    on (publishing, the apps' public models and live figures) — so the fragment is never
    older than the cached page would be."""
    site = Site.find_for_request(request) if request is not None else None
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"{site.pk if site else 0}:{language}:{page_generation()}"


def context(request):
    """Context processor: `layout_key` (see fragment_key) and `content_key` (see
    content_key), computed only when a template asks for them."""
    return {"layout_key": lambda: fragment_key(request), "content_key": lambda: content_key(request)}


def active_locale():
    """`Locale.get_active()`, without its query on every call."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return shared(f"locale:{language}", Locale.get_active)


def live_home_languages():
    """Language codes that have a live home page (on any site)."""
    return shared(
        "home-languages",
        lambda: sorted(
            set(Page.objects.live().filter(depth=2).values_list("locale__language_code", flat=True).distinct())
        ),
    )


def site_layout(request):
    """The layout of the request's site in the active language: a dict of
    `home` ({"pk", "url"} or None), `homes` (language code → home URL, live ones only),
    `menu` (list of {"pk", "title", "url"}), `contact` (address, e-mail, phone),
    `about_links`, `footer_links` and `social_links` (lists of {"label", "url"})."""
    site = Site.find_for_request(request) if request is not None else None
    language = translation.get_language() or settings.LANGUAGE_CODE
    name = f"site-{site.pk if site else 0}:{language}"
    return shared(name, lambda: _build(request, site))


def page_links(request, page):
    """For one page: `crumbs`, its live ancestors below the root ({"title", "url"}), and
    `translations`, the URL of each live translation by language code."""
    site = Site.find_for_request(request) if request is not None else None

    def build():
        ancestors = page.get_ancestors().filter(depth__gte=2).live() if page.depth > 2 else []
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        return {
            "crumbs": [{"title": p.title, "url": p.get_url(request)} for p in ancestors],
            "translations": {p.locale.language_code: p.get_url(request) for p in translations},
        }

    return shared(f"page-{site.pk if site else 0}-{page.pk}", build)


def section_links(request, page):
    """The section of a page below the home page, for its section navigation:
    {"title", "url", "pk", "children": [{"title", "url", "pk"}]}, or None at the top."""
    if not isinstance(page, Page) or not page.pk or page.depth < 3:
        return None
    site = Site.find_for_request(request) if request is not None else None

    def build():
        section = page if page.depth == 3 else page.get_ancestors().filter(depth=3).first()
        if section is None:
            return None
        children = section.get_children().live().public().order_by("path")
        return {**_page_link(section, request), "children": [_page_link(child, request) for child in children]}

    return shared(f"section-{site.pk if site else 0}-{page.pk}", build)


def site_plan(request):
    """Every live public page of the site in the active language, as a nested tree of
    {"title", "url", "children"}, for the HTML site plan."""
    site = Site.find_for_request(request) if request is not None else None
    language = translation.get_language() or settings.LANGUAGE_CODE

    def build():
        home_info = site_layout(request)["home"]
        if home_info is None:
            return []
        home = Page.objects.get(pk=home_info["pk"])
        pages = list(Page.objects.descendant_of(home, inclusive=True).live().public().order_by("path"))
        nodes = {}
        roots = []
        for item in pages:
            node = {"title": item.title, "url": item.get_url(request), "children": []}
            nodes[item.path] = node
            parent = nodes.get(item.path[: -Page.steplen])
            (parent["children"] if parent is not None else roots).append(node)
        return roots

    return shared(f"site-plan-{site.pk if site else 0}:{language}", build)


def _page_link(page, request):
    return {"pk": page.pk, "title": page.title, "url": page.get_url(request)}


def _build(request, site):
    layout = {"home": None, "homes": {}, "menu": [], "contact": {}}
    layout.update(about_links=[], footer_links=[], social_links=[])
    if site is None or not site.root_page.live:
        return layout
    locale = active_locale()
    homes = site.root_page.get_translations(inclusive=True).live().select_related("locale")
    layout["homes"] = {home.locale.language_code: home.get_url(request) for home in homes}
    home = next((page for page in homes if page.locale_id == locale.pk), None) or site.root_page
    layout["home"] = {"pk": home.pk, "url": home.get_url(request)}
    layout["menu"] = [_page_link(page, request) for page in home.get_children().live().public().in_menu()]

    from .models import NetworkSettings  # imported here: home.models imports this module

    network = NetworkSettings.for_request(request) if request is not None else NetworkSettings.for_site(site)
    layout["contact"] = {
        "postal_address": network.postal_address,
        "email": network.contact_email,
        "phone": network.contact_phone,
    }
    footer_links = list(network.footer_links.all())
    linked_ids = [network.legal_page_id, network.privacy_page_id, network.accessibility_page_id]
    linked_ids += [link.page_id for link in footer_links if link.page_id]
    localized = _localized_pages([pk for pk in linked_ids if pk], locale)
    for pk in linked_ids[:3]:
        if pk in localized:
            layout["about_links"].append({"label": localized[pk].title, "url": localized[pk].get_url(request)})
    for link in footer_links:
        if link.page_id:
            if link.page_id in localized:
                layout["footer_links"].append({"label": link.label, "url": localized[link.page_id].get_url(request)})
        else:
            layout["footer_links"].append({"label": link.label, "url": link.url})
    layout["social_links"] = [{"label": link.label, "url": link.url} for link in network.social_links.all()]
    return layout


def _localized_pages(page_ids, locale):
    """{page id: its live translation in `locale`, or the page itself when it has none},
    in two queries whatever the number of pages."""
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids)}
    translations = {
        page.translation_key: page
        for page in Page.objects.live().filter(
            locale=locale, translation_key__in=[page.translation_key for page in pages.values()]
        )
    }
    result = {}
    for pk, page in pages.items():
        translated = translations.get(page.translation_key)
        if translated is not None:
            result[pk] = translated
        elif page.live:
            result[pk] = page
    return result
