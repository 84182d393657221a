"""The governance site: page rules, every demo page in both languages, blocks, feeds."""

import re

import pytest
from defusedxml import ElementTree as ET
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    ContentPage,
    GovernanceBody,
    HomePage,
    MinutesIndexPage,
    MinutesPage,
    NetworkFiguresPage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
)


class PageRulesTests(WagtailPageTestCase):
    def test_home_page_only_at_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(ContentPage, HomePage)

    def test_content_pages_nest_under_home_and_each_other(self):
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanCreateAt(ContentPage, ContentPage)
        self.assertCanNotCreateAt(Page, ContentPage)

    def test_news_live_in_their_index(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_minutes_live_in_their_index(self):
        self.assertAllowedSubpageTypes(MinutesIndexPage, {MinutesPage})
        self.assertAllowedParentPageTypes(MinutesPage, {MinutesIndexPage})

    def test_resources_library_has_no_children(self):
        self.assertAllowedSubpageTypes(ResourceIndexPage, set())
        self.assertAllowedSubpageTypes(
            ContentPage, {ContentPage, MinutesIndexPage, ResourceIndexPage, NetworkFiguresPage}
        )


def live_pages():
    return Page.objects.live().filter(depth__gte=2).specific()


@pytest.mark.django_db
def test_every_demo_page_renders_in_both_languages(client, demo_site):
    pages = list(live_pages())
    languages = {page.locale.language_code for page in pages}
    assert languages == {"fr", "en"}
    assert len(pages) >= 25
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert f'<html lang="{page.locale.language_code}">' in response.content.decode()


@pytest.mark.django_db
def test_english_pages_carry_english_text(client, demo_site):
    response = client.get("/en/the-network/charter/")
    content = response.content.decode()
    assert "Involve residents as early as possible" in content
    assert "Associer les habitants" not in content


@pytest.mark.django_db
def test_root_serves_the_french_home_and_en_the_english_one(client, home_page):
    french = client.get("/")
    english = client.get("/en/")
    assert french.status_code == english.status_code == 200
    assert french.context["page"].locale.language_code == "fr"
    assert english.context["page"].locale.language_code == "en"


@pytest.mark.django_db
def test_charter_shows_its_publication_history(client, demo_site):
    response = client.get("/le-reseau/charte/")
    history = response.context["publication_history"]
    assert len(history) == 3
    assert [entry["date"].year for entry in history] == [2026, 2026, 2025]
    assert all(entry["summary"] for entry in history)
    assert history[-1]["summary"] in response.content.decode()


@pytest.mark.django_db
def test_publishing_a_new_version_adds_to_the_history(client, demo_site):
    charter = ContentPage.objects.get(slug="charte")
    charter.change_summary = "Nouvelle règle de quorum"
    charter.save_revision().publish()
    response = client.get("/le-reseau/charte/")
    assert len(response.context["publication_history"]) == 4
    assert "Nouvelle règle de quorum" in response.content.decode()


@pytest.mark.django_db
def test_governance_body_block_lists_its_members(client, demo_site):
    body = GovernanceBody.objects.get(locale__language_code="fr", name="Comité de pilotage")
    response = client.get("/le-reseau/comite-de-pilotage/")
    content = response.content.decode()
    for seat in body.seats.all():
        assert seat.name in content


@pytest.mark.django_db
def test_minutes_are_listed_newest_first(client, demo_site):
    response = client.get("/le-reseau/comptes-rendus/")
    dates = [minutes.date for minutes in response.context["minutes_page"]]
    assert len(dates) == 3
    assert dates == sorted(dates, reverse=True)


@pytest.mark.django_db
def test_resources_filter_by_theme_and_keywords(client, demo_site):
    everything = client.get("/ressources/").context["resources_page"].paginator.count
    digital = client.get("/ressources/", {"theme": "numerique"}).context["resources_page"]
    assert everything == 8
    assert 0 < digital.paginator.count < everything
    assert all(resource.theme.slug == "numerique" for resource in digital)
    found = client.get("/ressources/", {"q": "budget"}).context["resources_page"]
    assert [resource.title for resource in found] == ["Guide du budget participatif"]
    unknown = client.get("/ressources/", {"theme": "<script>", "page": "9999"})
    assert unknown.status_code == 200


@pytest.mark.django_db
def test_english_resources_library_lists_english_resources(client, demo_site):
    response = client.get("/en/resources/")
    titles = [resource.title for resource in response.context["resources_page"]]
    assert "Participatory budgeting guide" in titles


@pytest.mark.django_db
@pytest.mark.parametrize("url,language", [("/actualites/rss/", "fr"), ("/en/news/rss/", "en")])
def test_news_rss_feed(client, demo_site, url, language):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == language
    items = channel.findall("item")
    assert len(items) == 4
    assert all(item.findtext("link").startswith("http") for item in items)


@pytest.mark.django_db
def test_sitemap_lists_pages_of_both_languages(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert any("/en/the-network/charter/" in location for location in locations)
    assert any(location.endswith("/le-reseau/charte/") for location in locations)
    assert len(locations) == live_pages().count()


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_a_broken_database(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
@pytest.mark.parametrize("url,language", [("/nulle-part/", "fr"), ("/en/nowhere/", "en")])
def test_404_page_in_the_visitors_language(client, home_page, url, language):
    response = client.get(url)
    assert response.status_code == 404
    assert f'<html lang="{language}">' in response.content.decode()
    assert "404.html" in [template.name for template in response.templates]


def test_500_page_renders_without_the_database(rf):
    from home.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b'<html lang="fr">' in response.content


@pytest.mark.django_db
def test_security_headers(client, home_page):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] in {"SAMEORIGIN", "DENY"}


@pytest.mark.django_db
def test_no_page_refers_to_a_third_party_asset(client, demo_site):
    from home.services import site_root_url

    for page in live_pages():
        content = client.get(page.url).content.decode()
        for attribute in re.findall(r'(?:src|href)="(https?://[^"]+)"', content):
            if attribute.startswith(site_root_url() + "/"):
                continue  # the page's own canonical address and its translations
            tag_context = content[max(0, content.find(attribute) - 200) : content.find(attribute)]
            assert "<link" not in tag_context.rsplit(">", 1)[-1], attribute
            assert "<script" not in tag_context.rsplit(">", 1)[-1], attribute
            assert "<img" not in tag_context.rsplit(">", 1)[-1], attribute


@pytest.mark.django_db
def test_main_menu_and_breadcrumbs(client, demo_site):
    content = client.get("/le-reseau/charte/").content.decode()
    assert 'aria-label="Fil d’Ariane"' in content or "breadcrumb" in content
    menu = re.search(r'<nav class="container" aria-label="[^"]+">(.*?)</nav>', content, re.S).group(1)
    for title in ["Le réseau", "Adhérer au réseau", "Actualités", "Ressources"]:
        assert title in menu


@pytest.mark.django_db
def test_site_settings_fill_the_footer(client, demo_site):
    content = client.get("/").content.decode()
    assert "citoyennete@maine-et-loire.example" in content
    assert 'href="/mentions-legales/"' in content
    english = client.get("/en/").content.decode()
    assert 'href="/en/legal-notice/"' in english


def test_locales_exist_after_migrations(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"fr", "en"}
