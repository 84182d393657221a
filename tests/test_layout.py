"""The shared layout (home/layout.py): the menu, home links and footer are read once,
then served from the cache, and follow every edit at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import ContentPage, FooterLink, NetworkSettings
from home.tests.factories import make_network_section

pytestmark = pytest.mark.django_db

CHARTER = "/le-reseau/charte/"


def footer(response):
    return re.search(r"<footer.*</footer>", response.content.decode(), re.S).group(0)


def menu(response):
    return re.search(r'<nav class="container" aria-label="[^"]+">(.*?)</nav>', response.content.decode(), re.S).group(1)


def queries_on(client, url, table):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len([q for q in queries if f'FROM "{table}"' in q["sql"]])


@pytest.fixture(autouse=True)
def network_section(home_page):
    """/le-reseau/ and its charter, in French and English."""
    return make_network_section()


def test_the_footer_is_read_once_then_comes_from_the_cache(client, home_page):
    assert queries_on(client, CHARTER, "home_footerlink") == 1
    assert queries_on(client, CHARTER, "home_footerlink") == 0
    assert queries_on(client, "/le-reseau/", "home_sociallink") == 0


def test_editing_the_settings_changes_the_footer_at_once(client, home_page):
    client.get(CHARTER)
    settings = NetworkSettings.objects.get()
    settings.contact_email = "nouvelle-adresse@maine-et-loire.example"
    settings.save()
    FooterLink.objects.create(setting=settings, label="Portail des communes", url="https://communes.example.org/")
    content = footer(client.get(CHARTER))
    assert "nouvelle-adresse@maine-et-loire.example" in content
    assert 'href="https://communes.example.org/"' in content


def test_a_page_published_in_the_menu_appears_at_once(client, home_page):
    assert "Budget participatif" not in menu(client.get(CHARTER))
    page = ContentPage(title="Budget participatif", slug="budget-participatif", show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert "Budget participatif" in menu(client.get(CHARTER))
    page.unpublish()
    assert "Budget participatif" not in menu(client.get(CHARTER))


def test_each_language_has_its_own_layout(client, home_page):
    french, english = client.get(CHARTER), client.get("/en/")
    assert 'href="/mentions-legales/"' in footer(french)
    assert 'href="/en/legal-notice/"' in footer(english)
    assert "Le réseau" in menu(french) and "Le réseau" not in menu(english)


def test_renaming_a_page_updates_breadcrumbs_and_switcher(client, home_page):
    client.get(CHARTER)
    network = ContentPage.objects.get(slug="le-reseau", locale__language_code="fr")
    network.title = "Notre réseau"
    network.save_revision().publish()
    content = client.get(CHARTER).content.decode()
    crumbs = re.search(r'<ol class="breadcrumb[^"]*">(.*?)</ol>', content, re.S).group(1)
    assert "Notre réseau" in crumbs


def test_the_communes_select_follows_the_reference_data(client, home_page):
    from members.models import Commune
    from members.reference import commune_choices

    before = commune_choices()
    Commune.objects.create(insee_code="49999", name="Commune nouvelle d'essai")
    assert (Commune.objects.get(insee_code="49999").pk, "Commune nouvelle d'essai (49999)") in commune_choices()
    assert len(commune_choices()) == len(before) + 1
