"""The read side of `home` that other apps share: translatable snippets (themes, bodies,
…) shown in the visitor's language."""

from django.db.models import Q
from wagtail.models import Page, PageManager, PageViewRestriction, TranslatableMixin
from wagtail.query import PageQuerySet

from . import layout
from .text_search import french_order


def active_themes():
    """The themes in the visitor's language, kept in the cache until content changes."""
    from .models import Theme  # imported here: home.models imports this module

    locale = layout.active_locale()
    return layout.shared(
        f"themes:{locale.language_code}",
        lambda: list(
            Theme.objects.filter(locale=locale)
            .only("pk", "name", "slug", "translation_key")
            .order_by(*french_order("name"))
        ),
    )


def localized(objects):
    """Translatable objects (one, or a list) in the visitor's language: each replaced by
    its translation when there is one. Themes come from the cache; other models take one
    query per call whatever the number of objects."""
    single = isinstance(objects, TranslatableMixin)
    items = [objects] if single else list(objects or [])
    if not items:
        return objects if single else []
    locale = layout.active_locale()
    foreign = [item for item in items if isinstance(item, TranslatableMixin) and item.locale_id != locale.pk]
    if not foreign:
        return objects if single else items
    from .models import Theme  # imported here: home.models imports this module

    if all(isinstance(item, Theme) for item in foreign):
        by_key = {theme.translation_key: theme for theme in active_themes()}
    else:
        model = type(foreign[0])
        by_key = {
            obj.translation_key: obj
            for obj in model.objects.filter(
                translation_key__in={item.translation_key for item in foreign}, locale=locale
            )
        }
    result = [by_key.get(item.translation_key, item) if isinstance(item, TranslatableMixin) else item for item in items]
    return result[0] if single else result


def private_sections():
    """(path, depth) of every page with a view restriction, kept with the layout (a new
    restriction or a move of pages moves its generation on)."""
    return layout.shared(
        "private-sections", lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth"))
    )


def in_private_section(page):
    """Whether the page is restricted or under a restricted page (from the cached sections)."""
    return any(page.path.startswith(path) for path, _depth in private_sections())


def site_has_aliases():
    """Whether any page is an alias (whose restrictions are its source's: Wagtail's way)."""
    return layout.shared("page-aliases", lambda: Page.objects.filter(alias_of__isnull=False).exists())


class CachedViewRestrictionsMixin:
    """For every page model of the site: before serving a page, Wagtail reads the view
    restrictions of the page and its ancestors (two queries: the ancestors, then their
    restrictions). A page outside every private section (read from the layout's cache,
    which a new restriction or a move of pages moves on) has none, so no query is made;
    a page inside one, or any page when the site has aliases, is checked Wagtail's way."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not in_private_section(self) and not site_has_aliases():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def private_q():
    """Pages under a view restriction (Wagtail's `private_q`, from the cached sections)."""
    q = Q()
    for path, depth in private_sections():
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])


def public(pages):
    """Any page queryset without the pages under a view restriction: Wagtail's `public()`
    without its query (the sections come from the layout's cache), and without a
    correlated subquery per row (slow on PostgreSQL with thousands of events)."""
    return pages.exclude(private_q())


class PublicPageQuerySet(PageQuerySet):
    """Wagtail's `public()` reads the view restrictions once per queryset; here they come
    from the layout's cache, so a page listing several kinds of pages (the home page's
    news, events and figures) does not read them again for each."""

    def private_q(self):
        return private_q()


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)


def public_pages():
    """Every live public page (of any type), with the private sections from the cache."""
    return PublicPageQuerySet(Page).live().public().order_by("path")
