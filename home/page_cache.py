"""A page cache for anonymous visitors: Django's own cache middleware, with stricter conditions.

`UpdatePageCacheMiddleware` (first after the edge middlewares) and `FetchPageCacheMiddleware` (right
after the locale middlewares) are Django's UpdateCacheMiddleware and
FetchFromCacheMiddleware with stricter conditions:

- only GET/HEAD requests that carry no session, messages or Authorization, and never
  the admin, documents, the member area or personal links (tokens in the URL);
- only 200 responses that set no cookie, used no CSRF token (`{% csrf_token %}` marks the
  request), no CSP nonce, and were not made for a logged-in user.

So a page with a form that needs a per-visitor token is never stored, and nobody's
personal data is served to someone else. Keys (`page_key`: full URL, active language,
the Accept headers, not the cookies) are computed from the request alone, and a page is kept
with the *generation* it was made in, so a hit is one round trip to the shared cache (the
generation and the page, read together). `clear_page_cache()` moves to a new generation,
which every process sees at once: a page of an older one is no longer served.

What moves it on (wagtail_cache was considered: 3.0 requires Wagtail < 8):
- Wagtail's own signals: a page published, unpublished, moved, renamed or deleted;
- a save or delete of a model that an app declares public with the hook
  `register_public_models` (the models shown on public pages: members, themes, actions…);
- a change of a *live figure* (seats taken, supports, volunteers: hook
  `register_public_figures`) moves it on **after the commit** of the transaction that
  made it (a registration never touches the cache inside the event's lock), and at most
  once per `PAGE_CACHE_FIGURES_SECONDS` (2 s): during a burst of registrations, the event
  page is rendered once per window instead of once per registration. A change that comes
  inside a window already used is marked *pending*, and the first request of a later
  window moves the generation on: a figure on a cached page is never more than one window
  old, and the registration itself is always decided under the lock.
Nothing else (log entries, revisions, e-mails, tasks, personal links) does.
"""

import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import translation
from django.utils.cache import cc_delim_re, get_max_age, patch_response_headers
from django.utils.http import parse_http_date_safe
from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home.cache import cache_recovered

GENERATION_KEY = "page-cache:generation"
# The shared layout (home/layout.py) has a generation of its own: it reads pages, site
# settings, themes, locales, members and communes only, so that a registration or a
# support, which change pages but not the layout, do not make every process read it again.
LAYOUT_GENERATION_KEY = "page-cache:layout-generation"
LAYOUT_APP_LABELS = {"wagtailcore", "home", "members", "practices"}

# Paths (without the language prefix) that are never cached.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/documents/",
    "/healthz",
    "/readyz",
    "/member-area/",
    "/registrations/",
    "/renvoyer-mes-liens/",
    "/roadmap/confirm-",
    "/roadmap/unsubscribe/",
    "/roadmap/member/",
    "/benevolat/",
)


def _cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


# Live figures: the window in which the generation last moved for them, and a mark that a
# change came after that move (a later window moves the generation on).
FIGURES_MOVED_KEY = "page-cache:figures-moved:{window}"
FIGURES_PENDING_KEY = "page-cache:figures-pending"


def _figures_window():
    return int(time.time() // settings.PAGE_CACHE_FIGURES_SECONDS)


def _move_for_figures(cache):
    """Move the pages' generation on if it has not moved for figures in this window."""
    if cache.add(FIGURES_MOVED_KEY.format(window=_figures_window()), 1, timeout=60):
        # Any change that marked itself pending before this line has committed: the move
        # below covers it.
        cache.delete(FIGURES_PENDING_KEY)
        _bump((GENERATION_KEY,))
        return True
    return False


def current_generation(key=GENERATION_KEY):
    if key == GENERATION_KEY:
        # One round trip for the generation and a pending change of live figures.
        return _pages_generation(_cache().get_many([key, FIGURES_PENDING_KEY]))
    return _known_generation(key, _cache().get(key))


def _pages_generation(values):
    """The pages' generation from a read of GENERATION_KEY and FIGURES_PENDING_KEY (with
    other keys, for a page: one round trip), after moving it on for a pending change of
    live figures if this window has not yet."""
    cache = _cache()
    generation = values.get(GENERATION_KEY)
    if values.get(FIGURES_PENDING_KEY) and _move_for_figures(cache):
        generation = cache.get(GENERATION_KEY)
    return _known_generation(GENERATION_KEY, generation)


def _known_generation(key, generation):
    if generation is None:
        # A fresh start (or an evicted key) never reuses an older generation.
        cache = _cache()
        cache.add(key, time.time_ns() // 1000, timeout=None)
        generation = cache.get(key, 0)
    return generation


def _bump(keys):
    from .layout import forget  # imported here: home.layout imports this module

    forget()
    cache = _cache()
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, time.time_ns() // 1000, timeout=None)


def clear_page_cache(layout=True):
    """Forget every cached page (and, with `layout`, the shared layout of home/layout.py),
    now and again when the current transaction commits (so that a request rendered
    meanwhile from the old data is not kept)."""
    keys = (GENERATION_KEY, LAYOUT_GENERATION_KEY) if layout else (GENERATION_KEY,)
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys), robust=True)


def _figures_changed():
    cache = _cache()
    if not _move_for_figures(cache):
        cache.set(FIGURES_PENDING_KEY, 1, timeout=None)


def clear_page_cache_after_commit():
    """Forget the cached pages once the current transaction commits (at once outside one),
    at most once per figures window (see the module's docstring): for live figures changed
    by residents, inside a lock that should stay short. Several changes in one transaction
    count once."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _figures_changed()
    elif not any(callback is _figures_changed for _sids, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_figures_changed, robust=True)


def _path_without_language(path):
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def request_may_use_cache(request):
    if not getattr(settings, "PAGE_CACHE_ENABLED", False):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if request.headers.get("Authorization"):
        return False
    return not _path_without_language(request.path_info).startswith(EXCLUDED_PREFIXES)


def response_may_be_cached(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_csp_nonce", None):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


# The request headers a page may vary on besides the cookie (below): part of every key. A
# response varying on another header is not kept.
KEY_HEADERS = ("Accept", "Accept-Encoding", "Accept-Language")
VARY_KEPT = {"accept", "accept-encoding", "accept-language", "cookie"}


def page_key(request, method, prefix):
    """The key of a page: the prefix, the method, the full URL, the active language and the
    headers of KEY_HEADERS — computed from the request alone, so a hit is one read (Django's
    cache middleware first reads the list of headers a URL varies on).

    Not the Cookie header, although pages say `Vary: Cookie` to browsers: the page cache
    only serves requests without a session or messages cookie and only keeps responses that
    set no cookie and were made for nobody in particular, and the per-visitor tokens of a
    form are written in after the cache (home/form_tokens.py). Keyed on the cookie, a visitor
    holding a CSRF cookie (anyone who has seen a form) would never be served a cached page."""
    parts = [method, request.build_absolute_uri(), translation.get_language() or ""]
    parts.extend(request.headers.get(name, "") for name in KEY_HEADERS)
    digest = hashlib.md5("\n".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"{prefix}:{digest}"


class FetchPageCacheMiddleware(FetchFromCacheMiddleware):
    """A hit is one round trip to the shared cache: the generation, a pending change of
    live figures and the page are read together. A page is kept with the generation it was
    made in (under a key without it, so that a new version replaces the old one), and
    served only in that generation."""

    def process_request(self, request):
        request._cache_update_cache = False
        if not request_may_use_cache(request):
            return None
        keys = [page_key(request, "GET", self.key_prefix)]
        if request.method == "HEAD":
            keys.insert(0, page_key(request, "HEAD", self.key_prefix))
        found = self.cache.get_many([GENERATION_KEY, FIGURES_PENDING_KEY, *keys])
        request._page_cache_generation = generation = _pages_generation(found)
        response = next(
            (found[key][1] for key in keys if key in found and found[key][0] == generation),
            None,
        )
        if response is None:
            request._cache_update_cache = True
            return None
        expires = parse_http_date_safe(response.get("Expires", ""))
        max_age = get_max_age(response)
        if expires is not None and max_age is not None:
            response["Age"] = max(0, max_age - (expires - int(time.time())))
        response["X-Page-Cache"] = "hit"
        return response


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    """Keeps, under `page_key`, the pages that `response_may_be_cached` allows, for their
    max-age (else CACHE_MIDDLEWARE_SECONDS), with Django's Expires and Cache-Control."""

    def process_response(self, request, response):
        if not (getattr(request, "_cache_update_cache", False) and hasattr(request, "_page_cache_generation")):
            return response
        if not response_may_be_cached(request, response):
            return response
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-cache", "no-store")):
            return response
        if not {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header} <= VARY_KEPT:
            return response
        timeout = get_max_age(response)
        if timeout is None:
            timeout = self.cache_timeout
        if not timeout:
            return response
        patch_response_headers(response, timeout)
        key = page_key(request, request.method, self.key_prefix)
        generation = request._page_cache_generation
        if callable(getattr(response, "render", None)):
            response.add_post_render_callback(lambda rendered: self.cache.set(key, (generation, rendered), timeout))
        else:
            self.cache.set(key, (generation, response), timeout)
        return response


def _declared(hook_name):
    """The models (by label) that the apps' hooks of that name declare."""
    return {apps.get_model(label) for fn in hooks.get_hooks(hook_name) for label in fn()}


def _on_page_change(sender, **kwargs):
    clear_page_cache()


def _on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        clear_page_cache()


def _on_content_change(sender, **kwargs):
    clear_page_cache(layout=sender._meta.app_label in LAYOUT_APP_LABELS)


def _on_figure_change(sender, **kwargs):
    clear_page_cache_after_commit()


def connect_signals():
    """Called from HomeConfig.ready(), once every app's hooks are registered."""
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(_on_page_change, dispatch_uid=f"page_cache_page_{id(signal)}")
    post_delete.connect(_on_page_delete, dispatch_uid="page_cache_page_delete")
    for handler, hook_name in (
        (_on_content_change, "register_public_models"),
        (_on_figure_change, "register_public_figures"),
    ):
        for model in _declared(hook_name):
            for signal in (post_save, post_delete):
                signal.connect(handler, sender=model, dispatch_uid=f"page_cache_{hook_name}_{model._meta.label}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    handler,
                    sender=field.remote_field.through,
                    dispatch_uid=f"page_cache_m2m_{field.remote_field.through._meta.label}",
                )
    # Redis answers again after an outage during which a change could not be announced:
    # move the generations on, so no page or layout cached before the change is served.
    cache_recovered.connect(_on_cache_recovered, dispatch_uid="page_cache_recovered")


def _on_cache_recovered(sender, backend, **kwargs):
    if backend is _cache():
        _bump((GENERATION_KEY, LAYOUT_GENERATION_KEY))
