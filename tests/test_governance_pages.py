"""The governance site: page rules, pages in both languages, blocks, feeds. Each test
builds its pages (tests/factories.py, home/tests/factories.py); that every page of the
demo renders is home/tests/test_demo.py's."""

import re
from datetime import datetime

import pytest
from defusedxml import ElementTree as ET
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    ContentPage,
    HomePage,
    MinutesIndexPage,
    MinutesPage,
    NetworkFiguresPage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
)
from home.tests.factories import (
    make_committee_page,
    make_governance_body,
    make_minutes_index,
    make_network_section,
    make_resource,
    make_themes,
    publish_versions,
    resource_library,
)
from tests.factories import CONTACT_EMAIL, content_page, make_news, news_index


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
def test_english_pages_carry_english_text(client, home_page):
    make_network_section()
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


# The charter's three published versions, oldest first.
CHARTER_VERSIONS = [
    (datetime(2025, 10, 14, 18, 0), "Première version adoptée par le comité de pilotage"),
    (datetime(2026, 3, 9, 18, 0), "Ajout de l'engagement sur l'accessibilité des réunions"),
    (datetime(2026, 9, 22, 18, 0), "Précisions sur la protection des données des habitants"),
]


@pytest.fixture
def charter(home_page):
    """A charter that shows its publication history, published three times."""
    network, _charter = make_network_section()
    page = content_page(network, "Charte signée", slug="charte-signee", live=False, show_publication_history=True)
    return publish_versions(page, CHARTER_VERSIONS)


@pytest.mark.django_db
def test_charter_shows_its_publication_history(client, charter):
    response = client.get(charter.url)
    history = response.context["publication_history"]
    assert len(history) == 3
    assert [entry["date"].year for entry in history] == [2026, 2026, 2025]
    assert all(entry["summary"] for entry in history)
    assert [entry["summary"] for entry in history] == [summary for _when, summary in reversed(CHARTER_VERSIONS)]
    assert history[-1]["summary"] in response.content.decode()


@pytest.mark.django_db
def test_publishing_a_new_version_adds_to_the_history(client, charter):
    charter.change_summary = "Nouvelle règle de quorum"
    charter.save_revision().publish()
    response = client.get(charter.url)
    assert len(response.context["publication_history"]) == 4
    assert "Nouvelle règle de quorum" in response.content.decode()


@pytest.mark.django_db
def test_governance_body_block_lists_its_members(client, home_page):
    body = make_governance_body(seats=[("Marie Lebrun", "Présidente"), ("Jules Ferrand", "Secrétaire")])
    make_committee_page(body)
    response = client.get("/le-reseau/comite-de-pilotage/")
    content = response.content.decode()
    assert body.seats.count() == 2
    for seat in body.seats.all():
        assert seat.name in content


@pytest.mark.django_db
def test_minutes_are_listed_newest_first(client, home_page):
    make_minutes_index(minutes_days=(-30, -90, -60))  # created out of order
    response = client.get("/le-reseau/comptes-rendus/")
    dates = [minutes.date for minutes in response.context["minutes_page"]]
    assert len(dates) == 3
    assert dates == sorted(dates, reverse=True)


@pytest.fixture
def resources(home_page):
    """The library with three resources under two themes, translated."""
    themes = make_themes()
    resource_library()
    make_resource(
        "Guide du budget participatif", themes["budget-participatif"], english="Participatory budgeting guide"
    )
    make_resource("Outils libres pour la concertation", themes["numerique"], english="Free consultation tools")
    make_resource("Animer un atelier à distance", themes["numerique"], english="Running a remote workshop")


@pytest.mark.django_db
def test_resources_filter_by_theme_and_keywords(client, resources):
    everything = client.get("/ressources/").context["resources_page"].paginator.count
    digital = client.get("/ressources/", {"theme": "numerique"}).context["resources_page"]
    assert everything == 3
    assert 0 < digital.paginator.count < everything
    assert all(resource.theme.slug == "numerique" for resource in digital)
    found = client.get("/ressources/", {"q": "budget"}).context["resources_page"]
    assert [resource.title for resource in found] == ["Guide du budget participatif"]
    unknown = client.get("/ressources/", {"theme": "<script>", "page": "9999"})
    assert unknown.status_code == 200


@pytest.mark.django_db
def test_english_resources_library_lists_english_resources(client, resources):
    response = client.get("/en/resources/")
    titles = [resource.title for resource in response.context["resources_page"]]
    assert "Participatory budgeting guide" in titles
    assert "Guide du budget participatif" not in titles


@pytest.mark.django_db
@pytest.mark.parametrize("url,language", [("/actualites/rss/", "fr"), ("/en/news/rss/", "en")])
def test_news_rss_feed(client, home_page, url, language):
    for number in range(4):
        make_news(f"Nouvelle {number}", days_ago=number, english=(f"News {number}", f"news-{number}"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == language
    items = channel.findall("item")
    assert len(items) == 4
    assert all(item.findtext("link").startswith("http") for item in items)


@pytest.mark.django_db
def test_sitemap_lists_pages_of_both_languages(client, home_page):
    make_network_section()
    make_news(english=("A news item", "a-news-item"))
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
def test_main_menu_and_breadcrumbs(client, home_page):
    make_network_section()  # in the menu
    content_page(title="Adhérer au réseau", show_in_menus=True)
    news_index(show_in_menus=True)
    resource_library(show_in_menus=True)
    content_page(title="Hors du menu")
    content = client.get("/le-reseau/charte/").content.decode()
    assert 'aria-label="Fil d’Ariane"' in content or "breadcrumb" in content
    menu = re.search(r'<nav class="container" aria-label="[^"]+">(.*?)</nav>', content, re.S).group(1)
    for title in ["Le réseau", "Adhérer au réseau", "Actualités", "Ressources"]:
        assert title in menu
    assert "Hors du menu" not in menu


@pytest.mark.django_db
def test_site_settings_fill_the_footer(client, home_page):
    content = client.get("/").content.decode()
    assert CONTACT_EMAIL in content
    assert 'href="/mentions-legales/"' in content
    english = client.get("/en/").content.decode()
    assert 'href="/en/legal-notice/"' in english


def test_locales_exist_after_migrations(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"fr", "en"}
