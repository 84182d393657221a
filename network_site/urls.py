from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.health import ReadinessView
from home.sitemaps import MultilingualSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("healthz", home_views.healthz, name="healthz"),
    path("readyz", ReadinessView.as_view(), name="readyz"),
    # The public API (/api/v1/) and the open-data files (/donnees/), without a language prefix.
    path("", include("opendata.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages and public views: French unprefixed, English under /en/.
urlpatterns += i18n_patterns(
    path("search/", home_views.search, name="search"),
    path(_("site-plan/"), home_views.site_plan, name="site_plan"),
    path(_("report/<slug:kind>/<int:pk>/"), home_views.report_content, name="report_content"),
    path("renvoyer-mes-liens/", home_views.resend_links, name="resend_links"),
    path("", include("members.urls")),
    path("", include("members.people_urls")),
    path("", include("practices.urls")),
    path("", include("roadmap.urls")),
    path("", include("workshops.urls")),
    path("", include("follows.urls")),
    path("", include("opendata.site_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
