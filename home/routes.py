"""Sub-routes of routable pages in the page's language: French pages answer with French
words (`/annuaire/adherer/`, `/feuille-de-route/propositions/`), English ones with English
words. Both words resolve on every page, so that older links keep working; links are
always built with the page's own words (`reverse_subpage`), and the language switcher
and `hreflang` alternates map a sub-route to its twin (`subpath_in_language`)."""

from django.conf import settings
from django.urls import Resolver404, path, re_path
from django.urls.resolvers import RegexPattern
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale

from .layout import shared

FRENCH_SUFFIX = "__fr"


def _default_locale_pk():
    return shared(
        f"locale-pk:{settings.LANGUAGE_CODE}", lambda: Locale.objects.get(language_code=settings.LANGUAGE_CODE).pk
    )


class LocalizedRoutesMixin(RoutablePageMixin):
    """`french_routes`: {route name: its pattern with French words, of the same kind
    (regex for `@re_path`/`@route`, path syntax for `@path`)}."""

    french_routes = {}

    @classmethod
    def get_subpage_urls(cls):
        routes = []
        for route in super().get_subpage_urls():
            routes.append(route)
            french = cls.french_routes.get(route.name)
            if french:
                make = re_path if isinstance(route.pattern, RegexPattern) else path
                routes.append(make(french, route.callback, name=route.name + FRENCH_SUFFIX))
        return tuple(routes)

    def _uses_french_words(self, language=None):
        if language is not None:
            return language == settings.LANGUAGE_CODE
        return self.locale_id == _default_locale_pk()

    def reverse_subpage(self, name, args=None, kwargs=None, language=None):
        if name in self.french_routes and self._uses_french_words(language):
            name += FRENCH_SUFFIX
        return super().reverse_subpage(name, args=args, kwargs=kwargs)

    def subpath_in_language(self, subpath, language):
        """'propositions/12/' (French) → 'proposals/12/' for 'en', and back."""
        try:
            match = self.resolve_subpage("/" + subpath)
        except Resolver404:
            return subpath
        name = (match.url_name or "").removesuffix(FRENCH_SUFFIX)
        if not name:
            return subpath
        try:
            return self.reverse_subpage(name, args=match.args, kwargs=match.kwargs, language=language)
        except Exception:  # noqa: BLE001 — an unnamed or odd route keeps its path
            return subpath
