from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap walks the default site's root only; this one walks the root
    page of every language."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = root.get_translations(inclusive=True)
        condition = Q()
        for translated_root in roots:
            condition |= Q(path__startswith=translated_root.path)
        return Page.objects.filter(condition).live().public().order_by("path").defer_streamfields().specific()
