from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .services import absolute_url


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap walks the default site's root only; this one walks the root
    page of every language. Each address is the public one (home.services.absolute_url)
    and lists its translations as `hreflang` alternates (with `x-default`, the French
    one); sub-routes of routable pages (actions, member profiles…) are listed by their
    page's `get_sitemap_urls` and mapped to each language's words (home.routes)."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = root.get_translations(inclusive=True)
        condition = Q()
        for translated_root in roots:
            condition |= Q(path__startswith=translated_root.path)
        return Page.objects.filter(condition).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        translations = {}
        for translated in (
            Page.objects.live()
            .public()
            .filter(translation_key__in={item.translation_key for item in pages})
            .select_related("locale")
        ):
            url = translated.get_url(self.request)
            if url:
                translations.setdefault(translated.translation_key, {})[translated.locale.language_code] = url
        urls = []
        last_mods = set()
        for item in pages:
            own_url = item.get_url(self.request) or ""
            for url_info in item.get_sitemap_urls(self.request):
                path = urlsplit(url_info["location"]).path
                subpath = path[len(own_url) :] if own_url and path.startswith(own_url) else ""
                url_info["location"] = absolute_url(path)
                url_info["alternates"] = self._alternates(item, subpath, translations.get(item.translation_key, {}))
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    @staticmethod
    def _alternates(item, subpath, page_urls):
        if len(page_urls) < 2:
            return []
        alternates = []
        for code, _name in settings.LANGUAGES:
            if code in page_urls:
                localized = (
                    item.subpath_in_language(subpath, code)
                    if subpath and hasattr(item, "subpath_in_language")
                    else subpath
                )
                alternates.append({"lang_code": code, "location": absolute_url(page_urls[code] + localized)})
        default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
        if default:
            alternates.append({"lang_code": "x-default", "location": default["location"]})
        return alternates
